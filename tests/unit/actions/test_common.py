"""actions/tracker.py, casework.py, village.py and helpers/answers.py: sender, open_case routing + notification, village resolution, small helpers."""
from __future__ import annotations

import pytest

from actions import casework
from actions.helpers.answers import join_within, person_name, yes_no
from actions.tracker import sender_channel, sender_phone
from actions.village import village_outcome
from bot.core import store
from bot.core.sms import is_gsm7
from tests.unit.actions.trackers import VILLAGER, make_tracker


def test_sender_from_metadata_or_sender_id():
    t = make_tracker(metadata={"channel": "whatsapp", "phone": "+6281211112222"})
    assert sender_phone(t) == "+6281211112222"
    assert sender_channel(t) == "whatsapp"
    t = make_tracker(sender="whatsapp:+6281233334444", metadata={"channel": None, "phone": None})
    assert sender_phone(t) == "+6281233334444"
    assert sender_channel(t) == "whatsapp"
    t = make_tracker(sender="+6281233334444", metadata={"channel": None, "phone": None})
    assert sender_channel(t) == "sms"


def test_db_handle_is_one_per_path(svc):
    assert casework.db() is casework.db()


def test_open_case_routes_notifies_and_records(svc):
    tracker = make_tracker(metadata={"channel": "whatsapp"})
    case = casework.open_case(
        "complaint", tracker, village="Jambewangi", district="Sempu", data={"category": "lingkungan"},
        notify_roles=["operator_desa", "bidan"], summary="Sampah di sungai.",
    )
    assert case["ref"] == "ADU-0001" and case["kind"] == "complaint" and case["status"] == "new"
    assert case["phone"] == VILLAGER and case["channel"] == "whatsapp"
    assert case["village"] == "Jambewangi" and case["district"] == "Sempu"
    assert case["assigned_to"] == ["+6285200004174", "+6285200001174"]
    assert [n["to"] for n in svc.notified] == case["assigned_to"]
    body = svc.notified[0]["body"]
    assert "ADU-0001" in body and "Jambewangi" in body and "Sampah di sungai." in body
    assert "TERIMA ADU-0001" in body and VILLAGER in body
    assert svc.notified[0]["case_ref"] == "ADU-0001"
    assert store.get_case(svc.db(), "ADU-0001")["assigned_to"] == case["assigned_to"]
    contact = store.get_contact(svc.db(), VILLAGER)
    assert contact["village"] == "Jambewangi" and contact["district"] == "Sempu"


def test_open_case_can_hide_the_villager_number(svc):
    casework.open_case("complaint", make_tracker(), village="Jambewangi", district="Sempu", data={},
                     notify_roles=["bhabinkamtibmas"], summary="x", share_contact=False)
    assert VILLAGER not in svc.notified[0]["body"]


def test_open_case_survives_a_queue_failure(svc, monkeypatch):
    import bot.core.outbound

    def broken(*a, **k):
        raise RuntimeError("redis down")

    monkeypatch.setattr(bot.core.outbound, "notify", broken)
    case = casework.open_case("document", make_tracker(), village="Jambewangi", district="Sempu", data={},
                            notify_roles=["operator_desa"], summary="x")
    events = [e["event"] for e in store.case_events(svc.db(), case["ref"])]
    assert "notify_failed" in events


@pytest.mark.parametrize("text, village, district", [
    ("Jambewangi", "Jambewangi", "Sempu"),
    ("desa jambewangi kec sempu", "Jambewangi", "Sempu"),
    ("Tamansari kec Licin", "Tamansari", "Licin"),
    ("Sempu", "Sempu", "Sempu"),           # desa and kecamatan of the same name
    ("kecamatan Rogojampi", "Rogojampi", "Rogojampi"),
])
def test_village_resolved(text, village, district):
    slots, prompt = village_outcome(text)
    assert prompt is None
    assert (slots["village"], slots["district"]) == (village, district)
    assert slots["village_choices"] is None


@pytest.mark.parametrize("text, entity, village, district", [
    # round 13/14: the kecamatan named bare beside its desa (it is a desa's name too) was taken as
    # the desa, or ignored for a desa of two kecamatan, whatever entity the NLU found
    ("neng Kandangan mbak, Pesanggaran", "Pesanggaran", "Kandangan", "Pesanggaran"),
    ("neng Kandangan mbak, Pesanggaran", None, "Kandangan", "Pesanggaran"),
    ("Watukebo, paneka neng Wongsorejo, se settong", "Watukebo", "Watukebo", "Wongsorejo"),
    ("la kaula kabele Watukebo, paneka neng Wongsorejo", None, "Watukebo", "Wongsorejo"),
])
def test_a_desa_with_its_kecamatan_named_bare_is_that_desa(text, entity, village, district):
    slots, prompt = village_outcome(text, entity_village=entity)
    assert prompt is None and (slots["village"], slots["district"]) == (village, district)


