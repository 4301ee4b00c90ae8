"""A new request for a service, said in words (pure): "aku pengen lapor ibu hamil siji maneh",
"mau bikin ktp". A reply to an officer that opens a new request is no reply: the pipeline
hands it to Rasa instead of forwarding it on the old case (bot/followup.py)."""
from __future__ import annotations

import re

_WANT_WORDS = "mau|ingin|pengen|pingin|kepingin|arep|ajeng|minta|njaluk|butuh|tolong|sekalian|juga"
_WANT = rf"({_WANT_WORDS})"
_DO = r"(lapor|laporan|daftar|daftarkan|bikin|buat|gawe|urus|ngurus|minta|mengajukan|ajukan|jemput|dijemput|adu|ngadu)"
_SERVICE = (r"(ktp|kk|kartu\s+keluarga|akta|sktm|kia|surat\s+\w+|rantang|bumil|ibu\s+hamil|wong\s+meteng|"
            r"jemput(an)?|pengaduan|aduan)")
_NEW = re.compile(
    rf"\b{_WANT}\b.{{0,20}}\b{_DO}\b"
    rf"|\b{_DO}\b.{{0,25}}\b{_SERVICE}\b.{{0,20}}\b(lagi|maneh|meneh|juga|baru|lain|satu\s+lagi|siji)\b"
    rf"|\b{_WANT}\b.{{0,20}}\b{_SERVICE}\b",
    re.IGNORECASE,
)


def new_request(text: str | None) -> bool:
    """Whether the words ask for a service anew ("pengen lapor ibu hamil siji maneh")."""
    return bool(_NEW.search(text or ""))


_STATUS = re.compile(r"^\W*(cek|cék|check|status|lacak)\b"
                     r"|\b(mau|mo|ingin|pengen|cuma|cuman|hanya|arep|badhe)\s+(cek|ngecek|lihat|liat|tanya\s+status)\b",
                     re.IGNORECASE)


def status_question(text: str | None) -> bool:
    """"cek ADU-0008", "status laporan": a question to the bot about a case, never a reply to
    the officer who wrote last."""
    return bool(_STATUS.match(text or ""))


# A question in words about a case already made ("akta anak sy sudah jadi belum ya?", "yang KIA
# kenapa ditolak pak?", "piye laporanku"): never a new application. How-to questions ("gimana
# cara bikin ktp") are requests, not this.
_WHY = r"(kenapa|kok|mengapa|knp|napa|ngapa|lapo|opo\s+o|kenging\s+menapa|nyapo)"
_REFUSED = r"(di\s*tolak|ditolak|tolak|gak\s+diproses|ga\s+diproses|tidak\s+diproses|belum\s+jadi|blm\s+jadi|durung\s+dadi|lama|suwe|dangu)"
_DONE_WORD = r"(jadi|jd|dadi|dados|selesai|rampung|beres|diproses|terbit)"
_YET = r"(belum|blm|durung|urung|dereng|apa\s+belum|apa\s+blm)"
_CASE_WORD = r"(laporan|laporanku|permohonan|pengajuan|pengaduan|aduan|aduanku|surat|suratku|akta|akte|ktp|kk|kia|sktm)"
_ABOUT_CASE = re.compile(
    rf"\b{_WHY}\b.{{0,40}}\b{_REFUSED}\b"
    rf"|\balasan(nya|e|ipun)?\b.{{0,25}}\b(di\s*tolak|ditolak|tolak)\b|\b(di\s*tolak|ditolak)\b.{{0,25}}\balasan"
    rf"|\b(sudah|udah|dah|sdh|udh|wis|wes|uwis|sampun)\s+{_DONE_WORD}\b.{{0,20}}(\b{_YET}\b|\?)"
    rf"|\b(gimana|bagaimana|gmn|piye|pripun|kepriye|kabar)\b\s+(kabar(nya|e)?\s+)?{_CASE_WORD}\b(?!.{{0,10}}\bcara)",
    re.IGNORECASE,
)
_HOW_TO = re.compile(r"\b(cara|carane|caranya|syarat|syarate|syaratnya|persyaratan|persyaratane|prosedur|"
                     r"prosedure|prosedurnya)\b", re.IGNORECASE)


def asks_how(text: str | None) -> bool:
    """"gimana cara bikin KTP?", "syarat bikin KK apa aja?": a question how to get a service,
    which wants its requirements before (or instead of) an application."""
    return bool(_HOW_TO.search(text or ""))


def asks_about_case(text: str | None) -> bool:
    """Whether the words ask how an earlier request or report is going."""
    text = text or ""
    return bool(_ABOUT_CASE.search(text)) and not _HOW_TO.search(text) and not new_request(text)


