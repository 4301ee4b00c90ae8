"""Our own additions to the slang lexicon (SMS spellings, Javanese, Osing, Madurese).

``combined_slang_words.json`` (MIT, louisowen6/NLP_bahasa_resources) covers Jakarta-style
slang; it lacks SMS shorthands common in East Java (gak/ga...) and regional words. These
entries are maintained by hand for this project and override the JSON. Values are standard
Indonesian (lower case). Where a word is ambiguous across languages we choose the reading
that matters for the services (e.g. "kk" = Kartu Keluarga, not "kakak").
"""

from __future__ import annotations

# --- negation, yes/no, pronouns --------------------------------------------------------
_BASIC = {
    # tidak
    "ga": "tidak", "gak": "tidak", "gk": "tidak", "g": "tidak", "ngga": "tidak",
    "nggak": "tidak", "ngak": "tidak", "nggk": "tidak", "engga": "tidak", "enggak": "tidak",
    "ndak": "tidak", "nda": "tidak", "ndk": "tidak", "tdk": "tidak", "tak": "tidak",
    "tdak": "tidak", "gx": "tidak", "kagak": "tidak", "ora": "tidak", "orak": "tidak",
    "mboten": "tidak", "boten": "tidak", "mbotn": "tidak", "mbten": "tidak",
    "ugak": "tidak", "bunten": "tidak", "bhunten": "tidak", "enjek": "tidak",
    # iya
    "y": "iya", "ya": "iya", "iy": "iya", "yaa": "iya", "yoi": "iya", "yup": "iya",
    "yo": "iya", "iyo": "iya", "iyoo": "iya", "nggih": "iya", "nggeh": "iya", "inggih": "iya",
    "injih": "iya", "ngih": "iya", "enggih": "iya", "enggi": "iya", "engghi": "iya",
    "hooh": "iya", "heeh": "iya", "he eh": "iya", "leres": "benar", "bener": "benar",
    "bnr": "benar", "betul": "benar", "btl": "benar",
    # saya / kamu
    "sy": "saya", "sya": "saya", "saia": "saya", "aku": "saya", "ak": "saya", "aq": "saya",
    "gw": "saya", "gue": "saya", "gua": "saya", "kulo": "saya", "kula": "saya",
    "dalem": "saya", "isun": "saya", "engkok": "saya", "sengko": "saya", "kaula": "saya",
    "awakku": "saya", "km": "kamu", "kmu": "kamu", "sampeyan": "kamu", "sampean": "kamu",
    "panjenengan": "kamu", "riko": "kamu", "sira": "kamu", "dhika": "kamu", "kon": "kamu",
    "koen": "kamu",
}

