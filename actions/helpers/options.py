"""Numbered questions answered in words (pure).

Every numbered question ("Balas nomor: 1 sehat, bisa jalan 2 sakit tapi bisa jalan 3 ...")
names its options; a villager answers with those words ("sakit tapi bisa jalan", "pernah
sesar", "bengkak dan darah tinggi", "kader posyandu") or a number word ("dua", "yg nomer
dua", "pertama"). ``as_numbers(answer, question)`` turns such an answer into the digits the
question asks for ("2", "1 3"), so every form's own number parser takes it.

The options are read from the question's own text, so a new numbered question needs
nothing here; ``VARIANTS`` adds the usual other words for an option's words.
"""
from __future__ import annotations

import re

from bot.core.numbers import spelled_reduplication, without_measures

# Other words people use for an option's words: variant -> the option's word(s).
VARIANTS = {
    "sc": "sesar", "caesar": "sesar", "cesar": "sesar", "sectio": "sesar", "operasi": "sesar",
    "vacum": "vakum", "vacuum": "vakum", "forsep": "tang",
    "plasenta": "uri", "ari": "uri",
    "tranfusi": "transfusi", "infus": "diinfus",
    # a bleeding at an earlier delivery is what the KSPR's "diberi infus/transfusi" stands for
    "perdarahan": "transfusi", "pendarahan": "transfusi",
    "anemia": "kurang darah", "hb": "kurang darah",
    "tb": "tbc", "paru": "tbc", "diabetes": "kencing manis", "gula": "kencing manis", "dm": "kencing manis",
    "hipertensi": "darah tinggi", "tensi": "darah tinggi", "preeklamsi": "darah tinggi",
    "preeklampsia": "darah tinggi",
    "melintang": "lintang", "sungsang": "sungsang", "gemeli": "kembar",
    "pendek": "tinggi 145cm", "gugur": "keguguran", "kuret": "keguguran", "abortus": "keguguran", "dekat": "anak terakhir",
    "jauh": "jarak 10 th",
    "jam": "waktu", "pukul": "waktu", "tanggal": "waktu", "tgl": "waktu", "hari": "waktu",
    "suami": "keluarga", "istri": "keluarga", "ibunya": "keluarga", "mertua": "keluarga", "anak": "keluarga",
    "cucu": "keluarga", "adik": "keluarga", "kakak": "keluarga", "saudara": "keluarga",
    "posyandu": "kader", "pkk": "kader", "bidan": "kader",
    "mlijo": "pedagang sayur", "melijo": "pedagang sayur", "bakul": "pedagang sayur",
    "polisi": "bhabinkamtibmas", "babinkamtibmas": "bhabinkamtibmas", "bhabin": "bhabinkamtibmas",
    "tetangga": "lainnya", "tonggo": "tetangga", "tangga": "tetangga", "tanggane": "tetangga", "teman": "lainnya",
    "sakit": "sakit tapi bisa jalan", "lemah": "sakit tapi bisa jalan", "tongkat": "sakit tapi bisa jalan",
    "tiduran": "hanya berbaring", "lumpuh": "hanya berbaring", "stroke": "hanya berbaring",
    "miskin": "kurang mampu", "susah": "kurang mampu", "duanya": "keduanya", "semuanya": "keduanya",
    "mlarat": "kurang mampu", "melarat": "kurang mampu", "fakir": "kurang mampu", "lorone": "keduanya",
    "kabeh": "keduanya", "kalihipun": "keduanya", "kalihe": "keduanya", "keduane": "keduanya", "kekalih": "keduanya", "kekalihipun": "keduanya", "kaduana": "keduanya", "kaloana": "keduanya", "iso": "bisa", "isa": "bisa", "gak": "tidak", "ora": "tidak", "ndak": "tidak",
    # the name in krama, Javanese and Osing ("asmanipun Rukmini, sanes Garwa Kula", round 12 M4)
    "asma": "nama", "asmane": "nama", "asmanipun": "nama", "nami": "nama", "namine": "nama", "jeneng": "nama",
    "jenenge": "nama", "jenengipun": "nama", "arane": "nama", "nyama": "nama", "nyamana": "nama",  # Madurese
    "papan": "tempat", "panggenan": "tempat", "nggon": "tempat", "enggon": "tempat",  # krama/ngoko "place"
    # the age in Madurese and krama ("omorra salah", round 24: not understood three times)
    "omor": "umur", "omorra": "umur", "umuripun": "umur", "umuran": "umur", "omorepon": "umur", "yuswa": "umur", "yuswane": "umur", "yuswanipun": "umur",
}
ORDINALS = {
    "pertama": 1, "kesatu": 1, "satu": 1, "siji": 1, "kedua": 2, "dua": 2, "loro": 2, "ketiga": 3, "tiga": 3,
    "telu": 3, "keempat": 4, "empat": 4, "papat": 4, "kelima": 5, "lima": 5, "limo": 5, "keenam": 6, "enam": 6,
    "ketujuh": 7, "tujuh": 7, "pitu": 7, "kedelapan": 8, "delapan": 8, "wolu": 8, "enem": 6, "nem": 6,
}
# Words that carry no option's meaning.
_FILLER = frozenset({
    "yg", "yang", "no", "nomer", "nomor", "nmr", "pilih", "pilihan", "balas", "dan", "atau", "sama", "juga", "pak",
    "bu", "mas", "mbak", "nggih", "ya", "iya", "itu", "ini", "tapi", "di", "ke", "dulu", "pernah", "saat", "ada",
    "th", "thn", "tahun", "kurang", "lebih", "cm", "dengan", "dgn", "hanya", "cuma", "boleh", "dari",
})
# Words too common to name an option alone.
_NOT_ALONE = frozenset({"baru", "jarak", "anak", "tinggi", "bisa", "jalan", "sakit", "ibu", "darah", "tidak", "masak", "hamil"})
_WORD = re.compile(r"[a-z0-9<]+")


