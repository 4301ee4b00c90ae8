"""A new request for a service, said in words (pure): "aku pengen lapor ibu hamil siji maneh",
"mau bikin ktp". A reply to an officer that opens a new request is no reply: the pipeline
hands it to Rasa instead of forwarding it on the old case (bot/followup.py)."""
from __future__ import annotations

import re

_WANT = r"(mau|ingin|pengen|pingin|kepingin|arep|ajeng|minta|tolong|sekalian|juga)"
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
