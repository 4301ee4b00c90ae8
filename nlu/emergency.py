"""Pregnancy danger-sign rules (pure, no Rasa): the emergency safety net's decision.

A pregnancy emergency must never depend on the classifier alone. ``detect(words)`` looks at the
normalised words of a message (``nlu.text.normalise_word``: getihen -> pendarahan, meteng -> hamil,
kawah -> ketuban, semaput -> pingsan, bumil -> ibu hamil) and returns the reason when a danger sign of
the Buku KIA (see data/reference/domain/danger_signs.md) is reported for a pregnant, labouring or
just-delivered woman, else None.

Decisions (documented in docs/nlu.md):
* Self-contained signs fire alone: waters broken/leaking, the baby in the womb not moving,
  cord or hand out, "keguguran", labour now with no help/transport.
* Other signs (bleeding, seizure, fainting, severe headache, blurred sight, high fever, severe belly pain) need
  a pregnancy word in the message (hamil, kandungan, janin, melahirkan, bersalin, nifas, hpl...) or a woman who
  may be pregnant ("ibu", "istri", "mbak") unless the message is clearly about someone else (anak, mbah, ...).
* Not danger: "darah tinggi", "tekanan darah"; a sign negated or past ("tidak ada pendarahan",
  "riwayat kejang"); a question about a sign in general (``nlu.subjects.general_question``).
"""

from __future__ import annotations

from collections.abc import Sequence

from nlu.emergency_text import BOUNDARY, SEVERE_BP, obstetric_report, preeclampsia_told, severe_bp, well_since, words_of  # noqa: F401
from nlu.emergency_text import fever_degrees as _fever_degrees
from nlu.emergency_text import hot_day as _hot_day
from nlu.emergency_text import weeks as _weeks
from nlu.emergency_words import (
    AGO_UNITS,
    BLOOD_NOT_BLEEDING,
    CARRYING_AFTER,
    CARRYING_BEFORE,
    EARLIER,
    HAD,
    HELPLESS,
    MAY_CAUSE,
    NEGATION_REACHES,
    NEGATORS,
    NOW_WORDS,
    PAST,
    PREGNANCY,
    RECENT,
    STOPPED,
    TITLES,
    URGENT,
    WEAK_WOMAN,
    WITHDRAW_PHRASES,
)
from nlu.subjects import SOFT_SIGNS, animal_subject, general_question, other_subject, recovered


def _clause(window: Sequence[str]) -> Sequence[str]:
    """The words of ``window`` (just before a target) in the target's sentence, from its last "now" on."""
    for k in range(len(window) - 1, -1, -1):
        if window[k] == BOUNDARY or window[k] in NOW_WORDS:
            return window[k + 1 :]
    return window


def _negated(words: Sequence[str], i: int, span: int = 2) -> bool:
    before = list(_clause(words[max(0, i - span) : i]))
    for j in range(len(before) - 1, -1, -1):
        if before[j] in NEGATORS:
            return True
        if before[j] not in NEGATION_REACHES:
            return False
    return False


def _past(words: Sequence[str], i: int) -> bool:
    before = _clause(words[max(0, i - 5) : i])
    if any(w in PAST for w in before):
        return True
    if any(w in HAD for w in before):  # "persalinan ke-2 sempat perdarahan", not "sempat pingsan tadi"
        around = list(before) + list(words[i + 1 : i + 4])
        if not any(w in RECENT for w in around) or well_since(words, i):
            return True
    # "keguguran itu dulu" (that miscarriage was before), not "dari dulu" (since then: still
    # now); "keguguran 2 tahun lalu" (ago), not "kejang sebentar lalu tidur" (then)
    after = list(words[i + 1 : i + 4])
    for j, w in enumerate(after):
        if w == BOUNDARY:
            break
        before = after[j - 1] if j else ""
        if w == "dulu" and j < 2 and before not in ("dari", "sejak", "mulai"):
            return True
        if w == "riwayat" and j < 3:  # "perdarahan itu riwayat" (that bleeding is history)
            return True
        if w == "lalu" and before in AGO_UNITS:
            return True
    return False


