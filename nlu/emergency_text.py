"""A raw message as the words the danger-sign rules read (pure): normalised words, sentence ends,
a severe blood pressure reading, and the abbreviations of obstetric reports spelled out."""
from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence ends here (``words_of(..., boundaries=True)``): "panasnya gak turun. Hamil 34
# minggu" - the "gak" is not about the pregnancy.
BOUNDARY = "."
# A blood pressure of 160/110 or more, read from the raw text (the words lose the slash).
SEVERE_BP = "tensiberat"
_BP = re.compile(r"(\d{2,3})\s*/\s*(\d{2,3})")


def severe_bp(raw: str) -> bool:
    """'160/110', 'TD:170/100' -> a blood pressure of 160 systolic or 110 diastolic or more."""
    m = _BP.search(raw or "")
    if not m:
        return False
    systolic, diastolic = int(m.group(1)), int(m.group(2))
    return 60 <= diastolic < systolic <= 300 and (systolic >= 160 or diastolic >= 110)


def words_of(text: str, boundaries: bool = False) -> list[str]:
    """A raw message as the normalised words the rules read. With ``boundaries`` (what
    ``detect`` reads), a sentence end adds ``BOUNDARY`` and a severe blood pressure reading
    ``SEVERE_BP``."""
    from nlu.emergency_words import RULE_WORDS
    from nlu.text import normalise_word

    words: list[str] = []
    for raw in _midwife_terms(obstetric_abbreviations(text or "")).split():
        bare = re.sub(r"[^\w']+$|^\W+", "", raw.lower())
        # a word the rules read their own way before any slang map ("ngakan" is Madurese "eat", not "tidak")
        words.extend([RULE_WORDS[bare]] if bare in RULE_WORDS else
                     [RULE_WORDS.get(w, w) for w in normalise_word(raw).split()])
        if boundaries and severe_bp(raw):
            words.append(SEVERE_BP)
        if boundaries and re.search(r"[.!?;]$", raw) and not re.fullmatch(r"\w{1,3}\.", raw):
            words.append(BOUNDARY)  # "Ny." or "Ds." is no sentence end
    return _question_tags(_negated_lists(words))


def _negated_lists(words: list[str]) -> list[str]:
    """"tdk ada nyeri kepala / pandangan kabur / nyeri ulu hati" (set N: paged as epigastric pain):
    a "not" reaches every item of a slash list that follows it closely; each "/" reads "tidak"."""
    from nlu.emergency_words import NEGATORS

    out, last = list(words), None
    for i, w in enumerate(out):
        if w == BOUNDARY:
            last = None
        elif w in NEGATORS - {"aman", "normal"}:
            last = i
        elif w == "/" and last is not None and i - last <= 5:
            out[i], last = "tidak", i
    return out


_TAIL = frozenset({"iya", "ya", "sih", "to", "kah", "nggih", "mas", "mbak", "pak", "bu", "min", "dik", "yo"})


def _question_tags(words: list[str]) -> list[str]:
    """"boleh minum paracetamol gak ya", "... gak?": a "not" that ends a sentence (before a "ya",
    a vocative or nothing) is the question's tag, read "apa" (round 26: "sakit kepala ... gak ya"
    was read as a headache that does not go)."""
    out = list(words)
    for i, w in enumerate(out):
        if w == "tidak" and i and all(x in _TAIL for x in _sentence_rest(out, i + 1)):
            out[i] = "apa"
    return out


def _sentence_rest(words: list[str], start: int) -> list[str]:
    rest = []
    for w in words[start:]:
        if w == BOUNDARY:
            break
        rest.append(w)
    return rest


# "KPD" in a pregnancy report is ketuban pecah dini (waters broken early), not "kepada"
# ("Kpd bidan desa, dilaporkan ibu hamil ...", set J: "kepada", an address)
_KPD = re.compile(r"\bkpd\b(?!\.?\s*(?:yth|bidan|bapak|bpk|ibu|bu|pak|kepala|kades|puskesmas|pkm|sdr|kader|petugas|"
                  r"bhabin\w*|tim|ketua|koordinator|camat|dokter|dr)\b)", re.IGNORECASE)
_OBSTETRIC = re.compile(r"\b(bumil|hamil|uk|g\d|p\d+a\d+|mgg|minggu|ketuban|persalinan|inpartu|kontraksi|post\s*partum|"
                        r"nifas|melahirkan|bersalin)\b", re.IGNORECASE)
# "HPP +/- 600 cc" (haemorrhagia post partum), "HAP" (antepartum): a midwife's word for bleeding (set J)
_HAEMORRHAGE = re.compile(r"\b(hpp|hap)\b", re.IGNORECASE)
# "G2P1A0", "P1A0", "primigravida": an obstetric report; "UK 34 mgg": the pregnancy's age
_GRAVIDA_CODE = re.compile(r"g\d{1,2}(p\d{1,2}(a\d{1,2})?)?|p\d{1,2}a\d{1,2}|(primi|multi|grandemulti)(gravida|para)")


