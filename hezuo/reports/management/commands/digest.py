"""E-mail the day's digest: overdue milestones, stuck projects and escalated enquiries.

Meant for a scheduler (cron), once a day: ``hezuo digest`` (or ``--date YYYY-MM-DD`` to see the
digest of another day). Enquiries unanswered past their deadline are escalated first. Each person
gets one message in the language of their profile, through Django's mail framework (the console
backend in the demo; SMTP or any other backend by EMAIL_BACKEND in production).
"""

from __future__ import annotations

from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.mail import language_of, message_in, send_messages
from hezuo.base.services import SYSTEM
from hezuo.reports.selectors import Digest, digests
from hezuo.zonedesk.services import escalate_overdue_enquiries


def digest_message(digest: Digest, *, on: date) -> EmailMultiAlternatives:
    """Return the digest e-mail of one person, written in their language."""
    return message_in(
        language_of(digest.user),
        to=digest.user.email,
        subject=lambda: (
            _(
                "Hezuo digest for %(date)s — overdue milestones: %(overdue)d, stuck projects: "
                "%(stuck)d, escalated enquiries: %(enquiries)d"
            )
            % {
                "date": on.isoformat(),
                "overdue": len(digest.overdue),
                "stuck": len(digest.stuck),
                "enquiries": len(digest.enquiries),
            }
        ),
        template="reports/email/digest",
        context={"digest": digest, "on": on, "user": digest.user},
        recipient=digest.user,
        link=reverse("home"),  # the home page lists the same overdue and stuck work
    )


class Command(BaseCommand):
    help = "E-mail each responsible person the day's overdue milestones, stuck projects and escalated enquiries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="The day of the digest (YYYY-MM-DD; default today).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Escalate nothing and send nothing; only count."
        )

    def handle(self, *args: object, **options: object) -> None:
        on = options["date"] or timezone.localdate()
        if isinstance(on, str):
            on = date.fromisoformat(on)
        if not isinstance(on, date):
            raise CommandError("Give --date as YYYY-MM-DD.")
        escalated = (
            [] if options["dry_run"] else escalate_overdue_enquiries(on=on, acting_user=SYSTEM)
        )
        found, undelivered = digests(on=on)
        messages, no_address = [], []
        for digest in found:
            if digest.user.email:
                messages.append(digest_message(digest, on=on))
            else:
                no_address.append(digest.user.get_username())
        sent = 0
        if messages and not options["dry_run"]:
            sent = send_messages(messages)
        self.stdout.write(
            f"Digest for {on}: {len(escalated)} enquiries escalated, {sent} messages sent "
            f"to {len(messages)} people."
        )
        if no_address:
            self.stderr.write("No e-mail address: " + ", ".join(sorted(no_address)))
        if undelivered:
            self.stderr.write("Reached no one: " + "; ".join(undelivered))
