"""Documents end to end: the form over the signed webhook (SMS and WhatsApp), the DOK case in
the export with its document_type, the notice to the village operator."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conversation import answer_until, case_by_ref, case_of, cases_of, converse, officer, ref_in


def test_menu_path_with_ambiguous_desa_and_a_correction(stack):
    phone = stack.new_phone()
    r = converse(stack, phone, [
        "MENU",
        "1",                   # documents
        "1",                   # KTP
        "2",                   # hilang
        "Siti Aminah",
        "3510 0152 0392 0001",  # a woman born 12-03-1992
        "tamansari",           # a desa in two kecamatan
        "2",
        "3",                   # correct the name
        "Siti Aminah Putri",
    ])
    assert "Layanan:" in r[0][0]
    assert "dokumen apa" in r[1][0].lower()
    assert "untuk apa" in r[2][0].lower()
    assert "nama lengkap" in r[3][0].lower()
    assert "NIK" in r[4][0]
    assert "desa" in r[5][0].lower()
    assert "2 kecamatan" in r[6][0] and "1 Kec." in r[6][0]
    assert "Tamansari" in r[7][0] and "Balas YA" in r[7][0]
    assert "nama lengkap" in r[8][0].lower()
    assert "Siti Aminah Putri" in r[9][0] and "3510015203920001" in r[9][0]
    for replies in r[1:]:
        assert replies and all(len(text) <= 160 for text in replies), replies
    done = converse(stack, phone, ["ya"])[0]
    ref = ref_in(done, "DOK")
    assert len(" ".join(done)) <= 306 and "surat kehilangan" in done[0]

    case = case_by_ref(stack, ref)
    assert case["kind"] == "document" and case["status"] == "new"
    assert case["phone"] == phone and case["channel"] == "sms"
    district = case["district"]
    assert case["village"] == "Tamansari" and district in ("Licin", "Tegalsari")
    assert case["data"]["document_type"] == "ktp" and case["data"]["variant"] == "hilang"
    assert case["data"]["applicant_name"] == "Siti Aminah Putri"
    note = stack.wait_outbox(officer("operator_desa", "Tamansari", district), contains=ref)
    assert "Tamansari" in note["body"] and "Siti Aminah Putri" in note["body"]


def test_whatsapp_free_text_request(stack):
    phone = stack.new_phone()
    r = converse(stack, phone, [
        "permisi, KTP saya hilang, mau buat lagi",
        "Budi Santoso",
        "3510011207850003",
        "Jambewangi",
    ], whatsapp=True)
    assert "nama lengkap" in r[0][0].lower()  # type and variant were in the first message
    assert "KTP-el hilang a.n. Budi Santoso" in r[3][0]
    ref = ref_in(converse(stack, phone, ["nggih"], whatsapp=True)[0], "DOK")
    case = case_by_ref(stack, ref)
    assert case["channel"] == "whatsapp" and (case["village"], case["district"]) == ("Jambewangi", "Sempu")
    assert case["data"]["document_type"] == "ktp"
    stack.wait_outbox(officer("operator_desa", "Jambewangi", "Sempu"), contains=ref)


def test_nik_from_elsewhere_invalid_nik_and_village_letter(stack):
    phone = stack.new_phone()
    r = converse(stack, phone, [
        "MENU", "1",
        "6",                  # SKTM: no variant question
        "Rina",
        "3510011299850003",   # month 99
        "3509011207850003",   # Jember
        "ya",
        "Kemiren",
    ])
    assert "nama lengkap" in r[2][0].lower()
    assert "tanggal lahir" in r[4][0]
    assert "luar Kab. Banyuwangi" in r[5][0]
    assert "SKTM a.n. Rina" in r[7][0]
    ref = ref_in(converse(stack, phone, ["ya"])[0], "DOK")
    case = case_by_ref(stack, ref)
    assert case["data"]["document_type"] == "sktm" and case["data"]["nik_outside_banyuwangi"] is True
    assert (case["village"], case["district"]) == ("Kemiren", "Glagah")


def test_batal_ends_the_form_without_a_case(stack):
    phone = stack.new_phone()
    r = converse(stack, phone, ["MENU", "1", "2", "BATAL", "BATAL"])
    assert "dibatalkan" in r[3][0]
    assert "Tidak ada permintaan" in r[4][0]
    assert cases_of(stack, phone) == []


def test_a_ktp_named_with_the_nik_keeps_the_kk_request(stack):
    """Issue 8: a KTP mentioned while answering the NIK does not turn a KK request into a KTP one."""
    phone = stack.new_phone()
    r = converse(stack, phone, ["mau bikin kk baru", "1", "Budi Santoso", "nik di ktp saya 3510011207850003"])
    asked = " ".join(r[-1])
    if "desa" in asked.lower():
        r = converse(stack, phone, ["Jambewangi"])
    assert "KK" in " ".join(r[-1]) or "Kartu Keluarga" in " ".join(r[-1]), r[-1]
    ref = ref_in(converse(stack, phone, ["ya"])[0], "DOK")
    assert case_by_ref(stack, ref)["data"]["document_type"] == "kk"


def test_a_ktp_lost_in_a_flood_without_the_nik_still_reaches_the_operator(stack):
    """Exploratory finding (conv. 9): the NIK is not at hand; "gak apal" is an answer (TT) and
    the operator is asked to find it, instead of the same re-ask forever."""
    phone = stack.new_phone()
    replies = converse(stack, phone, [
        "mas ktp ku ilang pas banjir wingi, piye carane gawe maneh",
        "Wahyuni",
        "gak apal nik ku mas, ktp ne ilang. kk ne yo melu keli",
        "Jambewangi",
    ])
    assert "NIK belum tahu" in " ".join(replies[-1])
    done = " ".join(converse(stack, phone, ["ya"])[0])
    ref = re.search(r"DOK-\d+", done).group(0)
    case = case_of(stack, phone, "document")
    assert case["data"]["nik"] is None and case["data"]["nik_unknown"] is True
    note = stack.wait_outbox(officer("operator_desa"), contains=ref, timeout=60)
    assert "SIAK" in note["body"]


def test_a_change_of_document_mid_form_and_at_the_summary_replaces_it(stack):
    """Round 10, c10: "sing, isun ganti ngurus akta kelahiran ae" at the NIK question was a wrong NIK
    three times; "dokumene salah, akta kelahiran" at the summary asked "KK untuk apa?"."""
    phone = stack.new_phone()
    r = converse(stack, phone, ["isun arep ngurus KK baru", "Hariyanto", "sing, isun ganti ngurus akta kelahiran ae"])
    assert "Akta kelahiran untuk apa?" in " ".join(r[2])
    r = converse(stack, phone, ["baru", "anake jenenge Dimas Saputra", "3510164501900002", "Olehsari"])
    assert "Siapa nama anak yang dibuatkan akta?" in " ".join(r[0])  # round 11 L5: the child's name
    # the applicant's name shown whole too (round 20: the shorter ending leaves room for it)
    assert "Akta kelahiran baru a.n. Dimas Saputra, pemohon Hariyanto, NIK 3510164501900002" in " ".join(r[-1])
    phone = stack.new_phone()
    r = converse(stack, phone, ["mau ngurus KK baru", "Hariyanto", "3510164501900002", "Olehsari",
                                "dokumene salah, akta kelahiran"])
    assert "Akta kelahiran untuk apa?" in " ".join(r[-1]) and "KK untuk apa" not in " ".join(r[-1])


def test_round_sixteen_a_yes_with_more_words_reaches_the_operator(stack):
    """Round 16, conversation 4: "YA pak. nyuwun tulung bayine lair teng puskesmas Paspan ..." was
    dropped, and "dereng wonten namine, taksih dirembug" became the child's name "Taksih Diremb."."""
    phone = stack.new_phone()
    r = converse(stack, phone, ["kulo badhe ngurus akta kelahiran", "baru", "Siti Aminah",
                                "dereng wonten namine pak, taksih dirembug kaliyan simbahe", "3510154507900002",
                                "Sarongan"], whatsapp=True)
    summary = " ".join(r[-1])
    assert "(belum diberi nama)" in summary and "Taksih" not in summary
    note = "YA pak. bayine lair teng puskesmas Sarongan tgl 1 Desember, mangke kulo pendet piyambak teng balai desa"
    ref = ref_in(converse(stack, phone, [note], whatsapp=True)[0], "DOK")
    case = case_by_ref(stack, ref)
    assert "puskesmas Sarongan tgl 1 Desember" in case["data"]["reporter_note"]
    told = stack.wait_outbox(officer("operator_desa", "Sarongan", "Pesanggaran"), contains=ref)
    assert "balai desa" in told["body"]


