"""The emergency safety net's rules (nlu/emergency.py): danger signs near pregnancy words.

What counts (docs/nlu.md): a danger sign of the Buku KIA reported NOW for a pregnant,
labouring or just-delivered woman. Routine care, history, negated signs, blood pressure
talk and someone else's illness do not.
"""
import pytest

from nlu.emergency import detect_text

TRUE_POSITIVES = [
    # bleeding
    "tolong bumil keluar darah terus",
    "istri sy hamil 8 bulan pendarahan",
    "TOLOOONG ISTRI SY HAMIL PENDARAHAN",
    "hamil muda flek banyak",
    "baru melahirkan darah keluar terus",
    "bojoku meteng getihen",                      # Javanese
    "garwo kulo meteng 7 wulan medal getih",     # Javanese krama
    # waters
    "ketuban pecah blm ada bidan",
    "air ketuban rembes dari pagi",
    "kawahe wes pecah",
    "ketubane metu ijo",
    # seizures, fainting
    "adik sy hamil 7 bulan kejang2",
    "ibu hamil kejang kejang",
    "bumil pingsan di sawah",
    "istri hamil tidak sadarkan diri",
    "mbak sy hamil semaput",
    "ibu nifas kejang",
    # head / sight / fever / pain
    "hamil 8 bln sakit kepala hebat pandangan kabur",
    "bumil pandangan kabur",
    "ibu hamil demam tinggi menggigil",
    "hamil 7 bulan perut sakit hebat",
    # baby not moving
    "bayi dalam kandungan tidak bergerak",
    "janin gak gerak2 sejak kemarin",
    "dedek bayi di perut ga nendang lagi hamil 8 bulan",
    # labour without help
    "istri mau melahirkan gak ada kendaraan",
    "tolong istri sudah mules mau melahirkan tidak ada bidan",
    "tali pusar keluar",
    "keguguran darah terus keluar",
]

NEGATIVES = [
    "mau periksa kehamilan",
    "bumil darah tinggi kontrol rutin",
    "cek tekanan darah ibu hamil",
    "tablet tambah darah untuk bumil habis",
    "golongan darah istri sy apa ya hamil 5 bulan",
    "dulu pernah pendarahan waktu hamil pertama",
    "riwayat kejang waktu hamil anak pertama",
    "pernah keguguran sekali sekarang hamil lagi mau didata",
    "tidak ada pendarahan cuma mual",
    "ketuban belum pecah",
    "tanda bahaya kehamilan apa saja",
    "anak sy kejang2 demam tinggi",     # a child, no pregnancy word
    "bu tolong anak sy demam tinggi",   # 'bu' is an address here
    "mbah sy pingsan",
    "bapak sy pendarahan habis kecelakaan",
    "hpl bulan depan minta dijemput",
    "jemput bumil besok buat periksa ke puskesmas",
    "sy hamil 3 bulan sering pusing",
    "kaki bengkak hamil 7 bulan normal gak",
    "lapor ada ibu hamil baru",
    "jalan rusak",
    "sy hamil 5 bulan kemarin sempat demam tapi sudah turun",
    "ibu hamil dulu pernah sesak waktu hamil pertama",
    "hamil 8 bulan mau periksa tidak ada yang antar besok",
    "harga susu ibu hamil berapa",
    "",
]


