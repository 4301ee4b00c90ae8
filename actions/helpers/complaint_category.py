"""Complaint categories, a keyword guess from the villager's text, and who is told
(``data/complaint_routing.csv``). Pure but for reading that file once."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core.settings import DATA
from nlu.village_office import against_village_office  # noqa: F401  (used as cc.against_village_office)
from nlu.violence import discloses_violence

# Codes in the order of the SMS question.
CATEGORIES = ("keamanan", "kdrt", "jalan_fasilitas", "bansos", "pelayanan_publik", "lingkungan", "lainnya")
LABEL = {
    "keamanan": "keamanan/kriminal",
    "kdrt": "KDRT (kekerasan dalam rumah tangga)",
    "jalan_fasilitas": "jalan dan fasilitas umum",
    "bansos": "bantuan sosial",
    "pelayanan_publik": "pelayanan publik",
    "lingkungan": "lingkungan",
    "lainnya": "lainnya",
}
SHORT = {
    "keamanan": "Keamanan", "kdrt": "KDRT", "jalan_fasilitas": "Jalan/fasilitas", "bansos": "Bansos",
    "pelayanan_publik": "Pelayanan publik", "lingkungan": "Lingkungan", "lainnya": "Lainnya",
}
ROUTING_CSV = DATA / "complaint_routing.csv"


@dataclass(frozen=True)
class Routing:
    target: str
    notify_roles: tuple[str, ...]
    never_roles: tuple[str, ...]
    told: str  # "Kecamatan {district} dan Pengaduan Pemkab"


@lru_cache(maxsize=1)
def routing_table() -> dict[str, Routing]:
    with ROUTING_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    split = lambda value: tuple(r for r in (value or "").split(";") if r)
    return {r["target"]: Routing(r["target"], split(r["notify_roles"]), split(r["never_roles"]), r["told"])
            for r in rows}


def routing(target: str) -> Routing:
    return routing_table()[target]


# Security and domestic violence go to the Bhabinkamtibmas, the rest to the village operator
# (the first role of each category's row).
ROUTE = {c: routing(c).notify_roles[0] for c in CATEGORIES}

# A complaint against the village office itself: nlu/village_office.py (the pipeline uses it too).

_KEYWORDS = {
    "keamanan": [
        r"maling", r"pencuri", r"\bcuri", r"dicuri", r"kecurian", r"kemalingan", r"begal", r"rampok", r"jambret",
        r"tawuran", r"berkelahi", r"perkelahian", r"keroyok", r"mabuk", r"miras", r"narkoba", r"sabu", r"judi",
        r"sabung", r"penipuan", r"ditipu", r"preman", r"keributan", r"ribut", r"onar", r"senjata", r"bacok",
        r"penganiayaan", r"dipukul", r"pukul", r"ancam", r"teror", r"balap\s*liar", r"kriminal", r"keamanan",
        r"motor\s*(saya\s*)?hilang", r"sapi\s*hilang", r"ternak\s*hilang", r"orang\s*asing\s*mencurigakan",
    ],
    "jalan_fasilitas": [
        r"jalan\w*\s*(\w+\s*)?(rusak|berlubang|lubang|hancur|ambles|becek|licin)", r"\bjalan\b", r"aspal", r"lubang",
        r"\bdalan(e|ne)?\b", r"\bbolongan\b", r"\bratan\b", r"\bjhalan\b",  # Javanese, Osing, Madurese (round 16)
        r"jembatan", r"lampu\s*jalan", r"\bpju\b", r"penerangan", r"drainase", r"selokan", r"gorong", r"saluran\s*air",
        r"fasilitas\s*umum", r"balai\s*desa", r"posyandu\s*rusak", r"gedung", r"pagar", r"irigasi", r"plengsengan",
        r"tiang\s*listrik", r"kabel", r"air\s*bersih", r"sumur\s*umum", r"mck", r"wc\s*umum",
    ],
    "bansos": [
        r"bansos", r"bantuan", r"\bblt\b", r"\bpkh\b", r"\bbpnt\b", r"sembako", r"raskin", r"rastra", r"beras\s*(bantuan|miskin)",
        r"\bkis\b", r"\bdtks\b", r"tidak\s*dapat\s*(bantuan|blt|bansos)", r"gak\s*dapat\s*bantuan", r"kartu\s*sembako",
        r"\bkip\b", r"rantang", r"penerima\s*manfaat", r"salah\s*sasaran",
    ],
    "pelayanan_publik": [
        r"pelayanan", r"pungli", r"pungutan", r"dipersulit", r"mempersulit", r"dimint(a|ai)\s*(bayar|uang|duit)", r"suruh\s*bayar",
        r"\bcalo\b", r"antri", r"antre", r"kantor\s*desa\s*tutup", r"petugas\s*(tidak|gak|nggak)", r"perangkat\s*desa",
        r"lambat", r"berbelit", r"ditolak", r"sogok", r"suap", r"korupsi", r"\bktp\b.*lama", r"administrasi",
    ],
    "lingkungan": [
        r"sampah", r"banjir", r"limbah", r"\bbau\b", r"pencemaran", r"tercemar", r"polusi", r"asap", r"pembakaran",
        r"longsor", r"pohon\s*(tumbang|roboh)", r"tambang", r"galian", r"sungai", r"nyamuk", r"\bdbd\b",
        r"kotor", r"got\s*mampet", r"genangan", r"penebangan", r"hutan", r"abrasi", r"erosi", r"kebakaran\s*lahan",
    ],
}


def guess(text: str | None) -> str | None:
    """The likely category of a complaint text, or None when no keyword fits.

    Domestic violence wins over everything (its reply carries the SAPA 129 hotline);
    otherwise the category with the most keyword hits, ties in question order.
    """
    text = (text or "").lower()
    if not text.strip():
        return None
    if discloses_violence(text):
        return "kdrt"
    scores = {c: sum(1 for p in pats if re.search(p, text)) for c, pats in _KEYWORDS.items()}
    best = max(scores.values())
    if best == 0:
        return None
    return next(c for c in CATEGORIES if scores.get(c) == best)


def parse_choice(text: str | None) -> str | None:
    """'2' -> 'kdrt' (the question's numbering); a category word -> its code; else None."""
    t = (text or "").strip().lower().rstrip(".")
    if t.isdigit() and 1 <= int(t) <= len(CATEGORIES):
        return CATEGORIES[int(t) - 1]
    if t in CATEGORIES:
        return t
    for code in CATEGORIES:
        if t and (t == SHORT[code].lower() or t == LABEL[code].lower()):
            return code
    if t in ("lain", "lain-lain", "lain lain"):
        return "lainnya"
    return guess(t)


def options() -> str:
    return " ".join(f"{i} {SHORT[c]}" for i, c in enumerate(CATEGORIES, 1))


_GENERIC = re.compile(
    r"\b(saya|sy|aku|kulo|kula|isun|sengko'?|mau|ingin|pengen|pingin|arep|ajeng|badhe|akan|minta|nyuwun|tolong|mohon|"
    r"lapor|melapor|laporan|melaporkan|lapur|adu|ngadu|mengadu|aduan|pengaduan|wadul|sambat|komplain|complain|"
    r"keluhan|mengeluh|ada|onok|enten|yang|pak|bu|bapak|ibu|min|admin|kak|mas|mbak|nggih|ya|dong|nih|ini|iki|"
    r"niki|itu|iku|tentang|soal|masalah|perkara|kejadian|sebuah|satu|buat|bikin|kirim|mengirim|"
    r"boleh|bisa|gimana|bagaimana|caranya|cara|di|ing|ning|nang|ke|dari|untuk|kanggo|dan|karo|sama|"
    r"assalamualaikum|selamat|pagi|siang|sore|malam|permisi|maaf|punten|nuwun|sewu)\b",
    re.IGNORECASE,
)
# where it is, not what happened: "di desa Bareng", "dusun krajan", "rt 02"
_PLACE = re.compile(r"\b(?:desa|kelurahan|dusun|dsn|kampung|rt|rw)\.?\s+[\w/.-]+", re.IGNORECASE)


def has_description(text: str | None) -> bool:
    """Whether a first message says what happened, beyond "saya mau lapor" and beyond a bare
    topic and place ("sy mau ngadu soal jembatan di desa Bareng" says neither what nor how)."""
    rest = _GENERIC.sub(" ", _PLACE.sub(" ", (text or "").lower()))
    words = re.findall(r"[a-z]{2,}", rest)
    return len(words) >= 2
