"""Who a message is about, beyond the danger-sign rules of ``nlu.emergency`` (pure)."""
from __future__ import annotations

from collections.abc import Sequence

from nlu.emergency_words import HELPLESS, OTHER_SUBJECT, PREGNANCY, WEAK_WOMAN

# An animal giving birth ("sapi sy lagi melahirkan ... nyangkut", "sapiku meteng 9 wulan") is no
# service of this bot: neither the danger signs nor the classifier's alarm count for it.
ANIMALS = frozenset({"sapi", "kambing", "wedhus", "wedus", "domba", "kucing", "anjing", "asu", "kerbau", "kebo",
                     "kuda", "jaran", "babi", "ternak", "hewan", "pedet", "pedhet", "kelinci", "embek", "induk",
                     "cempe", "wedhos", "embi", "sape", "menda", "mendha", "mendo", "embik"})
# (Javanese kid, Madurese goat and cow, krama goat "menda" of set N; no fish or fowl: they are food
# ("hamil makan ikan terus keluar darah") far more often than a subject giving birth)
WOMAN = frozenset({"istri", "bojo", "ibu", "mbak", "menantu", "mantu", "bumil", "wanita", "perempuan", "wedok", "putri",
                   "rabi", "bini", "adik", "kakak", "bidan"})
_ADDRESS_TITLES = frozenset({"bidan", "dokter", "kader", "lurah", "rt", "kades"})
_ADDRESSES = frozenset({"ibu", "mbak", "kakak", "adik"})


def animal(word: str) -> bool:
    """"wedhus", "wedhusku", "sapine" (set K: "wedhusku meteng" paged the midwife)."""
    return word in ANIMALS or any(word.endswith(end) and word[: -len(end)] in ANIMALS for end in ("ku", "mu", "ne", "e", "na"))


def animal_subject(words: Sequence[str]) -> bool:
    """True when the message is about an animal and names no woman ("Pak tolong, sapi sy lagi
    melahirkan"); "Bu, ..." or "bu bidan" at the start is an address, not the subject."""
    if not any(animal(w) for w in words):
        return False
    for i, w in enumerate(words):
        if w not in WOMAN or w == "bidan":
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if w in _ADDRESSES and ((i < 4 and after != "hamil") or after in _ADDRESS_TITLES):  # "oh iyo mbak, ..."
            continue  # "Bu, sapi sy ..." / "ibu bidan": who is addressed
        return False
    return True


# Someone who is clearly not a pregnant or just-delivered woman: a child, a man, an elder.
NOT_MOTHER = frozenset({"anak", "bapak", "suami", "kakek", "mbah", "nenek", "balita", "cucu", "pak", "laki", "lanang",
                        "lansia", "sapi", "kambing", "ayam", "kucing", "motor", "wedhus", "wedus", "domba"})
ACUTE = frozenset({"demam", "panas", "kejang", "step", "pingsan", "jatuh", "darah", "pendarahan",
                   "berdarah", "sesak", "kecelakaan", "tabrakan", "sadar", "muntah", "luka",
                   "patah", "tenggelam", "keracunan", "digigit", "dipatuk", "kritis", "darurat"})


def not_a_mother(words: Sequence[str]) -> bool:
    """True when the words are about someone else than a pregnant or just-delivered woman
    ("anak sy demam tinggi", "bapak jatuh dari pohon"): no pregnancy word, no woman who may
    be pregnant, and a child, man or elder named. Used to stop the classifier's false alarms;
    never when ``detect`` finds a danger sign."""
    words = [w for w in words if w]
    if animal_subject(words):
        return True
    born_baby = any(w == "bayi" and {"umur", "usia"} & set(words[i : i + 4]) for i, w in enumerate(words))
    fetal = {"ketuban", "kawah", "janin", "kandungan", "isi", "melahirkan", "perut"} | ({"bayi"} if not born_baby else set())
    if any(w in PREGNANCY | fetal for w in words):
        return False
    if any(w in (WEAK_WOMAN - {"anak", "adik"}) | {"perempuan", "wedok", "putri", "ipar", "menantu"} for w in words):
        return False
    return born_baby or any(w in NOT_MOTHER for w in words)


