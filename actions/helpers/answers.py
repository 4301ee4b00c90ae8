"""Short answers typed by villagers: yes/no, "don't know", dashes. Pure functions."""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.sms import length
from nlu import places
from nlu.yes_no import UNKNOWN, UNKNOWN_AT_END, UNKNOWN_PHRASES, yes_no  # noqa: F401 (the one rule, re-exported)

# "gak ngerti aku, dudu tonggo cedhak banget": the not knowing first, then why (round 8,
# finding 5: it became the dusun). A reason holds no value: no digit and no place word
# ("gak tau, mungkin dusun krajan" is an answer).
_UNKNOWN_THEN_WHY = re.compile(
    rf"^\s*(?:(?:saya|sy|aku|kulo|maaf)\s+)?({UNKNOWN_PHRASES})(?:\s+(?:aku|saya|sy|kulo|pak|bu|mas|mbak))?"
    r"\s*[,.;!]+\s*(?P<why>[^0-9]{1,80})$", re.IGNORECASE)
_VALUE_WORDS = re.compile(
    r"\b(dusun|dsn|rt|rw|depan|ngarep|sebelah|samping|mburi|belakang|jalan|jl|gang|krajan|mungkin|kayake|"
    r"kayaknya|paling|kira|kiro|kinten|sekitar|namanya|jenenge|umur|umure)\b"
    r"|\b(dekat|dkt|cedak|cedhak|celak)\s+(?!banget|bgt|sekali|pol|tenan)\w", re.IGNORECASE)


def is_unknown(text: str) -> bool:
    """'TT', 'tidak tahu', '-', '?', "nek hamil ke piro aku ora ngerti", "gak ngerti aku,
    dudu tonggo cedhak banget" -> True."""
    text = text or ""
    if UNKNOWN.match(text) or UNKNOWN_AT_END.match(text):
        return True
    found = _UNKNOWN_THEN_WHY.match(text)
    return bool(found and not _VALUE_WORDS.search(found["why"]))


def clean_free_text(text: str, limit: int = 120) -> str:
    """Collapse whitespace and cut overly long answers."""
    text = re.sub(r"\s+", " ", (text or "")).strip()
    return text[:limit]


_PLACE_LEAD = re.compile(r"^(?:(?:di|nang|neng|nong|ning|ing|teng|ten|wonten|ndek|nok|dek|ndik|e|eh|pak|mas|mbak|bu|"
                         r"nggih|ya|yo|iya)\s+)+", re.IGNORECASE)
_PLACE_TAIL = re.compile(r"(?:\s+(?:pak|mas|mbak|bu|nggih|ya|yo|lur|dik|kak|min))+\W*$", re.IGNORECASE)


def clean_place(text: str, limit: int = 100) -> str:
    """A dusun or place as the officer should read it: "dusune Pancer" -> "dusun Pancer", "nong
    dusun Krajan" -> "dusun Krajan", "dusun Roworejo pak RT 3" -> "dusun Roworejo RT 3" (round 16)."""
    text = clean_free_text(text, 200)
    text = re.sub(r"\b(dusun)(?:e|ne|nya|ipun)\b", r"\1", text, flags=re.IGNORECASE)
    lead = re.match(r"^\s*(?:desa\s+)?([A-Za-z][A-Za-z ]{2,30}?)\s*,?\s+(?=(?:dusun|dsn)\b)", text, re.IGNORECASE)
    if lead and places.resolve_village(lead.group(1)):  # "Sumberagung dusun Pancer": the desa is asked apart
        text = text[lead.end():]
    text = _PLACE_TAIL.sub("", _PLACE_LEAD.sub("", text))
    text = re.sub(r"\s+(?:pak|mas|mbak|bu)\s+(?=(?:rt|rw)\b)", " ", text, flags=re.IGNORECASE)
    text = text.strip(" ,.")
    if len(text) > limit:  # round 18 m4: cut mid-word ("nek bu b"); whole clauses, else whole words
        kept = ""
        for clause in re.split(r"(?<=[,.;])\s+", text):
            if len(f"{kept} {clause}".strip()) > limit:
                break
            kept = f"{kept} {clause}".strip()
        text = kept.strip(" ,.;") or text[:limit].rsplit(" ", 1)[0]
    return text or clean_free_text(text, limit)


