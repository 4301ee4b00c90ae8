"""NIK (Nomor Induk Kependudukan) checks, pure and tested without Rasa.

A NIK has 16 digits: PP KK CC DDMMYY SSSS
  PP province, KK regency (01-.. kabupaten, 71-.. kota), CC kecamatan,
  DDMMYY birth date (women: day + 40), SSSS serial (not 0000).
3510 is Kabupaten Banyuwangi (kecamatan 01-25, banyuwangi_wilayah.csv).

The province list is Kemendagri's (including the newer Papua provinces). There is
no complete regency table in the project's data, so outside Jawa Timur a regency is
only checked for a plausible range; the bot asks the villager to confirm any NIK
from outside Banyuwangi anyway.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core import clock

BANYUWANGI = "3510"
BANYUWANGI_KECAMATAN = range(1, 26)

PROVINCES = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung", "19": "Kep. Bangka Belitung",
    "21": "Kep. Riau", "31": "DKI Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "DI Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali",
    "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah", "63": "Kalimantan Selatan", "64": "Kalimantan Timur",
    "65": "Kalimantan Utara", "71": "Sulawesi Utara", "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo", "76": "Sulawesi Barat",
    "81": "Maluku", "82": "Maluku Utara", "91": "Papua", "92": "Papua Barat", "93": "Papua Selatan",
    "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}
# Jawa Timur is known exactly: 29 kabupaten (01-29) and 9 kota (71-79).
_JATIM_REGENCIES = set(range(1, 30)) | set(range(71, 80))


class NikError(ValueError):
    """Why a NIK is not valid: ``reason`` is length | region | date | serial."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Nik:
    nik: str
    province: str
    regency: str  # 4 digits, e.g. "3510"
    kecamatan: str  # 6 digits
    birth_date: date
    female: bool
    serial: str

    @property
    def in_banyuwangi(self) -> bool:
        return self.regency == BANYUWANGI

    @property
    def province_name(self) -> str:
        return PROVINCES.get(self.province, "")


def clean(text: str | None) -> str | None:
    """The digits of a NIK typed with spaces, dots or dashes; None when there are not 16.

    '3510 0141 0790 0001' -> '3510014107900001'; 'NIK saya 3510.01...' works too.
    """
    if not text:
        return None
    runs = re.findall(r"\d[\d .\-]*\d|\d", text)
    for run in runs:
        digits = re.sub(r"\D", "", run)
        if len(digits) == 16:
            return digits
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) == 16 else None


def _valid_regency(province: str, regency: int) -> bool:
    if province == "35":
        return regency in _JATIM_REGENCIES
    return 1 <= regency <= 40 or 71 <= regency <= 79


def _birth_date(dd: int, mm: int, yy: int) -> date | None:
    today = clock.today()
    for century in (2000, 1900):
        year = century + yy
        try:
            d = date(year, mm, dd)
        except ValueError:
            continue
        if d <= today:
            return d
    return None


def parse(text: str | None) -> Nik:
    """Check a NIK and decode it; raises NikError with the first reason it fails."""
    nik = clean(text)
    if nik is None:
        raise NikError("length")
    province, regency, kec = nik[:2], int(nik[2:4]), int(nik[4:6])
    if province not in PROVINCES or not _valid_regency(province, regency) or kec == 0:
        raise NikError("region")
    if nik[:4] == BANYUWANGI and kec not in BANYUWANGI_KECAMATAN:
        raise NikError("region")
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = dd > 40
    if female:
        dd -= 40
    born = _birth_date(dd, mm, yy) if 1 <= dd <= 31 and 1 <= mm <= 12 else None
    if born is None:
        raise NikError("date")
    if nik[12:] == "0000":
        raise NikError("serial")
    return Nik(nik=nik, province=province, regency=nik[:4], kecamatan=nik[:6], birth_date=born,
               female=female, serial=nik[12:])


def mask(nik: str) -> str:
    """'3510014107900001' -> '3510********0001' (for anything shown beyond the owner)."""
    return nik[:4] + "*" * 8 + nik[-4:] if nik and len(nik) == 16 else "****"


# One SMS segment each: what to tell the villager when the NIK fails.
ERROR_MESSAGES = {
    "length": "NIK harus 16 angka, ada di KTP atau KK. Mohon tulis lagi NIK-nya.",
    "region": "Kode wilayah di awal NIK tidak dikenal. Mohon cek lagi 16 angka NIK di KTP atau KK.",
    "date": "Angka tanggal lahir di NIK (angka ke-7 sampai 12) tidak sesuai. Mohon cek lagi NIK-nya.",
    "serial": "4 angka terakhir NIK tidak boleh 0000. Mohon cek lagi NIK-nya.",
}