# Signs added after an independent dev set showed them missed (fever in degrees, postpartum
# fever and discharge, vomiting, breathlessness, Madurese, "lagi isi", labour with no ride).
TRUE_POSITIVES += [
    "istri sy hamil 6 bln panas 39 derajat",
    "bumil badannya panas menggigil dari semalam",
    "habis melahirkan seminggu demam terus",
    "nifas keluar cairan berbau busuk",
    "hamil 3 bulan muntah terus tidak bisa makan lemas",
    "istri hamil tua tiba2 sesak nafas",
    "bini sengko' ngandung kaluar dara",
    "anak sy lg isi anak pertama jatuh tidak sadar",
    "hamil 9 bln udh pembukaan gak ada yg nganter",
    "tali pusarnya keluar duluan",
    "bumil pusing banget matanya kabur",
    "celananya basah semua katanya air ketuban",
    "TOLONG DARURAT IBU HAMIL",
    "anak wedokku wis nglairake, saiki awake panas ndredheg",
    "baru lahiran 2 hari panas tinggi",
    "hamil 8 bulan muka bengkak kepala sakit sekali",
    "bini kaula bedha dhara kaluar ngandung",
    "udh bukaan bidan gk angkat telp",
    "tali pusere metu",
    "meteng 9 wulan bayine mboten obah",
    "bumil napasnya ngos2an",
    "istri gk kuat ngeden bayinya sungsang",
    # from dev set C: the placenta, a twin birth under way, labour alone, Osing/krama labour
    "bayi sudah lahir tapi ari-arinya belum keluar",
    "kembar sudah keluar satu bayinya, bidan belum datang",
    "hamil tua mules tiap 3 menit tidak ada orang di rumah tolong",
    "rabine isun arep ngelahiraken, dukune gak ono",
    "garwa kulo ajeng nglairaken, mboten wonten kendaraan",
    "istri sy hamil 8 bulan muka tangan kaki bengkak semua",
]
NEGATIVES += [
    "sy hamil 9 bulan mau ke rumah singgah sebelum melahirkan, tolong dijemput",
    "anak sy sudah lahir mau bikin akta kelahiran",
    "hari ini panas sekali, ibu hamil boleh minum es?",
    "nanti melahirkan di puskesmas karena bayinya sungsang kata bidan",
]


@pytest.mark.parametrize("text", TRUE_POSITIVES)
def test_danger_signs_fire(text):
    assert detect_text(text) is not None


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_an_emergency(text):
    assert detect_text(text) is None


def test_reason_names_the_sign():
    assert detect_text("bumil pendarahan") == "pendarahan"
    assert detect_text("ketuban pecah") == "ketuban"
    assert detect_text("hamil kejang") == "kejang"


def test_every_named_sign_has_an_officers_label_and_every_alarm_names_its_sign():
    from bot.core.escalation import SIGN_LABEL
    from nlu.danger_signs import REASON_SIGN, SIGN_WORDS, name_signs

    assert set(SIGN_WORDS) == set(SIGN_LABEL)
    assert {v for v in REASON_SIGN.values() if v} <= set(SIGN_WORDS)
    # what the safety net fires for is always among the case's signs (Javanese "getihen" too)
    assert name_signs("bojoku meteng getihen akeh") == ["perdarahan"]
    assert name_signs("bumil sesak napas parah") == ["sesak_napas"]
    assert name_signs("tolong cepat") == ["lainnya"]


@pytest.mark.parametrize("text, denies", [
    ("lho kok darurat, iku mbah painah dudu ibu hamil", True),
    ("bukan ibu hamil pak, mbah saya", True),
    ("maaf salah kirim", True),
    ("istri sy hamil 8 bln keluar darah banyak", False),
    ("hamil tidak ada pendarahan", False),
    ("sakit tapi bisa jalan", False),
])
def test_a_villager_can_deny_the_pregnancy(text, denies):
    from nlu.emergency import denies_pregnancy, detect_text, words_of

    assert denies_pregnancy(words_of(text)) is denies
    if denies:
        assert detect_text(text) is None  # a denied pregnancy sets off no alarm


