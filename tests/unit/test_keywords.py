"""Keywords before any language understanding."""
import pytest

from bot import keywords
from bot.core import menu


@pytest.mark.parametrize("text", ["STOP", "stop", " Stop. ", "BERHENTI", "berhenti!", "unsubscribe"])
def test_opt_out_words(text):
    assert keywords.match(text) == keywords.Keyword("opt_out")


@pytest.mark.parametrize("text", ["START", "mulai", "Mulai"])
def test_opt_in_words(text):
    assert keywords.match(text) == keywords.Keyword("opt_in")


def test_menu_and_cancel_go_to_rasa_as_intents():
    assert keywords.match("menu") == keywords.Keyword("rasa", "/ask_menu")
    assert keywords.match("BATAL") == keywords.Keyword("rasa", "/cancel")


@pytest.mark.parametrize("text", ["stop dulu ya", "mulai daftar ktp", "menunya apa", "halo"])
def test_sentences_are_not_keywords(text):
    assert keywords.match(text) is None


def test_digits_only_right_after_the_menu():
    assert keywords.match("1") is None
    assert keywords.match("1", menu_just_shown=True) == keywords.Keyword("rasa", "/request_document")
    assert keywords.match("7", menu_just_shown=True) == keywords.Keyword("rasa", "/check_status")
    assert keywords.match("8", menu_just_shown=True) is None
    assert keywords.match("12", menu_just_shown=True) is None


def test_digits_map_to_the_contract_intents_in_menu_order():
    assert [keywords.MENU_CHOICES[str(i)] for i in range(1, 8)] == [
        "/request_document", "/report_pregnancy", "/pregnancy_emergency", "/request_pregnancy_transport",
        "/enroll_rantang_kasih", "/file_complaint", "/check_status",
    ]


def test_user_text_cannot_inject_an_intent():
    assert keywords.strip_command("/pregnancy_emergency") == "pregnancy_emergency"
    assert keywords.strip_command(" //greet") == "greet"
    assert keywords.strip_command("halo /x") == "halo /x"


def test_menu_markers_come_from_the_domain():
    markers = menu.markers()
    assert markers and all(markers)
    assert menu.shows_menu([f"Pilih: {markers[0]} ..."], markers)
    assert not menu.shows_menu(["Halo Bapak/Ibu"], markers)


@pytest.mark.parametrize("text", ["gak jadi", "Ga jadi.", "tidak  jadi", "ora sido", "mboten sida", "batalkan"])
def test_everyday_cancel_phrases_are_batal(text):
    assert keywords.match(text) == keywords.Keyword("rasa", "/cancel")


@pytest.mark.parametrize("text", ["gak jadi sakit", "batal nikah", "tidak jadi pindah rumah"])
def test_longer_texts_are_not_these_keywords(text):
    assert keywords.match(text) is None


@pytest.mark.parametrize("text, payload", [
    ("2", "/report_pregnancy"), ("dua", "/report_pregnancy"), ("yg nomer dua", "/report_pregnancy"),
    ("pilih no 5", "/enroll_rantang_kasih"), ("kedua", "/report_pregnancy"), ("tujuh", "/check_status"),
])
def test_a_menu_item_in_words_right_after_the_menu(text, payload):
    assert keywords.match(text, menu_just_shown=True) == keywords.Keyword("rasa", payload)
    assert keywords.match(text, menu_just_shown=False) is None


@pytest.mark.parametrize("text", ["3", "tiga", "yg nomer tiga", "ketiga", "telu", "pilih no 3"])
def test_the_emergency_item_is_asked_about_first(text):
    """'3 Darurat' is not sent to Rasa at once: the pipeline asks what is happening."""
    assert keywords.match(text, menu_just_shown=True) == keywords.Keyword("ask_emergency", "/pregnancy_emergency")
    assert keywords.match(text, menu_just_shown=False) is None


@pytest.mark.parametrize("text", ["dua anak saya", "8", "nomer dua atau tiga"])
def test_other_replies_after_the_menu_are_no_menu_item(text):
    assert keywords.match(text, menu_just_shown=True) is None


@pytest.mark.parametrize("text, rest", [
    ("batal pak. sy mau cek yg DOK-0003", "sy mau cek yg DOK-0003"),
    ("gak jadi deh, mau bikin kk aja", "mau bikin kk aja"),
    ("ora sido wis. aku arep takon", "aku arep takon"),
    ("BATAL", None), ("batal nikah", None), ("Batal ngurus ktp, mau akta", None), ("gak jadi sakit", None),
])
def test_batal_said_first_then_something_else(text, rest):
    assert keywords.cancel_then(text) == rest


