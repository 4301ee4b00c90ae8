"""The RQ worker class of the outbound queue (``rq worker --worker-class bot.worker.PreloadedWorker``).

RQ forks a work horse for every job; a module first imported inside the horse is
imported again for the next job (about a second each for twilio). Importing the job
modules here, in the parent, makes every forked horse start warm. The jobs live in the
core (outbound sends, emergency escalations, ride reminders), and one in ``bot`` that
talks to the Rasa server over HTTP (``bot.emergency_menu.no_answer``: "3 Darurat" from
the menu and no answer): no rasa_sdk, no Flask, no nlu.
The worker's settings are read once, here, and checked for what it needs in production.
"""
from __future__ import annotations

import logging

from rq import Worker

import bot.core.escalation
import bot.core.outbound
import bot.core.reminders
import bot.core.twilio
import bot.emergency_menu
from bot.core import settings as config


class PreloadedWorker(Worker):
    """rq's Worker, with the job modules already imported in the parent process."""

    def __init__(self, *args, **kwargs):
        config.use(config.load_settings(process="worker"))
        super().__init__(*args, **kwargs)
        try:  # messages left pending by a crash or a lost Redis are answered (bot.inbox.sweep)
            bot.core.outbound.schedule("bot.inbox.sweep")
        except Exception as exc:  # noqa: BLE001 - the webhook queues a drain for every new pending message
            logging.getLogger(__name__).warning("inbox sweep not scheduled (%s)", type(exc).__name__)
