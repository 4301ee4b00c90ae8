"""Numbers typed by villagers: digits or Indonesian/Javanese words, menu choices, phones.

Pure functions, no Rasa.
"""
from __future__ import annotations

import re

_UNITS = {
    "nol": 0, "kosong": 0,
    "satu": 1, "se": 1, "siji": 1, "setunggal": 1,
    "dua": 2, "loro": 2, "kalih": 2,
    "tiga": 3, "telu": 3, "tigo": 3,
    "empat": 4, "papat": 4, "sekawan": 4,
    "lima": 5, "limo": 5, "gangsal": 5,
    "enam": 6, "enem": 6,
    "tujuh": 7, "pitu": 7,
    "delapan": 8, "wolu": 8,
    "sembilan": 9, "songo": 9, "sanga": 9,
    # Javanese numbers before a noun ("limang wulan", "telung taun", "rong anak")
    "rong": 2, "telung": 3, "patang": 4, "limang": 5, "pitung": 7, "wolung": 8, "sangang": 9,
    "tigang": 3, "nem": 6,  # krama before a noun or "dasa" ("tigang wulan", "tigang dasa", round 28)
    # Madurese ("se kapeng dhuwa'", round 20: "Mohon balas dengan angka" three times)
    "settong": 1, "sittong": 1, "dhuwa": 2, "duwa": 2, "tello": 3, "empa": 4, "lema": 5, "ennem": 6, "petto": 7,
    "ballu": 8,
    # before a noun ("pettong bulan", "tellong taon", round 21) and the ordinals ("katello'", the third)
    "dhuwang": 2, "tellong": 3, "lemang": 5, "pettong": 7, "ballung": 8,
    "kaduwa": 2, "katello": 3, "kaempa": 4, "kalema": 5,
}
_TEENS = {"sepuluh": 10, "sebelas": 11, "seratus": 100,
          # Javanese 10-12 (ngoko, krama): "jam setengah sedoso" is 09.30
          "sepuloh": 10, "sedasa": 10, "sedoso": 10, "sewelas": 11, "rolas": 12,
          # Javanese 21-29 and tens
          "selikur": 21, "rolikur": 22, "telulikur": 23, "patlikur": 24, "selawe": 25, "nemlikur": 26,
          "pitulikur": 27, "wolulikur": 28, "sangalikur": 29, "songolikur": 29, "seket": 50, "sewidak": 60,
          # Madurese 25 and 10 ("salawe taon", "sapolo", round 21)
          "salawe": 25, "sapolo": 10, "sapoloh": 10,
          "selangkung": 25, "selangkong": 25}  # krama 25 (round 28: "yuswa selangkung" refused)
# "nem likur", "telu likur": the 20s written as two words
_LIKUR = re.compile(r"\b(se|ro|telu|pat|nem|pitu|wolu|sanga|songo)\s*-?\s*likur\b")

# krama twenties: "kalih likur" 22, "tigang likur" 23, "sekawan likur" 24 (round 26: refused)
_KRAMA_LIKUR_WORD = {"kalih": "rolikur", "kaleh": "rolikur", "tigang": "telulikur", "tiga": "telulikur",
                     "sekawan": "patlikur"}
_KRAMA_LIKUR = re.compile(r"\b(kalih|kaleh|tigang|tiga|sekawan)\s*-?\s*likur\b")
_NUM_RE = re.compile(r"\d+")


_UNIT_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:x|kali|th|thn|tahun|taun|taon|bulan|bln|sasi|wulan|minggu|mgg|hari|kg|"
                          r"cm|jam)\b|\b(?:umur|umure|usia|omor|omorra|yuswa|yuswane)\s*\d+", re.IGNORECASE)


# "th 2024", "tahun 2019", "ke-2", "anak ke 3", "persalinan ke2": a year or an ordinal
_YEAR_OR_ORDINAL = re.compile(r"\b(?:th|thn|tahun|taun|tgl|tanggal)\.?\s*\d{2,4}\b|\b(?:19|20)\d{2}\b"
                              r"|\bke\s*-?\s*\d{1,2}\b", re.IGNORECASE)


def without_measures(text: str) -> str:
    """The text without numbers that measure something ("umur 3 th", "SC 1x", "2 kali") or
    count in order or time ("persalinan ke-2", "th 2024"): those are no option numbers."""
    return _UNIT_NUMBER.sub(" ", _YEAR_OR_ORDINAL.sub(" ", text or ""))


