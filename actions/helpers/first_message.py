"""What a first message already says, so the form asks only what is missing (pure).

A police officer's or a cadre's report is often complete in one message: "Izin Ndan, lapor
bumil an. Sdri. WATINI, 41 th, G5P4, riwayat SC, tensi tinggi, bengkak, Dsn Krajan RT 02".
Each field found here is handed to the form as the answer to its question, so the form's
own validation decides; nothing here is trusted more than a typed answer.
"""
from __future__ import annotations

import re

from actions.helpers.answer_parts import phone_in
from actions.helpers.answers import person_name
from bot.core.numbers import words_to_int
from bot.core.phones import indonesian_mobile

# "jenenge Sulastri", "asmanipun Bu Rukmini" (round 19: the name given in Javanese was asked again)
_NAME = re.compile(r"\b(?:a\.?\s?n\.?|atas\s+nama|(?:nama(?:nya|ne|ku)?|jenenge|jenengipun|jenengku|namine|asmane|asmanipun|"
                   r"(?:nama|jeneng|nami)\s+(?:saya|sy|aku|isun|kula|kulo))"
                   r"(?:\s+(?:bumil|ibu\s+hamil|ibu|pasien|ibunya))?)"
                   r"\s*:?\s+([^,;\n]+?)(?=\s+(?:umur|usia|umure|\d|nang|ning|di|teng|ring|dusun|dsn|desa|ds)\b|[,;\n]|"
                   r"(?<=\w{5})\.\s|$)", re.IGNORECASE)
_AGE = re.compile(r"\b(?:umur|usia|umure|omor|omorra)?\s*(\d{2})\s*(?:th|thn|tahun|taun|taon)\b", re.IGNORECASE)
_GRAVIDA = re.compile(r"\bG\s?(\d{1,2})\s?(?:P\s?(\d{1,2}))?(?:\s?A\s?(\d{1,2}))?\b")
_ORDINAL = r"(\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|loro|telu|papat|limo|enem|pitu)"
# "hamil ke 3", "ini anak ketiga", "kehamilan keempat" (not "anak kedua lahir tahun 2014": a child born)
_GRAVIDA_WORDS = re.compile(r"\b(?:hamil|kehamilan|meteng|ini|iki|niki)\s+(?:anak\s+)?(?:yang\s+|yg\s+|sing\s+)?"
                            r"(?:ke\s*-?\s*" + _ORDINAL + r"|(pertama|kapisan))\b", re.IGNORECASE)
# "anak e wes siji", "anaknya sudah 2": the living children; this pregnancy is the next one
_CHILDREN = re.compile(r"\banak\s?(?:e|nya|ku|ne|ipun)?\s+(?:wes|wis|sudah|udah|udh|sampun|ada|onok|ono|enten)\s+"
                       r"(\d|siji|satu|loro|dua|telu|tiga|papat|empat|kalih|tigo|setunggal)\b", re.IGNORECASE)
# "sy Ratna umur 36", "aku Sumarni, 24 th": the mother names herself before her age
_SELF_NAMED = re.compile(r"\b(?:saya|sy|aku|kulo|kula|isun)\s+([A-Za-z]{3,}(?:\s+[A-Z][a-z]{2,})?)\s*,?\s*"
                         r"(?=(?:umur|usia|umure|\d{2}\s*(?:th|thn|tahun)))", re.IGNORECASE)
# "umur 36", "umure selawe an", "tiga puluh tujuh tahun": the age in digits or in words
_AGE_PREFIX = re.compile(r"\b(?:umur|usia|umure|umurnya|usiane|usianya|omor|omorra|omorepon)\s*:?\s*(?:sekitar|kira2|kurang\s+lebih|"
                         r"kinten2)?\s*(\d{2}|[a-z]+(?:\s+[a-z]+){0,2}?)\s*(?:an\b|th\b|thn\b|tahun\b|taun\b|taon\b|[,.;\n]|$)",
                         re.IGNORECASE)
