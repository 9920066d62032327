"""``hezuo export LEDGER FILE [--lang zh-hans|ja|en] [--user NAME]``: .xlsx or .csv by extension.

Without --lang the headers are the field codes, so that the file imports back as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hezuo.core.tabular import ValueProblem
from hezuo.imports.ledgers import LEDGERS, get_ledger
from hezuo.imports.services import command_user as _user
from hezuo.imports.services import export_path


class Command(BaseCommand):
    help = "Export a ledger to a .xlsx or .csv file."
    #: The system checks import every URL module (seconds on a loaded machine); a data
    #: command has no use for them (``hezuo check`` runs them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ledger", choices=sorted(LEDGERS))
        parser.add_argument("file")
        parser.add_argument("--lang", choices=["zh-hans", "ja", "en"], default=None)
        parser.add_argument("--user", help="Act as this user (default: a system administrator).")

    def handle(self, *args: Any, **options: Any) -> None:
        ledger = get_ledger(options["ledger"])
        user = _user(options["user"])
        try:
            count = export_path(ledger, Path(options["file"]), user=user, lang=options["lang"])
        except ValueProblem as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{ledger.name}: {count} rows → {options['file']}")