def test_desa_in_two_kecamatan_is_asked_by_number():
    slots, prompt = village_outcome("tamansari")
    assert slots["village"] is None and len(slots["village_choices"]) == 2
    assert "1 Kec." in prompt and "2 Kec." in prompt and len(prompt) <= 160
    slots2, prompt2 = village_outcome("2", pending=slots["village_choices"])
    assert prompt2 is None
    assert slots2["village"] == "Tamansari" and slots2["district"] == slots["village_choices"][1].split("|")[1]
    # the kecamatan's name works too
    slots3, _ = village_outcome("Licin", pending=slots["village_choices"])
    assert (slots3["village"], slots3["district"]) == ("Tamansari", "Licin")
    # a known kecamatan settles it without asking
    slots4, prompt4 = village_outcome("Tamansari", known_district="Tegalsari")
    assert prompt4 is None and slots4["district"] == "Tegalsari"


def test_unknown_desa_offers_closest_names_by_number():
    slots, prompt = village_outcome("wringin")
    assert slots["village"] is None
    assert prompt is not None and len(prompt) <= 160 and is_gsm7(prompt)
    assert len(slots["village_choices"]) == 3 and "Balas 1/2/3" in prompt
    assert all(c.startswith("Wringin") for c in slots["village_choices"])
    picked, p2 = village_outcome("1", pending=slots["village_choices"])
    assert p2 is None and picked["village"] == slots["village_choices"][0].split("|")[0]


def test_kecamatan_without_desa_of_that_name_asks_for_the_desa():
    slots, prompt = village_outcome("kecamatan Genteng")
    assert slots["village"] is None and slots["district"] == "Genteng"
    assert "Genteng" in prompt and len(prompt) <= 160
    if slots["village_choices"]:  # the kecamatan's desa, by number, when they fit one SMS
        picked, p2 = village_outcome("1", pending=slots["village_choices"])
        assert p2 is None and picked["district"] == "Genteng"


def test_nonsense_is_asked_again():
    slots, prompt = village_outcome("qwxz")
    assert slots["village"] is None and prompt


@pytest.mark.parametrize("text, intent, expected", [
    ("ya", None, True), ("Iya benar", None, True), ("nggih", None, True), ("ok kirim", None, True),
    ("tidak", None, False), ("gak", None, False), ("mboten", None, False),
    ("3", None, None), ("hmm", "affirm", True), ("hmm", "deny", False), ("hmm", None, None),
    # console round, bot side: "-" read as affirm 63% shared an anonymous reporter's number
    ("-", "affirm", None), ("?", "affirm", None), ("...", "deny", None),
])
def test_yes_no(text, intent, expected):
    assert yes_no(text, intent) is expected


@pytest.mark.parametrize("text, name", [
    ("nama saya siti aminah", "Siti Aminah"), ("SITI AMINAH", "Siti Aminah"), ("Budi", "Budi"),
    ("123", None), ("a", None), ("Ny. Sri", "Ny. Sri"), ("Ani", "Ani"), ("a.n. Budi", "Budi"),
    ("Sayuti", "Sayuti"), ("Namira", "Namira"), ("nama: Rina", "Rina"),
])
def test_person_name(text, name):
    assert person_name(text) == name


def test_join_within_drops_optional_parts_from_the_end():
    assert join_within(["aaa", "bbb", "ccc"], 7) == "aaa bbb"
    assert join_within(["aaa", "bbbbbbbbbb", "c"], 6) == "aaa c"
    assert join_within(["aaaaaaaaaa"], 6) == "aaa..."


