"""Shared pieces for every service's actions.

* ``db()``: the one ``bot.store`` handle of this process (path from ``load_settings().db_path``).
* ``sender_phone(tracker)`` / ``sender_channel(tracker)``: who wrote, on which channel
  (from the webhook's metadata, falling back to the sender id).
* ``open_case(kind, tracker, *, village, district, data, notify_roles, summary)``: create the
  case, route it to the officers of the village (``bot.directory.officers_for``), notify each
  of them through ``bot.outbound.notify`` and record them in ``assigned_to``.
* Village resolution for forms: ``village_outcome`` (pure), ``VillageSlotsMixin`` (adds
  ``extract_village`` / ``validate_village`` to a ``FormValidationAction``) and
  ``make_ask_village_action`` (the form's question for the village, which shows the pending
  choices "balas 1/2/3" when there are some).

How a service form uses the village helpers (domain slots ``village``, ``district``,
``village_choices``, ``village_prompt`` are declared in ``domain/common.yml``)::

    class ValidatePregnancyForm(VillageSlotsMixin, FormValidationAction):
        def name(self): return "validate_pregnancy_form"

    ActionAskPregnancyFormVillage = make_ask_village_action(
        "pregnancy_form", "Di desa/kelurahan mana ibu tinggal?")

and in the domain ``actions: [action_ask_pregnancy_form_village]`` (no
``utter_ask_pregnancy_form_village``: the action is the question).

No personal data (phones, names, NIK) goes to the Python log.
"""
from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import store
from bot.config import load_settings

logger = logging.getLogger(__name__)

# Intents that never count as the answer to a form question: the form is
# rejected and the rules take over (BATAL, MENU, an emergency).
ESCAPE_INTENTS = frozenset({"cancel", "ask_menu", "pregnancy_emergency"})
# Of those, the ones that only the webhook's keywords should trigger (BATAL -> "/cancel",
# MENU -> "/ask_menu"): when the NLU predicts them for typed text ("Ani" taken for
# ask_menu), the text is the answer after all. An emergency always escapes.
KEYWORD_ONLY_INTENTS = frozenset({"cancel", "ask_menu"})


def escapes_form(tracker: Tracker) -> bool:
    """Whether the latest message leaves the form rather than answering it."""
    intent = latest_intent(tracker)
    if intent not in ESCAPE_INTENTS:
        return False
    raw = ((tracker.latest_message or {}).get("text") or "").strip()
    return intent not in KEYWORD_ONLY_INTENTS or raw.startswith("/") or not raw

KIND_LABEL = {
    "document": "Permohonan dokumen",
    "pregnancy": "Laporan ibu hamil",
    "emergency": "DARURAT ibu hamil",
    "transport": "Jemput JEK-MIL",
    "rantang_kasih": "Rantang Kasih",
    "complaint": "Pengaduan",
    "handover": "Warga minta bicara dengan petugas",
}

# --------------------------------------------------------------------------- database

_DBS: dict[str, Any] = {}


def db():
    """The process's one store handle (re-opened when ``DATA_DIR`` points elsewhere)."""
    path = str(load_settings().db_path)
    handle = _DBS.get(path)
    if handle is None:
        handle = store.open_db(path)
        _DBS[path] = handle
    return handle


def reset_db() -> None:
    """Forget cached handles (tests that switch ``DATA_DIR``)."""
    for handle in _DBS.values():
        with contextlib.suppress(sqlite3.Error):
            handle.close()
    _DBS.clear()


# --------------------------------------------------------------------------- sender


def message_metadata(tracker: Tracker) -> dict:
    """The webhook's metadata of the latest user message (channel, phone, media, location)."""
    latest = tracker.latest_message or {}
    meta = latest.get("metadata") or {}
    return meta if isinstance(meta, dict) else {}


def message_location(tracker: Tracker) -> dict | None:
    """A WhatsApp location pin sent with the latest message (webhook metadata), if any."""
    meta = message_metadata(tracker)
    lat, lon = meta.get("latitude"), meta.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return {"latitude": float(lat), "longitude": float(lon)}
    except (TypeError, ValueError):
        return None


