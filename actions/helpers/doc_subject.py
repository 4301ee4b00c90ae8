"""Whom a document is for, when it is not the applicant (pure): the child of an akta kelahiran
or a KIA, the deceased of an akta kematian (round 11 L5: an akta "a.n." the father, the child's
name never asked)."""
from __future__ import annotations

import re

from actions.helpers.answers import person_name
from actions.tracker import PHOTO_KEPT

QUESTIONS = {
    "akta_kelahiran": "Siapa nama anak yang dibuatkan akta? Bila belum ada nama, balas BELUM.",
    "kia": "Siapa nama anak untuk KIA?",
    "akta_kematian": "Siapa nama almarhum/almarhumah?",
}
INVALID = "Mohon tulis namanya saja, contoh: Muhammad Rizky. Bila belum ada nama, balas BELUM."
NO_NAME_YET = "(belum diberi nama)"
# "belum", "durung ono jenenge mas, isih dirembug karo mbahe" (round 12: the reason became the name)
# "durung ana jenenge mas, bapake durung milih", "bayine durung dijenengi" (round 15: asked twice)
_NOT_YET = re.compile(r"^\W*((anak|bayi|putra|putri)\w*\s+)?(belum|blm|durung|dereng|gurung|during)"
                      r"(\s+(ada|ana|ono|onok|enek|wonten|enten|punya|duwe|nduwe|gadhah|diberi|dikasih|dijenengi|"
                      r"dijenengke|dikasih\s+nama|diparingi))?"
                      r"(\s+(nama|nami|jeneng|asma)\w*)?(\W*$|\s*[,.]|\s+(mas|mbak|pak|bu|kok|nggih|yo|ya)\b)", re.IGNORECASE)
# "almarhum Bapak Sukiman", "swargi mbah Painah" (round 19: stored with the honorifics): the name alone
_LATE_TITLES = re.compile(r"^\W*(?:(?:almarhum|almarhumah|alm|almh|marhum|marhumah|mendiang|swargi|suwargi|"
                          r"(?:bapak|ibu)\s+kula|bapak|bapake|pak|ibu|ibuke|bu|mbah|simbah|mbok|kakek|nenek|eyang|"
                          r"mak|embah)\.?\s+)+(?=[A-Za-z]{3,})", re.IGNORECASE)
_HERSELF = re.compile(r"^\W*(saya|sy|aku|kulo|kula|isun)\s*(sendiri|dewe|dhewe|piyambak)\W*$", re.IGNORECASE)


def photo_kept(document_type: str | None) -> str:
    """A photo sent at the name question ("iki surat keterangan kematian saking desa", round 19:
    its caption was called a bad name): kept, and the name asked again."""
    return f"{PHOTO_KEPT} {QUESTIONS.get(document_type or '', '')}".strip()


def needs_subject(document_type: str | None) -> bool:
    return document_type in QUESTIONS


def subject_answer(text: str | None, applicant: str | None) -> str | None:
    """The name the answer gives ("Muhammad Rizky", "anake jenenge Bagus"), ``NO_NAME_YET`` for
    "belum", the applicant for "saya sendiri"; None when it names nobody."""
    text = " ".join((text or "").split())
    if _NOT_YET.match(text):
        return NO_NAME_YET
    if _HERSELF.match(text):
        return applicant
    if (named := named_in_request(text)):  # "sepurane pak ... jeneng anakku Muhammad Alfarizi" (round 21)
        return named
    if (late := _LATE_TITLES.match(text)):
        text = text[late.end():]
    name = person_name(text, titles=True)  # "anake jenenge Bagus": the one name rule reads past "jenenge"
    # "sampun kula serat wau, almarhum Bapak Sukarno" (round 21: "Almarhum Bapa."): the titles in any part
    return _LATE_TITLES.sub("", name) if name else None