def acute_illness(words: Sequence[str]) -> bool:
    """Words of an acute illness or injury (for a "call 112" hint, not a pregnancy case)."""
    return any(w in ACUTE for w in words if w)


# The words of a mother, a birth or a midwife: without any of them, an emergency the classifier
# alone saw ("Tolong carikan lukisan ...", "kapan lebih panas di China") is no pregnancy alarm.
_MOTHER_WORDS = PREGNANCY | WEAK_WOMAN | frozenset({
    "bayi", "janin", "ketuban", "kawah", "mules", "kontraksi", "lahir", "bidan", "perut", "plasenta", "ari",
    "nifas", "pembukaan", "ngeden", "mengejan", "kenceng", "wanita", "perempuan", "ny", "bini", "rabi"})


def no_mother_named(words: Sequence[str]) -> bool:
    """True when nothing in the words names a woman, a pregnancy, a birth or a midwife."""
    return not any(w in _MOTHER_WORDS for w in words if w)


_CALM = frozenset({"keluhan", "masalah", "gejala", "sambat"})
_NO = frozenset({"tidak", "belum", "tanpa", "gak", "ga", "nggak", "ora", "mboten"})


def no_complaint(words: Sequence[str]) -> bool:
    """"sy UK 14 mgg, gak ada keluhan, gak pusing gak bengkak gak flek" (set G): the message
    says there is nothing wrong, in a pregnancy (a registration, not an alarm)."""
    words = [w for w in words if w]
    calm = any(w in _CALM and _NO & set(words[max(0, i - 3) : i]) for i, w in enumerate(words))
    return calm and any(w in PREGNANCY for w in words)


# A story of a sign that has passed, told to have a pregnancy checked (round 18: "wingi pas arisan
# dheweke mutah-mutah terus ... durung tau priksa nang bidan" paged the emergency line): a report.
_BEFORE_NOW = frozenset({"kemarin", "pas", "dulu", "waktu", "lalu"})
# still going or getting worse: "masih keluar", "makin parah", "belum/gak berhenti"
_STILL = frozenset({"masih", "msh", "isih", "tasih", "taksih", "makin", "semakin", "tambah", "terus-terusan"})
_BETTER = frozenset({"baik", "mendingan", "mari", "sembuh", "sehat", "reda", "membaik", "waras", "bersih"})
_CHECKED = frozenset({"lapor", "didata", "data", "mendata", "periksa", "dipriksa", "diperiksa", "priksa"})


def past_story(words: Sequence[str], urgent: frozenset[str]) -> bool:
    """True when a pregnancy message tells of a sign at an earlier time ("kemarin", "pas arisan"),
    says nothing urgent (``urgent``: tolong, segera, darurat ...), nothing still going ("masih",
    "makin", "gak berhenti") and no "now" but a better one ("sekarang sudah baik"), and says she
    is better or asks for a check-up or to be registered."""
    words = [w for w in words if w]
    if not (_BEFORE_NOW & set(words)) or not any(w in PREGNANCY for w in words):
        return False
    for i, w in enumerate(words):
        if w in (urgent - {"sekarang"}) | _STILL:
            return False
        if w == "berhenti" and _NO & set(words[max(0, i - 2) : i]):
            return False
        if w in _BEFORE_NOW and i and words[i - 1] in {"dari", "sejak", "mulai", "wiwit", "kawit", "teko", "soko"}:
            return False  # "dari kemarin pusing": since then, still now
        if w == "sekarang" and not (_BETTER | {"sudah"}) & set(words[i + 1 : i + 4]):
            return False
    return bool((_BETTER | _CHECKED) & set(words))


