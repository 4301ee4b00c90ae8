"""The one yes/no rule for villagers' short answers (Indonesian, Javanese, Osing, Madurese,
slang), and the one "don't know" vocabulary. Pure: the forms (``actions.helpers.answers``) and
the webhook (``bot.followup``) both read answers with it."""
from __future__ import annotations

import re

# The one yes/no vocabulary (Indonesian, Javanese, Osing, Madurese, slang).
_YES = {
    "ya", "y", "iya", "iyo", "yo", "ok", "oke", "okey", "okay", "benar", "betul", "bener", "sudah", "udah",
    "setuju", "nggih", "inggih", "ngih", "enggih", "injih", "enggeh", "yes", "yup", "sip", "siap",
    "leres", "ho oh", "hooh", "ho'oh", "he eh", "iye", "yoi", "kirim", "boleh", "mau",
    # Madurese: iyeh/iya' (yes), engghi/enggi (krama yes), olle (may), bender (right)
    "iyeh", "iya'", "engghi", "enggi", "engghi'", "olle", "bender", "sampun",
}
_NO = {
    "tidak", "tdk", "t", "gak", "ga", "nggak", "ngga", "enggak", "engga", "ndak", "endak", "nda",
    "no", "bukan", "salah", "belum", "blm", "mboten", "boten", "ora", "sing", "tak", "kagak", "jangan",
    "emoh", "nope", "ojo", "aja", "ndak usah", "tidak usah", "gak usah", "ga usah", "nggak usah",
    "dereng", "osing",
    # Madurese: bunten (krama no), enja'/enjek (no), ta' (not), ta' olle (may not), ja' (don't)
    "bunten", "enja'", "enjek", "enja", "ta'", "ta' olle", "ja'",
}
# Words that count inside a short answer ("iya benar pak"); single letters and words
# that are also common elsewhere ("sing" = "that" in Javanese) count only on their own.
_YES_WORDS = _YES - {"y", "ho oh", "he eh"}
_NO_WORDS = _NO - {"t", "sing", "ndak usah", "tidak usah", "gak usah", "ga usah", "nggak usah"}
UNKNOWN_PHRASES = (
    r"tt|t\.?t\.?|tidak tahu|tdk tahu|tidak tau|tdk tau|gak tau|ga tau|gk tau|"
    r"g tau|nggak tau|ngga tau|ndak tau|gak tahu|ndak ngerti|mboten ngertos|mboten ngerti|gatau|gktau|gak ngerti|"
    r"ora ngerti|ra ngerti|lupa|lali|kurang tahu|kurang tau|belum diketahui|blm diketahui|tidak diketahui|"
    r"embuh|mboh|tidak ingat|gak ingat|ga ingat|ora eling|gak eling|"
    # Osing, Javanese krama, Madurese: "sing ngerti", "mboten semerep", "ta' taoh", "ta' oning"
    r"sing ngerti|sing weruh|ora weruh|gak weruh|mboten semerep|ta' ?taoh|tak taoh|ta' ?oning|tak oning|"
    r"supe|kesupen|kula supe"  # krama "forgot" ("NIK kula supe", round 28)
)
UNKNOWN = re.compile(
    rf"^\s*(?:(?:saya|sy|aku|kulo|maaf)\s+)?({UNKNOWN_PHRASES}|-+|\?+)(?:\s+[a-z]+){{0,3}}\s*[.!]*\s*$",
    re.IGNORECASE,
)
# "nek hamil ke piro aku ora ngerti": a few words first, then the not knowing at the end (only
# fillers after it, so "suami tidak tahu kalau saya hamil" is no such answer)
UNKNOWN_AT_END = re.compile(
    rf"^\s*(?:[\w']+[,.]?\s+){{1,6}}({UNKNOWN_PHRASES})"
    r"(?:\s+(?:tenan|blas|babar\s+blas|sama\s+sekali|pisan|pak|bu|mas|mbak|min|yo|ya|e|lho|og|kok|nggih))*\s*[.!?]*\s*$",
    re.IGNORECASE,
)


# "Wait" ("hmmm sek yo", "bentar ya"): neither yes nor no. Words of a correction: never a yes by the NLU.
_WAIT = {"sek", "sik", "sebentar", "bentar", "tunggu", "mengko", "engko", "nanti", "ntar", "entar", "sekedap", "dhisik",
         "disik", "kejap", "nantik"}
_CHANGING = {"salah", "keliru", "kliru", "lepat", "dudu", "bukan", "sanes", "ganti", "diganti", "ubah", "diubah", "ralat",
             "tapi", "tp", "namun", "nanging"}


def yes_no(text: str | None, intent: str | None = None) -> bool | None:
    """The one yes/no rule: True for ya/iya/nggih/benar..., False for tidak/gak/mboten...,
    None when unclear. The words win over the NLU's ``intent`` (affirm/deny)."""
    t = re.sub(r"[^a-z' ]+", " ", (text or "").lower()).strip()
    words = t.split()
    if words and UNKNOWN.match(t):  # "tidak tahu", "ta' taoh": no answer either way
        return None
    if not words and (text or "").strip():
        return None  # "-", "?", "..." say neither, whatever the NLU guessed (a "-" shared a reporter's number)
    if words and set(words) & _WAIT and len(words) <= 4:
        return None  # "hmmm sek yo" (round 17: filed a request): "wait" is no yes
    if words:
        if t in _YES:
            return True
        if t in _NO:
            return False
        # Osing "sing" is "no" ("sing ono"), Javanese "sing" is "the one who" ("sing nyambangi ...")
        if (words[0] in _NO and not (words[0] == "sing" and len(words) > 2)) or " ".join(words[:2]) in _NO:
            return False
        if words[0] in _YES:
            return True
        if len(words) <= 3 and any(w in _NO_WORDS for w in words):
            return False
        if len(words) <= 3 and any(w in _YES_WORDS for w in words):
            return True
    if set(words) & _CHANGING:
        return None  # "eh desaku salah, sing bener Kebaman" (round 17: the NLU's affirm filed it)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return None


# Yes words that also start a sentence of news ("sudah 2 minggu lampunya mati", "mau lapor"):
# no yes before more words.
_NOT_A_YES_FIRST = {"sudah", "udah", "sampun", "mau", "boleh", "kirim", "setuju", "y", "t"}
_LEADING_YES = re.compile(r"^\W*(?P<yes>[a-z']+)\b(?:\s+(?:pak|bu|mas|mbak|min|bos|nggih))?\W*(?P<rest>.*)$",
                          re.IGNORECASE | re.DOTALL)


def after_yes(text: str | None) -> str | None:
    """What a message says after a first word of yes ("iya pak jembatane ambrol ..." ->
    "jembatane ambrol ...", "YA. Catatan: ..." -> "Catatan: ..."); None when it does not start
    with one. The yes words are this module's."""
    found = _LEADING_YES.match(text or "")
    if not found or found["yes"].lower() not in _YES_WORDS - _NOT_A_YES_FIRST:
        return None
    return found["rest"].strip()