def is_number_word(word: str) -> bool:
    """"duwa", "polo", "puluh", "salawe": a word of a number (in any language read here)."""
    word = (word or "").lower().strip("'")
    return word in _UNITS or word in _TEENS or word in ("puluh", "polo", "poloh", "belas", "ratus", "atus", "likur",
                                                        "dasa", "doso", "puluhan")


def words_to_int(text: str) -> int | None:
    """'dua puluh lima' -> 25, 'tujuh belas' -> 17, 'sepuluh' -> 10, 'pitungpuluh limo' -> 75;
    None when not a number."""
    text = re.sub(r"\b(?!se)([a-z]+?)puluh\b", r"\1 puluh", (text or "").lower())
    text = re.sub(r"\b(?!sa)([a-z]+?)polo\b", r"\1 polo", text)  # Madurese "duapolo" (round 26)
    text = _KRAMA_LIKUR.sub(lambda m: _KRAMA_LIKUR_WORD[m.group(1)], text)  # "kalih likur" (22)
    text = _LIKUR.sub(r"\1likur", text)
    tokens = re.findall(r"[a-z]+", text)
    total, current, seen = 0, 0, False
    for tok in tokens:
        if tok in _TEENS:
            current += _TEENS[tok]
            seen = True
        elif tok in _UNITS and tok != "se":
            current += _UNITS[tok]
            seen = True
        elif tok in ("belas", "welas") and seen:  # "kalih welas" (krama 12)
            current = (current or 1) + 10
        elif tok in ("puluh", "polo", "poloh", "puluhan", "dasa", "doso") and seen:  # Madurese "dhuwa' polo" (20),
            # krama "tigang dasa" (30, round 28), "wolung puluhan" (the eighties: 80)
            current = (current or 1) * 10
        elif tok == "ratus" and seen:
            current = (current or 1) * 100
        elif tok in ("ribu", "ewu", "ewon") and seen:  # "dua ribu empat belas", "rong ewu": years
            total += (current or 1) * 1000
            current = 0
        elif tok in ("seribu", "sewu"):
            total += 1000
            seen = True
        elif tok.startswith("se") and tok[2:] in ("puluh", "belas", "ratus"):
            current += {"puluh": 10, "belas": 11, "ratus": 100}[tok[2:]]
            seen = True
        elif seen:
            # a word after the number ends it ("dua puluh tahun")
            break
    if not seen:
        return None
    return total + current


# Reduplication written with a 2 ("kira2", "anak2"): no number.
_REDUPLICATION = re.compile(r"(?<=[a-z])2\b", re.IGNORECASE)
# "loro2ne", "dua2nya", "kalih2ipun": a reduplication written with a 2 ("both"), never option 2
_REDUP_TWO = re.compile(r"\b([a-z]{2,})2(nya|ne|e|ipun|an)?\b", re.IGNORECASE)


def spelled_reduplication(text: str) -> str:
    """'loro2ne' -> 'loro-lorone' (the hyphenated form the parsers know)."""
    return _REDUP_TWO.sub(lambda m: f"{m[1]}-{m[1]}{m[2] or ''}", text or "")


def parse_int(text: str) -> int | None:
    """The first whole number in ``text``, as digits or words. '25 th' -> 25, 'dua puluh' -> 20,
    'kira2 30 tahun' -> 30."""
    text = _REDUPLICATION.sub("", text or "")
    m = _NUM_RE.search(text)
    if m:
        return int(m.group(0))
    return words_to_int(text)