@pytest.mark.parametrize("text, declined", [
    ("lho mboten bu, kulo mboten nyuwun jemputan", True),  # round 9, C12
    ("mboten usah dipun jemput", True),
    ("ora usah dijemput, bojoku iso ngeterno", True),
    ("saya tidak minta diantar kok", True),
    ("tidak mau lapor polisi, cuma mau cerita", False),  # a complaint's words, not a refusal of it
    ("jemput jam 8 gak usah pagi2", False),
    ("Siti Aminah", False),
])
def test_a_ride_turned_down_in_words(text, declined):
    assert keywords.declines(text) is declined


@pytest.mark.parametrize("text, cancel", [
    ("wis lah mbak, BATAL wae", True),   # round 23, 3: classed goodbye, the form went on
    ("batal ae", True),
    ("wis batal kabeh", True),
    ("Gak jadi mas", True),
    ("yowis ora sido sing iki", True),   # round 25: "this one"
    ("maaf gak jadi dulu", True), ("sepurane mas, gak sido", True), ("mboten batal", False),
    ("batal ktp e", False),               # names what: read by the form
    ("ora sido mbak, aku mung takon", False),  # BATAL first, then more: cancel_then
])
def test_batal_with_fillers_around_it(text, cancel):
    assert (keywords.match(text) == keywords.Keyword("rasa", "/cancel")) is cancel


@pytest.mark.parametrize("text, asking", [
    ("lho aku mung takon mbak, dudu lapor", True),   # round 23, 2: the report form went on
    ("ora mbak, aku mung pengen ngerti flek iku bahaya opo ora", True),
    ("ora ono sing tak laporke mbak, aku mung takon kopi", True),
    ("cuma tanya kok, bukan mau daftar", True),
    ("cuma mau tanya syarat KTP", False),
    ("saya mau lapor", False),
    ("gak usah lapor polisi", False),
])
def test_only_asking(text, asking):
    assert keywords.only_asking(text) is asking


@pytest.mark.parametrize("text, slipped", [
    ("sepurane pak mau kepencet STOP. jeneng anakku Aditya", True),   # round 22: read as a request for a person
    ("salah pencet stop mas", True),
    ("gak sengaja ketik STOP", True),
    ("stop dulu ya", False),
    ("mau berhenti langganan", False),
])
def test_a_stop_sent_by_mistake(text, slipped):
    assert keywords.slipped_stop(text) is slipped


@pytest.mark.parametrize("text, rest", [
    # round 24: a BATAL between a story and a reason was read as a status question or a desa
    ("waduh KTPne nang bojoku, wis lah mas gak sido wae, sesuk ae tak urus dewe nang balai desa",
     "waduh KTPne nang bojoku sesuk ae tak urus dewe nang balai desa"),
    ("wis lah mas, batal ae, mengko tak omongno pak RT dewe", "wis lah mas mengko tak omongno pak RT dewe"),
    ("eh sepurane mbak, gak sido wae, jare ibuke wis lapor dewe nang bu bidan",
     "eh sepurane mbak jare ibuke wis lapor dewe nang bu bidan"),
    ("kemarin ke kecamatan gak jadi karena tutup", None),      # no clause of its own
    # round 26: a krama cancel with a reason naming the KK started a KK request
    ("ngapunten mboten sida rumiyin, KK kula taksih dipun beta anak kula teng Bali",
     "KK kula taksih dipun beta anak kula teng Bali"),
    ("mboten, sedaya kula batalaken", "mboten"),
    ("sing sido riko, wis diurusno anakku nang kecamatan", "wis diurusno anakku nang kecamatan"),  # Osing, round 28
    # round 27 F1: krama "sios" (sido) with a reason naming the KK started a KK request
    ("nyuwun pangapunten, mboten sios rumiyin, KK kula dereng dipun ganti dados KTP mangke kemawon",
     "nyuwun pangapunten KK kula dereng dipun ganti dados KTP mangke kemawon"),
    ("Batal ngurus ktp, mau akta", None),
])
def test_batal_as_a_clause_of_its_own(text, rest):
    assert keywords.cancel_within(text) == rest