# Midwives' terms in two words or in Latin, read as the one word the rules know: "pasca salin hari
# ke-2, demam 40 C, menggigil, lochia berbau" (set L: the classifier of this machine called it a ride)
_TERMS = ((re.compile(r"\b(?:pasca|post)[\s-]*(?:salin|persalinan|partum|melahirkan)\b", re.IGNORECASE), "pascasalin"),
          (re.compile(r"\b(?:lochia|lokia|lokhia|lochea)\b", re.IGNORECASE), "cairan"))


def _midwife_terms(text: str) -> str:
    for pattern, word in _TERMS:
        text = pattern.sub(word, text)
    return text


def obstetric_abbreviations(text: str) -> str:
    """Abbreviations of obstetric reports spelled out before the words are read."""
    if _OBSTETRIC.search(text or ""):
        text = _HAEMORRHAGE.sub("pendarahan", _KPD.sub("ketuban pecah", text))
    return text


def obstetric_report(words: Sequence[str]) -> bool:
    """A pregnancy or a birth told as midwives and cadres write it: a G/P/A code or "UK 35 mgg"."""
    return any(_GRAVIDA_CODE.fullmatch(w) or (w == "uk" and i + 2 < len(words) and words[i + 1].isdigit()
                                              and words[i + 2] in ("minggu", "mgg")) for i, w in enumerate(words))


def hot_day(words: Sequence[str], i: int) -> bool:
    """'panas' about the weather: 'cuaca panas', 'hari ini panas', 'siang hari panas' (but
    not '3 hari panas tinggi', a fever that lasts)."""
    if {"cuaca", "udara", "terik", "gerah", "matahari"} & set(words[max(0, i - 2) : i + 3]):
        return True
    if i >= 1 and words[i - 1] == "hari":
        return not (i >= 2 and words[i - 2].isdigit())
    return i >= 2 and words[i - 2] == "hari" and words[i - 1] == "ini"


def fever_degrees(word: str) -> bool:
    """'40', '39,5', '38.5' -> a body temperature of 38 degrees or more; '398' too (the words
    lose the comma of '39,8')."""
    if re.fullmatch(r"(3[89]|4[0-2])\d", word):
        return True
    try:
        value = float(word.replace(",", "."))
    except ValueError:
        return False
    return 38 <= value <= 43


def weeks(words: Sequence[str]) -> bool:
    """"usia 35 mgg", "UK 30 minggu": a pregnancy's age in weeks."""
    return any(w in ("usia", "uk", "umur") and i + 2 < len(words) and words[i + 1].isdigit()
               and words[i + 2] in ("minggu", "mgg") for i, w in enumerate(words))


_BLURRED = ("pandangan", "mata", "penglihatan")
_BLUR = {"kabur", "gelap", "berkunang", "buram", "burem", "kunang"}
_SEVERE = {"hebat", "berat", "parah", "sekali", "banget", "sangat", "pecah", "berdenyut"}
_CARE = {"bidan", "posyandu", "puskesmas", "tensi", "tekanan"}


def preeclampsia_told(words) -> bool:
    """Blurred vision with a severe headache or a blood pressure reading, told to the midwife
    or measured at the posyandu ("bu bidan ... tekanan darah 150/100 ... kepala berdenyut hebat
    dan penglihatan kabur", set G): severe pre-eclampsia without the word "hamil"."""
    words = list(words)
    blurred = any(w in _BLURRED and set(words[i + 1 : i + 4]) & _BLUR for i, w in enumerate(words))
    head = any(w in ("kepala", "pusing") and set(words[max(0, i - 2) : i + 4]) & _SEVERE for i, w in enumerate(words))
    reading = any(w.isdigit() and len(w) in (5, 6) and int(w[:3 if len(w) == 6 else 2]) >= 140 for w in words)
    return blurred and (head or reading) and bool(set(words) & _CARE)


_WELL = frozenset({"apik", "baik", "sehat", "normal", "membaik", "pulih", "sembuh", "waras"})


def well_since(words: Sequence[str], i: int) -> bool:
    """"wingi sempet semaput nang pasar, tapi saiki wis apik" (set N: paged): a sign she had, then
    "now (already) well" a few words on; with "sempat" only (the caller's rule), never a sign now."""
    after = list(words[i + 1 : i + 12])
    return any(w == "sekarang" and set(after[j + 1 : j + 6]) & _WELL
               and not set(after[j + 1 : j + 3]) & {"tidak", "belum", "kurang"} for j, w in enumerate(after))
