"""One answer, several fields (pure): the questions that ask two things at once.

Every SMS costs the villager money, so a form asks two things in one question where people
naturally answer both ("Siapa nama dan umur ibu? Contoh: Siti Aminah, 30 th"). Each
function here splits such an answer into the raw answers of its slots; the form validates
each part with that slot's own validator (``ServiceFormMixin``), and a part that is missing
or does not validate is simply asked on its own later. Nothing here is trusted more than a
typed answer to the slot's own question.
"""
from __future__ import annotations

import re

from bot.core.numbers import words_to_int
from nlu.yes_no import yes_no

# --------------------------------------------------------------------------- age

_AGE = re.compile(
    r"(?:\b(?:umur(?:nya|e)?|usia(?:nya)?|yuswa(?:nipun)?|omor(?:ra|re|reh|na)?)\s*:?\s*)?"
    r"(?:\b(?:kira2|kira-kira|kira|kiro2|sekitar|kurang\s+lebih|kurleb|sekitaran|\+-|±)\s*)?"
    r"(?<![\d/.-])\b(\d{2,3})(?:\s*-?\s*an)?(?!\s*(?:bulan|bln|minggu|mgg|mg|hari|cm|kg|rb|ribu|jt|%|[/.-]\d))"
    r"(?:\s*(?:th|thn|tahun|taun|tahunan|thnan|taon)\b)?",
    re.IGNORECASE,
)
_AGE_WORDS = re.compile(  # Madurese "omorra salawe taon" too (round 22: the name "Omorra Salawe Taon")
    r"(?:\b(?:umur\w*|usia\w*|yuswa\w*|omor\w*)\s*(?:kira2|kiro2|kinten2|kira-kira|sekitar|kurang\s+lebih)?\s*)?"
    r"\b((?:[a-z]+\s+){0,2}[a-z]+)\s+(?:taun|tahun|th|thn|warsa|taon)(?:an)?\b"
    # or after the word for age with no unit: "yuswane kinten2 telung puluh loro"
    r"|\b(?:umur\w*|usia\w*|yuswa\w*|omor\w*)\s*(?:(?:kira2|kiro2|kinten2|kira-kira|sekitar|wis|sudah|udah|sampun)\s*)*"
    r"((?:[a-z]+\s*){1,4})$",
    re.IGNORECASE,
)
_NOT_AGE_BEFORE = re.compile(r"\b(rt|rw|no|nomor|nomer|ke|g|p|hp|wa)\.?\s*$", re.IGNORECASE)


def split_age(text: str, low: int, high: int) -> tuple[str, str | None]:
    """'Siti Aminah, 30 th' -> ('Siti Aminah', '30'); 'mbah sarinah umure 80an' ->
    ('mbah sarinah', '80'). The rest of the text keeps a comma where the age was; the age
    is None when no whole number in ``low..high`` is there (an RT number is no age)."""
    for m in _AGE.finditer(text or ""):
        if _NOT_AGE_BEFORE.search(text[: m.start(1)]):
            continue
        age = int(m.group(1))
        if low <= age <= high:
            rest = (text[: m.start()] + ", " + text[m.end():]).strip(" ,")
            return rest, str(age)
    # in words: "umure kiro2 selikur taun", "dua puluh lima tahun"
    for m in _AGE_WORDS.finditer(text or ""):
        words = (m.group(1) or m.group(2) or "").split()
        for start in range(len(words)):
            age = words_to_int(" ".join(words[start:]))
            if age is not None and low <= age <= high:
                rest = (text[: m.start()] + ", " + text[m.end():]).strip(" ,")
                return rest, str(age)
    return text, None


# --------------------------------------------------------------------------- pregnancy

_G_P = re.compile(r"\bG\s?(\d{1,2})\s?P\s?(\d{1,2})(?:\s?A\s?\d{1,2})?\b", re.IGNORECASE)
_ORDINAL_WORDS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
                  "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10,
                  "loro": 2, "telu": 3, "papat": 4, "limo": 5, "lima": 5, "enem": 6,
                  # Javanese: "sing kapindo" (the second), "pisanan" (the first)
                  "pisanan": 1, "kapisan": 1, "kapindo": 2, "kaping pindo": 2, "katelu": 3, "kaping telu": 3,
                  "kapapat": 4, "kaping papat": 4, "kalima": 5, "kaping limo": 5,
                  # Osing spells "kapindho"; krama "kaping kalih"; Madurese "kapeng duwa'"
                  "kapindho": 2, "kaping pindho": 2, "kaping kalih": 2, "kaping tiga": 3, "kaping sekawan": 4,
                  "kapeng duwa": 2, "kapeng tello": 3, "kapeng empa": 4, "kaduwa": 2, "katello": 3, "kaempa": 4,
                  "kalema": 5}
