"""The one way the benchmark scripts rewrite docs/benchmarks.md (scripts/bench_doc.py)."""
from __future__ import annotations

import re

from scripts.bench_doc import DOC, write_section

OLD = """# Benchmarks

## Whole path under load

| phones | ratio |
| 1 | 0.80 |

<!-- by hand -->
Reading (by hand, for the run of 05:55): the gap is Rasa's.
<!-- /by hand -->

## Scale-out

| servers | x |
| 2 | 1.27 |
"""


def test_a_run_rewrites_its_section_and_keeps_what_people_wrote(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(OLD, encoding="utf-8")
    write_section("## Whole path under load", "## Whole path under load\n\n| phones | ratio |\n| 1 | 0.95 |\n", doc)
    text = doc.read_text(encoding="utf-8")
    assert "| 1 | 0.95 |" in text and "| 1 | 0.80 |" not in text
    assert "Reading (by hand, for the run of 05:55): the gap is Rasa's." in text
    assert text.index("0.95") < text.index("Reading (by hand") < text.index("## Scale-out")
    assert text.endswith("## Scale-out\n\n| servers | x |\n| 2 | 1.27 |\n")  # the next section untouched
    write_section("## Whole path under load", "## Whole path under load\n\n| 1 | 0.96 |\n", doc)
    assert doc.read_text(encoding="utf-8").count("Reading (by hand") == 1  # kept once, not piled up


def test_a_new_section_is_appended(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(OLD, encoding="utf-8")
    write_section("## NLU", "## NLU\n\nmacro-F1 0.95\n", doc)
    assert doc.read_text(encoding="utf-8").rstrip().endswith("## NLU\n\nmacro-F1 0.95")


def test_the_hand_fences_of_the_real_document_are_balanced():
    text = DOC.read_text(encoding="utf-8")
    fences = re.findall(r"<!-- /?by hand -->", text)
    assert fences and fences == ["<!-- by hand -->", "<!-- /by hand -->"] * (len(fences) // 2)
