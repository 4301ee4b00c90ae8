"""Naming the danger signs a message reports (pure): the one vocabulary stored on an
emergency case as ``danger_signs`` and shown to the officers (labels in
``bot.core.escalation.SIGN_LABEL``). ``nlu.emergency.detect`` decides *whether* there is an
emergency; this names *which* signs."""
from __future__ import annotations

import re

from nlu.emergency import detect_text
from nlu.text import normalise_text

# The one danger-sign vocabulary: which signs a message names (stored on the emergency case
# as ``danger_signs``; the officers' labels are ``bot.core.escalation.SIGN_LABEL``, kept
# complete by tests/nlu/test_emergency.py). Words villagers use (Buku KIA,
# data/reference/domain/danger_signs.md), matched on the raw and the normalised text.
SIGN_WORDS: dict[str, str] = {
    "perdarahan": r"p[ea]ndarahan|perdarahan|berdarah|darah(nya)? (keluar|banyak|terus)|keluar darah|getih|flek",
    "kejang": r"kejang|kejeng|step\b|kaku[- ]kaku|sawan",
    "ketuban_pecah": r"(ketuban|kawah)(?!\w*\s+(ijen|sendirian|wurung|gunung))|pecah air|air (keluar|ngerembes|merembes)|rembes",
    "demam_tinggi": r"demam|panas (tinggi|banget|sekali)|meriang|menggigil",
    "sakit_kepala_pandangan_kabur": r"sakit kepala|pusing (berat|hebat|sekali|banget)|pandangan kabur|mata kabur|"
                                    r"berkunang|ngelu",
    "pingsan": r"pingsan|tidak sadar|tak sadar|semaput|kelenger|lemas sekali",
    "janin_kurang_gerak": r"(tidak|tdk|gak|ga|kurang|jarang|ndak|nggak) (ber)?gerak|gerak(an)?(nya)? (ber)?kurang|"
                          r"tidak terasa gerak|bayi(nya)? diam",
    "muntah_terus": r"muntah terus|muntah-muntah|muntah muntah",
    "bengkak": r"bengkak",
    "persalinan": r"mau (me)?lahir|akan (me)?lahir|mules|mulas|kontraksi|kenceng|bukaan|sudah lahir|baru lahir|"
                  r"melahirkan|tali pusa?r",
    "sesak_napas": r"sesak",
    "nyeri_perut": r"(sakit|nyeri) perut (hebat|parah|sekali|banget|melilit)|perut (melilit|sakit sekali)",
    "cairan_berbau": r"cairan\w* (ber)?bau|keputihan (ber)?bau|bau busuk",
    "plasenta": r"(ari[- ]ari|plasenta)\w* (belum|tidak|tdk|gak) keluar",
    "tekanan_darah_tinggi": r"\b(1[6-9]\d|2\d\d)\s*/\s*\d{2,3}|\b\d{3}\s*/\s*(1[1-9]\d)\b",
    "nyeri_ulu_hati": r"ulu ?hati|epigastri",
}
# What ``detect`` fires for, as a sign name: the sign the safety net saw is always named.
REASON_SIGN = {
    "ketuban": "ketuban_pecah", "keguguran": "perdarahan", "tali pusar keluar": "persalinan",
    "bagian bayi keluar": "persalinan", "janin tidak bergerak": "janin_kurang_gerak",
    "plasenta belum keluar": "plasenta", "persalinan tanpa pertolongan": "persalinan", "persalinan lama": "persalinan",
    "pendarahan": "perdarahan", "kejang": "kejang", "tidak sadar": "pingsan", "pingsan": "pingsan",
    "pandangan kabur": "sakit_kepala_pandangan_kabur", "sakit kepala hebat": "sakit_kepala_pandangan_kabur",
    "demam tinggi": "demam_tinggi", "cairan berbau": "cairan_berbau", "muntah terus": "muntah_terus",
    "bengkak wajah dan tangan": "bengkak", "sesak napas": "sesak_napas", "nyeri perut hebat": "nyeri_perut",
    "tekanan darah sangat tinggi": "tekanan_darah_tinggi", "nyeri ulu hati": "nyeri_ulu_hati",
    "darurat": None,
}


def name_signs(text: str) -> list[str]:
    """The danger signs a message names, in ``SIGN_WORDS`` order; ['lainnya'] when none."""
    raw = (text or "").lower()
    normalised = normalise_text(text or "").lower()
    reason = detect_text(text)
    named = {REASON_SIGN.get(reason)} if reason else set()
    found = [sign for sign, pattern in SIGN_WORDS.items()
             if sign in named or re.search(pattern, raw) or re.search(pattern, normalised)]
    return found or ["lainnya"]
