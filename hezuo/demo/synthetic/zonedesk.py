"""The zone office's desk in the layer: enquiries of prospective investors and aftercare
visits to established ones."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from hezuo.directory.models import Organisation
from hezuo.projects.choices import ProjectPartyRole, Stage
from hezuo.projects.models import Project
from hezuo.zonedesk.choices import EnquiryChannel, EnquiryLanguage
from hezuo.zonedesk.models import AftercareVisit, Enquiry

from .frame import LAST_DAY, MARK_ZH, Layer, bulk
from .projects import ProjectPlan


def build_enquiries_and_visits(
    layer: Layer, projects: list[Project], plans: list[ProjectPlan]
) -> None:
    """Add enquiries of prospective investors to each zone (most answered in time, a few
    left unanswered past their deadline) and aftercare visits to established investors by
    the zone's offices (some by two offices, some finding an intention to expand)."""
    rng = layer.rng
    zone_tz = timezone.get_default_timezone()
    zones = sorted({p.program for p in projects if p.program.kind == "zone"}, key=str)
    offices = list(
        Organisation.objects.filter(kind="government", region__code__startswith="2102").order_by(
            "pk"
        )[:4]
    )
    questions = [
        ("请问示范区对日资制造业项目有哪些用地支持政策？", EnquiryLanguage.ZH_HANS),
        (
            "工場用地の賃貸条件と、外資系企業向けの税制優遇について教えてください。",
            EnquiryLanguage.JA,
        ),
        (
            "Which permits does a hydrogen refuelling station need in the zone, and how long do they take?",
            EnquiryLanguage.EN,
        ),
        ("研发中心招聘日语人才，园区能否协助对接高校？", EnquiryLanguage.ZH_HANS),
        ("物流拠点の設置に必要な手続きと期間を知りたいです。", EnquiryLanguage.JA),
        (
            "Can a foreign-invested enterprise apply for the zone's loan interest subsidy?",
            EnquiryLanguage.EN,
        ),
    ]
    enquiries = []
    investors = [
        party.organisation
        for project in projects
        for party in project.parties.all()
        if party.role == ProjectPartyRole.INVESTOR
    ][:200]
    for program in zones:
        for n in range(40 * layer.scale):
            question, language = rng.choice(questions)
            received_day = LAST_DAY - timedelta(days=rng.randint(0, 540))
            received = datetime.combine(received_day, time(rng.randint(8, 17)), zone_tz)
            unanswered = n % 9 == 0
            answered = None
            if not unanswered:
                answered = received + timedelta(days=rng.choice([0, 1, 1, 2, 3, 4, 6, 9]))
                answered = min(answered, datetime.combine(LAST_DAY, time(18), zone_tz))
            investor = rng.choice(investors) if investors and rng.random() < 0.6 else None
            enquiries.append(
                Enquiry(
                    program=program,
                    investor=investor,
                    investor_name="" if investor else f"潜在投资方 {n + 1}{MARK_ZH}",
                    received_at=received,
                    channel=rng.choice(list(EnquiryChannel)),
                    language=language,
                    question=question + MARK_ZH,
                    respond_by=received_day + timedelta(days=5),
                    answered_at=answered,
                    answer="已答复（示例） / 回答済み（サンプル） / answered (sample)"
                    if answered
                    else "",
                    is_synthetic=True,
                )
            )
    bulk(enquiries, Enquiry)
    visits = []
    for project, plan in zip(projects, plans, strict=True):
        reached = plan.reached
        if not offices or Stage.PRODUCTION not in reached or project.program.kind != "zone":
            continue
        investor = next(
            (p.organisation for p in project.parties.all() if p.role == ProjectPartyRole.INVESTOR),
            None,
        )
        if investor is None:
            continue
        for _n in range(rng.randint(1, 3)):
            day = reached[Stage.PRODUCTION] + timedelta(days=rng.randint(30, 700))
            if day > LAST_DAY:
                continue
            expand = rng.random() < 0.12
            visits.append(
                AftercareVisit(
                    program=project.program,
                    organisation=investor,
                    visiting_office=rng.choice(offices),
                    visited_on=day,
                    participants="总经理、管委会招商一部（示例）",
                    issues=rng.choice(
                        [
                            "用工紧张，需要技能工人（示例）",
                            "电力增容审批进度（示例）",
                            "出口通关时间较长（示例）",
                            "",
                        ]
                    ),
                    follow_ups="转相关部门协调（示例）",
                    expansion_intention=expand,
                    expansion_note="考虑新增一条生产线（示例）" if expand else "",
                    project=project,
                    is_synthetic=True,
                )
            )
    bulk(visits, AftercareVisit)
    layer.counts["enquiries"] = len(enquiries)
    layer.counts["visits"] = len(visits)
