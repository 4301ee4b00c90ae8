"""What a correction at a form's confirmation says besides naming the field (pure):
'eh jamnya diganti aja, jam tujuh pagi' -> 'jam tujuh pagi'."""
from __future__ import annotations

import re

from actions.helpers.options import ORDINALS, VARIANTS, numbered_options
from bot.core.numbers import is_number_word

# Words around a correction that carry no new value ("eh jamnya diganti aja, jam tujuh pagi").
_CORRECTION_FILLER = frozenset({
    "eh", "salah", "diganti", "ganti", "gantien", "aja", "saja", "wae", "mas", "pak", "bu", "mbak", "dik", "jadi",
    "dadi", "menjadi", "bukan", "dudu", "tapi", "harusnya", "seharusnya", "mestine", "kudune", "yang", "yg", "sing",
    "benar", "bener", "betul", "ini", "itu", "iki", "diubah", "ubah", "tolong", "lho", "kok", "keliru", "kliru",
    "sebenarnya", "sakjane", "nggih", "maaf", "sorry", "benerin", "dibenerin", "nya", "ne",
    "ingkang", "leres", "melu", "ikut", "ternyata", "jebule", "sanes", "niku", "menika", "sampun",
    # who the value belongs to ("nama istri sy Dewi Puspita"): no part of it
    "istri", "istriku", "bojo", "bojoku", "garwa", "garwane", "garwo", "sy", "saya", "aku", "kulo", "min",
    "cukup", "mawon", "kemawon",
    # krama: "papan jemputipun dipun gantos, ngajeng SD Kemiren 2" (round 13 M2)
    "dipun", "gantos", "digantos", "papan", "panggenan", "lepat",
    # an apology or a memory before the value ("eh sepurane pak", "eh aku kelingan, dusune Krajan")
    "sepurane", "sepurone", "ngapunten", "pangapunten", "punten", "sori", "mohon", "kelingan", "inget", "ingat",
    "ralat", "koreksi", "sapora", "sapura", "saporana", "beih", "bei",  # Madurese (round 20)
})
# "the right one is": everything after it is the new value.
_RIGHT_ONE = re.compile(
    r"\b(?:(?:yang|yg|sing|kang|ingkang|se)\s+(?:benar|bener|betul|leres|bhender|bender)|seharusnya|harusnya|"
    r"semestinya|mestine|mestinya|kudune|sakjane|sebenarnya|sejatine|leresipun|leresipune)\b",
    re.IGNORECASE,
)
# A value then "is wrong" in one clause: "hamil ke-5 iku salah", "umure keliru".
_CALLED_WRONG = re.compile(r"\S.*\b(?:salah|keliru|kliru|lepat|sala)\b\s*(?:lur|mas|mbak|pak|bu|ndan|nggih)?\s*$",
                           re.IGNORECASE)
# Words that take a value back ("dudu nang puskesmas", "sanes Kenjo", "bunten Kenjo").
# "lho kok sore, pagi mas" (round 16): what follows "kok" is the value objected to
_NEGATION = r"\b(?:bukan|dudu|udu|ora|tidak|gak|dudune|sanes|sanès|bunten|benni|banne|kok)\b"  # "udu jumat" (round 25)


