"""The document form's confirmation menu and the fields a correction names (pure)."""
from __future__ import annotations

import re

from actions.helpers import catalogue
from actions.side_questions import summary_answer
from actions.tracker import PHOTO_KEPT

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