def _after_birth_bleeding(words: Sequence[str], labour: int) -> bool:
    i = _bleeding(words)
    return (i is not None and not _stopped(words, i) and not _negated(words, i) and not _past(words, i) and labour > 0
            and words[labour - 1] in ("baru", "habis", "sudah", "nembe", "barusan", "selesai"))


def _had(words: Sequence[str], i: int, j: int) -> bool:
    """"ketuban sempat rembes": "sempat" between the sign's words, not today ("tadi", "barusan")."""
    between = words[min(i, j) : max(i, j)]
    return any(w in HAD for w in between) and not _has(words, RECENT - {"ini"})


def _not_this_now(words: Sequence[str], i: int) -> bool:
    """"(yg pertama keguguran)": another pregnancy; "bisa keguguran" (may cause it, round 25): none now."""
    return any(w in EARLIER for w in _clause(words[max(0, i - 3) : i])) or _has(words[max(0, i - 2) : i], MAY_CAUSE)


def _has(words: Sequence[str], vocab) -> bool:
    return any(w in vocab for w in words)


def _near(words: Sequence[str], i: int, vocab, before: int = 3, after: int = 3) -> bool:
    return any(w in vocab for w in words[max(0, i - before) : i + after + 1])


def _bleeding(words: Sequence[str], start: int = 0) -> int | None:
    for i, w in enumerate(words[start:], start):
        if w in ("pendarahan", "berdarah", "getihen", "perdarahan", "keguguran") and (
                w != "keguguran" or not _not_this_now(words, i)):  # not "(yg pertama keguguran)": an earlier one
            return i
        if w == "darah" and not (set(words[max(0, i - 2) : i]) | set(words[i + 1 : i + 2])) & BLOOD_NOT_BLEEDING:
            return i
        if w == "flek" and _near(words, i, {"banyak", "terus", "deras", "merah", "darah", "gumpalan", "segar", "tidak", "berhenti"}, 2, 3):
            return i
    return None


def _stopped(words: Sequence[str], i: int) -> bool:
    """"pendarahan sudah berhenti", "getihe wis mandek": the bleeding is over (but "belum
    berhenti", "tidak berhenti" is still going)."""
    after = list(words[i + 1 : i + 7])  # "getihen sithik nanging saiki wis resik" (set K)
    for j, w in enumerate(after):
        if w == BOUNDARY:
            return False
        if w in STOPPED:
            before = after[max(0, j - 2) : j]
            return bool(set(before) & {"sudah", "udah", "wis", "wes", "sampun", "mulai"}) and not (
                set(before) & {"belum", "tidak", "gak", "ga", "nggak", "durung", "ora"})
    return False


def _urgent(words: Sequence[str]) -> bool:
    """An urgency word not taken back ("bukan darurat" is no urgency)."""
    return any(w in URGENT and not _negated(words, i) for i, w in enumerate(words))


def _find(words: Sequence[str], targets) -> int | None:
    for i, w in enumerate(words):
        if w in targets:
            return i
    return None


def detect(words: Sequence[str]) -> str | None:
    """Reason string when the words report a pregnancy danger sign now, else None (a sign that
    passes, told as over now, is none: ``nlu.subjects.recovered``)."""
    reason = _detect(words)
    return None if reason in SOFT_SIGNS and recovered(words, URGENT) else reason