_WHICH = re.compile(
    r"(?:\b(?:hamil|anak|kehamilan|meteng|ngandheg)\s+)?(?:\b(?:yang|yg|sing|kang|ingkang|se)\s+)?"
    r"\b(?:ke\s*-?\s*(\d{1,2})\b|(pertama|kesatu|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|"
    r"kesembilan|kesepuluh|pisanan|kapisan|kapindho|kapindo|katelu|kapapat|kalima|kaping pindho|kaping pindo|"
    r"kaping telu|kaping papat|kaping limo|kaping kalih|kaping tiga|kaping sekawan|kapeng duwa|kapeng tello|"
    r"kapeng empa|kaduwa|katello|kaempa|kalema)\b|(?:kaping|kapeng)\s+(loro|telu|papat|limo|lima|enem|dua|tiga|"
    r"empat|duwa|tello|empa|lema|settong|siji|satu|kalih)\b)",
    re.IGNORECASE,
)
_CHILDREN = re.compile(
    r"\b(?:anak(?:nya|e)?|ana'?na|punya|duwe|gadah)\s+(?:sudah\s+|udah\s+|wis\s+|ada\s+|la\s+)?(\d{1,2}|satu|dua|tiga|"
    r"empat|lima|enam|siji|loro|telu|papat|settong|duwa|tello|empa)\b(?!'?\s*(?:bulan|bln|th|tahun|taon|minggu))"
    r"|\b(\d{1,2}|satu|dua|tiga|empat|lima|enam)\s+anak\b"
    r"|\b(belum|blm|durung|dereng)\s+(?:punya|ada|duwe|gadah)\s+anak\b",
    re.IGNORECASE,
)


def pregnancy_numbers(text: str) -> dict:
    """The answer to "Hamil berapa bulan, dan ini hamil ke berapa?": 'hml_gestation' (the
    words left for the gestation parser), 'hml_gravida', 'hml_children' (as raw answers).
    '7 bulan, hamil ke-2' -> gestation '7 bulan', gravida '2'; 'G3P2 30 minggu' -> '30
    minggu', '3', '2'; 'kayaknya 7 bulanan, yang kedua, anak 1' -> ..., '2', '1'."""
    text = text or ""
    found: dict = {}
    rest = text
    if (m := _G_P.search(rest)):
        found["hml_children"], found["hml_gravida"] = m.group(2), m.group(1)  # children first: see the form
        rest = rest[: m.start()] + ", " + rest[m.end():]
    else:
        if (m := _CHILDREN.search(rest)):
            found["hml_children"] = "0" if m.group(3) else (m.group(1) or m.group(2))
            rest = rest[: m.start()] + ", " + rest[m.end():]
        if (m := _WHICH.search(rest)):
            word = (m.group(2) or m.group(3) or "").lower()  # "kapeng dua" (round 24: asked again)
            found["hml_gravida"] = m.group(1) or str(_ORDINAL_WORDS.get(word) or words_to_int(word))
            rest = rest[: m.start()] + ", " + rest[m.end():]
    rest = re.sub(r"\b(iki|ini|sing|yang|yg|iku|itu|hamil|meteng|wis|sudah|udah)\b", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"(?:\s*(?:,|(?<!\w)')\s*)+", ", ", " ".join(rest.split())).strip(" ,.;'")  # the taken parts' commas
    if rest and re.search(r"\d|tt|tahu|tau|hpl|bulan|bln|wulan|sasi|minggu|mgg|lupa|ngerti", rest, re.IGNORECASE):
        found["hml_gestation"] = rest
    return found


# --------------------------------------------------------------------------- who and how to reach

_PHONE = re.compile(r"(?:\+?62|0)[\s.-]?8[\d\s.-]{7,14}\d")
# The number she writes from, the one rule: "nomor ini aja", "sama dgn nomor ini", "nomere iki", "niki
# mawon", "hubungi aku wae" (round 15), "nomerku ae", Madurese "padha, nomer reya" (round 20)
_SAME_NUMBER = re.compile(
    r"\b(nomor|nomer|nmr|no|nomere|nomeripun|hp|wa)\s*(ini|iki|niki|niki\s+mawon|puniki|sing\s+iki|reya|areya|saya|sy|ku)\b"
    r"|^(ini|iki|niki|reya)\s+(aja|ae|wae|mawon|saja|beih|bai)$|\b(sama|padha|podo|sami)\b"
    r"|\b(hubungi|hubungin|hub|telpon|telp|telepon|kontak|sms|wa)\s+(aku|saya|sy|kula|kulo|engkok|sengko)\b"
    r"|\b(nomorku|nomerku|nomor\s+saya|nomer\s+saya|no\s+saya|nomere\s+aku|nomer\s+kula)\b",
    re.IGNORECASE)