_AGE_WORDS = re.compile(r"\b((?:[a-z]+\s+){0,2}[a-z]+)\s+(?:tahun|taun|taon|th)\b", re.IGNORECASE)
# "bini kaula ngandhung 5 bulan" (Madurese, round 20: the months asked again)
_GESTATION = re.compile(r"\b(?:hamil|uk|usia\s+kehamilan|kandungan|ngandhung|ngandung|abbobot|meteng|mbobot|ngandheg)"
                        r"\s*:?\s*(?:wes|wis|sudah|udah|sampun)?\s*(?:kurang\s+lebih|kira-kira|kira2|sekitar|kurleb|"
                        r"\+/-|±)?\s*(\d{1,2})\s*(bulan|bln|minggu|mgg|mg)\b",  # "kurang lebih 8 bulan" (round 25)
                        re.IGNORECASE)
# "telat haid 3 bulan", "telat udh 3 bulan": a period late that long (round 10, c7)
_LATE = re.compile(r"\b(?:telat|terlambat|tlat)\s+(?:haid|mens|menstruasi|datang\s+bulan|dapet|mbeling)?\s*"
                   r"(?:udh|sudah|udah|wis|wes|sampun)?\s*(\d{1,2})\s*(bulan|bln|minggu|mgg)\b", re.IGNORECASE)
# "meteng wes limang sasi", "mbobot pitung wulan": the months in Javanese words
_GESTATION_WORDS = re.compile(
    r"\b(?:hamil|meteng|mbobot|ngandheg|ngandung)\s+(?:wes|wis|sudah|udah|sampun|sekitar|kira2|kurang\s+lebih)?\s*"
    r"((?:setengah|sak|se|siji|satu|loro|dua|telu|telung|tiga|papat|empat|limo|limang|lima|enem|enam|pitu|pitung|"
    r"tujuh|wolu|wolung|delapan|songo|sanga|sangang|sembilan)\s*(?:bulan|bln|sasi|wulan|wulanan|ulan)|\d{1,2}\s*(?:sasi|wulan|ulan))\b",
    re.IGNORECASE)
# Who the reporter is to the mother, before her name (one list for the titled and the bare name)
_KIN = r"tetangga\w*|tonggo\w*|istri\w*|bojo\w*|garwa\w*|menantu\w*|mantu\w*|adik\w*|ipar\w*"
# "tonggoku mbak Lestari meteng", "istri saya bu Siti Aminah hamil": the mother named by her
# title after the reporter's relation to her (round 8, conversation 2: the name was asked).
_TITLED_MOTHER = re.compile(
    rf"(?i:\b(?:{_KIN}|tangga\w*)"
    r"(?:\s+(?:saya|sy|ku|kula|kulo|isun))?\s+(?:mbak|mba|mbk|bu|ibu|ny\.?|yu|mbakyu|mbok)\s+"
    r"(?!(?:bidan|kader|rt|rw|kades|lurah|guru|dokter|mantri|carik|camat|polisi|hamil|meteng|lagi|sedang)\b))"
    r"([A-Za-z]{3,})"
    r"(?:\s+([A-Z][a-z]{2,}))?")
# "bini kaula Siti Aminah ngandung", "istriku Wulan lagi hamil" (round 23: the name was asked
# again): the mother's capitalised name right after the reporter's relation to her
_KIN_NAMED = re.compile(
    rf"\b(?i:{_KIN}|bini|bine|binik|rabi\w*|estri)(?:\s+(?i:saya|sy|ku|kula|kulo|kaula|isun|engkok))?\s+"
    r"(?!(?i:lagi|sedang|hamil|meteng|ngandung|sudah|udah|wis|wes|baru|mau|arep|sing|yang|yg|ini|iki|niki|sakit|"
    r"mbak|bu|ibu|kan|juga|jg|pun|nggih|sampun|dereng|belum|blm)\b)([A-Z][a-z]{2,})"
    r"(?:\s+(?!(?i:lagi|sedang|hamil|meteng|ngandung|sudah|wis|baru)\b)([A-Z][a-z]{2,}))?"
    r"(?=\s*,|\s+(?i:hamil|meteng|ngandung|ngandhung|mbobot|abbobot|lagi|sedang|se|saiki|sakniki)\b)")