# Issue 10: danger signs as cadres and officers write them (clinical findings), and in Osing and
# Madurese; a sentence end bounds a negation ("panasnya gak turun. Hamil 34 minggu").
@pytest.mark.parametrize("text, reason", [
    ("Laporan kader: bumil Ny. Sulastri 25 th, UK 30 mgg, mual muntah, TD 160/110. Mohon tindak lanjut",
     "tekanan darah sangat tinggi"),
    ("bumil G2P1 uk 34 mgg tensi 170/100 pusing", "tekanan darah sangat tinggi"),
    ("ibu hamil 8 bln td 150/115", "tekanan darah sangat tinggi"),
    ("bumil 8 bln nyeri ulu hati hebat", "nyeri ulu hati"),
    ("hamil 32 minggu, ulu hati sakit sekali dari tadi", "nyeri ulu hati"),
    ("Mbak maaf, sy sudah minum paracetamol tp panasnya gak turun. Hamil 34 minggu, demam 39,8 menggigil",
     "demam tinggi"),
    ("Wis sedino bayi ning weteng sing obah blas, isun wedi. Meteng 8 wulan", "janin tidak bergerak"),
    ("Bine engkok ngandung sanga bulen, kejjhang", "kejang"),
    ("istri saya hamil 8 bulan kelojotan", "kejang"),
    ("istri saya hamil 8 bulan kejeng", "kejang"),
])
def test_clinical_findings_and_regional_words_are_danger_signs(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text", [
    "hamil 7 bulan, tidak ada nyeri ulu hati, td 120/80",
    "tensi bulan lalu 160/110 waktu hamil, sekarang sudah normal",   # history
    "bumil an. Ny. Lilik, 27 th, G2P1, UK 7 bulan, tensi 150/100",     # high, not severe: KSPR, no alarm
    "bapak saya tensi 180/110 pusing",                                 # no pregnancy
    "perih ulu hati kalau telat makan",                                 # no pregnancy
    "td 160/110",                                                       # no pregnancy named
])
def test_findings_without_pregnancy_or_severity_are_no_alarm(text):
    assert detect_text(text) is None


def test_a_sentence_end_bounds_a_negation():
    from nlu.emergency import BOUNDARY, words_of

    words = words_of("panasnya gak turun. Hamil 34 minggu, Ny. Siti", boundaries=True)
    assert words.count(BOUNDARY) == 1 and words.index(BOUNDARY) == 3     # "Ny." is no sentence end
    assert BOUNDARY not in words_of("panasnya gak turun. Hamil 34 minggu")   # only when asked for


@pytest.mark.parametrize("text", [
    # round 5: a past caesarean ("biyen ... dioperasi sesar") raised a false labour emergency
    ("mbak aku arep lapor, tonggoku Bu Siti Maemunah umure 41 meteng maneh, iki anak sing kaping enem. biyen "
     "lairan sing keri dioperasi sesar. saiki sikile abuh2. omahe dusun Krajan desa Sumberagung pesanggaran"),
    "riyin lairan normal, sakmenika hamil 7 wulan",
])
def test_a_past_birth_in_javanese_is_no_labour_now(text):
    assert detect_text(text) is None


def test_osing_labour_with_nobody_to_take_her_is_an_emergency():
    """Set D's one missed emergency after retraining: contractions ('kenceng'), 'wis arep lahir',
    'sing ono sing ngeterno' (nobody to take her), 'tulung'."""
    text = "Isun lagi meteng 9 wulan, weteng kenceng terus wis arep lahir, sing ono sing ngeterno nang puskesmas. Tulung"
    assert detect_text(text) == "persalinan tanpa pertolongan"


@pytest.mark.parametrize("text", [
    # set H's one missed emergency before tuning (Osing): the midwife, then the car "sing ono"
    "Anak wadon isun wis mules. Bidane sing ono, mobil yo sing ono. Kelendi iki?",
    "bojoku wis kenceng kenceng, bidan e ora ono, motor yo ora ono, piye iki",
])
def test_labour_with_no_midwife_and_no_car_said_after_them_is_an_emergency(text):
    assert detect_text(text) == "persalinan tanpa pertolongan"


@pytest.mark.parametrize("text", ["perut saya mules dari tadi, mau beli obat diare",
                                  "bidane sing ono nang omah, besok wae periksa",
                                  "mules terus, obat maag habis, apotek gak ada yang buka"])
def test_a_stomach_ache_or_an_absent_midwife_alone_is_no_labour(text):
    assert detect_text(text) is None


@pytest.mark.parametrize("text", ["Wedhus kulo badhe babaran nanging macet, pripun nggih carane nulung?",
                                  "hamil 9 bulan mau lahir bulan depan, rencana di puskesmas",
                                  "istri hamil 8 bulan perut kenceng kenceng, kontrol besok"])
def test_a_goat_or_a_planned_birth_is_no_labour_emergency(text):
    assert detect_text(text) is None