def same_number(text: str | None) -> bool:
    """Whether an answer says the number to call is the one it is written from."""
    return bool(_SAME_NUMBER.search(text or ""))
_NO_PHONE = re.compile(
    r"\b(tidak|tdk|gak|ga|gk|nggak|ndak|belum|blm|ora|mboten|ndak)\s*(ada|punya|nduwe|duwe|gadah|wonten|tau|tahu|"
    r"ngerti|ono)\b|\b(tidak|tdk|gak|ga|gk|nggak|ora)\s+(hp|ponsel)\b",
    re.IGNORECASE,
)


def phone_in(text: str | None) -> str | None:
    """The mobile number written in an answer ("iki nomere bojone 0852 3311 4455"), digits only."""
    m = _PHONE.search(text or "")
    return re.sub(r"[\s.-]", "", m.group(0)) if m else None


def reporter_and_contact(text: str) -> dict:
    """The answer to "Anda siapanya ibu, dan no HP ibu?": 'hml_reporter' (the words left)
    and 'hml_contact' ('0' for this number, the number, or 'tidak ada').
    'tetangga, 081234567890' -> reporter 'tetangga', contact '081234567890'."""
    text = text or ""
    found: dict = {}
    rest = text
    if (m := _PHONE.search(rest)):
        found["hml_contact"] = re.sub(r"[\s.-]", "", m.group(0))
        rest = rest[: m.start()] + ", " + rest[m.end():]
    elif (m := _SAME_NUMBER.search(rest)):
        found["hml_contact"] = "0"
        rest = rest[: m.start()] + ", " + rest[m.end():]
    elif (m := _NO_PHONE.search(rest)):
        found["hml_contact"] = "tidak ada"
        rest = rest[: m.start()] + ", " + rest[m.end():]
    rest = rest.strip(" ,.;")
    if rest:
        found["hml_reporter"] = rest
    return found


# --------------------------------------------------------------------------- Rantang Kasih

_NOBODY = re.compile(
    r"\b(tidak|tdk|gak|ga|gk|nggak|ndak|ora|mboten|blm|belum|sing|tak|ta')\s+(ada|ana|ono|onok|wonten|enten)\b"
    r"(\s+(yang|yg|sing|ingkang|hang))?"
    r"(\s+\w+){0,2}|\bsebatang\s*kara\b|\bsendirian\b.*\b(tanpa|gak ada|ga ada)\b",
    re.IGNORECASE,
)
_CARER = re.compile(
    r"\b(ditengok|ditengoki|dijenguk|dirawat|diurus|dirumat|disambangi|nengok|nengoki|menengok|merawat|ngurus|"
    r"ngrawat|ngopeni|diopeni|nyambangi|jenguk|kadang)\b",
    re.IGNORECASE,
)


def alone_and_caregiver(text: str) -> dict:
    """The answer to "Beliau tinggal sendiri? Ada yang menengok?": 'rks_alone' (the words
    about living alone) and 'rks_caregiver' ('tidak ada', or who looks in).
    'sendiri, tidak ada yg merawat' -> alone 'sendiri', caregiver 'tidak ada';
    'sendirian, kadang ditengok cucu' -> 'sendirian', 'kadang ditengok cucu'."""
    text = text or ""
    found: dict = {}
    parts = [p.strip() for p in re.split(r"[,;.]|\b(?:tapi|tp|tetapi|namun|dan|lan)\b", text) if p and p.strip()]
    alone_parts, carer_parts = [], []
    for part in parts:
        nobody = _NOBODY.search(part)
        caring = nobody and re.search(r"\b(merawat|rawat|nengok|tengok|jenguk|urus|ngurus|ngopeni|openi|sambang|"
                                      r"peduli|ngerawat|ngrawat|ngurusi|mengurus|menengok|rumat|ngerumat|ngrumat)",
                                      part, re.IGNORECASE)
        if nobody and (caring or nobody.group(0).strip() == text.strip(" .,!")):
            carer_parts.append("tidak ada")
            if not caring:  # "sing ana" and nothing else (round 21): nobody there, nobody looking in
                alone_parts.append("sendiri")
        elif _CARER.search(part) and not re.search(r"\b(sendiri|sendirian|dhewe|dewean|dewekan)\b", part, re.IGNORECASE):
            carer_parts.append(part)
        else:
            alone_parts.append(part)
    if alone_parts:
        found["rks_alone"] = ", ".join(alone_parts)
    if carer_parts:
        found["rks_caregiver"] = ", ".join(carer_parts)
    return found


