"""Document types, variants and the catalogue (data/document_catalogue.yml). Pure."""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from actions.helpers.answers import join_within
from bot.core.numbers import without_measures
from bot.core.settings import CATALOGUE_YML
from bot.core.sms import TWO_SEGMENTS

CATALOGUE = CATALOGUE_YML

# Contract values (CONTRACT.md section 3) in the order of the SMS question.
DOC_TYPES = (
    "ktp", "kk", "akta_kelahiran", "akta_kematian", "kia",
    "sktm", "surat_domisili", "surat_keterangan_usaha", "surat_pindah", "surat_pengantar_nikah",
)
DOC_SHORT = {
    "ktp": "KTP", "kk": "KK", "akta_kelahiran": "Akta lahir", "akta_kematian": "Akta kematian",
    "kia": "KIA", "sktm": "SKTM", "surat_domisili": "Domisili", "surat_keterangan_usaha": "Ket. usaha",
    "surat_pindah": "Surat pindah", "surat_pengantar_nikah": "Pengantar nikah",
}
VARIANTS = ("baru", "hilang", "rusak", "perbaikan_data", "perubahan")
VARIANT_LABEL = {
    "baru": "baru", "hilang": "hilang", "rusak": "rusak",
    "perbaikan_data": "perbaikan data", "perubahan": "perubahan data",
}
# Documents whose variant is asked; village letters are always "baru".
VARIANT_DOCS = frozenset({"ktp", "kk", "akta_kelahiran", "akta_kematian", "kia"})

# (pattern, value) in priority order; the earliest match in the text wins.
_DOC_PATTERNS = [
    (r"akt[ae]\s*(?:ke)?mati(?:an)?|surat\s*kematian", "akta_kematian"),
    (r"akt[ae]\s*(?:ke)?lahir(?:an)?|akt[ae]\s*anak|akt[ae]\b", "akta_kelahiran"),
    (r"\bkia\b|kartu\s*identitas\s*anak|kartu\s*anak", "kia"),
    (r"\bsktm\b|tidak\s*mampu|\bspm\b|surat\s*miskin|keterangan\s*miskin", "sktm"),
    (r"domisili", "surat_domisili"),
    (r"\bsku\b|keterangan\s*usaha|surat\s*usaha|izin\s*usaha", "surat_keterangan_usaha"),
    (r"\bpindah|skpwni", "surat_pindah"),
    (r"nikah|\bn\s*1\b|kawin|menikah", "surat_pengantar_nikah"),
    (r"\bkk\b|kartu\s*keluarga|\bkaka\b", "kk"),
    (r"e\s*-?\s*ktp|ktp|kartu\s*tanda\s*penduduk|\bktp\s*-?\s*el\b", "ktp"),
]
_VARIANT_PATTERNS = [
    (r"hilang|ilang|kehilangan|raib|dicuri|kecopetan", "hilang"),
    (r"rusak|patah|sobek|robek|pecah|luntur|kebakar|terbakar", "rusak"),
    (r"salah|keliru|perbaik|koreksi|betul|ralat|benerin|typo", "perbaikan_data"),
    (r"ubah|perubahan|ganti\s*data|tambah|kurang|pisah|update|mutasi|anggota", "perubahan"),
    (r"baru|bikin|buat|pertama|belum\s*punya|rekam|anyar|enggal", "baru"),
]
# A child born into a family is a change of the family card, not a new one ("nambah anak, anak
# saya baru lahir", "masukin bayi ke KK"); for an akta kelahiran the same words mean a new one.
_KK_BIRTH = re.compile(r"n?ambah|masuk(in|kan|ke)?|bayi|lahir|anak\s+(baru|anyar)|newborn", re.IGNORECASE)
# A child just born needs a first akta ("anak kulo sing nembe lair wingi", round 16: asked "untuk apa?")
_NEWBORN = re.compile(r"\b(?:nembe|lagi|baru|mentas|anyar)\s+(?:lair|lahir|babaran)|\b(?:lair|lahir)\s+(?:wingi|kemarin|"
                      r"kemaren|minggu|seminggu|sasi|bulan|dek)|\bbayi(?:ne|nya|ku)?\s+(?:baru|durung|belum|dereng|nembe)\b", re.IGNORECASE)


def _first_match(patterns, text: str) -> str | None:
    text = (text or "").lower()
    best: tuple[int, int, str] | None = None
    for prio, (pattern, value) in enumerate(patterns):
        m = re.search(pattern, text)
        if m and (best is None or (m.start(), prio) < best[:2]):
            best = (m.start(), prio, value)
    return best[2] if best else None


def documents_named(text: str | None) -> list[str]:
    """Every document the words name, in the order they come: 'ngurus akta kelahiran ana'
    engkok, sakalian KIA' -> ['akta_kelahiran', 'kia']."""
    low = (text or "").lower()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, value in _DOC_PATTERNS:  # priority order: "akta kematian" before "akta"
        for m in re.finditer(pattern, low):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), value))
    ordered: list[str] = []
    for _, value in sorted(found):
        if value not in ordered:
            ordered.append(value)
    return ordered


_CLAUSE = re.compile(r"[.?!;\n]+|,\s*", re.IGNORECASE)


