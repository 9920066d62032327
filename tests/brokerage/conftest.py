"""A matchmaking day of the Dalian zone over the demo's opportunities (hezuo.demo.matching,
without the synthetic layer), with members of Iwatani and Jinpu besides the demo's users."""

from __future__ import annotations

from datetime import date, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hezuo.accounts.models import Membership
from hezuo.brokerage.models import BrokerageEvent, Interpreter, Registration
from hezuo.core.access import Role
from hezuo.demo.matching import build_matching
from hezuo.demo.world import DALIAN_ZONE, IWATANI, JINPU, MIZUHO, NEUSOFT_REACH, NIDEC
from hezuo.directory.models import Organisation
from hezuo.matchdesk.models import Opportunity
from hezuo.regions.models import Program


@pytest.fixture(autouse=True)
def _schedule_inline(settings):
    settings.BROKERAGE_IN_THREAD = False


def org(name: str) -> Organisation:
    return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)


def register(
    event: BrokerageEvent, key: str, name: str, languages: list[str], **extra: Any
) -> Registration:
    reg = Registration.objects.create(
        event=event,
        organisation=org(name),
        languages=languages,
        contact_email=f"{key}@example.com",
        **extra,
    )
    reg.opportunities.set(Opportunity.objects.filter(owner=reg.organisation))
    return reg


@pytest.fixture
def world(db) -> SimpleNamespace:
    build_matching(scale=0)
    users = get_user_model().objects
    for username, organisation in (("iwatani-member", IWATANI), ("jinpu-member", JINPU)):
        Membership.objects.create(
            user=users.create_user(username, password="x", email=f"{username}@example.com"),
            role=Role.ENTERPRISE,
            organisation=org(organisation),
            program=Program.objects.get(code=DALIAN_ZONE),
        )
    zone = Program.objects.get(code=DALIAN_ZONE)
    day = timezone.localdate() + timedelta(days=20)
    event = BrokerageEvent.objects.create(
        title_zh_hans="中日产业对接日",
        title_ja="日中産業マッチングデー",
        title_en="China–Japan matchmaking day",
        kind="matchmaking_day",
        program=zone,
        place="金普新区",
        date=day,
        start_time=time(9, 0),
        slot_minutes=30,
        slot_count=4,
        table_count=2,
        registration_deadline=day - timedelta(days=5),
        status="open",
        time_limit=5,
    )
    regs = {
        "nidec": register(event, "nidec", NIDEC, ["ja"], agenda_language="ja"),
        "neusoft": register(event, "neusoft", NEUSOFT_REACH, ["zh"], agenda_language="zh-hans"),
        "iwatani": register(event, "iwatani", IWATANI, ["ja"], agenda_language="ja"),
        "jinpu": register(event, "jinpu", JINPU, ["zh"], agenda_language="zh-hans"),
        "mizuho": register(event, "mizuho", MIZUHO, ["en", "ja"], agenda_language="en"),
    }
    interpreter = Interpreter.objects.create(event=event, name="王晓燕", languages=["zh", "ja"])
    named = {u.username: u for u in users.all()}
    return SimpleNamespace(
        users=named, event=event, regs=regs, zone=zone, interpreter=interpreter, org=org
    )


@pytest.fixture
def as_user(client):
    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login


__all__ = ["date", "register"]