# The title of a report ("Ny. Ernawati G2P1A0 UK 34 mgg", "Sdri. WATINI"; round 20: DRT cases had
# no mother's name)
_REPORT_TITLED = re.compile(r"\b(?i:ny|nyonya|sdri)\.?\s+(?!(?i:hamil|bumil|uk|g\d)\b)([A-Za-z]{3,})(?:\s+([A-Z][a-z]{2,}))?")
# "omahe nang desa Kemiren cedhak masjid": a landmark stands for the dusun the form asks
# ("Boleh tulis patokan rumah"); "dudu tonggo cedhak banget" is none.
_LANDMARK = re.compile(
    r"\b(cedhak|cedak|celak|dekat|dkt|depan|ngarep|sebelah|samping|belakang|mburi)\s+"
    r"(?!(?:banget|bgt|sekali|pol|tenan|sini|kene|situ|kono|kok|aku|saya)\b)"
    # "ada bumil di dekat rumah (saya)": the reporter's own house is no landmark of hers
    r"(?!(?:rumah|omah|griya)(?:ku|e)?(?:\s+(?:saya|sy|aku|kulo|kula|isun))?\s*(?:[,.;!?\n]|$))"
    r"([a-z][a-z0-9]*(?:\s+[a-z0-9]+){0,2})"
    r"(?=[,.;!?\n]|$)", re.IGNORECASE)
_DUSUN = re.compile(r"\b(?:dsn|dusun|dhusun)\.?\s+([A-Za-z][\w ]*?(?:\s+RT\.?\s*\d+(?:\s*/\s*(?:RW\.?\s*)?\d+)?)?)"
                    r"(?=[,.;\n]|\s+(?:desa|ds|kec)\b|$)", re.IGNORECASE)
_SC = re.compile(r"\b(riwayat\s+)?(sc|sesar|caesar|cesar|operasi\s+sesar)\b", re.IGNORECASE)
_HIGH_BP = re.compile(r"\b(tensi|td|tekanan\s+darah)\s*(tinggi|\d{3}\s*/\s*\d{2,3})|\bdarah\s+tinggi\b|\bhipertensi\b",
                      re.IGNORECASE)
_SWELLING = re.compile(r"\bbengkak", re.IGNORECASE)
_NOW_FACTORS = [
    (re.compile(r"\b(kembar|gemeli|gemelli|twin)\b", re.IGNORECASE), "hamil_kembar"),
    (re.compile(r"\bsungsang\b", re.IGNORECASE), "letak_sungsang"),
    (re.compile(r"\b(letak\s+)?lintang\b", re.IGNORECASE), "letak_lintang"),
    (re.compile(r"\b(anemia|kurang\s+darah|hb\s+rendah)\b", re.IGNORECASE), "penyakit_kurang_darah_malaria"),
]
# Who reports, as the first message says it ("tetangga sy lagi hamil", "istri saya hamil").
_REPORTER = [
    (re.compile(r"\b(tetangga|tonggo|tonggone)\w*\b", re.IGNORECASE), "tetangga"),
    # "rabi isun lagi meteng" (Osing: my wife; round 17: taken for the mother herself), "bine engkok" (Madurese)
    (re.compile(r"\b(istri|istriku|bojo|bojoku|menantu|mantu|adik|adikku|kakak|mbak\s*yu|anak\s+(saya|sy|ku)|rabi|"
                r"rabine|garwa|garwo|bini|bine|binik|estri)\b", re.IGNORECASE), "keluarga"),
    (re.compile(r"\b(kader|posyandu)\b", re.IGNORECASE), "kader"),
    # last: 'saya lagi hamil' is the mother herself, unless a relative or neighbour is named
    (re.compile(r"\b(saya|aku|kulo|kula|sy|isun|engkok)\s+(sedang\s+|lagi\s+|lg\s+|se\s+)?(hamil|meteng|mbobot|ngandheg|ngandung)\b", re.IGNORECASE), "ibu_sendiri"),
]