def _detect(words: Sequence[str]) -> str | None:
    words = [w for w in words if w]
    if not words or animal_subject(words):  # "sapi sy lagi melahirkan ... nyangkut": no woman
        return None
    if general_question(words) and not _urgent(words):  # "ketuban pecah dini itu apa sih bahayanya"
        return None
    global_past = "riwayat" in words and not _urgent(words)

    def ok(i: int | None) -> bool:
        return i is not None and not _negated(words, i) and not _past(words, i) and not global_past

    # --- signs that are about pregnancy by themselves ----------------------------------
    for i, w in enumerate(words):
        # "celak kawah Ijen": the crater near Banyuwangi, not the waters (Javanese "kawah")
        if w in ("kawah", "ketuban") and i + 1 < len(words) and words[i + 1] in ("ijen", "sendirian", "wurung", "gunung"):  # the normaliser reads "ijen" as "alone"
            continue
        if w in ("ketuban", "kawah"):
            leaking = {"pecah", "rembes", "keluar", "bocor", "netes", "hijau", "berbau", "bau", "merembes",
                       "habis", "mengalir", "banjir", "basah"}
            # "ketubannya mbak ira udh pecah" (set N: a name between them, missed)
            window = words[max(0, i - 5) : i + 6]
            if set(window) & leaking:
                j = next(k for k in range(max(0, i - 5), min(len(words), i + 6)) if words[k] in leaking)
                checked = _has(words[j:], {"cek", "diperiksa", "periksa"}) and _has(words[j:], {"aman", "normal", "baik"})
                if ok(i) and ok(j) and not _had(words, i, j) and not checked:
                    return "ketuban"
    if "keguguran" in words and ok(words.index("keguguran")) and not _not_this_now(words, words.index("keguguran")):
        return "keguguran"
    for i, w in enumerate(words):
        if w in ("tali", "tangan", "kaki") and i + 2 < len(words) + 1:
            nxt, out = words[i + 1 : i + 5], {"keluar", "menumbung", "nongol", "kelihatan", "tampak"}  # set K
            if w == "tali" and ({"pusar", "pusat"} & set(nxt)) and out & set(nxt):
                return "tali pusar keluar"
            if w in ("tangan", "kaki") and "bayi" in nxt and out & set(nxt) and ok(i):
                return "bagian bayi keluar"
    fetal = _has(words, {"janin", "kandungan", "perut", "hamil", "dedek", "jabang"})
    for i, w in enumerate(words):
        if w in ("gerak", "bergerak", "gerakan", "nendang", "menendang", "gerakannya", "tendangan"):
            window = words[max(0, i - 4) : i + 3]
            reduced = set(window) & {"tidak", "kurang", "jarang", "berhenti", "diam", "lemah", "berkurang", "belum", "sepi",
                                     "sing", "blas", "ora", "ta", "tak"}  # Osing "sing obah blas", Madurese "ta' obah"
            # "gerakan bayi saya kok berkurang": a plain reduction a few words on, not taken back
            later = words[i + 3 : i + 6]
            reduced = reduced or {k for k, x in enumerate(later) if x in ("berkurang", "berhenti", "jarang", "diam")
                                  and not _negated(words, i + 3 + k)}
            if set(words[i + 1 : i + 3]) & {"aktif", "normal", "baik", "biasa"}:
                reduced = set()  # "gerakannya aktif, tidak ada keluhan"
            if reduced and (fetal or "bayi" in words) and ("janin" in words or "kandungan" in words or "perut" in words
                                                          or _has(words, PREGNANCY) or _weeks(words)) and not _past(words, i):
                return "janin tidak bergerak"
    for i, w in enumerate(words):
        # the placenta (ari-ari) not out after the birth
        if w in ("plasenta", "ari") and _near(words, i, {"belum", "tidak"}, 0, 3) and _near(words, i, {"keluar", "lahir", "lepas"}, 0, 4):
            return "plasenta belum keluar"
    # a labour that does not progress, as cadres write it: "inpartu kala I memanjang", "partus lama/macet"
    for i, w in enumerate(words):
        if (w in ("inpartu", "partus", "persalinan", "kala") and _near(words, i, {"memanjang", "macet", "lama", "tak"}, 0, 3)
                and (w != "persalinan" or _near(words, i, {"memanjang", "macet"}, 0, 2)) and ok(i)):
            return "persalinan lama"
    labour = _find(words, {"melahirkan", "bersalin", "mules", "kontraksi", "pembukaan", "lahiran", "ngeden", "mengejan",
                           "kenceng", "inpartu"})  # Javanese: the belly tightening, contractions
    if labour is None:  # "wis arep lahir", "mau lahir": the birth is coming now
        labour = next((i for i, w in enumerate(words) if w == "lahir" and i > 0 and words[i - 1] in ("mau", "akan")),
                      None)
    if labour is None and "bayi" in words and "keluar" in words and _has(words, {"kembar", "kepala", "separuh", "satu"}):
        labour = words.index("bayi")  # a birth under way: "bayi kembar sudah keluar satu"
    if (labour is not None and words[labour] in ("melahirkan", "lahiran") and labour > 0
            and words[labour - 1] in ("baru", "habis", "sudah", "nembe", "barusan", "selesai", "lagi")
            and _near(words, labour, {"hari", "minggu"}, 0, 3)):
        labour = None  # "nembe nglairaken telung dino": delivered days ago, the puerperium's signs decide
    if labour is not None and _has(words, {"akta", "akte", "kelairan", "kelahiran", "sktm", "biaya"}):
        labour = None  # "ngurus akte kelahiran", "SKTM gawe biaya lairan": a birth told for a paper
    if labour is not None and not _past(words, labour):
        hypothetical = _has(words, {"nanti", "rencana", "persiapan", "hpl", "kalau", "jika", "besok", "lusa", "periksa", "kontrol",
                                    "sebelum", "singgah", "mengko", "engko", "ngko"}) or any(
            w in ("bulan", "minggu") and i + 1 < len(words) and words[i + 1] in ("depan", "lagi") for i, w in enumerate(words))
        no_help = False
        for i, w in enumerate(words):
            helper = w in ("bidan", "kendaraan", "mobil", "ambulans", "transport", "angkutan", "motor", "nolong",
                           "menolong", "penolong", "orang", "antar", "mengantar", "yang", "dukun")
            if helper and _near(words, i, {"tidak", "belum", "susah", "jauh"}, 3, 0):
                no_help = True
            # "bidane sing ono, mobil yo sing ono" (Osing: no midwife, no car): the "none" after
            if helper and i + 2 < len(words) and words[i + 1] in ("tidak", "belum", "sing", "ora", "gak", "ndak") \
                    and words[i + 2] == "ada":
                no_help = True
            # Osing "sing ono sing ngeterno" (nobody to take her): "sing" is "not" before "ada"
            if w == "ada" and i > 0 and words[i - 1] == "sing" and _near(words, i, {"antar", "ngeterno", "ngeterke",
                                                                                      "nolong", "kendaraan", "motor"}, 0, 3):
                no_help = True
            # "suami tidak ada di rumah", "bidan belum datang"
            if (helper or w == "suami") and i + 1 < len(words) and words[i + 1] in ("tidak", "belum", "sedang", "lagi"):
                no_help = True
        urgent = _has(words, {"tolong", "darurat", "segera", "cepat", "sekarang", "gawat", "sudah", "keluar", "jemput",
                              "urgent", "ambulans"})
        # she cannot cope: "tidak kuat ngeden", "kesakitan hebat", a breech baby
        distress = _has(words, {"sungsang", "kesakitan"}) or any(
            w == "kuat" and i > 0 and words[i - 1] == "tidak" for i, w in enumerate(words))
        now = _has(words, {"sudah", "sekarang", "mau", "lagi", "sedang", "mulai", "terus"})
        # "sekarang sehat", "saiki wis biasa maneh", "untung ibunya selamat": the labour told is over or another
        # "tapi saiki wis ora, opo bahaya?" (round 25): over now ("sudah tidak kuat/ada ..." is not)
        fine_now = any(w == "tidak" and words[i - 1 : i + 2][:2] == ["sudah", "tidak"] and "sekarang" in words[i - 3 : i]
                       and not set(words[i + 1 : i + 2]) & HELPLESS for i, w in enumerate(words) if i > 2) or any(
            w in ("sehat", "stabil", "biasa", "selamat", "membaik", "mendingan", "enakan", "normal")
                       and i > 0 and words[i - 1] in ("sekarang", "ini", "sudah", "ybs", "kondisi", "untung", "ibu",
                                                      "alhamdulillah", "sampun", "dan", "lan")
                       for i, w in enumerate(words))
        if (distress and not hypothetical) or (no_help and (now or urgent) and not hypothetical and not fine_now) or (
                urgent and now and not hypothetical and not fine_now):
            if labour is not None and ("mules" == words[labour] or "kontraksi" == words[labour]) and not _has(
                    words, PREGNANCY | {"ketuban", "bayi", "pembukaan", "ngeden", "mengejan", "lahir", "bidan", "dukun", "lendir"}):
                pass  # "perut mules" alone is not labour
            else:  # "baru melahirkan, darah keluar terus" is a bleeding after the birth (set K)
                return "pendarahan" if _after_birth_bleeding(words, labour) else "persalinan tanpa pertolongan"

    # --- signs that need a pregnancy context -------------------------------------------
    # "bukan ibu hamil", "dudu meteng": a pregnancy word that is denied does not count
    pregnant = any(w in PREGNANCY and not _negated(words, i) for i, w in enumerate(words)) or any(
        (w == "isi" and ((i > 0 and words[i - 1] in CARRYING_BEFORE) or (i + 1 < len(words) and words[i + 1] in CARRYING_AFTER)))
        or (w == "lahir" and i > 0 and words[i - 1] in ("sudah", "baru", "habis", "barusan"))
        for i, w in enumerate(words)
    )
    # told to the midwife, of no one else: "hamil" goes without saying (set G)
    pregnant = pregnant or obstetric_report(words) or (preeclampsia_told(words) and not other_subject(words))
    woman = any(
        w in WEAK_WOMAN and not (i + 1 < len(words) and words[i + 1] in TITLES) and not (w == "ibu" and i == 0 and len(words) > 1 and words[1] not in {"hamil", "saya", "sy", "nifas"})
        for i, w in enumerate(words)
    )
    other = other_subject(words) or ("anak" in words and not pregnant) or ("bayi" in words and not pregnant)
    if not pregnant and (not woman or other):
        return None

    i = _bleeding(words)
    while i is not None and (not ok(i) or _stopped(words, i)):  # "pernah pendarahan kemarin, sekarang keluar
        i = _bleeding(words, i + 1)  # darah lagi banyak" (round 28, our own: the second one was never read)
    if i is not None:
        return "pendarahan"
    i = _find(words, {"kejang", "step", "eklampsia", "preeklampsia", "kejer", "stuip", "kejet", "kelojotan"})
    if ok(i):
        return "kejang"
    i = _find(words, {"pingsan", "semaput", "sadar", "sadarkan", "klenger"})
    if i is not None and words[i] == "sadarkan":
        words = list(words)
        words[i] = "sadar"
    if i is not None and words[i] == "sadar" and not _near(words, i, {"tidak", "belum", "hilang", "kurang", "tak"}, 3, 0):
        i = None
    elif i is not None and words[i] == "sadar":
        return "tidak sadar"
    if ok(i):
        return "pingsan"
    if not pregnant:
        return None  # the remaining signs need an explicit pregnancy word
    i = _find(words, {"darurat", "kritis", "gawat"})
    if ok(i) and not _negated(words, i, 6):  # "gak onok wong meteng sing darurat" (round 22)
        return "darurat"
    # severe pre-eclampsia as a cadre writes it: "TD 160/110", "nyeri ulu hati" (epigastric pain)
    i = _find(words, {SEVERE_BP})
    if i is not None and not _past(words, i):
        return "tekanan darah sangat tinggi"
    for i, w in enumerate(words):
        if (w == "ulu" and i + 1 < len(words) and words[i + 1] == "hati" and not _negated(words, i, 3)
                and not _past(words, i) and _near(words, i, {"nyeri", "sakit", "perih"}, 2, 3)):
            return "nyeri ulu hati"
    for i, w in enumerate(words):
        if w in ("pandangan", "mata", "penglihatan") and _near(words, i, {"kabur", "gelap", "berkunang", "buram", "burem", "kunang"}, 0, 3) and ok(i):
            return "pandangan kabur"
        severe_head = w == "kepala" and _near(
            words, i, {"hebat", "berat", "parah", "sekali", "banget", "sangat", "pecah", "tidak", "berdenyut"}, 0, 3
        )
        if (severe_head and not _past(words, i) and _near(words, i, {"sakit", "pusing", "nyeri"}, 2, 2)
                and not _negated(words, i - 1)):
            return "sakit kepala hebat"
        if w == "suhu" and any(_fever_degrees(x) for x in words[i + 1 : i + 3]) and ok(i):
            return "demam tinggi"  # a cadre's "suhu 38,7 C"
        high_fever = w in ("demam", "panas") and (
            _near(words, i, {"tinggi", "menggigil", "parah", "banget", "sangat", "sekali", "tidak", "terus"}, 0, 3)
            or _near(words, i, {"menggigil"}, 4, 4)
            or any(_fever_degrees(x) for x in words[i + 1 : i + 4])
            or (w == "demam" and _has(words, {"nifas", "melahirkan"}))
        )
        if high_fever and ok(i) and not (w == "panas" and _hot_day(words, i)):
            return "demam tinggi"
        if w == "cairan" and _near(words, i, {"bau", "berbau", "busuk", "nanah"}, 0, 4) and ok(i):
            return "cairan berbau"
        # "mambu ora enak teko ngisor" (a foul smell from below) after a birth: infection
        if (w in ("bau", "berbau") and _has(words, {"melahirkan", "nifas", "lahiran", "persalinan", "postpartum", "partum"})
                and _near(words, i, {"bawah", "kemaluan", "lahir", "busuk", "enak", "amis"}, 0, 5) and ok(i)):
            return "cairan berbau"
        if w == "muntah" and (
            _near(words, i, {"terus", "terus-terusan", "sampai", "parah", "sangat", "banget"}, 0, 2)
            and _has(words, {"lemas", "makan", "minum", "pingsan", "berdiri"})
        ) and ok(i):
            return "muntah terus"
        if w == "bengkak" and _has(words, {"muka", "wajah", "tangan", "mata"}) and ok(i):
            return "bengkak wajah dan tangan"  # Buku KIA: swelling of face and hands
        if w == "sesak" and ok(i):
            return "sesak napas"
        if w == "pusing" and (
            _near(words, i, {"hebat", "berat", "parah", "sekali", "banget", "sangat"}, 0, 2)
            or _has(words, {"kabur", "bengkak", "berkunang"})
        ) and not _past(words, i) and not _negated(words, i):
            return "sakit kepala hebat"
        if w == "perut" and _near(words, i, {"hebat", "parah", "melilit", "sekali", "banget", "sangat"}, 0, 3) and _near(words, i, {"sakit", "nyeri", "mules"}, 2, 2) and ok(i):
            return "nyeri perut hebat"
    return None