@pytest.mark.parametrize("text, titles, name", [
    ("Sy Sendiri Mas, Siti Nurhalizah", False, "Siti Nurhalizah"),
    ("nama saya siti aminah", False, "Siti Aminah"),
    ("an. Sdri. WATINI", True, "Watini"),
    ("Bu Rina", True, "Rina"),
    ("Mbah Sarinah", False, "Mbah Sarinah"),
    ("[foto]", False, None),
    ("[lokasi]", True, None),
    ("saya sendiri", False, None),
    ("0812345678", False, None),
    ("tidak tahu", False, None),
    # round 21 H4: fillers and references are no name; whose the name is goes before it
    ("sekedap, biayane pinten nggih? kula tiyang mboten gadhah", False, None),
    ("yo aku maneh mbak", False, None),
    ("yo aku, Agus Setiawan, podo kyok mau", False, "Agus Setiawan"),
    ("sapora, nyamana bini kaula Siti Maimunah, banne Maemunah", True, "Siti Maimunah"),
    ("bojoku Sri Wahyuni", False, "Sri Wahyuni"),
    ("nami kula Sutrisno", False, "Sutrisno"),  # round 22 H2: "Nami Kula Sutrisno"
])
def test_one_name_rule(text, titles, name):
    from actions.helpers.answers import person_name

    assert person_name(text, titles=titles) == name


@pytest.mark.parametrize("text, picked", [("tidak ada pak", set()), ("gak ada mbak", set()), ("1 3", {1, 3}),
                                          # round 21 H3: an age is no option ("uri dirogoh", KSPR 6, police paged)
                                          ("tadak, ana' se ngodha la omor 3 taon", set()),
                                          ("gak ada, anak terakhir umur 4 tahun", set()), ("3, umur 4 taon", {3})])
def test_choices_with_a_word_of_politeness(text, picked):
    from bot.core.numbers import parse_choices

    assert parse_choices(text, 4) == picked


@pytest.mark.parametrize("text, unknown", [("gak tau nomernya", True), ("saya tidak tahu pak", True), ("TT", True),
                                           ("ada nomornya", False), ("0812", False),
                                           # round 8, finding 5: the reason after it is no dusun
                                           ("gak ngerti aku, dudu tonggo cedhak banget", True),
                                           ("embuh, wong durung tau priksa blas", True),
                                           ("gak tau, cedhak masjid", False), ("gak tau pak, RT 3", False),
                                           ("tidak tahu, mungkin dusun krajan", False),
                                           ("ora ngerti, umure 30an", False)])
def test_dont_know_in_a_few_words(text, unknown):
    from actions.helpers.answers import is_unknown

    assert is_unknown(text) is unknown


def test_a_reduplication_two_is_no_number():
    from bot.core.numbers import parse_int

    assert parse_int("kira2 30 tahun") == 30 and parse_int("25") == 25


def test_round_two_findings_are_understood():
    """docs/exploratory_issue8_round2.md: "ora ana apa2" is no TBC, "aku tanggane" is the
    neighbour, "selikur" is 21, "jenenge Mbak ..." is no part of the name."""
    from actions.helpers.answers import person_name
    from actions.helpers.pregnancy_report import parse_reporter
    from bot.core.numbers import parse_choices, parse_int

    assert parse_choices("ora ana apa2", 8) == set()
    assert parse_reporter("aku tanggane") == "tetangga" and parse_reporter("aku sendiri") == "ibu_sendiri"
    assert parse_int("selikur") == 21 and parse_int("umure selawe taun") == 25
    assert parse_int("nem likur") == 26 and parse_int("telu likur taun") == 23  # round 19: two words
    assert person_name("jenenge Mbak Siti Aminah", titles=True) == "Siti Aminah"


@pytest.mark.parametrize("text, expected", [
    # Madurese (round-4 finding 13: "olle" was rejected), Osing and krama
    ("olle", True), ("engghi", True), ("iyeh", True), ("bunten", False), ("ta' olle", False), ("enja'", False),
    ("osing", False), ("dereng", False), ("sampun leres", True),
    # "don't know" is no answer either way, in any of them
    ("tidak tahu", None), ("ta' taoh", None), ("sing ngerti", None), ("mboten semerep", None),
    ("iki gratis ta?", None),
])
def test_yes_no_in_the_regions_languages(text, expected):
    from actions.helpers.answers import yes_no

    assert yes_no(text) is expected


@pytest.mark.parametrize("text", ["ta' taoh", "tak oning", "sing weruh", "mboten semerep", "gak tau mas"])
def test_dont_know_in_the_regions_languages(text):
    from actions.helpers.answers import is_unknown

    assert is_unknown(text)


@pytest.mark.parametrize("answer, entity_village", [
    ("ingkang Licin", "Licin"),            # round-5 finding 2: paged the desa Licin's midwife
    ("ingkang Licin", None),
    ("sing kecamatan licin mas", None),
    ("yg di Licin", None),
])
def test_the_kecamatan_named_in_words_picks_the_pending_choice_not_a_desa_of_that_name(answer, entity_village):
    slots, _ = village_outcome("tamansari")
    picked, prompt = village_outcome(answer, pending=slots["village_choices"], entity_village=entity_village)
    assert prompt is None and (picked["village"], picked["district"]) == ("Tamansari", "Licin")


