"""Side questions answered from data/faq.yml (actions/helpers/faq.py)."""
import pytest

from actions.helpers import faq
from bot.core.sms import is_gsm7


@pytest.mark.parametrize("question, form, starts", [
    ("iki gratis ta?", "rantang_kasih_form", "Layanan ini gratis"),
    ("mbayar piro mas?", "document_form", "Pengurusan dokumen kependudukan gratis"),
    ("biayane piro?", "transport_form", "Layanan ini gratis"),
    ("kapan bidane teko?", "pregnancy_form", "Setelah data lengkap, bidan desa"),
    ("berapa hari jadinya?", "document_form", "Setelah data lengkap, operator desa"),
    ("posyandu buka jam piro?", "pregnancy_form", None),              # not one we know
    ("", "pregnancy_form", None),
])
def test_answers(question, form, starts):
    got = faq.answer(question, form)
    assert (got is None) if starts is None else got.startswith(starts)


def test_every_topic_has_a_default_and_short_gsm7_answers():
    for name, topic in faq.topics().items():
        assert topic["words"] and "default" in topic["answers"], name
        for answer in topic["answers"].values():
            assert is_gsm7(answer) and len(answer) <= 100, answer   # room for the question in one SMS