def dusun_in(text: str | None) -> str | None:
    """'Jambewangi, dusun Krajan RT 02' -> 'Krajan RT 02' (a dusun named with the desa), else None."""
    m = _DUSUN.search(text or "")
    return " ".join(m.group(1).split()) if m else None


# "jalan di dusun Krajan rusak", "lampu dsn sumberejo rt 02 mati": a dusun's name inside a story
_DUSUN_IN_STORY = re.compile(r"\b(?:dusun|dsn|dhusun)\.?\s+([A-Za-z]{3,})((?:\s*,?\s*(?:rt|rw)\.?\s*\d{1,3})*)", re.IGNORECASE)
_NO_DUSUN_NAME = frozenset({"kami", "kita", "saya", "sy", "aku", "kula", "ini", "itu", "iki", "iku", "sini", "situ",
                            "sebelah", "sana", "lain", "tetangga", "sing", "yang", "yg", "kulo", "niki", "kene", "kono",
                            "sebelahe", "dewe", "sendiri", "setempat", "tersebut", "rumah", "omah"})


def dusun_in_story(text: str | None) -> str | None:
    """The dusun a story names ("jalan di dusun krajan rusak parah" -> "Krajan"; "dsn sumberejo rt
    02" -> "Sumberejo RT 02"); None for "warga dusun kami" or no dusun."""
    m = _DUSUN_IN_STORY.search(text or "")
    if not m or m.group(1).lower() in _NO_DUSUN_NAME:
        return None
    rt = re.sub(r"\s+", " ", m.group(2) or "").replace(",", "").strip()
    rt = re.sub(r"\b(rt|rw)\.?\s*", lambda x: x.group(1).upper() + " ", rt, flags=re.IGNORECASE)
    return " ".join([m.group(1).title(), rt]).strip()


def landmark_in(text: str | None) -> str | None:
    """'omahe nang desa Kemiren cedhak masjid' -> 'cedhak masjid', else None."""
    m = _LANDMARK.search(text or "")
    return " ".join(m.group(0).split()) if m else None


_NOT_SELF = frozenset({"lagi", "sedang", "mau", "hamil", "meteng", "sudah", "udah", "wis", "wes", "baru", "ingin",
                       "pengen", "kader", "bidan", "istri", "suami", "tetangga", "dari", "warga", "orang", "ibu"})


def _age_in(text: str) -> int | None:
    """The mother's age: "41 th", "umur 36", "umure selawe an", "tiga puluh tujuh tahun",
    Madurese "omorra dua polo lema' taon" (round 24: asked again)."""
    text = re.sub(r"(?<=[a-z])'", "", text, flags=re.IGNORECASE)
    for m in (_AGE.search(text), _AGE_PREFIX.search(text), _AGE_WORDS.search(text)):
        if m:
            raw = m.group(1)
            if re.search(r"hamil|kandung|minggu|bulan|mgg|bln|wulan|sasi|anak", raw, re.IGNORECASE):
                continue  # "usia kehamilan dua puluh minggu" is no age of hers
            age = int(raw) if raw.isdigit() else words_to_int(raw)
            if age is not None and 12 <= age <= 60:
                return age
    return None


