"""KSPR (Kartu Skor Poedji Rochjati): table, scores, groups, derived factors, questions."""
from __future__ import annotations

import csv

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from actions.helpers import kspr

TABLE = kspr.factor_table()


def test_table_comes_from_the_data_file_with_its_sources():
    with open(kspr.TABLE_PATH, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["factor_id"] == "skor_awal" and rows[0]["score"] == "2"
    assert len(TABLE) == len(rows) - 1 == 26
    assert (kspr.TABLE_PATH.parent / "kspr_factors.SOURCE.txt").exists()


@pytest.mark.parametrize(
    "factor_id, score, group",
    [
        ("terlalu_muda", 4, "I"),
        ("pernah_operasi_sesar", 8, "I"),
        ("letak_sungsang", 8, "II"),
        ("letak_lintang", 8, "II"),
        ("perdarahan_dalam_kehamilan", 8, "III"),
        ("preeklampsia_berat_kejang", 8, "III"),
        ("hamil_kembar", 4, "II"),
        ("terlalu_pendek", 4, "I"),
    ],
)
def test_factor_scores_from_the_card(factor_id, score, group):
    assert TABLE[factor_id].score == score
    assert TABLE[factor_id].group == group


def test_only_five_factors_score_eight():
    assert {f for f, row in TABLE.items() if row.score == 8} == {
        "pernah_operasi_sesar", "letak_sungsang", "letak_lintang",
        "perdarahan_dalam_kehamilan", "preeklampsia_berat_kejang",
    }


@pytest.mark.parametrize(
    "factors, total, level",
    [
        ([], 2, "KRR"),
        (["terlalu_muda"], 6, "KRT"),
        (["terlalu_muda", "terlalu_pendek"], 10, "KRT"),
        (["pernah_operasi_sesar"], 10, "KRT"),
        (["pernah_operasi_sesar", "terlalu_pendek"], 14, "KRST"),
        (["letak_lintang", "letak_sungsang"], 18, "KRST"),
        (["terlalu_tua_umur", "terlalu_banyak_anak", "penyakit_kencing_manis"], 14, "KRST"),
        (["perdarahan_dalam_kehamilan"], 10, "KRT"),
    ],
)
def test_score_and_group(factors, total, level):
    result = kspr.score(factors)
    assert (result.score, result.risk_level) == (total, level)


def test_a_factor_counts_once():
    assert kspr.score(["terlalu_pendek", "terlalu_pendek"]).score == 6


def test_unknown_factor_is_an_error():
    with pytest.raises(ValueError):
        kspr.score(["tidak_ada_di_kartu"])


@pytest.mark.parametrize("total, level", [(2, "KRR"), (6, "KRT"), (10, "KRT"), (12, "KRST"), (14, "KRST"), (30, "KRST")])
def test_risk_level_boundaries(total, level):
    assert kspr.risk_level(total) == level


def test_risk_level_below_initial_score_is_an_error():
    with pytest.raises(ValueError):
        kspr.risk_level(0)


@given(st.sets(st.sampled_from(sorted(TABLE))))
def test_totals_are_two_plus_multiples_of_four_and_groups_follow(factors):
    result = kspr.score(factors)
    assert result.score == 2 + sum(TABLE[f].score for f in factors)
    assert (result.score - 2) % 4 == 0
    assert result.risk_level == ("KRR" if result.score == 2 else "KRT" if result.score <= 10 else "KRST")
    assert set(result.factors) == set(factors)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"age": 16, "pregnancy_number": 1}, {"terlalu_muda"}),
        ({"age": 17, "pregnancy_number": 1}, set()),
        ({"age": 15, "pregnancy_number": 2}, set()),
        ({"age": 35, "pregnancy_number": 1}, {"terlalu_tua_hamil_pertama"}),
        ({"age": 36, "pregnancy_number": 3}, {"terlalu_tua_umur"}),
        ({"age": 34, "pregnancy_number": 3}, set()),
        ({"children": 4}, {"terlalu_banyak_anak"}),
        ({"children": 3}, set()),
        ({"gestation_weeks": 42}, {"kehamilan_lebih_bulan"}),
        ({"age": None, "pregnancy_number": None, "children": None, "gestation_weeks": None}, set()),
    ],
)
def test_derived_factors(kwargs, expected):
    assert kspr.derive_factors(**kwargs) == expected


def test_assess_merges_derived_and_picked_and_drops_contradictions():
    result = kspr.assess(age=38, pregnancy_number=1, children=0, gestation_weeks=30,
                         picked={"terlalu_cepat_hamil_lagi", "terlalu_pendek"})
    # spacing cannot apply to a first pregnancy
    assert set(result.factors) == {"terlalu_tua_hamil_pertama", "terlalu_pendek"}
    assert (result.score, result.risk_level) == (10, "KRT")
    later = kspr.assess(age=25, pregnancy_number=2, children=1, gestation_weeks=None,
                        picked={"terlalu_lambat_hamil_pertama"})
    assert later.factors == () and later.risk_level == "KRR"


def test_questions_map_to_known_factors():
    for options in kspr.RISK_QUESTIONS.values():
        for factor_ids in options.values():
            assert all(f in TABLE for f in factor_ids)
    assert kspr.factors_for_choices("hml_risk_a", {1, 3}) == {"pernah_operasi_sesar", "riwayat_uri_dirogoh"}
    with pytest.raises(ValueError):
        kspr.factors_for_choices("hml_risk_a", {9})


def test_question_wording_lists_every_option():
    """The domain's questions and RISK_QUESTIONS must agree on the numbers."""
    with open(kspr.TABLE_PATH.parents[1] / "domain" / "pregnancy.yml", encoding="utf-8") as fh:
        responses = yaml.safe_load(fh)["responses"]
    texts = {
        "hml_risk_a": responses["utter_ask_hml_risk_a"][0]["text"],
        "hml_risk_a_first": responses["utter_ask_hml_risk_a"][1]["text"],
        "hml_risk_c": responses["utter_ask_hml_risk_c"][0]["text"],
    }
    for question, options in kspr.RISK_QUESTIONS.items():
        text = texts[question]
        for n in options:
            assert f"{n} " in text, (question, n)
        assert f"{max(options) + 1} " not in text.split(":", 1)[1].replace("145cm", "").replace("10 th", "").replace(
            "4 th", ""), question
        assert "0 tidak" in text or "0 tdk" in text


def test_emergency_factors_are_group_three():
    assert kspr.has_emergency_factor(["perdarahan_dalam_kehamilan"])
    assert not kspr.has_emergency_factor(["letak_lintang"])