def test_the_ijen_crater_is_no_waters_breaking():
    """Round 5: "celak kawah Ijen" (near the Ijen crater) added a false "ketuban pecah"."""
    from nlu.danger_signs import name_signs

    assert name_signs("bojoku kejang bar lairan, omahe celak kawah Ijen") == ["kejang", "persalinan"]
    assert detect_text("bumil 9 bulan kawahe wes pecah, omah cedak kawah ijen") == "ketuban"


@pytest.mark.parametrize("text", [
    "Pak tolong, sapi sy lagi melahirkan dari tadi subuh tp anaknya nyangkut, kakinya doang yg keluar",
    "Bu, sapiku meteng wis 9 wulan, kok durung lairan, saiki ora gelem mangan",
    "kambingku lahiran getihe akeh, tulung",
])
def test_an_animal_giving_birth_raises_no_alarm(text):
    """Issue 10: "animals giving birth" were sent to the emergency service."""
    from nlu.emergency import words_of
    from nlu.subjects import not_a_mother

    assert detect_text(text) is None and not_a_mother(words_of(text, boundaries=True))


@pytest.mark.parametrize("text", [
    "istri sy pendarahan banyak pas ngurus sapi di kandang, hamil 8 bulan",
    "bumil jatuh di kandang kambing, keluar darah banyak",
])
def test_a_woman_named_beside_an_animal_still_raises_the_alarm(text):
    assert detect_text(text) == "pendarahan"


@pytest.mark.parametrize("text, reason", [
    ("binè engkok ngandhung, dharah kalowar bânnya'", "pendarahan"),
    ("ketubanna la pecah, binè engkok ngandhung 9 bulan", "ketuban"),
    ("binè engkok ngandhung, cethakna sakè' sarah, matana kabur", "sakit kepala hebat"),
    ("binè engkok ngandhung panas tèngghi", "demam tinggi"),
    ("ana' e dalem kandungan ta' ngobâ", "janin tidak bergerak"),
])
def test_madurese_danger_signs(text, reason):
    """Issue 10: "the Osing and Madurese wording of all of them"; Madurese bleeding, waters,
    headache with blurred sight, fever and no movement were missed."""
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # a negation of another verb does not deny the pregnancy after it
    ("pendarahan dari dulu belum berhenti, hamil 7 bulan", "pendarahan"),
    # "itu dulu" after the sign: told of the past (round 6: a denial was taken for a new alarm)
    ("Bukan darurat!! Keguguran itu dulu. Batalkan", None),
    ("keguguran dulu, sekarang hamil 3 bulan", None),
    ("hamil 7 bulan, tidak ada nyeri ulu hati, td 120/80", None),
    ("bumil tidak ada pendarahan, cuma pusing", None),
    # "lalu" after a unit of time is "ago"; after anything else it is "then" (the long-message
    # dev set: a fit at 30 weeks, then sleep and confusion, was read as the past)
    ("istri sy hamil 30 minggu kejang sebentar lalu tidur, skrg dia bingung", "kejang"),
    ("istri hamil 7 bln kejang 2 jam lalu", "kejang"),
    ("hamil 5 bulan, keguguran 2 tahun lalu", None),
    ("hamil 5 bulan keguguran tahun lalu", None),
])
def test_negation_and_the_past_reach_only_their_own_words(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # a labour that does not end, the mother exhausted (new wording, set E's categories)
    ("mulai kontraksi sejak semalam jam 9, sampai siang ini bayinya belum lahir, istri sudah tidak kuat mengejan",
     "persalinan tanpa pertolongan"),
    # bleeding just after the birth, as a cadre writes it
    ("Lapor bu, pasien Ny. S post partum 1 jam di rumah, darah keluar terus, pucat", "pendarahan"),
    ("bu bidan, mbak Rini PP hari ke-2 perdarahan banyak, lemas", "pendarahan"),
    # "KPD" (waters broken early) in a pregnancy report; a fever as a thermometer reading
    ("info kader: bumil G1 UK 37 mgg, KPD jam 5 pagi, belum mules", "ketuban"),
    ("ibu hamil 8 bulan suhu 39,2 menggigil dari tadi", "demam tinggi"),
])
def test_obstetric_reports_and_long_labour(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text", [
    "matur nuwun bu bidan, getihe istri kula sampun mandek, saiki wis turu",   # the bleeding has stopped
    "alhamdulillah pendarahannya sudah berhenti setelah diinfus, terima kasih",
    "mau ngurus akta kelahiran, anak saya lahiran di rumah dukun, tidak di bidan",  # a certificate story
    "kpd itu singkatan apa ya? kepada?",                                        # no pregnancy report
])
def test_a_stopped_bleeding_or_a_certificate_story_is_no_alarm(text):
    assert detect_text(text) is None


