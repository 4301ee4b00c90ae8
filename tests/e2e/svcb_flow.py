"""Shared bits of the end-to-end tests of pregnancy, emergency, rides and Rantang Kasih."""
from __future__ import annotations

import time

from bot.core import directory

# Desa Jambewangi, Kec. Sempu (data/officers.csv)
JAMBEWANGI, SEMPU = "Jambewangi", "Sempu"


def officer(role: str, village: str | None = JAMBEWANGI, district: str = SEMPU) -> str:
    found = directory.officers_for(role, village=village, district=district)
    assert found, (role, village, district)
    return found[0]["phone"]


def converse(stack, phone: str, turns: list[str], *, whatsapp: bool = False) -> list[list[str]]:
    """Send each text in turn; the replies of every turn (printed, for the issue's transcript)."""
    replies = []
    for text in turns:
        got = stack.send(phone, text, whatsapp=whatsapp)
        print(f"> {text}")
        for line in got:
            print(f"< {line}")
        replies.append(got)
    return replies


def case_of(stack, phone: str, kind: str) -> dict:
    cases = [c for c in stack.cases() if c["phone"] == phone and c["kind"] == kind]
    assert len(cases) == 1, cases
    return cases[0]


def wait_case(stack, phone: str, kind: str, check, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        case = case_of(stack, phone, kind)
        if check(case) or time.monotonic() > deadline:
            return case
        time.sleep(0.5)


def no_message(stack, to: str, contains: str, wait: float) -> None:
    time.sleep(wait)
    bodies = [m["body"] for m in stack.outbox(to) if contains.lower() in (m["body"] or "").lower()]
    assert bodies == [], bodies
