"""Offline dependency audit against a local copy of the PyPA advisory database (OSV format).

Usage: .venv/bin/python scripts/audit_offline.py --db <advisory-database git dir or checkout>
(or ADVISORY_DB=<dir>). Reads the `name==version` pins of requirements.txt; with --installed it also
checks the distributions installed in this interpreter's environment (pip, setuptools, wheel ...).
Exit status: 0 when every finding is allowlisted in docs/security.md, 1 otherwise, 2 on usage errors.

Allowlist: the lines between `<!-- audit-allowlist:start -->` and `<!-- audit-allowlist:end -->` in
docs/security.md, one `<ADVISORY-ID> <package>==<version>` per line; text after it is ignored.
An entry covers only that pinned version, so a change of pin needs a new decision.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
ALLOW_START, ALLOW_END = "<!-- audit-allowlist:start -->", "<!-- audit-allowlist:end -->"


def normalize(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, tuple[str, str]]:
    """{normalised name: (name as written, version)} from `name==version` lines."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)(?:\s*;.*)?", line)
        if m:
            pins[normalize(m[1])] = (m[1], m[2])
        elif line and not line.startswith("-"):
            print(f"warning: not a pin, skipped: {line}", file=sys.stderr)
    return pins


class AdvisoryDB:
    """Reads vulns/<package>/*.yaml from a bare git directory (at --rev) or from a checkout."""

    def __init__(self, path: Path, rev: str):
        self.path, self.rev = path, rev
        self.is_git = not (path / "vulns").is_dir()
        if self.is_git:
            names = self._git("ls-tree", "-r", "--name-only", rev, "vulns/").decode().splitlines()
            self.commit = self._git("log", "-1", "--format=%H %cs", rev).decode().strip()
        else:
            names = [p.relative_to(path).as_posix() for p in (path / "vulns").glob("*/*.yaml")]
            self.commit = "working tree " + str(path)
        self.files: dict[str, list[str]] = {}
        for name in names:
            parts = name.split("/")
            if len(parts) == 3 and parts[2].endswith((".yaml", ".yml")):
                self.files.setdefault(normalize(parts[1]), []).append(name)

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.path), *args], input=data,
                              capture_output=True, check=True).stdout

    def advisories(self, package: str) -> list[dict]:
        paths = sorted(self.files.get(normalize(package), []))
        if not paths:
            return []
        if not self.is_git:
            return [yaml.safe_load((self.path / p).read_text()) for p in paths]
        # One `git cat-file --batch` call for all files of the package.
        out = self._git("cat-file", "--batch", data="".join(f"{self.rev}:{p}\n" for p in paths).encode())
        docs, pos = [], 0
        while pos < len(out):
            header_end = out.index(b"\n", pos)
            size = int(out[pos:header_end].split()[2])
            docs.append(yaml.safe_load(out[header_end + 1:header_end + 1 + size]))
            pos = header_end + 1 + size + 1
        return docs


def parse(version: str) -> Version | None:
    try:
        return Version(version)
    except InvalidVersion:
        return None


def in_range(version: Version, events: list[dict]) -> bool:
    """OSV ECOSYSTEM range: walk the events in version order; introduced opens, fixed/limit/last_affected close."""
    evs = []
    for ev in events:
        for kind, value in ev.items():
            v = Version("0") if kind == "introduced" and str(value) == "0" else parse(str(value))
            if v is None:
                print(f"warning: unparseable {kind} version {value!r}, event ignored", file=sys.stderr)
            else:
                evs.append((v, kind))
    affected = False
    for v, kind in sorted(evs, key=lambda e: e[0]):
        if kind == "introduced" and version >= v:
            affected = True
        elif (kind in ("fixed", "limit") and version >= v) or (kind == "last_affected" and version > v):
            affected = False
    return affected


