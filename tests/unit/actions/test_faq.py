"""Side questions answered from data/faq.yml (nlu/faq.py)."""
import pytest

from bot.core.sms import is_gsm7
from nlu import faq


@pytest.mark.parametrize("question, form, starts", [
    ("iki gratis ta?", "rantang_kasih_form", "Layanan ini gratis"),
    ("mbayar piro mas?", "document_form", "Pengurusan dokumen kependudukan gratis"),
    ("biayane piro?", "transport_form", "Layanan ini gratis"),
    ("kapan bidane teko?", "pregnancy_form", "Setelah data lengkap, bidan desa"),
    ("berapa hari jadinya?", "document_form", "Setelah data lengkap, operator desa"),
    ("posyandu buka jam piro?", "pregnancy_form", None),              # not one we know
    ("flek iku bahaya opo ora?", "pregnancy_form", "Soal kesehatan ibu hamil"),  # round 23
    ("dalane bahaya ora?", "complaint_form", None),                   # no word of a pregnancy
    ("", "pregnancy_form", None),
])
def test_answers(question, form, starts):
    got = faq.answer(question, form)
    assert (got is None) if starts is None else got.startswith(starts)


def test_every_topic_has_a_default_and_short_gsm7_answers():
    for name, topic in faq.topics().items():
        assert topic["words"] and "default" in topic["answers"], name
        for key, answer in topic["answers"].items():
            # room for the question in one SMS; an answer given on its own fills one SMS at most
            assert is_gsm7(answer) and len(answer) <= (160 if key == "outside" else 100), answer


@pytest.mark.parametrize("text, question", [
    (("siang min. sy mau pesen jekmil buat istri sy ke RSUD Blambangan, ada surat rujukan dr bidan krn darah tinggi. "
     "kapan bisa jemput?"), "kapan bisa jemput?"),
    (("kemarin sy ngurus surat pengantar di kantor desa, dimintai uang 50 ribu katanya biar cepet. itu resmi apa nggak "
     "sih?"), "itu resmi apa nggak sih?"),
    ("nggih leres. niki mbayar mboten pak", "niki mbayar mboten pak"),
    ("nggih leres", None),
    ("mau daftar rantang kasih buat mbah saya", None),
    ("posyandu buka jam piro?", None),                      # a question, not one we know
    ("bayar listrik nunggak 3 bulan. mohon bantuan", None),  # a cost word, no question
])
def test_the_sentence_that_asks_a_question_we_know(text, question):
    assert faq.known_question(text, "transport_form") == question


def test_a_known_question_kept_during_the_form_is_answered_after_the_case():
    """Round 6: "niki mbayar mboten pak?" with the YES, "itu resmi apa nggak?" in a levy
    complaint, "kapan bisa jemput?" were named again or dropped, never answered."""
    from rasa_sdk.events import SlotSet
    from rasa_sdk.executor import CollectingDispatcher

    from actions import casework
    from tests.unit.actions.trackers import make_tracker

    tracker = make_tracker(text="ya", slots={"other_request": "itu resmi apa nggak sih?"})
    dispatcher = CollectingDispatcher()
    assert casework.come_back(dispatcher, tracker, "complaint_form") == [SlotSet("other_request", None)]
    assert dispatcher.messages[0]["text"].startswith("Pungutan di luar aturan resmi tidak dibenarkan")


@pytest.mark.parametrize("text, known", [
    ("badhe tanglet jadwal posyandu", True),  # round 9, C12: it started a ride form
    ("jadwal posyandu desa Bubuk kapan?", True),
    ("posyandu kapan ya bu", True),
    ("kader posyandu lapor bumil baru", False),
    ("data 5 bumil Posyandu Melati apakah sudah masuk?", False),
    ("mau bikin ktp", False),
])
def test_a_question_asked_on_its_own_is_answered_when_we_know_it(text, known):
    assert (faq.outside(text) is not None) is known
    if known:
        assert faq.outside(text).startswith("Jadwal posyandu") and "lapor hamil" in faq.outside(text)


@pytest.mark.parametrize("text, starts", [
    ("ibu hamil oleh ngombe kopi ta?", "Untuk soal kesehatan ibu hamil"),   # round 23, 1
    ("mbak aku takon, minggu wingi metu flek sithik pas meteng, saiki wis resik, iku bahaya gak?",
     "Untuk soal kesehatan ibu hamil"),
    ("jadwal posyandu kapan?", "Jadwal posyandu"),
    ("banjir iki bahaya gak?", None),
    ("mbak aku njaluk surat pengantar SKCK gawe daftar satpam", "SKCK di Polsek/Polres"),    # round 24
    ("mbak kalo minum jamu kunyit asem pas hamil 3 bulan boleh gak", "Untuk soal kesehatan ibu hamil"),  # round 24
    ("nyuwun sewu mbak, tiyang ingkang nembe mbobot punika angsal dhahar duren menapa mboten nggih?",
     "Untuk soal kesehatan ibu hamil"),
])
def test_outside_answers(text, starts):
    got = faq.outside(text)
    assert (got is None) if starts is None else got.startswith(starts)