# A man, elder or animal only named as whose phone or house it is ("nulis dr HP suaminya", round
# 20: a cadre's report of severe pre-eclampsia was no alarm) is not who the message is about.
_OWNED = frozenset({"hp", "nomor", "no", "nomer", "nohp", "wa", "telp", "telepon", "kontak", "hape", "rumah", "omah",
                    "motor", "mobil", "ponsel"})


def other_subject(words: Sequence[str]) -> bool:
    """Whether the words name someone else than a mother (``OTHER_SUBJECT``) other than as the
    owner of a phone, a house or a vehicle."""
    return any(w in OTHER_SUBJECT and not (i and words[i - 1] in _OWNED) for i, w in enumerate(words))


# Signs that may pass and come back (vomiting, a headache, cramps, a fever): told as over now
# ("wingi muntah2 ngeluh mules ... tapi saiki wis mari", round 20: two pages to the midwife and
# police) they are a report for the midwife, no emergency. Never with a sign that stays an
# emergency however it is told (blood, waters, fits, fainting, the baby not moving, sight, breath).
SOFT_SIGNS = frozenset({"muntah terus", "sakit kepala hebat", "persalinan tanpa pertolongan", "demam tinggi",
                        "nyeri perut hebat"})
_HARD = frozenset({"darah", "pendarahan", "flek", "ketuban", "kejang", "pingsan", "sadar", "janin", "gerak", "kabur",
                   "sesak", "pusar", "plasenta", "tensiberat", "eklampsia", "preeklampsia", "bengkak", "lahir",
                   "melahirkan", "pembukaan"})
_BEFORE = frozenset({"kemarin", "tadi", "semalam", "dulu", "lalu", "pas", "wingi"})
_NOW = frozenset({"sekarang", "sudah", "saiki", "skrg"})
_OVER = _BETTER | frozenset({"apik", "enak", "enakan", "normal", "pulih", "hilang", "ilang", "berhenti", "reda",
                             "sehat", "bisa", "iso", "biasa"})


def recovered(words: Sequence[str], urgent: frozenset[str]) -> bool:
    """Whether a sign told at an earlier time is said to be over now ("kemarin ... tapi sekarang
    sudah mari"), with nothing urgent, nothing still going and no sign of the hard kind."""
    words = [w for w in words if w]
    if not _BEFORE & set(words) or _HARD & set(words) or (_STILL | (urgent - {"sekarang", "tolong"})) & set(words):
        return False
    return any(w in _NOW and _OVER & set(words[i + 1 : i + 4]) for i, w in enumerate(words))


# A question about a sign in general ("ketuban pecah dini itu apa sih bahayanya", set J; "tanda
# bahaya kehamilan apa saja"), about nobody: no alarm, whatever its words.
_ABOUT_A_SIGN = ("tanda bahaya", "ciri ciri", "tanda tanda", "itu apa", "apa itu", "apa sih bahaya", "apa bahaya",
                 "bahayanya apa", "apakah berbahaya", "artinya apa", "apa artinya", "apa penyebab", "penyebabnya apa",
                 "itu bahaya tidak", "itu berbahaya tidak", "apakah bahaya", "normal tidak", "wajar tidak",
                 # "... bahaya gak?": the question's tag is read as "apa" (nlu.emergency_text.words_of)
                 "itu bahaya apa", "itu berbahaya apa", "normal apa", "wajar apa")
_SOMEONE = frozenset({"saya", "istri", "menantu", "adik", "kakak", "tetangga", "anak", "mbak", "ny", "pasien", "dia",
                      "bini", "rabi", "ponakan", "keponakan", "cucu", "ipar"})


def general_question(words: Sequence[str]) -> bool:
    """Whether the words ask about a sign in general: a question of what it is or means, with
    nobody named who has it (the caller checks that nothing urgent is said)."""
    text = " ".join(w for w in words if w)
    if "tanda bahaya" in text or "ciri ciri" in text or "tanda tanda" in text:
        return True
    return any(q in text for q in _ABOUT_A_SIGN) and not _someone(words)


