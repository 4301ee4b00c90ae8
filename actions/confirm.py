"""The last step of a service form (``make_confirm_step``): a summary, YA to send it, a number
or words to correct one answer or several ("salah, namanya Dewi, desanya Tamansuruh")."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import call_potential_coroutine

from actions.helpers.answers import joined_note, yes_no
from actions.helpers.corrections import correction_value, without_choice
from actions.helpers.options import as_numbers
from actions.questions import domain_text
from actions.side_questions import summary_answer
from actions.tracker import last_question, latest_text
from bot.core.numbers import parse_choice
from nlu import faq
from nlu.yes_no import after_yes

# The number words a correction menu's choice may be written with ("tiga" for 3).
NUMBER_WORDS = ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


# "YA. Catatan: nomor tsb HP suami" (round 9, c2): a yes, then a note for the officer
_NOTE = re.compile(r"^(?:catatan|cttn|ctt|nb|n\.b\.?|keterangan|ket|info|tambahan)\s*[:.=-]\s*(?P<note>\S.*)$",
                   re.IGNORECASE | re.DOTALL)


UNCLEAR = "Maaf, belum kami pahami."
# A correction that names the dusun and not the desa: its value is the dusun, even when a desa
# has that name (round 28: "dusun Rejoagung" moved the report to Desa Rejoagung's midwife).
_DUSUN_NAMED = re.compile(r"\b(?:dusun|dsn|dhusun)\w*", re.IGNORECASE)
_DESA_NAMED = re.compile(r"\b(?:desa|deso|dhisa|kelurahan|ds)\b|\b(?:desa|deso)\w+", re.IGNORECASE)
# Words of a yes that add nothing for the officer ("iya benar semua, terima kasih banyak pak").
_POLITE = frozenset({"benar", "bener", "betul", "leres", "sampun", "sudah", "udah", "wis", "wes", "semua", "semuanya",
                     "kabeh", "sedaya", "terima", "kasih", "makasih", "matur", "nuwun", "suwun", "sakalangkong", "banyak",
                     "pak", "bu", "mas", "mbak", "dik", "min", "kak", "nggih", "ya", "iya", "yo", "ok", "oke", "sip",
                     "itu", "ini", "iku", "niku", "datane", "data", "datanya", "mantap", "lanjut", "kirim", "silakan"})
_BUT = re.compile(r"^\W*(?:cuma|cuman|mung|hanya)\b|\b(?:tapi|tp|tpi|tapine|namun|nanging|kecuali|sakjane|sebenarnya)\b",
                  re.IGNORECASE)  # "iya bener, tapi hamil e sing kaping telu" (round 17: filed as a yes)
_CHANGE = re.compile(r"\b(?:salah|keliru|kliru|lepat|ganti|gantos|diganti|ubah|diubah|dudu|bukan|sanes|benni|banne|"
                     r"ralat|koreksi)\b", re.IGNORECASE)


def yes_and_more(text: str | None) -> tuple[str, str] | None:
    """A yes with more words after it at a summary (round 16): ("correction", rest) when the rest
    takes something back ("iyo, tapi mbah iku wis sing iso masak"); ("note", rest) when it only adds
    (four words or more: "YA pak. bayine lair teng puskesmas Paspan tgl 1 Desember"); else None."""
    rest = after_yes(text)
    if not rest:
        return None
    rest = rest.strip(" ,.;:-")
    if _NOTE.match(rest) or "?" in rest:  # "YA. Catatan: ...", a question: their own rules
        return None
    if _BUT.search(rest) or _CHANGE.search(rest):
        return "correction", rest
    if len([w for w in re.findall(r"[A-Za-z0-9]{2,}", rest.lower()) if w not in _POLITE]) >= 3:
        return "note", rest
    return None


def summary_note(text: str | None) -> str | None:
    """The note a yes at a summary carries: "YA. Catatan: ..." or "YA pak. bayine lair teng ..."
    (``yes_and_more``); None for a bare yes, a correction or anything else."""
    more = yes_and_more(text)
    return yes_with_note(text) or (more[1] if more and more[0] == "note" else None)


def yes_with_note(text: str | None) -> str | None:
    """The note of "YA. Catatan: ..." at a summary (a yes, no correction), else None. The one
    rule for every form's confirmation (``make_confirm_step`` and the document form's own)."""
    note = _NOTE.match(after_yes(text) or "")
    return note["note"].strip() if note else None


class ConfirmStep(NamedTuple):
    """What ``make_confirm_step`` returns: the ``action_ask_<slot>`` class and the validator."""

    ask_action: type
    validate: Callable


# Clauses of a correction: sentences, commas, and "terus"/"lan" joining two fields ("namanya
# Siti Romlah terus desanya Setail"); a clause that names no field stays with the one before.
CLAUSES = re.compile(r"[.;\n]+|,\s*|\s+(?:terus|trus|trs|lalu|lan|dan|karo|kalih)\s+", re.IGNORECASE)


def make_confirm_step(
    slot: str, summary: Callable[[Tracker], str], corrections: Mapping[int, tuple[str, ...]],
    direct: Mapping[int, tuple[str, ...]] | None = None,
    by_shape: Mapping[int, Callable[[str], bool]] | None = None,
    facts: Callable[[str], dict] | None = None,
) -> ConfirmStep:
    """The confirmation that ends a service form (slot ``<p>_confirm``, responses ``utter_<p>_...``).

    Usage::

        CONFIRM = make_confirm_step("jek_confirm", lambda t: summary_text(tracker_slots(t)), CORRECTIONS)
        ActionAskJekConfirm = CONFIRM.ask_action          # action_ask_jek_confirm

        class ValidateTransportForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
            validate_jek_confirm = CONFIRM.validate

    ``ask_action`` utters ``utter_<p>_summary`` (with ``summary(tracker)`` as ``{summary}``)
    then ``utter_<p>_confirm_question``; right after a "tidak" to that question it utters
    the correction menu ``utter_<p>_ask_correction`` instead.

    ``direct``: for a correction number, the slots whose validators may take the new value said
    with it ("namane salah, Siti Rahayu"), tried in order; the first valid one is kept and the
    summary shown again, else the slots are cleared and asked.

    ``by_shape``: for a correction number, whether a message that names no field still carries
    a value only that field takes ("ternyata dirujuk nang RSUD Blambangan": a destination); the
    value is then tried as with ``direct``.

    ``facts``: the fields a message names in sentences ("Mbah Painah yuswanipun 78, dalemipun Dusun
    Krajan RT 03 ... mboten saged masak"), slot -> raw value; when two or more of them validate,
    they are all taken and the summary shown again.

    ``validate``: YA (``yes_no``) fills the slot with True; a number 1..n of
    ``corrections`` (digits or ``NUMBER_WORDS``) clears the slots it names, so the form
    asks them again; anything else leaves the slot empty, and the question is asked again.
    """
    prefix = slot.removesuffix("_confirm")
    action_name = f"action_ask_{slot}"
    numbered = re.compile("|".join((r"\d", *NUMBER_WORDS[: len(corrections)])))

    async def take(self, choice: int, said: str, dispatcher, tracker, domain) -> dict | None:
        """The new value said with correction ``choice``, through the first of its ``direct``
        validators that accepts it; None when none does (or nothing was said)."""
        names = list((direct or {}).get(choice, ())) if said else []
        text = latest_text(tracker) or ""
        if "village" in names and _DUSUN_NAMED.search(text) and not _DESA_NAMED.search(text):
            names.append(names.pop(names.index("village")))  # "dusunipun lepat, leresipun dusun Rejoagung" (round 28)
        for name in names:
            result = await call_potential_coroutine(getattr(self, f"validate_{name}")(said, dispatcher, tracker, domain))
            # valid: something set, nothing to re-ask (a helper validator may set other slots than its name)
            if (isinstance(result, dict) and any(v is not None for v in result.values())
                    and not result.get("retry_prompt") and result.get(name, True) is not None):
                # a new desa: what belonged to the old one (dusun, pick-up place) is asked again
                cleared = {n: None for n in corrections[choice] if n not in result} if name == "village" else {}
                return {**cleared, **result, slot: None}
        return None

    async def told_facts(self, said: str, dispatcher, tracker, domain) -> dict | None:
        """Two fields or more told in sentences, each through its own validator; None else."""
        result: dict = {}
        told = facts(said)
        for name, raw in told.items():
            taken = await call_potential_coroutine(getattr(self, f"validate_{name}")(raw, dispatcher, tracker, domain))
            if isinstance(taken, dict) and taken.get(name) is not None and not taken.get("retry_prompt"):
                result.update(taken)
        return {**result, slot: None} if len(told.keys() & result.keys()) >= 2 else None

    async def several(self, said: str, dispatcher, tracker, domain) -> dict | None:
        """"salah min. nama istri sy Dewi Puspita, bukan surat rujukan. desanya Tamansuruh": two
        fields or more named, each in its own clause with its new value; every value a field
        takes is kept, the others are asked again. None when fewer than two fields are named."""
        question = last_question(tracker)
        found: list[tuple[int, str]] = []
        for clause in CLAUSES.split(said or ""):
            named = as_numbers(re.sub(r"\d+", " ", clause), question, multi=False)
            if named and int(named) in corrections and all(int(named) != n for n, _ in found):
                found.append((int(named), clause))
            elif found:  # "namanya salah, yang bener Siti Romlah": the value goes with its field
                found[-1] = (found[-1][0], f"{found[-1][1]}, {clause}")
        if len(found) < 2:
            return None
        result: dict = {}
        for choice, value in ((n, correction_value(text, question)) for n, text in found):
            taken = await take(self, choice, value, dispatcher, tracker, domain) if value else None
            result.update(taken if taken is not None else {name: None for name in corrections[choice]})
        return {**result, slot: None}

    async def validate(self, value, dispatcher, tracker, domain) -> dict:
        said_all = latest_text(tracker) or ""
        more = yes_and_more(said_all)
        if value is True and not more and yes_no(said_all, "affirm") is True:  # "eh desaku salah ..." is no yes
            return {slot: True}
        note = summary_note(said_all)
        if note:  # "YA. Catatan: nomor tsb HP suami", "YA pak. bayine lair teng ...": yes, and a note
            asked = faq.known_question(said_all, tracker.active_loop_name)
            return {slot: True, "case_note": joined_note(tracker.get_slot("case_note"), note),
                    **({"other_request": asked} if asked else {})}
        if more:  # "iyo, tapi mbah iku wis sing iso masak" (round 16): a correction after the yes, no yes
            said_all = value = more[1]
        told = await told_facts(self, said_all, dispatcher, tracker, domain) if facts else None
        if told is not None:
            return told
        many = await several(self, said_all, dispatcher, tracker, domain)
        if many is not None:
            return many
        text = str(value)
        if not more and yes_no(text) is True:
            # "nggih leres. niki mbayar mboten pak?": yes, and a question answered after the case
            asked = faq.known_question(said_all or text, tracker.active_loop_name)
            return {slot: True, "other_request": asked} if asked else {slot: True}
        choice = parse_choice(text, len(corrections))
        if choice is not None and len(re.findall(r"[a-zA-Z]{2,}", text)) >= 3 and not re.match(r"\W*\d", text):
            # "papan jemputipun dipun gantos, ngajeng SD Kemiren 2" (round 13 M2): a number inside a
            # sentence is no menu number when the words name a field, or have a field's shape
            # ("salah, anak terakhir umur 5 th"); "6, anak terakhir ..." chose 6 first
            named = as_numbers(re.sub(r"\d+", " ", text), last_question(tracker), multi=False)
            shaped = by_shape and any(fits(correction_value(said_all or text, last_question(tracker)))
                                      for fits in by_shape.values())
            choice = int(named) if named else None if shaped else choice
        if choice is None:  # "waktunya salah, besok jam 9", "asmanipun Rukmini, sanes ...": the field in words
            named = as_numbers(re.sub(r"\d+", " ", text), last_question(tracker), multi=False)
            choice = int(named) if named else None
            text = named or text
        if choice is not None and numbered.search(text.lower()):
            # "eh jamnya diganti aja, jam tujuh pagi": the new value is taken at once, the summary again
            said = without_choice(correction_value(said_all, last_question(tracker)), choice)
            taken = await take(self, choice, said, dispatcher, tracker, domain)
            for number, fits in (by_shape or {}).items() if taken is None and said else ():
                # "ana' se terakhir gi' omor settong taon": no mother's age, a child's (round 23)
                if number != choice and fits(said):
                    taken = await take(self, number, said, dispatcher, tracker, domain)
                    break
            if taken is not None:
                return taken
            slots = {name: None for name in corrections[choice]}
            slots[slot] = None
            return slots
        if choice is None and by_shape:
            said = correction_value(said_all or text, last_question(tracker))
            for number, fits in by_shape.items():
                if said and fits(said):
                    taken = await take(self, number, said, dispatcher, tracker, domain)
                    if taken is not None:
                        return taken
        if yes_no(said_all) is False:  # "tidak": the ask action shows the correction menu
            return {slot: None}
        if (known := summary_answer(said_all, tracker.active_loop_name)):  # "biayane pinten?" (round 20)
            return {slot: None, "retry_prompt": f"{known} {domain_text(domain, f'utter_{prefix}_confirm_question')}"}
        # words that change nothing are said not to be understood, never the same summary again (round 16)
        return {slot: None, "retry_prompt": f"{UNCLEAR} {domain_text(domain, f'utter_{prefix}_ask_correction')}"}

    class _AskConfirm(Action):
        def name(self) -> str:
            return action_name

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
            if tracker.get_slot("requested_slot") == slot and tracker.get_slot("retry_prompt"):
                dispatcher.utter_message(text=tracker.get_slot("retry_prompt"))
                return [SlotSet("retry_prompt", None)]
            if tracker.get_slot("requested_slot") == slot and yes_no(latest_text(tracker)) is False:
                dispatcher.utter_message(response=f"utter_{prefix}_ask_correction")
                return []
            dispatcher.utter_message(response=f"utter_{prefix}_summary", summary=summary(tracker))
            dispatcher.utter_message(response=f"utter_{prefix}_confirm_question")
            return []

    validate.__name__ = validate.__qualname__ = f"validate_{slot}"
    _AskConfirm.__name__ = _AskConfirm.__qualname__ = "".join(p.title() for p in action_name.split("_"))
    return ConfirmStep(_AskConfirm, validate)
