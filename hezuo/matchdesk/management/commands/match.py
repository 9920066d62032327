"""``hezuo match rank``: rank profiles for queries from JSONL files (a stable contract);
``hezuo match remind`` and ``hezuo match notify``: the desk's daily e-mails (for cron).

    hezuo match rank --profiles PROFILES.jsonl --queries QUERIES.jsonl --top K
                     [--explain] [--explain-file F] [--today YYYY-MM-DD]

For each query (in file order) the profiles of the complementary kind are ranked and the top K
printed as TREC run lines on standard output: ``QUERY_ID Q0 PROFILE_ID RANK SCORE hezuo``, ranks
from 1. ``--explain`` writes one JSON explanation per result line (JSON Lines) on standard error,
or into the file given by ``--explain-file``. Bad input stops with the file, line number and
reason, and exit status 2. Reads files only: no database is opened.

    hezuo match remind [--today YYYY-MM-DD] [--site URL] [--dry-run]
    hezuo match notify [--today YYYY-MM-DD] [--threshold SCORE] [--site URL] [--dry-run]

``remind`` reminds the other side of each interest still unanswered near its deadline and
escalates those past it to the program's responsible officers; ``notify`` e-mails each member of
an organisation the new matches of its opportunities scoring at least the threshold (setting
MATCHING_NOTIFY_THRESHOLD). Both record what they sent, so running them again sends nothing
twice; each person gets one message in the language of their profile.
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

        for name, text in (
            ("remind", "remind unanswered interests; escalate those past their deadline"),
            ("notify", "e-mail new matches above the threshold to their organisations"),
        ):
            mail = sub.add_parser(name, help=text)
            mail.add_argument(
                "--today", type=date.fromisoformat, help="the day to run for (default: today)"
            )
            mail.add_argument(
                "--site",
                default="",
                help="the site's address for links, e.g. https://hezuo.example",
            )
            mail.add_argument(
                "--dry-run", action="store_true", help="record nothing and send nothing; only count"
            )
            if name == "notify":
                mail.add_argument(
                    "--threshold", type=float, help="the lowest score e-mailed (default: setting)"
                )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rank":
            with translation.override(options.get("lang") or "en"):
                self.rank(options)
        elif options["action"] in ("remind", "notify"):
            self.mail(options)

    def mail(self, options: dict[str, Any]) -> None:
        from django.db import transaction
        from django.utils import timezone

        from hezuo.base.mail import send_messages
        from hezuo.matchdesk import mail, services

        on: date = options["today"] or timezone.localdate()
        with transaction.atomic():
            if options["action"] == "remind":
                notices, undelivered = services.remind_and_escalate(on=on)
                reminded = {i.pk for n in notices for i in n.reminders}
                escalated = {i.pk for n in notices for i in n.escalations}
                what = f"{len(reminded)} reminded, {len(escalated)} escalated"
            else:
                threshold = options.get("threshold")
                notices, undelivered = notify_matches(on=on, threshold=threshold)
                pairs = {(o.pk, m.opportunity.pk) for n in notices for o, f in n.matches for m in f}
                what = f"{len(pairs)} new matches"
            if options["dry_run"]:
                transaction.set_rollback(True)
        messages, no_address = [], []
        for notice in notices:
            if notice.user.email:
                messages.append(mail.notice_message(notice, on=on, site=options["site"]))
            else:
                no_address.append(notice.user.get_username())
        sent = 0
        if messages and not options["dry_run"]:
            sent = send_messages(messages)
        self.stdout.write(
            f"Matchmaking {options['action']} for {on}: {what}; {sent} messages sent "
            f"to {len(messages)} people."
        )
        if no_address:
            self.stderr.write("No e-mail address: " + ", ".join(sorted(no_address)))
        if undelivered:
            self.stderr.write("Reached no one: " + "; ".join(undelivered))

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


def notify_matches(*, on: date, threshold: float | None = None) -> tuple[list[Any], list[str]]:
    """Find and record the new matches of every open opportunity for its organisation's members.

    Members without an e-mail address are left out (and nothing is recorded for them, so they
    are told once they have one).
    """
    from django.db.models import Q

    from hezuo.matchdesk import selectors, services
    from hezuo.matchdesk.models import Opportunity

    limit = selectors.notify_threshold() if threshold is None else threshold
    notices: dict[int, services.Notice] = {}
    open_ = Opportunity.objects.filter(owner__isnull=False).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    no_address: list[str] = []
    for opp in open_.select_related("owner", "region").order_by("pk"):
        for user in selectors.organisation_members(opp.owner):
            if not user.email:
                no_address.append(user.get_username())
                continue
            found = selectors.new_matches(opp, user=user, threshold=limit, today=on)
            if found:
                services.record_notified(opportunity=opp, user=user, matches=found)
                notices.setdefault(user.pk, services.Notice(user)).matches.append((opp, found))
    undelivered = [f"no e-mail address: {name}" for name in sorted(set(no_address))]
    return [n for _pk, n in sorted(notices.items())], undelivered
