"""One answer, several fields: the pure splitters (a table of cases each) and the forms that
ask two things at once taking both (the other part validated by its own slot's rule)."""
from __future__ import annotations

import pytest

from actions import pregnancy, rantang_kasih
from actions.helpers.answer_parts import (
    alone_and_caregiver,
    place_rest,
    pregnancy_numbers,
    reporter_and_contact,
    split_age,
)
from tests.unit.actions.trackers import VILLAGER, answer


@pytest.mark.parametrize("text, rest, age", [
    ("Siti Aminah, 30 th", "Siti Aminah", "30"),
    ("siti aminah 30 tahun", "siti aminah", "30"),
    ("namanya bu siti aminah umurnya kira2 30an", "namanya bu siti aminah", "30"),
    ("Watini 41", "Watini", "41"),
    ("Siti, RT 02", "Siti, RT 02", None),  # an RT number is no age
    ("Siti Aminah", "Siti Aminah", None),
    ("Siti hamil 7 bulan", "Siti hamil 7 bulan", None),
    ("mbah sarinah umure 80an", "mbah sarinah", "80"),
])
def test_split_age(text, rest, age):
    low, high = (20, 120) if "mbah" in text else (10, 60)
    assert split_age(text, low, high) == (rest, age)


@pytest.mark.parametrize("text, expected", [
    ("7 bulan, hamil ke-2", {"hml_gestation": "7 bulan", "hml_gravida": "2"}),
    ("kayaknya 7 bulanan, yang kedua, anak 1",
     {"hml_gestation": "kayaknya 7 bulanan", "hml_gravida": "2", "hml_children": "1"}),
    ("G3P2 30 minggu", {"hml_gestation": "30 minggu", "hml_gravida": "3", "hml_children": "2"}),
    ("30 minggu hamil pertama", {"hml_gestation": "30 minggu", "hml_gravida": "1"}),
    ("HPL 12-03-2027, anak ke 3", {"hml_gestation": "HPL 12-03-2027", "hml_gravida": "3"}),
    ("ke 2", {"hml_gravida": "2"}),
    ("7 bln", {"hml_gestation": "7 bln"}),
    ("baru 3 bulan, belum punya anak", {"hml_gestation": "baru 3 bulan", "hml_children": "0"}),
    ("tidak tahu, anak kedua", {"hml_gestation": "tidak tahu", "hml_gravida": "2"}),
    # round 5: Osing "kang kapindho" (the second) came out as G1 from "kang pertama" later on
    ("wis patang sasi, iki kang kapindho. anak isun kang pertama umure lagi setaun setengah",
     {"hml_gestation": "patang sasi, . anak isun kang pertama umure lagi setaun setengah", "hml_gravida": "2"}),
    ("7 sasi, meteng kaping kalih", {"hml_gestation": "7 sasi", "hml_gravida": "2"}),
    ("enem bulan, se kapeng duwa", {"hml_gestation": "enem bulan", "hml_gravida": "2"}),
])
def test_pregnancy_numbers(text, expected):
    assert pregnancy_numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("tetangga, 081234567890", {"hml_reporter": "tetangga", "hml_contact": "081234567890"}),
    ("kader posyandu 0812-3456-7890", {"hml_reporter": "kader posyandu", "hml_contact": "081234567890"}),
    ("suami, nomor ini", {"hml_reporter": "suami", "hml_contact": "0"}),
    ("tetangga, tidak ada", {"hml_reporter": "tetangga", "hml_contact": "tidak ada"}),
    ("saya sendiri", {"hml_reporter": "saya sendiri"}),
    ("tidak ada", {"hml_contact": "tidak ada"}),
])
def test_reporter_and_contact(text, expected):
    assert reporter_and_contact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("sendiri, tidak ada yg merawat", {"rks_alone": "sendiri", "rks_caregiver": "tidak ada"}),
    ("sendirian, kadang ditengok cucu", {"rks_alone": "sendirian", "rks_caregiver": "kadang ditengok cucu"}),
    ("iya sendirian tapi tetangga kadang nengok", {"rks_alone": "iya sendirian", "rks_caregiver": "tetangga kadang nengok"}),
    ("ya", {"rks_alone": "ya"}),
    ("tidak ada yang merawat", {"rks_caregiver": "tidak ada"}),
])
def test_alone_and_caregiver(text, expected):
    assert alone_and_caregiver(text) == expected


