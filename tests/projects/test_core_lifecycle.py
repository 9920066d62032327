"""The pure life-cycle rules (hezuo.core.lifecycle): no database."""

from __future__ import annotations

from datetime import date

import pytest

from hezuo.core import lifecycle as lc
from hezuo.projects.choices import STAGE_ORDER, EvidenceKind, Stage

TODAY = date(2021, 6, 30)


def codes(problems: list[lc.Problem]) -> list[str]:
    return [p.code for p in problems]


def check(a: str, b: str, **kw: object) -> list[str]:
    kw.setdefault("happened_on", date(2021, 1, 10))
    kw.setdefault("today", TODAY)
    return codes(lc.check_move(a, b, **kw))  # type: ignore[arg-type]


def test_choices_agree_with_core() -> None:
    assert tuple(STAGE_ORDER) == lc.STAGES
    assert set(Stage.values) == set(lc.ALL_STAGES)
    assert set(EvidenceKind.values) == {e.value for e in lc.Evidence}
    assert set(lc.REQUIRED_EVIDENCE) == set(lc.ALL_STAGES) == set(lc.ACCEPTED_EVIDENCE)
    for stage, required in lc.REQUIRED_EVIDENCE.items():
        assert set(required) <= set(lc.ACCEPTED_EVIDENCE[stage]), stage


class TestClassify:
    def test_kinds_of_move(self) -> None:
        assert lc.classify("signed", "registered") == lc.Move.FORWARD
        assert lc.classify("signed", "production") == lc.Move.FORWARD
        assert lc.classify("construction", "signed") == lc.Move.BACKWARD
        assert lc.classify("lead", "terminated") == lc.Move.TERMINATE
        assert lc.classify("terminated", "negotiating") == lc.Move.REOPEN

    def test_unknown_or_same_stage(self) -> None:
        with pytest.raises(lc.StageError):
            lc.classify("signed", "signed")
        with pytest.raises(lc.StageError):
            lc.classify("signed", "landed")

    def test_skipped_stages(self) -> None:
        assert lc.skipped_stages("signed", "registered") == ()
        assert lc.skipped_stages("signed", "production") == ("registered", "construction")
        assert lc.skipped_stages("production", "signed") == ()


class TestCheckMove:
    def test_forward_one_stage_with_its_evidence(self) -> None:
        assert check("signed", "registered", evidence_kinds=["business_licence"]) == []

    def test_every_forward_stage_requires_its_evidence(self) -> None:
        for before, after in zip(lc.STAGES, lc.STAGES[1:], strict=False):
            required = [k.value for k in lc.REQUIRED_EVIDENCE[after]]
            assert required, after
            assert check(before, after, evidence_kinds=required) == [], after
            assert check(before, after) == ["evidence_missing"] * len(required), after

    def test_required_evidence_table(self) -> None:
        assert lc.REQUIRED_EVIDENCE["registered"] == (lc.Evidence.BUSINESS_LICENCE,)
        assert lc.REQUIRED_EVIDENCE["construction"] == (lc.Evidence.CONSTRUCTION_PERMIT,)
        assert lc.REQUIRED_EVIDENCE["production"] == (lc.Evidence.COMPLETION_ACCEPTANCE,)

    def test_other_evidence_does_not_replace_the_required(self) -> None:
        assert check("signed", "registered", evidence_kinds=["other"]) == ["evidence_missing"]

    def test_evidence_of_another_stage_refused(self) -> None:
        assert "evidence_kind" in check(
            "signed", "registered", evidence_kinds=["business_licence", "construction_permit"]
        )

    def test_skip_needs_reason_and_target_evidence(self) -> None:
        ev = ["construction_permit"]
        assert check("signed", "construction", evidence_kinds=ev) == ["skip_reason"]
        assert check("signed", "construction", evidence_kinds=ev, skip_reason="  ") == [
            "skip_reason"
        ]
        assert check("signed", "construction", evidence_kinds=ev, skip_reason="licence late") == []

    @pytest.mark.parametrize(
        ("a", "b", "code"),
        [
            ("construction", "signed", "reason_backward"),
            ("registered", "signed", "reason_backward"),
            ("negotiating", "terminated", "reason_terminate"),
            ("expansion", "terminated", "reason_terminate"),
            ("terminated", "negotiating", "reason_reopen"),
        ],
    )
    def test_backward_terminate_reopen_need_reason(self, a: str, b: str, code: str) -> None:
        assert check(a, b) == [code]
        assert check(a, b, reason="investor withdrew") == []

    def test_backward_needs_no_evidence(self) -> None:
        assert check("production", "construction", reason="line stopped") == []

    def test_dates(self) -> None:
        assert (
            check("signed", "registered", evidence_kinds=["business_licence"], happened_on=TODAY)
            == []
        )
        assert "future" in check(
            "signed",
            "registered",
            evidence_kinds=["business_licence"],
            happened_on=date(2021, 7, 1),
        )
        prev = date(2021, 1, 10)
        assert (
            check("signed", "registered", evidence_kinds=["business_licence"], previous_on=prev)
            == []
        )
        assert "before_previous" in check(
            "signed",
            "registered",
            evidence_kinds=["business_licence"],
            previous_on=date(2021, 1, 11),
        )

    def test_unknown_and_same(self) -> None:
        assert check("signed", "landed") == ["unknown_stage"]
        assert check("signed", "signed") == ["same_stage"]


