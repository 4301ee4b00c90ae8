"""The pregnancy report's answers (pure): gestation, which pregnancy, who reports, the
KSPR result of the slots and the one-line summary the villager and the officers read."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from actions.helpers import kspr
from actions.helpers.answers import PIN_PLACE, is_unknown
from bot.core import clock
from bot.core.dates import (
    due_date_from_weeks,
    format_date,
    parse_due_date,
    parse_gestation_weeks,
    weeks_from_due_date,
)
from bot.core.numbers import parse_choice, parse_int, words_to_int

REPORTERS = {
    1: "ibu_sendiri", 2: "keluarga", 3: "kader", 4: "pedagang_sayur", 5: "bhabinkamtibmas", 6: "lainnya",
}
REPORTER_LABEL = {
    "ibu_sendiri": "ibu sendiri", "keluarga": "keluarga", "kader": "kader",
    "pedagang_sayur": "pedagang sayur", "bhabinkamtibmas": "Bhabinkamtibmas", "lainnya": "lainnya",
    "tetangga": "tetangga",  # Laskar Sakina's neighbours: no number of the list, said in words
}
_REPORTER_WORDS = [
    (r"\b(tetangga\w*|tangga(?:ne)?|tanggi(?:ne)?|tonggo\w*|tatangg\w*)\b", "tetangga"),
    (r"\b(teman|kanca|konco|pak\s+rt|bu\s+rt|rt|rw|kades|perangkat|bidan|perawat)\b", "lainnya"),
    ((r"\b(suami\w*|bojo\w*|keluarga|ibu(?:nya)? mertua|mertua|adik\w*|kakak\w*|ibunya|bapaknya|anak\w*|saudara\w*|"
     r"wayah\w*|putu\w*|cucu\w*|mantu\w*|ipar\w*|ponakan\w*|keponakan\w*|simbah\w*|lakeh|lake|binèh|bineh|"
     r"garwa\w*|semah\w*|sedulur\w*|dulur\w*)\b"), "keluarga"),
    (r"\b(kader|posyandu|pkk)\b", "kader"),
    (r"\b(pedagang|sayur|mlijo|melijo|bakul)\b", "pedagang_sayur"),
    (r"\b(bhabin\w*|polisi|babin\w*)\b", "bhabinkamtibmas"),
]
# The mother herself, only when nobody else is named ("aku tanggane" is the neighbour speaking):
# Osing "isun dhewek", Madurese "engkok dhibi'", krama "kula piyambak"
_SELF_WORDS = re.compile(r"\b(saya sendiri|sendiri|ibunya sendiri|aku|kulo|kula|ibu sendiri|isun|dhewek|dewek|dhewe|"
                         r"dewe|piyambak|engkok|dhibi'?|dibi'?)\b")

RISK_LABEL = {kspr.KRR: "risiko rendah", kspr.KRT: "risiko tinggi", kspr.KRST: "risiko sangat tinggi"}
# A low score with risk questions unanswered is no "risiko rendah" (round 15: told so after two "gak ngerti")
RISK_LABEL_INCOMPLETE = "faktor risiko belum lengkap"


def risk_label(slots: dict, result: kspr.KsprResult) -> str:
    """What the reporter is told of the score: "risiko rendah" only when the risks were answered."""
    unknown = any(slots.get(s) == RISK_UNKNOWN for s in RISK_UNKNOWN_LABEL)
    return RISK_LABEL_INCOMPLETE if unknown and result.risk_level == kspr.KRR else RISK_LABEL[result.risk_level]

# Short names of the factors for SMS summaries.
FACTOR_SHORT = {
    "terlalu_muda": "hamil pertama umur 16 th/kurang",
    "terlalu_lambat_hamil_pertama": "menikah 4 th+ baru hamil",
    "terlalu_tua_hamil_pertama": "hamil pertama umur 35 th+",
    "terlalu_cepat_hamil_lagi": "jarak anak <2 th",
    "terlalu_lama_hamil_lagi": "jarak hamil 10 th+",
    "terlalu_banyak_anak": "anak 4+",
    "terlalu_tua_umur": "umur 35 th+",
    "terlalu_pendek": "tinggi 145cm/kurang",
    "pernah_gagal_kehamilan": "pernah keguguran",
    "riwayat_tarikan_tang_vakum": "riwayat vakum/tang",
    "riwayat_uri_dirogoh": "riwayat uri dirogoh",
    "riwayat_infus_transfusi": "riwayat infus/transfusi",
    "pernah_operasi_sesar": "bekas sesar",
    "penyakit_kurang_darah_malaria": "kurang darah/malaria",
    "penyakit_tbc_payah_jantung": "TBC/sakit jantung",
    "penyakit_kencing_manis": "kencing manis",
    "penyakit_menular_seksual": "penyakit kelamin",
    "bengkak_tekanan_darah_tinggi": "bengkak+darah tinggi",
    "hamil_kembar": "kembar",
    "hamil_kembar_air": "hidramnion",
    "bayi_mati_dalam_kandungan": "bayi mati dlm kandungan",
    "kehamilan_lebih_bulan": "lewat bulan",
    "letak_sungsang": "sungsang",
    "letak_lintang": "lintang",
    "perdarahan_dalam_kehamilan": "perdarahan",
    "preeklampsia_berat_kejang": "preeklampsia/kejang",
}

# Correction menu of the confirmation: number -> slots cleared (asked again).
SINGGAH_WINDOW_DAYS = 14
NOT_ASKED = "-"  # a slot the form skipped (the form needs it filled)

_DATE_LIKE = re.compile(
    r"\bhpl\b|\btgl\b|\btanggal\b|\d{1,2}\s*[/.-]\s*\d{1,2}|\b\d{1,2}\s+(jan|feb|peb|mar|apr|mei|jun|jul|agu|agt|"
    r"sep|okt|nov|nop|des)[a-z]*\b",
    re.IGNORECASE,
)
_ORDINALS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
             "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10,
             # Madurese "kaduwa'" (round 20), Javanese "kapindho"
             "kaduwa": 2, "katello": 3, "kaempa": 4, "kalema": 5, "kapindho": 2, "kapindo": 2, "kaping pindho": 2}


# --------------------------------------------------------------------------- pure parsing


def parse_gestation(text: str, today: date) -> dict | None:
    """An answer to "usia kehamilan?" -> weeks and due date (either may be None for TT)."""
    text = re.sub(r"\bulan\b", "bulan", text or "", flags=re.IGNORECASE)  # Osing "telung ulan" (round 17)
    if is_unknown(text):
        return {"weeks": None, "due": None}
    if _DATE_LIKE.search(text or ""):
        due = parse_due_date(text, today)
        if due is not None:
            return {"weeks": weeks_from_due_date(due, today), "due": due}
    weeks = parse_gestation_weeks(text)
    if weeks is None:
        return None
    return {"weeks": weeks, "due": due_date_from_weeks(weeks, today)}


def parse_pregnancy_number(text: str) -> int | None:
    t = (text or "").lower()
    for word, n in _ORDINALS.items():
        if re.search(rf"\b{word}\b", t):
            return n
    t = re.sub(r"\bke[- ]?(?=\w)", " ", t)
    n = parse_int(t)
    if n is None or not 1 <= n <= 20:
        return None
    return n


def parse_reporter(text: str) -> str | None:
    n = parse_choice(text, len(REPORTERS))
    if n is not None and re.fullmatch(r"\s*\d+\s*[.)]?\s*", text or ""):
        return REPORTERS[n]
    t = (text or "").lower()
    # the role named first: "kader posyandu, hp suami" is a cadre, "bojoku pedagang sayur" family
    named = [(found.start(), value) for pattern, value in _REPORTER_WORDS if (found := re.search(pattern, t))]
    if named:
        return min(named)[1]
    if _SELF_WORDS.search(t):
        return "ibu_sendiri"
    if n is not None:
        return REPORTERS[n]
    return None


def due_soon(due_iso: str | None, today: date, window: int = SINGGAH_WINDOW_DAYS) -> bool:
    """True when the due date is within ``window`` days (or already past)."""
    if not due_iso:
        return False
    due = date.fromisoformat(due_iso)
    return (due - today).days <= window


def assess_slots(slots: dict) -> kspr.KsprResult:
    """KSPR result from the form's slot values."""
    def as_int(v: Any) -> int | None:
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    picked: set[str] = set()
    for key in ("hml_risk_a", "hml_risk_b", "hml_risk_c"):
        value = slots.get(key)
        if isinstance(value, list):
            picked.update(value)
    return kspr.assess(
        age=as_int(slots.get("hml_age")),
        pregnancy_number=as_int(slots.get("hml_gravida")),
        children=as_int(slots.get("hml_children")),
        gestation_weeks=as_int(slots.get("hml_gestation_weeks")),
        picked=picked,
    )


