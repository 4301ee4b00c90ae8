"""docs/benchmarks.md: the one way a benchmark script rewrites its own section.

A script owns a ``## `` section (its heading up to the next ``## ``) and rewrites it with each
run. What people wrote by hand inside a section (the reading of a run, the history of a set) is
fenced with ``<!-- by hand -->`` ... ``<!-- /by hand -->`` and is carried over to the end of the
rewritten section, so a new run never erases it; update it by hand when the figures move.
"""
from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HAND = re.compile(r"<!-- by hand -->.*?<!-- /by hand -->", re.DOTALL)


def section_pattern(heading: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(heading)}\b.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)


def write_section(heading: str, text: str, doc: Path = DOC) -> None:
    """Replace the section ``heading`` of ``doc`` with ``text`` (which starts with the heading),
    keeping the hand-written blocks of the old section; append the section when it is new."""
    doc.parent.mkdir(parents=True, exist_ok=True)
    current = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    text = text.rstrip("\n") + "\n"
    m = section_pattern(heading).search(current)
    if not m:
        doc.write_text(current.rstrip() + "\n\n" + text, encoding="utf-8")
        return
    kept = [block for block in HAND.findall(m.group(0)) if block not in text]
    if kept:
        text += "\n" + "\n\n".join(kept) + "\n"
    doc.write_text(current[: m.start()] + text + "\n" + current[m.end():].lstrip("\n"), encoding="utf-8")