# A different request typed in the middle of a form ("eh sebentar, mau tanya ktp juga",
# "bisa sy telp bidan langsung?"): no answer to the question asked. Narrower than a new
# request in its objects (a pregnancy word is an answer inside the pregnancy form).
_ASIDE_WANT = rf"({_WANT_WORDS}|tanya|nanya|bikin|buat|urus|ngurus)"
_ASIDE_OBJECT = r"(ktp|kk|kartu\s+keluarga|akta|surat|sktm|kia|skck|rantang|bansos)"
_ASIDE = re.compile(
    rf"\b{_ASIDE_WANT}\b.{{0,30}}\b{_ASIDE_OBJECT}\b"
    r"|\b(bisa|boleh|bs)\s+(sy|saya|aku)?\s*(telp|telpon|telepon|nelpon|bicara|ngomong)\b",
    re.IGNORECASE,
)


def aside_request(text: str | None) -> bool:
    """Whether a form answer is really a different request ("mau tanya ktp juga")."""
    return bool(_ASIDE.search(text or ""))


# A second service asked for in the first message of a form ("Mohon dijemput saat persalinan" at
# the end of an officer's pregnancy report; "trus SKTM ku blm jadi" after a levy story). The form
# keeps it and names it after the case (actions/casework.come_back); the case notes it.
_OTHER_SERVICE = {
    "document": re.compile(r"\b(e-?ktp|ktp|kk|kartu\s+keluarga|akta|akte|sktm|(?<!buku\s)kia|surat\s+(?:pindah|domisili|"
                           r"keterangan|pengantar|usaha|nikah))\b", re.IGNORECASE),
    "transport": re.compile(r"\b(?:di)?jemput(?:an|ne|e)?\b|\bjek-?mil\b", re.IGNORECASE),
    "rantang_kasih": re.compile(r"\brantang\b", re.IGNORECASE),
}
_OWN_SERVICE = {"document_form": "document", "transport_form": "transport", "rantang_kasih_form": "rantang_kasih"}
_ASKS = re.compile(
    rf"\b({_WANT_WORDS}|badhe|terro|nyuwun|mohon|sakalian|jg|ngurus|urus|bikin|buat|gawe|daftar|bisa|iso|isa|"
    r"saged|gimana|bagaimana|piye|blm\s+jadi|belum\s+jadi|durung\s+dadi|belum\s+selesai|blm\s+selesai)\b",
    re.IGNORECASE,
)
# A document asked for: a want word, or a document not done yet ("SKTM ku blm jadi"); "ngurus"
# alone tells a story ("ngurus surat pindah di kantor desa dimintai uang").
_NOT_DONE = re.compile(r"\b(blm|belum|durung|dereng)\s+(jadi|selesai|dadi|rampung|keluar|metu|jadi2)\b", re.IGNORECASE)
_ASKS_DOCUMENT = re.compile(
    r"\b(mau|ingin|pengen|pingin|arep|ajeng|badhe|terro|minta|nyuwun|tolong|mohon|sekalian|sakalian|juga|jg|"
    r"bisa|iso|isa|saged|gimana|bagaimana|piye)\b|" + _NOT_DONE.pattern,
    re.IGNORECASE,
)
_MONEY = re.compile(r"\b(uang|duit|bayar|mbayar|dimintai|dimintain|pungli|pungutan|\d+\s*(rb|ribu|k|jt|juta))\b",
                    re.IGNORECASE)
_TOLD_OF_THE_PAST = re.compile(r"\b(kemarin|kemaren|wingi|tadi|td|dulu|biyen|riyin|lalu|wingenane)\b", re.IGNORECASE)
_NOT_WANTED = re.compile(r"\b(gak|ga|tidak|tdk|ora|nggak|ndak|mboten|tak)\s+(perlu|usah|butuh|minta)\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[.?!;\n]+|,\s*(?=(?:trus|terus|lalu|sekalian|sakalian|juga|dan\s+juga|tapi|tp)\b)",
                      re.IGNORECASE)


def other_service_clause(text: str | None, form: str) -> str | None:
    """The clause of a form's first message that asks for a different service than ``form``
    ("pregnancy_form" + "... Mohon dijemput saat persalinan." -> "Mohon dijemput saat persalinan"),
    else None. A story told of the past ("kemarin ngurus SKTM di kantor desa, dimintai 50rb")
    and a service not wanted ("gak perlu dijemput") ask for nothing."""
    own = _OWN_SERVICE.get(form)
    for clause in _CLAUSES.split(text or ""):
        clause = (clause or "").strip(" ,")
        if not clause or _NOT_WANTED.search(clause):
            continue
        for service, pattern in _OTHER_SERVICE.items():
            if service == own or not pattern.search(clause):
                continue
            if service == "transport":
                return clause
            if service == "document":
                # "ngurus surat pindah ... dimintai uang 200rb": the story of a levy, no request
                if _MONEY.search(clause) or not _ASKS_DOCUMENT.search(clause):
                    continue
                if _TOLD_OF_THE_PAST.search(clause) and not _NOT_DONE.search(clause):
                    continue
                return clause
            if _ASKS.search(clause):
                return clause
    return None


