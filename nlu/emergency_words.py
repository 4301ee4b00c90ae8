"""The word sets the danger-sign rules of ``nlu.emergency`` read (normalised words)."""

PREGNANCY = frozenset(
    {"hamil", "kehamilan", "hamile", "kandungan", "kandunganya", "janin", "melahirkan",
     "bersalin", "nifas", "hpl", "lahiran", "persalinan", "ngidam", "trimester", "usg",
     "kehamilannya", "hamilnya", "bumil", "mbobot",
     # just delivered, as cadres and midwives write it: "post partum 2 jam", "pasca salin", "PP"
     "postpartum", "partum", "pascasalin", "pascapersalinan"}
)
# A bleeding that has stopped ("perdarahannya sudah berhenti"): no sign now, unless "belum"
STOPPED = frozenset({"berhenti", "mandek", "mandeg", "mandheg", "mampet", "reda", "berkurang", "mari", "sembuh", "leren",
                     "bersih"})  # "saiki wis resik" (set K)
# "lagi isi (anak pertama)" / "sedang isi": colloquial for pregnant
CARRYING_BEFORE = frozenset({"lagi", "sedang", "lg", "masih", "baru"})
CARRYING_AFTER = frozenset({"anak", "bayi", "pertama", "kedua", "ketiga"})
WEAK_WOMAN = frozenset({"ibu", "istri", "mbak", "adik", "menantu", "anak", "ny", "nyonya", "sdri"})
OTHER_SUBJECT = frozenset(
    {"mbah", "nenek", "kakek", "bapak", "suami", "pak", "lansia", "balita", "cucu", "laki", "lanang",
     "sapi", "kambing", "ayam", "motor", "wedhus", "wedus", "kucing", "domba"}
)
TITLES = frozenset({"bidan", "kepala", "lurah", "rt", "rw", "camat", "dokter", "guru", "kades", "admin", "petugas", "perangkat"})
NEGATORS = frozenset({"tidak", "belum", "bukan", "tanpa", "jangan", "gak", "ga", "nggak", "aman", "normal"})
# "<unit> lalu" is "ago" (a time past); after anything else "lalu" is "then" ("kejang sebentar
# lalu tidur": a fit, then sleep - now)
AGO_UNITS = frozenset({"tahun", "th", "thn", "bulan", "bln", "minggu", "mgg", "hari", "kemarin", "kemaren"})
PAST = frozenset({"pernah", "riwayat", "dulu", "dulunya", "lalu", "sebelumnya", "waktu", "pas"})
# "sempat perdarahan" (had a bleeding) is the past unless it was today: "sempat pingsan tadi"
HAD = frozenset({"sempat", "sempet"})
RECENT = frozenset({"tadi", "td", "barusan", "semalam", "ini", "pagi", "subuh", "siang", "sore", "malam", "kemarin"})
# "now": what comes after it in a sentence is no longer the past ("... 2 hari lalu, sekarang panas")
NOW_WORDS = frozenset({"sekarang", "skrg", "kini"})
URGENT = frozenset({"tolong", "darurat", "segera", "cepat", "cepetan", "sekarang", "barusan", "gawat", "parah"})
BLOOD_NOT_BLEEDING = frozenset(
    {"tinggi", "rendah", "tekanan", "tambah", "golongan", "cek", "tes", "periksa", "gula",
     "kurang", "donor", "transfusi", "hb", "darahnya", "ambil", "lab", "sampel", "cuci"}  # "cuci darah": dialysis
)

# Words a negation reaches across ("tidak ada pendarahan", "bukan ibu hamil"); any other word
# between ends it ("pendarahan dari dulu belum berhenti, hamil 7 bulan": the "belum" is the
# bleeding's, not the pregnancy's).
NEGATION_REACHES = frozenset({"ada", "ibu", "lagi", "sedang", "dalam", "sudah", "pernah", "mengalami", "terjadi",
                               "apa", "keluar", "yang", "kena", "sampai", "nyeri", "sakit", "rasa", "tanda", "keluhan",
                               "gejala", "terlalu", "begitu", "sangat", "terasa", "ngerasa", "merasa",
                               "kasus", "keadaan", "kondisi", "orang", "sing", "hamil"})  # "bkn kasus darurat" (set K)


# "(yg pertama keguguran)": a pregnancy before this one, named by its order
EARLIER = frozenset({"pertama", "kedua", "ketiga", "keempat", "sebelumnya", "kapisan", "pisanan"})


