"""Moving a project through its life cycle (services.advance_stage) and the records it leaves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from hezuo.projects.models import StageChange, StageEvidence
from hezuo.projects.services import EvidenceItem, advance_stage

from .conftest import SIGNING_DAY

pytestmark = pytest.mark.django_db

LICENCE = EvidenceItem("business_licence", reference="营业执照 91210213MA0XXXXXXX")


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.code for errs in exc.value.error_dict.values() for e in errs}  # type: ignore[misc]


def test_real_projects_start_at_signed(iwatani_project: Any) -> None:
    assert iwatani_project.stage == "signed"
    assert iwatani_project.stage_since == SIGNING_DAY
    assert iwatani_project.sub_area.code == "xizhongdao"


def test_signed_to_registered_with_evidence(iwatani_project: Any, officer: Any, media: Any) -> None:
    scan = EvidenceItem(
        "business_licence", file=ContentFile(b"%PDF-1.4 licence", name="licence.pdf")
    )
    version = iwatani_project.version
    change = advance_stage(
        project=iwatani_project,
        to_stage="registered",
        happened_on=date(2021, 3, 15),
        acting_user=officer,
        note="岩谷氢能（大连）有限公司 registered",
        evidence=[LICENCE, scan],
        version=version,
    )
    iwatani_project.refresh_from_db()
    assert iwatani_project.stage == "registered"
    assert iwatani_project.stage_since == date(2021, 3, 15)
    assert iwatani_project.version == version + 1
    assert change.move == "forward"
    assert change.from_stage == "signed" and change.to_stage == "registered"
    assert change.recorded_by == officer and change.recorded_by_name == "officer"
    assert change.recorded_at <= timezone.now()
    files = change.evidence.exclude(file="")
    assert files.count() == 1 and files[0].file.read() == b"%PDF-1.4 licence"
    assert change.evidence.count() == 2
    newest = iwatani_project.history.first()
    assert newest.history_user == officer
    assert newest.history_change_reason.startswith("signed → registered")
    assert change.history.first().history_user == officer
    change.full_clean()  # a saved move with its evidence is valid as it stands
    for row in change.evidence.all():
        row.full_clean()


def test_forward_without_evidence_refused(iwatani_project: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 15),
            acting_user=officer,
        )
    assert codes(exc) == {"evidence_missing"}
    iwatani_project.refresh_from_db()
    assert iwatani_project.stage == "signed"
    assert not StageChange.objects.filter(project=iwatani_project).exists()


def test_evidence_needs_file_or_reference(iwatani_project: Any, officer: Any) -> None:
    with pytest.raises(ValidationError):
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 3, 15),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence")],
        )
    assert not StageEvidence.objects.exists()


def test_skip_needs_reason(iwatani_project: Any, officer: Any) -> None:
    permit = EvidenceItem("construction_permit", reference="建字第210213202100123号")
    kwargs = {
        "project": iwatani_project,
        "to_stage": "construction",
        "happened_on": date(2021, 5, 1),
        "acting_user": officer,
        "evidence": [permit],
    }
    with pytest.raises(ValidationError) as exc:
        advance_stage(**kwargs)
    assert codes(exc) == {"skip_reason"}
    change = advance_stage(
        **kwargs, skip_reason="registered as a branch of 岩谷产业, no new company"
    )
    assert change.skip_reason.startswith("registered as a branch")


@pytest.mark.parametrize(
    ("to_stage", "code"),
    [
        ("negotiating", "reason_backward"),
        ("lead", "reason_backward"),
        ("terminated", "reason_terminate"),
    ],
)
def test_backward_and_terminate_need_reason(
    iwatani_project: Any, officer: Any, to_stage: str, code: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage=to_stage,
            happened_on=date(2021, 1, 5),
            acting_user=officer,
        )
    assert codes(exc) == {code}
    change = advance_stage(
        project=iwatani_project,
        to_stage=to_stage,
        happened_on=date(2021, 1, 5),
        acting_user=officer,
        reason="the investor paused the project",
    )
    assert change.move in ("backward", "terminate")
    iwatani_project.refresh_from_db()
    assert iwatani_project.stage == to_stage
    assert iwatani_project.history.first().history_change_reason.endswith("paused the project")


def test_reopen_after_termination(iwatani_project: Any, officer: Any) -> None:
    advance_stage(
        project=iwatani_project,
        to_stage="terminated",
        happened_on=date(2021, 1, 5),
        acting_user=officer,
        reason="withdrawn",
    )
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage="signed",
            happened_on=date(2021, 6, 1),
            acting_user=officer,
        )
    assert codes(exc) == {"reason_reopen"}
    change = advance_stage(
        project=iwatani_project,
        to_stage="signed",
        happened_on=date(2021, 6, 1),
        acting_user=officer,
        reason="talks resumed",
    )
    assert change.move == "reopen"


def test_dates_not_future_not_before_previous(iwatani_project: Any, officer: Any) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    for day, code in ((tomorrow, "future"), (date(2020, 8, 23), "before_previous")):
        with pytest.raises(ValidationError) as exc:
            advance_stage(
                project=iwatani_project,
                to_stage="registered",
                happened_on=day,
                acting_user=officer,
                evidence=[LICENCE],
            )
        assert codes(exc) == {code}
    # on the very day of the signing is allowed
    advance_stage(
        project=iwatani_project,
        to_stage="registered",
        happened_on=SIGNING_DAY,
        acting_user=officer,
        evidence=[LICENCE],
    )
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage="signed",
            happened_on=date(2020, 8, 1),
            acting_user=officer,
            reason="entered by mistake",
        )
    assert codes(exc) == {"before_previous"}


def test_same_stage_and_unknown_stage(iwatani_project: Any, officer: Any) -> None:
    for stage, code in (("signed", "same_stage"), ("landed", "unknown_stage")):
        with pytest.raises(ValidationError) as exc:
            advance_stage(
                project=iwatani_project,
                to_stage=stage,
                happened_on=date(2021, 1, 1),
                acting_user=officer,
            )
        assert codes(exc) == {code}


def test_messages_translated(iwatani_project: Any, officer: Any) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 1, 1),
            acting_user=officer,
        )
    message = errors(exc)["evidence"][0]
    assert "business licence" in message


def test_whole_life_cycle_in_history(iwatani_project: Any, zone_admin: Any) -> None:
    steps = [
        ("registered", date(2021, 3, 1), "business_licence"),
        ("construction", date(2021, 9, 1), "construction_permit"),
        ("production", date(2022, 12, 1), "completion_acceptance"),
        ("capacity", date(2023, 12, 1), "output_report"),
        ("expansion", date(2024, 6, 1), "project_filing"),
    ]
    for stage, day, kind in steps:
        advance_stage(
            project=iwatani_project,
            to_stage=stage,
            happened_on=day,
            acting_user=zone_admin,
            evidence=[EvidenceItem(kind, reference=f"{kind} no. 1")],
        )
    moves = list(iwatani_project.stage_changes.values_list("from_stage", "to_stage"))
    assert moves == [
        ("signed", "registered"),
        ("registered", "construction"),
        ("construction", "production"),
        ("production", "capacity"),
        ("capacity", "expansion"),
    ]
    reasons = [h.history_change_reason for h in iwatani_project.history.all()[:5]]
    assert reasons[0].startswith("capacity → expansion")
    assert reasons[-1].startswith("signed → registered")


def test_only_users_who_may_change_the_project(
    iwatani_project: Any, nidec_project: Any, enterprise: Any
) -> None:
    # Nidec's member sees Nidec's project but may change no project
    for project in (iwatani_project, nidec_project):
        with pytest.raises(PermissionDenied):
            advance_stage(
                project=project,
                to_stage="registered",
                happened_on=date(2021, 1, 1),
                acting_user=enterprise,
                evidence=[LICENCE],
            )


def test_stale_version_refused(iwatani_project: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 1, 1),
            acting_user=officer,
            evidence=[LICENCE],
            version=iwatani_project.version - 1,
        )
    assert exc.value.code == "conflict"


def test_evidence_kind_checked_on_the_model(iwatani_project: Any, officer: Any) -> None:
    change = advance_stage(
        project=iwatani_project,
        to_stage="registered",
        happened_on=date(2021, 1, 1),
        acting_user=officer,
        evidence=[LICENCE],
    )
    wrong = StageEvidence(stage_change=change, kind="construction_permit", reference="x")
    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    assert "kind" in exc.value.message_dict
    empty = StageEvidence(stage_change=change, kind="business_licence")
    with pytest.raises(ValidationError):
        empty.full_clean()