def correction_value(text: str, question: str) -> str:
    """What a correction at the confirmation says besides naming the field: 'eh jamnya diganti
    aja, jam tujuh pagi' -> 'jam tujuh pagi'; 'namane salah mas' -> ''. The option words of the
    correction menu go (also with a suffix: 'namane', 'jamnya'); a bare variant ('jam') stays,
    the value may need it."""
    option_words = {w for phrases in numbered_options(question).values() for p in phrases for w in p}
    # "nyuwun sewu" (excuse me, round 27): no thousand
    text = re.sub(r"\b(?:nyuwun|nuwun)\s+(?:sewu|pangapunten|ngapunten)\b", " ", text or "", flags=re.IGNORECASE)
    # "hamil ke-5 iku salah, sing bener hamil ke-2": what follows "the right one is" is the value
    right = list(_RIGHT_ONE.finditer(text))
    if right:
        text = text[right[-1].end():]
    else:
        # "hamil ke-5 iku salah, ke-2": a clause that calls its own value wrong says nothing right
        clauses = re.split(r"[,.;]+", text)
        kept_clauses = [c for c in clauses if not _CALLED_WRONG.search(c)]
        if len(kept_clauses) < len(clauses) and kept_clauses:
            text = ", ".join(kept_clauses)
    # per clause, what it says is right: "bukan puskesmas tapi rsud" -> after "tapi"; "rsud dudu
    # puskesmas" -> before "dudu"; "ternyata dudu nang puskesmas, dirujuk nang RSUD" -> the second
    positive, negated = [], set()
    for clause in re.split(r"[,.;]+", text):
        if re.search(r"\b(tapi|tp|namun|melainkan|nanging)\b", clause, re.IGNORECASE):
            clause = re.split(r"\b(?:tapi|tp|namun|melainkan|nanging)\b", clause, maxsplit=1, flags=re.IGNORECASE)[1]
        kept_part, *taken_back = re.split(_NEGATION, clause, maxsplit=1, flags=re.IGNORECASE)
        positive.append(kept_part)
        # "desane Kenjo, dudu Paspan. Paspan niku puskesmase": a name taken back is no value anywhere
        # (number words are no name: "duwa polo enem, banne duwa polo lema'" keeps "duwa polo", round 24)
        negated |= {w.lower() for part in taken_back for w in re.findall(r"[A-Za-z]{3,}", part)
                    if not is_number_word(w)}
    text = " ".join(positive)
    kept = []
    for w in re.findall(r"[A-Za-z0-9]+", text):
        low = w.lower()
        if low in negated and low not in _CORRECTION_FILLER:
            continue
        bases = {low[: -len(x)] for x in ("ipun", "nya", "ne", "e", "ku") if low.endswith(x) and len(low) > len(x) + 2}
        if low in _CORRECTION_FILLER or low in option_words or bases & (option_words | set(VARIANTS)):
            continue
        kept.append(w)
    return " ".join(kept)


def without_choice(said: str, choice: int) -> str:
    """The value said with a correction, without the menu number that chose the field: '5' -> ''
    (the number picks field 5, it is not its new value); '5 hamil ke-2' -> 'hamil ke-2'."""
    words = (said or "").split()
    if words and (words[0].rstrip(".)") == str(choice) or ORDINALS.get(words[0].lower()) == choice):
        words = words[1:]
    return " ".join(words)


# A message that takes an earlier answer back ("eh sepurane pak salah, dudu Roworejo, dusun Krajan").
LATE_MARK = re.compile(
    r"\b(?:salah|keliru|kliru|lepat|ralat|dudu|bukan|sanes|bunten|benni|banne|koreksi|"
    r"(?:yang|yg|sing|ingkang)\s+(?:benar|bener|betul|leres))\b", re.IGNORECASE)
# The words that name a field of an earlier question, with their suffixes ("dusune", "desanya").
LATE_FIELD_WORDS = {
    "dusun": r"dusun|dsn|rt",
    "village": r"desa|deso|kelurahan",
}


def late_field(text: str) -> tuple[str, str] | None:
    """An answer that corrects an earlier field instead of answering the question asked (round
    15: "eh sepurane pak salah, dudu Roworejo, dusun Krajan RT 3" at the photo question):
    ("dusun", "dusun Krajan RT 3") or ("village", "Kemiren"); None when it names no field or
    says nothing is wrong. The dusun keeps its word (it is part of the address)."""
    text = text or ""
    if not LATE_MARK.search(text):
        return None
    for field, words in LATE_FIELD_WORDS.items():
        if re.search(rf"\b(?:{words})(?:ne|e|nya|ipun|ku|mu)?\b", text, re.IGNORECASE):
            value = correction_value(text, "")
            if field == "village":  # the desa's own word is no part of its name
                value = re.sub(rf"\b(?:{words})(?:ne|e|nya|ipun|ku|mu)?\b", " ", value, flags=re.IGNORECASE)
            value = " ".join(value.split())
            return (field, value) if re.search(r"[A-Za-z0-9]{2,}", re.sub(rf"\b(?:{words})\w*", "", value)) else None
    return None
