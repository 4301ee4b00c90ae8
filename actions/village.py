"""Which desa: resolving an answer to "which desa?" and the form pieces that ask it.

``village_outcome`` (pure) decides what an answer means; ``VillageSlotsMixin`` adds
``extract_village`` / ``validate_village`` to a ``FormValidationAction``;
``make_ask_village_action`` is the form's question (the pending choices "balas 1/2/3"
when there are some); ``actions.place_hold`` keeps a desa set earlier when a later answer
names another place. Place data comes from ``nlu.places``.

A service form: ``class ValidatePregnancyForm(VillageSlotsMixin, FormValidationAction)`` and
``make_ask_village_action("pregnancy_form", "Di desa mana ibu tinggal?")`` (the slots
``village``, ``district``, ``village_choices``, ``village_prompt`` are in ``domain/common.yml``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers.answer_parts import aside, dusun_said, stray
from actions.helpers.answers import MARKERS, yes_no
from actions.helpers.first_message import dusun_in
from actions.helpers.places_of_care import names_a_facility
from actions.late_correction import late_correction_events
from actions.place_hold import hold_place, keep_place
from actions.questions import question_text
from actions.side_questions import side_question_events
from actions.tracker import (
    ESCAPE_INTENTS,
    PHOTO_KEPT,
    escapes_form,
    hold_answers,
    last_question,
    latest_entity,
    latest_intent,
    latest_text,
    message_location,
    photo_caption,
    typed,
)
from bot.core.sms import cut_to_segment, one_segment
from nlu import places
from nlu.coordinates import nearest_desa
from nlu.violence import fears_discovery

_PREFIX_RE = re.compile(r"^(?:di\s+|dari\s+)?(?:desa|ds\.?|kel\.?|kelurahan|dsn\.?|dusun)\s+", re.IGNORECASE)
_DISTRICT_SPLIT_RE = re.compile(r"(?:^|[,\s]+)(?:kec\.?|kecamatan)\s+", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*(?:no\.?\s*|nomor\s*)?(\d{1,2})\s*\.?\s*$", re.IGNORECASE)


def _resolve_village(text: str) -> list[places.Place]:
    return places.resolve_village(text.strip()) if (text or "").strip() else []


def _resolve_district(text: str) -> str | None:
    text = (text or "").strip()
    found = places.resolve_district(text) if text else None
    return found.name if found else None


def _suggest(text: str, n: int = 3) -> list[places.Place]:
    return [p for p in places.suggest(text, n=n + 2) if p.is_village][:n]


def _villages_in(district: str) -> list[places.Place]:
    return [p for p in places.villages_in(district) if p.is_village]


def _encode(name: str, district: str) -> str:
    return f"{name}|{district}"

def _decode(choice: str) -> tuple[str, str]:
    name, _, district = choice.partition("|")
    return name, district

def _done(name: str, district: str) -> tuple[dict, None]:
    return {"village": name, "district": district, "village_choices": None, "village_prompt": None}, None


def _fit(prompt: str) -> str:
    return cut_to_segment(prompt)


QUIT_HINT = " BATAL: berhenti."

# Words that put a place name next to the desa, not in it: "cedak pasar sempu", "depan SD Jambewangi".
_NEAR = re.compile(r"\b(dekat|dkt|deket|cedak|cidek|cerak|depan|dpn|ngarep|sebelah|samping|belakang|mburi|"
                   r"pasar|masjid|sekolah|sd|smp|sma|balai|kantor|puskesmas|stasiun|terminal|jembatan|pabrik|"
                   r"perbatasan|arah|lapangan|bal|kulone|wetane|lore|kidule|kulon|wetan|lor|kidul|pojok|gang|"
                   r"warung|toko|langgar|mushola|musholla)\b", re.IGNORECASE)


def join_worry(before: str | None, text: str) -> str:
    """The villager's fears, each kept (for the officer), within 300 characters."""
    return "; ".join(p for p in (before, " ".join(text.split())) if p)[:300]