# A risk question answered "tidak tahu" / "belum diperiksa" (forms.UNKNOWN): said as unknown,
# never as "tidak ada".
RISK_UNKNOWN = "TT"
RISK_UNKNOWN_LABEL = {"hml_risk_a": "riwayat", "hml_risk_c": "kondisi hamil ini"}
_NOT_EXAMINED = re.compile(
    r"\b(belum|blm|durung|dereng|tidak\s+pernah|gak\s+pernah|ga\s+pernah|ora\s+tau|ora\s+pernah|tdk\s+pernah)\s+"
    r"(pernah\s+|tau\s+|nate\s+|tahu\s+)?(di\s*periksa|periksa|priksa|dipriksa|ke\s+posyandu|ke\s+bidan|ke\s+puskesmas|cek|dicek|usg|"
    r"nang\s+bidan|nang\s+posyandu|kontrol|ditensi|tensi)\b",
    re.IGNORECASE,
)


# "anak terakhir umur 1,5 th", "anak isun kang pertama umure lagi setaun setengah", "anake sing
# cilik 18 bulan": the age of a child named in an answer about earlier pregnancies
_AGE_UNIT = r"(th|thn|tahun|taun|taon|bulan|bln|sasi|wulan|bulen)"
# "anak terakhir umur 1,5 th", "ana' se sabellunna gi' omor settong taon" (Madurese, round 23:
# dropped): digits, or a number word before its unit
_CHILD_AGE = re.compile(
    r"\b(?:anak\w*|ana'|ana’|ana)(?=\W)[^.;]{0,30}?(?:\b(\d+(?:[.,]\d+)?|setaun setengah|setahun setengah|setaun|"
    r"setahun|rong taun|dua tahun|sewulan|sebulan)\s*" + _AGE_UNIT + r"?\b|\b([a-z]+)'?\s+" + _AGE_UNIT + r"\b)",
    re.IGNORECASE,
)
_AGE_WORDS = {"setaun setengah": 1.5, "setahun setengah": 1.5, "setaun": 1.0, "setahun": 1.0, "rong taun": 2.0,
              "dua tahun": 2.0, "sewulan": 1 / 12, "sebulan": 1 / 12}


