"""Nearest desa/kelurahan to a location pin (WhatsApp "share location"): pure, no Rasa, no Flask.

Data: ``data/places/desa_coordinates.csv`` (code,name,kecamatan,lat,lng), one row per desa/kelurahan
of Kab. Banyuwangi (35.10); lat/lng is the centroid of the desa's boundary polygon from
github.com/cahyadsn/wilayah_boundaries (MIT), see ``desa_coordinates.SOURCE.txt``; rebuilt by
``scripts/extract_desa_coordinates.py``. Names are spelled as in ``data/places/places.json``, so
``Nearest.village`` / ``Nearest.district`` are the gazetteer's ``Place.name`` / ``Place.district``.

The answer is the desa whose *centre* is nearest, a proposal for the villager to confirm, not
the desa that contains the point: near a border, or in a large desa (forest, plantation), a
neighbour's centre may be nearer.

Public API:
    Nearest(village, district, km, code)
    nearest_desa(lat, lng, max_km=10.0) -> Nearest | None
    haversine_km(lat1, lng1, lat2, lng2) -> float
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache

from nlu.text import REPO_ROOT

DESA_COORDINATES_CSV = REPO_ROOT / "data" / "places" / "desa_coordinates.csv"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Nearest:
    village: str  # desa/kelurahan name, as the gazetteer spells it ("Jambewangi")
    district: str  # its kecamatan ("Sempu")
    km: float  # great-circle distance from the pin to the desa's centre
    code: str = ""  # Kemendagri code ("35.10.16.2001")


@dataclass(frozen=True)
class _Centre:
    code: str
    name: str
    district: str
    lat: float
    lng: float


@lru_cache(maxsize=1)
def _centres() -> tuple[_Centre, ...]:
    with DESA_COORDINATES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            _Centre(r["code"], r["name"], r["kecamatan"], float(r["lat"]), float(r["lng"]))
            for r in csv.DictReader(f)
        )


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _valid(lat: float, lng: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lng) and -90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0


def nearest_desa(lat: float, lng: float, max_km: float = 10.0) -> Nearest | None:
    """The desa/kelurahan whose centre is nearest to (lat, lng), or None.

    Numeric strings (Twilio's ``Latitude``/``Longitude`` form fields) are accepted. None when the
    coordinates are not a valid position, or when every desa centre is farther than ``max_km``
    (a pin outside Banyuwangi, or deep in a national park).
    """
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if not _valid(lat, lng):
        return None
    best: _Centre | None = None
    best_km = math.inf
    for c in _centres():
        km = haversine_km(lat, lng, c.lat, c.lng)
        if km < best_km:
            best, best_km = c, km
    if best is None or best_km > max_km:
        return None
    return Nearest(best.name, best.district, round(best_km, 3), best.code)
