"""Complaints (Barisan Siap): complaint_form -> case ADU-....

Category guessed from the first message and confirmed; description (taken from the
first message when it says what happened); desa and dusun (a WhatsApp location pin is
kept); a photo on WhatsApp; whether the reporter may be named to the officers.
Security and KDRT go to the village's Bhabinkamtibmas (the KDRT reply carries the
SAPA 129 hotline), everything else to the village operator.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.forms import NextSlotMixin, make_ask_action, retry
from actions.helpers import complaint_category as cc
from actions.helpers.answers import clean_place, join_within, person_name, yes_no
from actions.helpers.first_message import dusun_in_story
from actions.tracker import (
    form_activating,
    last_question,
    latest_intent,
    latest_text,
    message_location,
    message_metadata,
    sender_channel,
    typed,
)
from actions.village import VILLAGE_SLOTS, VillageSlotsMixin, join_worry, make_ask_village_action
from bot.core.sms import TWO_SEGMENTS, one_segment
from nlu.requests import other_service_clause
from nlu.violence import fears_discovery
from nlu.yes_no import after_yes

FORM = "complaint_form"
COMPLAINT_SLOTS = (
    "complaint_category", "complaint_guess", "complaint_description", "complaint_dusun",
    "complaint_photo", "complaint_photos", "complaint_location", "complaint_named", "complaint_worry",
    "complaint_reporter",
)
# A victim's fear that the abuser finds out, said instead of the dusun: answered, kept for the officer.
SAFE_PROMPT = ("Tenang, laporan ini rahasia: pelaku tidak akan diberi tahu. Di dusun/RT mana kejadiannya? "
               "Balas - bila tidak mau menyebut.")
PLACEHOLDERS = ("[foto]", "[lokasi]")  # what the webhook sends for a bare photo / location pin
NOTED = "Terima kasih, sudah kami catat."

KDRT_HELP = "Bila dalam bahaya, telepon 110. SAPA 129 (WA 08111-129-129) membantu korban KDRT."
SECURITY_HELP = "Bila darurat, telepon 110 atau 112."


def category_question(tracker: Tracker) -> str:
    guessed = tracker.get_slot("complaint_guess")
    if guessed == "kdrt":
        # help first: the SAPA 129 line opens a disclosure of violence
        return ("Bila dalam bahaya telp 110. SAPA 129 (WA 08111-129-129) membantu korban KDRT. "
                "Pengaduan soal KDRT? Balas YA, atau TIDAK bila soal lain.")
    if guessed:
        text = f"Pengaduan soal {cc.LABEL[guessed]}? Balas YA, atau angka: {cc.options()}"
        if not one_segment(text):
            text = f"Pengaduan soal {cc.SHORT[guessed]}? Balas YA, atau angka: {cc.options()}"
        return text
    return f"Pengaduan tentang apa? Balas angka: {cc.options()}"


# ("jalan" is no word of place here: "harus muter jauh lewat jalan raya" is a story, round 12 M3)
_PLACE_WORDS = re.compile(r"\b(dusun|dsn|rt|rw|krajan|dekat|dkt|depan|dpn|belakang|samping|sebelah|seberang|"
                          r"cedhak|cedak|ngarep|mburi|sandhing|jejer|gang|gg|blok|jl|lingkungan|"
                          r"perempatan|pertigaan|prapatan|pojok|ujung|utara|selatan|timur|barat|lor|kidul|wetan|kulon)\b",
                          re.IGNORECASE)


def more_story(text: str) -> bool:
    """An answer to the dusun question that tells more of what happened instead: seven words
    or more and no word of place."""
    return len(re.findall(r"[A-Za-z]{2,}", text or "")) >= 7 and not _PLACE_WORDS.search(text or "")


def dusun_question(tracker: Tracker) -> str:
    if sender_channel(tracker) == "whatsapp":
        return "Di dusun/RT mana tepatnya? Boleh juga kirim lokasi (Share Location). Balas - bila tidak tahu."
    return "Di dusun/RT mana tepatnya? Balas - bila tidak tahu."


ActionAskComplaintCategory = make_ask_action("complaint_category", category_question, form=FORM)
ActionAskComplaintDescription = make_ask_action("complaint_description", "utter_ask_complaint_description", form=FORM)
ActionAskComplaintVillage = make_ask_village_action(FORM, "utter_ask_complaint_form_village")
ActionAskComplaintDusun = make_ask_action("complaint_dusun", dusun_question, form=FORM)
ActionAskComplaintPhoto = make_ask_action("complaint_photo", "utter_ask_complaint_photo", form=FORM)
ActionAskComplaintNamed = make_ask_action("complaint_named", "utter_ask_complaint_named", form=FORM)


def _media(tracker: Tracker) -> list[str]:
    media = message_metadata(tracker).get("media") or []
    return [m for m in media if isinstance(m, str) and m.startswith(("http://", "https://"))]


class ValidateComplaintForm(NextSlotMixin, VillageSlotsMixin, FormValidationAction):
    DUSUN_SLOT = "complaint_dusun"  # a dusun given with the desa is not asked again
    WORRY_SLOT, WORRY_PROMPT = "complaint_worry", SAFE_PROMPT  # a fear said with the desa

    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = list(domain_slots)
        if sender_channel(tracker) != "whatsapp" and "complaint_photo" in slots:
            slots.remove("complaint_photo")
        return slots

    def _activating(self, tracker: Tracker) -> bool:
        return form_activating(tracker)

    # -- extraction: the first message, photos and location pins at any turn

    def extract_complaint_guess(self, dispatcher, tracker, domain) -> dict:
        if self._activating(tracker) and not tracker.get_slot("complaint_category"):
            guessed = cc.guess(latest_text(tracker))
            return {"complaint_guess": guessed} if guessed else {}
        return {}

    def extract_complaint_description(self, dispatcher, tracker, domain) -> dict:
        text = latest_text(tracker)
        if not (self._activating(tracker) and latest_intent(tracker) == "file_complaint"):
            return {}
        # "..., sekalian mau minta SKTM": no part of the story (round 12 M2: kept in it, the SKTM
        # was never offered after the case, the officer read it as the complaint)
        other = other_service_clause(text, FORM)
        story = " ".join(text.replace(other, " ").split()).strip(" ,;") if other else text
        return {"complaint_description": story} if cc.has_description(story) else {}

    def extract_complaint_photos(self, dispatcher, tracker, domain) -> dict:
        media = _media(tracker)
        if not media:
            return {}
        known = list(tracker.get_slot("complaint_photos") or [])
        out: dict = {"complaint_photos": known + [m for m in media if m not in known]}
        if not self._activating(tracker) or tracker.get_slot("complaint_photo") is None:
            out["complaint_photo"] = "ada"
        # a caption sent at another question ("iki fotone dalane, cedek SDN 2 Grajagan" at the
        # category, round 20: the landmark was lost) goes with the story; the description and
        # dusun questions take it themselves
        caption = " ".join((latest_text(tracker) or "").split())
        story = tracker.get_slot("complaint_description") or ""
        if (not self._activating(tracker) and len(caption.split()) >= 3 and caption.lower() not in PLACEHOLDERS
                and tracker.get_slot("requested_slot") not in ("complaint_description", "complaint_dusun")
                and caption not in story):
            out["complaint_description"] = " ".join(filter(None, [story, f"(Foto: {caption})"]))[:1000]
        return out

    def extract_complaint_dusun(self, dispatcher, tracker, domain) -> dict:
        """A dusun the first message names ("jalan di dusun krajan rusak") is not asked again: each
        SMS costs money, and on WhatsApp too it annoys (round 20: "lak wis tak kandani dusun Krajan")."""
        if not self._activating(tracker) or tracker.get_slot("complaint_dusun"):
            return {}
        if _AT_THE_OFFICE.search(latest_text(tracker) or ""):  # "di kantor desa ... dimintai duit" (round 18)
            return {"complaint_dusun": "kantor desa"}
        dusun = dusun_in_story(latest_text(tracker))  # on WhatsApp too (round 20: asked again)
        return {"complaint_dusun": dusun} if dusun else {}

    def extract_complaint_named(self, dispatcher, tracker, domain) -> dict:
        """A first message that asks to stay unnamed is not asked again (round 18)."""
        if not self._activating(tracker) or tracker.get_slot("complaint_named") is not None:
            return {}
        return {"complaint_named": False} if named_answer(latest_text(tracker)) is False else {}

    def extract_complaint_location(self, dispatcher, tracker, domain) -> dict:
        loc = message_location(tracker)
        return {"complaint_location": loc} if loc else {}

    async def run(self, dispatcher, tracker, domain):
        # The guess, photos and location are not questions of the form, so rasa-sdk
        # would neither extract nor return them: do it here, before the validation.
        extra: dict = {}
        for method in (self.extract_complaint_guess, self.extract_complaint_photos,
                       self.extract_complaint_location, self.extract_complaint_dusun, self.extract_complaint_named):
            extra.update(method(dispatcher, tracker, domain))
        tracker.slots.update(extra)
        events = await super().run(dispatcher, tracker, domain)
        named = {e.get("name") for e in events}
        return [SlotSet(k, v) for k, v in extra.items() if k not in named] + events

    # -- validation

    def validate_complaint_category(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        text = str(value).strip()
        guessed = tracker.get_slot("complaint_guess")
        answer = yes_no(text, latest_intent(tracker))
        choice = cc.parse_choice(text)
        if text.strip(" .").isdigit() and choice:
            return {"complaint_category": choice}
        if guessed and answer is True:
            # "iya pak jembatane ambrol separo kena banjir kemarin": the story said with the YA (round 13 M5)
            rest = after_yes(latest_text(tracker) or text) or ""
            told = {} if tracker.get_slot("complaint_description") or not cc.has_description(rest) else \
                {"complaint_description": " ".join(rest.split())[:1000]}
            return {"complaint_category": guessed, **told}
        if choice:
            return {"complaint_category": choice}
        named = cc.guess(text)  # "dalan" (round 16: read as a no, the menu came twice)
        if named:
            return {"complaint_category": named}
        return {"complaint_category": None, "complaint_guess": None,
                "retry_prompt": f"Mohon pilih jenis pengaduan. Balas angka: {cc.options()}"}

    def validate_complaint_description(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        text = " ".join(str(value).split())
        if text.lower() in PLACEHOLDERS or len(text) < 5:
            prompt = ("Foto/lokasi sudah kami terima. " if text.lower() in PLACEHOLDERS else "") + \
                "Mohon ceritakan singkat apa yang terjadi."
            return {"complaint_description": None, "retry_prompt": prompt}
        return {"complaint_description": text[:1000]}

    def validate_village(self, value: Any, dispatcher, tracker, domain) -> dict:
        if str(value).strip().lower() in PLACEHOLDERS:
            return {"village": None, "village_prompt": "Terima kasih. Mohon tulis juga nama desa/kelurahannya."}
        return super().validate_village(value, dispatcher, tracker, domain)

    def validate_complaint_dusun(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        text = " ".join(str(value).split())
        low = text.lower()
        if low == "[lokasi]" or (message_location(tracker) and low in PLACEHOLDERS):
            return {"complaint_dusun": "lokasi peta"}
        if low in ("-", "tidak tahu", "tdk tahu", "gak tahu", "ga tau", "tidak", "belum tahu") or low == "[foto]":
            return {"complaint_dusun": "-"}
        if fears_discovery(text):  # "ojo sampe bojoku ngerti, aku wedi" is no address
            return {"complaint_dusun": None, "retry_prompt": SAFE_PROMPT,
                    "complaint_worry": join_worry(tracker.get_slot("complaint_worry"), text)}
        noted = last_question(tracker).startswith((NOTED, "Foto sudah kami terima."))  # the story was taken once already
        if _media(tracker) and not noted or (more_story(text) and not noted):
            # a photo's caption ("ini lubangnya pak") or more of the story is no address
            # (round 10 F9): it goes with the story, and the dusun is asked once more
            story = " ".join(filter(None, [tracker.get_slot("complaint_description"), text]))
            prompt = ("Foto sudah kami terima. " if _media(tracker) else NOTED + " ") + \
                dusun_question(tracker).replace(" Boleh juga kirim lokasi (Share Location).", "")
            return {"complaint_dusun": None, "complaint_description": story[:1000], "retry_prompt": prompt}
        return {"complaint_dusun": clean_place(text)}  # "dusune Pancer" -> "dusun Pancer" (round 16)

    def validate_complaint_photo(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        worry = {}
        if fears_discovery(str(value)):  # "gak ono foto, wedi nek hp ku dicek bojoku": kept for the officer
            worry = {"complaint_worry": join_worry(tracker.get_slot("complaint_worry"), str(value))}
        if value == "ada" or _media(tracker) or tracker.get_slot("complaint_photos"):
            return {"complaint_photo": "ada", **worry}
        if worry:
            return {"complaint_photo": "tidak", **worry}
        answer = yes_no(str(value), latest_intent(tracker))
        if answer is False or str(value).strip() == "-":
            return {"complaint_photo": "tidak"}
        if answer is True:
            return retry(domain, "utter_complaint_invalid_photo", "complaint_photo")
        return {"complaint_photo": "tidak"}

    def validate_complaint_named(self, value: Any, dispatcher, tracker, domain) -> dict:
        value = typed(value)
        answer = named_answer(str(value))
        answer = yes_no(str(value), latest_intent(tracker)) if answer is None else answer
        if fears_discovery(str(value)):  # "ojo ditelpon, sms wae": how to reach her, for the officer
            worry = join_worry(tracker.get_slot("complaint_worry"), str(value))
            return {"complaint_named": answer is not False, "complaint_worry": worry}
        if answer is None:
            return retry(domain, "utter_complaint_invalid_named", "complaint_named")
        name = own_name(str(value)) if answer else None  # "boleh pak, nama saya Pak Darmo" (round 11 L4)
        return {"complaint_named": answer, **({"complaint_reporter": name} if name else {})}


_AT_THE_OFFICE = re.compile(r"\b(?:di|nang|neng|ning|teng|ke|nak)\s+(?:kantor|balai)\s+(?:desa|kelurahan|deso)\b",
                            re.IGNORECASE)
# May the officers know who complains? Secrecy wins ("jha' pak, rahasiaagi bei, sengko' tako'"),
# then a plain consent ("gak popo pak, sebutno ae": that's fine, name me) - round 10, finding 2.
_SECRET = re.compile(r"\b(rahasia\w*|dirahasiakan|anonim\w*|samar\w*|sembunyi\w*|tanpa\s+nama|"
                     r"(jangan|jgn|ojo|aja|ojok|jha'?|ampun|sampun)\s+(di|dipun)?\s?(sebut\w*|kasih\s+tau|kandhani|"
                     r"ngerti|tahu|tau|weruh|nyebut\w*|bilang))"
                     # "aku gak mau disebut namaku ya, takut" (round 18: asked again)
                     r"|\b(gak|ga|tidak|tdk|nggak|ora|ndak|emoh|mboten)\s+(mau\s+|pengen\s+|gelem\s+|purun\s+)?"
                     r"(di|dipun)?\s?(sebut\w*|ketahuan|kenal)", re.IGNORECASE)
_CONSENT = re.compile(r"\b((gak|ga|ora|nggak|ndak|tidak|mboten|ta'?)\s+(popo|papa|apa\s*apa|napa\s*napa|dados\s+"
                      r"menapa|masalah)|sebut(no|ken|kan|en|aken)?\b|monggo|silakan|boleh\s+(di)?sebut)", re.IGNORECASE)


_OWN_NAME = re.compile(r"\b(?:nama\s*(?:saya|sy|kula|kulo|ku)|namaku|jenengku|jeneng\s*(?:kula|kulo|ku)|asma\s*kula|"
                       r"aran\s*isun|nyama(?:na)?\s*sengko'?|sy|saya)\s*(?:adalah|:)?\s+(.+)$", re.IGNORECASE)


def own_name(text: str) -> str | None:
    """The name a reporter gives with the consent ("gak popo, jenengku Sugeng"), titles dropped."""
    m = _OWN_NAME.search(" ".join((text or "").split()))
    if not m:
        return None
    name = person_name(re.split(r"[,.;!?]", m.group(1))[0], titles=True)
    name = re.sub(r"^(?:Pak|Bapak|Bpk|Mas|Cak|Kang)\.?\s+", "", name or "")
    return name or None


def named_answer(text: str) -> bool | None:
    """True/False when the words say whether the reporter may be named, else None."""
    if _SECRET.search(text or ""):
        return False
    if _CONSENT.search(text or ""):
        return True
    return None


def reply_text(ref: str, category: str, village: str, named: bool, target: str | None = None,
               district: str | None = None) -> str:
    told = cc.routing(target or category).told.format(village=village, district=district or "-")
    parts = [f"Pengaduan tercatat, nomor {ref}, diteruskan ke {told}."]
    if category == "kdrt":
        parts.append(KDRT_HELP)
    elif category == "keamanan":
        parts.append(SECURITY_HELP)
    if not named:
        parts.append("Identitas Bapak/Ibu dirahasiakan.")
    parts.append(f"Cek: ketik CEK {ref}")
    return join_within(parts, TWO_SEGMENTS, keep=2)


class ActionSubmitComplaint(Action):
    def name(self) -> str:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        category = tracker.get_slot("complaint_category") or "lainnya"
        description = tracker.get_slot("complaint_description") or ""
        village = tracker.get_slot("village")
        district = tracker.get_slot("district")
        named = tracker.get_slot("complaint_named") is True
        dusun = tracker.get_slot("complaint_dusun")
        data = {
            "category": category,
            "description": description,
            "dusun": None if dusun in (None, "-") else dusun,
            "location": tracker.get_slot("complaint_location"),
            "photos": list(tracker.get_slot("complaint_photos") or []),
            "reporter_named": named,
        }
        if named and tracker.get_slot("complaint_reporter"):
            data["reporter_name"] = tracker.get_slot("complaint_reporter")
        worry = tracker.get_slot("complaint_worry")
        if worry:
            data["safety_worry"] = worry
        # "dusun Krajan, loket pelayanan" is not "Dusun dusun Krajan" (round 8, finding 9)
        dusun = re.sub(r"^\s*(?:dusun|dsn)\.?\s+", "", data["dusun"] or "", flags=re.IGNORECASE)
        where = f" (Dusun {dusun})" if dusun and dusun != "lokasi peta" else ""
        # the story whole up to 600 characters, cut at a word (round 17: "kaule oreng tak andi'" was lost
        # at 160); an officer on SMS gets two segments by the one SMS rule
        told = description if len(description) <= 600 else description[:600].rsplit(" ", 1)[0] + "..."
        summary = f"{cc.LABEL[category]}{where}: {told}"
        if worry:
            summary = (f"PENTING: pelapor takut pelaku tahu, hubungi dengan hati-hati. Pesannya: "
                       f"\"{worry[:300]}\". {summary}")
        if data["location"]:
            loc = data["location"]
            summary += f" Lokasi: https://maps.google.com/?q={loc['latitude']},{loc['longitude']}"
        if data["photos"]:
            summary += f" Foto: {data['photos'][0]}"
        if not named:
            summary += " (Pelapor minta dirahasiakan.)"
        elif data.get("reporter_name"):
            summary += f" Pelapor: {data['reporter_name']}."
        # A complaint against the village office goes above it, never to it (data/complaint_routing.csv).
        # (the fear said at a later question counts: "takut sama pak kasun", round 25)
        target = cc.against_village_office(f"{description} {tracker.get_slot('complaint_worry') or ''}") or category
        route = cc.routing(target)
        if target != category:
            data.update(target=target, excluded_roles=list(route.never_roles))
            summary = f"[Aduan terhadap pemerintah desa] {summary}"
        case = casework.open_case(
            "complaint", tracker, village=village, district=district, data=data,
            notify_roles=route.notify_roles, summary=summary, share_contact=named,
        )
        dispatcher.utter_message(text=reply_text(case["ref"], category, village or "-", named, target, district))
        return [SlotSet(s, None) for s in (*COMPLAINT_SLOTS, *VILLAGE_SLOTS, "retry_prompt")] + casework.come_back(dispatcher, tracker, FORM)