_ASKING = frozenset({"tanya", "takon", "nanya", "nyuwun", "tangklet"})


def _someone(words: Sequence[str]) -> bool:
    """Someone named who has the sign: not "mbak" said to the bot at the start ("mbak mau tanya")
    or after asking ("aku mung takon mbak, ..."),
    not "saya" who asks ("aku takon ...", round 22)."""
    words = [w for w in words if w]
    for i, w in enumerate(words):
        if w not in _SOMEONE or (w == "mbak" and (i < 3 or words[i - 1] in _ASKING)) \
                or (w == "saya" and set(words[i + 1 : i + 3]) & _ASKING):
            continue
        return True
    return False


# A question of what a pregnant woman may eat, drink or take ("oreng ngandung olle ngakan tape?",
# "ibu hamil boleh minum kopi?", set K): no sign, no alarm from the classifier alone.
_DIET = frozenset({"makan", "ngakan", "mangan", "minum", "ngombe", "ngenom", "obat", "jamu", "tape", "kopi", "durian",
                   "nanas", "es", "sate", "pedas", "vitamin", "susu", "dahar", "ngunjuk", "dhahar", "nedha", "duren",
                   "kunyit", "kunir", "jahe", "soda", "mie", "kepiting", "cumi", "ngopi", "rokok", "paracetamol",
                   "paramex", "pijet", "dipijet", "pijat", "dipijat", "urut", "diurut", "motor", "senam",
                   "olahraga", "puasa", "ngeteh", "teh"})
_MAY = frozenset({"boleh", "olle", "oleh", "aman", "kepareng", "pareng", "apakah", "bahaya", "angsal", "kenging",
                  "ole", "entuk", "olih", "kengeng", "kenneng"})


def diet_question(words: Sequence[str], anyone: bool = False) -> bool:
    """Whether the words ask what a pregnant woman may eat or drink, and nothing more (about
    nobody in particular, unless ``anyone``: "bini kaula terro ngakan duren, olle ta'?")."""
    words = [w for w in words if w]
    return bool(_DIET & set(words)) and bool(_MAY & set(words)) and len(words) <= (24 if anyone else 14) and (
        anyone or not _someone(words))


# "iku bahaya ora yo?", "normal gak sih?", "iku bahaya ta?": whether something is harmful, asked
_HARMFUL = ("bahaya ta", "bahaya tah", "bahaya kah", "bahaya ya", "berbahaya ta", "berbahaya ya", "bahaya tidak", "bahaya apa tidak", "bahaya atau", "berbahaya tidak", "berbahaya apa tidak",
            "apakah bahaya", "apakah berbahaya", "apa bahaya", "normal tidak", "normal apa tidak", "wajar tidak",
            "aman tidak", "aman apa tidak", "bahaya apa", "berbahaya apa", "normal apa", "aman apa", "wajar apa")
_ENDED = frozenset({"mandek", "mandeg", "mandheg", "berhenti", "bersih", "resik", "hilang", "ilang", "sembuh",
                    "mari", "baik", "sehat", "reda", "normal"})


def asks_about_the_past(words: Sequence[str]) -> bool:
    """A sign told as over now, then asked whether it is harmful ("minggu wingi metu flek ...,
    saiki wis mandek. iku bahaya ora yo?", round 24: paged as an emergency)."""
    words = [w for w in words if w]
    text = " ".join(words)
    if not any(q in text for q in _HARMFUL) or _STILL & set(words):
        return False
    return any(w == "sekarang" and (_ENDED & set(words[i + 1 : i + 4]) or (
        "tidak" in words[i + 1 : i + 3] and not HELPLESS & set(words[i + 1 : i + 5]))) for i, w in enumerate(words))
