"""``hezuo match rank``: rank profiles for queries from JSONL files (a stable contract).

    hezuo match rank --profiles PROFILES.jsonl --queries QUERIES.jsonl --top K
                     [--explain] [--explain-file F] [--today YYYY-MM-DD]

For each query (in file order) the profiles of the complementary kind are ranked and the top K
printed as TREC run lines on standard output: ``QUERY_ID Q0 PROFILE_ID RANK SCORE hezuo``, ranks
from 1. ``--explain`` writes one JSON explanation per result line (JSON Lines) on standard error,
or into the file given by ``--explain-file``. Bad input stops with the file, line number and
reason, and exit status 2. Reads files only: no database is opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hezuo.core.matching import MatchIndex, Profile, ProfileError, profile_from_dict

RUN_TAG = "hezuo"
BAD_INPUT = 2

# The reasons hezuo.core.matching.profile gives (pure Python, so marked here for translation).
REASONS = (
    gettext_noop('unknown kind "%(kind)s"'),
    gettext_noop("%(field)s must be a number"),
    gettext_noop("%(field)s must be a number of zero or more"),
    gettext_noop("missing field %(field)s"),
    gettext_noop("%(field)s must be a string"),
    gettext_noop("a line must be a JSON object"),
    gettext_noop("id must not contain white space"),
    gettext_noop('unknown lang "%(lang)s" (zh, ja or en)'),
    gettext_noop("title and text are both empty"),
    gettext_noop("industry must be a list of GB/T 4754 codes"),
    gettext_noop('not a GB/T 4754 industry code: "%(code)s"'),
    gettext_noop('not a GB/T 2260 or ISO 3166 region code: "%(code)s"'),
    gettext_noop('not an ISO 4217 currency code: "%(code)s"'),
    gettext_noop("valid_until must be a date YYYY-MM-DD"),
)


def bad_input(path: Path, line: int, reason: str) -> CommandError:
    return CommandError(
        _("%(file)s, line %(line)d: %(reason)s") % {"file": path, "line": line, "reason": reason},
        returncode=BAD_INPUT,
    )


def read_profiles(path: Path) -> Iterator[Profile]:
    """Profiles of a JSONL file, in order; blank lines are skipped; duplicate ids are refused."""
    seen: set[str] = set()
    try:
        handle = path.open(encoding="utf-8-sig")  # a byte-order mark is tolerated
    except OSError as error:
        raise CommandError(
            _("cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror},
            returncode=BAD_INPUT,
        ) from None
    with handle:
        line_no = 0
        try:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as error:
                    reason = _("malformed JSON (%(error)s)") % {"error": error.msg}
                    raise bad_input(path, line_no, reason) from None
                try:
                    profile = profile_from_dict(data)
                except ProfileError as error:
                    raise bad_input(path, line_no, _(error.reason) % error.params) from None
                if profile.id in seen:
                    reason = _('duplicate id "%(id)s"') % {"id": profile.id}
                    raise bad_input(path, line_no, reason)
                seen.add(profile.id)
                yield profile
        except UnicodeDecodeError:
            raise bad_input(path, line_no + 1, _("not UTF-8 text")) from None


class Command(BaseCommand):
    help = "Matchmaking engine: rank complementary profiles (see `hezuo match rank --help`)."
    requires_system_checks: list[str] = []  # reads files only: no database, no checks needed

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rank = sub.add_parser(
            "rank",
            help="rank the profiles of the complementary kind for each query (TREC run lines)",
        )
        rank.add_argument("--profiles", required=True, type=Path, help="profiles, JSON Lines")
        rank.add_argument("--queries", required=True, type=Path, help="queries, JSON Lines")
        rank.add_argument("--top", required=True, type=int, help="results per query (K >= 1)")
        rank.add_argument(
            "--explain", action="store_true", help="one JSON explanation per result on stderr"
        )
        rank.add_argument(
            "--explain-file", type=Path, help="write the explanations to this file instead"
        )
        rank.add_argument(
            "--lang",
            default="en",
            choices=["en", "ja", "zh-hans"],
            help="language of the messages (default: en)",
        )
        rank.add_argument(
            "--today",
            type=date.fromisoformat,
            help="date for expiry (valid_until); default: today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rank":
            with translation.override(options.get("lang") or "en"):
                self.rank(options)

    def rank(self, options: dict[str, Any]) -> None:
        top: int = options["top"]
        if top < 1:
            raise CommandError(_("--top must be 1 or more"), returncode=BAD_INPUT)
        explain_file: Path | None = options["explain_file"]
        explain = bool(options["explain"] or explain_file)
        today: date = options["today"] or date.today()
        queries = list(read_profiles(options["queries"]))  # the small file first: fail fast
        index = MatchIndex.build(read_profiles(options["profiles"]))
        self.stderr.style_func = None  # explanations are JSON: never coloured
        sink: TextIO | None = None
        if explain_file:
            sink = explain_file.open("w", encoding="utf-8")
        try:
            for query in queries:
                results = index.rank(query, top=top, today=today, explain=explain)
                lines = [
                    f"{query.id} Q0 {r.profile_id} {r.rank} {r.score:.6f} {RUN_TAG}\n"
                    for r in results
                ]
                self.stdout.write("".join(lines), ending="")
                if explain:
                    text = "".join(
                        json.dumps(r.explanation, ensure_ascii=False) + "\n" for r in results
                    )
                    if sink is not None:
                        sink.write(text)
                    else:
                        self.stderr.write(text, ending="")
        finally:
            self.stdout.flush()
            if sink is not None:
                sink.close()
