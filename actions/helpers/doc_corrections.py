"""The document form's confirmation menu and the fields a correction names (pure)."""
from __future__ import annotations

import re

from actions.forms import UNKNOWN
from actions.helpers import catalogue
from actions.helpers import doc_subject as subject
from actions.side_questions import summary_answer
from actions.tracker import PHOTO_KEPT
from bot.core.sms import cut_to_segment, one_segment

_CORRECTION_WORDS = {
    "dokumen": "1", "jenis": "2", "nama": "3", "nik": "4", "desa": "5", "kelurahan": "5", "alamat": "5",
}


def confirm_options(document_type: str | None) -> str:
    if document_type in catalogue.VARIANT_DOCS:
        return "1 dokumen 2 jenis 3 nama 4 NIK 5 desa"
    return "1 dokumen 3 nama 4 NIK 5 desa"


def correction_prompt(document_type: str | None, *, photo: bool = False, said: str | None = None) -> str:
    """The menu again after an answer that is neither YA nor a field; with a photo sent unasked,
    that it is kept first; a question of theirs (``said``: "biayane pinten?") answered first."""
    if (known := summary_answer(said, "document_form")):
        return f"{known} Data di atas benar? Balas YA, atau ubah: {confirm_options(document_type)}."
    if photo:
        return f"{PHOTO_KEPT} Data di atas benar? Balas YA, atau ubah: {confirm_options(document_type)}."
    return f"Bagian mana yang mau diubah? Balas {confirm_options(document_type)}. Balas YA bila sudah benar."


def field_of(text: str, doc: str | None) -> str | None:
    """The correction number a message names in words ("namane", "desanya", "nik e") or by a
    NIK's shape ("ingkang leres 3510081407880012"); None when it names none."""
    words = set(re.findall(r"[a-z]+", text))
    key = next((n for word, n in _CORRECTION_WORDS.items()
                if words & {word, f"{word}nya", f"{word}ne", f"{word}e", f"{word}ku", f"{word}mu"}), None)
    if key == "2" and doc not in catalogue.VARIANT_DOCS:
        key = "1"
    if key is None and re.search(r"\d{16}", re.sub(r"[\s.-]", "", text)):
        key = "4"
    return key


# The end of the summary, and a shorter one when the names would not fit otherwise.
_TAILS = ("Benar? Balas YA, atau ubah: {opts}.", "YA bila benar, atau ubah: {opts}.")


def confirm_question(slots: dict) -> str:
    """'KTP-el hilang a.n. Siti, NIK 3510..., Desa X. Benar? ...' within 160 chars. Names are
    shown whole where they can be (round 20: "a.n. Muhammad Rizk." was read as a mistake): the
    shorter ending, then the applicant's name, then an unknown NIK go first; a cut name is last."""
    doc = slots.get("document_type")
    label = catalogue.label(doc, slots.get("doc_variant"))
    name = slots.get("applicant_name") or "-"
    village = slots.get("village") or "-"
    whom = slots.get("doc_subject") if subject.needs_subject(doc) else None
    nik = "belum tahu" if slots.get("nik") == UNKNOWN else slots.get("nik")

    def cut(words: str, n: int) -> str:
        return words if len(words) <= n else words[: n - 1].rstrip() + "."

    if whom:  # the child's or the deceased's name first; the applicant as far as it fits
        forms = [f"{whom}, pemohon {name}, NIK {nik}", f"{whom}, pemohon {name.split()[0]}, NIK {nik}",
                 f"{whom}, NIK pemohon {nik}"] + ([f"{whom}, NIK belum tahu"] if nik == "belum tahu" else []) + \
            [f"{cut(whom, 14)}, NIK pemohon {nik}"]
    else:
        forms = [f"{cut(name, n)}, NIK {nik}" for n in (60, 24, 14)]
    text = ""
    for who in forms:
        for tail in _TAILS:
            text = f"{label[:1].upper()}{label[1:]} a.n. {who}, Desa {village}. {tail.format(opts=confirm_options(doc))}"
            if one_segment(text):
                return text
    return cut_to_segment(text)
