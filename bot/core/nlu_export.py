"""Reviewed messages become training data (issue 12, item 5): ``export_reviewed``.

The console's review table (``nlu_review``, migration m005_console: id, message_id, text,
predicted_intent, confidence, status new|reviewed|flagged, corrected_intent, entities as a
JSON list of {start, end, entity, value}, reviewed_by, reviewed_at) -> a Rasa 3.x NLU file
(``data/nlu/reviewed.yml`` by default, which ``make train`` reads with the rest of data/nlu).

Every ``reviewed`` row is written (the file is rebuilt whole each time) under its corrected
intent, else its predicted one, with its entities as ``[text](entity)`` (or
``[text]{"entity": ..., "value": ...}`` when the value differs), except:
- an intent the domain does not know (domain/*.yml) -> skipped, with a warning;
- an example that another training file already has, or that an earlier row gave, compared
  without regard to case, spacing or entity marks -> skipped;
- an entity the domain does not know, or whose offsets do not fit the text -> dropped, with a warning.

Personal data is replaced by stand-ins that still read as a villager's message: a NIK by
``FAKE_NIK``, a mobile number by ``081234567890`` in the form it was written, a name after a
cue ("nama saya ...", "atas nama ...", "Bu ...", "Pak ...", "Mbah ...") by a common name.
Who reviewed which example, when, from which message, is in the sidecar
``<out>.provenance.csv`` (Rasa reads only .yml/.json/.md, so it is not training data).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
import yaml

from bot.core import clock
from bot.core.privacy import NIK_RE, PHONE_RE
from bot.core.settings import DATA, DOMAIN_DIR
from bot.core.store.schema import select

DEFAULT_OUT = DATA / "nlu" / "reviewed.yml"
FAKE_NIK = "3510010101900001"
FAKE_PHONE = {"0": "081234567890", "62": "6281234567890", "+62": "+6281234567890"}
FEMALE_TITLES = {"bu", "ibu", "mbak", "mba", "mbah", "ny", "nyonya", "sdri", "saudari", "bude", "bulek", "yu", "ning"}
NAME_FOR = {"female": ("Siti", "Aminah", "Rahayu"), "male": ("Budi", "Santoso", "Wijaya")}
_NAME_CUE = re.compile(
    r"\b(?:(?P<named>atas\s+nama|a\.\s?n\.|an\.|nama(?:nya|ne|ku)?(?:\s+(?:saya|sy|aku|kulo|lengkap(?:nya)?|"
    r"ibu(?:nya)?|bapak(?:nya)?|anak(?:nya)?|suami(?:nya)?|istri(?:nya)?|pasien|pemohon))?|"
    r"jeneng(?:e|ku|ipun)?|asma(?:ne|nipun)?)\s*(?:adalah|:|=|-)?|"
    r"(?P<title>bu|ibu|pak|bapak|mbah|mbak|mba|mas|bude|pakde|bulek|paklik|ny|nyonya|sdr|sdri|saudara|saudari|"
    r"cak|ning|kang|yu)\.?)\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Words after a cue that name no one ("pak rt", "bu bidan", "nama saya di kk salah").
_NOT_NAMES = """
saya sy aku kulo kula dia beliau ini itu niki iku kuwi yang yg dan atau di ke dari untuk utk dengan dgn pada
umur usia tinggal alamat desa dusun rt rw nik no nomor nmr hp wa tahun thn bulan sudah sdh belum blm mau ingin
pengen minta tolong mohon sedang lagi hamil sakit meninggal mati bidan dokter mantri perawat polisi pak bu
kades lurah camat carik sekdes kadus kepala guru ustad ustadz kyai haji bhabin babinsa petugas perangkat
kampung kelurahan kecamatan puskesmas rumah anak suami istri bojo mertua tetangga orang warga lengkap
kk ktp akta akte surat kia sktm adalah ada tidak gak ga nggak mboten boten iya ya nggih inggih bisa kok sih
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())
ENTITY_MARK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass
class ExportReport:
    path: Path
    provenance: Path
    written: int = 0
    duplicates: int = 0
    unknown_intent: int = 0
    warnings: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """An example as compared for duplicates: entity marks dropped, case and spacing folded."""
    text = ENTITY_MARK.sub(r"\1", text or "")
    return " ".join(text.casefold().split())


