"""The console's seams to the data layer (issue 12): the FTS5 message search
(``bot.core.store.search``) and ``flask nlu export`` run from the review page's button (the
button says so when an installation lacks the command)."""
from __future__ import annotations

import contextlib
import io

import click
from flask import current_app


def nlu_export_command() -> click.Command | None:
    """``flask nlu export`` when the application has it."""
    group = current_app.cli.commands.get("nlu")
    if isinstance(group, click.Group):
        return group.commands.get("export")
    return None


def run_nlu_export() -> tuple[bool, str]:
    """Run ``flask nlu export --out NLU_EXPORT_OUT`` in this process: (ran, its output)."""
    command = nlu_export_command()
    if command is None:
        return False, "Perintah ekspor (flask nlu export) belum tersedia di server ini."
    out = io.StringIO()
    target = current_app.config["SETTINGS"].nlu_export_out
    args = ["--out", str(target)] if any(p.name == "out" for p in command.params) else []
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            command.main(args=args, prog_name="flask nlu export", standalone_mode=False)
        except click.ClickException as exc:
            return False, exc.format_message()
    return True, out.getvalue().strip()[-2000:]
