"""Documents (KTP-el, KK, akta, KIA and village letters): document_form -> case DOK-....

The form asks: document type (contract values), variant (baru, hilang, rusak,
perbaikan data, perubahan; only for Dukcapil documents), applicant name, NIK
(actions/helpers/nik.py; a NIK from outside Banyuwangi is confirmed by YA/TIDAK),
desa (shared village resolution) and a final confirmation where any answer can be
corrected by number. The case goes to the village operator; the reply gives the
reference and the essentials from data/document_catalogue.yml within two SMS segments.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.confirm import CLAUSES, summary_note, yes_and_more
from actions.forms import UNKNOWN, UNKNOWN_HINT, NextSlotMixin, make_ask_action, never_thrice, retry
from actions.helpers import catalogue
from actions.helpers import doc_subject as subject
from actions.helpers import nik as nikmod
from actions.helpers.answers import is_unknown, joined_note, person_name, yes_no
from actions.helpers.corrections import correction_value
from actions.helpers.doc_corrections import confirm_question, correction_prompt, field_of
from actions.tracker import (
    PHOTO_KEPT,
    answer_text,
    form_activating,
    latest_intent,
    latest_text,
    message_metadata,
    photo_caption,
    request_opening,
    request_user_events,
    sender_phone,
    typed,
)
from actions.village import VILLAGE_SLOTS, VillageSlotsMixin, make_ask_village_action
from nlu.requests import asks_how

logger = logging.getLogger(__name__)

FORM = "document_form"
DOC_SLOTS = ("document_type", "doc_variant", "applicant_name", "doc_subject", "nik", "nik_outside_ok", "doc_confirm")

VARIANT_QUESTION_OPTS = "1 Baru 2 Hilang 3 Rusak 4 Perbaikan data 5 Perubahan data"
# Numbers of the confirmation question -> the slots they reopen.
CORRECTIONS = {
    "1": ("document_type", "doc_variant"),
    "2": ("doc_variant",),
    "3": ("applicant_name", "doc_subject"),
    "4": ("nik", "nik_outside_ok"),
    "5": VILLAGE_SLOTS,
}


# A change of document said in words: "ganti", "bukan KK tapi ...", "dudu KK", "... disik ae" (not "ada di KTP")
_SWITCH = re.compile(r"\b(ganti|gantos|diganti|bukan|bkn|dudu|sanes|disik|duluan)\b"
                     r"|\b(ora|gak|ga|nggak|tidak|tdk|ndak|mboten)\s+(sido|sida|jadi)\b", re.IGNORECASE)  # "ora sido mas"
# the document named after a "not" is the one she does not want: "bukan KK", "dudu KK!"
_NOT_THIS = re.compile(r"\b(bukan|bkn|dudu|sanes|ora|gak|banne)\s+\w+", re.IGNORECASE)


def _doc_question(tracker: Tracker) -> str:
    return catalogue.document_question()


def _variant_question(tracker: Tracker) -> str:
    label = catalogue.label(tracker.get_slot("document_type") or "ktp")
    return f"{label[:1].upper()}{label[1:]} untuk apa? {VARIANT_QUESTION_OPTS}. Balas angka."


def _outside_question(tracker: Tracker) -> str:
    nik = tracker.get_slot("nik") or ""
    return (f"NIK ini terdaftar di luar Kab. Banyuwangi (kode {nik[:4]}). "
            "Apakah NIK sudah benar? Balas YA atau TIDAK.")


def _confirm_question(tracker: Tracker) -> str:
    return confirm_question({s: tracker.get_slot(s) for s in (*DOC_SLOTS, "village")})


ActionAskDocumentType = make_ask_action("document_type", _doc_question, form=FORM)
ActionAskDocVariant = make_ask_action("doc_variant", _variant_question, form=FORM)
ActionAskApplicantName = make_ask_action("applicant_name", "utter_ask_applicant_name", form=FORM)
ActionAskNik = make_ask_action("nik", "utter_ask_nik", form=FORM)
ActionAskDocSubject = make_ask_action("doc_subject", lambda t: subject.QUESTIONS.get(t.get_slot("document_type"), ""),
                                      form=FORM)
ActionAskNikOutsideOk = make_ask_action("nik_outside_ok", _outside_question, form=FORM)
ActionAskDocConfirm = make_ask_action("doc_confirm", _confirm_question, form=FORM)
ActionAskDocumentVillage = make_ask_village_action(FORM, "utter_ask_document_form_village")


# "gak apal nik ku", "lupa nik", "ktp ne ilang", "kula mboten ngertos NIK-ipun" (krama, round 23):
# the NIK is not at hand (answered TT)
_NIK_UNKNOWN = re.compile(r"\b(gak|ga|gk|nggak|ndak|tidak|tdk|ora|belum|blm|mboten|boten|sing|tak|ta')\s*(apal|hafal|hapal|tau|tahu|ngerti|"
                          r"ngertos|semerep|sumerep|uning|emut|enget|inget|ingat|eling|ada|ono|punya|gadhah|wonten)\b"
                          r"|\blupa\b|\bhilang\b|\bilang\b|\bkeli\b|\bsupe\b|\bkesupen\b",
                          re.IGNORECASE)


class ValidateDocumentForm(NextSlotMixin, VillageSlotsMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_document_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = list(domain_slots)
        doc = tracker.get_slot("document_type")
        if doc and doc not in catalogue.VARIANT_DOCS and "doc_variant" in slots:
            slots.remove("doc_variant")
        if not subject.needs_subject(doc) and "doc_subject" in slots:
            slots.remove("doc_subject")
        nik = tracker.get_slot("nik")
        if (not nik or nik.startswith(nikmod.BANYUWANGI)) and "nik_outside_ok" in slots:
            slots.remove("nik_outside_ok")
        return slots

    # -- extraction at activation: "KTP saya hilang" fills both type and variant

    def _activating(self, tracker: Tracker) -> bool:
        return form_activating(tracker) and latest_intent(tracker) == "request_document"

    def extract_document_type(self, dispatcher, tracker, domain) -> dict:
        if self._activating(tracker) and not tracker.get_slot("document_type"):
            doc = catalogue.parse_document_type(latest_text(tracker), allow_number=False)
            if doc:
                return {"document_type": doc}
        return {}

    def extract_doc_variant(self, dispatcher, tracker, domain) -> dict:
        if self._activating(tracker) and not tracker.get_slot("doc_variant"):
            text = latest_text(tracker)
            named = catalogue.documents_named(text)
            # two documents: the first named is the form's, and only its own words say its kind (round
            # 20: "akta lahir sik ae, KK ne mengko" gave the akta the KK's "perubahan data")
            doc = named[0] if len(named) > 1 else tracker.get_slot("document_type") or \
                catalogue.parse_document_type(text, allow_number=False)
            other = catalogue.second_document_clause(text) if len(named) > 1 else None
            variant = catalogue.parse_variant(text.replace(other, " ") if other else text, allow_number=False,
                                              document_type=doc)
            if variant:
                return {"doc_variant": variant}
        return {}

    def extract_applicant_name(self, dispatcher, tracker, domain) -> dict:
        """A second document within hours of the first ("Tadi Bapak/Ibu juga menulis: ... KK" YA,
        round 20: the applicant and the NIK were asked again): the same applicant, NIK and desa,
        shown at the summary where a different one is changed."""
        if not self._activating(tracker) or tracker.get_slot("applicant_name"):
            return {}
        if (named := subject.applicant_in_request(latest_text(tracker))):  # "nami kula Sumarni" (round 23)
            return {"applicant_name": named}
        case = casework.workflow.recent_open_case(casework.db(), sender_phone(tracker), "document", hours=3)
        if not case or not case["data"].get("applicant_name"):
            return {}
        found = {"applicant_name": case["data"]["applicant_name"], "nik": case["data"].get("nik") or UNKNOWN}
        named = any(e.get("entity") == "village" for e in tracker.latest_message.get("entities") or [])
        if case.get("village") and not (tracker.get_slot("village") or named):
            found.update(village=case["village"], district=case.get("district"))
        return found

    # -- validation

    def validate_document_type(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        asked = tracker.get_slot("requested_slot") == "document_type"
        named = catalogue.documents_named(latest_text(tracker)) if self._activating(tracker) else []
        if len(named) > 1:
            value = named[0]  # two documents in the first message: the first named (the other is kept)
        doc = catalogue.parse_document_type(str(value)) or (
            catalogue.parse_document_type(answer_text(tracker, value)) if asked else None)
        if doc in catalogue.DOC_TYPES:
            if self._activating(tracker) and asks_how(latest_text(tracker)):
                # "gimana cara bikin KTP?": the requirements first; the form goes on for whoever
                # wants to apply now (exploratory round 7: a how-to always started an application)
                dispatcher.utter_message(text=catalogue.howto_text(doc, tracker.get_slot("doc_variant")))
            out: dict = {"document_type": doc}
            if doc not in catalogue.VARIANT_DOCS:
                out["doc_variant"] = "baru"
            child = subject.named_in_request(latest_text(tracker)) if self._activating(tracker) else None
            if child and subject.needs_subject(doc):  # "jeneng anakku Muhammad Rizky" (round 20: asked again)
                out["doc_subject"] = child
            return out
        if not asked:
            return {"document_type": None}  # an entity we cannot use: ask
        opts = " ".join(f"{i} {catalogue.DOC_SHORT[d]}" for i, d in enumerate(catalogue.DOC_TYPES, 1))
        return retry(domain, f"Maaf, belum jelas. Balas angka: {opts}.", "document_type")

    def validate_doc_variant(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        if tracker.get_slot("requested_slot") == "doc_variant" and (
                switched := self._switched(latest_text(tracker) or str(value), dispatcher, tracker, domain)):
            return switched  # "eh ora sido mas, sing tak butuhke akta kelahiran anakku" (round 15)
        variant = catalogue.parse_variant(str(value), document_type=tracker.get_slot("document_type"))
        if variant:
            return {"doc_variant": variant}
        return retry(domain, f"Maaf, belum jelas. Balas angka: {VARIANT_QUESTION_OPTS}.", "doc_variant")

    def validate_applicant_name(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        name = person_name(str(value))
        if name:
            return {"applicant_name": name}
        if message_metadata(tracker).get("media"):  # "iki KTP ku pak" with a photo (round 17: "a.n. Ktp Ku")
            return retry(domain, f"{PHOTO_KEPT} Siapa nama lengkap pemohon, sesuai KTP atau KK?", "applicant_name")
        return retry(domain, "utter_doc_invalid_name", "applicant_name")

    def validate_doc_subject(self, value: Any, dispatcher, tracker, domain) -> dict:
        name = subject.subject_answer(str(typed(value)), tracker.get_slot("applicant_name"))
        if message_metadata(tracker).get("media") and (not name or photo_caption(tracker, value)):
            return retry(domain, subject.photo_kept(tracker.get_slot("document_type")), "doc_subject")
        return {"doc_subject": name} if name else retry(domain, subject.INVALID, "doc_subject")

    def validate_nik(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        text = str(value)
        if tracker.get_slot("requested_slot") == "nik" and (
                switched := self._switched(latest_text(tracker) or text, dispatcher, tracker, domain)):
            return {**switched, "nik": None}
        if value == UNKNOWN or (not re.search(r"\d{6}", text) and (is_unknown(text) or _NIK_UNKNOWN.search(text))):
            # a KTP and KK lost in a flood: the operator finds the NIK (SIAK) from name and desa
            return {"nik": UNKNOWN, "nik_outside_ok": True, "retry_count": None}
        try:
            parsed = nikmod.parse(text)
        except nikmod.NikError as exc:
            if message_metadata(tracker).get("media") and not re.search(r"\d{6}", text):
                # a photo while the NIK was asked (round 16: "NIK harus 16 angka"): kept, asked again
                return retry(domain, f"{PHOTO_KEPT} Berapa NIK pemohon? (16 angka). {UNKNOWN_HINT}", "nik")
            result = retry(domain, nikmod.ERROR_MESSAGES[exc.reason], "nik")
            if tracker.get_slot("requested_slot") == "nik":
                result = never_thrice("nik", value, result, tracker)  # the third time: TT, never a 4th ask
                if result.get("nik") == UNKNOWN:
                    result["nik_outside_ok"] = True
            return result
        return {"nik": parsed.nik, "nik_outside_ok": True if parsed.in_banyuwangi else None}

    def validate_nik_outside_ok(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        answer = yes_no(str(value), latest_intent(tracker))
        if answer is True:
            return {"nik_outside_ok": True}
        if answer is False:
            return {"nik_outside_ok": None, "nik": None,
                    "retry_prompt": "Baik. Mohon tulis lagi NIK pemohon yang benar (16 angka)."}
        return retry(domain, "utter_doc_invalid_nik_outside", "nik_outside_ok")

    def validate_doc_confirm(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        text = str(value).strip().lower()
        doc = tracker.get_slot("document_type")
        more = yes_and_more(latest_text(tracker))
        note = summary_note(latest_text(tracker))
        if note:  # "YA. Catatan: NIK iku NIK bojoku" (round 12 H2), "YA pak. bayine lair teng ..." (round 16)
            return {"doc_confirm": True, "case_note": joined_note(tracker.get_slot("case_note"), note)}
        if more:  # "iya, tapi namane salah": the correction after the yes, no yes
            text = more[1].lower()
        many = self._several(latest_text(tracker) or text, dispatcher, tracker, domain)
        if many is not None:
            return many
        switched = self._switched(latest_text(tracker) or text, dispatcher, tracker, domain)
        if switched:  # "dudu KK! akta lahir anak" (round 10)
            return {**switched, "doc_confirm": None}
        numbered = re.match(r"^\s*([1-5])[\s.)]+(\D.*)$", text)  # "5 Kendalrejo", "3 Siti Rohmah" (round 17)
        key = text.strip(" .") if text.strip(" .") in CORRECTIONS else numbered[1] if numbered else field_of(text, doc)
        if key == "2" and doc not in catalogue.VARIANT_DOCS:
            key = "1"
        if key:
            taken = self._corrected(key, numbered[2] if numbered else latest_text(tracker) or text, dispatcher, tracker, domain)
            if taken:
                return {**taken, "doc_confirm": None}
            cleared = {slot: None for slot in CORRECTIONS[key]}
            cleared["doc_confirm"] = None
            return cleared
        if not more and yes_no(text, latest_intent(tracker)) is True:
            return {"doc_confirm": True}
        if doc == "sktm" and (purpose := subject.purpose_in(latest_text(tracker))):  # round 22 M6: "Bagian mana"
            return {"doc_confirm": None, "retry_prompt": f"Keperluan kami catat: {purpose}. {_confirm_question(tracker)}"}
        photo = bool(message_metadata(tracker).get("media"))  # kept, said so (round 15); a question answered
        return retry(domain, correction_prompt(doc, photo=photo, said=latest_text(tracker)), "doc_confirm")

    def _switched(self, said: str, dispatcher, tracker, domain) -> dict | None:
        """"sing, isun ganti ngurus akta kelahiran ae", "bukan KK tapi akta kelahiran anak" (round
        10): another document named with a word of change replaces the one in the form (its kind
        is asked next); None when the words name no other document."""
        if not _SWITCH.search(said or ""):
            return None
        doc = catalogue.parse_document_type(_NOT_THIS.sub(" ", said), allow_number=False)
        if doc == tracker.get_slot("document_type"):
            # "eh ora sido KK, ganti akta kelahiran wae" (round 11 L2): the one named that is not in the form
            others = [d for d in catalogue.documents_named(said) if d != doc]
            doc = others[0] if len(others) == 1 else None
        if doc is None:
            return None
        tracker.slots["doc_variant"] = None
        result = self.validate_document_type(doc, dispatcher, tracker, domain)
        # "akta kelahiran kagem anak kulo sing nembe lair wingi": the kind said with it is not asked
        variant = catalogue.parse_variant(said, allow_number=False, document_type=doc) if doc != "kk" else None
        return {"doc_variant": variant, **result} if result.get("document_type") else None

    def _several(self, said: str, dispatcher, tracker, domain) -> dict | None:
        """"namanya Hendra Saputra pake a terus NIKnya 3510151203880007": each field named in its
        own clause takes its value (round 9: the NIK was dropped); the others are asked again.
        None when fewer than two fields are named."""
        found: list[tuple[str, str]] = []
        for clause in CLAUSES.split(said or ""):
            key = field_of(clause.lower(), tracker.get_slot("document_type"))
            if key and all(key != k for k, _ in found):
                found.append((key, clause))
            elif found:
                found[-1] = (found[-1][0], f"{found[-1][1]}, {clause}")
        if len(found) < 2:
            return None
        result: dict = {}
        for key, clause in found:
            taken = self._corrected(key, clause, dispatcher, tracker, domain)
            result.update(taken or {slot: None for slot in CORRECTIONS[key]})
        return {**result, "doc_confirm": None}

    def _corrected(self, key: str, said: str, dispatcher, tracker, domain) -> dict | None:
        """The new value said with the correction ("NIK-e salah, ingkang leres 3510…", "desane
        Kampunganyar, sanes Kenjo", "namane Siti Rahayu"), validated as its answer; None when the
        message names the field only (it is asked) or the value is not valid."""
        if key == "1":  # "dokumen na akta kelahiran, banne KIA"
            doc = catalogue.parse_document_type(correction_value(said, _confirm_question(tracker)), allow_number=False)
            if doc is None or doc == tracker.get_slot("document_type"):
                return None
            tracker.slots["doc_variant"] = None
            result = self.validate_document_type(doc, dispatcher, tracker, domain)
            return {"doc_variant": None, **result} if result.get("document_type") else None
        if key == "4":
            digits = re.search(r"\d[\d\s.-]{14,}\d", said)
            result = self.validate_nik(digits.group(0), dispatcher, tracker, domain) if digits else {}
            return result if result.get("nik") and result["nik"] != UNKNOWN else None
        value = correction_value(said, _confirm_question(tracker))
        if not value:
            return None
        if key == "3":
            result = self.validate_applicant_name(value, dispatcher, tracker, domain)
            return result if result.get("applicant_name") else None
        if key == "5":
            result = self.validate_village(value, dispatcher, tracker, domain)
            return {**{slot: None for slot in CORRECTIONS[key] if slot not in result}, **result} \
                if result.get("village") else None
        return None


def _purpose(doc: str, tracker: Tracker) -> str | None:
    """What an SKTM is for, as the villager said it last ("mboten sido kangge sekolah ... kangge rumah
    sakit mawon" at the summary, round 21 M4: the request's purpose was kept)."""
    if doc != "sktm":
        return None
    said = [request_opening(tracker) or ""] + [str(e.get("text") or "") for e in request_user_events(tracker)]
    return next((found for text in reversed(said) if (found := subject.purpose_in(text))), None)


class ActionSubmitDocument(Action):
    def name(self) -> str:
        return "action_submit_document"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        doc = tracker.get_slot("document_type")
        variant = tracker.get_slot("doc_variant") or "baru"
        name = tracker.get_slot("applicant_name")
        whom = tracker.get_slot("doc_subject") if subject.needs_subject(doc) else None
        nik = tracker.get_slot("nik")
        village = tracker.get_slot("village")
        district = tracker.get_slot("district")
        if not (doc and name and nik and village):
            dispatcher.utter_message(response="utter_default")
            return [SlotSet(s, None) for s in DOC_SLOTS]
        entry = catalogue.entry(doc, variant)
        label = catalogue.label(doc, variant)
        data = {
            "document_type": doc,
            "variant": variant,
            "applicant_name": name,
            **({"subject_name": whom} if whom else {}),
            "nik": None if nik == UNKNOWN else nik,
            "nik_unknown": nik == UNKNOWN,
            "nik_outside_banyuwangi": nik != UNKNOWN and not nik.startswith(nikmod.BANYUWANGI),
            **({"purpose": purpose} if (purpose := _purpose(doc, tracker)) else {}),
            "catalogue_entry": entry.get("from"),
            "catalogue_verified": bool(entry.get("verified")),
        }
        case = casework.open_case(
            "document", tracker, village=village, district=district, data=data,
            notify_roles=["operator_desa"],
            summary=f"{label} a.n. {f'{whom}, pemohon ' if whom else ''}{name}, "
                    f"NIK {'belum diketahui, mohon dicek di SIAK' if nik == UNKNOWN else nik}."
                    + (f" Keperluan: {data['purpose']}." if data.get("purpose") else ""),
        )
        dispatcher.utter_message(text=catalogue.reply_text(case["ref"], doc, variant))
        return [SlotSet(s, None) for s in (*DOC_SLOTS, *VILLAGE_SLOTS, "retry_prompt")] + casework.come_back(dispatcher, tracker, FORM)