def join_within(parts: Sequence[str], limit: int, *, keep: int = 1) -> str:
    """Join sentences with spaces, dropping optional ones from the end until it fits ``limit``
    (GSM-7 septets, ``bot.core.sms.length``: 160 is one SMS, 306 two).

    The first ``keep`` parts are always kept (cut with "..." only if they alone are too long).
    Parts after them are dropped last-first; a part is skipped rather than cut.
    """
    parts = [p.strip() for p in parts if p and p.strip()]
    head, tail = parts[:keep], parts[keep:]
    text = " ".join(head)
    if length(text) > limit:
        while text and length(text + "...") > limit:
            text = text[:-1]
        return text.rstrip() + "..."
    for part in tail:
        candidate = f"{text} {part}" if text else part
        if length(candidate) <= limit:
            text = candidate
    return text

_NAME_PREFIX_RE = re.compile(
    r"^(?:(?:nama\s*(?:saya|lengkap(?:nya)?|pemohon|ibu(?:nya)?|bapak(?:nya)?|beliau)?|namanya|namane|namaku|jenenge|jenengku|jenengipun"
    r"|asmane|asmanipun|saya|atas\s*nama)\b"
    r"|a\.?\s*n\.?(?=\s)|an\.)\s*(?:adalah|:|=)?\s*",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(r"^(?:ibunya|ibu|bu|mbak|mba|ny|nyonya|sdri|sdr|saudari)\.?\s+", re.IGNORECASE)
# Words that are no name: who is answering, not who it is about ("sy sendiri mas").
_NOT_NAME = frozenset({"saya", "sy", "aku", "kulo", "sendiri", "ini", "itu", "mas", "mbak", "pak", "bu", "ibu",
                       "bapak", "nggih", "ya", "iya", "tidak", "tahu", "tau", "gak", "ga", "lupa", "foto", "lokasi",
                       "izin", "ijin", "ndan", "nama", "namanya", "yang", "yg", "hamil", "lapor", "paling", "pokoke",
                       "iku", "kuwi", "iki", "wis", "tuwek", "tua", "umure", "umurnya", "pasti", "ngerti", "kira",
                       "kiro", "kayaknya", "mungkin", "sekitar", "yo", "lho", "kok",
                       # how old or how it stands, never a name ("kiro2 yo enom", "taksih dirembug": round 16)
                       "enom", "anom", "muda", "tuwo", "sepuh", "isih", "masih", "taksih", "dirembug", "dirembuk",
                       "dipikir", "bingung"})
# Words no name holds: a part with one of them is a sentence ("persalinan pertama normal di bidan").
_NEVER_IN_NAME = frozenset({"di", "ke", "dari", "untuk", "dengan", "pada", "umur", "anak", "pertama", "kedua", "normal",
                            "persalinan", "lahiran", "hamil", "meteng", "bulan", "minggu", "tahun", "taun", "sudah",
                            "belum", "riwayat", "dulu", "riyin", "nang", "ning", "teng", "soko", "sakit", "operasi",
                            # a sentence, not a name: "wis tak tulis" (I wrote it already), "sy bapaknya"
                            "wis", "wes", "uwis", "tulis", "ditulis", "nulis", "udah", "sampun", "wau", "tadi",
                            "sy", "saya", "aku", "kulo", "bapaknya", "ibunya", "salah", "org", "orang",
                            "koreksi", "cukup", "aktanya", "ktpnya", "tidak", "gak", "ora", "mboten", "tau", "tahu",
                            # a photo's caption ("iki KTP ku pak", round 17: the applicant "Ktp Ku")
                            "ktp", "kk", "akta", "foto", "surat", "sktm", "kia", "ktpku", "kkku",
                            # fillers and references, never a name (round 21: "Sekedap", "Sepurane Pak.", "yo aku
                            # maneh mbak", "Podo Kyok Mau")
                            "sekedap", "sebentar", "bentar", "sepurane", "sepura", "sapora", "ngapunten", "maaf",
                            "punten", "stop", "takon", "maneh", "meneh", "malih", "podo", "padha", "kyok", "koyok",
                            "koyo", "kayak", "kaya", "sama", "mau", "iyo", "biaya", "biayane", "pinten", "berapa",
                            "siapa", "sapa", "sinten", "sopo", "apa", "opo", "napa", "nopo",
                            "taon", "omor", "omorra", "yuswa", "yuswane", "yuswanipun"})  # round 26: "Omorra Duapolo Lema Taon"
# "bini kaula Siti Maimunah", "bojoku Sri": whose the name is, before it (round 21: "Bini Kaula Siti Maimunah")
_KIN_FIRST = re.compile(r"^\s*(?:bini|bine|bojo|rabi|rabine|istri|garwa|garwo|estri|semah)\w*\s+"
                        r"(?:(?:kaula|engkok|sengko|saya|sy|kula|kulo|aku|isun)\s+)?(?=[A-Za-z]{3,})", re.IGNORECASE)
# Words around a name that are not part of it: "yo mbah tumini iku" -> "mbah tumini"
_NAME_EDGE = frozenset({"yo", "ya", "iya", "iku", "kuwi", "iki", "itu", "ini", "lho", "kok", "sih", "mas", "mbak",
                        "pak", "bu", "pokoke", "paling", "kira2", "kiro2"})
# A part of an answer about someone else than the one named ("bapake bayi", "bayine jenenge ...").
_SOMEONE_ELSE = re.compile(r"\b(bapake|bapakne|ibune|ibuke|bayi\w*|anake|anakku|anak\s+(saya|sy|ku)|bojo\w*|garwa\w*|"
                           r"istri\w*|suami\w*|tetangga\w*|tanggane|mertua\w*)\b", re.IGNORECASE)
MARKERS = ("[foto]", "[lokasi]")  # what the webhook sends for a photo or a pin without text
PIN_PLACE = "lokasi peta"  # a dusun/landmark answered with a location pin (the pin is on the case)


def place_marker(text: str) -> str | None:
    """A bare pin or photo sent to a dusun/landmark question: ``PIN_PLACE`` for a pin (a fine
    answer: the pin goes on the case), "" for a photo (no answer: asked again), None for words."""
    low = " ".join((text or "").split()).lower()
    if low == "[lokasi]":
        return PIN_PLACE
    return "" if low == "[foto]" else None


_SPELLING_HINT = re.compile(r"\s+(pake|pakai|pakek|nganggo|ngangge|dengan|pakay)\s+(huruf\s+)?[a-z]{1,2}\b(?=\W*$|\s*[,.])",
                            re.IGNORECASE)


# "Nami anak kula Dewi Lestari pak", "nama istri saya Siti" (round 17: kept whole as the name)
_NAME_MARK = re.compile(r"\b(?:namanya|namane|namine|jenenge|jenengipun|asmanipun|asmane|arane|jenengku|namaku|nyamana|"
                        r"(?:jeneng|nama|asma|nami|nyama)\s+(?:isun|aku|kula|kulo|kaula|saya|sy|engkok)|"
                        r"(?:nami|nama|asma|jeneng)\s+(?:anak|putra|putri|garwa|garwo|estri|istri|bojo|ibu|adik|adhik|"
                        r"mbakyu|bapak)\s*(?:kula|kulo|saya|sy|ku|aku|isun)?)\b\s*:?\s*", re.IGNORECASE)


def person_name(text: str | None, *, titles: bool = False) -> str | None:
    """The one name rule: 'Sy Sendiri Mas, Siti Nurhalizah' -> 'Siti Nurhalizah',
    'nama saya siti aminah' -> 'Siti Aminah', 'an. Sdri. WATINI' -> 'Watini' (with
    ``titles``: Ibu/Bu/Mbak/Ny./Sdri. dropped too); None for a photo, a pin, digits, or
    words that name nobody."""
    text = _SPELLING_HINT.sub("", " ".join((text or "").split()))  # "Saputra pake a": how it is spelled
    if not text or text.lower() in MARKERS:
        return None
    parts = [p.strip(" .,:;-") for p in re.split(r"[,;]|(?<=\w{4})\.\s", text)]
    if len(parts) > 1:  # "Ahmad Fauzi, bapake bayi. bayine jenenge Muhammad": the others are someone else
        parts = [p for p in parts if not _SOMEONE_ELSE.search(p)] or parts
    # "jenenge mbak Sulastri, umure gak ngerti, kiro2 yo enom": the part after a word for name first
    # (round 16: the last part gave "Ibu Enom"), then from the last part back
    parts = [p for p in parts if not _NAME_MARK.search(p)] + [p for p in parts if _NAME_MARK.search(p)][::-1]
    for part in reversed(parts):
        # "Podo mbak, aku Nur Hasanah" (round 18: "Ibu Podo"): the name after "aku", not the word before
        part = re.sub(r"^\s*(?:[Aa]ku|[Ss]aya|[Ss]y|[Kk]ula|[Kk]ulo|[Ii]sun|[Ee]ngkok)\s+(?=[A-Z])", "", part)
        marked = _NAME_MARK.search(part)  # "nyuwun pangapunten asmanipun Rukmini": after the word for name
        part = _KIN_FIRST.sub("", part[marked.end():] if marked else part)
        part = _NAME_PREFIX_RE.sub("", part).strip(" .,:;-")
        if titles:
            part = _TITLE_RE.sub("", part).strip(" .,:;-")
        tokens = part.split()
        while tokens and tokens[0].lower().strip(".,") in _NAME_EDGE:
            tokens = tokens[1:]
        while tokens and tokens[-1].lower().strip(".,") in _NAME_EDGE:
            tokens = tokens[:-1]
        part = " ".join(tokens)
        words = re.findall(r"[a-z]+", part.lower())
        if not words or all(w in _NOT_NAME for w in words) or _NEVER_IN_NAME & set(words):
            continue
        if not (2 <= len(part) <= 60) or re.search(r"\d", part) or not re.fullmatch(r"[A-Za-z .,'\-]+", part):
            continue
        return " ".join(w.capitalize() if w.islower() or w.isupper() else w for w in part.split())
    return None




# "gak ngerti, tapi sikile kadang abuh": more said after the "don't know" (round 15: lost)
_BUT_MORE = re.compile(r"\b(?:tapi|tp|tpi|namun|nanging|kadang|kadang2|sering|pernah)\b\W*\w{3,}",
                       re.IGNORECASE)


def unknown_first(text: str) -> bool:
    """"gak ngerti aku, tapi sikile bengkak2", "wis tak kandani gak ngerti. sikile bengkak iku ae":
    an "I don't know" in the first clause and no number after it (round 16: refused until "TT")."""
    text = text or ""
    first = re.split(r"[,.;!?]|\s(?:tapi|tp|tpi|namun|nanging)\s", text, maxsplit=1)[0]
    first = re.sub(r"^\W*(?:(?:lha|la|lho|wis|wes|udah|sudah|kan|tak|kandani|omongi|bilang|dibilang|ngomong|aku|sy|saya)\s+)+",
                   "", first, flags=re.IGNORECASE)
    return is_unknown(text) or (bool(first.strip()) and is_unknown(first) and not re.search(r"(?<![A-Za-z])\d", text))


def said_more(text: str) -> bool:
    """Whether an "I don't know" answer goes on with something the officer should read."""
    return bool(_BUT_MORE.search(text or ""))


def joined_note(old: str | None, new: str, limit: int = 300) -> str:
    """The note for the officer (slot ``case_note``) with ``new`` added, never twice."""
    parts = [p for p in (old or "", " ".join((new or "").split())) if p]
    if len(parts) == 2 and parts[1] in parts[0]:
        parts = parts[:1]
    return "; ".join(parts)[:limit]