@pytest.mark.parametrize("text, reason", [
    # Madurese "bhunteng" (pregnant), "embuk" (older sister), "sateya" (now), "ta' arassa ... gherak"
    ("tolong, bine sengko' bhunteng, la kejang, sateya ta' sadar", "kejang"),
    ("embuk bhunteng enem bulan, kaloar dhara bannya", "pendarahan"),
    ("bine sengko' bhuntengnga ta' arassa gherak dhari kamari", "janin tidak bergerak"),
    # a midwife's shorthand: HPP (post partum haemorrhage) after a birth, a G/P/A code or the weeks
    ("info bidan: PP 1 jam, P3A0, HPP kurang lebih 500 cc, pucat", "pendarahan"),
    ("Sdri. Nur, G1P0A0 UK 36 mgg, TD 170/110, nyeri ulu hati", "tekanan darah sangat tinggi"),
    ("Ny. Ani kejang di rumah, mohon bidan", "kejang"),
    # "Kpd" before whom a letter is for is "kepada", not waters broken
    ("Kpd Yth bidan desa: ibu hamil G2P1A0 UK 24 mgg, kondisi baik, mohon didata", None),
    ("Kpd bidan, bumil UK 30 mgg sehat, hanya mau periksa", None),
    # a question about a sign in general, about nobody
    ("pendarahan waktu hamil itu apa penyebabnya?", None),
    ("apa itu preeklampsia, apakah berbahaya buat ibu hamil?", None),
    # ... unless someone has it
    ("istri saya hamil 7 bulan keluar darah, itu apa bahayanya?", "pendarahan"),
    # a bleeding over, in Javanese "wis mandheg"
    ("bojoku meteng, minggu wingi sempet getihen sithik tapi wis mandheg", None),
])
def test_set_j_categories_madurese_midwives_shorthand_and_questions(text, reason):
    """Set J (before tuning): Madurese emergencies, an HPP report and a pre-eclampsia report with
    only "primigravida UK .. mgg" for the pregnancy were missed; "Kpd bidan" was read as waters
    broken and a question about a sign as an alarm. Wording of our own, not the set's."""
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # a baby's foot or the cord seen out, a few words on ("kelihatan", "menumbung")
    ("tangan bayine wis ketok kelihatan metu, bidan durung teko", "bagian bayi keluar"),
    ("bumil 39 mgg, tali pusar sudah nampak menumbung di jalan lahir", "tali pusar keluar"),
    # mules with the bloody show and no way to the puskesmas
    ("perut mules terus, sudah keluar lendir campur darah, gak ada motor buat ke bidan, tolong", "persalinan tanpa pertolongan"),
    # Madurese blood, just delivered, on and on, not stopping; the baby not moving for days
    ("bine engkok bhunteng pettong bulan, dereh kalowar bennyak", "pendarahan"),
    ("ipar engkok mare arembi' mare, dereh kalowar terros tak ambu", "pendarahan"),
    ("bayina e dalem tak ngerak la tello are, engkok ngandung 8 bulan", "janin tidak bergerak"),
    # a bleeding just after the birth is a bleeding, not a labour without help
    ("tolong, menantu saya habis melahirkan di rumah, darahnya keluar terus", "pendarahan"),
    # no alarm: a bleeding over and clean now; a planned referral "bukan kasus darurat"; a goat
    ("minggu wingi flek getihen sithik, saiki wis resik, mung arep daftar", None),
    ("mohon jemputan rujukan terencana bumil G4P3A0 ke RS, bukan kasus darurat", None),
    ("kambingku meteng, ketubane wis pecah, cempene durung metu", None),
    ("flek waktu hamil muda itu bahaya tidak ya?", None),
])
def test_set_k_categories(text, reason):
    """Set K (before tuning): the categories of its misses and false alarms, in wording of our own."""
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, denies", [
    ("waduh dudu aku mbak, wedhus! kambing. ojo dikabari bidan", True),   # round 22: a goat withdraws it
    ("batal mbak, gak onok wong meteng sing darurat", True),
    ("istri saya hamil 8 bulan keluar darah, ini darurat", False),
])
def test_round_twenty_two_withdrawals(text, denies):
    from nlu.emergency import denies_pregnancy, words_of

    assert denies_pregnancy(words_of(text, boundaries=True)) is denies