class TestStageAsOf:
    moves = [
        (date(2020, 8, 24), "negotiating", "signed", date(2020, 3, 1)),
        (date(2021, 3, 1), "signed", "registered", date(2020, 8, 24)),
        (date(2021, 9, 1), "registered", "construction", date(2021, 3, 1)),
    ]

    def test_between_moves(self) -> None:
        assert lc.stage_as_of(self.moves, "construction", date(2021, 9, 1), date(2021, 5, 1)) == (
            "registered",
            date(2021, 3, 1),
        )

    def test_on_the_day_of_a_move(self) -> None:
        assert lc.stage_as_of(self.moves, "construction", None, date(2021, 9, 1)) == (
            "construction",
            date(2021, 9, 1),
        )

    def test_before_first_move(self) -> None:
        assert lc.stage_as_of(self.moves, "construction", None, date(2020, 5, 1)) == (
            "negotiating",
            date(2020, 3, 1),
        )
        assert lc.stage_as_of(self.moves, "construction", None, date(2020, 1, 1)) == (None, None)
        unknown_start = [(date(2020, 8, 24), "negotiating", "signed", None)]
        assert lc.stage_as_of(unknown_start, "signed", None, date(2020, 1, 1)) == (
            "negotiating",
            None,
        )

    def test_without_moves(self) -> None:
        assert lc.stage_as_of([], "signed", date(2020, 8, 24), date(2021, 1, 1)) == (
            "signed",
            date(2020, 8, 24),
        )
        assert lc.stage_as_of([], "signed", date(2020, 8, 24), date(2020, 8, 1)) == (None, None)


class TestStuckAndOverdue:
    limits = lc.thresholds({"signed": 180})

    def test_stuck_strictly_after_threshold(self) -> None:
        since = date(2020, 8, 24)
        assert lc.days_in_stage(since, date(2021, 2, 20)) == 180
        assert not lc.is_stuck("signed", since, date(2021, 2, 20), self.limits)
        assert lc.is_stuck("signed", since, date(2021, 2, 21), self.limits)

    def test_stages_without_threshold_never_stuck(self) -> None:
        long_ago = date(2000, 1, 1)
        for stage in ("capacity", "expansion", "terminated"):
            assert not lc.is_stuck(stage, long_ago, date(2021, 1, 1), self.limits)
        assert not lc.is_stuck("signed", None, date(2021, 1, 1), self.limits)

    def test_zone_overrides(self) -> None:
        limits = lc.thresholds({"signed": 30, "capacity": 100})
        assert limits["signed"] == 30 and limits["capacity"] == 100
        assert limits["lead"] == lc.DEFAULT_STUCK_DAYS["lead"]

    def test_threshold_validation(self) -> None:
        assert lc.threshold_problems({"signed": 30, "capacity": None}) == []
        assert codes(lc.threshold_problems({"landed": 30})) == ["unknown_stage"]
        assert codes(lc.threshold_problems({"signed": 0})) == ["threshold_days"]
        assert codes(lc.threshold_problems({"signed": "30"})) == ["threshold_days"]
        assert codes(lc.threshold_problems({"signed": True})) == ["threshold_days"]
        assert codes(lc.threshold_problems([30])) == ["thresholds_shape"]

    def test_overdue_only_after_the_planned_day(self) -> None:
        planned = date(2021, 3, 31)
        assert not lc.is_overdue(planned, None, date(2021, 3, 31))
        assert lc.is_overdue(planned, None, date(2021, 4, 1))
        assert not lc.is_overdue(planned, date(2021, 4, 5), date(2021, 5, 1))
        assert not lc.is_overdue(planned, None, date(2021, 4, 1), cancelled=True)

    def test_enquiry_deadline(self) -> None:
        deadline = lc.response_deadline(date(2021, 3, 1), 5)
        assert deadline == date(2021, 3, 6)
        assert not lc.is_enquiry_overdue(deadline, False, date(2021, 3, 6))
        assert lc.is_enquiry_overdue(deadline, False, date(2021, 3, 7))
        assert not lc.is_enquiry_overdue(deadline, True, date(2021, 3, 7))


class TestQuartersAndTitles:
    def test_quarters(self) -> None:
        assert lc.quarter_of(date(2020, 8, 24)) == "2020-Q3"
        assert lc.quarter_of(date(2020, 12, 31)) == "2020-Q4"
        assert lc.quarter_bounds(2020, 3) == (date(2020, 7, 1), date(2020, 9, 30))
        assert lc.quarter_bounds(2020, 4) == (date(2020, 10, 1), date(2020, 12, 31))
        assert lc.quarter_bounds(2021, 1) == (date(2021, 1, 1), date(2021, 3, 31))

    def test_normalised_titles(self) -> None:
        assert lc.normalise_title("日本岩谷 大连西中岛氢能利用项目") == "日本岩谷大连西中岛氢能利用"
        assert lc.normalise_title("ＡＢＣ　Project!") == "abc"

    def test_similarity(self) -> None:
        same = lc.title_similarity("日本岩谷大连西中岛氢能利用项目", "岩谷大连西中岛氢能利用项目")
        assert same >= 0.9
        other = lc.title_similarity("日本岩谷大连西中岛氢能利用项目", "日式商超示范中心项目")
        assert other < 0.3
        assert lc.title_similarity("项目", "项目") == 0.0  # nothing left to compare
        assert (
            lc.best_title_similarity(("甲", "", "Hydrogen use"), ("乙", "", "Hydrogen use")) == 1.0
        )
