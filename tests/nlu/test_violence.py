"""Disclosures of violence at home (nlu/violence.py)."""
from __future__ import annotations

import pytest

from nlu.violence import discloses_violence


@pytest.mark.parametrize("text, violence", [
    ("bojoku seneng mukul aku", True),
    ("saya sering dipukul suami", True),
    ("tetangga saya sering dipukul suaminya", True),
    ("digebuki bojone saben bengi", True),
    ("ada KDRT di rumah sebelah", True),
    ("jalan rusak di dusun krajan", False),
    ("mau bikin kk baru", False),
    ("anak saya dipukul temannya di sekolah", False),
])
def test_disclosures(text, violence):
    assert discloses_violence(text) is violence
