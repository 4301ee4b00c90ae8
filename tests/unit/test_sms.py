"""SMS fitting: GSM-7 detection, transliteration and segment counts."""
from hypothesis import given
from hypothesis import strategies as st

from bot.core import sms


def test_plain_indonesian_is_gsm7_one_segment():
    text = "Halo Bapak/Ibu, ketik MENU untuk daftar layanan."
    assert sms.is_gsm7(text)
    assert sms.info(text) == sms.SmsInfo("GSM-7", 1, len(text))


def test_segment_boundaries_gsm7():
    assert sms.segments("a" * 160) == 1
    assert sms.segments("a" * 161) == 2
    assert sms.segments("a" * 306) == 2
    assert sms.segments("a" * 307) == 3


def test_extension_characters_cost_two_septets():
    assert sms.info("[]").units == 4
    assert sms.segments("€" * 80) == 1
    assert sms.segments("€" * 81) == 2


def test_ucs2_segments():
    text = "Halo 😀"
    info = sms.info(text)
    assert info.encoding == "UCS-2"
    assert info.units == 7  # the emoji is two UTF-16 code units
    assert sms.segments("é" * 10 + "ą" * 60) == 1
    assert sms.segments("ą" * 71) == 2
    assert sms.segments("ą" * 135) == 3


def test_transliteration_keeps_meaning():
    assert sms.to_gsm7("“Surat” – siap… ‘ok’") == '"Surat" - siap... \'ok\''
    assert sms.to_gsm7("Puskesmas Genteng 😀👍") == "Puskesmas Genteng"
    assert sms.to_gsm7("Mañana café") == "Mañana café"  # GSM-7 has ñ and é
    assert sms.to_gsm7("crème brûlée") == "crème brulée"  # è and é are GSM-7, û is not
    assert sms.to_gsm7("ĀŞŢ") == "AST"


def test_fit_only_transliterates_sms_and_caps_length():
    text = "Terima kasih 🙏"
    assert sms.fit(text, "sms") == "Terima kasih"
    assert sms.fit(text, "whatsapp") == text
    long = "x" * 2000
    assert len(sms.fit(long, "sms")) == sms.MAX_BODY
    assert sms.fit(long, "whatsapp").endswith("...")


@given(st.text(max_size=400))
def test_to_gsm7_always_gives_gsm7(text):
    assert sms.is_gsm7(sms.to_gsm7(text))


@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,-[]€\n")), max_size=600))
def test_segments_match_septet_count(text):
    info = sms.info(text)
    assert info.encoding == "GSM-7"
    if info.units <= 160:
        assert info.segments == 1
    else:
        assert (info.segments - 1) * 153 < info.units <= info.segments * 153


def test_an_officers_long_page_fits_two_sms_with_its_commands_whole():
    page = ("Smart Kampung DRT-0001 DARURAT ibu hamil Desa Kemiren, Kec. Glagah: Tanda bahaya: perdarahan. Pesan: \""
            + "bojoku metu getih akeh banget " * 15 + "\" Kontak warga: +6281399100001. "
            "Balas TERIMA DRT-0001, SELESAI DRT-0001 catatan, atau TOLAK DRT-0001 alasan.")
    fitted = sms.fit_keeping_tail(page)
    assert sms.segments(page) > 2 and sms.segments(fitted) == 2
    assert fitted.startswith("Smart Kampung DRT-0001 DARURAT") and fitted.endswith(
        "Balas TERIMA DRT-0001, SELESAI DRT-0001 catatan, atau TOLAK DRT-0001 alasan.")
    assert "... Kontak warga: +6281399100001. Balas" in fitted  # whom to call is never cut
    short = "Smart Kampung DOK-0001: KTP baru. Balas TERIMA DOK-0001"
    assert sms.fit_keeping_tail(short) == short


def test_an_officers_sms_page_drops_explanations_before_the_facts():
    # round 17: the SMS midwife lost "TD 170/110, dusun Sumberwaru RT 04" to the sign's glossary
    page = ("Smart Kampung DRT-0001 DARURAT ibu hamil Desa Kebondalem, Kec. Bangorejo: Tanda bahaya: sakit kepala/"
            "pandangan kabur, bengkak, tekanan darah sangat tinggi (160 atau 110 ke atas). Ibu: usia hamil 34 mgg, "
            "TD 170/110, dusun Sumberwaru RT 04. Pesan: \"Lapor, kader posyandu Mawar, Ibu Suminah ...\" Kontak warga: "
            "+6281399700006. Balas TERIMA DRT-0001, SELESAI DRT-0001 catatan, atau TOLAK DRT-0001 alasan.")
    fitted = sms.fit_keeping_tail(page, 2)
    assert sms.info(fitted).segments <= 2 and "TD 170/110" in fitted and "(160 atau" not in fitted
    assert fitted.endswith("Balas TERIMA DRT-0001, SELESAI DRT-0001 catatan, atau TOLAK DRT-0001 alasan.")
