"""Messages that belong to a case already open, before any language understanding:

* a reply to an officer: within a day after an officer's BALAS (even after SELESAI), what the
  villager writes goes to that officer as a message on the case;
* news on an open domestic-violence complaint ("bojoku wis mulih"): to its officers at once,
  with the 110 advice to her;
* news on an open emergency whose desa (or pin) is known ("kapan teko bidane?", "darahnya makin
  banyak"): it goes to the officers already told, and the villager gets the reference and
  the 112 advice again - never "bukan layanan nomor ini".

Keywords (MENU, BATAL, STOP) come first, and once the villager has typed MENU or BATAL the
conversation with the officers is over: what comes next is for the bot again.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from bot import keywords, rasa_client, rides
from bot.core import clock, directory, escalation, store, workflow
from bot.core.kinds import OPEN_STATUSES
from bot.core.settings import current
from nlu import faq, places
from nlu.documents import find_documents
from nlu.requests import asks_about_case, new_request, same_as_before, status_question
from nlu.text import normalise_text
from nlu.violence import fears_discovery
from nlu.yes_no import yes_no

log = logging.getLogger(__name__)

REPLY_HOURS = 24
EMERGENCY_HOURS = 12
TO_OFFICER = "Pesan Bapak/Ibu sudah diteruskan ke {who} ({ref}). Ketik MENU untuk layanan lain."
def _since(iso: str, hours: int) -> bool:
    return datetime.fromisoformat(iso) >= clock.now() - timedelta(hours=hours)


def _note(msg) -> str:
    parts = [msg.text] if msg.text else []
    if msg.media:
        parts.append("Foto: " + " ".join(msg.media))
    if msg.latitude is not None and msg.longitude is not None:
        parts.append(f"Lokasi: https://maps.google.com/?q={msg.latitude},{msg.longitude}")
    return " | ".join(parts)


def for_the_bot(text: str | None) -> bool:
    """A new request, a status question, or a question about a case ("pengen lapor ibu hamil
    siji maneh", "cek ADU-0008", "kenapa ditolak?", "batal pak, saya cuma mau cek"): the bot's
    to answer, never forwarded."""
    return (new_request(text) or status_question(text) or asks_about_case(text)
            or keywords.cancel_then(text) is not None)


def left_since(db, phone: str, at: str) -> bool:
    """Whether the contact typed MENU or BATAL after ``at`` (ISO, WIB)."""
    return any(m["direction"] == "in" and m["intent"] in ("ask_menu", "cancel") and m["created_at"] > at
               for m in store.messages_for(db, phone, limit=20))


def left_after(db, phone: str, message_id: int) -> bool:
    """Whether the contact typed MENU or BATAL after the message ``message_id`` (ids are in order)."""
    return any(m["direction"] == "in" and m["intent"] in ("ask_menu", "cancel") and m["id"] > message_id
               for m in store.messages_for(db, phone, limit=20))


# What an officer said to the villager that the villager may answer: a BALAS, and the note of
# a SELESAI or TOLAK ("ibu sudah dirujuk ke RSUD" -> "bayine slamet ta?").
TO_VILLAGER_EVENTS = ("officer_reply", "done", "rejected")


def officer_awaiting_reply(db, phone: str, text: str = "") -> tuple[dict, dict] | None:
    """(case, officer) of the latest BALAS, or closing note, to this contact within
    ``REPLY_HOURS``, unless the contact typed MENU or BATAL after it; else None. After a
    closing note a bare thanks (``text``: "matur nuwun bu") is for the bot, not the officer."""
    best = None
    for case in store.list_cases(db, phone=phone, limit=10):
        for event in store.case_events(db, case["ref"]):
            if (event["event"] in TO_VILLAGER_EVENTS and (event.get("note") or "").strip()
                    and _since(event["at"], REPLY_HOURS) and (best is None or event["at"] >= best[2])):
                best = (case, event["actor"], event["at"], event["event"])
    if best is None:
        return None
    if best[3] != "officer_reply" and escalation.only_thanks(text):
        return None
    case = best[0]
    # the notice of that BALAS to the villager: the conversation with the officer starts there
    notices = list(db["messages"].rows_where(
        "phone = ? AND direction = 'out' AND case_ref = ? AND created_at >= ?", [phone, case["ref"], best[2]],
        order_by="id", limit=1))
    if left_after(db, phone, notices[0]["id"]) if notices else left_since(db, phone, best[2]):
        return None
    officer = directory.officer_by_phone(best[1].rpartition(":")[2])
    return (case, officer) if officer else None


SAFE_AFTER = ("Laporan {ref} tetap tersimpan walau percakapan ini dihapus; boleh dihapus demi keamanan. "
              "Petugas sudah tahu untuk berhati-hati. Bila dalam bahaya, telp 110.")
KDRT_DAYS = 14


def fear_after_report(db, msg) -> list[str] | None:
    """"chat iki kudu tak hapus ta? wedi nek dibukak lakeh" after a domestic-violence complaint:
    the victim hears the report stays safe (and may delete the chat); the officers hear of the
    fear on the case. Never "bukan layanan nomor ini"."""
    if not fears_discovery(msg.text or ""):
        return None
    case = workflow.recent_open_case(db, msg.phone, "complaint", hours=24 * KDRT_DAYS)
    if not case or (case.get("data") or {}).get("category") != "kdrt":
        return None
    worry = "; ".join(p for p in ((case["data"].get("safety_worry")), msg.text) if p)[:300]
    case = store.update_case(db, case["ref"], actor="warga", event="khawatir", note=(msg.text or "")[:300],
                             data={"safety_worry": worry})
    workflow.notify_officers(db, case, workflow.officers_told(case),
                             f"{case['ref']} PENTING, pelapor khawatir: \"{(msg.text or '')[:200]}\"")
    return [SAFE_AFTER.format(ref=case["ref"])]


KDRT_NEWS = ("Pesan sudah kami teruskan ke petugas. Bila dalam bahaya, segera ke tempat aman dan telp 110 "
             "(gratis). SAPA 129: WA 08111-129-129.")


def news_after_kdrt(db, msg, note: str) -> list[str] | None:
    """"bojoku wis mulih, aku kudu lungo ta?" while a domestic-violence complaint is open: the
    officers already told get her words at once, and she gets the 110 advice, never a status
    line. The answer names neither the police nor the case (a shared phone). A new request,
    a status question and a bare thanks are left to the bot."""
    text = msg.text or ""
    if for_the_bot(text) or escalation.only_thanks(text):
        return None
    case = workflow.recent_open_case(db, msg.phone, "complaint", hours=24 * KDRT_DAYS)
    if not case or not workflow.discreet(case):
        return None
    store.add_case_event(db, case["ref"], "warga", "pesan_lagi", note[:2000])
    workflow.notify_officers(db, case, workflow.officers_told(case),
                             f"{case['ref']} PENTING, pesan baru pelapor KDRT: \"{note[:600]}\" "
                             f"(Balas: BALAS {case['ref']} pesan)")
    return [KDRT_NEWS]


CORRECTED = "Koreksi Bapak/Ibu sudah kami teruskan ke petugas ({ref}). Terima kasih."
CORRECTION_HOURS = 2
# also "dudu sepurane", "ojo dirahasiakno, aku gelem disebut" (round 10, c3: "bukan layanan nomor ini")
_CORRECTION = re.compile(r"\b(salah|keliru|kliru|koreksi|ralat|lepat|dudu|sanes|ojo|jangan|jgn)\b", re.IGNORECASE)


def correction_after_case(db, msg, note: str) -> list[str] | None:
    """"lho jeneng anakku kok ditulis Wis Tak Tulis, salah iku" soon after a request was made:
    the correction goes on the latest open case and to its officers, never a status line."""
    text = msg.text or ""
    if not _CORRECTION.search(text) or for_the_bot(text):
        return None
    case = recent_case(db, msg.phone, after_menu=True)
    if case is None or rasa_client.in_a_form(current(), msg.phone):
        return None  # inside a new form, "salah, namanya Budi" is that form's correction
    if _another_document(text, case):
        return None  # "KK ku yo kudu diganti, alamate salah" after a KTP: a new request (round 22 M3)
    store.add_case_event(db, case["ref"], "warga", "koreksi", note[:2000])
    body = f"{case['ref']} koreksi dari {_writer(case, msg.phone)}: {note[:600]}"
    workflow.notify_officers(db, case, workflow.officers_told(case), body)
    return [CORRECTED.format(ref=case["ref"])]


def _another_document(text: str, case: dict) -> bool:
    """Whether the words name a document, none of them the document case's own."""
    if case.get("kind") != "document":
        return False
    named = {value for _, _, value in find_documents(normalise_text(text).split())}
    return bool(named) and (case.get("data") or {}).get("document_type") not in named


def _writer(case: dict, phone: str) -> str:
    """How an officer's message names the villager: with the number, unless the case keeps it
    from them (a domestic-violence complaint, a complaint whose reporter asked to stay unnamed)."""
    hidden = workflow.discreet(case) or (case.get("data") or {}).get("reporter_named") is False
    return "warga" if hidden else f"warga {phone}"


# What a villager sends soon after a request was made, on that case (round 8): a change of
# plan ("bisa diganti jam delapan?", "gak sido dijemput"), a photo or a pin ("iki balai
# desane"), or a remark on the case ("lho kok risiko tinggi?", "soal HML-0002 tadi"). It goes
# on the case and to the officers who hold it, never to a village operator as a new handover.
_REMARK = re.compile(r"\b(risiko|resiko|skor|kspr|krt|krst|bahaya|berbahaya)\b", re.IGNORECASE)
_ABOUT = re.compile(r"\b(soal|tentang|maksud|maksude|perihal|masalah|bukan|dudu)\b", re.IGNORECASE)
_REF = re.compile(r"\b[A-Z]{3}-\d{4}\b")
ADDED = "{what} sudah kami tambahkan ke {ref} dan diteruskan ke petugas. Terima kasih."
CHANGE_SENT = "Permintaan Bapak/Ibu sudah kami teruskan ke {who} ({ref}). Petugas akan mengabari."
REMARK_SENT = "Pesan Bapak/Ibu tentang {ref} sudah kami teruskan ke {who}. Petugas akan membalas."


AGAIN_PREFIX = "Tadi Bapak/Ibu juga menulis:"  # casework.come_back's reminder (domain/common.yml)
AGAIN_HOURS = 2


def asked_again(db, msg) -> str | None:
    """"YA" to the reminder of another request written on the way ("Tadi Bapak/Ibu juga menulis:
    "minta SKTM juga". Balas YA ..."): that request, as if she wrote it now, with the desa of the
    case just made when it names none (round 10 F14: she had to type it all again)."""
    if len((msg.text or "").split()) > 4 or yes_no(msg.text) is not True:
        return None
    last = store.last_outbound(db, msg.phone)
    if not last or not (last["body"] or "").startswith(AGAIN_PREFIX) or not _since(last["created_at"], AGAIN_HOURS):
        return None
    for case in store.list_cases(db, phone=msg.phone, limit=3):
        also = (case.get("data") or {}).get("also_asked")
        if also:
            village = case.get("village")
            named = village and places.find_places(places.words_of(also), fuzzy=False)
            return also if not village or named else f"{also}, desa {village}"
    return None


RIDE_PAYLOAD = "/request_pregnancy_transport"
RIDE_AGAIN_DAYS = 14


def ride_again(db, msg) -> str | None:
    """"aku maneh, podo kyok mau" after a ride (round 23: "bukan layanan nomor ini"): another
    ride like the last one (the form fills what the last one said), else None."""
    text = msg.text or ""
    if not same_as_before(text) or len(text.split()) > 8 or for_the_bot(text):
        return None
    latest = next(iter(store.list_cases(db, phone=msg.phone, limit=1)), None)
    if latest is None or latest["kind"] != "transport" or not _since(latest["created_at"], RIDE_AGAIN_DAYS * 24):
        return None
    return None if rasa_client.in_a_form(current(), msg.phone) else RIDE_PAYLOAD


def recent_case(db, phone: str, *, after_menu: bool = False) -> dict | None:
    """The contact's latest open request (not an emergency or a handover) made within
    ``CORRECTION_HOURS``; unless ``after_menu``, not when MENU or BATAL was typed since."""
    for case in store.list_cases(db, phone=phone, statuses=OPEN_STATUSES, limit=1):
        if (case["kind"] not in ("emergency", "handover") and _since(case["created_at"], CORRECTION_HOURS)
                and (after_menu or not left_since(db, phone, case["created_at"]))):
            return case
    return None


def _holder(case: dict) -> str:
    officers = workflow.officers_told(case)
    return (officers[0].get("name") if officers else None) or "petugas"


def about_recent_case(db, msg, note: str) -> list[str] | None:
    """A photo, a pin, a change of plan or a remark soon after a request: on that case and to
    its officers (with ``BALAS`` to answer), and the villager is told where it went. A side
    question we know (data/faq.yml) is answered for that case's service."""
    text = msg.text or ""
    pin = msg.latitude is not None and msg.longitude is not None
    named = _REF.findall(text.upper())
    kind = ("lampiran" if (msg.media or pin) else "perubahan" if rides.CHANGE.search(text)
            else "pesan" if _REMARK.search(text) or named and _ABOUT.search(text) else None)
    if escalation.only_thanks(text) or for_the_bot(text):
        return None
    if kind is None and not (faq.is_question(text) or faq.known_question(text, None)):
        return None
    case = recent_case(db, msg.phone)
    if case is None or (named and case["ref"] not in named) or (kind != "lampiran" and _another_document(text, case)):
        return None
    form = f"{case['kind']}_form"
    known = faq.known_question(text, form) if kind is None else None
    if kind is None and not known:
        return None
    if rasa_client.in_a_form(current(), msg.phone):
        return None  # a new form takes its own answers
    if known:  # "lha terus aku kudu mbayar opo ora?" after a levy complaint (round 8, finding 9)
        answer = faq.answer(known, form)
        rest = text.replace(known, " ")
        if len(re.findall(r"\w{2,}", rest)) < 3:
            return [answer]
        # "kodhu mayar apa enja'? KK-na kaula ghi' e tahan e kantor": the fact goes on too (round 9, C6)
        case = store.update_case(db, case["ref"], actor="warga", event="pesan", note=note[:2000])
        workflow.notify_officers(db, case, workflow.officers_told(case),
                                 f"{case['ref']} pesan dari {_writer(case, msg.phone)}: {note[:600]} "
                                 f"(Balas: BALAS {case['ref']} pesan)")
        return [answer, REMARK_SENT.format(who=_holder(case), ref=case["ref"])]
    data = {}
    if msg.media:
        data["photos"] = list((case.get("data") or {}).get("photos") or []) + list(msg.media)
    if pin and not (case.get("data") or {}).get("location"):
        data["location"] = {"latitude": msg.latitude, "longitude": msg.longitude}
    case = store.update_case(db, case["ref"], actor="warga", event=kind, note=note[:2000], data=data or None)
    workflow.notify_officers(db, case, workflow.officers_told(case),
                             f"{case['ref']} {kind} dari {_writer(case, msg.phone)}: {note[:600]} "
                             f"(Balas: BALAS {case['ref']} pesan)")
    if kind == "lampiran":
        what = "Foto" if msg.media and not pin else "Lokasi" if pin and not msg.media else "Foto dan lokasi"
        return [ADDED.format(what=what, ref=case["ref"])]
    return [(CHANGE_SENT if kind == "perubahan" else REMARK_SENT).format(who=_holder(case), ref=case["ref"])]


PLACED = ("Terima kasih. Bidan dan petugas Desa {village} sudah kami kabari ({ref}). Jangan menunggu: segera ke "
          "puskesmas/RS atau telp 112 (gratis).")


def place_later(db, settings, case: dict, msg) -> list[str] | None:
    """An emergency whose desa question was given up on ("sing glagah" not understood): a desa
    named later ("desa glagah mas") goes on the case and its officers are told at once. Only
    once Rasa's form no longer asks for it (else the form takes the answer itself)."""
    found = places.resolve_village(msg.text or "")
    if len(found) != 1:
        return None
    if rasa_client.in_a_form(settings or current(), msg.phone):
        return None  # the form asks it (or Rasa cannot say): left to the form, or the inbox
    village, district = found[0].name, found[0].district
    case = store.update_case(db, case["ref"], actor="warga", event="lokasi", village=village, district=district)
    officers = [o for o in workflow.route(escalation.ROLES, village, district) if o["phone"] not in case["assigned_to"]]
    if officers:
        escalation.notify_place(db, case, officers, placed=True)
    return [PLACED.format(village=village, ref=case["ref"])]


def handle(db, settings, msg) -> list[str] | None:
    """Replies when ``msg`` belongs to an open conversation on a case, else None."""
    note = _note(msg)
    if not note:
        return None
    health = faq.health_answer(msg.text) if not (msg.media or msg.latitude is not None) else None
    if health and not rasa_client.in_a_form(settings or current(), msg.phone):
        return [health]  # "wong meteng iku olih ngombe kopi ta?" (round 24: relayed to 7 officers as news)
    emergency = workflow.recent_open_case(db, msg.phone, "emergency", hours=EMERGENCY_HOURS)
    # the place is settled (a desa, or a pin): the form is no longer asking for it
    data = (emergency or {}).get("data") or {}
    settled = emergency and (emergency.get("village") or (data.get("location") and not data.get("desa_proposed")))
    if settled and not left_since(db, msg.phone, emergency["created_at"]):
        store.add_case_event(db, emergency["ref"], "warga", "pesan_lagi", note[:2000])
        escalation.tell_news(db, emergency, note)
        return [escalation.news_answer(db, emergency, settings)]
    if emergency and not settled and not left_since(db, msg.phone, emergency["created_at"]):
        placed = place_later(db, settings, emergency, msg)
        if placed:
            return placed
    feared = fear_after_report(db, msg) or news_after_kdrt(db, msg, note)
    if feared:
        return feared
    ride_words = rides.calls_off(msg.text or "") or rides.asks_time(msg.text or "")
    moved = None if for_the_bot(msg.text) and not ride_words else rides.handle(
        db, msg, note, _writer({}, msg.phone), in_form=lambda: rasa_client.in_a_form(settings or current(), msg.phone))
    if moved:
        return moved
    awaiting = officer_awaiting_reply(db, msg.phone, msg.text or "")
    if awaiting is None:
        return correction_after_case(db, msg, note) or about_recent_case(db, msg, note)
    if for_the_bot(msg.text):
        return None
    case, officer = awaiting
    store.add_case_event(db, case["ref"], "warga", "message", note[:2000])
    if workflow.discreet(case):
        body = f"{case['ref']} balasan warga: {note[:1000]}"
    else:
        body = f"{case['ref']} balasan warga {msg.phone}: {note[:1000]} (Balas: BALAS {case['ref']} pesan)"
    workflow.notify_officers(db, case, [officer], body)
    if case["status"] not in OPEN_STATUSES:
        log.info("reply on closed case %s forwarded", case["ref"])
    return [TO_OFFICER.format(who=officer.get("name") or "petugas", ref=case["ref"])]