def domain_names(domain_dir: Path = DOMAIN_DIR) -> tuple[set[str], set[str]]:
    """The intents and entities the domain declares (every domain/*.yml)."""
    intents: set[str] = set()
    entities: set[str] = set()
    for path in sorted(Path(domain_dir).glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, names in (("intents", intents), ("entities", entities)):
            for item in doc.get(key) or []:
                names.update(item if isinstance(item, dict) else [item])
    return intents, entities


def existing_examples(nlu_dir: Path, exclude: Path | None = None) -> set[str]:
    """Every training example under ``nlu_dir`` (recursively), normalised; ``exclude`` (the
    file being rebuilt) left out."""
    found: set[str] = set()
    for path in sorted(Path(nlu_dir).rglob("*.yml")):
        if exclude is not None and path.resolve() == exclude.resolve():
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            if isinstance(item, dict) and "intent" in item:
                for line in str(item.get("examples") or "").splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        found.add(normalise(line[2:]))
    return found


def _keep_case(original: str, stand_in: str) -> str:
    if original.islower():
        return stand_in.lower()
    if original.isupper() and len(original) > 1:
        return stand_in.upper()
    return stand_in


def replace_names(text: str) -> str:
    """Names after a cue replaced by common names, keeping the way they were typed."""
    out, at = [], 0
    for cue in _NAME_CUE.finditer(text):
        if cue.start() < at:
            continue
        title = (cue.group("title") or "").lower().rstrip(".")
        gender = "female" if title in FEMALE_TITLES or not title else "male"
        most = 3 if cue.group("named") else 2
        pos, words = cue.end(), []
        while len(words) < most:
            m = _NAME_WORD.match(text, pos)
            if not m or m.group().lower().strip("'’") in NOT_NAMES:
                break
            # after a title, a second word is a name only when capitalised ("Bu Siti Aminah")
            if words and not cue.group("named") and not m.group()[0].isupper():
                break
            words.append(m)
            gap = re.match(r"[ ]+", text[m.end():])
            pos = m.end() + (gap.end() if gap else 0)
            if not gap:
                break
        if not words:
            continue
        out.append(text[at:words[0].start()])
        stand_ins = NAME_FOR[gender]
        for i, w in enumerate(words):
            if i:
                out.append(text[words[i - 1].end():w.start()])
            out.append(_keep_case(w.group(), stand_ins[i % len(stand_ins)]))
        at = words[-1].end()
    out.append(text[at:])
    return "".join(out)


def replace_personal(text: str) -> str:
    """NIKs, mobile numbers and names in ``text`` replaced by natural stand-ins."""
    text = NIK_RE.sub(FAKE_NIK, text)
    text = PHONE_RE.sub(lambda m: FAKE_PHONE[m.group(1)], text)
    return replace_names(text)


def _plain(text: str) -> str:
    """Text outside entity marks: one line, no brackets Rasa would read as an entity mark."""
    return " ".join(replace_personal(text).replace("[", "(").replace("]", ")").replace("{", "(")
                    .replace("}", ")").split())


def annotate(text: str, entities: list[dict], known: set[str], warn) -> str:
    """The example line: personal data replaced outside the entities, entities marked."""
    spans = []
    for ent in entities or []:
        try:
            start, end, name = int(ent["start"]), int(ent["end"]), str(ent["entity"])
        except (KeyError, TypeError, ValueError):
            warn(f"entity without start/end/entity dropped: {ent!r}")
            continue
        if name not in known:
            warn(f"entity {name!r} is not in the domain: dropped")
        elif not 0 <= start < end <= len(text) or any(s < end and start < e for s, e, *_ in spans):
            warn(f"entity {name!r} at {start}-{end} does not fit the text: dropped")
        else:
            spans.append((start, end, name, ent.get("value")))
    parts, at = [], 0
    for start, end, name, value in sorted(spans):
        parts.append(_plain(text[at:start]))
        shown = _plain(text[start:end])
        value = None if value is None else " ".join(str(value).split())
        if value is None or value == shown:
            parts.append(f"[{shown}]({name})")
        else:
            parts.append(f"[{shown}]" + json.dumps({"entity": name, "value": value}, ensure_ascii=False))
        at = end
    parts.append(_plain(text[at:]))
    return " ".join(p for p in parts if p)


def reviewed_rows(db: sqlite_utils.Database) -> list[dict]:
    if not db["nlu_review"].exists():
        return []
    return select(db, "SELECT * FROM nlu_review WHERE status = 'reviewed' ORDER BY id")


def export_reviewed(db: sqlite_utils.Database, out: Path = DEFAULT_OUT, *, nlu_dir: Path | None = None,
                    domain_dir: Path = DOMAIN_DIR) -> ExportReport:
    """Write the reviewed examples to ``out`` and their provenance beside it; see the module.
    Duplicates are looked for in ``nlu_dir`` (default: the training data, data/nlu)."""
    out = Path(out)
    nlu_dir = Path(nlu_dir) if nlu_dir is not None else DATA / "nlu"
    report = ExportReport(path=out, provenance=out.with_suffix(".provenance.csv"))
    intents, entity_names = domain_names(domain_dir)
    seen = existing_examples(nlu_dir, exclude=out)
    by_intent: dict[str, list[str]] = {}
    provenance = []
    for row in reviewed_rows(db):
        intent = (row.get("corrected_intent") or row.get("predicted_intent") or "").strip()
        if intent not in intents:
            report.unknown_intent += 1
            report.warnings.append(f"review {row['id']}: intent {intent or '(none)'!r} is not in the domain: skipped")
            continue
        text = " ".join(str(row.get("text") or "").split())
        try:
            entities = json.loads(row.get("entities") or "[]")
        except (TypeError, ValueError):
            entities = []
            report.warnings.append(f"review {row['id']}: entities are not JSON: ignored")
        example = annotate(str(row.get("text") or ""), entities if isinstance(entities, list) else [], entity_names,
                           lambda msg, rid=row["id"]: report.warnings.append(f"review {rid}: {msg}"))
        key = normalise(example)
        if not key or key in seen or normalise(text) in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        by_intent.setdefault(intent, []).append(example)
        provenance.append({"review_id": row["id"], "message_id": row.get("message_id"), "intent": intent,
                           "reviewed_by": row.get("reviewed_by"), "reviewed_at": row.get("reviewed_at"),
                           "example": example})
        report.written += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(by_intent), encoding="utf-8")
    with report.provenance.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["review_id", "message_id", "intent", "reviewed_by", "reviewed_at",
                                                "example"])
        writer.writeheader()
        writer.writerows(provenance)
    return report


def render(by_intent: dict[str, list[str]]) -> str:
    lines = [
        "# Reviewed examples from the admin console (flask --app wsgi nlu export); rebuilt whole on",
        f"# each export, last {clock.now_iso()}. Do not edit: correct the review in the console.",
        "# NIKs, phone numbers and names are stand-ins. Who reviewed what, when, from which message:",
        "# reviewed.provenance.csv beside this file.",
        'version: "3.1"',
    ]
    if not by_intent:
        return "\n".join([*lines, "nlu: []", ""])
    lines.append("nlu:")
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in by_intent[intent]]
    return "\n".join(lines) + "\n"
