"""Two synthetic brokerage events with registrations, requests and a computed schedule.

- a matchmaking day of the China–Japan zone in Dalian (program ``cn-jp-dalian``): the world's
  parties with opportunities in the zone (Nidec, Neusoft Reach, Iwatani, Jinpu, Mizuho, ORIX,
  Nidec Dalian) and owners of the synthetic layer's zone opportunities;
- a roadshow of Liupanshui products in Dalian (program ``dalian-liupanshui``): the Liupanshui
  suppliers and the Dalian buyers, and owners of the synthetic pairing opportunities.

Each participant requests meetings with the owners of its best matches among the other
participants (the engine's ranking; the three best are high priority); a request is worth its
priority raised by the match score. Interpreters (synthetic) cover Chinese–Japanese and
Chinese–English. The schedule is computed by the same service staff use. Every record is
synthetic and the events' titles carry the sample mark.
"""

from __future__ import annotations

import random
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hezuo.brokerage import selectors, services
from hezuo.brokerage.choices import EventKind, EventStatus, Priority
from hezuo.brokerage.models import (
    BrokerageEvent,
    Interpreter,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from hezuo.matchdesk.models import Opportunity
from hezuo.matchdesk.selectors import index_for, profile_of
from hezuo.regions.models import Program

from .synthetic import mark
from .world import DALIAN_ZONE, PAIRING

#: program code, kind, (zh, ja, en) title, place, slots, tables, participants at most
EVENTS: tuple[tuple[str, str, tuple[str, str, str], str, int, int, int], ...] = (
    (
        DALIAN_ZONE,
        EventKind.MATCHMAKING_DAY,
        ("中日产业对接日", "日中産業マッチングデー", "China–Japan industry matchmaking day"),
        "大连金普新区 中日(大连)地方发展合作示范区 会展中心",
        12,
        4,
        40,
    ),
    (
        PAIRING,
        EventKind.ROADSHOW,
        (
            "六盘水农特产品大连推介会",
            "六盤水特産品大連商談会",
            "Liupanshui products roadshow in Dalian",
        ),
        "大连市 星海会展中心",
        10,
        3,
        30,
    ),
)

INTERPRETERS = (
    (("王晓燕", "王暁燕", "Wang Xiaoyan"), ["zh", "ja"], []),
    (("佐藤美咲", "佐藤美咲", "Sato Misaki"), ["zh", "ja", "en"], [1, 2, 3, 4, 5, 6]),
    (("李明", "李明", "Li Ming"), ["zh", "en"], []),
)


def _languages(org: Any, rng: random.Random) -> list[str]:
    if org.country == "JP":
        return ["ja", "en"] if rng.random() < 0.4 else ["ja"]
    if org.country and org.country != "CN":
        return ["en"]
    return ["zh", "en"] if rng.random() < 0.2 else ["zh"]


def _register(
    event: BrokerageEvent, opps: list[Opportunity], rng: random.Random, cap: int
) -> dict[int, Registration]:
    by_owner: dict[int, list[Opportunity]] = {}
    for o in opps:
        if o.owner_id is not None:
            by_owner.setdefault(o.owner_id, []).append(o)
    facts = [k for k, v in by_owner.items() if not v[0].owner.is_synthetic]
    others = [k for k in by_owner if k not in facts]
    chosen = facts + others[: max(0, cap - len(facts))]
    regs: dict[int, Registration] = {}
    for owner_id in chosen:
        owner = by_owner[owner_id][0].owner
        slots: list[int] = []
        if rng.random() < 0.35:  # some leave early or come late
            start = rng.randint(1, event.slot_count // 2)
            slots = list(range(start, start + event.slot_count // 2 + 1))
        langs = _languages(owner, rng)
        reg = Registration(
            event=event,
            organisation=owner,
            available_slots=slots,
            languages=langs,
            needs_interpreter=rng.random() < 0.85,
            agenda_language={"ja": "ja", "en": "en"}.get(langs[0], "zh-hans"),
            contact_email=f"brokerage-{owner_id}@example.com",
            is_synthetic=True,
        )
        reg.full_clean()
        reg._change_reason = "demo"  # type: ignore[attr-defined]
        reg.save()
        reg.opportunities.set(by_owner[owner_id])
        regs[owner_id] = reg
    return regs


def _requests(event: BrokerageEvent, regs: dict[int, Registration], rng: random.Random) -> int:
    today = timezone.localdate()
    made: set[tuple[int, int]] = set()
    for owner_id, reg in regs.items():
        for opp in reg.opportunities.select_related("region").prefetch_related("industry_classes"):
            results = index_for(opp.complement).rank(profile_of(opp), top=200, today=today)
            owners = dict(
                Opportunity.objects.filter(pk__in=[int(r.profile_id) for r in results]).values_list(
                    "pk", "owner_id"
                )
            )
            rank = 0
            for r in results:
                other = owners.get(int(r.profile_id))
                if other is None or other == owner_id or other not in regs:
                    continue
                rank += 1
                if rank > 5 or (owner_id, other) in made:
                    continue
                if rng.random() < 0.25:  # not every match is asked for
                    continue
                made.add((owner_id, other))
                priority = (
                    Priority.HIGH if rank <= 2 else rng.choice([Priority.NORMAL, Priority.LOW])
                )
                request = MeetingRequest(
                    event=event,
                    requester=reg,
                    requested=regs[other],
                    priority=priority,
                    score=r.score,
                    value=selectors.request_value(priority, r.score),
                    program=event.program,
                    is_synthetic=True,
                )
                request.full_clean()
                request._change_reason = "demo"  # type: ignore[attr-defined]
                request.save()
                request.parties.set([owner_id, other])
    return len(made)


@transaction.atomic
def build_brokerage(seed: int = 2020) -> int:
    """Build the two demo events and compute their schedules; return the meetings scheduled."""
    BrokerageEvent.objects.filter(is_synthetic=True).delete()
    rng = random.Random(seed)  # nosec B311 - seeded demo data, not security
    programs = {p.code: p for p in Program.objects.filter(code__in=[e[0] for e in EVENTS])}
    day = timezone.localdate() + timedelta(days=21)
    scheduled = 0
    for code, kind, titles, place, slots, tables, cap in EVENTS:
        program = programs.get(code)
        if program is None:
            continue
        title = mark(*titles)
        event = BrokerageEvent(
            kind=kind,
            program=program,
            place=place,
            date=day,
            start_time=time(9, 0),
            slot_minutes=30,
            slot_count=slots,
            table_count=tables,
            registration_deadline=day - timedelta(days=7),
            status=EventStatus.OPEN,
            time_limit=5,
            is_synthetic=True,
            **{f"title_{lang}": value for lang, value in title.items()},
        )
        event.full_clean()
        event._change_reason = "demo"  # type: ignore[attr-defined]
        event.save()
        opps = list(
            Opportunity.objects.filter(program=program, owner__isnull=False)
            .select_related("owner")
            .order_by("pk")
        )
        regs = _register(event, opps, rng, cap)
        for names, langs, avail in INTERPRETERS:
            if kind == EventKind.ROADSHOW and "en" not in langs:
                continue
            interp = Interpreter(
                event=event,
                name=mark(*names)["zh_hans"],
                languages=langs,
                available_slots=[s for s in avail if s <= slots],
                is_synthetic=True,
            )
            interp.full_clean()
            interp._change_reason = "demo"  # type: ignore[attr-defined]
            interp.save()
        if _requests(event, regs, rng):
            run = ScheduleRun.objects.create(event=event, is_synthetic=True)
            services.compute_schedule(run=run)
            scheduled += run.scheduled
    return scheduled
