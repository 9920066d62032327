"""The zone desk's models moved from projects without moving data.

From the schema before the move (projects 0003, no zonedesk), rows are written as they were then
(an enquiry with its escalation, a rate, a zone's settings, their history and content types);
after migrating forward, the same rows are read through the models of ``hezuo.zonedesk``, and the
content types kept their ids under the new app label.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("projects", "0003_history_user_without_constraint"), ("zonedesk", None)]


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate the test database to ``targets``; return the apps of the state reached."""
    MigrationExecutor(connection).migrate(targets)
    # the state of every migration now applied (all apps, not only the targets' ancestors)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def latest() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()  # type: ignore[no-any-return]


def write_old_rows(apps: Any) -> dict[str, Any]:
    """Write, with the models as they were in projects, the rows the move must keep."""
    program = apps.get_model("regions", "Program").objects.create(
        code="test-move-zone", kind="zone", name_zh_hans="迁移测试区"
    )
    user = apps.get_model("auth", "User").objects.create(username="move-test-admin")
    enquiry_model = apps.get_model("projects", "Enquiry")
    received = timezone.now().replace(microsecond=0)
    enquiry = enquiry_model.objects.create(
        program=program,
        investor_name="株式会社移行",
        received_at=received,
        channel="email",
        language="ja",
        question="用地はありますか？",
        respond_by=date(2024, 3, 6),
        escalated_at=received,
    )
    enquiry.escalated_to.add(user)
    apps.get_model("projects", "HistoricalEnquiry").objects.create(
        id=enquiry.pk,
        program_id=program.pk,
        investor_name=enquiry.investor_name,
        received_at=received,
        channel="email",
        language="ja",
        question=enquiry.question,
        created=received,
        updated=received,
        history_date=received,
        history_type="+",
        history_change_reason="enquiry received",
    )
    rate = apps.get_model("projects", "ExchangeRate").objects.create(
        currency="JPY", date=date(2024, 3, 1), rate=Decimal("0.0481"), source="official"
    )
    settings = apps.get_model("projects", "ZoneSettings").objects.create(
        program=program, enquiry_response_days=3, stuck_days={"signed": 90}
    )
    content_types = apps.get_model("contenttypes", "ContentType").objects
    kept = content_types.get_or_create(app_label="projects", model="enquiry")[0]
    return {
        "enquiry": enquiry.pk,
        "user": user.pk,
        "rate": rate.pk,
        "settings": settings.pk,
        "program": program.pk,
        "content_type": kept.pk,
    }


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True)
def test_the_desk_keeps_its_rows_when_it_moves_to_zonedesk() -> None:
    forward = latest()
    try:
        ids = write_old_rows(migrate(BEFORE))
        migrate(forward)
    finally:
        migrate(forward)  # whatever happened, leave the schema as the other tests expect it

    from hezuo.zonedesk.models import Enquiry, ExchangeRate, ZoneSettings

    enquiry = Enquiry.objects.get(pk=ids["enquiry"])
    assert (enquiry.investor_name, enquiry.program_id) == ("株式会社移行", ids["program"])
    assert [u.pk for u in enquiry.escalated_to.all()] == [ids["user"]]
    assert [h.history_change_reason for h in enquiry.history.all()] == ["enquiry received"]
    rate = ExchangeRate.objects.get(pk=ids["rate"])
    assert (rate.currency, rate.rate, rate.source) == ("JPY", Decimal("0.0481"), "official")
    settings = ZoneSettings.objects.get(pk=ids["settings"])
    assert settings.program_id == ids["program"]
    assert settings.thresholds()["signed"] == 90
    # the content type is the same row, now under the desk's label
    ContentType.objects.clear_cache()
    moved = ContentType.objects.get_for_model(Enquiry)
    assert moved.pk == ids["content_type"]
    assert moved.app_label == "zonedesk"
    assert not ContentType.objects.filter(app_label="projects", model="enquiry").exists()