def test_round_seventeen_a_desa_corrected_at_the_summary_is_never_filed_as_a_yes(stack):
    """Round 17, 3a: "eh desaku salah, sing bener Kebaman" (the NLU said affirm) filed the KTP
    request to the wrong desa's operator; "hmmm sek yo" filed another."""
    phone = stack.new_phone()
    r = converse(stack, phone, ["ktp ku ilang pak", "Slamet Riyadi", "3510152304850003", "Sukojati"], whatsapp=True)
    assert "Desa Sukojati" in " ".join(r[-1])
    wait = " ".join(converse(stack, phone, ["hmmm sek yo"], whatsapp=True)[0])
    assert "DOK-" not in wait and not cases_of(stack, phone, "document")
    fixed = " ".join(converse(stack, phone, ["eh desaku salah, sing bener Kebaman"], whatsapp=True)[0])
    assert "Desa Kebaman" in fixed and "DOK-" not in fixed
    ref = ref_in(converse(stack, phone, ["ya"], whatsapp=True)[0], "DOK")
    case = case_by_ref(stack, ref)
    assert (case["village"], case["district"]) == ("Kebaman", "Srono")
    stack.wait_outbox(officer("operator_desa", "Kebaman", "Srono"), contains=ref)


def test_round_twenty_two_documents_stop_mid_form_and_the_second_one_after(stack):
    """Round 20, conversation 8: the akta for a child "sing nembe lahir" became "perubahan data", the
    child's name in the restarting message was asked again, the KK offered after it asked the
    applicant and the NIK again, and after STOP nobody said that no news would come."""
    phone = stack.new_phone()
    converse(stack, phone, [("pak, aku arep nggawe akta lahir anakku sing nembe lahir, karo KK ne yo kudu diganti "
                             "ditambahi anakku"), "Agus Salim"])
    assert "MULAI" in " ".join(converse(stack, phone, ["STOP"])[0])
    replies = converse(stack, phone, ["akta lahir sik ae pak, KK ne mengko. jeneng anakku Muhammad Rizky Pratama"])[0]
    answers = [("untuk apa", "gawe anyar, anakku nembe lahir wingi"),  # after STOP the first request is gone
               ("nama lengkap pemohon", "Agus Salim"), ("NIK", "TT, KTP ne nang bojoku"),
               ("desa/kelurahan", "Wringinputih Muncar")]
    replies, asked = answer_until(stack, phone, replies, answers, "Benar?", turns=5)
    summary = " ".join(replies)
    assert "Akta kelahiran baru" in summary and "Muhammad Rizky Pratama" in summary, summary
    assert not [r for r in asked if "nama anak" in r], asked
    done = converse(stack, phone, ["ya"])[0]
    akta = case_by_ref(stack, ref_in(done, "DOK"))
    assert akta["data"]["variant"] == "baru" and akta["data"]["subject_name"] == "Muhammad Rizky Pratama"
    assert any("sudah STOP" in r and "START" in r for r in done), done  # no news will come by message
    offered = " ".join(r for r in done if "juga menulis" in r)
    assert "KK" in offered, done
    kk = " ".join(converse(stack, phone, ["iyo"])[0])
    assert "nama lengkap pemohon" not in kk and "NIK" not in kk.split("Benar?")[0].split("NIK")[0], kk
    assert "KK perubahan data a.n. Agus Salim" in kk and "Wringinputih" in kk, kk
    converse(stack, phone, ["YA"])
    docs = sorted(cases_of(stack, phone, "document"), key=lambda c: c["ref"])
    assert [c["data"]["document_type"] for c in docs] == ["akta_kelahiran", "kk"]
    assert docs[1]["data"]["applicant_name"] == "Agus Salim" and docs[1]["village"] == "Wringinputih"
    stack.wait_outbox(officer("operator_desa", "Wringinputih", "Muncar"), contains=docs[1]["ref"], timeout=60)