def sender_phone(tracker: Tracker) -> str:
    """E.164 phone of the sender: metadata ``phone``, else the sender id without ``whatsapp:``."""
    phone = message_metadata(tracker).get("phone")
    return store.bare_phone(phone or tracker.sender_id or "")


def sender_channel(tracker: Tracker) -> str:
    """``sms`` or ``whatsapp``: metadata ``channel``, else guessed from the sender id."""
    channel = (message_metadata(tracker).get("channel") or "").lower()
    if channel in ("sms", "whatsapp"):
        return channel
    return "whatsapp" if (tracker.sender_id or "").lower().startswith("whatsapp:") else "sms"


def latest_text(tracker: Tracker) -> str:
    """The latest user text; "" for the webhook's payloads ("/cancel", "/ask_menu", ...)."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


# --------------------------------------------------------------------------- cases


def officer_message(case: dict, summary: str, *, contact: str | None = None) -> str:
    """The short notice an officer gets about a new case."""
    ref = case["ref"]
    place = ""
    if case.get("village"):
        place = f" Desa {case['village']}"
        if case.get("district"):
            place += f", Kec. {case['district']}"
    elif case.get("district"):
        place = f" Kec. {case['district']}"
    label = KIND_LABEL.get(case["kind"], case["kind"])
    body = f"Smart Kampung {ref} {label}{place}: {summary.strip()}"
    if contact:
        body += f" Kontak warga: {contact}."
    body += f" Balas TERIMA {ref}, SELESAI {ref} catatan, atau TOLAK {ref} alasan."
    return body


def route(roles: Iterable[str], village: str | None, district: str | None) -> list[dict]:
    """Officers for the roles at the place, each phone once, in the roles' order."""
    from bot import directory

    seen: set[str] = set()
    out: list[dict] = []
    for role in roles:
        for officer in directory.officers_for(role, village=village, district=district):
            if officer["phone"] not in seen:
                seen.add(officer["phone"])
                out.append(officer)
    return out


def notify_officers(case: dict, officers: Sequence[dict], body: str) -> int:
    """Send ``body`` to each officer through the queue; returns how many were queued."""
    from bot import outbound

    sent = 0
    for officer in officers:
        try:
            outbound.notify(officer["phone"], body, channel=officer.get("channel") or "whatsapp",
                            case_ref=case["ref"])
            sent += 1
        except Exception:  # the queue must never break the conversation
            logger.exception("notify failed for case %s (role %s)", case["ref"], officer.get("role"))
            store.add_case_event(db(), case["ref"], "bot", "notify_failed", officer.get("role"))
    return sent


def open_case(
    kind: str,
    tracker: Tracker,
    *,
    village: str | None,
    district: str | None,
    data: dict | None,
    notify_roles: Iterable[str],
    summary: str,
    share_contact: bool = True,
) -> dict:
    """Create a case for the sender, route it and tell the officers.

    Returns the case dict (``bot.store.get_case`` form: ``ref``, ``assigned_to`` list, ...).
    ``share_contact=False`` leaves the villager's number out of the officers' notice
    (e.g. an anonymous complaint); it is always in the case itself.
    """
    handle = db()
    phone = sender_phone(tracker)
    channel = sender_channel(tracker)
    officers = route(notify_roles, village, district)
    case = store.create_case(
        handle,
        kind,
        phone,
        channel,
        village=village,
        district=district,
        data=data or {},
        assigned_to=[o["phone"] for o in officers],
    )
    if village or district:
        try:
            fields = {"channel": channel}
            if village:
                fields["village"] = village
            if district:
                fields["district"] = district
            store.upsert_contact(handle, phone, **fields)
        except Exception:  # pragma: no cover - the contact row is a convenience
            logger.exception("contact update failed for case %s", case["ref"])
    body = officer_message(case, summary, contact=phone if share_contact else None)
    sent = notify_officers(case, officers, body)
    if officers:
        store.add_case_event(handle, case["ref"], "bot", "notified",
                             ", ".join(f"{o['role']}" for o in officers))
    logger.info("case %s (%s) opened, %d officer(s) notified", case["ref"], kind, sent)
    return case


# --------------------------------------------------------------------------- village resolution