# --- SMS shorthands --------------------------------------------------------------------
_SMS = {
    "gmn": "bagaimana", "gmna": "bagaimana", "gmana": "bagaimana", "gimana": "bagaimana",
    "bgmn": "bagaimana", "bgmna": "bagaimana", "bgaimana": "bagaimana", "gimna": "bagaimana",
    "blm": "belum", "blum": "belum", "lom": "belum", "blom": "belum", "belom": "belum",
    "udh": "sudah", "udah": "sudah", "sdh": "sudah", "dah": "sudah", "uda": "sudah",
    "ud": "sudah", "sudh": "sudah", "sdah": "sudah",
    "bs": "bisa", "bsa": "bisa", "bisa": "bisa", "isa": "bisa",
    "utk": "untuk", "untk": "untuk", "ut": "untuk", "buat": "buat",
    "tlg": "tolong", "tlng": "tolong", "tolongin": "tolong", "tulungin": "tolong",
    "toloong": "tolong", "tlog": "tolong",
    "bsk": "besok", "besuk": "besok", "bsok": "besok", "besoknya": "besok",
    "yg": "yang", "yng": "yang", "dg": "dengan", "dgn": "dengan", "dng": "dengan",
    "sm": "sama", "ama": "sama", "sma": "sama", "jg": "juga", "jga": "juga", "lg": "lagi",
    "lgi": "lagi", "tp": "tapi", "tpi": "tapi", "trs": "terus", "trus": "terus",
    "skrg": "sekarang", "skr": "sekarang", "skg": "sekarang", "skrng": "sekarang",
    "sekarng": "sekarang", "bnyk": "banyak", "byk": "banyak", "bnyak": "banyak",
    "brp": "berapa", "brapa": "berapa", "kpn": "kapan", "dmn": "dimana", "dmna": "dimana",
    "dimn": "dimana", "knp": "kenapa", "knapa": "kenapa", "krn": "karena", "krna": "karena",
    "karna": "karena", "klo": "kalau", "kalo": "kalau", "kl": "kalau", "klu": "kalau",
    "sblm": "sebelum", "stlh": "setelah", "pd": "pada", "dr": "dari", "dri": "dari",
    "org": "orang", "orng": "orang", "bpk": "bapak", "bp": "bapak", "pk": "pak", "pa": "pak",
    "bu": "ibu", "buk": "ibu", "bok": "ibu", "mb": "mbak", "mba": "mbak", "mbk": "mbak",
    "ms": "mas", "dsn": "dusun", "dsun": "dusun", "ds": "desa", "dsa": "desa",
    "kel": "kelurahan", "kec": "kecamatan", "kcmtn": "kecamatan", "kecmatan": "kecamatan",
    "kab": "kabupaten", "kp": "kampung", "kmp": "kampung", "jln": "jalan", "jl": "jalan",
    "rmh": "rumah", "rmah": "rumah", "tmpt": "tempat", "t4": "tempat", "sklh": "sekolah",
    "dtg": "datang", "pgn": "mau", "pngn": "mau", "pingin": "mau", "pengen": "mau",
    "kepengen": "mau", "pengin": "mau", "mo": "mau", "mw": "mau", "mao": "mau", "mauu": "mau",
    "ingin": "mau", "bkin": "bikin", "bkn": "bukan", "mhn": "mohon", "mohn": "mohon",
    "tlp": "telepon", "telp": "telepon", "tlpn": "telepon", "telpon": "telepon",
    "nelpon": "telepon", "tilpun": "telepon", "nmr": "nomor", "nomer": "nomor", "no": "nomor",
    "nmor": "nomor", "ngomong": "bicara", "ngmg": "bicara", "ngomg": "bicara",
    "ptgs": "petugas", "petgas": "petugas", "srt": "surat", "srat": "surat", "ket": "keterangan",
    "ktrngn": "keterangan", "ketrangan": "keterangan", "keterngan": "keterangan",
    "ush": "usaha", "usha": "usaha", "lhr": "lahir", "lahr": "lahir", "pndh": "pindah",
    "drh": "darah", "drah": "darah", "perdarahan": "pendarahan", "kluar": "keluar",
    "klr": "keluar", "kluwar": "keluar", "kelwar": "keluar", "skt": "sakit", "skit": "sakit",
    "kpl": "kepala", "kpla": "kepala", "pusink": "pusing", "bngkak": "bengkak",
    "lemes": "lemas", "grak": "gerak", "grk": "gerak", "ktbn": "ketuban", "pcah": "pecah",
    "merembes": "rembes", "mulas": "mules", "kjang": "kejang", "kejng": "kejang",
    "jmpt": "jemput", "jmput": "jemput", "jempt": "jemput", "anter": "antar",
    "nganter": "antar", "ngeter": "antar", "nganterin": "antar", "anterin": "antar",
    "ngantar": "antar", "mbl": "mobil", "ambulan": "ambulans", "ambulance": "ambulans",
    "ambulans": "ambulans", "kndraan": "kendaraan", "kndaraan": "kendaraan",
    "mbh": "mbah", "embah": "mbah", "simbah": "mbah", "mbahe": "mbah", "mkn": "makan",
    "maem": "makan", "mksh": "terima kasih", "makasih": "terima kasih", "mkasih": "terima kasih",
    "trmksh": "terima kasih", "trimakasih": "terima kasih", "trimakasi": "terima kasih",
    "makasi": "terima kasih", "thx": "terima kasih", "tks": "terima kasih", "tq": "terima kasih",
    "ty": "terima kasih", "thanks": "terima kasih", "trims": "terima kasih",
    "suwun": "terima kasih", "sakalangkong": "terima kasih", "oke": "ok", "okey": "ok",
    "okay": "ok", "okee": "ok", "okeh": "ok", "sip": "ok", "siap": "ok",
    "ass": "assalamualaikum", "askum": "assalamualaikum", "asslm": "assalamualaikum",
    "assalamu": "assalamualaikum", "aslm": "assalamualaikum", "assalamualaikm": "assalamualaikum",
    "min": "admin", "mimin": "admin", "ngurus": "urus", "ngurusin": "urus", "ngurusnya": "urus",
    "ngecek": "cek", "ngecek2": "cek", "cekin": "cek", "dicek": "cek", "hml": "hamil",
    "hamel": "hamil", "bumil": "ibu hamil", "bmil": "ibu hamil", "bumel": "ibu hamil",
    "pkm": "puskesmas", "puskes": "puskesmas", "pkesmas": "puskesmas", "pusk": "puskesmas",
    "puskesmaa": "puskesmas", "bdn": "bidan", "bidn": "bidan", "dok": "dokter",
    "dokter": "dokter", "mgg": "minggu", "mggu": "minggu", "bln": "bulan", "bl": "bulan",
    "thn": "tahun", "th": "tahun", "thun": "tahun", "hr": "hari", "hri": "hari",
    "kmrn": "kemarin", "kmren": "kemarin", "kemaren": "kemarin", "td": "tadi", "tdi": "tadi",
    "mlm": "malam", "malem": "malam", "sampe": "sampai", "ampe": "sampai", "abis": "habis",
    "jd": "jadi", "jdi": "jadi", "msh": "masih", "masi": "masih", "aja": "saja", "aj": "saja",
    "sj": "saja", "doang": "saja", "ap": "apa", "apa2": "apa apa", "emg": "memang",
    "emang": "memang", "gpp": "tidak apa apa", "bgt": "banget", "bngt": "banget",
    "lahiran": "melahirkan", "ngelahirin": "melahirkan", "lairan": "melahirkan",
    "brsalin": "bersalin", "persalinan": "bersalin",
}

