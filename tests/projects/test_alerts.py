"""Overdue milestones at chosen dates (stuck projects and overdue enquiries: tests/zonedesk)."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from hezuo.projects.models import Milestone
from hezuo.projects.selectors import overdue_milestones
from hezuo.projects.services import add_milestone, complete_milestone

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


class TestMilestones:
    def test_overdue_after_planned_day_until_done(
        self, iwatani_project: Any, iwatani: Any, officer: Any
    ) -> None:
        m = add_milestone(
            project=iwatani_project,
            title_zh_hans="取得营业执照",
            planned_on=date(2021, 3, 31),
            owner=iwatani,
            stage="registered",
            acting_user=officer,
        )
        assert not m.is_overdue(date(2021, 3, 31))
        assert m.is_overdue(date(2021, 4, 1))
        assert list(overdue_milestones(on=date(2021, 3, 31))) == []
        assert list(overdue_milestones(on=date(2021, 4, 1))) == [m]
        complete_milestone(milestone=m, actual_on=date(2021, 4, 10), acting_user=officer)
        assert list(overdue_milestones(on=date(2021, 5, 1))) == []
        # seen from before it was reached it still was not overdue in the past: the record keeps
        # only the actual date, and a milestone with one is never overdue
        assert not m.is_overdue(date(2021, 4, 5))

    def test_cancelled_never_overdue(self, iwatani_project: Any, officer: Any) -> None:
        m = add_milestone(
            project=iwatani_project,
            title_zh_hans="土地摘牌",
            planned_on=date(2021, 1, 31),
            acting_user=officer,
        )
        m.status = "cancelled"
        m.save()
        assert list(overdue_milestones(on=date(2021, 6, 1))) == []

    def test_done_needs_actual_date(self, iwatani_project: Any) -> None:
        m = Milestone(project=iwatani_project, title_zh_hans="x", planned_on=date(2021, 1, 1))
        m.status = "done"
        with pytest.raises(ValidationError) as exc:
            m.full_clean()
        assert "actual_on" in exc.value.message_dict

    def test_user_sees_only_visible(
        self, iwatani_project: Any, nidec_project: Any, officer: Any, enterprise: Any
    ) -> None:
        for project in (iwatani_project, nidec_project):
            add_milestone(
                project=project,
                title_zh_hans="开工",
                planned_on=date(2021, 1, 31),
                acting_user=officer,
            )
        assert overdue_milestones(on=date(2021, 6, 1)).count() == 2
        seen = overdue_milestones(on=date(2021, 6, 1), user=enterprise)
        assert [m.project for m in seen] == [nidec_project]
