"""The one store of messages, contacts and cases (SQLite through sqlite-utils, WAL).

Split by table (``schema``, ``messages``, ``contacts``, ``cases``); this package gathers
their functions so callers write ``store.create_case(db, ...)``. Nobody else writes SQL
against these tables. Phones are stored in E.164 without ``whatsapp:``; the channel
(``sms`` or ``whatsapp``) is kept beside them.
"""
from bot.core.kinds import CASE_KINDS, CASE_STATUSES, OPEN_STATUSES
from bot.core.store.cases import (
    add_case_event,
    case_events,
    create_case,
    export_case,
    export_cases,
    format_ref,
    get_case,
    list_cases,
    next_ref,
    parse_ref,
    update_case,
)
from bot.core.store.contacts import (
    get_contact,
    is_opted_out,
    remember_route,
    route_of,
    set_opt_out,
    upsert_contact,
)
from bot.core.store.messages import (
    has_pending_inbound,
    has_received_before,
    last_outbound,
    log_message,
    message_by_sid,
    messages_for,
    pending_inbound,
    received_before,
    requeue_received,
    update_message,
    update_message_status_by_sid,
)
from bot.core.store.schema import ensure, migrate, open_db

__all__ = [
    "CASE_KINDS",
    "CASE_STATUSES",
    "OPEN_STATUSES",
    "add_case_event",
    "case_events",
    "create_case",
    "ensure",
    "export_case",
    "export_cases",
    "format_ref",
    "get_case",
    "get_contact",
    "has_pending_inbound",
    "has_received_before",
    "is_opted_out",
    "last_outbound",
    "list_cases",
    "log_message",
    "message_by_sid",
    "messages_for",
    "migrate",
    "next_ref",
    "open_db",
    "parse_ref",
    "pending_inbound",
    "received_before",
    "remember_route",
    "requeue_received",
    "route_of",
    "set_opt_out",
    "update_case",
    "update_message",
    "update_message_status_by_sid",
    "upsert_contact",
]
