"""Events of the layer (ceremonies, meetings, visits, fairs, delegations) with who took part,
and the agreements signed (investment, procurement, framework, cooperation, other)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hezuo.directory.models import Person, Position
from hezuo.events.choices import (
    AgreementKind,
    AgreementPartyRole,
    EventKind,
    EventStatus,
    ParticipationPart,
)
from hezuo.events.models import Agreement, AgreementParty, Event, Participation
from hezuo.projects.choices import STAGE_ORDER, Stage
from hezuo.regions.models import Program, SubArea

from .directory import OrgSpec
from .frame import LAST_DAY, MARK_ZH, PLANNED_FROM, Layer, bulk, draw_day, names
from .projects import ProjectPlan
from .vocabulary import GOODS


def build_events(layer: Layer, people: list[tuple[Person, Position, OrgSpec]]) -> list[Event]:
    """Create the events, planned from PLANNED_FROM on, each with three to eight people."""
    rng = layer.rng
    kinds = (
        (EventKind.CEREMONY, 8),
        (EventKind.MEETING, 15),
        (EventKind.SITE_VISIT, 15),
        (EventKind.TRADE_FAIR, 10),
        (EventKind.DELEGATION_VISIT, 12),
    )
    plan: list[str] = []
    for kind, count in kinds:
        plan += [kind] * (count * layer.scale)
    plan = plan[: layer.n("events")]
    objs = []
    templates = {
        EventKind.CEREMONY: (
            "{y}年第{n}批合作项目集中签约仪式",
            "{y}年第{n}回協力プロジェクト集中調印式",
            "Project signing ceremony {y} no. {n}",
            "zone",
        ),
        EventKind.MEETING: (
            "{y}年大连·六盘水协作工作推进会（第{n}次）",
            "{y}年大連・六盤水協力推進会議（第{n}回）",
            "Dalian–Liupanshui collaboration meeting {y} no. {n}",
            "pairing",
        ),
        EventKind.SITE_VISIT: (
            "{y}年片区项目现场调研（第{n}次）",
            "{y}年区画プロジェクト現地視察（第{n}回）",
            "Sub-area project site visit {y} no. {n}",
            "zone",
        ),
        EventKind.TRADE_FAIR: (
            "{y}年六盘水特色农产品大连展销会（第{n}场）",
            "{y}年六盤水特色農産物大連展示即売会（第{n}回）",
            "Liupanshui farm products fair in Dalian {y} no. {n}",
            "pairing",
        ),
        EventKind.DELEGATION_VISIT: (
            "{y}年日本企业代表团访问示范区（第{n}批）",
            "{y}年日本企業代表団モデル区訪問（第{n}陣）",
            "Japanese business delegation to the zone {y} no. {n}",
            "zone",
        ),
    }
    counters: dict[tuple[str, int], int] = {}
    for kind in plan:
        day = draw_day(rng, date(2018, 3, 1), date(2026, 11, 30))
        number = counters[(kind, day.year)] = counters.get((kind, day.year), 0) + 1
        zh, ja, en, side = templates[kind]
        status = (
            EventStatus.PLANNED
            if day >= PLANNED_FROM
            else (EventStatus.CANCELLED if rng.random() < 0.05 else EventStatus.HELD)
        )
        region = (
            rng.choice(layer.dalian_counties)
            if side == "zone" or rng.random() < 0.7
            else rng.choice(layer.liupanshui_counties)
        )
        objs.append(
            Event(
                **names(
                    zh.format(y=day.year, n=number),
                    ja.format(y=day.year, n=number),
                    en.format(y=day.year, n=number),
                    prefix="title",
                ),
                kind=kind,
                status=status,
                date=day,
                region=region,
                program=layer.zone if side == "zone" else layer.pairing,
                venue_zh_hans=f"{region.name_zh_hans}会议中心{MARK_ZH}",
                is_synthetic=True,
                description="示例活动 / サンプル行事 / sample event",
            )
        )
    events = bulk(objs, Event)
    participations = []
    for event in events:
        chosen = rng.sample(people, min(len(people), rng.randint(3, 8)))
        for order, (person, position, _spec) in enumerate(chosen, start=1):
            if order == 1:
                parts = [ParticipationPart.PRESIDED]
            elif event.kind == EventKind.CEREMONY and order <= 3:
                parts = [ParticipationPart.ATTENDED, ParticipationPart.ADDRESS]
            elif event.kind == EventKind.CEREMONY:
                parts = [ParticipationPart.ATTENDED, ParticipationPart.SIGNED]
            elif event.kind == EventKind.MEETING and order <= 3:
                parts = [ParticipationPart.REPORT]
            else:
                parts = [ParticipationPart.ATTENDED]
            participations.append(
                Participation(
                    event=event,
                    person=person,
                    position=position,
                    parts=[str(p) for p in parts],
                    order=order,
                    is_synthetic=True,
                )
            )
    bulk(participations, Participation)
    layer.counts["events"] = len(events)
    layer.counts["participations"] = len(participations)
    return events


def _ceremony_near(layer: Layer, ceremonies: list[Event], reached: dict[str, date]) -> Event | None:
    """Return a ceremony within 30 days of the signing, moving the project's dates to it."""
    signed = reached[Stage.SIGNED]
    near = [e for e in ceremonies if e.date and abs((e.date - signed).days) <= 30]
    if not near or layer.rng.random() < 0.3:
        return None
    event = layer.rng.choice(near)
    shift = event.date - signed
    moving = False
    for stage in [*STAGE_ORDER, Stage.TERMINATED]:
        moving = moving or stage == Stage.SIGNED
        if moving and stage in reached:
            reached[stage] = min(reached[stage] + shift, LAST_DAY)
    return event