def pregnancy_fields(text: str | None) -> dict:
    """Slot candidates of the pregnancy report found in ``text`` (only what it names)."""
    text = text or ""
    found: dict = {}
    m = _NAME.search(text)
    titled = _TITLED_MOTHER.search(text) or _REPORT_TITLED.search(text) or _KIN_NAMED.search(text)
    herself = _SELF_NAMED.search(text)
    name = (person_name(m.group(1), titles=True) if m else None) or \
        (person_name(" ".join(filter(None, titled.groups()))) if titled else None)
    self_named = not name and herself and herself.group(1).split()[0].lower() not in _NOT_SELF
    if self_named:
        name = person_name(herself.group(1))
    if name:
        found["hml_mother_name"] = name
    if (age := _age_in(text)) is not None:
        found["hml_age"] = str(age)
    m = _GRAVIDA.search(text)
    if m:
        found["hml_gravida"] = m.group(1)
        if m.group(2) is not None:
            found["hml_children"] = m.group(2)
    elif (m := _GRAVIDA_WORDS.search(text)):
        found["hml_gravida"] = str(1 if m.group(2) else words_to_int(m.group(1)) or m.group(1))
    if "hml_children" not in found and (m := _CHILDREN.search(text)):
        children = words_to_int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        if children is not None:
            found["hml_children"] = str(children)
            found.setdefault("hml_gravida", str(children + 1))
    m = _GESTATION.search(text) or _LATE.search(text)
    if m:
        found["hml_gestation"] = f"{m.group(1)} {m.group(2)}"
    elif (m := _GESTATION_WORDS.search(text)):
        found["hml_gestation"] = " ".join(m.group(1).split())
    if (dusun := dusun_in(text) or landmark_in(text)):
        found["hml_dusun"] = dusun
    reporter = next((who for pattern, who in _REPORTER if pattern.search(text)), None) or \
        ("ibu_sendiri" if self_named and name else None)  # "sy Ratna umur 36": she writes herself
    if reporter:
        found["hml_reporter"] = reporter
    if (phone := phone_in(text)):  # "HP suami 081336781122": the number to reach her
        found["hml_contact"] = phone
    if _SC.search(text):
        found["hml_risk_b"] = ["pernah_operasi_sesar"]
    now = []  # this pregnancy's factors the report names ("tensi tinggi, bengkak, kembar")
    if _HIGH_BP.search(text) or (_SWELLING.search(text) and re.search(r"\btensi|\btd\b", text, re.IGNORECASE)):
        now.append("bengkak_tekanan_darah_tinggi")
    for pattern, factor in _NOW_FACTORS:
        if pattern.search(text):
            now.append(factor)
    if now:
        found["hml_risk_c"] = sorted(set(now))
    return found


# Who asks for Rantang Kasih, as the first message says it ("mbah tetangga saya", "nenek saya").
_RKS_REPORTER = [
    (re.compile(r"\b(tetangga\w*|tonggo\w*|tangga(ku|ne|mu|ne)|tanggan\w+)\b", re.IGNORECASE), "tetangga"),
    (re.compile(r"\b(mbah|simbah|nenek|kakek|ibu|bapak|bapa|emak|mak|bude|pakde|paman|bibi|mertua)\s*(saya|sy|ku|kula|kulo)\b",
                re.IGNORECASE), "keluarga"),
    (re.compile(r"\b(kader|pak\s+rt|bu\s+rt|ketua\s+rt|rt\s+\d+\s+sini)\b", re.IGNORECASE), "rt_kader"),
]


# The elder as the request names them: "mbah painah", "nenek Sumini", "jenenge Kasiman".
_RKS_TITLE = r"(?:mbah|simbah|mbok|nenek|nek|kakek|kek|eyang|embah|mak|pak|bu|bapak|ibu)"
_RKS_NOT_NAME = frozenset({
    "saya", "sy", "ku", "kula", "kulo", "e", "ne", "iku", "niki", "niku", "sing", "yang", "umur", "umure", "usia",
    "yuswane", "urip", "hidup", "tinggal", "wedok", "lanang", "kakung", "putri", "putra", "dewe", "sendiri", "kami",
    "rt", "rw", "kades", "lurah", "kasun", "wonge", "orang", "sudah", "wis", "sampun", "lagi", "sakit", "loro",
    "tetangga", "tonggo", "tanggi", "tanggaku", "nang", "di", "ing", "teng", "dari", "soko", "kalian", "iki", "itu",
    "ini", "beliau", "piyambak", "dhewe", "tua", "sepuh", "miskin", "mlarat", "kurang", "ora", "gak", "tidak",
    # krama and Osing words that follow "simbah" in a sentence: "simbah gesang piyambakan" (lives alone)
    "gesang", "gerah", "sare", "tilem", "sanget", "isun", "ingsun", "riko", "hang", "salah", "keliru", "lepat",
    "menika", "saiki", "sakmenika", "sakniki", "kuwi", "wau", "tadi", "nggih", "wadon"})