# --------------------------------------------------------------------------- through the forms

HML = pregnancy.ValidatePregnancyForm()
RKS = rantang_kasih.ValidateRantangKasihForm()


def hml(slot, text, **kw):
    return answer(HML, "pregnancy_form", slot, text, **kw)


def rks(slot, text, **kw):
    return answer(RKS, "rantang_kasih_form", slot, text, **kw)


def test_name_and_age_in_one_answer():
    slots, said = hml("hml_mother_name", "namanya bu siti aminah, umurnya 30 th")
    assert slots["hml_mother_name"] == "Siti Aminah" and slots["hml_age"] == 30 and said == []


def test_name_alone_leaves_the_age_to_ask():
    slots, _ = hml("hml_mother_name", "Siti Aminah")
    assert slots["hml_mother_name"] == "Siti Aminah" and "hml_age" not in slots


def test_a_known_age_is_not_split_again():
    slots, _ = hml("hml_mother_name", "Siti Aminah 25", slots={"hml_age": 30})
    assert slots["hml_mother_name"] is None  # digits are no name: asked again, the age stays
    assert "hml_age" not in slots


def test_gestation_and_which_pregnancy_in_one_answer():
    slots, said = hml("hml_gestation", "kayaknya 7 bulanan, yang kedua")
    assert slots["hml_gestation_weeks"] == 30 and slots["hml_gravida"] == 2
    assert slots["hml_children"] == "-" and said == []  # 2 pregnancies cannot make 4 children: not asked


def test_only_which_pregnancy_asks_the_gestation_alone():
    slots, said = hml("hml_gestation", "ke 5, anak 4")
    assert slots["hml_gestation"] is None and "retry_prompt" not in slots and said == []
    assert slots["hml_gravida"] == 5 and slots["hml_children"] == 4
    assert slots.get("retry_count") is None  # progress, not a failure


def test_reporter_and_contact_in_one_answer():
    slots, _ = hml("hml_reporter", "saya tetangganya, no hp nya 0812 3456 7890")
    assert slots["hml_reporter"] == "tetangga" and slots["hml_contact"] == "+6281234567890"


def test_the_mother_herself_is_reached_on_this_number():
    slots, _ = hml("hml_reporter", "saya sendiri")
    assert slots["hml_reporter"] == "ibu_sendiri" and slots["hml_contact"] == VILLAGER


def test_a_number_with_an_unknown_relation_is_another_reporter():
    slots, _ = hml("hml_reporter", "pak RT, 081234567890")
    assert slots["hml_reporter"] == "lainnya" and slots["hml_contact"] == "+6281234567890"


def test_rantang_name_and_age():
    slots, _ = rks("rks_name", "Mbah Sarinah, umure 80an")
    assert slots["rks_name"] == "Mbah Sarinah" and slots["rks_age"] == 80


def test_rantang_alone_and_nobody_looks_in():
    slots, _ = rks("rks_alone", "iya sendirian, gak ada yang ngurus")
    assert slots["rks_alone"] is True and slots["rks_caregiver"] == "tidak_ada"


def test_rantang_lives_with_family_is_not_asked_who_looks_in():
    slots, _ = rks("rks_alone", "tidak, tinggal sama cucunya")
    assert slots["rks_alone"] is False and slots["rks_caregiver"] == "-"


