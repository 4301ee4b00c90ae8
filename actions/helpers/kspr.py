"""Kartu Skor Poedji Rochjati (KSPR): the factor table, scoring and risk groups.

Pure functions, no Rasa. The table is data (``data/kspr_factors.csv``, sources in
``data/kspr_factors.SOURCE.txt``); only the questions the bot asks are code.

Scoring (card): every pregnant woman starts at 2; each factor present adds its score
(4, or 8 for sesar, sungsang, lintang, perdarahan, preeklampsia berat/kejang).
Groups: 2 = KRR (kehamilan risiko rendah), 6-10 = KRT (risiko tinggi),
>= 12 = KRST (risiko sangat tinggi). Totals are always 2 + 4k, so 12 itself cannot occur.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.core.settings import KSPR_CSV

TABLE_PATH = KSPR_CSV

INITIAL_SCORE = 2
KRR, KRT, KRST = "KRR", "KRT", "KRST"


@dataclass(frozen=True)
class Factor:
    no: str
    group: str  # I (APGO), II (AGO), III (AGDO)
    factor_id: str
    wording: str
    score: int


@dataclass(frozen=True)
class KsprResult:
    score: int
    risk_level: str
    factors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def high_risk(self) -> bool:
        return self.risk_level in (KRT, KRST)


@lru_cache(maxsize=1)
def factor_table(path: str | None = None) -> dict[str, Factor]:
    """factor_id -> Factor, from the CSV (the initial-score row is left out)."""
    with open(path or TABLE_PATH, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = {}
    for row in rows:
        if row["factor_id"] == "skor_awal":
            continue
        table[row["factor_id"]] = Factor(
            no=row["no"], group=row["group"], factor_id=row["factor_id"],
            wording=row["wording_id"], score=int(row["score"]),
        )
    return table


def risk_level(score: int) -> str:
    """The Poedji Rochjati group of a total score."""
    if score < INITIAL_SCORE:
        raise ValueError(f"a KSPR total is at least {INITIAL_SCORE}, got {score}")
    if score >= 12:
        return KRST
    if score >= 6:
        return KRT
    return KRR


def score(factor_ids: Iterable[str]) -> KsprResult:
    """Total score and group for the factors present (each counted once).

    >>> score([]).risk_level
    'KRR'
    >>> score(["pernah_operasi_sesar"]).score
    10
    """
    table = factor_table()
    present = sorted(set(factor_ids), key=lambda f: _order(table, f))
    unknown = [f for f in present if f not in table]
    if unknown:
        raise ValueError(f"unknown KSPR factor(s): {', '.join(unknown)}")
    total = INITIAL_SCORE + sum(table[f].score for f in present)
    return KsprResult(score=total, risk_level=risk_level(total), factors=tuple(present))


def _order(table: dict[str, Factor], factor_id: str) -> tuple[int, str]:
    ids = list(table)
    return (ids.index(factor_id) if factor_id in table else len(ids), factor_id)


def has_emergency_factor(factor_ids: Iterable[str]) -> bool:
    """True when a group III (gawat darurat obstetrik) factor is present."""
    table = factor_table()
    return any(table[f].group == "III" for f in factor_ids if f in table)


# --------------------------------------------------------------------------- derived


def derive_factors(
    *,
    age: int | None = None,
    pregnancy_number: int | None = None,
    children: int | None = None,
    gestation_weeks: int | None = None,
) -> set[str]:
    """Factors that follow from plain answers (age, which pregnancy, children, weeks).

    - first pregnancy at 16 or younger: terlalu_muda (1)
    - first pregnancy at 35 or older: terlalu_tua_hamil_pertama (2b)
    - a later pregnancy at 35 or older: terlalu_tua_umur (6); the card's 2b and 6 are
      read as first vs later pregnancy, so one woman never gets both for her age
    - 4 or more children: terlalu_banyak_anak (5)
    - 42 weeks or more: kehamilan_lebih_bulan (16)
    """
    found: set[str] = set()
    first = pregnancy_number == 1
    if age is not None:
        if first and age <= 16:
            found.add("terlalu_muda")
        if age >= 35:
            found.add("terlalu_tua_hamil_pertama" if first else "terlalu_tua_umur")
    if children is not None and children >= 4:
        found.add("terlalu_banyak_anak")
    if gestation_weeks is not None and gestation_weeks >= 42:
        found.add("kehamilan_lebih_bulan")
    return found


# --------------------------------------------------------------------------- questions

# What the bot asks, SMS-style ("balas nomor yang sesuai"). Option number -> factor ids.
# The wording of each question lives in domain/pregnancy.yml (utter_ask_<slot>); a unit
# test checks that every option here appears there. Factors a lay reporter cannot know
# (hydramnion, bayi mati dalam kandungan, penyakit menular seksual) are left to the
# midwife's own check; perdarahan and kejang now are emergencies (emergency flow).
RISK_QUESTIONS: dict[str, dict[int, tuple[str, ...]]] = {
    # earlier deliveries, losses, spacing and body, in one question: a later pregnancy
    "hml_risk_a": {
        1: ("pernah_operasi_sesar",),
        2: ("riwayat_tarikan_tang_vakum",),
        3: ("riwayat_uri_dirogoh",),
        4: ("riwayat_infus_transfusi",),
        5: ("pernah_gagal_kehamilan",),
        6: ("terlalu_cepat_hamil_lagi",),
        7: ("terlalu_lama_hamil_lagi",),
        8: ("terlalu_pendek",),
    },
    # the same question for a first pregnancy (history, spacing and losses do not apply)
    "hml_risk_a_first": {
        1: ("terlalu_pendek",),
        2: ("terlalu_lambat_hamil_pertama",),
    },
    # this pregnancy
    "hml_risk_c": {
        1: ("penyakit_kurang_darah_malaria",),
        2: ("penyakit_tbc_payah_jantung",),
        3: ("penyakit_kencing_manis",),
        4: ("bengkak_tekanan_darah_tinggi",),
        5: ("hamil_kembar",),
        6: ("letak_sungsang",),
        7: ("letak_lintang",),
        8: ("kehamilan_lebih_bulan",),
    },
}

# Options that only make sense for a first pregnancy / a later one.
FIRST_PREGNANCY_ONLY = {"terlalu_lambat_hamil_pertama"}
LATER_PREGNANCY_ONLY = {"terlalu_cepat_hamil_lagi", "terlalu_lama_hamil_lagi", "pernah_gagal_kehamilan"}


def factors_for_choices(question: str, choices: Iterable[int]) -> set[str]:
    """Factor ids for the numbers picked in one risk question."""
    options = RISK_QUESTIONS[question]
    found: set[str] = set()
    for n in choices:
        if n not in options:
            raise ValueError(f"{question} has no option {n}")
        found.update(options[n])
    return found


def applicable(factor_ids: Iterable[str], pregnancy_number: int | None) -> set[str]:
    """Drop picked factors that contradict which pregnancy this is."""
    factor_ids = set(factor_ids)
    if pregnancy_number == 1:
        return factor_ids - LATER_PREGNANCY_ONLY
    if pregnancy_number and pregnancy_number > 1:
        return factor_ids - FIRST_PREGNANCY_ONLY
    return factor_ids


def assess(
    *,
    age: int | None,
    pregnancy_number: int | None,
    children: int | None,
    gestation_weeks: int | None,
    picked: Iterable[str] = (),
) -> KsprResult:
    """Score one report: the derived factors plus those picked from the questions."""
    factors = derive_factors(
        age=age, pregnancy_number=pregnancy_number, children=children, gestation_weeks=gestation_weeks
    )
    factors |= applicable(picked, pregnancy_number)
    return score(factors)