# --- Javanese, Osing, Madurese -> Indonesian --------------------------------------------
_REGIONAL = {
    "nyuwun": "minta", "nyuwn": "minta", "njaluk": "minta", "jaluk": "minta", "nyo'on": "minta",
    "nyoon": "minta", "meteng": "hamil", "mbobot": "hamil", "ngandut": "hamil",
    # Madurese: "abbobot" (pregnant), "kejjâng" (fits), "ta' sadar" (unconscious; ta' in text.py)
    "abbobot": "hamil", "abbobbot": "hamil", "kejjang": "kejang", "kejjeng": "kejang",
    "ngandhut": "hamil", "ngandung": "hamil", "bobot": "hamil", "mbobotan": "hamil",
    "getihen": "pendarahan", "getihan": "pendarahan", "getih": "darah", "metu": "keluar",
    "medal": "keluar", "sampun": "sudah", "sampon": "sudah", "wes": "sudah", "wis": "sudah",
    "uwis": "sudah", "uwes": "sudah", "empun": "sudah", "dereng": "belum", "durung": "belum",
    "damel": "buat", "gawe": "buat", "gae": "buat", "nggawe": "buat", "ndamel": "buat",
    "enggal": "baru", "anyar": "baru", "iso": "bisa", "isok": "bisa", "saged": "bisa",
    "sageda": "bisa", "tulung": "tolong", "tulungi": "tolong", "tulong": "tolong",
    "sesuk": "besok", "mbenjang": "besok", "benjing": "besok", "opo": "apa", "nopo": "apa",
    "napa": "apa", "paran": "apa", "piye": "bagaimana", "pripun": "bagaimana",
    "kepiye": "bagaimana", "yapo": "bagaimana", "yok opo": "bagaimana", "wonten": "ada",
    "onten": "ada", "ono": "ada", "onok": "ada", "enek": "ada", "ana": "ada", "bede": "ada",
    "karo": "dengan", "kaliyan": "dengan", "kalian": "dengan", "teng": "di", "ten": "di",
    "ning": "di", "nang": "di", "neng": "di", "nek": "kalau", "saking": "dari", "soko": "dari",
    "seko": "dari", "teko": "dari", "badhe": "mau", "bade": "mau", "arep": "mau", "ape": "mau",
    "kate": "mau", "pundi": "mana", "ngendi": "mana", "endi": "mana", "saiki": "sekarang",
    "sakniki": "sekarang", "saniki": "sekarang", "sakmenika": "sekarang", "samenika": "sekarang",
    "nate": "pernah", "nanging": "tetapi",  # krama: "kala wingi nate pusing" (had a headache yesterday) "niki": "ini", "iki": "ini", "niku": "itu",
    "iku": "itu", "kuwi": "itu", "griyo": "rumah", "griya": "rumah", "omah": "rumah",
    "bojo": "istri", "bojoku": "istri saya", "garwo": "istri", "garwa": "istri",
    "lare": "anak", "bocah": "anak", "anake": "anak", "putra": "anak", "putrane": "anak",
    "lara": "sakit", "loro": "sakit", "gerah": "sakit", "mumet": "pusing", "ngelu": "pusing",
    "sirah": "kepala", "sirahe": "kepala", "semaput": "pingsan", "klenger": "pingsan",
    "ambruk": "jatuh", "tibo": "jatuh", "nglairno": "melahirkan", "nglairke": "melahirkan",
    "nglahirke": "melahirkan", "babaran": "melahirkan", "bayen": "melahirkan",
    "kawah": "ketuban", "kawahe": "ketuban", "weteng": "perut", "wetenge": "perut",
    "mripat": "mata", "mripate": "mata", "burem": "kabur", "remeng": "kabur",
    # Osing/Javanese: "mambu" (smells), "ngelairaken" (gave birth), "ngisor" (below)
    "mambu": "bau", "mambune": "bau", "ngelairaken": "melahirkan", "ngisor": "bawah",
    "sepuh": "tua", "tiyang": "orang", "wong": "orang", "uwong": "orang", "reng": "orang",
    "piyambak": "sendiri", "dewe": "sendiri", "dhewe": "sendiri", "dewean": "sendirian",
    "dhewekan": "sendirian", "mangan": "makan", "dahar": "makan", "nedo": "makan",
    "dhuwit": "uang", "duwit": "uang", "mlarat": "miskin", "kere": "miskin", "mriki": "sini",
    "kene": "sini", "mrika": "sana", "sinten": "siapa", "sopo": "siapa", "pinten": "berapa",
    "piro": "berapa", "pira": "berapa", "dinten": "hari", "dino": "hari", "wulan": "bulan",
    "sasi": "bulan", "yuswa": "umur", "dukuh": "dusun", "dalan": "jalan", "dalane": "jalan",
    "bolong": "berlubang", "banyu": "air", "ilang": "hilang", "ical": "hilang",
    "suwek": "robek", "sobek": "robek", "colong": "curi", "nyolong": "curi", "dicolong": "dicuri",
    "maling": "maling", "gelut": "berkelahi", "tukaran": "berkelahi", "kelahi": "berkelahi",
    "mendem": "mabuk", "matur": "terima", "nuwun": "kasih", "kasuwun": "terima kasih",
    "monggo": "silakan", "mangga": "silakan", "sugeng": "selamat", "enjing": "pagi",
    "sonten": "sore", "dalu": "malam", "rawuh": "datang", "teka": "datang", "tekan": "sampai",
    "ngertos": "tahu", "ngerti": "tahu", "weruh": "tahu", "pados": "cari", "golek": "cari",
    "ngomah": "di rumah", "ijen": "sendirian", "dewekan": "sendirian", "kalih": "dua",
    "setunggal": "satu", "kaleh": "dua", "tigo": "tiga", "sekawan": "empat", "gangsal": "lima",
    "inggi": "kepala desa", "petinggi": "kepala desa", "kades": "kepala desa",
    "kepdes": "kepala desa", "pak lurah": "lurah", "nggolek": "cari", "kudu": "harus",
    "kedah": "harus", "mergo": "karena", "amargi": "karena", "sanget": "sangat",
    "banget": "sangat", "pol": "sangat", "tenan": "sungguh", "lek": "kalau", "angel": "sulit",
    "repot": "repot", "ndelok": "lihat", "ningali": "lihat", "mlaku": "jalan", "moleh": "pulang",
    "mulih": "pulang", "kondur": "pulang",
    # Madurese and Javanese words seen in danger-sign reports (bleeding, fever, labour)
    "kaluar": "keluar", "dara": "darah", "bannyak": "banyak", "bini": "istri", "bine": "istri",
    "biyen": "dulu", "mbiyen": "dulu", "riyin": "dulu", "rumiyin": "dulu", "kapungkur": "dulu",
    "kejjhang": "kejang", "kejeng": "kejang", "kelojotan": "kejang", "pengsan": "pingsan", "sake": "sakit",
    "ndredheg": "menggigil", "ndredeg": "menggigil", "nggigil": "menggigil",
    "mengigil": "menggigil", "nglairake": "melahirkan", "nglahirake": "melahirkan",
    "nglahirno": "melahirkan", "mengandung": "hamil", "telung": "tiga", "sesek": "sesak",
    "mutah": "muntah", "dhara": "darah", "bedha": "ada", "tadha": "tidak ada",
    "bukaan": "pembukaan", "puser": "pusar", "pusere": "pusar", "obah": "gerak",
    "polah": "gerak", "wingi": "kemarin", "ngosan": "sesak", "megap": "sesak",
    "diterne": "diantar", "dianter": "diantar", "eatere": "diantar", "ngeterne": "antar",
    "boncengin": "bonceng", "ngeboncengin": "bonceng", "mbonceng": "bonceng",
    # thanks, goodbye, no: English loans and Osing/Madurese
    "tengkyu": "terima kasih", "thankyou": "terima kasih", "makasih2": "terima kasih",
    "ra": "tidak", "rak": "tidak", "wiwit": "sejak", "rabine": "istri", "rabiku": "istri saya",
    "ngelahiraken": "melahirkan", "nglairaken": "melahirkan", "nglahiraken": "melahirkan",
    "ngelahirke": "melahirkan", "ngelairke": "melahirkan", "ajeng": "mau", "kraos": "terasa",
    "tebih": "jauh", "dukune": "dukun", "kecco": "curi", "ekecco": "dicuri", "ecolong": "dicuri",
    "sape": "sapi", "sapena": "sapi", "oreng": "orang", "ampon": "sudah", "sanes": "bukan",
    "kulonuwun": "permisi", "ngalir": "mengalir", "arinya": "ari", "plasentanya": "plasenta",
    "mtr": "matur", "nwn": "nuwun", "enja": "tidak", "enjek": "tidak", "dudu": "bukan",
    "ngapunten": "maaf", "sepurane": "maaf",
    # Madurese danger-sign words (issue 10: "the Osing and Madurese wording of all of them"),
    # after the normaliser drops accents and the glottal apostrophe ("bânnya'" -> "bannya")
    "ngandhung": "hamil", "ngandhungan": "hamil", "dharah": "darah", "dharana": "darah", "dharahna": "darah",
    "darana": "darah", "kalowar": "keluar", "kaloar": "keluar", "kalowarra": "keluar", "bannya": "banyak",
    "ketubanna": "ketuban", "tobanna": "ketuban", "cethak": "kepala", "cethakna": "kepala", "sarah": "parah",
    "matana": "mata", "tengghi": "tinggi", "ngoba": "gerak", "ngobah": "gerak",
    "ngobe": "gerak", "gerakanna": "gerakan", "bayina": "bayi",  # "bayina ta' ngobe'" (round 27: not named)
    "pettengngan": "kabur", "petteng": "kabur", "kejjhangan": "kejang", "elang": "hilang",
    "sepurone": "maaf", "pangapunten": "maaf", "nyuwun pangapunten": "maaf",
}