def second_document_clause(text: str | None) -> str | None:
    """The clause of a first message that asks for a second document ("sakalian KIA"), the
    first named being the one the form makes; None when only one document is named."""
    named = documents_named(text)
    if len(named) < 2:
        return None
    for clause in _CLAUSE.split(text or ""):
        here = documents_named(clause)
        if here and here[0] != named[0]:
            return clause.strip()
        if len(here) > 1:  # "akta kematian bapak dan KK baru": from the second document on
            low = clause.lower()
            start = min(m.start() for pattern, value in _DOC_PATTERNS if value == here[1]
                        for m in [re.search(pattern, low)] if m)
            return clause[start:].strip()
    return None


def _number(text: str, n: int) -> int | None:
    """The menu number answered: "2", "2.", or first before words ("1, durung tau digawe", round
    18: "Maaf, belum jelas"); never a measure ("2 minggu lalu hilang")."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*\.?\s*", text or "") or \
        re.match(r"\s*(\d{1,2})\s*[.,)]?\s+(?=[A-Za-z])", without_measures(text or ""))
    if m and 1 <= int(m.group(1)) <= n:
        return int(m.group(1))
    return None


def parse_document_type(text: str | None, *, allow_number: bool = True) -> str | None:
    """'KTP saya hilang' -> 'ktp'; '2' -> 'kk' (the question's numbering); unknown -> None."""
    if not text:
        return None
    if text.strip().lower() in DOC_TYPES:
        return text.strip().lower()
    if allow_number:
        n = _number(text, len(DOC_TYPES))
        if n:
            return DOC_TYPES[n - 1]
    return _first_match(_DOC_PATTERNS, text)


def parse_variant(text: str | None, *, allow_number: bool = True, document_type: str | None = None) -> str | None:
    """'hilang' / 'ktp saya rusak' / '4' -> a VARIANTS value; unknown -> None. For a KK, a
    birth ("bayi lahir", "nambah anak") is a change (``perubahan``)."""
    if not text:
        return None
    if (document_type == "kk" and _KK_BIRTH.search(text) and not re.fullmatch(r"\s*\d+\s*", text)
            and not re.search(_VARIANT_PATTERNS[2][0], text.lower())):  # "tanggal lahir salah": a correction
        return "perubahan"
    if document_type == "akta_kelahiran" and _NEWBORN.search(text) and not re.search(_VARIANT_PATTERNS[2][0], text.lower()):
        return "baru"
    if text.strip().lower() in VARIANTS:
        return text.strip().lower()
    if allow_number:
        n = _number(text, len(VARIANTS))
        if n:
            return VARIANTS[n - 1]
    found = _first_match(_VARIANT_PATTERNS, text)
    if found == "baru":  # "mau bikin KTP baru, KTP saya hilang" (round 23: filed as a first KTP)
        found = _first_match(_VARIANT_PATTERNS[:2], text) or found
    return found


def document_question() -> str:
    opts = " ".join(f"{i} {DOC_SHORT[d]}" for i, d in enumerate(DOC_TYPES, 1))
    return f"Bapak/Ibu perlu dokumen apa? {opts}. Balas angka."


@lru_cache(maxsize=2)
def load(path: str | None = None) -> dict:
    with open(path or CATALOGUE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["documents"]


def entry(document_type: str, variant: str | None) -> dict:
    """The catalogue entry for a document and variant (the document's default when none)."""
    doc = load().get(document_type) or {}
    return dict(doc.get(variant or "baru") or doc.get("default") or {})


def label(document_type: str, variant: str | None = None) -> str:
    doc = load().get(document_type) or {}
    name = doc.get("label") or DOC_SHORT.get(document_type, document_type)
    if variant and document_type in VARIANT_DOCS:
        return f"{name} {VARIANT_LABEL.get(variant, variant)}"
    return name


def _shown(e: dict, field: str) -> bool:
    return bool(e.get("verified")) or field in (e.get("verified_fields") or [])


def essentials(document_type: str, variant: str | None) -> list[str]:
    """Sentences for the SMS, most important first; unverified facts are left out or hedged."""
    e = entry(document_type, variant)
    parts: list[str] = []
    bring = e.get("bring") or []
    if bring:
        items = ", ".join(bring)
        if _shown(e, "requirements"):
            parts.append(f"Bawa: {items}.")
        else:
            parts.append(f"Biasanya diminta: {items} (bisa beda).")
    else:
        parts.append("Syarat akan disampaikan operator desa.")
    if e.get("where") and _shown(e, "where"):
        parts.append(f"Tempat: {e['where']}.")
    if e.get("cost") and _shown(e, "cost"):
        parts.append(f"Biaya: {e['cost']}.")
    if e.get("time") and _shown(e, "time"):
        parts.append(f"Lama: {e['time']}.")
    return parts


HOWTO_TAIL = "Bila mau mengajukan sekarang, jawab pertanyaan berikut; bila belum, ketik BATAL."


def howto_text(document_type: str, variant: str | None) -> str:
    """The requirements of a document, for a villager who asked how to get it."""
    name = label(document_type, variant)
    body = join_within([f"Syarat {name}:", *essentials(document_type, variant)], TWO_SEGMENTS - len(HOWTO_TAIL) - 1,
                       keep=2)
    return f"{body} {HOWTO_TAIL}"


def reply_text(ref: str, document_type: str, variant: str | None) -> str:
    """The final SMS: reference first, then what to bring/where/cost/time while it fits."""
    head = f"Permohonan {label(document_type, variant)} tercatat, nomor {ref}."
    tail = f"Operator desa akan menghubungi. Cek: ketik CEK {ref}"
    body = join_within([head, *essentials(document_type, variant)], TWO_SEGMENTS - len(tail) - 1)
    return f"{body} {tail}"
