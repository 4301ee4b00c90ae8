"""Pure text helpers shared by the NLU components and ``nlu.places`` (no Rasa import).

Villagers write on basic phones: all caps, no punctuation, SMS abbreviations, repeated
letters ("tolooong"), reduplication written with 2 ("kejang2"), Javanese, Madurese and Osing
words. These helpers turn one word into its standard Indonesian form(s); they never
change the original text, so the character offsets of tokens stay valid.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from nlu import lexicon

REPO_ROOT = Path(__file__).resolve().parents[1]
SLANG_JSON = REPO_ROOT / "data" / "reference" / "combined_slang_words.json"

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_RUN2_END = re.compile(r"([a-z])\1$")
_REDUP = re.compile(r"^([a-z]{2,})2([a-z]{0,3})$")
_REDUP_DASH = re.compile(r"^([a-z]{2,})-\1([a-z]{0,3})$")


def fold(text: str) -> str:
    """Lower case, strip accents, turn anything but letters and digits into single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def old_orthography(text: str) -> str:
    """Map the pre-1972 / Dutch-era spellings still seen in names (oe, dj, tj, j-as-y)."""
    text = text.replace("oe", "u").replace("dj", "j").replace("tj", "c").replace("nj", "ny")
    return text


def place_key(text: str) -> str:
    """Comparison key for place names: folded, no spaces, old spellings modernised.

    "Genteng Wetan", "gentengwetan", "GENTENG-WETAN" and "Gentengwetan" share one key.
    """
    return old_orthography(fold(text).replace(" ", ""))


# --------------------------------------------------------------------------- lexicon


@lru_cache(maxsize=1)
def slang_map() -> dict[str, str]:
    """Word -> standard Indonesian: combined_slang_words.json, then our own additions.

    Our additions (``nlu.lexicon``) win over the JSON: they fix entries that are wrong for
    this domain (the JSON maps "kk" to "kakak"; here KK is the Kartu Keluarga).
    Multi-word keys of the JSON are skipped (we map one token at a time).
    """
    merged: dict[str, str] = {}
    try:
        raw = json.loads(SLANG_JSON.read_text(encoding="utf-8"))
    except OSError:  # the reference copy is missing: our own lexicon still works
        raw = {}
    for key, value in raw.items():
        key = fold(key)
        if not key or " " in key or key in lexicon.KEEP:
            continue
        merged[key] = fold(value)
    for key, value in lexicon.ADDITIONS.items():
        merged[fold(key)] = fold(value)
    return merged


@lru_cache(maxsize=1)
def known_words() -> set[str]:
    """Words we consider correctly spelt (targets of the slang map, keys, our vocabulary)."""
    words: set[str] = set(lexicon.VOCABULARY) | set(lexicon.KEEP)
    for key, value in slang_map().items():
        words.add(key)
        words.update(value.split())
    return words


def collapse_repeats(word: str) -> str:
    """'tolooong' -> 'tolong', 'sakiiit' -> 'sakit', 'maaaf' -> 'maaf', 'tolongg' -> 'tolong'.

    A run of 3+ equal letters becomes 2 if that spelling is a known word, else 1; a
    doubled final letter is dropped when the shorter word is known and the longer is not.
    """
    if not _RUN3.search(word):
        if _RUN2_END.search(word) and word not in known_words():
            shorter = word[:-1]
            if shorter in known_words() or shorter in slang_map():
                return shorter
        return word
    double = _RUN3.sub(r"\1\1", word)
    single = _RUN3.sub(r"\1", word)
    known = known_words()
    smap = slang_map()
    if single in known or single in smap:
        return single
    if double in known or double in smap:
        return double
    return single


def expand_reduplication(word: str) -> list[str]:
    """'kejang2' -> ['kejang', 'kejang']; 'anak2nya' -> ['anak', 'anaknya']; 'mbah-mbah' too.

    Only letters before the 2 (codes like 'rt02' or 'b2' are left alone).
    """
    m = _REDUP.match(word) or _REDUP_DASH.match(word)
    if not m:
        return [word]
    base, suffix = m.group(1), m.group(2)
    if len(base) < 2 or (m.re is _REDUP and len(base) < 3):
        return [word]
    return [base, base + suffix]


