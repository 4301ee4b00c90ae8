"""A complaint against the village office itself: its officials, its office, its aid, above
all a levy ("ngurus surat pindah di kantor desa dimintai uang 200rb sm pak carik"). Pure; the
complaint form routes such complaints above the accused office (actions/complaints.py) and the
pipeline opens the complaint for a levy story the NLU might take for something else."""
from __future__ import annotations

import re

# A complaint against the village office itself: its officials, its office, its aid.
_VILLAGE_OFFICE = re.compile(
    r"\b(kantor\s*desa|kades|kepala\s*desa|pak\s*lurah|bu\s*lurah|lurah|carik|sekdes|sekretaris\s*desa|"
    r"perangkat(\s*desa)?|kasun|kamituwo|kepala\s*dusun|petinggi|petugas\s*desa|operator\s*desa|aparat\s*desa|"
    r"pihak\s*desa|orang\s*desa|(oleh|dari|sama|sm|ama)\s*desa|blt\s*(dana\s*)?desa|blt[-\s]?dd|"  # the village's own aid
    r"desa\s*(minta|meminta|motong|memotong|menahan|nahan|"
    r"tidak\s*(memberi|kasih|ngasih|membagi)))\b",
    re.IGNORECASE,
)
_LEVY = re.compile(
    r"\b(pungli|pungutan|(di)?mint(a|ai)\s*(uang|duit|bayar|biaya)|minta\s*(uang|duit)|suruh\s*bayar|disuruh\s*bayar|"
    r"bayar\s*(uang|\d)|uang\s*(rokok|pelicin|administrasi|adm)|biaya\s*(tambahan|pengurusan)|dipotong|potongan|"
    r"\d+\s*(rb|ribu|rebu|ewu|ewon|ebu|k|jt|juta)\b|sogok|suap|"
    # Madurese: "e soro' majar pesse 150 ebu" (told to pay 150 thousand, round 10)
    r"(e\s*)?soro'?\s*majar|majar\s*pesse|"
    # Javanese: "dijaluki duwit 75 ewu", "njaluk dhuwit", "kon mbayar"
    r"(di)?jalu?ki?\s*(duwit|dhuwit|uang|bayar|ragat)|njaluk\s*(duwit|dhuwit|uang)|kon\s*mbayar|dikon\s*mbayar)",
    re.IGNORECASE,
)


def against_village_office(text: str | None) -> str | None:
    """'desa_pungli' for a levy by village officials, 'desa_layanan' for another complaint
    against the village office (bad service, aid withheld), else None."""
    text = text or ""
    levy = _LEVY.search(text)
    if levy and re.search(r"\bdesa\b", text, re.IGNORECASE):
        return "desa_pungli"  # "pungli di desa", "ngurus surat di desa dimintai uang"
    if not _VILLAGE_OFFICE.search(text):
        return None
    return "desa_pungli" if levy else "desa_layanan"


_STORY = re.compile(r"\b(kemarin|kemaren|wingi|tadi|td|lapor|ngadu|mengadu|aduan|pengaduan|dimintai|dimintain|"
                    r"disuruh|suruh|katanya|jarene|jare|soro|esoro|kuitansi|kwitansi)\b", re.IGNORECASE)


def levy_story(text: str | None) -> bool:
    """A villager telling of a levy at the village office (a story, not a one-line question
    about a fee): "kemarin sy ngurus surat pengantar di kantor desa, dimintai uang 50 ribu"."""
    text = text or ""
    return (against_village_office(text) == "desa_pungli" and len(text.split()) >= 8
            and bool(_STORY.search(text)))