def test_round_twenty_one_batal_and_menu_end_a_form_whose_first_message_named_the_desa(stack):
    """Round 21 H1: with the desa in the first message, BATAL and MENU in the document and the complaint
    forms got the same question again (the desa was set again every turn, so the form never gave way)."""
    phone = stack.new_phone()
    r = converse(stack, phone, ["mau buat akta kematian bapak saya, desa Setail", "BATAL"])
    assert "dibatalkan" in " ".join(r[1]) and "pemohon" not in " ".join(r[1]), r
    r = converse(stack, phone, ["mas aku arep gawe KTP anyar, aku wong Karangsari", "MENU"])
    assert "pemohon" not in " ".join(r[1]) and "1" in " ".join(r[1]), r
    r = converse(stack, phone, ["mau lapor lampu jalan mati di desa Bayu", "BATAL"])
    assert "dibatalkan" in " ".join(r[1]), r
    assert cases_of(stack, phone) == []


def test_round_twenty_one_a_hospital_named_at_the_summary_keeps_the_desas_operator(stack):
    """Round 21 H2: "anakku saiki dirawat nang RSUD Genteng pak" at an SKTM summary set the kecamatan of
    Desa Singolatren to Genteng and the case went to Operator Kecamatan Genteng."""
    phone = stack.new_phone()
    replies = converse(stack, phone, ["pak kulo badhe damel SKTM kangge sekolah anak, kulo saking desa Singolatren"])[0]
    answers = [("nama lengkap pemohon", "Sumarni"), ("NIK", "TT"), ("desa/kelurahan", "Singolatren")]
    answer_until(stack, phone, replies, answers, "Benar?", turns=5)
    changed = "ngapunten pak, mboten sido kangge sekolah, anak kulo diopname teng RSUD Genteng. SKTM-e kangge rumah sakit"
    converse(stack, phone, [changed])
    done = converse(stack, phone, ["nggih"])[0]
    case = case_by_ref(stack, ref_in(done, "DOK"))
    assert (case["village"], case["district"]) == ("Singolatren", "Singojuruh"), case
    assert "rumah sakit" in case["data"]["purpose"]
    stack.wait_outbox(officer("operator_desa", "Singolatren", "Singojuruh"), contains=case["ref"], timeout=60)