_SUFFIXES = ("nipun", "ipun", "nya", "ne", "e", "ku", "mu", "an")  # krama "sirahipun", "mripatipun" too


NAME_LEMMA = "namaorang"


def map_word(word: str) -> str:
    """One folded word (no spaces) -> standard Indonesian (may be several words)."""
    smap = slang_map()
    if word in lexicon.NAMES and word not in smap and word not in lexicon.VOCABULARY:
        return NAME_LEMMA
    if word in smap:
        return smap[word]
    if word in known_words() or word.isdigit():
        return word
    collapsed = collapse_repeats(word)
    if collapsed != word:
        return smap.get(collapsed, collapsed)
    # possessive/definite suffix on a mapped stem: "ketubane" -> "ketuban", "kkne" -> "kk"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if stem in lexicon.SUFFIX_STEMS:
                return stem
            if len(stem) >= 3 and stem in smap:
                return smap[stem]
    return word


# Madurese words told apart from Javanese ones by their final glottal stop (written ')
_GLOTTAL = {"ana'": "anak", "ta'": "tidak", "ta’": "tidak", "ana’": "anak", "tak'": "tidak"}


def normalise_word(
    word: str, *, slang: bool = True, repeats: bool = True, redup: bool = True, numbers: bool = True
) -> str:
    """Raw token text -> normalised standard-Indonesian text (lower case, may hold spaces).

    The result is what the featurizers see (``Token.lemma``); the token text and offsets
    are untouched. Numbers: a 16-digit run becomes 'nomornik', other digits stay digits.
    """
    glottal = _GLOTTAL.get(word.lower().strip(".,;:!?"))
    if glottal:  # Madurese "ana'" (child), "ta'" (not): the apostrophe is the word's difference
        return glottal
    folded = fold(word)
    if not folded:
        return word.lower()
    compact = folded.replace(" ", "")
    if compact.isdigit():
        return "nomornik" if numbers and len(compact) == 16 else compact
    parts = []
    pieces = folded.split()
    # keep hyphenated reduplication ("mbah-mbah") together for expand_reduplication
    if re.fullmatch(r"[a-z]+-[a-z]+", word.lower()):
        pieces = [word.lower()]
    for piece in pieces:
        for sub in expand_reduplication(piece) if redup else [piece]:
            sub = fold(sub)
            if not sub:
                continue
            if slang:
                parts.append(map_word(sub))
            elif repeats:
                parts.append(collapse_repeats(sub))
            else:
                parts.append(sub)
    return " ".join(p for p in parts if p)


REF_LEMMA = "nomorreferensi"
# Case reference prefixes (docs/design.md): DOK document, HML pregnancy, DRT emergency,
# JEK transport, RKS rantang_kasih, ADU complaint, OPR handover.
REF_PREFIXES = frozenset({"dok", "hml", "drt", "jek", "rks", "adu", "opr"})
_REF = re.compile(r"^(dok|hml|drt|jek|rks|adu|opr)[-/. ]?\d{1,6}$", re.IGNORECASE)


def normalise_words(words: Iterable[str]) -> list[str]:
    """Normalise a token sequence; a case reference ("DOK-0042", "adu 12") -> 'nomorreferensi'."""
    words = list(words)
    out = [normalise_word(w) for w in words]
    for i, w in enumerate(words):
        if _REF.match(w) or fold(w) in REF_PREFIXES and i + 1 < len(words) and words[i + 1].isdigit():
            out[i] = REF_LEMMA
    return out


def normalise_text(text: str) -> str:
    """Whole message -> normalised text (for rules and the Python side; offsets not kept)."""
    return " ".join(p for p in normalise_words((text or "").split()) if p)