def last_child_years(text: str, today: date | None = None) -> float | None:
    """The youngest child's age in years said in an answer ("anak terakhir umur 1,5 th" -> 1.5,
    "umure lagi setaun setengah" -> 1.5, "18 bulan" -> 1.5); None when no child's age is said."""
    ages = []
    for m in _CHILD_AGE.finditer(text or ""):
        if m.group(3):  # a number word: "settong taon", "loro taun"
            count = words_to_int(m.group(3).lower())
            if count is None:
                continue
            number, unit = str(count), m.group(4).lower()
        else:
            number, unit = m.group(1).lower(), (m.group(2) or "").lower()
        if number in _AGE_WORDS:
            years = _AGE_WORDS[number]
        elif unit:
            years = float(number.replace(",", "."))
            years = years / 12 if unit in ("bulan", "bln", "sasi", "wulan") else years
        else:
            continue  # "anak 2": how many, not how old
        ages.append(years)
    this_year = (today or clock.today()).year
    for m in _BORN_IN.finditer(text or ""):  # "anak kedua lahir tahun dua ribu empat belas" (round 9, C2)
        year = int(m.group(1)) if m.group(1).isdigit() else words_to_int(m.group(1))
        if year is not None and 1980 <= year <= this_year:
            ages.append(float(this_year - year))
    return min(ages) if ages else None


_SPACING = ("terlalu_cepat_hamil_lagi", "terlalu_lama_hamil_lagi")


def spacing_fix(slot: str, said: str, factors: list | None) -> dict:
    """A correction at the summary that gives the last child's age ("ana' se terakhir gi' omor
    settong taon", round 23: not understood): ``slot`` with the spacing it says and its other
    factors kept; {} when no child's age is said."""
    years = last_child_years(said)
    if years is None:
        return {}
    kept = [f for f in factors or [] if f not in _SPACING] if isinstance(factors, list) else []
    spacing = [_SPACING[0]] if years < 2 else [_SPACING[1]] if years >= 10 else []
    return {slot: sorted(set(kept + spacing))}


_BORN_IN = re.compile(r"\bla(?:h)?ir\w*\s+(?:(?:pada\s+)?(?:tahun|th|thn|taun)\.?\s+)?"
                      r"(\d{4}|(?:dua|rong|kalih)\s+(?:ribu|ewu|ewon)(?:\s+[a-z]+){0,3})", re.IGNORECASE)


_MARRIED = r"(menikah|nikah|kawin|rabi|krama|omah-omah|omahomah)"
_RECENTLY = re.compile(rf"\b(baru|barusan|belum\s+lama|blm\s+lama|durung\s+suwe|anyar)\s+(saja\s+|aja\s+)?{_MARRIED}\b"
                       rf"|\b{_MARRIED}\b.{{0,15}}\b(bulan\s+lalu|bulan\s+kemarin|wulan\s+wingi|tahun\s+lalu|taun\s+wingi|"
                       r"kemarin|wingi)\b", re.IGNORECASE)