def near_only(text: str, name: str) -> bool:
    """Whether ``name`` is written right after a word of nearness or a landmark (within two
    words), so the desa is a guess to confirm."""
    m = re.search(r"[\s-]*".join(re.escape(c) for c in name.lower().replace(" ", "")), (text or "").lower())
    if not m:
        return False
    before = re.findall(r"[a-z]+", text.lower()[: m.start()])[-3:]
    own_office = before[-2:] in (["kantor", "desa"], ["balai", "desa"], ["kantor", "kelurahan"])  # round 18: in it
    return not own_office and any(_NEAR.fullmatch(w) for w in before)


def _propose(name: str, district: str, prefix: str = "") -> tuple[dict, str]:
    prompt = _fit(f"{prefix}Apakah di Desa {name}, Kec. {district}? Balas YA, atau tulis nama desanya." + QUIT_HINT)
    return {"village": None, "village_choices": [_encode(name, district)], "village_prompt": prompt}, prompt


def pin_proposal(pin: dict | None, prefix: str = "") -> dict | None:
    """A location pin instead of a desa: the nearest desa (data/places/desa_coordinates.csv,
    MIT) proposed for a YA, never three unrelated names; None when the pin is outside
    Banyuwangi's desa (then the desa is asked in words)."""
    near = nearest_desa(pin["latitude"], pin["longitude"]) if pin else None
    return None if near is None else _propose(near.village, near.district, prefix)[0]


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
    if text.lower() in MARKERS and not entity_village:
        # a photo or a pin is no desa: never offer desa names for "[lokasi]"
        prompt = "Terima kasih. Mohon tulis juga nama desa/kelurahannya, contoh: Jambewangi." + QUIT_HINT
        return {"village": None, "village_choices": list(pending) or None, "village_prompt": prompt}, prompt
    # 0. "YA" / "bukan" to the one desa proposed for a pin
    if len(pending) == 1 and yes_no(text) is True:
        return _done(*_decode(pending[0]))
    if len(pending) == 1 and yes_no(text) is False:
        if not _resolve_village(text):  # "ora, jambewangi" names the desa: taken below
            prompt = "Mohon tulis nama desanya, contoh: Jambewangi." + QUIT_HINT
            return {"village": None, "village_choices": None, "village_prompt": prompt}, prompt
        pending = []
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
        if not picks:
            # "ingkang Licin", "sing kecamatan licin", "yg di Licin": a choice's kecamatan named in the words
            # (before any desa of that name: the question was which of these, Round-5 finding 2)
            words = " " + " ".join(re.findall(r"[a-z]+", low)) + " "
            picks = [c for c in pending if f" {_decode(c)[1].lower()} " in words]
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
        whole = _resolve_village(text) if found else []
        if len(whole) == 1 and ((len(found) > 1 and whole[0].name == found[0].name)
                                or (len(found) == 1 and whole[0].district == found[0].name != whole[0].name)):
            found = whole  # the whole answer settles it: "Watukebo, paneka neng Wongsorejo", "Kandangan, Pesanggaran"
    if not found:
        found = _resolve_village(text)
    if not found and village_part and village_part != text:
        found = _resolve_village(village_part)
    if not found:  # "glagah, dusun krajan", "sing glagah": the desa before the dusun, after a filler
        for segment in re.split(r",|;|\b(?:dusun|dsn|rt|rw|dekat|cedak|depan)\b", text, flags=re.IGNORECASE):
            segment = re.sub(r"^\s*(?:sing|seng|yang|yg|ning|nang|ing|neng|teng)\s+", "", segment, flags=re.IGNORECASE)
            segment = _PREFIX_RE.sub("", segment.strip()).strip(" ,.")
            words = segment.split()
            # the segment, or its last word or two ("SMP 1 Glagah", "lapangan bal jambewangi")
            for candidate in dict.fromkeys([segment, " ".join(words[-2:]), " ".join(words[-1:])]):
                if candidate and not candidate.isdigit() and (found := _resolve_village(candidate)):
                    break
            if found:
                break

    if len(found) > 1:
        for d in (district, known_district):
            if d:
                narrowed = [p for p in found if p.district.lower() == d.lower()]
                if len(narrowed) == 1:
                    found = narrowed
                    break
    if len(found) == 1:
        if near_only(text, found[0].name) or stray(text, found[0].name):
            return _propose(found[0].name, found[0].district)  # "cedak pasar sempu", a song's line: confirm
        return _done(found[0].name, found[0].district)
    if len(found) > 1:
        choices = [_encode(p.name, p.district) for p in found]
        opts = " ".join(f"{i} Kec. {p.district}" for i, p in enumerate(found, 1))
        prompt = _fit(f"Desa {found[0].name} ada di {len(found)} kecamatan: {opts}. "
                      f"Balas angka kecamatan yang benar.")
        return {"village": None, "village_choices": choices, "village_prompt": prompt}, prompt

    # 3. only a kecamatan?
    district = district or entity_district or _resolve_district(village_part or text)
    if district:
        same = [p for p in _resolve_village(district) if p.district.lower() == district.lower()]
        if same:
            return _done(same[0].name, same[0].district)
        inside = _villages_in(district)
        if inside:
            opts = " ".join(f"{i} {p.name}" for i, p in enumerate(inside, 1))
            prompt = f"Desa/kelurahan apa di Kec. {district}? {opts}. Balas angka."
            if one_segment(prompt):
                choices = [_encode(p.name, p.district) for p in inside]
                return {"village": None, "district": district, "village_choices": choices,
                        "village_prompt": prompt}, prompt
        prompt = _fit(f"Di Kec. {district}, desa/kelurahan apa? Mohon tulis nama desanya.")
        return {"village": None, "district": district, "village_choices": None, "village_prompt": prompt}, prompt

    # 4. unknown: offer the closest names
    shown = (village_part or text)[:25]
    options = _suggest(village_part or text, 3)
    if options:
        choices = [_encode(p.name, p.district) for p in options]
        opts = " ".join(f"{i} {p.name} (Kec. {p.district})" for i, p in enumerate(options, 1))
        nums = "/".join(str(i) for i in range(1, len(options) + 1))
        prompt = f"Desa {shown} tidak ditemukan. Maksudnya: {opts}? Balas {nums} atau tulis lagi."
        if not one_segment(prompt):
            opts = " ".join(f"{i} {p.name}" for i, p in enumerate(options, 1))
            prompt = _fit(f"Desa {shown} tidak ditemukan. Maksudnya: {opts}? Balas {nums} atau tulis lagi.")
        if one_segment(prompt + QUIT_HINT):
            prompt += QUIT_HINT  # "gak jadi" typed here is no desa: say how to stop
        return {"village": None, "village_choices": choices, "village_prompt": prompt}, prompt
    prompt = "Maaf, desa itu tidak ada di Banyuwangi. Mohon tulis nama desa/kelurahan saja, contoh: Jambewangi." + QUIT_HINT
    return {"village": None, "village_choices": None, "village_prompt": prompt}, prompt