ADDITIONS: dict[str, str] = {**_BASIC, **_SMS, **_REGIONAL}
# "he eh", "yok opo" etc. are multi-word: kept for documentation, the token mapper skips them.
ADDITIONS = {k: v for k, v in ADDITIONS.items() if " " not in k and "'" not in k}
ADDITIONS["nyoon"] = "minta"

# Keys of combined_slang_words.json that must NOT be mapped in this domain.
KEEP: frozenset[str] = frozenset(
    {
        "kk",  # Kartu Keluarga (the JSON says "kakak")
        "ktp", "kia", "sktm", "akta", "akte", "rt", "rw", "sd", "smp", "sma", "hp", "wa",
        "sms", "bpjs", "kis", "pkh", "blt", "bansos", "ojek", "mas", "mbak", "pak", "bidan",
        "mules", "bengkak", "pecah", "kejang", "step", "rembes", "flek", "pingsan",
        "mbah", "nenek", "kakek", "lansia", "jompo", "sendirian", "nifas", "hpl",
        "tekanan",  # "tekanan darah" (blood pressure), not Javanese "tekan" (arrive) + -an
    }
)

# Stems that may carry a Javanese/Indonesian suffix ("ktpne", "ketubane", "akteku").
SUFFIX_STEMS: frozenset[str] = frozenset(
    {
        "ktp", "kk", "akta", "akte", "kia", "sktm", "surat", "ketuban", "darah", "kepala",
        "perut", "bayi", "janin", "kandungan", "anak", "istri", "ibu", "mbah", "rumah",
        "jalan", "desa", "dusun", "bidan", "hamil", "kejang", "pingsan", "nomor", "status",
        "laporan", "pengaduan", "aduan", "permohonan", "kartu", "mobil", "motor", "sapi",
        "kambing", "lampu", "sekolah", "tetangga", "bapak", "suami", "adik", "kakak",
        "kematian", "kelahiran", "domisili", "usaha", "nikah", "pindah", "kehamilan",
        "pusar", "mata", "kaki", "tangan", "celana", "cairan", "badan", "wajah", "muka",
        "napas", "nafas", "panas", "demam",
    }
)