@pytest.mark.parametrize("text, rest", [
    ("Jambewangi, depan masjid", "depan masjid"),
    ("jambewangi krajan rt 2", "krajan rt 2"),
    ("jambe wangi, depan masjid", "depan masjid"),   # the name however it is spaced
    ("di desa jambewangi pak", None),
    ("sy tinggal di desa jambwangi", None),          # a typo of the desa is the desa
    ("desa jambewangi kec sempu banyuwangi", None),
])
def test_place_rest(text, rest):
    assert place_rest(text, ["Jambewangi", "Sempu"]) == rest


def test_a_landmark_given_with_the_desa_is_not_asked_again():
    slots, _ = rks("village", "Jambewangi, depan masjid", entities=[{"entity": "village", "value": "Jambewangi"}])
    assert slots["village"] == "Jambewangi" and slots["rks_dusun"] == "depan masjid"


def test_a_pin_proposes_the_nearest_desa_for_a_ya():
    from actions.village import pin_proposal, village_outcome

    proposal = pin_proposal({"latitude": -8.2615, "longitude": 114.1241})
    assert proposal["village"] is None and proposal["village_choices"] == ["Jambewangi|Sempu"]
    assert "Desa Jambewangi, Kec. Sempu" in proposal["village_prompt"] and "YA" in proposal["village_prompt"]
    assert pin_proposal({"latitude": -6.2, "longitude": 106.8}) is None  # Jakarta: no guess
    yes, _ = village_outcome("iya betul", pending=proposal["village_choices"])
    assert (yes["village"], yes["district"]) == ("Jambewangi", "Sempu")
    no, prompt = village_outcome("bukan", pending=proposal["village_choices"])
    assert no["village"] is None and no["village_choices"] is None and "nama desanya" in prompt
    named, _ = village_outcome("Kemiren", pending=proposal["village_choices"])
    assert named["village"] == "Kemiren"


@pytest.mark.parametrize("text, confirm", [
    ("nang omah pak, cedak pasar sempu", True),   # near Sempu's market: maybe another desa
    ("depan masjid jambewangi", True),
    ("sempu", False), ("desa sempu", False), ("jambewangi depan masjid", False),
    ("nang omahe, cedak SMP 1 Glagah, gang sebelah warung bakso", True),   # round 4: "not in Banyuwangi"
    ("nang omah mas, sak kulone lapangan bal jambewangi", True),
    ("genteng kulon", False), ("paspan mas, kecamatan glagah", False),
])
def test_a_desa_named_only_by_a_landmark_near_it_is_confirmed(text, confirm):
    from actions.village import village_outcome

    slots, prompt = village_outcome(text)
    assert (slots["village"] is None and "Balas YA" in (prompt or "")) is confirm
    assert (slots["village"] is not None) is not confirm


def test_round_four_krama_answers():
    """Exploratory round 4 (a neighbour in krama Javanese): "kalih-kalihe" (both) made a false
    'vakum' risk; "yuswane kinten2 telung puluh loro" had no age; "kulo tanggine" no reporter."""
    from actions.helpers.pregnancy_report import parse_reporter
    from bot.core.numbers import parse_choices

    assert parse_choices("mboten wonten sedanten, lairan riyin normal kalih-kalihe", 8) == set()
    assert parse_choices("sehat kok, mboten enten napa-napa", 8) == set()
    assert parse_choices("satu tiga", 8) == {1, 3}                  # number words as the answer still count
    assert parse_choices("tidak ada semua sehat alhamdulillah", 8) == set()  # round 10, c4: asked again
    assert split_age("asmane mbak Sulastri, yuswane kinten2 telung puluh loro", 10, 60) == ("asmane mbak Sulastri",
                                                                                          "32")
    assert parse_reporter("kulo tanggine") == "tetangga"


