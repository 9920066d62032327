"""Projects of the layer: drawn as plans first (stage, days each stage was reached), then
created with their parties, industries and agreements, and their life cycle (moves with
evidence, milestones, figures, services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from hezuo.core import lifecycle
from hezuo.core.lifecycle import REQUIRED_EVIDENCE
from hezuo.events.models import Agreement
from hezuo.projects.choices import (
    STAGE_ORDER,
    FigureKind,
    MilestoneStatus,
    ProjectPartyRole,
    Stage,
)
from hezuo.projects.models import (
    Milestone,
    Project,
    ProjectFigure,
    ProjectParty,
    StageChange,
    StageEvidence,
)
from hezuo.regions.models import Program, Region, SubArea
from hezuo.zonedesk.choices import ServiceKind, ServiceOutcome
from hezuo.zonedesk.models import ServiceLogEntry

from .directory import OrgSpec
from .frame import LAST_DAY, MARK_ZH, Layer, bulk, names
from .vocabulary import PAIRING_PROJECTS, PROJECT_KINDS, STAGE_WEIGHTS


@dataclass
class ProjectPlan:
    """A project drawn before anything is written: agreements are signed for some of them."""

    code: str
    titles: tuple[str, str, str]
    program: Program
    sub_area: SubArea | None
    region: Region | None
    stage: str
    investor: OrgSpec
    partner: OrgSpec | None
    operator: OrgSpec | None
    classes: tuple[str, ...]
    direction: str
    #: the day the project reached each stage (a ceremony near its signing may move them)
    reached: dict[str, date] = field(default_factory=dict)


def plan_projects(layer: Layer, specs: list[OrgSpec]) -> list[ProjectPlan]:
    """Draw the zone's projects (mostly Japanese investors) and the pairing's (suppliers of
    Liupanshui with buyers), then the days each reached its stages."""
    rng = layer.rng
    investors = [s for s in specs if s.role in ("jp", "jp_sub")]
    chinese = [s for s in specs if s.role == "cn"]
    suppliers = [s for s in specs if s.role == "supplier"]
    buyers = [s for s in specs if s.role == "buyer"]
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    plans = []
    for number in range(1, layer.n("zone_projects") + 1):
        investor = rng.choice(investors) if rng.random() < 0.8 else rng.choice(chinese)
        stage = _stage(layer, number, stages, weights)
        kind = rng.choice(PROJECT_KINDS)
        zh, ja, en = investor.base
        plans.append(
            ProjectPlan(
                code=f"SMP-DLZ-{number:04d}",
                titles=(
                    f"{zh}{kind[0]}项目",
                    f"{ja}{kind[1]}プロジェクト",
                    f"{en} {kind[2]} project",
                ),
                program=layer.zone,
                sub_area=_sub_area(layer, number),
                region=rng.choice(layer.dalian_counties),
                stage=stage,
                investor=investor,
                partner=rng.choice(chinese) if rng.random() < 0.3 else None,
                operator=next(
                    (s for s in specs if s.parent is not None and specs[s.parent] is investor),
                    None,
                ),
                classes=investor.classes,
                direction=investor.direction,
            )
        )
    for number in range(1, layer.n("pairing_projects") + 1):
        supplier = rng.choice(suppliers)
        kind = rng.choice(PAIRING_PROJECTS)
        zh, ja, en = supplier.base
        plans.append(
            ProjectPlan(
                code=f"SMP-DLP-{number:04d}",
                titles=(
                    f"{zh}{kind[0]}项目",
                    f"{ja}{kind[1]}プロジェクト",
                    f"{en} {kind[2]} project",
                ),
                program=layer.pairing,
                sub_area=None,
                region=supplier.region,
                stage=_stage(layer, number, stages, weights),
                investor=rng.choice(buyers + chinese),
                partner=supplier,
                operator=None,
                classes=supplier.classes,
                direction="",
            )
        )
    for plan in plans:
        plan.reached = _timeline(layer, plan.stage)
    return plans


def _timeline(layer: Layer, stage: str) -> dict[str, date]:
    """Return the days a project reached each stage up to ``stage``, counted back from the
    day it entered it. Most projects have been in their stage for less than the default
    stuck threshold, about one in six for longer, so the pipeline's alerts are realistic."""
    rng = layer.rng
    terminated = stage == Stage.TERMINATED
    last = rng.choice(STAGE_ORDER[:5]) if terminated else stage
    limit = lifecycle.DEFAULT_STUCK_DAYS.get(stage)
    if terminated:
        in_stage = rng.randint(20, 1100)
    elif limit is None:
        in_stage = rng.randint(30, 1400)
    elif rng.random() < 0.84:
        in_stage = rng.randint(5, max(6, limit - 40))
    else:
        in_stage = rng.randint(limit, int(limit * 2.2))
    day = LAST_DAY - timedelta(days=in_stage)
    reached: dict[str, date] = {}
    if terminated:
        reached[Stage.TERMINATED] = day
        day -= timedelta(days=rng.randint(45, 300))
    for earlier in reversed(STAGE_ORDER[: STAGE_ORDER.index(last) + 1]):
        reached[earlier] = day
        day -= timedelta(days=rng.randint(45, 300))
    return {s: reached[s] for s in [*STAGE_ORDER, Stage.TERMINATED] if s in reached}


