"""The figures pages will show: each equals the sum over the rows behind it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import translation

from hezuo.base.services import SYSTEM
from hezuo.events.models import Agreement, Event
from hezuo.projects.choices import FigureKind
from hezuo.projects.models import Project, ProjectFigure
from hezuo.projects.selectors import signing_dates
from hezuo.projects.services import EvidenceItem, advance_stage, link_agreement, record_figure
from hezuo.reports.selectors import (
    BREAKDOWNS,
    funnel,
    investment_by,
    ledger_rows,
    pipeline,
    quarterly_report,
    signings_by_quarter,
)
from hezuo.zonedesk.selectors import to_cny

from .conftest import SIGNING_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(
    rates: None, zone: Any, officer: Any, iwatani_project: Any, nidec_project: Any
) -> list[Any]:
    """Investment figures in JPY, USD and CNY, some revised later."""
    codes = list(
        Project.objects.filter(program=zone).order_by("code").values_list("code", flat=True)
    )
    third = Project.objects.get(code=codes[1])  # 本田中国和东软睿驰…
    C, A = FigureKind.CONTRACTED_INVESTMENT, FigureKind.ARRIVED_INVESTMENT
    rows = [
        (iwatani_project, C, "3000000000", "JPY", date(2020, 8, 24)),
        (iwatani_project, A, "500000000", "JPY", date(2020, 12, 31)),
        (iwatani_project, A, "900000000", "JPY", date(2021, 6, 30)),  # later: replaces the above
        (nidec_project, C, "100000000", "USD", date(2020, 8, 24)),
        (nidec_project, A, "20000000", "USD", date(2020, 11, 2)),
        (third, C, "500000000", "CNY", date(2020, 8, 24)),
        (third, FigureKind.JOBS, "300", "", date(2021, 1, 5)),
    ]
    return [
        record_figure(
            project=p, kind=k, amount=D(a), currency=c, recorded_on=d, acting_user=officer
        )
        for p, k, a, c, d in rows
    ]


def expected_total(project_ids: list[int], kind: str, on: date) -> D:
    """Sum the latest figure of ``kind`` of each project, converted one by one."""
    total = D("0")
    for pk in project_ids:
        figure = (
            ProjectFigure.objects.filter(project_id=pk, kind=kind, recorded_on__lte=on)
            .order_by("-recorded_on", "-pk")
            .first()
        )
        if figure is not None:
            total += to_cny(figure.amount, figure.currency, figure.recorded_on).amount_cny
    return total


class TestInvestment:
    @pytest.mark.parametrize("by", BREAKDOWNS)
    def test_every_group_is_the_sum_of_its_projects(
        self, zone: Any, figures: list[Any], by: str
    ) -> None:
        on = date(2021, 12, 31)
        breakdown = investment_by(zone, user=SYSTEM, by=by, on=on)
        for group in breakdown.groups:
            for kind, value in (
                (FigureKind.CONTRACTED_INVESTMENT, group.contracted),
                (FigureKind.ARRIVED_INVESTMENT, group.arrived),
            ):
                assert value.amount_cny == expected_total(group.project_ids, kind, on), group.key
        all_ids = list(Project.objects.filter(program=zone).values_list("pk", flat=True))
        assert sorted(breakdown.project_ids) == sorted(all_ids)
        assert breakdown.contracted.amount_cny == expected_total(
            all_ids, FigureKind.CONTRACTED_INVESTMENT, on
        )

    def test_amounts_and_rates_used(
        self, zone: Any, figures: list[Any], iwatani_project: Any
    ) -> None:
        breakdown = investment_by(zone, user=SYSTEM, by="sub_area", on=date(2021, 12, 31))
        xizhongdao = next(g for g in breakdown.groups if g.key == "xizhongdao")
        assert xizhongdao.project_ids == [iwatani_project.pk]
        # 3 000 000 000 JPY at 8.1897 / 125.26 CNY (ECB, 2020-08-24)
        assert xizhongdao.contracted.amount_cny == D("196144818.90")
        assert [(r.currency, r.on, r.source) for r in xizhongdao.contracted.rates] == [
            ("JPY", date(2020, 8, 24), "ecb")
        ]
        # arrived: the latest figure (2021-06-30), at that day's rate
        assert [r.on for r in xizhongdao.arrived.rates] == [date(2021, 6, 30)]
        assert {r.currency for r in breakdown.rates} == {"JPY", "USD"}

    def test_figures_as_recorded_by_a_day(self, zone: Any, figures: list[Any]) -> None:
        early = investment_by(zone, user=SYSTEM, by="sub_area", on=date(2021, 1, 1))
        late = investment_by(zone, user=SYSTEM, by="sub_area", on=date(2021, 12, 31))
        assert early.arrived.amount_cny < late.arrived.amount_cny
        assert (
            investment_by(zone, user=SYSTEM, by="sub_area", on=date(2020, 8, 1)).contracted.count
            == 0
        )

    def test_country_groups(self, zone: Any, figures: list[Any], nidec_project: Any) -> None:
        breakdown = investment_by(zone, user=SYSTEM, by="country", on=date(2021, 12, 31))
        japan = next(g for g in breakdown.groups if g.key == "JP")
        assert nidec_project.pk in japan.project_ids
        assert japan.contracted.amount_cny == expected_total(
            japan.project_ids, FigureKind.CONTRACTED_INVESTMENT, date(2021, 12, 31)
        )

    def test_restricted_to_the_user(
        self,
        zone: Any,
        figures: list[Any],
        enterprise: Any,
        nidec_project: Any,
        iwatani_project: Any,
    ) -> None:
        breakdown = investment_by(zone, by="sub_area", on=date(2021, 12, 31), user=enterprise)
        visible = set(Project.objects.restrict(enterprise, "view").values_list("pk", flat=True))
        assert set(breakdown.project_ids) == visible  # Nidec's projects and its subsidiary's
        assert nidec_project.pk in visible and iwatani_project.pk not in visible


class TestPipelineAndFunnel:
    def test_pipeline_counts_are_its_rows(
        self, zone: Any, iwatani_project: Any, officer: Any
    ) -> None:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 1),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence", reference="营业执照")],
        )
        p = pipeline(zone, user=SYSTEM, on=date(2021, 6, 1))
        assert p.counts["signed"] == 5 and p.counts["registered"] == 1
        assert sum(p.counts.values()) == len(p.rows) == 6
        for stage, ids in p.project_ids.items():
            assert sorted(ids) == sorted(r.project.pk for r in p.rows if r.stage == stage)

    def test_pipeline_filters(
        self, zone: Any, xizhongdao: Any, iwatani: Any, iwatani_project: Any, nidec_project: Any
    ) -> None:
        on = date(2021, 1, 1)
        assert [
            r.project for r in pipeline(zone, user=SYSTEM, on=on, sub_area=xizhongdao).rows
        ] == [iwatani_project]
        assert [r.project for r in pipeline(zone, user=SYSTEM, on=on, investor=iwatani).rows] == [
            iwatani_project
        ]
        japanese = {r.project for r in pipeline(zone, user=SYSTEM, on=on, country="jp").rows}
        assert {iwatani_project, nidec_project} <= japanese
        assert all(
            any(p.organisation.country == "JP" for p in project.parties.filter(role="investor"))
            for project in japanese
        )

    def test_funnel(self, zone: Any, iwatani_project: Any, officer: Any) -> None:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 1),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence", reference="营业执照")],
        )
        advance_stage(
            project=iwatani_project,
            to_stage="terminated",
            happened_on=date(2021, 5, 1),
            acting_user=officer,
            reason="withdrawn",
        )
        steps = {s.stage: s for s in funnel(zone, user=SYSTEM, on=date(2021, 6, 1))}
        assert steps["lead"].reached == steps["signed"].reached == 6
        assert steps["registered"].reached == 1  # the terminated project had reached it
        assert steps["registered"].current == 0
        assert steps["terminated"].current == 1
        assert steps["signed"].current == 5
        for step in steps.values():
            assert step.reached == len(step.reached_ids) and step.current == len(step.current_ids)
        before = {s.stage: s for s in funnel(zone, user=SYSTEM, on=date(2021, 4, 1))}
        assert before["registered"].current == 1 and before["terminated"].current == 0


class TestSignings:
    def test_signed_twice_counts_once(self, zone: Any, iwatani_project: Any, officer: Any) -> None:
        fair = Event.objects.create(
            title_zh_hans="2021 中日经贸合作洽谈会",
            kind="trade_fair",
            date=date(2021, 5, 10),
            program=zone,
        )
        again = Agreement.objects.create(
            title_zh_hans="岩谷西中岛氢能利用项目（续签）",
            kind="investment_project",
            program=zone,
            event=fair,
            signed_on=date(2021, 5, 10),
        )
        link_agreement(project=iwatani_project, agreement=again, acting_user=officer)
        events = {a.event for a in iwatani_project.agreements.all()}
        assert len(events) == 2  # linked to both the 2020 ceremony and the 2021 fair
        quarters, undated = signings_by_quarter(zone, user=SYSTEM, until=date(2021, 6, 30))
        counts = {q.quarter: q.count for q in quarters}
        assert counts["2020-Q3"] == 6
        assert counts["2021-Q2"] == 0
        assert sum(counts.values()) == 6
        assert undated == []
        assert signing_dates([iwatani_project])[iwatani_project.pk] == SIGNING_DAY
        q3 = next(q for q in quarters if q.quarter == "2020-Q3")
        assert iwatani_project.pk in q3.project_ids and q3.count == len(q3.project_ids)


class TestLedgerAndReport:
    def test_ledger_rows(self, zone: Any, figures: list[Any], iwatani_project: Any) -> None:
        with translation.override("zh-hans"):  # names come in the active language
            rows = ledger_rows(Project.objects.filter(program=zone), on=date(2021, 12, 31))
        assert len(rows) == 6
        row = next(r for r in rows if r.project == iwatani_project)
        assert (row.stage, row.stage_since, row.signed_on) == ("signed", SIGNING_DAY, SIGNING_DAY)
        assert row.sub_area == "西中岛"
        assert row.investors == ["岩谷产业"] and row.investor_countries == ["JP"]
        contracted = row.figures[FigureKind.CONTRACTED_INVESTMENT]
        assert (contracted.figure.amount, contracted.figure.currency) == (D("3000000000"), "JPY")
        assert contracted.amount_cny == D("196144818.90")

    def test_ledger_shows_the_stage_of_the_day_asked(
        self, zone: Any, iwatani_project: Any, officer: Any
    ) -> None:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 1),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence", reference="营业执照")],
        )
        projects = Project.objects.filter(pk=iwatani_project.pk)
        (before,) = ledger_rows(projects, on=date(2021, 2, 28))
        (after,) = ledger_rows(projects, on=date(2021, 3, 1))
        assert (before.stage, before.stage_since) == ("signed", SIGNING_DAY)
        assert (after.stage, after.stage_since) == ("registered", date(2021, 3, 1))
        assert ledger_rows(projects, on=date(2020, 8, 23)) == []  # not yet signed then

    def test_quarterly_report(
        self, zone: Any, figures: list[Any], iwatani_project: Any, officer: Any
    ) -> None:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 1),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence", reference="营业执照")],
        )
        q3 = quarterly_report(zone, user=SYSTEM, year=2020, quarter=3)
        assert len(q3.zone.signed_ids) == 6 and q3.zone.moved_ids == [] and q3.zone.stuck_ids == []
        q1 = quarterly_report(zone, user=SYSTEM, year=2021, quarter=1)
        assert q1.zone.signed_ids == [] and q1.zone.moved_ids == [iwatani_project.pk]
        assert len(q1.zone.stuck_ids) == 5  # the others: signed for more than 180 days
        assert q1.zone.contracted.amount_cny == expected_total(
            q1.zone.stuck_ids + q1.zone.moved_ids, FigureKind.CONTRACTED_INVESTMENT, q1.end
        )
        for line in q1.by_sub_area + q1.by_direction:
            assert set(line.moved_ids) | set(line.stuck_ids) <= set(
                q1.zone.moved_ids + q1.zone.stuck_ids
            )
        assert sum(len(line.stuck_ids) for line in q1.by_sub_area) == 5  # one sub-area each
