"""Saying no (pure): a service intent needs its key object in the words (issue 10).

The classifier follows words it has seen with a service ("pesan meja untuk 3 orang" looks
like a report, "setel alarm" like a complaint). A service is only what it makes: a
document request names or implies a document, a pregnancy report a pregnancy, a ride a ride
or a pregnancy, Rantang Kasih an elder or meals, a status question a request or its state, a
complaint a wrong or a trouble. ``vetoed(intent, words)`` says when the words hold none of
the service's keys: the message is out of scope (``nlu/service_gate.py``). The safety net
runs after the gate, so a danger sign still wins. Word lists are normalised lemmas
(``nlu.emergency.words_of``); a key may be a prefix ending in ``*``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from nlu.emergency import PREGNANCY, SEVERE_BP
from nlu.emergency_words import URGENT
from nlu.subjects import acute_illness, animal, asks_about_the_past, diet_question, general_question

_PREGNANCY = set(PREGNANCY) | {"meteng", "ngandung", "isi", "lahir", "bayi", "janin", "bidan", "posyandu",
                               "puskesmas", "kontrol", "periksa", "usg", "uk", "mgg", "bulan"}
_PERSON = {"petugas", "bidan", "admin", "operator", "orang", "manusia", "cs", "pak", "bu", "bapak", "ibu", "mas",
           "mbak", "kades", "lurah", "rt", "rw", "polisi", "bhabin", "bhabinkamtibmas", "babinsa", "kepala",
           "perangkat", "carik", "sekdes", "kasun", "puskesmas", "kantor", "desa", "istri", "menantu", "adik",
           "tetangga"}

KEYS: dict[str, set[str]] = {
    "request_document": {
        "ktp", "kk", "kia", "sktm", "akta", "akte", "surat", "dokumen", "kartu keluarga", "kartu identitas",
        "kartu tanda", "domisili", "pindah",
        "nikah", "menikah", "kelahiran", "kematian", "lahir", "meninggal", "usaha", "keterangan", "pengantar",
        "nik", "identitas", "blanko", "cetak", "rekam", "dukcapil", "capil", "adminduk", "legalisir",
        "kependudukan", "dokumen*", "surat*", "akta*", "akte*", "ktp*", "kk*", "tidak mampu", "miskin",
        "sku", "skd", "skdu", "sktm*", "sku*",
    },
    "report_pregnancy": _PREGNANCY | {"lapor", "daftar", "catat", "kehamilan", "hamil*", "testpack", "pack",
                                      "garis"},
    "pregnancy_emergency": (_PREGNANCY - {"bulan", "uk", "mgg", "kontrol", "periksa"}) | {
        "darah", "pendarahan", "kejang", "ketuban", "pingsan", "sadar", "demam", "panas", "sakit", "nyeri", "mules",
        "kontraksi", "bengkak", "pusing", "kabur", "gerak", "tolong", "darurat", "gawat", "segera", "istri",
        "melahirkan", "pembukaan", "ulu", SEVERE_BP},
    "request_pregnancy_transport": _PREGNANCY | {
        "jemput", "antar", "diantar", "jek", "jekmil", "ambulans", "kendaraan", "mobil", "motor", "ojek", "bonceng",
        "tumpang", "tumpangan", "rumah singgah", "singgah", "rujuk", "dirujuk", "berangkat", "transport", "jemput*",
        "antar*", "rsud", "rs", "klinik"},
    "enroll_rantang_kasih": {
        "mbah", "lansia", "nenek", "kakek", "jompo", "sepuh", "tua", "lanjut", "usia", "rantang", "kasih", "makan",
        "makanan", "masak", "memasak", "nasi", "sendiri", "sendirian", "sebatang", "miskin", "yatim", "eyang",
        "simbah", "janda", "duda", "sakit", "lumpuh", "mbok", "buyut"},
    "talk_to_human": _PERSON | {
        "bicara", "berbicara", "ngomong", "omong", "telpon", "telepon", "nelpon", "ditelpon", "hubungi", "menghubungi",
        "nomor", "nomer", "kontak", "wa", "whatsapp", "call", "langsung", "ketemu", "bertemu", "chat", "ngobrol",
        "acaca", "petugasnya", "telp", "hp", "sambung", "disambungkan", "dihubungi", "ngetik", "center"},
    "check_status": {
        "status", "cek", "proses", "diproses", "sudah", "belum", "kapan", "bagaimana", "gimana", "sampai",
        "laporan", "permohonan", "pengajuan", "aduan", "pengaduan", "nomor", "jadi", "selesai", "kabar", "tindak",
        "lanjut", "respon", "ditanggapi", "jawaban", "tanggapan", "dok*", "hml*", "adu*", "jek*", "rks*", "drt*",
        "ktp", "kk", "akta", "surat", "jemput", "bantuan", "ditindaklanjuti", "perkembangan", "progres"},
    "file_complaint": {
        "lapor", "laporan", "melapor", "adu", "aduan", "mengadu", "pengaduan", "keluh", "keluhan", "komplain",
        "protes", "rusak", "rusak*", "jalan", "lampu", "jembatan", "sampah", "banjir", "longsor", "got", "selokan",
        "air", "listrik", "maling", "curi", "dicuri", "pencuri", "pencurian", "rampok", "begal", "copet", "hilang",
        "pungli", "pungutan", "uang", "duit", "bayar", "minta", "dimintai", "bantuan", "bansos", "blt", "pkh",
        "beras", "sembako", "cair", "dapat", "pukul", "dipukul", "mukul", "kdrt", "kekerasan", "aniaya", "ancam",
        "diancam", "kelahi", "berkelahi", "berantem", "ribut", "tawuran", "mabuk", "judi", "narkoba", "tipu",
        "penipuan", "ditipu", "bising", "berisik", "anjing", "ternak", "pelayanan", "petugas", "perangkat",
        "kantor", "desa", "kades", "rt", "rw", "tetangga", "warga", "tolong", "polisi", "bhabinkamtibmas",
        "sengketa", "batas", "tanah", "pohon", "tumbang", "kebakaran", "terbakar", "asap", "limbah", "bau",
        "liar", "parkir", "ngamuk", "amuk", "ngamok", "mokol", "amok", "suami", "istri", "takut", "hajar", "tampar", "siksa", "tidak adil",
        "diskriminasi", "korupsi", "kasar", "dimarahi", "lambat", "lama", "dipersulit", "ditolak", "wedi",
        # word families ("dipukuli", "baunya", "limbahnya") and the usual troubles of a village
        "memukul", "dipukul*", "bully*", "dibully*", "curi*", "maling*", "bau*", "limbah*", "ancam*",
        "curiga*", "mencurigakan", "asing", "kebut*", "knalpot", "brong", "horeg", "mampet", "irigasi",
        "saluran", "sabu", "nyabu", "narkoba*", "aspal", "proyek", "bhabin", "polsek", "keamanan", "aman",
        "resah", "meresahkan", "ganggu", "mengganggu", "terganggu",
    },
}
# Animals are no mothers: "kucing isun meteng", "sapi mau lahiran" are no pregnancy reports.
ANIMAL_SENSITIVE = {"report_pregnancy", "pregnancy_emergency", "request_pregnancy_transport"}


def _matches(words: Iterable[str], keys: set[str]) -> bool:
    words = list(words)
    joined = " " + " ".join(words) + " "
    prefixes = tuple(k[:-1] for k in keys if k.endswith("*"))
    for key in keys:
        if " " in key and f" {key} " in joined:
            return True
    return any(w in keys or (prefixes and w.startswith(prefixes)) for w in words)


def vetoed(intent: str | None, words: Sequence[str]) -> bool:
    """Whether ``intent`` (a service) is out of place for these words: none of its keys is
    there, or a pregnancy service is about an animal."""
    keys = KEYS.get(intent or "")
    if keys is None:
        return False
    words = [w for w in words if w and w != "."]
    if intent in ANIMAL_SENSITIVE and any(animal(w) for w in words) and not _matches(words, _PERSON - {"desa"}):
        return True
    if intent == "request_document" and _matches(words, NOT_OURS) and not _matches(words, OURS):
        return True  # "surat pengantar SKCK gawe daftar satpam" (round 24: the document menu three times)
    return not _matches(words, keys)


# Documents others make (the police, Samsat, BPN, BPJS, the tax office): no request here, even
# said with "surat"; data/faq.yml says where to go. Ours, named, keep the request.
NOT_OURS = {"skck", "sim", "paspor", "pasport", "passport", "stnk", "bpkb", "npwp", "sertifikat", "sertipikat",
            "bpjs", "kis", "ijazah", "visa"}
OURS = {"ktp", "kk", "kia", "sktm", "akta", "akte", "domisili", "pindah", "nikah", "usaha", "kelahiran", "kematian",
        "kartu keluarga", "tidak mampu", "ktp*", "kk*", "akta*", "akte*", "sktm*"}


# Aid that did not come is a complaint, not a status question (issue 10): "PKH tahap ini tidak
# masuk rekening", "bansos kami dipotong", "engkok ta' olle bantuan beras". A question whether
# it came yet ("BLT sudah cair belum?") stays a status question.
_AID = {"bansos", "blt", "pkh", "bpnt", "bst", "bantuan", "beras", "sembako", "raskin", "rastra", "pkh*", "blt*"}
_NOT = {"belum", "tidak", "gak", "ga", "ora", "durung", "tak", "ta", "nggak", "ndak", "mboten", "gurung", "dereng"}
_RECEIVED = {"dapat", "dapet", "entuk", "olle", "oleh", "cair", "masuk", "terima", "diterima", "menerima", "nerima",
             "keluar", "kebagian", "turun",
             # Osing, Javanese and krama "to receive", "to arrive" (round 26: "BLT DD sun durung nompo")
             "nompo", "nampa", "nampi", "tompo", "tekan", "teko", "dugi", "rawuh", "sampai"}
_CUT = {"dipotong", "potong", "motong", "potongan", "disunat", "dipungut", "ditahan", "nahan", "menahan"}


def aid_withheld(words: Sequence[str]) -> bool:
    """Whether the words tell of aid not received, cut or held back."""
    words = [w for w in words if w and w != "."]
    if not _matches(words, _AID):
        return False
    if any(w in _CUT for w in words):
        return True
    return any(w in _RECEIVED and i > 0 and words[i - 1] in _NOT for i, w in enumerate(words))


# A ride is asked in words of a ride; a schedule asked with none of them is a question.
_RIDE = (KEYS["request_pregnancy_transport"] - _PREGNANCY) | {
    "dijemput*", "njemput*", "ejemput*", "jemputan*", "diterno", "diterke", "terke", "ngeterno", "ngeterke", "anter*",
    "dianter*", "nganter*", "ngeteraken", "terake*", "dipethuk", "pethuk*", "angkutan*", "montor", "nebeng", "numpang"}
_SCHEDULE = {"jadwal", "jadwale", "jadwalipun", "jadwalnya", "posyandu"}
# A ride booked for a day to a check-up, said without a pregnancy ("mas aku butuh ambulan desa tgl 10
# desember jam 8 ke posyandu", round 27: not understood): the classifier could not place it.
_BOOKED_RIDE = {"jemput*", "dijemput*", "njemput*", "ambulans", "jek", "jekmil", "antar*", "diantar*", "anter*",
                "dianter*", "pethuk*", "dipethuk"}
_CHECKUP = {"posyandu", "puskesmas", "polindes", "poskesdes", "bidan", "periksa", "kontrol", "usg", "priksa"}
_WHEN = {"jam", "tgl", "tanggal", "besok", "sesuk", "lusa", "minggu", "senin", "selasa", "rabu", "kamis", "jumat",
         "sabtu", "pagi", "sore", "siang", "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
         "september", "oktober", "november", "desember"}


# Complaint keys that also come with an accident or an illness at home ("bapak sy jatuh dari pohon
# kelapa", "tolong, anak tetangga kejang"): alone with such words they make no complaint.
_WEAK_COMPLAINT = {"pohon", "tolong", "warga", "tetangga", "suami", "istri", "takut", "wedi", "aman", "air", "lama",
                   "petugas", "desa", "rt", "rw", "minta", "lapor", "laporan", "melapor", "polisi", "asap"}
_STRONG_COMPLAINT = KEYS["file_complaint"] - _WEAK_COMPLAINT
_COMPLAIN = {"adu", "ngadu", "mengadu", "aduan", "pengaduan", "komplain", "wadul", "protes", "lapor", "melapor"}


def complaint_said(words: Sequence[str]) -> bool:
    """A complaint verb with a trouble of the village ("ngadu soal jembatan", "lapor lampu jalan
    mati"), no pregnancy, no elder, no danger sign's words."""
    words = [w for w in words if w and w != "."]
    return (_matches(words, _COMPLAIN) and _matches(words, _STRONG_COMPLAINT - {"tolong", "minta", "kantor", "bayar"})
            and not _matches(words, set(PREGNANCY) | {"meteng", "ngandung", "lansia", "mbah", "bidan", "jemput"}))


# A greeting greets: "bapak sy jatuh dari pohon kelapa" read as a greeting (the classifier after the
# varied data of session 21) got the welcome, not the 112 an accident needs. With none of these
# words, a message of three words or more is no greeting.
_GREETING = {
    "halo", "hallo", "hello", "helo", "hai", "hi", "hei", "hey", "p", "assalamualaikum", "alaikum", "salam", "wr",
    "wb", "selamat", "salamet", "met", "pagi", "siang", "sore", "malam", "sugeng", "enjang", "sonten", "dalu",
    "isuk", "permisi", "punten", "sewu", "kulonuwun", "nuwun", "spada", "swastiastu", "om", "kabar", "kabare",
    "kenal", "ketemu", "ganggu", "ngganggu", "admin", "min", "lur", "kak", "kakak", "bot", "sehat", "semoga",
    "wilujeng", "rahayu", "sampurasun", "shalom", "assalamu", "salamualaikum", "ass", "aslm", "misi", "mlm"}


# A status question asks about a case; a message that asks for a service in words of wanting it
# ("isun arep ngurus akta kematian ... kelendi carane?", "aku pengen dheweke didata ben dipriksa
# bidan": rounds 18 and 19, answered "Belum ada permohonan") and holds none of these is a request.
_STATUS_CUES = {"status", "cek", "proses", "diproses", "sampai", "selesai", "kabar", "tindak", "respon", "ditanggapi",
                "jawaban", "tanggapan", "perkembangan", "progres", "kapan", "jadi", "permohonan", "pengajuan",
                "laporanku", "dok*", "hml*", "adu*", "jek*", "rks*", "drt*", "nomor", "terbit", "rampung", "dadi", "dados",
                "setor", "nyetor", "disetor", "diajukan"}
_YET_WORDS = {"belum", "blm", "rung", "durung", "urung", "dereng", "gurung"}
_WANTS = {"mau", "ingin", "pengen", "pingin", "kepingin", "minta", "butuh", "arep", "badhe", "ajeng", "nyuwun", "mohon",
          "gimana", "bagaimana", "pripun", "caranya", "carane", "caranipun"}  # "..., gimana replace nya?" (set N)
_MAKE = {"urus", "ngurus", "buat", "bikin", "gawe", "daftar", "mengurus", "membuat", "mengajukan", "ajukan",
         # krama and formal: "badhe kula gantos ingkang enggal", "nyuwun dipundamelaken KK", "penerbitan akta"
         "ganti*", "gantos*", "diganti*", "replace*", "damel", "dipundamelaken", "didamelaken", "penerbitan", "terbitkan",
         "diterbitkan"}
_REGISTER = {"didata", "data", "lapor", "melapor", "periksa", "dipriksa", "diperiksa", "priksa", "daftar",
             "didaftarkan", "dicatat"}


def _sentences(words: Sequence[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for w in words:
        out.append([]) if w == "." else out[-1].append(w)
    return out


def _request_not_status(words: Sequence[str]) -> str | None:
    if _matches(words, _STATUS_CUES) or not _matches(words, _WANTS):
        return None
    if any("sudah" in sentence and _matches(sentence, _YET_WORDS) for sentence in _sentences(words)):
        return None  # "bidannya udh mau dtg ke rumah blm?" (one sentence: "wis 3 sasi. durung priksa" is a story)
    if _matches(words, _MAKE) and _matches(words, KEYS["request_document"] - {"nomor", "nik", "cetak", "miskin"}):
        return "request_document"
    if _matches(words, _REGISTER) and _matches(words, set(PREGNANCY) | {"bidan", "perut", "meteng", "mbobot"}):
        return "report_pregnancy"
    return None


def health_question(words: Sequence[str]) -> bool:
    """A question whether a sign is dangerous or what a pregnant woman may eat, about nobody,
    with nothing urgent and no wish to be registered: data/faq.yml answers it ("tanya bidan")."""
    said = [w for w in words if w and w != "."]
    if (URGENT - {"sekarang"}) & set(said) or _matches(said, _REGISTER):
        return False
    return general_question(said) or diet_question(said, anyone=True) or asks_about_the_past(said)


def redirected(intent: str | None, words: Sequence[str]) -> str | None:
    """The intent the words say instead of ``intent``, else None: a status question, or a
    message the classifier could not place, telling of aid that did not come is a complaint;
    a "complaint" that only tells of someone ill or hurt is no service (the fallback names 112)."""
    if intent in ("check_status", "out_of_scope", "nlu_fallback") and aid_withheld(words):
        return "file_complaint"
    if intent == "check_status" and (instead := _request_not_status([w for w in words if w])):
        return instead
    if intent in ("inform", "out_of_scope", "nlu_fallback") and _matches(words, _BOOKED_RIDE) \
            and _matches(words, _CHECKUP) and _matches(words, _WHEN):
        return "request_pregnancy_transport"
    if intent in ("out_of_scope", "nlu_fallback") and _matches(words, _REGISTER | {"matur"}) \
            and _matches(words, {"hamil", "bumil"}) and not health_question(words) and not any(animal(w) for w in words):
        return "report_pregnancy"  # krama "badhe matur bilih garwa kula ngandheg" (round 28: "bukan layanan")
    if intent in ("out_of_scope", "nlu_fallback", "report_pregnancy", "request_pregnancy_transport",
                  "enroll_rantang_kasih") and complaint_said(words):
        return "file_complaint"  # "mau ngadu soal jembatan" (a classifier trained on another CPU: a pregnancy report)
    if intent == "request_document" and (k := next((i for i, w in enumerate(words) if w == "sekalian"), None)) \
            and complaint_said(words[:k]) and not _matches(words[:k], OURS):
        return "file_complaint"  # "mau lapor lampu jalan mati ..., sekalian mau minta SKTM": the first request first
    if intent == "greet" and len([w for w in words if w and w != "."]) >= 3 and not _matches(words, _GREETING):
        return "out_of_scope"
    if intent == "request_pregnancy_transport" and _matches(words, _SCHEDULE) and not _matches(words, _RIDE):
        return "out_of_scope"  # "badhe tanglet jadwal posyandu" (round 9): a question, no ride (data/faq.yml answers)
    if intent == "request_pregnancy_transport" and not _matches(words, _RIDE) and "bidan" in words \
            and _matches(words, _REGISTER):
        return "report_pregnancy"  # "terus piye ben mbak Yuli dipriksa bu bidan?" (round 20: a ride form)
    if intent in ("report_pregnancy", "pregnancy_emergency") and health_question(words):
        # the safety net after the gate still raises the alarm for a sign said now
        return "out_of_scope"  # "ibu hamil oleh ngombe kopi ta?" (round 23: a report form, never answered)
    if intent == "file_complaint" and acute_illness(words) and not _matches(
            [w for w in words if w and w != "."], _STRONG_COMPLAINT):
        return "out_of_scope"
    return None