def test_a_bleeding_not_yet_stopped_is_still_an_alarm():
    assert detect_text("pendarahan belum berhenti juga, hamil 6 bulan") == "pendarahan"
    assert detect_text("getihe durung mandek, meteng 7 wulan") == "pendarahan"


@pytest.mark.parametrize("text", [
    # exploratory round 7: an earlier delivery's bleeding in a report, a birth's cost later
    "Lapor Ndan, bumil an. Ny. Sumi 34 th G3P2, persalinan pertama sempat perdarahan, sekarang sehat UK 30 mgg",
    "bojoku lagi isi 5 wulan, njaluk SKTM kanggo biaya lairan mengko",
    "Bukan darurat pak, pendarahan itu riwayat hamil yang dulu",
])
def test_the_past_and_the_later_are_no_alarm(text):
    assert detect_text(text) is None


def test_a_sign_had_today_is_still_an_alarm():
    assert detect_text("hamil 8 bulan, sempat pingsan tadi pagi, sekarang masih lemas") == "pingsan"


@pytest.mark.parametrize("text", ["lho kok darurat pak?", "kenapa dibilang darurat, istri saya cuma tanya",
                                  "bukan darurat ndan, pendarahan itu riwayat persalinan ke-2"])
def test_a_protest_at_the_alarm_withdraws_it(text):
    from nlu.emergency import denies_pregnancy, words_of

    assert denies_pregnancy(words_of(text, boundaries=True))


# Set F's first run (session 19) missed a krama headache with blurred sight, a cadre's
# prolonged labour and an Osing infection after birth, and paged for a dialysis and for waters
# that had leaked and been checked. New wording of each kind:
@pytest.mark.parametrize("text, reason", [
    ("nyuwun tulung, garwa kula ngandut pitung wulan, sirahipun sakit sanget, mripatipun burem", "sakit kepala hebat"),
    ("Lapor kader Ds. Kemiren: bumil aterm inpartu, kala I memanjang sejak kemarin sore, mohon dirujuk",
     "persalinan lama"),
    ("bumil G2 UK 40 mgg partus macet di rumah dukun, mohon bantuan", "persalinan lama"),
    ("rabi isun nembe ngelairaken telung dino, saiki mambu ora enak teko ngisor", "cairan berbau"),
])
def test_clinical_and_krama_wording_of_danger_signs(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text", [
    "ibu saya rutin cuci darah di RSUD, mau minta SKTM",
    "minggu lalu ketuban sempat rembes tapi sudah diperiksa bidan, katanya normal. mau minta jemput kontrol",
    "riwayat partus lama waktu anak pertama, sekarang hamil 5 bulan sehat",
])
def test_dialysis_and_a_checked_leak_and_an_old_long_labour_are_no_alarm(text):
    assert detect_text(text) is None


# The final model's run on the regression sets (session 19): a movement told a few words on, in
# weeks; labours over or planned, told for a paper or a ride, are no alarm.
def test_a_reduced_movement_told_a_few_words_on_is_an_alarm():
    assert detect_text("gerakan janin saya kok makin berkurang dari pagi, umur kandungan 34 mgg") == "janin tidak bergerak"
    assert detect_text("bayi di perut gerakannya aktif, tidak ada keluhan, usia 30 minggu") is None
    assert detect_text("gerakan bayi normal kok, tidak berkurang, hamil 7 bulan") is None


