"""Generate the place data (never typed by hand) from data/reference/banyuwangi_wilayah.csv.

Outputs
  data/places/places.json       every kecamatan and desa/kelurahan with its spelling variants
                                (read by nlu/places.py, hence by the NLU gazetteer and actions)
  data/places/SOURCE.txt        where the data comes from, licence
  data/nlu/places_lookup.yml    Rasa lookup tables `village` / `district` and synonyms
                                (variant -> official name) for the RegexFeaturizer / synonym mapper

Variants: lower case; joined and split forms of compound names ("Genteng Wetan" /
"gentengwetan"); the older Kemendagri spellings listed in banyuwangi_wilayah.SOURCE.txt
(unless the old spelling is itself the official name of another place, e.g. "Sumbersari").
Names that are also ordinary words ("bareng", "licin", "genteng", "bengkak") are flagged
`needs_cue`: the gazetteer takes them only after a cue word (desa, kec, di, dari...) or as a
bare answer. Rerun after the reference file changes:

    .venv/bin/python scripts/gen_places.py
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu.text import known_words, place_key

REF = ROOT / "data" / "reference"
WILAYAH = REF / "banyuwangi_wilayah.csv"
WILAYAH_SOURCE = REF / "banyuwangi_wilayah.SOURCE.txt"
OUT_DIR = ROOT / "data" / "places"
OUT_JSON = OUT_DIR / "places.json"
OUT_SOURCE = OUT_DIR / "SOURCE.txt"
OUT_LOOKUP = ROOT / "data" / "nlu" / "places_lookup.yml"

# Compound parts of Javanese place names, used to write split forms of joined names
# ("Kalibarukulon" -> "Kalibaru Kulon"). Joined/split spellings are matched anyway by the
# space-insensitive key; these only enrich the Rasa lookup tables.
SPLIT_SUFFIXES = ("kulon", "wetan", "lor", "kidul", "manis", "anyar", "baru", "agung", "asri")

# Ordinary Indonesian/Javanese words (or common first names) that are also place names.
# Found by hand-reading the list of names; words of the lexicons are added automatically.
COMMON_WORDS = {
    "bareng", "bengkak", "padang", "banjar", "balak", "bubuk", "gumuk", "bunder", "kelir",
    "sepanjang", "licin", "bayu", "genteng", "kemiri", "pakis", "giri", "sragi", "tampo",
    "sobo", "mangir", "gladag", "grogol", "lateng", "dadapan", "kenjo", "jelun", "dasri",
    "aliyan", "pakel", "karetan", "banyuwangi", "glagah", "kandangan", "ketapang", "gitik",
    "bomo", "setail", "kaotan", "kebaman", "patoman", "paspan", "tambong", "cantuk",
}

OLD_SPELLING = re.compile(
    r"(35\.10\.\d\d\.\d{4}) ([A-Za-z][A-Za-z ]*?)\s*(?:\([^)]*\))?\s*-> ([A-Za-z][A-Za-z ]*?)\s*(?=;|$)"
)


def read_rows():
    with WILAYAH.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def old_spellings():
    """code -> older spelling, from the 'Spelling differences' lines of the SOURCE file."""
    text = WILAYAH_SOURCE.read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        for code, old, _new in OLD_SPELLING.findall(line):
            found[code] = old.strip()
    return found


def split_form(name: str) -> str | None:
    low = name.lower()
    if " " in low:
        return None
    for suffix in SPLIT_SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 4:
            return f"{low[: -len(suffix)]} {suffix}"
    return None


def build():
    rows = read_rows()
    kec = {r["code"]: r["name"] for r in rows if r["level"] == "kecamatan"}
    official_keys = {place_key(r["name"]) for r in rows}
    olds = old_spellings()
    vocabulary = set(known_words())
    places = []
    skipped = []
    for r in rows:
        level = r["level"]
        district = r["name"] if level == "kecamatan" else kec[r["parent_code"]]
        variants = {r["name"], r["name"].lower()}
        key = place_key(r["name"])
        variants.add(key)
        split = split_form(r["name"])
        if split:
            variants.add(split)
        old = olds.get(r["code"])
        if old:
            if place_key(old) in official_keys and place_key(old) != key:
                skipped.append({"code": r["code"], "old": old, "reason": "official name of another place"})
            else:
                variants.update({old, old.lower(), place_key(old)})
        needs_cue = key in COMMON_WORDS or key in vocabulary
        places.append(
            {
                "name": r["name"],
                "district": district,
                "level": level,
                "code": r["code"],
                "variants": sorted(variants, key=lambda v: (v.lower(), v)),
                "needs_cue": needs_cue,
            }
        )
    return places, skipped


def render(places, skipped):
    """The generated files as {path: text}."""
    out = {}
    doc = {
        "generated_by": "scripts/gen_places.py (do not edit by hand)",
        "source": "data/reference/banyuwangi_wilayah.csv (from github.com/cahyadsn/wilayah db/wilayah.sql; "
        "older spellings from banyuwangi_wilayah.SOURCE.txt)",
        "licence": "MIT (c) 2017-2025 Cahya DSN",
        "counts": {
            "kecamatan": sum(p["level"] == "kecamatan" for p in places),
            "desa": sum(p["level"] == "desa" for p in places),
            "kelurahan": sum(p["level"] == "kelurahan" for p in places),
        },
        "skipped_old_spellings": skipped,
        "places": places,
    }
    out[OUT_JSON] = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    out[OUT_SOURCE] = (
        "places.json and ../nlu/places_lookup.yml are generated by scripts/gen_places.py from\n"
        "data/reference/banyuwangi_wilayah.csv (25 kecamatan, 217 desa/kelurahan, Kemendagri codes),\n"
        "itself extracted from github.com/cahyadsn/wilayah (db/wilayah.sql), licence MIT\n"
        "(Copyright (c) 2017-2025 Cahya DSN). Older spellings: banyuwangi_wilayah.SOURCE.txt\n"
        "(db/archive/wilayah_2020.sql of the same repository). See data/reference/banyuwangi_wilayah.SOURCE.txt.\n"
    )

    by_level = defaultdict(set)
    synonyms = defaultdict(set)
    for p in places:
        table = "district" if p["level"] == "kecamatan" else "village"
        for v in p["variants"]:
            by_level[table].add(v.lower())
            if v != p["name"]:
                synonyms[p["name"]].add(v.lower())
    lines = [
        "# GENERATED by scripts/gen_places.py from data/reference/banyuwangi_wilayah.csv - do not edit.",
        "# Source: github.com/cahyadsn/wilayah (db/wilayah.sql), licence MIT (c) 2017-2025 Cahya DSN.",
        "# Lookup tables feed the RegexFeaturizer; entity values come from nlu/gazetteer.py, which",
        "# outputs official names already (the synonyms below map any variant to the official name).",
        'version: "3.1"',
        "nlu:",
    ]
    for table in ("village", "district"):
        lines.append(f"- lookup: {table}")
        lines.append("  examples: |")
        for v in sorted(by_level[table]):
            lines.append(f"    - {v}")
    for name in sorted(synonyms):
        variants = sorted(v for v in synonyms[name] if v != name.lower() or True)
        variants = [v for v in variants if v != name]
        if not variants:
            continue
        lines.append(f"- synonym: {name}")
        lines.append("  examples: |")
        for v in variants:
            lines.append(f"    - {v}")
    out[OUT_LOOKUP] = "\n".join(lines) + "\n"
    return out


def main(argv=None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    places, skipped = build()
    files = render(places, skipped)
    if check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run scripts/gen_places.py)")
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {OUT_JSON.relative_to(ROOT)} ({len(places)} places), {OUT_LOOKUP.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