def test_round_four_numbers_in_free_text_are_no_options():
    """Exploratory round 4: "anak pertama umur 3 th" became option 3 ("uri dirogoh") and
    "dua-duane" (both) at the confirmation opened field 2; "SC 1x" still names the caesarean."""
    from actions.helpers.options import as_numbers
    from bot.core.numbers import parse_choice, parse_choices

    history = kspr_question = ("Dulu pernah: 1 sesar 2 vakum/tang 3 uri dirogoh 4 infus/transfusi 5 keguguran? Ada: "
                               "6 anak terakhir <2 th 7 jarak hamil 10 th+ 8 tinggi 145cm/kurang? 0 tdk ada")
    assert parse_choices("anak pertama umur 3 th", 8) is None and as_numbers("anak pertama umur 3 th", history) is None
    assert as_numbers("SC 1x, selebihnya nihil", kspr_question) == "1"
    assert parse_choice("dua-duane", 8) is None
    assert split_age("mbah karto, umure wis pitungpuluh limo an", 20, 120) == ("mbah karto", "75")


def test_a_report_names_twins_and_high_blood_pressure_together():
    from actions.helpers.first_message import pregnancy_fields

    found = pregnancy_fields("bumil an. Ny. Lilik, 27 th, G2P1, UK 7 bulan, tensi 150/100, kaki bengkak, hamil kembar")
    assert found["hml_risk_c"] == ["bengkak_tekanan_darah_tinggi", "hamil_kembar"]


def test_a_cadres_report_names_the_mother_and_her_number():
    """Round-4 conversation 2: "Nama bumil: Ny. Lilik Suryani" and "HP suami 0813…" were asked again."""
    from actions.helpers.first_message import pregnancy_fields

    found = pregnancy_fields("Laporan kader posyandu Melati Dsn Krajan Ds Kemiren. Nama bumil: Ny. Lilik Suryani, "
                             "27 th, G2P1A0, UK 28 mgg. TD 150/100, kaki bengkak, hamil kembar. HP suami 081336781122.")
    assert found["hml_mother_name"] == "Lilik Suryani" and found["hml_contact"] == "081336781122"
    assert found["hml_risk_c"] == ["bengkak_tekanan_darah_tinggi", "hamil_kembar"]


@pytest.mark.parametrize("text", ["persalinan pertama normal di bidan, anak pertama umur 3 th. tidak ada",
                                  "riyin lairan normal teng bidan"])
def test_a_sentence_is_no_name(text):
    from actions.helpers.answers import person_name

    assert person_name(text) is None


@pytest.mark.parametrize("text, picked", [
    ("sing ono kabeh", set()),  # Osing: none at all
    ("sing ono, sehat", set()),
    ("tadha'", set()),  # Madurese
    ("Tidak ada Ndan, baru nikah tahun lalu", set()),  # none, and why
    ("tidak ada, tapi darah tinggi", None),  # not "none": ask again (the words form takes option 4 first)
])
def test_none_in_osing_madurese_and_with_a_but(text, picked):
    from bot.core.numbers import parse_choices
    assert parse_choices(text, 8) == picked


def test_married_last_year_is_not_married_four_years():
    """Round 5: 'baru nikah tahun lalu' (married only last year) was stored as 'menikah 4 th+'."""
    from actions.helpers.options import as_numbers
    first = "Ada yg berikut? Balas nomor, boleh lebih dari 1 (mis. 1 2): 1 tinggi badan 145cm/kurang " \
            "2 sudah menikah 4 th/lebih baru hamil ini 0 tidak ada"
    assert as_numbers("Tidak ada Ndan, baru nikah tahun lalu", first) is None
    assert as_numbers("sudah menikah 5 tahun baru hamil", first) == "2"


@pytest.mark.parametrize("text", ["lho isun dhewek kang meteng. hp yo nomer iki", "kula piyambak", "engkok dhibi'"])
def test_the_mother_herself_in_osing_krama_and_madurese(text):
    """Round 5: "isun dhewek kang meteng" (I myself am the pregnant one) was stored as "pelapor lainnya"."""
    from actions.helpers.pregnancy_report import parse_reporter
    assert parse_reporter(text) == "ibu_sendiri"


