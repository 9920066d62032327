"""``hezuo import LEDGER FILE [--dry-run] [--format json] [--user NAME]``.

Exit status 0: imported (or, with --dry-run, would import); 1: refused, nothing written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hezuo.imports.ledgers import LEDGERS, get_ledger
from hezuo.imports.messages import translate
from hezuo.imports.services import command_user as _user
from hezuo.imports.services import import_file


class Command(BaseCommand):
    help = "Import a ledger from a .xlsx or .csv file, all or nothing."
    #: The system checks import every URL module (seconds on a loaded machine); a data
    #: command has no use for them (``hezuo check`` runs them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ledger", choices=sorted(LEDGERS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", help="Act as this user (default: a system administrator).")
        parser.add_argument("--lang", choices=["zh-hans", "ja", "en"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        ledger = get_ledger(options["ledger"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = _user(options["user"])
        as_json = options["format"] == "json"
        lang = options["lang"] or getattr(getattr(user, "profile", None), "language", None) or "en"

        def progress(phase: str, done: int, total: int) -> None:
            if not as_json and sys.stderr.isatty():
                sys.stderr.write(f"\r{phase}: {done}" + (f"/{total}" if total else "") + "   ")

        with translation.override(lang), path.open("rb") as stream:
            result = import_file(
                ledger,
                stream,
                file_name=path.name,
                user=user,
                dry_run=options["dry_run"],
                progress=progress,
            )
            if as_json:
                self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            else:
                verb = "would import" if options["dry_run"] else "imported"
                status = verb if result.ok else "refused"
                self.stdout.write(
                    f"{ledger.name}: {status}; created {result.created}, updated "
                    f"{result.updated}, unchanged {result.unchanged}, errors {len(result.errors)}"
                    f" ({result.rows} rows, {result.seconds:.1f} s)"
                )
                for error in result.errors:
                    self.stdout.write(
                        f"  row {error.row} [{error.column}] {error.value!r}: {translate(error)}"
                    )
        if not result.ok:
            sys.exit(1)