_RKS_NAMED = re.compile(r"\b(?:jenenge|jenengipun|namine|namanya|namane|asmane|asmanipun|nyamana|nama)\s*:?\s+([A-Za-z' ]+?)"
                        r"(?=[,.;\n]|\s+(?:umur|umure|usia|yuswane|wonge|urip|hidup|tinggal|omahe|rumahnya|"
                        r"griyane|nang|di|teng)\b|$)", re.IGNORECASE)
_RKS_TITLED = re.compile(rf"\b((?i:{_RKS_TITLE}))\s+([A-Za-z']{{3,}})(?:\s+([A-Z][a-z']{{2,}}))?")
# "umure pitungpuluh limo an", "usia 80 th", "yuswane 78": the age
_RKS_AGE = re.compile(r"\b(?:umurnya|umure|umur|usianya|usia|yuswanipun|yuswane|yuswa)\b\s*:?\s*(?:sekitar|kira2|kira-kira|"
                      r"kinten2|kinten-kinten|wis|sudah|sampun)?\s*([a-z0-9 ]+?)\s*(?:an\b|taun|tahun|th|thn|[,.;\n]|$)",
                      re.IGNORECASE)
_RKS_AGE_SUFFIX = re.compile(r"\b(\d{2,3})\s*(?:th|thn|tahun|taun)\b", re.IGNORECASE)
# Lives alone: "urip dewe", "hidup sendiri", "tinggal sendirian", "sebatang kara" (not after a "not")
_RKS_ALONE = re.compile(r"(?<!gak )(?<!ora )(?<!tidak )(?<!mboten )\b(urip|hidup|tinggal|manggon|dunung|gesang)\s+"
                        r"(dewe|dhewe|dewean|dewekan|sendiri|sendirian|piyambak|piyambakan)\b|\bsebatang\s*kara\b",
                        re.IGNORECASE)
# Bedridden: "sing iso tangi teko kasur" (Osing: cannot get up), "cuma bisa berbaring", "lumpuh"
# krama "mboten saged mlampah malih, namung saged tilem wonten ing amben" and "mung turu bae" (round 20)
_RKS_BEDRIDDEN = re.compile(r"\b(sing|ora|gak|ndak|mboten|tidak|tdk|nggak|gk)\s+(iso|isa|bisa|saged|biso)\s+"
                            r"(tangi|mlaku|mlampah|jalan|bangun|ngadeg|berdiri|wungu)\b|\bberbaring\b|\blumpuh\b|"
                            r"\bstroke\b|\b(turu|tilem|sare)\s+(terus|ae|wae|bae|tok|thok|mawon|kemawon)\b|"
                            r"\b(namung|mung|cuma|hanya)\s+(saged\s+|iso\s+|bisa\s+)?(turu|tilem|sare|tidur)\b",
                            re.IGNORECASE)


def bedridden(text: str | None) -> bool:
    """Whether the words say the elder cannot get up or walk ("sing iso tangi", "lumpuh")."""
    return _RKS_BEDRIDDEN.search(text or "") is not None


def _elder_name(text: str) -> str | None:
    m = _RKS_NAMED.search(text)
    if m and m.group(1).split()[0].lower() not in _RKS_NOT_NAME:
        return m.group(1).strip()
    for m in _RKS_TITLED.finditer(text):
        if m.group(2).lower() in _RKS_NOT_NAME:
            continue
        words = [m.group(1), m.group(2)] + ([m.group(3)] if m.group(3) and m.group(3).lower() not in _RKS_NOT_NAME
                                            else [])
        return " ".join(w.capitalize() for w in words)
    return None