_PREFIX_RE = re.compile(r"^(?:di\s+|dari\s+)?(?:desa|ds\.?|kel\.?|kelurahan|dsn\.?|dusun)\s+", re.IGNORECASE)
_DISTRICT_SPLIT_RE = re.compile(r"(?:^|[,\s]+)(?:kec\.?|kecamatan)\s+", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*(?:no\.?\s*|nomor\s*)?(\d{1,2})\s*\.?\s*$", re.IGNORECASE)


def _pname(place) -> str:
    return getattr(place, "name", None) or place[0]


def _pdist(place) -> str:
    return getattr(place, "district", None) or place[1]


def _as_list(result) -> list:
    if result is None:
        return []
    if isinstance(result, list):
        return result
    if isinstance(result, tuple) and result and isinstance(result[0], str):
        return [result]  # a single Place
    return list(result)


def _resolve_village(text: str) -> list:
    from bot import places

    text = (text or "").strip()
    return _as_list(places.resolve_village(text)) if text else []


def _resolve_district(text: str) -> str | None:
    from bot import places

    text = (text or "").strip()
    if not text:
        return None
    found = _as_list(places.resolve_district(text))
    if not found:
        return None
    first = found[0]
    return first if isinstance(first, str) else _pname(first)


def _suggest(text: str, n: int = 3) -> list:
    from bot import places

    return [p for p in _as_list(places.suggest(text, n=n + 2)) if _is_village(p)][:n]


def _villages_in(district: str) -> list:
    from bot import places

    return [p for p in _as_list(places.villages_in(district)) if _is_village(p)]


def _is_village(place) -> bool:
    return (getattr(place, "level", None) or "desa") != "kecamatan"


def _encode(name: str, district: str) -> str:
    return f"{name}|{district}"


def _decode(choice: str) -> tuple[str, str]:
    name, _, district = choice.partition("|")
    return name, district


def _done(name: str, district: str) -> tuple[dict, None]:
    return {"village": name, "district": district, "village_choices": None, "village_prompt": None}, None


def _fit(prompt: str, limit: int = 160) -> str:
    return prompt if len(prompt) <= limit else prompt[: limit - 3].rstrip() + "..."


QUIT_HINT = " BATAL: berhenti."


def village_outcome(
    text: str,
    *,
    entity_village: str | None = None,
    entity_district: str | None = None,
    pending: Sequence[str] | None = None,
    known_district: str | None = None,
) -> tuple[dict, str | None]:
    """Decide what an answer to "which desa?" means.

    Returns ``(slots, prompt)``: ``slots`` to set (``village``, ``district``,
    ``village_choices``, ``village_prompt``) and, when the answer is not settled yet,
    the one-segment question to ask next (also stored in ``village_prompt``).

    * a pending numbered choice ("2") picks that choice;
    * an exact desa -> village + district;
    * a desa in two kecamatan -> "1 Kec. A 2 Kec. B" (a kecamatan named in the same
      message, or already known, settles it);
    * a kecamatan only -> its desa of the same name if any, else ask which desa there;
    * unknown -> the closest official names, "balas 1/2/3".
    """
    text = (text or "").strip()
    pending = list(pending or [])
    # 1. a number answering pending choices
    m = _NUMBER_RE.match(text)
    if pending and m:
        idx = int(m.group(1))
        if 1 <= idx <= len(pending):
            return _done(*_decode(pending[idx - 1]))
    if pending:
        # a kecamatan or desa name that picks one of the pending choices
        d = entity_district or _resolve_district(text)
        low = text.lower()
        picks = [c for c in pending if d and _decode(c)[1].lower() == d.lower()]
        if not picks:
            picks = [c for c in pending if _decode(c)[0].lower() == low or _decode(c)[1].lower() == low]
        if len(picks) == 1:
            return _done(*_decode(picks[0]))

    # 2. the desa itself
    village_part, district_part = text, None
    split = _DISTRICT_SPLIT_RE.split(text, maxsplit=1)
    if len(split) == 2:
        village_part, district_part = split[0].strip(), split[1].strip()
    village_part = _PREFIX_RE.sub("", village_part).strip(" ,.")
    district = entity_district or (_resolve_district(district_part) if district_part else None)

    found: list = []
    if entity_village:
        found = _resolve_village(entity_village)
    if not found:
        found = _resolve_village(text)
    if not found and village_part and village_part != text:
        found = _resolve_village(village_part)

    if len(found) > 1:
        for d in (district, known_district):
            if d:
                narrowed = [p for p in found if _pdist(p).lower() == d.lower()]
                if len(narrowed) == 1:
                    found = narrowed
                    break
    if len(found) == 1:
        return _done(_pname(found[0]), _pdist(found[0]))
    if len(found) > 1:
        choices = [_encode(_pname(p), _pdist(p)) for p in found]
        opts = " ".join(f"{i} Kec. {_pdist(p)}" for i, p in enumerate(found, 1))
        prompt = _fit(f"Desa {_pname(found[0])} ada di {len(found)} kecamatan: {opts}. "
                      f"Balas angka kecamatan yang benar.")
        return {"village": None, "village_choices": choices, "village_prompt": prompt}, prompt

    # 3. only a kecamatan?
    district = district or entity_district or _resolve_district(village_part or text)
    if district:
        same = [p for p in _resolve_village(district) if _pdist(p).lower() == district.lower()]
        if same:
            return _done(_pname(same[0]), _pdist(same[0]))
        inside = _villages_in(district)
        if inside:
            opts = " ".join(f"{i} {_pname(p)}" for i, p in enumerate(inside, 1))
            prompt = f"Desa/kelurahan apa di Kec. {district}? {opts}. Balas angka."
            if len(prompt) <= 160:
                choices = [_encode(_pname(p), _pdist(p)) for p in inside]
                return {"village": None, "district": district, "village_choices": choices,
                        "village_prompt": prompt}, prompt
        prompt = _fit(f"Di Kec. {district}, desa/kelurahan apa? Mohon tulis nama desanya.")
        return {"village": None, "district": district, "village_choices": None, "village_prompt": prompt}, prompt

    # 4. unknown: offer the closest names
    shown = (village_part or text)[:25]
    options = _suggest(village_part or text, 3)
    if options:
        choices = [_encode(_pname(p), _pdist(p)) for p in options]
        opts = " ".join(f"{i} {_pname(p)} (Kec. {_pdist(p)})" for i, p in enumerate(options, 1))
        nums = "/".join(str(i) for i in range(1, len(options) + 1))
        prompt = f"Desa {shown} tidak ditemukan. Maksudnya: {opts}? Balas {nums} atau tulis lagi."
        if len(prompt) > 160:
            opts = " ".join(f"{i} {_pname(p)}" for i, p in enumerate(options, 1))
            prompt = _fit(f"Desa {shown} tidak ditemukan. Maksudnya: {opts}? Balas {nums} atau tulis lagi.")
        if len(prompt) + len(QUIT_HINT) <= 160:
            prompt += QUIT_HINT  # "gak jadi" typed here is no desa: say how to stop
        return {"village": None, "village_choices": choices, "village_prompt": prompt}, prompt
    prompt = "Maaf, desa itu tidak ada di Banyuwangi. Mohon tulis nama desa/kelurahan saja, contoh: Jambewangi." + QUIT_HINT
    return {"village": None, "village_choices": None, "village_prompt": prompt}, prompt


def slot_before_latest_message(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message (what this turn set is ignored)."""
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
        elif event.get("event") in ("restart", "session_started"):
            value = None
    return value


def hold_place(tracker: Tracker) -> tuple[str, str | None] | None:
    """Call first in a form's ``get_validation_events``. A place named in a later answer
    ("puskesmas sobo", "dekat desa kaliploso") must not move the case to another desa: when
    this turn's entities changed a desa set before, while the form asked for something else,
    the new candidates are dropped (not validated) and the old (village, district) returned
    for ``keep_place``; else None."""
    requested = tracker.get_slot("requested_slot")
    if not requested or requested == "village":
        return None
    before = slot_before_latest_message(tracker, "village")
    if not before or tracker.get_slot("village") == before:
        return None
    kept = (before, slot_before_latest_message(tracker, "district"))
    tracker.slots["village"], tracker.slots["district"] = kept
    n = len(tracker.events)
    while n and tracker.events[n - 1].get("event") == "slot":
        n -= 1  # the slot candidates are the trailing slot events
    tracker.events[n:] = [e for e in tracker.events[n:] if e.get("name") not in ("village", "district")]
    return kept


def keep_place(events: list, kept: tuple[str, str | None] | None) -> list:
    """The validation events, with the held (village, district) set again."""
    if kept is None:
        return events
    return [e for e in events if e.get("name") not in ("village", "district")] + [
        SlotSet("village", kept[0]), SlotSet("district", kept[1])]


class VillageSlotsMixin:
    """``extract_village`` + ``validate_village`` for a ``FormValidationAction``.

    Put it before ``FormValidationAction`` in the bases. The form needs ``village`` in
    its required slots; ``district`` is set alongside (it need not be required).
    """

    async def get_extraction_events(self, dispatcher, tracker, domain) -> list:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        raw = ((tracker.latest_message or {}).get("text") or "").strip()
        if (requested and latest_intent(tracker) in KEYWORD_ONLY_INTENTS and not escapes_form(tracker)
                and requested not in {e.get("name") for e in events}):
            # Text the NLU took for MENU/BATAL: Rasa's from_text mapping skipped it, but
            # it is the answer to the question (the keywords themselves arrive as payloads).
            tracker.slots[requested] = raw
            events.append(SlotSet(requested, raw))
        return events

    async def get_validation_events(self, dispatcher, tracker, domain) -> list:
        # rasa-sdk returns only the form's own slots; the kecamatan found with the desa
        # (``district`` is not asked by the forms) must not get lost.
        kept = hold_place(tracker)
        events = keep_place(await super().get_validation_events(dispatcher, tracker, domain), kept)
        names = {e.get("name") for e in events}
        if "village" in names and "district" not in names:
            events.append(SlotSet("district", tracker.slots.get("district")))
        return events

    def extract_village(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if tracker.get_slot("requested_slot") != "village":
            return {}
        if escapes_form(tracker):
            return {}
        text = typed((tracker.latest_message or {}).get("text"))
        if not text or text.startswith("/"):
            return {}
        return {"village": text}

    def validate_village(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {}
        value = typed(value)
        answered = tracker.get_slot("requested_slot") == "village"
        text = (latest_text(tracker) or value) if answered else value
        ent_village = latest_entity(tracker, "village")
        if not answered:
            # filled from an entity in some other turn: that value is the text to resolve
            ent_village = str(value)
        slots, _prompt = village_outcome(
            text or str(value),
            entity_village=ent_village,
            entity_district=latest_entity(tracker, "district"),
            pending=tracker.get_slot("village_choices") if answered else None,
            known_district=tracker.get_slot("district"),
        )
        return slots


def make_ask_village_action(form_name: str | None, question: str) -> type:
    """An ``action_ask_<form>_village`` (or ``action_ask_village``) class.

    It asks ``question`` unless the last answer left a pending prompt (choices to
    pick by number), which it asks instead.
    """
    action_name = f"action_ask_{form_name}_village" if form_name else "action_ask_village"

    class _AskVillage(Action):
        def name(self) -> str:
            return action_name

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
            prompt = tracker.get_slot("village_prompt")
            dispatcher.utter_message(text=prompt or question)
            return []

    _AskVillage.__name__ = "Ask" + "".join(p.title() for p in action_name.split("_"))
    return _AskVillage


VILLAGE_SLOTS = ("village", "district", "village_choices", "village_prompt")


# --------------------------------------------------------------------------- form questions

def make_ask_action(form_name: str | None, slot: str, question) -> type:
    """An ``action_ask_<form>_<slot>`` class (``action_ask_<slot>`` when ``form_name`` is None).

    ``question`` is a string or ``callable(tracker) -> str``. When a validator stored a
    re-ask in the ``retry_prompt`` slot (an invalid answer), that is asked instead and
    cleared.
    """
    action_name = f"action_ask_{form_name}_{slot}" if form_name else f"action_ask_{slot}"

    class _Ask(Action):
        def name(self) -> str:
            return action_name

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
            retry = tracker.get_slot("retry_prompt")
            if retry:
                dispatcher.utter_message(text=retry)
                return [SlotSet("retry_prompt", None)]
            dispatcher.utter_message(text=question(tracker) if callable(question) else question)
            return []

    _Ask.__name__ = "Ask" + "".join(p.title() for p in action_name.split("_"))
    return _Ask


_YES = {"ya", "iya", "y", "yes", "ok", "oke", "okey", "okay", "benar", "betul", "bener", "nggih",
        "inggih", "enggih", "injih", "leres", "sudah", "udah", "setuju", "kirim", "boleh", "mau", "yoi",
        "yup", "siap", "sip", "ho'oh", "hooh", "iyo", "yo"}
_NO = {"tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "no", "bukan", "salah", "mboten",
       "boten", "ora", "jangan", "belum", "blm", "tak", "ndak", "nda", "emoh", "nope"}


def yes_no(text: str | None, intent: str | None = None) -> bool | None:
    """True for yes, False for no, None when unclear. The words win over the intent."""
    words = re.findall(r"[a-z']+", (text or "").lower())
    if words:
        if words[0] in _YES or (len(words) <= 3 and any(w in _YES for w in words) and not any(w in _NO for w in words)):
            return True
        if words[0] in _NO or (len(words) <= 3 and any(w in _NO for w in words)):
            return False
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return None


def typed(value: Any) -> str:
    """A form answer as the villager typed it.

    Right after the menu the webhook turns a bare digit into the menu's intent
    ("2" -> "/report_pregnancy"); when a form question was asked in the same reply,
    that digit was meant for the form, so the payload is turned back into it.
    """
    text = str(value if value is not None else "").strip()
    if text.startswith("/"):
        from bot.keywords import MENU_CHOICES

        for digit, payload in MENU_CHOICES.items():
            if payload == text:
                return digit
    return text


def answer_text(tracker: Tracker, value: Any) -> str:
    """The text a form answer came from (the slot value as text when it is not the latest message)."""
    text = latest_text(tracker)
    return text if text and not text.startswith("/") else str(value or "")


def join_within(parts: Sequence[str], limit: int, *, keep: int = 1) -> str:
    """Join sentences with spaces, dropping optional ones from the end until it fits ``limit``.

    The first ``keep`` parts are always kept (cut with "..." only if they alone are too long).
    Parts after them are dropped last-first; a part is skipped rather than cut.
    """
    parts = [p.strip() for p in parts if p and p.strip()]
    head, tail = parts[:keep], parts[keep:]
    text = " ".join(head)
    if len(text) > limit:
        return text[: limit - 3].rstrip() + "..."
    for part in tail:
        candidate = f"{text} {part}" if text else part
        if len(candidate) <= limit:
            text = candidate
    return text


_NAME_PREFIX_RE = re.compile(
    r"^(?:(?:nama\s*(?:saya|lengkap(?:nya)?|pemohon|ibu(?:nya)?|bapak(?:nya)?|beliau)?|namanya|saya|atas\s*nama)\b"
    r"|a\.\s*n\.)\s*(?:adalah|:|=)?\s*",
    re.IGNORECASE,
)


def clean_person_name(text: str | None) -> str | None:
    """'nama saya siti aminah' -> 'Siti Aminah'; None when it does not look like a name."""
    text = " ".join((text or "").split())
    text = _NAME_PREFIX_RE.sub("", text).strip(" .,:;-")
    if not (2 <= len(text) <= 60) or re.search(r"\d", text) or not re.search(r"[A-Za-z]", text):
        return None
    if not re.fullmatch(r"[A-Za-z .,'\-]+", text):
        return None
    return " ".join(w.capitalize() for w in text.split())


def form_activating(tracker: Tracker) -> bool:
    """True while a form's validation runs for the message that started it.

    (Rasa passes the tracker with the ``ActiveLoop`` event already applied, so the
    active loop cannot tell; but no slot has been requested yet.)
    """
    return tracker.get_slot("requested_slot") is None


class NextSlotMixin:
    """Make a ``FormValidationAction`` always name the next requested slot.

    (rasa-sdk leaves it to Rasa when ``required_slots`` happens to equal the domain's
    list, so the events would depend on which slots were skipped.)
    """

    async def next_requested_slot(self, dispatcher, tracker, domain):
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = next((s for s in required if tracker.slots.get(s) is None), None)
        return SlotSet("requested_slot", missing)