def _sub_area(layer: Layer, number: int) -> SubArea | None:
    if not layer.sub_areas:
        return None
    if number <= len(layer.sub_areas):
        return layer.sub_areas[number - 1]
    weights = [{"core": 3, "wing": 1}.get(a.kind, 2) for a in layer.sub_areas]
    return layer.rng.choices(layer.sub_areas, weights)[0]


def _stage(layer: Layer, number: int, stages: list[str], weights: list[int]) -> str:
    # The first few cover every stage, so even a small layer shows the whole life cycle.
    if number <= len(stages):
        return stages[number - 1]
    return layer.rng.choices(stages, weights)[0]


def build_projects(
    layer: Layer,
    plans: list[ProjectPlan],
    agreements: list[Agreement],
    project_agreement: dict[str, int],
) -> list[Project]:
    """Create the planned projects with their parties, industries, direction and agreement."""
    rng = layer.rng
    projects = []
    for plan in plans:
        stage = plan.stage
        projects.append(
            Project(
                code=plan.code,
                **names(*plan.titles, prefix="title"),
                program=plan.program,
                sub_area=plan.sub_area,
                region=plan.region,
                stage=stage,
                stage_since=plan.reached[stage],
                is_synthetic=True,
                description="示例项目 / サンプルプロジェクト / sample project",
            )
        )
    projects = bulk(projects, Project)
    project_parties = []
    class_links, direction_links, agreement_links = [], [], []
    for project, plan in zip(projects, plans, strict=True):
        project_parties.append(
            ProjectParty(
                project=project,
                organisation=plan.investor.obj,
                role=ProjectPartyRole.INVESTOR,
                is_synthetic=True,
            )
        )
        for party, role in (
            (plan.partner, ProjectPartyRole.PARTNER),
            (plan.operator, ProjectPartyRole.OPERATOR),
        ):
            if party is not None and party is not plan.investor:
                project_parties.append(
                    ProjectParty(
                        project=project,
                        organisation=party.obj,
                        role=role,
                        is_synthetic=True,
                    )
                )
        pool = [layer.classes[c] for c in plan.classes if c in layer.classes]
        for pk in sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))):
            class_links.append(
                Project.industry_classes.through(project_id=project.pk, industryclass_id=pk)
            )
        direction = layer.directions.get(plan.direction)
        if direction is not None and plan.program == layer.zone:
            direction_links.append(
                Project.industry_directions.through(
                    project_id=project.pk, industrydirection_id=direction.pk
                )
            )
        if plan.code in project_agreement:
            agreement_links.append(
                Project.agreements.through(
                    project_id=project.pk,
                    agreement_id=agreements[project_agreement[plan.code]].pk,
                )
            )
    bulk(project_parties, ProjectParty)
    Project.industry_classes.through.objects.bulk_create(class_links)
    Project.industry_directions.through.objects.bulk_create(direction_links)
    Project.agreements.through.objects.bulk_create(agreement_links)
    layer.counts["projects"] = len(projects)
    return projects