@pytest.mark.parametrize("text, unknown", [
    ("nek hamil ke piro aku ora ngerti", True),   # round 6, conversation 1: rejected
    ("ora ngerti tenan", True), ("belum diketahui", True), ("kurang tahu", True), ("embuh", True),
    ("umure aku lali pak", True), ("ora eling", True),
    ("suami tidak tahu kalau saya hamil", False),  # not knowing that is said of someone else
    ("wis 3 taun, lali tanggale", False), ("Siti Aminah", False),
])
def test_not_knowing_in_words(text, unknown):
    from actions.helpers.answers import is_unknown

    assert is_unknown(text) is unknown


@pytest.mark.parametrize("text", ["Wis Tak Tulis", "Sy Bapaknya", "Org Baru", "Ahmad Fauzi Aktanya Bar."])
def test_a_sentence_is_no_name(text):
    """Exploratory round 7: "Wis Tak Tulis" (I wrote it already) reached the coordinator as the
    mother's name; "Sy Bapaknya" and "Org Baru" were stored as names."""
    assert person_name(text) is None


@pytest.mark.parametrize("said, name", [
    # round 18: "Ibu Wektu Iku Dheweke Isih Enom Banget", "a.n. Jeneng Isun S.", "Jemput Ibu Podo"
    ("Lho kan wis tak kandhani, jenenge Sulastri. Umure nek ora salah, wektu iku dheweke isih enom banget", "Sulastri"),
    ("Lha mbayar apa sing? Yo wis, jeneng isun Slamet Riyadi", "Slamet Riyadi"),
    ("Podo mbak, aku Nur Hasanah", "Nur Hasanah"),
])
def test_the_name_said_with_its_marker_wins_over_the_words_around_it(said, name):
    from actions.helpers.answers import person_name
    assert person_name(said, titles=True) == name


def test_a_long_place_is_cut_at_a_clause_never_mid_word():
    from actions.helpers.answers import clean_place

    said = ("Dusun Krajan, RT 02 RW 01, omahe sing cet ijo cedhak langgar Al Ikhlas, nek bu bidan teko takono wae "
            "karo wong warung")
    assert clean_place(said, 80) == "Dusun Krajan, RT 02 RW 01, omahe sing cet ijo cedhak langgar Al Ikhlas"  # round 18 m4
    assert clean_place(said.replace(",", ""), 80).endswith("Al Ikhlas nek bu")


def test_the_desa_is_held_only_when_this_turn_names_one():
    """Round 21 H1: the desa was set again at every turn of a form, so a BATAL or MENU that fills
    no field never let the form give way (the same question came back)."""
    from actions.place_hold import hold_place

    earlier = [{"event": "slot", "name": "village", "value": "Setail"},
               {"event": "slot", "name": "district", "value": "Genteng"}]
    slots = {"requested_slot": "applicant_name", "village": "Setail", "district": "Genteng"}
    assert hold_place(make_tracker(text="/cancel", intent="cancel", slots=slots, events=earlier)) is None
    moved = make_tracker(text="lahir nang puskesmas Sobo", slots={**slots, "village": "Sobo", "district": "Banyuwangi"},
                         events=earlier, candidates={"village": "Sobo", "district": "Banyuwangi"})
    assert hold_place(moved) == ("Setail", "Genteng") and moved.slots["village"] == "Setail"


def test_a_kecamatan_said_in_passing_at_a_summary_does_not_move_the_case():
    """Round 21 H2: "diopname teng RSUD Genteng" at an SKTM summary set the kecamatan of Desa
    Singolatren (Singojuruh) to Genteng, and the case went to another kecamatan's operator."""
    from actions.place_hold import hold_place

    earlier = [{"event": "slot", "name": "village", "value": "Singolatren"},
               {"event": "slot", "name": "district", "value": "Singojuruh"}]
    at_summary = make_tracker(text="anakku saiki dirawat nang RSUD Genteng pak", events=earlier,
                              slots={"requested_slot": "doc_confirm", "village": "Singolatren", "district": "Genteng"},
                              candidates={"district": "Genteng"})
    assert hold_place(at_summary) == ("Singolatren", "Singojuruh") and at_summary.slots["district"] == "Singojuruh"