def test_an_osing_first_message_says_the_mother_reports_herself():
    from actions.helpers.first_message import pregnancy_fields
    assert pregnancy_fields("sore lur. isun lagi meteng, jare kudu ngelapor nyang bidan desa")["hml_reporter"] \
        == "ibu_sendiri"


@pytest.mark.parametrize("text, gestation, dusun", [
    # round 8, finding 5: the months and the landmark of the first message were asked again
    (("assalamualaikum, aku arep lapor tonggoku mbak Lestari meteng wes limang sasi tapi durung tau priksa nang "
     "bidan blas, omahe nang desa Kemiren cedhak masjid"), "limang sasi", "cedhak masjid"),
    ("bojoku mbobot pitung wulan, omahe ngarep SD 2", "pitung wulan", "ngarep SD 2"),
    ("tetanggaku hamil, rumahnya dekat sini", None, None),
    ("mau lapor ada bumil di dekat rumah", None, None),  # the reporter's own house (e2e found it)
    ("aku dudu tonggo cedhak banget, tapi wonge meteng", None, None),
])
def test_a_first_message_gives_the_months_in_words_and_a_landmark(text, gestation, dusun):
    from actions.helpers.first_message import pregnancy_fields
    found = pregnancy_fields(text)
    assert (found.get("hml_gestation"), found.get("hml_dusun")) == (gestation, dusun)


@pytest.mark.parametrize("text, name", [
    ("assalamualaikum, aku arep lapor tonggoku mbak Lestari meteng wes limang sasi", "Lestari"),
    ("istri saya bu Siti Aminah hamil 7 bulan", "Siti Aminah"),
    ("tonggoku mbak lestari lagi meteng", "Lestari"),
    ("tetanggaku bu bidan bilang hamil", None),
    ("tetangga sy mbak hamil", None),
    ("Tetangga sy Bu Rina hamil", "Rina"),
])
def test_a_first_message_names_the_mother_by_her_title(text, name):
    from actions.helpers.first_message import pregnancy_fields
    assert pregnancy_fields(text).get("hml_mother_name") == name


@pytest.mark.parametrize("text, name, is_stray", [
    ("wkwk sori td anakku nyanyi 'umbul umbul blambangan' keketik", "Blambangan", True),  # round 10, c2
    ("jambewangi. tapi ojo nganti bojoku ngerti yo mbak, aku wedi nek dee ngerti aku lapor", "Jambewangi", False),
    ("Jambewangi, dusun Krajan RT 2 depan masjid", "Jambewangi", False),
    ("aku wong Kemiren mas", "Kemiren", False),
])
def test_a_desa_in_a_long_line_with_no_word_of_place_is_only_proposed(text, name, is_stray):
    from actions.helpers.answer_parts import stray

    assert stray(text, name) is is_stray


@pytest.mark.parametrize("text, rest", [
    ("maaf pak baru pegang hp, tadi ke sawah. desa Segobang", None),  # round 11: "pegang hp tadi ke sawah" as dusun
    ("sepurane telat, desa Kemiren pak", None),  # round 10, c3
    ("maaf pak, Segobang dusun Krajan", "dusun Krajan"),
])
def test_an_apology_for_answering_late_is_no_part_of_the_place(text, rest):
    from actions.helpers.answer_parts import place_rest

    assert place_rest(text, ["Segobang", "Kemiren"]) == rest


@pytest.mark.parametrize("text, dusun", [("iyo", None), ("nggih pak", None), ("Karangsari, dusun Sukorejo", "Sukorejo"),
                                         ("Karangsari depan masjid", "depan masjid"),
                                         ("desa Karangsari, dusune gak ngerti aku mbak", "tidak tahu"),
                                         # round 23, 8: Madurese "e" (at) and "dhusun" stored as "e dhusun Krajan"
                                         ("e desa Karangsari, dhusun Krajan", "Krajan")])
