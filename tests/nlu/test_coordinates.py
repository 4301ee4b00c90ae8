"""nlu/coordinates.py and data/places/desa_coordinates.csv (no Rasa, no model)."""
import csv
import dataclasses
import math
from pathlib import Path

import pytest

from nlu import coordinates, places
from nlu.coordinates import Nearest, haversine_km, nearest_desa

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "data/places/desa_coordinates.csv"
# Same codes/names as /work/shared/data/banyuwangi_wilayah.csv (25 kecamatan + 217 desa/kelurahan).
WILAYAH = ROOT / "data/reference/banyuwangi_wilayah.csv"
# Desa/kelurahan of 35.10 without coordinates in the source (see desa_coordinates.SOURCE.txt): none.
MISSING: set[str] = set()
# Kabupaten Banyuwangi, generously.
LAT_RANGE, LNG_RANGE = (-8.8, -7.7), (113.8, 114.7)
KM_PER_DEG_LAT = math.pi * coordinates.EARTH_RADIUS_KM / 180  # ~111.2 km


def rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def offset(lat, lng, km_north=0.0, km_east=0.0):
    """A point km_north / km_east of (lat, lng) (flat approximation, fine for a few km)."""
    return (lat + km_north / KM_PER_DEG_LAT, lng + km_east / (KM_PER_DEG_LAT * math.cos(math.radians(lat))))


def centre(name, district):
    return next((float(r["lat"]), float(r["lng"])) for r in rows() if (r["name"], r["kecamatan"]) == (name, district))


# ----------------------------------------------------------------------------- the data


def test_csv_has_one_row_per_desa_of_banyuwangi():
    with WILAYAH.open(encoding="utf-8", newline="") as f:
        expected = {r["code"]: r["name"] for r in csv.DictReader(f) if r["level"] in ("desa", "kelurahan")}
    assert len(expected) == 217
    got = [(r["code"], r["name"]) for r in rows()]
    assert list(rows()[0]) == ["code", "name", "kecamatan", "lat", "lng"]
    assert len(got) == len({c for c, _ in got}), "duplicate codes"
    assert {c for c, _ in got} == set(expected) - MISSING
    assert all(expected[c] == n for c, n in got)


def test_every_row_is_a_gazetteer_village_inside_banyuwangi():
    known = {(p.code, p.name, p.district) for p in places.all_villages()}
    for r in rows():
        assert (r["code"], r["name"], r["kecamatan"]) in known, r
        lat, lng = float(r["lat"]), float(r["lng"])
        assert LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1], r


def test_source_file_names_repository_commit_and_licence():
    text = (ROOT / "data/places/desa_coordinates.SOURCE.txt").read_text(encoding="utf-8")
    assert "cahyadsn/wilayah_boundaries" in text and "MIT" in text and "Copyright" in text
    assert "db/kel/35/wilayah_boundaries_kel_35.10.sql" in text


# ----------------------------------------------------------------------------- nearest_desa


def test_haversine():
    assert haversine_km(-8.2, 114.3, -8.2, 114.3) == 0
    assert haversine_km(-8.0, 114.0, -9.0, 114.0) == pytest.approx(111.19, abs=0.01)
    # Banyuwangi (Kel. Kepatihan) to Jakarta: about 865 km as the crow flies
    assert 850 < haversine_km(-8.21, 114.37, -6.2, 106.8) < 880


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["code"])
def test_a_desa_centre_gives_that_desa(row):
    got = nearest_desa(float(row["lat"]), float(row["lng"]))
    assert got == Nearest(row["name"], row["kecamatan"], 0.0, row["code"])


def test_jambewangi_sempu():
    lat, lng = centre("Jambewangi", "Sempu")
    got = nearest_desa(lat, lng)
    assert (got.village, got.district, got.km) == ("Jambewangi", "Sempu", 0.0)
    # its nearest neighbour centre is ~5 km away, so 1.5 km off in any direction is still Jambewangi
    for north, east in ((1.5, 0), (-1.5, 0), (0, 1.5), (0, -1.5), (1.0, 1.0), (-1.2, 0.9)):
        got = nearest_desa(*offset(lat, lng, north, east))
        assert (got.village, got.district) == ("Jambewangi", "Sempu")
        assert got.km == pytest.approx(math.hypot(north, east), abs=0.02)


def test_a_point_off_centre_gives_the_nearest_centre():
    """1-2 km off any desa centre: the answer is the desa whose centre is nearest (brute force)."""
    data = rows()
    for i, r in enumerate(data):
        north, east = ((1.0, 1.0), (-1.5, 0.5), (0.3, -1.9), (-1.2, -1.2))[i % 4]
        lat, lng = offset(float(r["lat"]), float(r["lng"]), north, east)
        best = min(data, key=lambda o: haversine_km(lat, lng, float(o["lat"]), float(o["lng"])))
        got = nearest_desa(lat, lng)
        assert (got.village, got.district, got.code) == (best["name"], best["kecamatan"], best["code"])
        assert got.km <= math.hypot(north, east) + 0.01


def test_far_points_give_none():
    assert nearest_desa(-6.2, 106.8) is None  # Jakarta
    assert nearest_desa(-8.65, 115.2) is None  # Denpasar, Bali, across the strait
    assert nearest_desa(0.0, 0.0) is None
    lat, lng = centre("Jambewangi", "Sempu")
    north = offset(lat, lng, 3.0)
    assert nearest_desa(*north, max_km=1.0) is None
    assert nearest_desa(*north, max_km=10.0).village == "Jambewangi"


@pytest.mark.parametrize("lat,lng", [(float("nan"), 114.2), (-8.2, float("inf")), (-95.0, 114.2), (-8.2, 200.0),
                                     (None, 114.2), ("x", 114.2)])
def test_invalid_coordinates_give_none(lat, lng):
    assert nearest_desa(lat, lng) is None


def test_string_coordinates_as_twilio_sends_them():
    lat, lng = centre("Jambewangi", "Sempu")
    assert nearest_desa(str(lat), str(lng)).village == "Jambewangi"


def test_nearest_is_frozen():
    got = nearest_desa(*centre("Jambewangi", "Sempu"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.km = 1.0  # type: ignore[misc]