# --------------------------------------------------------------------------- the place

_PLACE_FILLER = frozenset({
    "di", "ning", "nang", "ing", "wonten", "dari", "desa", "ds", "kel", "kelurahan", "kec", "kecamatan", "kab",
    "kabupaten", "banyuwangi", "bwi", "sy", "saya", "aku", "kulo", "kami", "kita", "tinggal", "rumah", "rumahnya",
    "rumahe", "omah", "omahe", "alamat", "alamatnya", "alamate", "ibu", "beliau", "mbah", "dia", "pak", "bu", "mas",
    "mbak", "kak", "nggih", "ya", "iya", "itu", "ini", "sini", "yang", "yg", "ada", "lagi", "sekarang", "dan",
    "dengan", "tepatnya", "daerah", "wilayah", "kampung", "kampunge", "lho", "kok", "sih", "deh",
    # an apology for answering late (after the reminder, round 10: "sepurane telat, desa Kemiren pak")
    "sepurane", "sepuranen", "ngapunten", "maaf", "mohon", "sori", "sorry", "telat", "terlambat", "baru", "balas",
    "bales", "wkwk", "hehe", "iki", "niki", "sing", "seng",
    # Madurese and Osing "at" ("e desa Sarongan, dhusun Krajan", round 23: stored "e dhusun Krajan")
    "e", "neng", "teng", "ring", "nok", "ndek", "kaula", "engkok", "isun", "bada", "badha",
    "deso", "desane", "desone",  # "deso kedungringin, dusun sumbersari" (round 25: "deso" stored in the dusun)
    "dhisa", "disa", "dhisana", "dhesa",  # Madurese "desa" ("dhisa Kemiren, dusun Krajan", round 27)
})


_SORRY = re.compile(r"^\W*(maaf|mohon\s+maaf|sepurane|sepuranen|ngapunten|nyuwun\s+ngapunten|sori|sorry)\b",
                    re.IGNORECASE)
_PLACE_START = re.compile(r"\b(desa|ds|dusun|dsn|kel|kelurahan|rt)\b", re.IGNORECASE)


# "I told you already": no place ("lho kan udah tak bilang", "wis tak kandani", "sampun kula matur")
_TOLD = re.compile(r"\b(?:(?:lho|lha|loh|lah|wong|kan|kn|lak|rak)\s+)*(?:(?:udah|sudah|sdh|udh|wis|wes|dah|uwis|sampun|"
                   r"barusan|tadi|mau)\s+)?(?:(?:tak|sy|saya|aku|kulo|kula|isun|dak)\s+)?(?:bilang|bilangin|omong|"
                   r"omongi|kandani|kandhani|sebut|sebutin|tulis|kasih\s+tau|ngomong|matur|ucap|jelasin)\w*\b",
                   re.IGNORECASE)


def place_rest(text: str, names: list[str]) -> str | None:
    """What an answer to "di desa dan dusun mana?" says besides the desa (and kecamatan)
    ``names``: 'Jambewangi, depan masjid' -> 'depan masjid'; 'jambewangi krajan rt 2' ->
    'krajan rt 2'; 'di desa jambewangi pak' -> None. A word spelled close to a name (a typo
    of the desa the resolver forgave) counts as the name."""
    from difflib import SequenceMatcher

    text = _TOLD.sub(" ", text or "")  # "lho kan udah tak bilang, Olehsari" (round 18: the dusun)
    if _SORRY.match(text or ""):  # "maaf pak baru pegang hp, tadi ke sawah. desa Segobang" (round 11)
        place = _PLACE_START.search(text)
        text = text[place.start():] if place else re.split(r"[.,;!?]", text, maxsplit=1)[-1]
    name_words = {w for name in names if name for w in re.findall(r"[a-z]+", name.lower())}
    joined = {"".join(re.findall(r"[a-z]+", name.lower())) for name in names if name}
    text = text or ""
    for name in joined:  # "jambe wangi", "Genteng-Kulon": the name however it is spaced
        text = re.sub(r"[\s-]*".join(name), " ", text, flags=re.IGNORECASE)
    kept: list[str] = []
    for raw in re.findall(r"[A-Za-z]+|\d+(?:\s*/\s*\d+)?", text):
        w = raw.lower()
        if w in _PLACE_FILLER or w in name_words or w in joined:
            continue
        if len(w) >= 5 and any(SequenceMatcher(None, w, n).ratio() >= 0.8 for n in name_words | joined):
            continue
        kept.append(raw)
    if not any(len(w) >= 3 and w.isalpha() for w in kept):
        return None
    return " ".join(kept)