@pytest.mark.parametrize("text", [
    "istriku meteng 4 wulan, wingi sempet mules sithik tapi saiki wis biasa, arep daftar periksa",
    "bumil UK 37 mgg sesuai rencana mau ke rumah singgah minggu depan, tidak punya kendaraan, mohon JEK-MIL",
    "kemarin ambulans yang bawa ibu melahirkan terperosok di jalan rusak, untung ibunya selamat, tolong jalannya diperbaiki",
])
def test_a_labour_that_is_over_or_planned_is_no_alarm(text):
    assert detect_text(text) is None



@pytest.mark.parametrize("text, reason", [
    # Madurese (set G, after its first measurement): "ana'" is a child, "ta'" is not, "abbobot" pregnant
    ("bini' kaula abbobot, kejjâng ta' ambu, tolong", "kejang"),
    ("ana' kaula abbobot ta' sadar", "tidak sadar"),
    # pre-eclampsia told to the midwife without the word "hamil"
    ("bu bidan, td kemarin di posyandu 150/100, sekarang pusing hebat dan pandangan kabur", "sakit kepala hebat"),
])
def test_madurese_signs_and_a_preeclampsia_told_to_the_midwife(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text", [
    "bu bidan, bapak saya pusing berat dan matanya kabur, tensi 180/100",  # her father: no pregnancy
    "tekanan darah saya 150/100 kata bidan, mau lapor hamil",  # "tekanan" is no Javanese "tekan" (arrive)
    "kulo meteng pitung wulan, kala wingi nate pusing lan mripat burem, sakmenika sampun mboten",  # krama past
])
def test_no_alarm_for_someone_else_a_reading_alone_or_a_krama_past(text):
    assert detect_text(text) is None


@pytest.mark.parametrize("text, reason", [
    # round 20, H1: "(nulis dr HP suaminya)" made the husband the subject: no alarm, "bukan layanan"
    (("Lapor kader posy Dsn Krajan Ds Sumbersari: Ny. Ernawati G2P1A0 UK 34 mgg, TD 170/110, nyeri ulu hati, "
     "pandangan kabur sejak sore, kaki bengkak. Mohon bidan segera. (nulis dr HP suaminya)"),
     "tekanan darah sangat tinggi"),
    ("istri hamil 8 bln kemarin muntah terus, sekarang masih lemes gak bisa makan", "muntah terus"),  # still going
    ("istri hamil 9 bulan kemarin mules, sekarang sudah reda tapi keluar darah", "persalinan tanpa pertolongan"),
    ("istri hamil kemarin sakit kepala hebat pandangan kabur, sekarang sudah mendingan", "sakit kepala hebat"),
])
def test_a_husbands_phone_is_no_other_subject_and_a_sign_of_the_hard_kind_stays_an_alarm(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text", [
    # round 20, H2: two pages to the midwife, the puskesmas and the police
    ("Mbak, tanggaku Mbak Yuli nang Sukojati lagi meteng 6 sasi. Wingi sore deweke muntah2 terus ngeluh mules lan "
     "sirahe ngelu, tapi saiki wis mari, wis iso mangan lan nyambut gawe. Aku pengen deweke dipriksa bidan ae ben ayem"),
    "gak onok, mung wingi muntah2 karo mules, saiki wis apik",
    "suami saya kejang kejang",  # a man
])
def test_a_sign_that_passed_and_is_over_now_is_no_alarm(text):
    assert detect_text(text) is None


@pytest.mark.parametrize("text, reason", [
    # a fever just after the birth, in krama ("benter", "ndheredeg") and after "... lalu, sekarang"
    ("istri baru lahiran 3 hari lalu, sekarang panas tinggi sampai menggigil", "demam tinggi"),
    ("mbak, anakku wedok nembe babaran, awake benter banget ndredeg terus", "demam tinggi"),
    # the past stays the past when "now" says it is over
    ("dulu pernah kejang pas hamil pertama, sekarang hamil lagi 5 bulan sehat", None),
    ("hamil 7 bulan, kemarin sempat flek sedikit, sekarang sudah berhenti", None),
])
def test_set_m_categories(text, reason):
    """Set M (before tuning): a krama fever two days after a birth was missed. Wording of our own."""
    assert detect_text(text) == reason


def test_a_krama_fever_after_a_birth_raises_the_alarm():
    """Set M's miss in other words: an alarm, whichever rule names it first (the labour rule reads
    "sekarang" after "melahirkan"; the officers are paged either way)."""
    assert detect_text("garwa kula bar nglairaken telung dinten, sakniki badane benter sanget lan ndrodok") is not None