def build_life_cycle(layer: Layer, projects: list[Project], plans: list[ProjectPlan]) -> None:
    """Add each project's moves (with evidence), milestones, figures and services.

    The moves follow the days the plan reached each stage, so a project's history, its
    ``stage_since`` and its investment agreement's signing day agree. Some milestones are
    left overdue and some projects sit in a stage for long, so alerts have something to show.
    """
    rng = layer.rng
    stage_names = {
        Stage.LEAD: ("推介", "案件化", "lead"),
        Stage.NEGOTIATING: ("在谈", "交渉中", "negotiating"),
        Stage.SIGNED: ("签约", "調印", "signing"),
        Stage.REGISTERED: ("注册落地", "登記", "registration"),
        Stage.CONSTRUCTION: ("开工", "着工", "start of construction"),
        Stage.PRODUCTION: ("投产", "操業開始", "start of production"),
        Stage.CAPACITY: ("达产", "フル稼働", "full capacity"),
        Stage.EXPANSION: ("扩能", "拡張", "expansion"),
    }
    zone_tz = timezone.get_default_timezone()

    def recorded(day: date) -> datetime:
        return datetime.combine(day + timedelta(days=1), time(10), tzinfo=zone_tz)

    changes: list[StageChange] = []
    evidence_kinds: list[str] = []
    milestones, figures, services = [], [], []
    for project, plan in zip(projects, plans, strict=True):
        reached = plan.reached
        path = [s for s in STAGE_ORDER if s in reached]
        for before, after in zip(path, path[1:], strict=False):
            changes.append(
                StageChange(
                    project=project,
                    from_stage=before,
                    to_stage=after,
                    move="forward",
                    happened_on=reached[after],
                    from_since=reached[before],
                    recorded_by_name="demo",
                    recorded_at=recorded(reached[after]),
                    note="示例 / サンプル / sample",
                    is_synthetic=True,
                )
            )
            evidence_kinds.append(REQUIRED_EVIDENCE[after][0].value)
        if Stage.TERMINATED in reached:
            changes.append(
                StageChange(
                    project=project,
                    from_stage=path[-1],
                    to_stage=Stage.TERMINATED,
                    move="terminate",
                    happened_on=reached[Stage.TERMINATED],
                    from_since=reached[path[-1]],
                    recorded_by_name="demo",
                    recorded_at=recorded(reached[Stage.TERMINATED]),
                    reason="投资方撤回（示例） / 投資家が撤回（サンプル） / investor withdrew (sample)",
                    is_synthetic=True,
                )
            )
            evidence_kinds.append("")
        investor = plan.investor.obj
        last = path[-1]
        if Stage.TERMINATED not in reached and last != Stage.EXPANSION:
            following = STAGE_ORDER[STAGE_ORDER.index(last) + 1]
            zh, ja, en = stage_names[following]
            planned = reached[last] + timedelta(days=rng.randint(90, 400))
            if planned < LAST_DAY and rng.random() < 0.75:  # re-planned: most are not late
                planned = LAST_DAY + timedelta(days=rng.randint(-60, 300))
            milestones.append(
                Milestone(
                    project=project,
                    **names(f"实现{zh}", f"{ja}の達成", f"Reach {en}", prefix="title"),
                    stage=following,
                    planned_on=planned,
                    owner=investor,
                    status=MilestoneStatus.IN_PROGRESS
                    if planned < LAST_DAY
                    else MilestoneStatus.PLANNED,
                    is_synthetic=True,
                )
            )
        if len(path) > 1:
            zh, ja, en = stage_names[last]
            milestones.append(
                Milestone(
                    project=project,
                    **names(f"实现{zh}", f"{ja}の達成", f"Reach {en}", prefix="title"),
                    stage=last,
                    planned_on=reached[last] - timedelta(days=rng.randint(-60, 60)),
                    actual_on=reached[last],
                    owner=investor,
                    status=MilestoneStatus.DONE,
                    is_synthetic=True,
                )
            )
        if Stage.SIGNED not in reached or plan.program != layer.zone:
            continue
        japanese = plan.investor.country == "JP"
        currency = "JPY" if japanese else ("USD" if rng.random() < 0.15 else "CNY")
        unit = {"JPY": 15, "USD": Decimal("0.14"), "CNY": 1}[currency]
        contracted = Decimal(rng.randrange(500, 50000)) * 10000
        figures.append(
            (
                project,
                FigureKind.CONTRACTED_INVESTMENT,
                contracted * unit,
                currency,
                reached[Stage.SIGNED],
            )
        )
        share = Decimal(0)
        for stage, low, high in (
            (Stage.CONSTRUCTION, 10, 40),
            (Stage.PRODUCTION, 50, 80),
            (Stage.CAPACITY, 85, 100),
        ):
            if stage in reached:
                share = max(share, Decimal(rng.randint(low, high)) / 100)
                figures.append(
                    (
                        project,
                        FigureKind.ARRIVED_INVESTMENT,
                        (contracted * share * unit).quantize(Decimal("1")),
                        currency,
                        reached[stage],
                    )
                )
        if Stage.REGISTERED in reached:
            capital = (contracted * Decimal(rng.randint(20, 50)) / 100).quantize(Decimal("1"))
            figures.append(
                (
                    project,
                    FigureKind.REGISTERED_CAPITAL,
                    capital * unit,
                    currency,
                    reached[Stage.REGISTERED],
                )
            )
            services.append(
                ServiceLogEntry(
                    project=project,
                    kind=rng.choice([ServiceKind.PERMIT, ServiceKind.SITE, ServiceKind.POLICY]),
                    provided_on=reached[Stage.REGISTERED] - timedelta(days=rng.randint(5, 40)),
                    description="协助办理（示例） / 手続き支援（サンプル） / help with filings (sample)",
                    outcome=ServiceOutcome.RESOLVED,
                    is_synthetic=True,
                )
            )
        if Stage.PRODUCTION in reached:
            figures.append(
                (
                    project,
                    FigureKind.JOBS,
                    Decimal(rng.randint(20, 800)),
                    "",
                    reached[Stage.PRODUCTION],
                )
            )
            services.append(
                ServiceLogEntry(
                    project=project,
                    kind=rng.choice([ServiceKind.TALENT, ServiceKind.FINANCING]),
                    provided_on=reached[Stage.PRODUCTION],
                    description="人才与融资对接（示例） / 人材・融資の紹介（サンプル） / "
                    "talent and financing introductions (sample)",
                    outcome=rng.choice(list(ServiceOutcome)),
                    is_synthetic=True,
                )
            )
        if Stage.CAPACITY in reached:
            output = (contracted * Decimal(rng.randint(80, 250)) / 100).quantize(Decimal("1"))
            figures.append(
                (
                    project,
                    FigureKind.ANNUAL_OUTPUT,
                    output * unit,
                    currency,
                    reached[Stage.CAPACITY],
                )
            )
    changes = bulk(changes, StageChange)
    bulk(
        [
            StageEvidence(
                stage_change=change,
                kind=kind,
                reference=f"{change.project.code}-{change.to_stage}{MARK_ZH}",
                is_synthetic=True,
            )
            for change, kind in zip(changes, evidence_kinds, strict=True)
            if kind
        ],
        StageEvidence,
    )
    bulk(milestones, Milestone)
    bulk(
        [
            ProjectFigure(
                project=project,
                kind=kind,
                amount=Decimal(amount).quantize(Decimal("0.01")),
                currency=currency,
                recorded_on=day,
                is_synthetic=True,
            )
            for project, kind, amount, currency, day in figures
        ],
        ProjectFigure,
    )
    bulk(services, ServiceLogEntry)
    layer.counts["stage_changes"] = len(changes)
    layer.counts["milestones"] = len(milestones)
    layer.counts["figures"] = len(figures)
    layer.counts["services"] = len(services)