# Correctly spelt words used to decide how to collapse repeated letters.
VOCABULARY: frozenset[str] = frozenset(
    """
    tolong sakit darah pendarahan keluar hamil bidan ketuban pecah kejang pingsan
    demam tinggi panas kepala pusing pandangan kabur bayi janin gerak bergerak kandungan
    melahirkan bersalin nifas mules kontraksi lemas bengkak muntah sesak perut nyeri
    maaf saat taat jemput antar mobil ambulans puskesmas rumah sakit singgah periksa
    kontrol surat akta akte ktp kk kia sktm domisili usaha pindah nikah kematian kelahiran
    lahir mati meninggal kartu keluarga baru hilang rusak ganti urus buat bikin cetak
    mbah nenek kakek lansia jompo sendiri sendirian makan miskin rantang kasih
    maling curi jalan lampu pungli bantuan bansos tawuran berkelahi mabuk narkoba judi
    cek status laporan pengaduan aduan proses kabar sudah belum jadi petugas manusia
    admin halo hai pagi siang sore malam selamat terima kasih iya tidak ok oke benar salah
    menu layanan bantu apa saja bagaimana kapan dimana berapa siapa kenapa mana
    desa dusun kelurahan kecamatan kabupaten rt rw nomor nik umur tahun bulan minggu hari
    anak istri suami ibu bapak adik kakak tetangga saya kamu kami dia mereka
    minta mohon mau bisa untuk dengan yang sama juga lagi tapi terus sekarang banyak
    sudah besok kemarin tadi nanti dari ke di pada ada tidak belum
    """.split()  # noqa: SIM905
)

