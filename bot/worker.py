"""The RQ worker class of the outbound queue.

RQ forks a work horse for every job; a module first imported inside the horse is
imported again for the next job (about a second each for twilio and rasa_sdk).
Importing the job modules here, in the parent, makes every forked horse start warm.
Used as ``rq worker --worker-class bot.worker.PreloadedWorker``.
"""
from __future__ import annotations

from rq import Worker

import actions.emergency
import actions.transport  # noqa: F401  (ride reminders)
import bot.outbound
import bot.twilio_client  # noqa: F401


class PreloadedWorker(Worker):
    """rq's Worker, with the job modules already imported in the parent process."""