_NONE_WORDS = re.compile(
    r"^\s*(0|nol|tidak|tdk|tak|gak|ga|nggak|ngga|enggak|ndak|endak|mboten|boten|blm|belum|"
    r"tidak ada|tdk ada|gak ada|ga ada|ndak ada|nggak ada|mboten wonten|tidak tahu|tdk tau|"
    r"tidak tau|gak tau|ga tau|ndak ngerti|kosong|none|ora ana|ora ono|gak ono|ga ono|ndak ono|"
    r"ora ana apa|gak ada apa|tidak ada apa|ora ono|gak ono|ga ono|nggak ono|ndak ono|blas|babar blas|nihil|normal|"
    r"ra ono|ra ana|ra onok|gak onok|gak ana|ga ana|nggak ana|ndak ana|gak enek|ora enek|"
    r"normal semua|normal kabeh|sehat semua|sehat kabeh|aman|lancar|sehat|"
    r"mboten enten|boten wonten|boten enten|mboten|mboten nopo|"
    # Osing "sing ono" / "sing ana"; Madurese "tadha'" / "ta' ada"
    r"sing ono|sing ana|sing onok|ora onok|gak onok|tadha'?|tada'?|tadak|ta' ada|tak ada|-)"
    r"\s*(apa|apa-apa|kabeh|semua|sama sekali|blas|kok|kabeh kok|sedanten|sedaya|napa-napa|napa napa|nopo-nopo|"
    r"nopo nopo|nopo2|napa2)?"
    # "tadha' keya" (Madurese, round 27), "ora ono uga", "mboten wonten ugi": none, too
    r"(?:\s*(?:juga|jg|uga|ugi|keya|kiya|jugak))?"
    # "sing ono, sehat": none, and all is well
    r"(?:\s*[,.]?\s*(?:sehat|normal|aman|sehat semua|sehat kabeh|semua sehat|normal semua|lancar))?"
    # "tidak ada semua sehat alhamdulillah" (round 10, c4)
    r"(?:\s*[,.]?\s*(?:alhamdulillah|alhamdulilah|puji tuhan|syukur))?"
    # "gak onok setauku" (round 21): none, as far as she knows
    r"(?:\s*[,.]?\s*(?:setauku|setahuku|setau\s+saya|setahu\s+saya|setau\s+aku|sak\s+ngertiku|kayaknya|sepertinya))?"
    r"\s*[.!]*\s*$",
    re.IGNORECASE,
)


# Words of politeness around an answer: "tidak ada pak", "gak ada mbak".
_POLITE = re.compile(r"\s+(pak|bu|buk|mas|mbak|mbk|dik|nggih|ya|kok|sih|kak|min|bos|ndan|lur|cak|ning)\b\.?\s*$", re.IGNORECASE)


def parse_choices(text: str, n_options: int) -> set[int] | None:
    """Numbers picked from a 1..n menu where 0 means none.

    '1 3', '1,3', '1 dan 3', '13' (each digit when every digit is an option), 'satu tiga'
    -> {1, 3}; '0' / 'tidak ada' -> set(); anything else -> None (ask again).
    """
    text = _REDUPLICATION.sub("", spelled_reduplication((text or "").strip()))  # "ora ana apa2": the 2 is no option
    if not text:
        return None
    if _NONE_WORDS.match(_POLITE.sub("", text)):
        return set()
    text = re.sub(r"\b([a-z]+)-\1\w*", " ", text, flags=re.IGNORECASE)  # "kalih-kalihe", "dua-duane": "both"
    first = re.split(r"[,.;]", text, maxsplit=1)[0]
    if first != text and _NONE_WORDS.match(_POLITE.sub("", re.sub(r"\bkok\b", "", first).strip())) \
            and not re.search(r"\d|\b(?:tapi|tp|namun|kecuali|nanging|cuma|hanya|mung)\b", without_measures(text),
                              re.IGNORECASE):
        return set()  # "gak ono kabeh, wonge duwur kok": none, and why
    numbers = [int(n) for n in _NUM_RE.findall(without_measures(text))]
    if not numbers:
        words = re.findall(r"[a-z]+", text.lower())
        numbers = [_UNITS[w] for w in words if w in _UNITS and w != "se"]
        # number words count when they are the answer ("satu tiga"), not inside a sentence
        # ("lairan riyin normal kalih-kalihe": "both were normal", no option 2)
        if not numbers or len(numbers) * 2 < len(words):
            return None
    picked: set[int] = set()
    for n in numbers:
        if 0 <= n <= n_options:
            picked.add(n)
        elif n_options < 10 and all(1 <= int(d) <= n_options for d in str(n)):
            picked.update(int(d) for d in str(n))
        else:
            return None
    if 0 in picked:
        if len(picked) > 1:
            return None  # '0 2' contradicts itself
        return set()
    return picked


def parse_choice(text: str, n_options: int) -> int | None:
    """Exactly one number from a 1..n menu, or None."""
    picked = parse_choices(text, n_options)
    if picked and len(picked) == 1:
        return next(iter(picked))
    return None