class VillageSlotsMixin:
    """``extract_village`` + ``validate_village`` for a ``FormValidationAction``.

    Put it before ``FormValidationAction`` in the bases. The form needs ``village`` in
    its required slots; ``district`` is set alongside (it need not be required). A form
    with a dusun question names its slot in ``DUSUN_SLOT``: a dusun given with the desa fills it.
    """

    async def get_extraction_events(self, dispatcher, tracker, domain) -> list:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        raw = ((tracker.latest_message or {}).get("text") or "").strip()
        if (requested and requested != "village" and latest_intent(tracker) in ESCAPE_INTENTS
                and not escapes_form(tracker) and requested not in {e.get("name") for e in events}):
            # Text the NLU took for MENU/BATAL, or for an emergency with no danger sign in this
            # form ("Ahmad Fauzi, bapake bayi" for the applicant's name): Rasa's from_text mapping
            # skipped it, but it is the answer to the question (the keywords arrive as payloads).
            tracker.slots[requested] = raw
            events.append(SlotSet(requested, raw))
        return events

    async def get_validation_events(self, dispatcher, tracker, domain) -> list:
        if (late := await late_correction_events(self, dispatcher, tracker, domain)) is not None:
            return late  # "salah, dusun Krajan" at the next question (round 15)
        # rasa-sdk returns only the form's own slots; the kecamatan found with the desa must not get lost
        held = hold_answers(tracker)
        kept = hold_place(tracker)
        events = side_question_events(keep_place(await super().get_validation_events(dispatcher, tracker, domain),
                                                 kept), tracker)  # "iki mbayar ora?" (round 18 m1)
        set_now = {e.get("name") for e in events}  # a validator's own change ("ganti akta") wins
        events += [SlotSet(name, value) for name, value in held.items() if name not in set_now]
        names = set_now | set(held)
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
        asked = tracker.get_slot("requested_slot") or "_confirm"
        answered = asked == "village"
        if answered and (proposal := pin_proposal(message_location(tracker))):
            return proposal
        if not answered and not asked.endswith("_confirm") and aside(latest_text(tracker) or "", str(value)):
            return {"village": None}  # a song's line ("umbul umbul blambangan") while the NIK was asked
        care = getattr(self, "PLACES_OF_CARE_ARE_DESTINATIONS", False)
        if not answered and names_a_facility(tracker.latest_message, str(value), places_of_care=care):
            return {"village": None}  # "ke RSUD Blambangan": no desa of hers
        text = (latest_text(tracker) or value) if answered else value
        if answered and photo_caption(tracker, text) and not places.resolve_village(text):
            # a photo's caption ("ini surat rujukan") is no desa; the photo goes on the case (round 8)
            return {"village": None, "village_prompt": cut_to_segment(f"{PHOTO_KEPT} {last_question(tracker)}")}
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
        # "Jambewangi, dusun Krajan RT 2": the dusun given with the desa is not asked again
        dusun_slot = getattr(self, "DUSUN_SLOT", None)
        worry_slot = getattr(self, "WORRY_SLOT", None)
        if answered and worry_slot and fears_discovery(text):
            # "jambewangi. tapi ojo nganti bojoku ngerti, aku wedi": the fear is kept for the officer
            # and answered with the next question, never taken for an address
            slots[worry_slot] = join_worry(tracker.get_slot(worry_slot), text)
            slots["retry_prompt"] = getattr(self, "WORRY_PROMPT", None)
        elif answered and slots.get("village") and dusun_slot and tracker.get_slot(dusun_slot) is None:
            # "Jambewangi, depan masjid": a landmark or a dusun without the word "dusun" too
            dusun = dusun_said(text, [slots.get("village"), slots.get("district")], dusun_in(text))
            if dusun:
                slots[dusun_slot] = dusun
        return slots

def make_ask_village_action(form_name: str | None, question: str) -> type:
    """An ``action_ask_<form>_village`` (or ``action_ask_village``) class.

    It asks ``question`` (a domain response ``utter_ask_<form>_village``) unless the last
    answer left a pending prompt (choices to pick by number), which it asks instead.
    """
    action_name = f"action_ask_{form_name}_village" if form_name else "action_ask_village"

    class _AskVillage(Action):
        def name(self) -> str:
            return action_name

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
            prompt = tracker.get_slot("village_prompt")
            dispatcher.utter_message(text=prompt or question_text(question, tracker, domain))
            return []

    _AskVillage.__name__ = "Ask" + "".join(p.title() for p in action_name.split("_"))
    return _AskVillage

VILLAGE_SLOTS = ("village", "district", "village_choices", "village_prompt")