# "lho mboten bu, kulo mboten nyuwun jemputan", "ora usah dijemput": the ride is declined (round
# 9: taken as the mother's name, then as the pick-up place). Inside a form this is BATAL;
# outside, no ride is asked (round 10: "tp aku gak usah dijemput jek mil" started the ride form).
# Only the ride: "saya tidak mau lapor polisi" in a complaint is part of the complaint.
_DECLINE = re.compile(
    r"\b(gak|ga|gk|nggak|ngga|enggak|ora|ra|ndak|tidak|tdk|ndhak|mboten|boten|sanes|bukan|dudu|ta')\s+"
    r"(usah|perlu|butuh|nyuwun|njaluk|minta|mau|pengen|pingin|badhe|ngersakaken|kersa)\s+(\w+\s+)?"
    r"(di|dipun|dipon)?\s?(jemput\w*|pethuk\w*|antar\w*|anter\w*|ter(ke|no|aken)\b)"
    # "dudu jemputan mbak, aku mung pengen bu bidan ngerti" (round 20: taken as the name)
    r"|\b(bukan|dudu|sanes|benni|banne)\s+(jemput\w*|pethuk\w*|antar\w*|anter\w*)",
    re.IGNORECASE)


def declines_ride(text: str | None) -> bool:
    """Whether ``text`` turns down a ride ("kulo mboten nyuwun jemputan", "gak usah dijemput jek mil")."""
    return bool(_DECLINE.search(text or ""))


# "aku maneh, podo kyok mau", "sama seperti kemarin": as the last request (round 23: a ride's
# destination and hour asked again; alone, read as no service)
SAME_AS_BEFORE = re.compile(r"\b(?:podo|padha|pada|sama|sami|plek)\s+(?:(?:kyok|koyok|kaya|kayak|karo|seperti|dengan|dgn|"
                            r"kalih|kados|kayata|ambi)\s+)?(?:mau|tadi|td|wingi|kemarin|kemaren|kmrn|sebelumnya|"
                            r"sakdurunge|biasane|biasanya|wau|sing\s+wingi|yang\s+kemarin|yg\s+kemarin)\b", re.IGNORECASE)


def same_as_before(text: str | None) -> bool:
    """Whether the words ask for the same as the last time ("podo kyok mau")."""
    return bool(SAME_AS_BEFORE.search(text or ""))


# "eh sebentar, aku mau lapor jalan rusak aja", "aku gak jadi lapor ibu hamil. mau lapor jalan rusak"
# (round 25: the form went on, or took it for the mother's name): another request instead
_INSTEAD = re.compile(r"\b(?:gak|ga|gk|ora|nggak|tidak|tdk|mboten|ndak|nda)\s+(?:jadi|sido|sida|dados|sios)\b"
                      rf"|\b{_WANT}\b(?:\s+\S+){{1,8}}?\s+(?:aja|wae|ae|saja|mawon|kemawon|bae|beih)\b"
                      # round 28: "ora usah KTP, aku pengen ngadu ...", "sing penting saiki njaluk jemput ...",
                      # "sakjane aku luwih butuh jemputan ..."
                      r"|\b(?:ora|gak|ga|nggak|tidak|tdk|mboten)\s+usah\b|\b(?:sing|yang|yg|ingkang)\s+penting\b"
                      r"|\b(?:sakjane|sebenarnya|sejatine|sebetulnya)\b.{0,30}\b(?:luwih|lebih|langkung)\s+(?:butuh|perlu)\b",
                      re.IGNORECASE)


_SERVICE_OF_FORM = {"document_form": "document", "pregnancy_form": "pregnancy", "transport_form": "transport",
                    "rantang_kasih_form": "rantang", "complaint_form": "complaint"}
_SERVICE_WORDS = (
    ("document", r"ktp|kk|akta|akte|sktm|kia|surat|domisili|kartu\s+keluarga"),
    ("transport", r"jemput|dijemput|jemputan|jek\s*mil|jekmil|ambulans|ambulan"),
    ("pregnancy", r"ibu\s+hamil|bumil|wong\s+meteng|hamil|meteng|ngandung"),
    ("rantang", r"rantang|lansia|jompo"),
    ("complaint", (r"jalan|dalan|lampu|pungli|pungutan|maling|dicuri|banjir|sampah|bansos|blt|pkh|aduan|pengaduan|"
                  r"ngadu|wadul|keributan|tawuran|kdrt|air\s+mati|banyu|pdam")),
)


def _last_service(text: str) -> str | None:
    found = [(m.start(), service) for service, words in _SERVICE_WORDS
             for m in re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE)]
    if any(service == "transport" for _, service in found):  # "jemputan kanggo bojoku meteng": a ride for her
        found = [f for f in found if f[1] != "pregnancy"]
    return max(found)[1] if found else None


def instead_request(text: str | None) -> str | None:
    """The service the words ask for instead of whatever is under way ("eh sebentar, aku mau lapor
    jalan rusak aja": ``complaint``), else None; pure (the caller compares it with the form)."""
    text = text or ""
    return _last_service(text) if _INSTEAD.search(text) and new_request(text) else None


def instead_of(wanted: str | None, form: str | None) -> bool:
    """Whether ``wanted`` is another service than ``form``'s ("mau dijemput jam 8 aja" in a ride
    is its answer)."""
    return bool(wanted and form and wanted != _SERVICE_OF_FORM.get(form))