def test_a_yes_to_the_desa_proposed_is_no_place(text, dusun):
    """Round 21: "iyo" to "Apakah di Desa Karangsari?" became the pick-up place."""
    from actions.helpers.answer_parts import dusun_said
    from actions.helpers.first_message import dusun_in

    assert dusun_said(text, ["Karangsari", "Sempu"], dusun_in(text)) == dusun


def test_round_twenty_one_numbers_and_nobody_in_words():
    """Round 21 M1/M3: Madurese numbers and ordinals, "gak onok setauku", "sing ana" were asked again."""
    from actions.helpers.answer_parts import alone_and_caregiver, pregnancy_numbers
    from bot.core.dates import parse_gestation_weeks
    from bot.core.numbers import parse_choices, parse_int

    assert parse_int("la e kocak salawe taon") == 25 and parse_int("duwa polo lema'") == 25
    assert parse_int("umure wis wolung puluh luwih") == 80 and parse_gestation_weeks("la petto' bulan") == 30
    found = pregnancy_numbers("la petto' bulan, areya se katello', ana'na la duwa'")
    assert (found["hml_gravida"], found["hml_children"], parse_gestation_weeks(found["hml_gestation"])) == ("3", "duwa", 30)
    assert parse_choices("gak onok setauku", 8) == set()
    assert alone_and_caregiver("sing ana") == {"rks_alone": "sendiri", "rks_caregiver": "tidak ada"}
    assert alone_and_caregiver("dhewekan, sing ana hang ngerumat") == {"rks_alone": "dhewekan", "rks_caregiver": "tidak ada"}


def test_a_madurese_age_in_words_is_the_age_not_the_name():
    """Round 22 H2: "Nur Hasanah, omorra salawe taon" became the name "Omorra Salawe Taon"."""
    from actions.helpers.answer_parts import split_age

    assert split_age("bini kaula Nur Hasanah, omorra salawe taon", 10, 60) == ("bini kaula Nur Hasanah", "25")


@pytest.mark.parametrize("text, name, age", [
    # round 23, 5: the Madurese name and age in the first message were asked again
    ("assalamualaikum, bini kaula Siti Aminah ngandung, omorra salawe taon", "Siti Aminah", "25"),
    ("bini kaula Siti Aminah ngandung, omorra dua polo lema' taon. kaula terro lapor", "Siti Aminah", "25"),  # round 24
    ("istriku Wulan lagi hamil 5 bulan", "Wulan", None),
    ("Tetangga Saya Yanti Lagi Hamil", "Yanti", None),
    ("Istri Saya Lagi Hamil", None, None),          # title case: words, no name
    ("Istri Saya Sudah Hamil 3 Bulan", None, None),
])
def test_a_first_message_names_the_mother_after_the_relation(text, name, age):
    from actions.helpers.first_message import pregnancy_fields
    found = pregnancy_fields(text)
    assert found.get("hml_mother_name") == name and found.get("hml_age") == age


@pytest.mark.parametrize("text, name", [
    ("nuwun sewu, kula badhe nyuwun SKTM, nami kula Sumarni", "Sumarni"),   # round 23, 9: asked again
    ("nama saya Dewi Rahma dari desa Kandangan mau bikin KK", "Dewi Rahma"),
    ("jenengku Slamet, arep ngurus KTP", "Slamet"),
    ("mau bikin ktp", None),
    ("nama saya siapa ya di KK", None),
])
def test_a_document_request_names_the_applicant(text, name):
    from actions.helpers.doc_subject import applicant_in_request
    assert applicant_in_request(text) == name


@pytest.mark.parametrize("text, name", [
    # round 25, 6b: the child's name said a few words after "anak kula" was asked again
    (("assalamualaikum pak, anak kula lair wingi dinten senen, jenenge Muhammad Rizky Pratama, badhe ngurus akta "
     "kelahiran"), "Muhammad Rizky Pratama"),
    ("anak saya lahir kemarin namanya belum ada", None),
    ("mau bikin akta anak saya", None),
])
def test_the_childs_name_a_few_words_after_the_child(text, name):
    from actions.helpers.doc_subject import named_in_request
    assert named_in_request(text) == name