def check(adv: dict, package: str, version: str) -> list[str] | None:
    """None when `package==version` is not affected, else the fixed-in versions (possibly empty)."""
    if adv.get("withdrawn"):
        return None
    pv, hit, fixed = parse(version), False, []
    for aff in adv.get("affected", []):
        pkg = aff.get("package", {})
        if pkg.get("ecosystem") != "PyPI" or normalize(pkg.get("name", "")) != normalize(package):
            continue
        if version in [str(v) for v in aff.get("versions") or []]:
            hit = True
        for rng in aff.get("ranges") or []:
            if rng.get("type") != "ECOSYSTEM":
                continue
            events = rng.get("events", [])
            fixed += [str(e["fixed"]) for e in events if "fixed" in e]
            if pv is not None and in_range(pv, events):
                hit = True
    return sorted(set(fixed), key=lambda f: parse(f) or Version("0")) if hit else None


def read_allowlist(path: Path) -> set[tuple[str, str, str]]:
    """{(advisory id, normalised package, version)} from the marked section of docs/security.md."""
    if not path.exists():
        return set()
    text = path.read_text()
    if ALLOW_START not in text:
        return set()
    block = text.split(ALLOW_START, 1)[1].split(ALLOW_END, 1)[0]
    entries = set()
    for m in re.finditer(r"^\s*([A-Z][A-Z0-9]*-[\w-]+)\s+([A-Za-z0-9._-]+)==(\S+)", block, re.MULTILINE):
        entries.add((m[1], normalize(m[2]), m[3]))
    return entries


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("ADVISORY_DB"), help="advisory-database dir (env ADVISORY_DB)")
    ap.add_argument("--rev", default="HEAD", help="git revision of the database (default HEAD)")
    ap.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    ap.add_argument("--allowlist", type=Path, default=ROOT / "docs" / "security.md")
    ap.add_argument("--installed", action="store_true", help="also audit the installed distributions")
    args = ap.parse_args()
    if not args.db or not Path(args.db).is_dir():
        ap.error("give the advisory database with --db DIR or ADVISORY_DB=DIR")
    db = AdvisoryDB(Path(args.db), args.rev)
    targets = {n: (name, v, "requirements.txt") for n, (name, v) in read_pins(args.requirements).items()}
    if args.installed:
        for dist in distributions():
            n = normalize(dist.metadata["Name"])
            if n not in targets:
                targets[n] = (dist.metadata["Name"], dist.version, "installed only")
            elif targets[n][1] != dist.version:
                print(f"warning: {n} pinned {targets[n][1]} but {dist.version} installed", file=sys.stderr)
                targets[n + " (installed)"] = (dist.metadata["Name"], dist.version, "installed")
    allow = read_allowlist(args.allowlist)
    print(f"advisory database: {db.path} at {db.commit}")
    print(f"packages checked: {len(targets)} ({sum(1 for n in targets if n in db.files)} with advisories in the db)")
    findings, unexplained, used = 0, 0, set()
    for _, (name, version, source) in sorted(targets.items()):
        for adv in db.advisories(name):
            fixed = check(adv, name, version)
            if fixed is None:
                continue
            findings += 1
            key = (adv["id"], normalize(name), version)
            allowed = key in allow
            used.add(key)
            unexplained += not allowed
            summary = " ".join((adv.get("summary") or adv.get("details") or "").split())[:200]
            print(f"\n{'ALLOWLISTED' if allowed else 'FINDING'} {adv['id']} ({', '.join(adv.get('aliases') or [])})")
            print(f"  package: {name}=={version} [{source}]; fixed in: {', '.join(fixed) or 'no fix listed'}")
            print(f"  {summary}")
    checked = {(normalize(name), version) for name, version, _ in targets.values()}
    for entry in sorted(e for e in allow - used if e[1:] in checked):
        print(f"\nnote: allowlist entry {entry[0]} {entry[1]}=={entry[2]} matches no finding (stale?)")
    print(f"\n{findings} finding(s), {unexplained} not allowlisted")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
