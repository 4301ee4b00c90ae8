"""A new request for a service, said in words (pure): "aku pengen lapor ibu hamil siji maneh",
"mau bikin ktp". A reply to an officer that opens a new request is no reply: the pipeline
hands it to Rasa instead of forwarding it on the old case (bot/followup.py)."""
from __future__ import annotations

import re

_WANT_WORDS = "mau|ingin|pengen|pingin|kepingin|arep|ajeng|minta|tolong|sekalian|juga"
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