def test_a_police_report_with_about_eight_months():
    """Round 25, 8: "usia kandungan kurang lebih 8 bulan" was asked again."""
    from actions.helpers.first_message import pregnancy_fields
    found = pregnancy_fields("Lapor, izin menyampaikan: telah ditemukan ibu hamil a.n. Ny. Rohmawati umur 41 th, alamat "
                             "Dsn. Krajan RT 03 RW 01 Ds. Kedungrejo, usia kandungan kurang lebih 8 bulan, hamil ke-5")
    assert (found["hml_gestation"], found["hml_gravida"], found["hml_age"]) == ("8 bulan", "5", "41")


def test_a_rantang_kasih_request_that_says_she_cannot_cook():
    """Round 25, 9a: "urip dewekan, gak iso masak" in the first message, then asked again."""
    from actions.helpers.first_message import rantang_fields
    found = rantang_fields("mas, tonggoku mbah Sarinah wis sepuh urip dewekan, gak iso masak, opo iso oleh rantang kasih?")
    assert (found["rks_name"], found["rks_alone"], found["rks_poor"]) == ("Mbah Sarinah", "ya", "2")


def test_deso_is_no_part_of_the_dusun():
    """Round 25: "deso kedungringin, dusun sumbersari" stored the dusun as "deso dusun sumbersari"."""
    from actions.helpers.answer_parts import dusun_said
    from actions.helpers.first_message import dusun_in
    text = "deso kedungringin, dusun sumbersari, omahe mburi langgar"
    assert dusun_said(text, ["Kedungringin", "Muncar"], dusun_in(text)) == "dusun sumbersari mburi langgar"


def test_madurese_dhisa_is_no_part_of_the_dusun():
    """Round 27 F8: "dhisa Kemiren, dusun Krajan" stored the dusun as "dhisa dusun Krajan"."""
    from actions.helpers.answer_parts import dusun_said
    from actions.helpers.first_message import dusun_in
    said = {text: dusun_said(text, ["Kemiren", "Glagah"], dusun_in(text))
            for text in ("dhisa Kemiren, dusun Krajan", "desa Kemiren, dusun Krajan")}
    assert said["dhisa Kemiren, dusun Krajan"] == said["desa Kemiren, dusun Krajan"] == "Krajan"


@pytest.mark.parametrize("text", ["tadha' keya", "ora ono uga", "mboten wonten ugi", "gak ada juga"])
def test_none_too_is_none(text):
    """Round 27 F3: Madurese "tadha' keya" (none too) at the second risk list was refused."""
    from bot.core.numbers import parse_choices
    assert parse_choices(text, 8) == set()


@pytest.mark.parametrize("text, number", [
    # round 28 F9: krama tens and 25, "wolung puluhan" (the eighties), "tigang wulan"
    ("yuswanipun tigang dasa taun", 30), ("selangkung", 25), ("kinten-kinten pitung dasa langkung", 70),
    ("kiro2 wolung puluhan", 80), ("tigang wulan", 3), ("gangsal dasa", 50),
])
def test_krama_number_words(text, number):
    from bot.core.numbers import parse_int
    assert parse_int(text) == number


@pytest.mark.parametrize("response, answer, numbers", [
    ("utter_ask_rks_poor", "kekalihipun", "3"), ("utter_ask_rks_reporter", "tangganipun", "3"),   # round 28 F10
])
def test_krama_option_words(response, answer, numbers):
    from actions.helpers.options import as_numbers
    from tests.unit.actions.trackers import DOMAIN
    assert as_numbers(answer, DOMAIN["responses"][response][0]["text"]) == numbers


def test_forgot_in_krama_is_unknown():
    from nlu.yes_no import UNKNOWN
    assert UNKNOWN.match("supe") and UNKNOWN.match("kula supe")