def test_round_twenty_three_a_krama_sktm_and_a_lost_ktp(stack):
    """Round 23, 9, 10 and 15: "nami kula Sumarni" in the request was asked again, "kula mboten
    ngertos NIK-ipun" was refused, and "KTP saya hilang" was filed as a first KTP."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["nuwun sewu, kula badhe nyuwun SKTM, nami kula Sumarni"])[0])
    assert "nama lengkap" not in first.lower() and "NIK" in first, first
    desa = " ".join(converse(stack, phone, ["kula mboten ngertos NIK-ipun"])[0])
    assert "16 angka" not in desa and "desa" in desa.lower(), desa
    summary = " ".join(converse(stack, phone, ["Sukorejo, kecamatan Bangorejo"])[0])
    assert "SKTM a.n. Sumarni" in summary and "NIK belum tahu" in summary, summary
    phone = stack.new_phone()
    replies = converse(stack, phone, ["mau bikin KTP baru, KTP saya hilang. saya dari desa Kandangan"])[0]
    answers = [("nama lengkap", "Dewi Rahmawati"), ("NIK", "ora ngerti, kk ne ilang pisan")]
    replies, _ = answer_until(stack, phone, replies, answers, "Benar?")
    assert "KTP-el hilang a.n. Dewi Rahmawati" in " ".join(replies), replies
    done = " ".join(converse(stack, phone, ["YA"])[0])
    assert "kehilangan" in done, done
    assert case_of(stack, phone, "document")["data"]["variant"] == "hilang"


@pytest.mark.parametrize("opening, name, cancel, started", [
    # round 24, 2: "wis lah mas gak sido wae, sesuk ae tak urus dewe" at the NIK question became a KTP request
    ("mas aku butuh surat keterangan domisili gawe nglamar kerjo", "Slamet Riyadi",
     "waduh KTPne nang bojoku, wis lah mas gak sido wae, sesuk ae tak urus dewe nang balai desa", "KTP-el untuk apa"),
    # round 27 F1: krama "mboten sios" ("gak sido") with a reason naming the KK started a KK request
    ("sugeng siang, kula badhe ngurus KTP enggal", "Suparmi",
     "nyuwun pangapunten, mboten sios rumiyin, KK kula dereng dipun ganti dados KTP mangke kemawon", "KK untuk apa"),
])
def test_batal_with_a_reason_that_names_a_document_ends_the_request(stack, opening, name, cancel, started):
    phone = stack.new_phone()
    converse(stack, phone, [opening, name])
    ended = " ".join(converse(stack, phone, [cancel])[0])
    assert "dibatalkan" in ended and started not in ended, ended
    assert cases_of(stack, phone) == []
    after = " ".join(converse(stack, phone, ["Jambewangi"])[0])   # no form is waiting for it any more
    assert "NIK" not in after and started not in after, after


def test_round_twenty_four_a_document_of_another_office(stack):
    """Round 24, 7: "surat pengantar SKCK" showed the document menu three times."""
    said = " ".join(converse(stack, stack.new_phone(), ["mbak aku njaluk surat pengantar SKCK gawe daftar satpam"])[0])
    assert "Polsek" in said and "perlu dokumen apa" not in said, said