_MARRIED_FOR = re.compile(rf"\b{_MARRIED}\b\D{{0,15}}?(?P<n>\d{{1,2}})\s*(?P<unit>th|thn|tahun|taun|bulan|bln|wulan)\b"
                          rf"|\b(?P<n2>\d{{1,2}})\s*(?P<unit2>th|thn|tahun|taun|bulan|bln|wulan)\b\D{{0,15}}?\b{_MARRIED}\b",
                          re.IGNORECASE)


def married_years(text: str) -> float | None:
    """How long the mother has been married, said in an answer to the first-pregnancy question
    ("baru menikah bulan lalu" -> 0, "nikah 5 tahun baru hamil" -> 5, "8 bulan nikah" -> 0.7);
    None when it is not said. Round 6: "baru menikah bulan lalu" was read as option 2,
    "married 4 years or more before this first pregnancy"."""
    found = _MARRIED_FOR.search(text or "")
    if found:
        number, unit = (found["n"], found["unit"]) if found["n"] else (found["n2"], found["unit2"])
        years = float(number)
        return years / 12 if unit.lower() in ("bulan", "bln", "wulan") else years
    return 0.0 if _RECENTLY.search(text or "") else None


def not_examined(text: str) -> bool:
    """Whether an answer to a risk question says the mother was never examined ("belum
    diperiksa", "durung tau priksa"): the risks are unknown, not absent."""
    return _NOT_EXAMINED.search(text or "") is not None


def factor_text(factors) -> str:
    return ", ".join(FACTOR_SHORT.get(f, f) for f in factors) or "tidak ada"


def summary_text(slots: dict, *, for_officer: bool = False) -> str:
    """One-line summary of the report (villager confirmation or officer notice)."""
    parts = [f"Ibu {slots.get('hml_mother_name') or '-'}"]
    age = slots.get("hml_age")
    parts[0] += f" ({age} th)" if isinstance(age, int) else ""
    place = []
    if not for_officer and slots.get("village"):
        place.append(f"Desa {slots['village']}")
    dusun = slots.get("hml_dusun")
    if dusun and dusun != NOT_ASKED:
        place.append("(lokasi peta)" if dusun == PIN_PLACE else f"Dusun/RT {dusun}")
    if place:
        parts.append(" ".join(place))
    weeks, due = slots.get("hml_gestation_weeks"), slots.get("hml_due_date")
    if weeks is not None:
        preg = f"hamil {weeks} mgg"
        if due:
            preg += f" (HPL {format_date(date.fromisoformat(due))})"
        parts.append(preg)
    else:
        parts.append("usia hamil tidak tahu")
    gravida = slots.get("hml_gravida")
    if isinstance(gravida, int):
        g = f"hamil ke-{gravida}"
        children = slots.get("hml_children")
        if isinstance(children, int) and gravida > 1:
            g += f", anak {children}"
        parts.append(g)
    # the factors picked by number and those that follow from the answers (age 16, 35+...),
    # so the villager's summary never says "tidak ada" while the score says high risk
    result = assess_slots(slots)
    unknown = [RISK_UNKNOWN_LABEL[s] for s in ("hml_risk_a", "hml_risk_c") if slots.get(s) == RISK_UNKNOWN]
    factors = factor_text(result.factors) if result.factors or not unknown else "belum diketahui"
    if unknown and result.factors:
        factors += f"; {' & '.join(unknown)} belum diketahui"
    elif unknown and len(unknown) < 2:
        factors = f"{' & '.join(unknown)} belum diketahui"
    if for_officer:
        parts.append(f"KSPR {result.score} {result.risk_level}: {factors}")
    else:
        parts.append(f"risiko: {factors}")
    reporter = slots.get("hml_reporter")
    if reporter:
        parts.append(f"pelapor {REPORTER_LABEL.get(reporter, reporter)}")
    contact = slots.get("hml_contact")
    if contact and contact not in ("tidak_ada", NOT_ASKED):
        own = contact == slots.get("sender") and reporter not in (None, "ibu_sendiri")
        if not (own and for_officer):  # the officer's page names the reporter's number once ("Kontak warga")
            parts.append(f"HP {'pelapor' if own else 'ibu'} {contact}")
    if slots.get("hml_singgah") is True:
        parts.append("minta bantuan rumah singgah")
    return ". ".join(parts) + "."