# "jeneng anakku Muhammad Rizky Pratama", "nama anak saya Dewi", "anake jenenge Bagus": the child
# named in the request itself
_CHILD_NAMED = re.compile(r"\b(?:(?:jeneng|nama|nami|asma)\s+(?:anak|putra|putri|bayi)\w*(?:\s+(?:saya|sy|kula|kulo|"
                          r"aku|isun))?|(?:anak|bayi|putra|putri)\w*\s+(?:jenenge|namanya|namane|asmane|asmanipun))"
                          r"\s*:?\s+([A-Za-z' ]+?)(?=[,.;!?\n]|$)", re.IGNORECASE)


# "anak kula lair wingi dinten senen, jenenge Muhammad Rizky Pratama" (round 25: asked again): the
# child, then "his name is" a few words on
_CHILD_THEN_NAMED = re.compile(r"\b(?:anak|bayi|putra|putri|lare|ana')\w*\b[^.;!?]{0,60}?\b(?:jenenge|namanya|namane|"
                               r"asmane|asmanipun|nyamana)\s*:?\s+([A-Za-z' ]+?)(?=[,.;!?\n]|$)", re.IGNORECASE)


def named_in_request(text: str | None) -> str | None:
    """The child's name a document request already says, else None."""
    m = _CHILD_NAMED.search(text or "") or _CHILD_THEN_NAMED.search(text or "")
    return person_name(m.group(1), titles=True) if m else None


# "nami kula Sumarni", "nama saya Dewi Rahma dari desa Kandangan", "jenengku Slamet": the
# applicant names themself in the request (round 23: asked again)
_SELF_NAMED = re.compile(r"\b(?:(?:nama|nami|jeneng|asma|nyama)\s+(?:saya|sy|kula|kulo|aku|isun|kaula|engkok)|namaku|"
                         r"jenengku|namine\s+kula)\s*:?\s+([A-Za-z' ]+?)"
                         r"(?=[,.;!?\n]|$|\s+(?:dari|saking|teka|tekan|soko|nang|ning|di|teng|desa|ds|umur|nik|nomer|"
                         r"nomor|alamat|mau|badhe|arep|ajeng|pengen)\b)", re.IGNORECASE)


def applicant_in_request(text: str | None) -> str | None:
    """The applicant's own name a document request already says, else None."""
    m = _SELF_NAMED.search(text or "")
    return person_name(m.group(1), titles=True) if m else None


# What an SKTM is for ("sktm kanggo daftar sekolah anakku", "buat berobat ke RS", "damel
# beasiswa"): the village writes the purpose on the letter; said in the request, it is kept
# for the operator, never asked (round 20: SKTM purpose lost).
_PURPOSE = re.compile(r"\b(?:untuk|utk|buat|bwt|kanggo|kangge|gawe|damel|kagem|keperluan|keperluane|perlune|"
                      r"dienggo|dinggo)\s+(.{3,80}?)(?=[,.;!?\n]|\s+(?:pak|bu|mas|mbak|min|nggih|yo|ya)\b|$)",
                      re.IGNORECASE)
_PURPOSE_WORDS = re.compile(r"\b(sekolah\w*|kuliah|beasiswa|kip|pip|kis|bpjs|jkn|daftar\w*|ndaftar\w*|berobat|obat|"
                            r"rumah\s+sakit|rs|rsud|puskesmas|operasi|opname|rawat\w*|ukt|spp|keringanan|bantuan|"
                            r"bansos|pkh|kerja|lamaran|pengadilan|sidang|lahiran|persalinan|cuci\s+darah)\b",
                            re.IGNORECASE)


def purpose_in(*texts: str | None) -> str | None:
    """The purpose a request names, from the first text that names one with a purpose word; in
    a text the last one ("mboten sido kangge sekolah ... kangge rumah sakit mawon": a change of mind)."""
    for text in texts:
        named = [" ".join(found.group(1).split()) for found in _PURPOSE.finditer(text or "")]
        named = [words for words in named if _PURPOSE_WORDS.search(words)]
        if named:
            return named[-1]
    return None