# Words that make a desa named mid-form a statement of where ("NIK 3510..., desa Kemiren")
_WHERE = re.compile(r"\b((desa|deso|dhisa|dusun|kelurahan|kecamatan|alamat|kampung|omah|rumah|griya)(ne|nya|e|ipun)?|ds|dsn|kel|"
                    r"kec|dukuh|tinggal|asal|saking|teko|tekan|dari|di|ning|nang|neng|ring|ndek|nok|wonten|warga)\b",
                    re.IGNORECASE)


def aside(text: str, name: str) -> bool:
    """A desa's name inside other words, said while the form asked something else, with no word
    of place ("umbul umbul blambangan", a song, round 9): no answer about where she lives."""
    return bool(place_rest(text, [name])) and not _WHERE.search(text)


def stray(text: str, name: str) -> bool:
    """A desa's name in a long line that says nothing of a place ("wkwk sori td anakku nyanyi
    'umbul umbul blambangan' keketik", round 10): even as the answer to "which desa?", it is
    proposed for a YA, never taken."""
    first = re.split(r"[.,;!?\n]", text or "", maxsplit=1)[0]
    if place_rest(first, [name]) is None and re.search(r"[a-z]", first.lower()):
        return False  # "jambewangi. tapi ojo nganti bojoku ngerti ...": the desa said first, then the rest
    rest = place_rest(text, [name]) or ""
    return len(re.findall(r"[a-z]{2,}", rest.lower())) >= 5 and aside(text, name)


DUSUN_UNKNOWN = "tidak tahu"


def dusun_said(text: str, names: list[str], named: str | None) -> str | None:
    """The dusun (or landmark) said with the desa ``names`` in an answer, ``named`` being the
    dusun the words "dusun ..." name: 'Jambewangi, dusun Krajan RT 2' -> 'dusun Krajan RT 2';
    "desa Kandangan, dusune gak ngerti aku mbak" -> ``DUSUN_UNKNOWN`` (round 15: stored as the
    dusun's name); None when nothing besides the desa is said."""
    from actions.helpers.answers import is_unknown

    rest = place_rest(text, names)
    if rest and not named and len(rest.split()) <= 3 and yes_no(rest) is True and not is_unknown(rest):
        return None  # "iyo" to "Apakah di Desa Karangsari?" (round 21: the pick-up place "iyo")
    # "dusun sukorejo, omah pager biru ngarepe musholla": the landmark stays with the dusun
    dusun = rest if named and rest and len(rest.split()) > len(named.split()) + 1 else named or rest
    dusun = re.sub(r"\bdhusun\b", "dusun", dusun, flags=re.IGNORECASE) if dusun else dusun  # Madurese spelling
    if dusun and is_unknown(re.sub(r"^\W*(?:dusun|dsn|rt)\w*\s*", "", dusun, flags=re.IGNORECASE)):
        return DUSUN_UNKNOWN
    return dusun


# --------------------------------------------------------------------------- none, and more

_LEAD = re.compile(r"^\s*(?:dadi|jadi|pokoke|intine|intinya|dados|sakniki|wis|ya|yo|iya)\b\W*", re.IGNORECASE)


def none_and_more(text: str, is_none, names_option) -> str | None:
    """An answer of "none" with more said around it ("ora ono, mung wingi muntah-muntah thok,
    saiki wis mari"; "Dhuwure yo biasa wae kaya aku, ora cendhak. ... Dadi ora ana kabeh", rounds
    18 and 19: "Mohon balas nomor yang sesuai"): the other words, for the officer's note, when a
    clause says none (``is_none``) and no other clause names an option (``names_option``); else None."""
    clauses = [c.strip() for c in re.split(r"[,.;!?\n]+", text or "") if c.strip()]
    if len(clauses) < 2:
        return None
    nones = [c for c in clauses if is_none(_LEAD.sub("", c))]
    others = [c for c in clauses if c not in nones]
    if not nones or not others or any(names_option(c) for c in others):
        return None
    return ", ".join(others)
