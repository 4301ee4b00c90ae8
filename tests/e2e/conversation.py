"""What the end-to-end tests of every service share: officers by role, a conversation
printed as a transcript, cases by reference or by contact, and waits that raise when the
thing never happens."""
from __future__ import annotations

import re
import time

from bot.core import directory
from tests.support import wait_until

# Desa Jambewangi, Kec. Sempu (data/officers.csv)
JAMBEWANGI, SEMPU = "Jambewangi", "Sempu"
REF_RE = re.compile(r"\b(DOK|ADU|OPR|HML|DRT|JEK|RKS)-\d{4,6}\b")
WIB_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
CONTRACT_KEYS = {"ref", "kind", "status", "phone", "channel", "village", "district", "created_at", "updated_at", "data"}


def officer(role: str, village: str | None = JAMBEWANGI, district: str = SEMPU) -> str:
    found = directory.officers_for(role, village=village, district=district)
    assert found, (role, village, district)
    return found[0]["phone"]


def converse(stack, phone: str, turns: list, *, whatsapp: bool = False) -> list[list[str]]:
    """Send each turn (a text, or a dict of stack.send keyword arguments with "text");
    the replies of every turn, printed as a transcript."""
    replies = []
    for turn in turns:
        kwargs = dict(turn) if isinstance(turn, dict) else {"text": turn}
        text = kwargs.pop("text", "")
        kwargs.setdefault("whatsapp", whatsapp)
        got = stack.send(phone, text, **kwargs)
        shown = text or ("[lokasi]" if "latitude" in kwargs else "[foto]")
        print(f"> {shown}")
        for line in got:
            print(f"< {line}")
        replies.append(got)
    return replies


def answer_until(stack, phone: str, replies: list[str], answers: list[tuple[str, str]], until: str, *,
                 turns: int = 12, whatsapp: bool = False) -> tuple[list[str], list[str]]:
    """Answer the bot like a villager: each question by the first (keyword, answer) whose keyword its
    last replies contain (any case), until ``until`` is among them. The last replies, and every
    reply from ``replies`` on; fails when a question has no answer or ``until`` never comes."""
    seen = list(replies)
    for _ in range(turns):
        last = " ".join(replies)
        if until in last:
            return replies, seen
        answer = next((a for k, a in answers if k.lower() in last.lower()), None)
        assert answer is not None, f"no answer for {last!r}"
        replies = converse(stack, phone, [answer], whatsapp=whatsapp)[0]
        seen += replies
    raise AssertionError(f"no {until!r} after {turns} answers: {seen}")


def ref_in(replies: list[str], prefix: str) -> str:
    m = re.search(rf"\b{prefix}-\d{{4,6}}\b", " ".join(replies))
    assert m, replies
    return m.group(0)


def case_by_ref(stack, ref: str) -> dict:
    cases = [c for c in stack.cases() if c["ref"] == ref]
    assert len(cases) == 1, ref
    case = cases[0]
    assert set(case) == CONTRACT_KEYS
    assert WIB_TS.match(case["created_at"]) and WIB_TS.match(case["updated_at"])
    return case


def cases_of(stack, phone: str, kind: str | None = None) -> list[dict]:
    return [c for c in stack.cases() if c["phone"] == phone and (kind is None or c["kind"] == kind)]


def case_of(stack, phone: str, kind: str) -> dict:
    cases = cases_of(stack, phone, kind)
    assert len(cases) == 1, cases
    return cases[0]


def wait_status(stack, ref: str, status: str, timeout: float = 10) -> dict:
    """The case once it has ``status``; AssertionError when it never gets there."""
    return wait_until(lambda: case_by_ref(stack, ref), lambda case: case["status"] == status, timeout,
                      f"case {ref} with status {status}")


def wait_case(stack, phone: str, kind: str, check, timeout: float = 20) -> dict:
    """The contact's case of ``kind`` once ``check(case)`` holds; AssertionError when it never does."""
    return wait_until(lambda: case_of(stack, phone, kind), check, timeout, f"{kind} case of the contact")


def no_message(stack, to: str, contains: str, wait: float) -> None:
    time.sleep(wait)
    bodies = [m["body"] for m in stack.outbox(to) if contains.lower() in (m["body"] or "").lower()]
    assert bodies == [], bodies