def rantang_fields(text: str | None) -> dict:
    """Slot candidates of the Rantang Kasih request found in ``text``: who asks, and what it
    already says of the elder (name, age, living alone, bedridden), so none is asked again."""
    text = text or ""
    found: dict = {}
    reporter = next((who for pattern, who in _RKS_REPORTER if pattern.search(text)), None)
    if reporter:
        found["rks_reporter"] = reporter
    if (name := _elder_name(text)):
        found["rks_name"] = name
    m = _RKS_AGE.search(text) or _RKS_AGE_SUFFIX.search(text)
    if m:
        found["rks_age"] = m.group(1).strip()
    if _RKS_ALONE.search(text):
        found["rks_alone"] = "ya"
    if bedridden(text):
        found["rks_health"] = "3"
    poor, no_cook = bool(_RKS_POOR.search(text)), bool(_RKS_NO_COOK.search(text))
    if poor or no_cook:  # "urip dewekan, gak iso masak" (round 25: asked again)
        found["rks_poor"] = "3" if poor and no_cook else "1" if poor else "2"
    return found


# Who reports, when the sender is an officer of the directory.
REPORTER_OF_ROLE = {"bhabinkamtibmas": "bhabinkamtibmas"}


# The facts of a complete report kept on an emergency case it became (round 10 F8: an officer's
# "an. Sdri. WATINI, 41 th, G5, riwayat SC, ... HP suami 0812..." kept only its danger signs).
_REPORT_KEYS = (("hml_mother_name", "mother_name"), ("hml_age", "age"), ("hml_gravida", "pregnancy_number"),
                ("hml_children", "children"), ("hml_gestation", "gestation"), ("hml_dusun", "dusun"),
                ("hml_contact", "contact_phone"))


_BP_READING = re.compile(r"\b(?:td|tensi|tensine|tekanan\s+darah)\s*:?\s*(\d{2,3})\s*/\s*(\d{2,3})\b", re.IGNORECASE)


def report_facts(text: str | None) -> dict:
    """The case fields a report names (``mother_name``, ``age``, ``pregnancy_number``, ...,
    ``history``), when it names at least two of them; else {}."""
    found = pregnancy_fields(text)
    facts = {key: found[slot] for slot, key in _REPORT_KEYS if found.get(slot)}
    if (bp := _BP_READING.search(text or "")):  # the reading itself, not only the sign's threshold
        facts["blood_pressure"] = f"{bp.group(1)}/{bp.group(2)}"
    if facts.get("contact_phone"):
        facts["contact_phone"] = indonesian_mobile(facts["contact_phone"]) or facts["contact_phone"]
    history = [*(found.get("hml_risk_b") or []), *(found.get("hml_risk_c") or [])]
    if history:
        facts["history"] = history
    return facts if len(facts) >= 2 else {}



# What a villager says of the elder at the summary, in sentences (round 18 M6: "Mbah Painah
# yuswanipun 78, dalemipun Dusun Krajan RT 03. Piyambakipun mboten mampu lan sampun mboten saged
# masak, asring gerah nanging taksih saged mlampah" was stored whole as the dusun).
_NOT = r"(?:ora|mboten|boten|tidak|tdk|gak|ga|nggak|ndak|sing|sampun\s+mboten|wis\s+ora|wes\s+gak|udah\s+gak)"
_RKS_POOR = re.compile(rf"\b(?:{_NOT}\s+mampu|kurang\s+mampu|miskin|mlarat|kekurangan)\b", re.IGNORECASE)
_RKS_NO_COOK = re.compile(rf"\b{_NOT}\s+(?:iso|isa|bisa|saged|biso|kuat)\s+(?:masak|mangsak|olah|ngolah)\w*",
                          re.IGNORECASE)
_RKS_ILL = re.compile(r"\b(?:sakit|sakit2an|gerah|loro|lara|lemah|sering\s+pusing)\b", re.IGNORECASE)


def rantang_facts(text: str | None) -> dict:
    """Every field of the elder a message names: ``rantang_fields`` and the dusun, whether poor or
    unable to cook (``rks_poor`` as its menu number), ill but walking (``rks_health`` 2)."""
    text = text or ""
    found = {k: v for k, v in rantang_fields(text).items() if k != "rks_reporter"}
    if (dusun := dusun_in(text)):
        found["rks_dusun"] = f"Dusun {dusun}"
    if "rks_health" not in found and _RKS_ILL.search(text):
        found["rks_health"] = "2"
    return found