# Words only the danger-sign rules read (``nlu.emergency_text.words_of``), after the lexicon: the
# Madurese of independent sets J and K. Kept out of the classifier's lexicon, whose every new
# lemma retrains the classifier into a different model (session 24: three borderline messages of
# the end-to-end tests changed intent with a lexicon that had them).
RULE_WORDS = {
    # Madurese (set J): "bhunteng" (pregnant), "embuk" (older sister), "sateya" (now), "arassa"
    # (to feel), "gherak" (to move), "dhari kamari" (since yesterday)
    "bhunteng": "hamil", "bhuntengnga": "hamil", "bhuntengna": "hamil", "bunteng": "hamil", "buntengnga": "hamil",
    "embuk": "mbak", "mbuk": "mbak", "sateya": "sekarang", "satea": "sekarang", "sateyah": "sekarang",
    "arassa": "terasa", "arasa": "terasa", "gherak": "gerak", "gherrak": "gerak", "dhari": "dari",
    "kamari": "kemarin", "kamareh": "kemarin",
    # Madurese (set K): blood, much, to give birth, to stop, on and on, to move, day, the baby
    "dereh": "darah", "dhereh": "darah", "dhere": "darah", "bennyak": "banyak", "arembi": "melahirkan",
    "arembhi": "melahirkan", "ambu": "berhenti", "terros": "terus", "taros": "terus", "ngerak": "gerak",
    "are": "hari", "bayina": "bayi", "babana": "bayi", "resik": "bersih", "mare": "sudah",
    # Madurese (round 24): not, only, to ask ("lho banne darurat, kaula coma atanya'")
    "banne": "bukan", "benne": "bukan", "banni": "bukan", "coma": "cuma", "atanya": "tanya", "atanyah": "tanya",
    "mung": "cuma", "namung": "cuma", "takon": "tanya", "nanya": "tanya", "bertanya": "tanya", "tangklet": "tanya",
    # Madurese "eat", "drink" (round 25: "ngakan" was read as "tidak")
    "ngakan": "makan", "ngenom": "minum", "ngenum": "minum",
    # Madurese "to move" (round 26: "bayina ta' gerrak dari kamari" was missed)
    "gerrak": "gerak", "agerrak": "gerak", "agherrak": "gerak", "aghera": "gerak", "agerak": "gerak",
    # krama and Javanese (set M, read after its first run): hot (a fever), shivering
    # ("ndredeg", "ndredheg" are the lexicon's already)
    "benter": "panas", "bentering": "panas", "ndheredeg": "menggigil", "ndrodok": "menggigil",
    "ndhrodhog": "menggigil", "kedher": "menggigil",
    # round 28: Madurese "mare ngalahiragi ..., sateya panas tenggi meggel, badanna ngeter" (a fever after
    # the birth, never paged), krama "bayi ing kandhutan ... mboten obah" (read as a status question),
    # krama "badhe matur bilih garwa kula ngandheg" (a report: "matur" is no "terima" here)
    "ngalahiragi": "melahirkan", "ngalairagi": "melahirkan", "alahiragi": "melahirkan", "alahir": "melahirkan",
    "tenggi": "tinggi", "meggel": "menggigil", "megel": "menggigil", "ngeter": "menggigil", "ngeddher": "menggigil",
    "saamarena": "setelah", "samarena": "setelah", "kandhutan": "kandungan", "kandhutanipun": "kandungan",
    "ngandheg": "hamil", "ngandhek": "hamil", "ngandhut": "hamil", "matur": "matur", "nglaporaken": "lapor",
    "ngaturaken": "lapor", "gebugi": "dipukul", "digebugi": "dipukul",
}

# The words that withdraw an alarm ("bukan darurat, salah kirim"; nlu.emergency.denies_pregnancy).
WITHDRAW_PHRASES = ("salah kirim", "salah lapor", "salah paham", "salah ketik", "tidak jadi darurat",
                    "bukan darurat", "tidak darurat", "gak darurat", "keliru",
                    # a protest at the alarm: "lho kok darurat pak?", "kenapa dibilang darurat"
                    "kok darurat", "kenapa darurat", "mengapa darurat", "kok dianggap darurat", "kok dikira darurat",
                    "kenapa dibilang darurat", "kok dibilang darurat", "cuma tanya")  # "aku mung takon" (round 24)

# "kata mertua bisa keguguran", "takut keguguran": a sign that may come, not one now (round 25)
MAY_CAUSE = frozenset({"bisa", "bikin", "menyebabkan", "sebabkan", "takut", "khawatir", "risiko", "resiko", "cegah",
                       "mencegah", "biar", "agar", "supaya", "iso", "isa", "saged"})
# "sudah tidak kuat/ada/bisa ...": no more strength or help, never "over now"
HELPLESS = frozenset({"ada", "kuat", "bisa", "iso", "sanggup", "tahan", "berhenti", "mau", "keluar", "gerak", "sadar",
                      "onok", "ono", "enten", "wonten", "nafas", "bernafas"})
