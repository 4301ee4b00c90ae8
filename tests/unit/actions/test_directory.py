"""The officer directory: generated for every kecamatan and role, with fallbacks."""
from __future__ import annotations

import csv

import pytest

from bot.core import directory
from bot.core.settings import ROOT


def _districts():
    with open(ROOT / "data/reference/banyuwangi_wilayah.csv", newline="", encoding="utf-8") as fh:
        return [r["name"] for r in csv.DictReader(fh) if r["level"] == "kecamatan"]


@pytest.mark.parametrize("role", directory.ROLES)
def test_every_kecamatan_has_every_role(role):
    for district in _districts():
        assert directory.officers_for(role, district=district), (role, district)


def test_phones_are_unique_demo_numbers():
    rows = directory.load_officers()
    phones = [r["phone"] for r in rows]
    assert len(phones) == len(set(phones))
    assert all(p.startswith("+62852000") and len(p) == 14 for p in phones)
    assert {r["channel"] for r in rows} <= {"sms", "whatsapp"}


def test_village_officer_first():
    (bidan,) = directory.officers_for("bidan", "Jambewangi", "Sempu")
    assert bidan["village"] == "Jambewangi" and bidan["district"] == "Sempu"


def test_kelurahan_without_a_village_midwife_falls_back_to_the_kecamatan():
    # kelurahan get no village midwife in the demo data
    kel = next(r for r in directory.load_officers() if r["role"] == "operator_desa" and r["name"].startswith("Operator Kelurahan"))
    found = directory.officers_for("bidan", kel["village"], kel["district"])
    assert found and all(o["village"] == "" and o["district"] == kel["district"] for o in found)


def test_kecamatan_roles_and_unknown_village():
    (pkm,) = directory.officers_for("puskesmas", "Jambewangi", "Sempu")
    assert pkm["name"].startswith("Puskesmas")
    (coord,) = directory.officers_for("koordinator_jekmil", "Desa Yang Tidak Ada", "Sempu")
    assert coord["district"] == "Sempu"
    # nothing known of the place: only a regency-wide row answers, and bidan has none
    assert directory.officers_for("bidan") == []
    (duty,) = directory.officers_for("piket_darurat")
    assert (duty["village"], duty["district"]) == ("", "")
    assert directory.officers_for("piket_darurat", "Jambewangi", "Sempu") == [duty]


def test_same_desa_name_in_two_kecamatan_needs_the_kecamatan():
    assert directory.officers_for("operator_desa", "Tamansari") == []
    (licin,) = directory.officers_for("operator_desa", "Tamansari", "Licin")
    (tegalsari,) = directory.officers_for("operator_desa", "Tamansari", "Tegalsari")
    assert licin["phone"] != tegalsari["phone"]
    # a unique desa name without kecamatan is fine
    assert directory.officers_for("operator_desa", "Jambewangi")[0]["district"] == "Sempu"


def test_officer_by_phone():
    (op,) = directory.officers_for("operator_desa", "Jambewangi", "Sempu")
    assert directory.officer_by_phone("whatsapp:" + op["phone"])["role"] == "operator_desa"
    assert directory.officer_by_phone("+6281299999999") is None


def test_officer_by_phone_is_the_first_row_of_that_phone_and_a_copy():
    """Issue 9: a dictionary lookup (every inbound message asks), the same answer as the scan."""
    rows = directory.load_officers()
    for row in rows[:: max(len(rows) // 50, 1)]:
        found = directory.officer_by_phone("whatsapp:" + row["phone"])
        assert found == next(r for r in rows if r["phone"] == row["phone"])
        found["name"] = "changed"  # the caller's copy, not the directory's row
        assert directory.officer_by_phone(row["phone"])["name"] == row["name"]
    assert directory.officer_by_phone("+6281200000000") is None
