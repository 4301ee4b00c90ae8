"""Build data/places/desa_coordinates.csv (centre of every desa/kelurahan of Kab. Banyuwangi).

Input: the MIT-licensed boundary file of github.com/cahyadsn/wilayah_boundaries (see
data/places/desa_coordinates.SOURCE.txt for the commit), downloaded beside the repo, e.g.

    curl -fsSLo /tmp/kel_35.10.sql \\
      https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/<commit>/db/kel/35/wilayah_boundaries_kel_35.10.sql
    .venv/bin/python scripts/extract_desa_coordinates.py /tmp/kel_35.10.sql [--check]

Each row of its INSERT is (kode, nama, lat, lng, path): lat/lng is the centroid of the
boundary polygon (README: "Koordinat latitude longitude diperhitungkan dari koordinat
centroid dari polygon wilayah tersebut"). We keep code, lat, lng (rounded to 6 decimals,
~0.1 m); name and kecamatan come from data/reference/banyuwangi_wilayah.csv, so they are
spelled as the gazetteer (data/places/places.json) spells them. The boundary path is dropped;
it is only used to check that each centre lies within its polygon's bounding box.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WILAYAH = ROOT / "data" / "reference" / "banyuwangi_wilayah.csv"
OUT_CSV = ROOT / "data" / "places" / "desa_coordinates.csv"

ROW = re.compile(r"\('(35\.10\.\d\d\.\d{4})','([^']*)',(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),'([^']*)'\)")


def _points(nested):
    """Every [lat, lng] pair of a (multi)polygon given as nested lists."""
    if nested and isinstance(nested[0], (int, float)):
        yield nested
        return
    for item in nested:
        yield from _points(item)


def read_sql(path: Path) -> dict[str, tuple[str, float, float]]:
    """code -> (name as in the SQL, lat, lng); warns when a centre is outside its polygon's box."""
    out: dict[str, tuple[str, float, float]] = {}
    for code, name, lat, lng, boundary in ROW.findall(path.read_text(encoding="utf-8")):
        la, ln = float(lat), float(lng)
        pts = list(_points(json.loads(boundary)))
        lats, lngs = [p[0] for p in pts], [p[1] for p in pts]
        if not (min(lats) <= la <= max(lats) and min(lngs) <= ln <= max(lngs)):
            print(f"warning: centre of {code} {name} lies outside its boundary's bounding box")
        out[code] = (name, la, ln)
    return out


def build(sql_path: Path) -> tuple[str, list[str]]:
    """(CSV text, codes of desa/kelurahan without coordinates)."""
    with WILAYAH.open(encoding="utf-8", newline="") as f:
        ref = list(csv.DictReader(f))
    districts = {r["code"]: r["name"] for r in ref if r["level"] == "kecamatan"}
    villages = [r for r in ref if r["level"] != "kecamatan"]
    source = read_sql(sql_path)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "name", "kecamatan", "lat", "lng"])
    missing = []
    for r in sorted(villages, key=lambda r: r["code"]):
        hit = source.get(r["code"])
        if hit is None:
            missing.append(f"{r['code']} {r['name']}")
            continue
        if hit[0] != r["name"]:
            print(f"note: {r['code']} is '{hit[0]}' in the SQL, '{r['name']}' in the reference (reference kept)")
        writer.writerow([r["code"], r["name"], districts[r["parent_code"]], f"{hit[1]:.6f}", f"{hit[2]:.6f}"])
    extra = sorted(set(source) - {r["code"] for r in villages})
    if extra:
        print(f"note: codes in the SQL but not in the reference (ignored): {', '.join(extra)}")
    return buf.getvalue(), missing


def main(argv=None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    if len(paths) != 1:
        print(__doc__)
        return 2
    text, missing = build(Path(paths[0]))
    for m in missing:
        print(f"no coordinates: {m}")
    if check:
        if not OUT_CSV.exists() or OUT_CSV.read_text(encoding="utf-8") != text:
            print(f"out of date: {OUT_CSV.relative_to(ROOT)}")
            return 1
        return 0
    OUT_CSV.write_text(text, encoding="utf-8")
    print(f"wrote {OUT_CSV.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows, {len(missing)} missing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