# Common first names in East Java (Javanese, Osing, Madurese, Muslim names). A token in this
# list (and not an ordinary word) gets the lemma "namaorang", so the classifier learns
# "a name was given" (intent inform) from a few examples. Ambiguous words (putri, bagus, ayu,
# indah, agung, sari, murni, bayu...) are deliberately left out.
NAMES: frozenset[str] = frozenset(
    """
    abdul abdullah achmad adi ahmad aisyah ali aminah amir anik anis anisa annisa
    ani agus agustina ana andi anton arif aris asih asmini atik bambang budi budiman
    cahyono darmi darsih darto dedi dian didik dimas diah dwi eko endang erna erni evi
    fatimah fitri fitriani hadi hana handayani hartono hasan hendra heru hidayat ika imam
    imron indra irawan iwan jumadi jumiati juminten karsih kartini karto kasmini khoirul
    lilik lina lestari marni mariyam maryam misno mistin muhammad mohammad moh muh
    mujiono mukhlis mulyadi mulyani nanik nining ningsih nur nurul nuraini nurhayati
    painem paiman paijo parmi partini poniman ponirah rahayu rahmat ratna rini rina
    rohmah rohman romlah rudi sadikin sahri saiful sapari sarmi sarni sartini sholeh
    siti slamet sri subandi sucipto sudarmi sugeng sugiarto sugiono sugiyem suhartini
    suharto sukirman sulastri sumarni sumarno sumi sumiati sumini sunarti suparman
    supardi supriadi suprapto suryani susanti susi sutarmi sutini sutrisno suwarni
    suyanto taufik tini titik tri triyono tukiman tumini umi wahyu wahyuni warsito wati
    widodo yanto yati yuli yulianti yuni yusuf zainal zainab hamid halimah kholifah
    munawaroh musrifah qomariyah sholihah badriyah mahmud marzuki sanusi syamsul
    """.split()  # noqa: SIM905
)
