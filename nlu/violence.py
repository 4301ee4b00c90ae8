"""Disclosures of violence at home, in Indonesian and Javanese (pure): the one rule that the
complaint category (KDRT, with the SAPA 129 line) and the pipeline's net share, so that
"bojoku seneng mukul aku" opens a complaint, never a goodbye."""
from __future__ import annotations

import re

_PARTNER = r"(suami|istri|bojo|bojone|bojoku|bapak|ayah|mertua|pacar|bapake|bapakne|lakeh|lake'?|lakè|binèh|bineh|garwa)"
_HIT = (r"(mukul|memukul|mukuli|memukuli|nampar|menampar|nabok|napuk|nggebuki|ngantemi|nendang|menendang|"
        r"mokol|mokolè|nyekso|napok|nampèlèng|"  # Madurese
        r"nyiksa|menyiksa|menganiaya|ngancam|mengancam|kasar|ngamuk|njotos|njotosi|nggepuk|nempeleng|ngidak)")
# Hit, said of oneself in the passive ("aku dijotos sampe lambeku getihen", "kulo dipun pukuli")
_HIT_ME = r"(jotos|jotosi|gebuki|gebugi|gebug|gepuk|gepuki|tampar|pukul|pukuli|antemi|tendang|hajar|siksa|tabok|keplak|tempeleng|idak)"
PATTERNS = [
    r"\bkdrt\b", r"kekerasan\s*(dalam\s*)?rumah\s*tangga",
    rf"(di)?(pukul|pukuli|tampar|aniaya|hajar|tendang|gebuki|antemi|tabok|keplak|siksa|kasari)\w*\s*(oleh\s*|karo\s*|sama\s*|sm\s*)?{_PARTNER}",
    rf"{_PARTNER}\w*\s*(saya\s*|ku\s*|sy\s*|engkok\s*|sengkok\s*)?(sering\s*|suka\s*|seneng\s*|senengane\s*|mesti\s*|wis\s*|tambah\s*)?{_HIT}",
    rf"\b{_PARTNER}\w*(\s+\w+){{0,4}}\s+{_HIT}\w*\s+(aku|saya|sy|kulo|kula|engkok|sengkok)\b",  # "bojoku wingi bengi ngantemi aku"
    r"kekerasan\s*(pada|terhadap)\s*(anak|perempuan|istri)", r"pelecehan", r"pemerkosaan|perkosa|dicabuli|pencabulan",
    rf"\b(epokol|esekso|etampar|epateh)\w*\s+(bi\s+)?{_PARTNER}",  # Madurese passive: "engkok epokol lakeh"
    # "aku dijotos" - but "anak saya dipukul temannya" is the child's ("anak saya" owns the hit)
    (rf"(?<!anak\s)(?<!adik\s)(?<!kakak\s)(?<!teman\s)(?<!tetangga\s)(?<!ponakan\s)\b(aku|saya|sy|kulo|kula|engkok|isun)"
    rf"\s+(wis\s+|sering\s+|terus\s+|mau\s+)?(di|dipun\s*){_HIT_ME}\w*"),
    rf"\b{_PARTNER}\w*(\s+\w+){{0,4}}\s+(mesti|sering|suka|seneng|tansah|terus|selalu)\s+{_HIT}\b",  # "bojoku nek mendem mesti ngamuk"
    rf"\b{_PARTNER}\w*(\s+\w+){{0,3}}\s+se\s+{_HIT}",  # Madurese "lakeh engkok dhibi' se mokol" (who hits)
    # a spouse who is beaten: "tangga kula garwanipun dipun gebugi terus" (round 28: a pregnancy report)
    rf"\b{_PARTNER}\w*\s+(dipun\s*|di)(gebug|gebuk|pukul|tampar|antem|siksa|jotos|hajar|aniaya)\w*",
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in PATTERNS]


# Madurese "sengko'" / "engko'" (I, me) are "engkok" to the patterns; the apostrophes go
_MADURESE_I = re.compile(r"\b(?:s?engko'?k?)(?=\W|$)", re.IGNORECASE)


def discloses_violence(text: str | None) -> bool:
    """Whether the message tells of violence at home ("dipukul suami", "bojoku seneng mukul aku",
    Madurese "lakeh sengko' mokol sengko'")."""
    text = _MADURESE_I.sub("engkok", text or "").replace("'", "")
    return any(p.search(text) for p in _COMPILED)


# A victim's worry that the abuser finds out ("ojo sampe bojoku ngerti yo, aku wedi",
# "jangan sampai suami tahu, saya takut"): no answer to a form's question, but a request
# for discretion that the officers must hear and the villager must be answered.
_WORRY = re.compile(
    r"\b(jangan|jgn|ojo|aja|ampun|sampun)\s+(sampai|sampe|nganti|ngantos)?\s*\w*\s*(tahu|tau|ngerti|weruh|"
    r"ngertos|priksa|krungu|denger|dengar)\b"
    r"|\b(takut|wedi|ajrih|sungkan)\b.{0,30}\b(ketahuan|tahu|ngerti|weruh|dipukul|digebuki|diamuk|marah|nesu|balas)"
    r"|\b(aku|saya|sy|kulo|kula)\s+(wedi|takut|ajrih)\b"
    r"|\b(jangan|jgn|ojo|aja)\s+(bilang|kasih\s+tahu|kandha|ngomong|matur|cerita)\b"
    r"|\b(jangan|jgn|ojo|aja|ja'?|jha'?)\s+(di|e)?(telp|telpon|telepon|tilpun|tlp|hubungi|sms|wa)\w*"
    r"|\b(takut|wedi|ajrih)\b.{0,30}\b(dicek|dibuka|dibukak|ngecek|diperiksa|diwaca|diwoco|dibaca|dideleng|"
    r"dilihat)\b"
    # Madurese: "lakeh engkok sering ngabes hp engkok, mun tao engkok lapor ... epateh", "tako' engkok"
    r"|\b(tako'?|takok|tak\s?oh)\b|\bmun\s+(tao|taoh|ngarteh)\b|\bngabes\s+hp\b|\bepateh\b|\bepate\b",
    re.IGNORECASE,
)


def fears_discovery(text: str | None) -> bool:
    """Whether the words are a victim's fear of being found out ("aku wedi", "jangan sampai
    suami tahu"), not an answer."""
    return bool(_WORRY.search(text or ""))