def denies_pregnancy(words: Sequence[str]) -> bool:
    """The message says the woman is not pregnant or that it is no emergency ("iku mbah painah
    dudu ibu hamil", "bukan darurat, salah kirim") and names no danger sign of a pregnancy.
    A villager who says so withdraws a false alarm."""
    words = [w for w in words if w]
    if detect(words):
        return False
    text = " ".join(words)
    negated_pregnancy = any(w in PREGNANCY | {"bumil"} and _negated(words, i, span=3) for i, w in enumerate(words))
    return negated_pregnancy or animal_subject(words) or any(p in text for p in WITHDRAW_PHRASES)  # a goat (round 22)


def mentions_pregnancy(words: Sequence[str]) -> bool:
    """A pregnancy, labour or birth is named (not denied): the message may be about a mother."""
    words = [w for w in words if w]
    fetal = {"ketuban", "kawah", "janin", "kandungan", "melahirkan", "bersalin", "nifas", "plasenta"}
    return any(w in PREGNANCY | fetal and not _negated(words, i) for i, w in enumerate(words))


def detect_in_pregnancy(words: Sequence[str]) -> str | None:
    """``detect`` for a message known to be about a pregnant woman (her report, her form): the
    pregnancy goes without saying ("keluar darah banyak", "sakit kepala hebat")."""
    return detect([*words, "hamil"])


def detect_text(text: str) -> str | None:
    """Convenience for tests and the Python side: raw message -> reason or None."""
    return detect(words_of(text, boundaries=True))