def build_agreements(
    layer: Layer, specs: list[OrgSpec], events: list[Event], plans: list[ProjectPlan]
) -> tuple[list[Agreement], dict[str, int]]:
    """Create the agreements with their parties; return them and, by project code, the index
    of each signed project's investment agreement (signed at a ceremony near its day, whose
    day then becomes the project's)."""
    rng = layer.rng
    signed_plans = [p for p in plans if Stage.SIGNED in p.reached]
    total = layer.n("agreements")
    n_investment = min(len(signed_plans), total * 7 // 15)
    n_procurement = total * 4 // 15
    n_framework = n_cooperation = total * 2 // 15
    n_other = total - n_investment - n_procurement - n_framework - n_cooperation
    ceremonies = [
        e for e in events if e.kind == EventKind.CEREMONY and e.status == EventStatus.HELD
    ]
    fairs = [e for e in events if e.kind == EventKind.TRADE_FAIR and e.status == EventStatus.HELD]
    financial = [s for s in specs if s.role == "financial"]
    associations = [s for s in specs if s.role == "association"]
    chinese = [s for s in specs if s.role == "cn"]
    japanese = [s for s in specs if s.role in ("jp", "jp_sub")]
    suppliers = [s for s in specs if s.role == "supplier"]
    buyers = [s for s in specs if s.role == "buyer"]

    agreements: list[Agreement] = []
    parties: list[tuple[int, OrgSpec, str]] = []  # agreement index, organisation, role
    sequences: dict[int, int] = {}

    def add(
        kind: str,
        titles: tuple[str, str, str],
        day: date,
        program: Program,
        event: Event | None,
        amount: Decimal | None,
        currency: str,
        subject: tuple[str, str, str] | None = None,
        sub_area: SubArea | None = None,
    ) -> int:
        sequence = None
        if event is not None:
            sequence = sequences[event.pk] = sequences.get(event.pk, 0) + 1
            day = event.date or day
        subject_fields = names(*subject, prefix="subject") if subject else {}
        agreements.append(
            Agreement(
                **names(*titles, prefix="title"),
                kind=kind,
                program=program,
                event=event,
                sequence=sequence,
                signed_on=day,
                amount=amount,
                currency=currency,
                sub_area=sub_area,
                is_synthetic=True,
                **subject_fields,
            )
        )
        return len(agreements) - 1

    def amount(low: int, high: int) -> Decimal:
        return Decimal(rng.randrange(low, high)) * 10000

    project_agreement: dict[str, int] = {}
    for plan in rng.sample(signed_plans, n_investment):
        event = _ceremony_near(layer, ceremonies, plan.reached)
        zh, ja, en = plan.titles
        currency = "JPY" if plan.investor.country == "JP" else "CNY"
        index = add(
            AgreementKind.INVESTMENT_PROJECT,
            (f"{zh}投资协议", f"{ja}投資協定", f"Investment agreement: {en}"),
            plan.reached[Stage.SIGNED],
            plan.program,
            event,
            amount(500, 50000) * (15 if currency == "JPY" else 1),
            currency,
            sub_area=plan.sub_area,
        )
        parties.append((index, plan.investor, AgreementPartyRole.INVESTOR))
        if plan.partner is not None:
            parties.append((index, plan.partner, AgreementPartyRole.PARTNER))
        project_agreement[plan.code] = index
    for _ in range(n_procurement):
        buyer, supplier, goods = rng.choice(buyers), rng.choice(suppliers), rng.choice(GOODS)
        event = rng.choice(fairs) if fairs and rng.random() < 0.5 else None
        index = add(
            AgreementKind.PROCUREMENT,
            (
                f"{goods[0]}采购协议",
                f"{goods[1]}調達協定",
                f"Procurement agreement for {goods[2]}",
            ),
            draw_day(rng, date(2018, 6, 1), date(2025, 12, 31)),
            layer.pairing,
            event,
            amount(5, 500),
            "CNY",
            subject=goods,
        )
        parties.append((index, buyer, AgreementPartyRole.BUYER))
        parties.append((index, supplier, AgreementPartyRole.SUPPLIER))
    for _ in range(n_framework):
        partner = rng.choice(japanese + financial)
        zh, ja, en = partner.base
        index = add(
            AgreementKind.FRAMEWORK,
            (
                f"与{zh}战略合作框架协议",
                f"{ja}との戦略的協力枠組み協定",
                f"Strategic cooperation framework with {en}",
            ),
            draw_day(rng, date(2018, 3, 1), date(2025, 12, 31)),
            layer.zone,
            rng.choice(ceremonies) if ceremonies and rng.random() < 0.5 else None,
            None,
            "",
        )
        parties.append((index, partner, AgreementPartyRole.PARTNER))
        parties.append((index, rng.choice(associations or chinese), AgreementPartyRole.SIGNATORY))
    for _ in range(n_cooperation):
        bank, client = rng.choice(financial), rng.choice(japanese + chinese)
        zh, ja, en = bank.base
        index = add(
            AgreementKind.BUSINESS_COOPERATION,
            (
                f"{zh}跨境金融服务合作",
                f"{ja}越境金融サービス協力",
                f"{en} cross-border financial services",
            ),
            draw_day(rng, date(2018, 3, 1), date(2025, 12, 31)),
            layer.zone,
            None,
            amount(1000, 20000),
            "CNY" if bank.country == "CN" else "JPY",
        )
        parties.append((index, bank, AgreementPartyRole.PARTNER))
        parties.append((index, client, AgreementPartyRole.SIGNATORY))
    for _ in range(n_other):
        a, b = rng.sample(chinese + japanese, 2)
        index = add(
            AgreementKind.OTHER,
            ("人才交流合作备忘录", "人材交流協力覚書", "Memorandum on staff exchange"),
            draw_day(rng, date(2018, 3, 1), date(2025, 12, 31)),
            layer.zone,
            None,
            None,
            "",
        )
        parties.append((index, a, AgreementPartyRole.SIGNATORY))
        parties.append((index, b, AgreementPartyRole.SIGNATORY))
    agreements = bulk(agreements, Agreement)
    seen: set[tuple[int, int, str]] = set()
    party_objs = []
    for index, spec, role in parties:
        key = (index, spec.obj.pk, role)  # type: ignore[union-attr]
        if key not in seen:
            seen.add(key)
            party_objs.append(
                AgreementParty(
                    agreement=agreements[index],
                    organisation=spec.obj,
                    role=role,
                    is_synthetic=True,
                )
            )
    bulk(party_objs, AgreementParty)
    layer.counts["agreements"] = len(agreements)
    return agreements, project_agreement