def numbered_options(question: str) -> dict[int, list[list[str]]]:
    """'Balas nomor: 1 sehat, bisa jalan 2 sakit tapi bisa jalan' ->
    {1: [["sehat"], ["bisa", "jalan"]], 2: [["sakit", "tapi", "bisa", "jalan"]]}: each option's
    phrases (split at ',' '/' '+'), as words. Options count 1, 2, 3... in order (a "10 th"
    inside a label is no option); 0 ("tidak ada") is left out."""
    tokens = question.split()
    best: dict[int, list[str]] = {}
    for start, token in enumerate(tokens):
        # a list starts at "1" followed by a word ("1 sehat"), not "lebih dari 1 (mis. 1 3)"
        if token.rstrip(".)") != "1" or start + 1 >= len(tokens) or not re.match(r"[A-Za-z<]", tokens[start + 1]):
            continue
        labels = _labels(tokens[start:])
        if len(labels) > len(best):
            best = labels
    labels = best
    found: dict[int, list[list[str]]] = {}
    for n, tokens in labels.items():
        label = re.split(r"[?]|\.\s|\.$|\bbalas\b|\bboleh\b", " ".join(tokens).lower())[0]
        phrases = [_WORD.findall(part) for part in re.split(r"[,/+]", label)]
        found[n] = [phrase for phrase in phrases if phrase]
    return found if len(found) >= 2 else {}


def _labels(tokens: list[str]) -> dict[int, list[str]]:
    labels: dict[int, list[str]] = {}
    current = None
    for token in tokens:
        bare = token.rstrip(".)")
        if bare.isdigit() and int(bare) in (len(labels) + 1, 0):
            current = int(bare)
            if current:
                labels[current] = []
            continue
        if current:
            labels[current].append(token)
    return labels


_SUFFIXES = ("nipun", "ipun", "nya", "ne", "e", "ku", "mu")  # krama "tangganipun", "umuripun"  # "namane", "tujuannya", "desane": the option's word


def _words(answer: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall((answer or "").lower()):
        if w in vocabulary:  # the question's own word wins over any variant ("tetangga" as option 3)
            out.append(w)
            continue
        if w not in VARIANTS:
            w = next((w[: -len(x)] for x in _SUFFIXES
                      if w.endswith(x) and (w[: -len(x)] in vocabulary or w[: -len(x)] in VARIANTS)), w)
        if w.startswith("di") and w not in vocabulary and w[2:] in vocabulary:
            w = w[2:]  # "diinfus" for the option "infus/transfusi"
        for _ in range(2):  # "tonggo" -> "tetangga" -> "lainnya" where "tetangga" is no option
            if w in vocabulary or w not in VARIANTS:
                break
            w = VARIANTS[w]
        out.extend(w.split())
    return out


def _find(words: list[str], phrase: list[str]) -> tuple[int, int] | None:
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if words[i:i + n] == phrase:
            return i, i + n
    return None


def as_numbers(answer: str, question: str, *, multi: bool = True) -> str | None:
    """The option numbers an answer in words names ("2", "1 3"), or None when it names none
    (or, for a one-choice question, more than one). Digits already in the answer win: None."""
    options = numbered_options(question)
    answer = spelled_reduplication(answer or "")  # "loro2ne" (both) is no option 2 (round 9)
    if not options or re.search(r"\d", without_measures(answer)):
        return None
    words = _words(answer, frozenset(w for phrases in options.values() for phrase in phrases for w in phrase))
    # "yg nomer dua", "pertama": a number word alone, once fillers are gone
    rest = [w for w in words if w not in _FILLER]
    if rest and all(w in ORDINALS for w in rest):
        picked = {ORDINALS[w] for w in rest}
        if all(n in options for n in picked) and (multi or len(picked) == 1):
            return " ".join(str(n) for n in sorted(picked))
    # a word that belongs to one option only names it alone ("sesar" for "operasi sesar")
    owners: dict[str, set[int]] = {}
    for n, phrases in options.items():
        for phrase in phrases:
            for w in phrase:
                owners.setdefault(w, set()).add(n)
    spans: list[tuple[int, int, int]] = []  # (start, end, option)
    for n, phrases in options.items():
        for phrase in phrases:
            significant = [w for w in phrase if w not in _FILLER]
            if not significant:
                continue
            shortened = len(significant) < len(phrase) and not (len(significant) == 1 and significant[0] in _NOT_ALONE)
            span = _find(words, phrase) or (_find(words, significant) if shortened else None)
            if span:
                spans.append((*span, n))
                continue
            for w in significant:
                if owners[w] == {n} and w in words and w not in _NOT_ALONE and len(w) >= 3:
                    i = words.index(w)
                    spans.append((i, i + 1, n))
    # a phrase inside a longer matched phrase ("bisa jalan" in "sakit tapi bisa jalan") does not count
    kept = {n for s, e, n in spans if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)}
    if not kept or (not multi and len(kept) > 1):
        return None
    return " ".join(str(n) for n in sorted(kept))