@pytest.mark.parametrize("text, reason", [
    # round 26: Madurese "the baby has not moved since yesterday" went to a routine report (missed twice)
    ("bini kaula ngandung pettong bulan, bayina ta' ngeddhing gerrak dari kamari, bahaya ta?", "janin tidak bergerak"),
    ("bayina bini kaula ta' agerrak sakale dari kamari malem, ngandung sanga bulan", "janin tidak bergerak"),
    # a question's tag "gak ya" is no "not" (a false alarm: "sakit kepala ... gak" read as one that does not go)
    ("misi mau tanya, org hamil muda boleh minum obat sakit kepala paracetamol gak ya", None),
    ("istri saya hamil 8 bulan sakit kepala tidak hilang hilang", "sakit kepala hebat"),   # a real "not"
])
def test_round_twenty_six(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # round 27 F5: the classifier paged, the safety net did not see it and the page said "tanda bahaya lain"
    ("assalamualaikum, bini kula ngandung, bayina ta' ngobe' dari kamari, tadha' gerakanna sakale",
     "janin tidak bergerak"),
    ("bini kaula ngandung, bayina ngobe' biasa, sehat", None),
])
def test_round_twenty_seven_madurese_baby_not_moving_is_seen_and_named(text, reason):
    from nlu.danger_signs import name_signs
    assert detect_text(text) == reason
    assert (name_signs(text) == ["janin_kurang_gerak"]) == (reason is not None)


@pytest.mark.parametrize("text, reason", [
    # set N, after its before-tuning run: a name between "ketubannya" and "pecah" (missed)
    ("ketuban istriku mbak sri wis pecah barusan, banyune mili terus", "ketuban"),
    # a "not" before a slash list reaches every item (paged as epigastric pain)
    ("TD 130/80, tdk ada pusing / pandangan kabur / nyeri ulu hati, UK 30 mgg mohon dicatat", None),
    ("bumil UK 36 mgg, pusing / pandangan kabur / nyeri ulu hati sejak pagi", "nyeri ulu hati"),
    # a sign she had, then "now well": no sign now; "now not yet conscious" still is
    ("bojoku meteng 6 sasi, wingi sempet semaput nang sawah, tapi saiki wis sehat", None),
    ("istri hamil 8 bulan tadi sempat pingsan, sekarang belum sadar", "pingsan"),
])
def test_set_n_categories_in_our_own_words(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # set L on this session's freshly trained classifier: a ride; the safety net did not read
    # "pasca salin" (two words) or "lochia"
    ("laporan bidan: ibu post partum hari ke 3 demam 39,5 menggigil", "demam tinggi"),
    ("pasien pasca persalinan hari ke-4, lokia berbau busuk", "cairan berbau"),
    ("ibu post partum hari ke 3 lochia normal, tidak berbau, mohon dicatat", None),
])
def test_midwives_postpartum_terms(text, reason):
    assert detect_text(text) == reason


@pytest.mark.parametrize("text, reason", [
    # round 28 F1: a Madurese fever with shivering after the birth was never paged
    ("bini kaula mare ngalahiragi tello are, sateya panas tenggi meggel, badanna ngeter, bahaya ta?", "demam tinggi"),
    ("tolong, bini kaula panas meggel saamarena ngalahiragi, ta' bisa tedung", "demam tinggi"),
    # F2: krama "the baby in the womb does not move at all" read as a status question
    ("bayi ing kandhutan garwa kula mboten obah babar pisan wiwit wingi enjing, sampun sangang wulan",
     "janin tidak bergerak"),
    # F3: a bleeding in an earlier pregnancy, now delivered and well, a question about KB
    ("dulu waktu hamil saya pernah pendarahan, sekarang sudah lahiran dan sehat, mau tanya KB di mana", None),
    # our own: the second bleeding of a message is read when the first is past
    ("hamil 8 bulan pernah pendarahan kemarin, sekarang keluar darah lagi banyak", "pendarahan"),
])
def test_round_twenty_eight(text, reason):
    assert detect_text(text) == reason
