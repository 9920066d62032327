"""The life-cycle records and the zone desk's records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test record belongs to (its program,
the organisations its access goes by, where it is), without asking the access code;
tests/access/cast.py adds them to its table and tests/access/conftest.py builds them with
:func:`build_access_records` on the projects it made. ``ACCESS_GROUPS`` is the group of the role
matrix of each kind.

These records are written only through ``hezuo.projects.services`` and
``hezuo.zonedesk.services``, so their API endpoints take no update or delete
(``SERVICE_WRITTEN``: the matrix test expects 405 there); an official rate may be entered by
whoever may change projects somewhere (``zonedesk.services.add_official_rate``), not only by
those who may add reference data (``ADD_LIKE``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.world import (
    DALIAN_ZONE,
    DASHANG_FRUIT,
    IWATANI,
    JINPU,
    KIWI,
    PAIRING,
    YANJIAO,
)

DALIAN = ("210200",)

#: key → (model label, programs, organisations, regions)
ACCESS_RECORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # a project's records belong with their project (program, parties, region)
    "milestone:iwatani": ("projects.milestone", (DALIAN_ZONE,), (IWATANI,), DALIAN),
    "milestone:liuzhi": ("projects.milestone", (PAIRING,), (YANJIAO,), ("520203",)),
    "projectfigure:iwatani": ("projects.projectfigure", (DALIAN_ZONE,), (IWATANI,), DALIAN),
    "projectfigure:liuzhi": ("projects.projectfigure", (PAIRING,), (YANJIAO,), ("520203",)),
    "servicelogentry:iwatani": ("zonedesk.servicelogentry", (DALIAN_ZONE,), (IWATANI,), DALIAN),
    "servicelogentry:liuzhi": ("zonedesk.servicelogentry", (PAIRING,), (YANJIAO,), ("520203",)),
    # an enquiry: its zone (and the zone's region) and the investor who asked
    "enquiry:iwatani": ("zonedesk.enquiry", (DALIAN_ZONE,), (IWATANI,), DALIAN),
    "enquiry:kiwi": ("zonedesk.enquiry", (PAIRING,), (KIWI,), ()),
    # a visit: its zone (and region) and the office that visited
    "aftercarevisit:jinpu": ("zonedesk.aftercarevisit", (DALIAN_ZONE,), (JINPU,), DALIAN),
    "aftercarevisit:dashang": ("zonedesk.aftercarevisit", (PAIRING,), (DASHANG_FRUIT,), ()),
    # the rate table is reference data
    "exchangerate:jpy": ("zonedesk.exchangerate", (), (), ()),
}

ACCESS_GROUPS = {
    "projects.milestone": "projects",
    "projects.projectfigure": "projects",
    "zonedesk.servicelogentry": "projects",
    "zonedesk.enquiry": "projects",
    "zonedesk.aftercarevisit": "projects",
    "zonedesk.exchangerate": "reference",
}

#: Endpoints written only through the services: created, never updated or deleted.
SERVICE_WRITTEN = set(ACCESS_GROUPS)

#: Model labels whose API create follows another kind's permission: (action, model label).
ADD_LIKE = {"zonedesk.exchangerate": ("change", "projects.project")}


def build_access_records(records: dict[str, Any]) -> dict[str, Any]:
    """Create one record of every kind on the projects of ``records``; return them by key."""
    from django.utils import timezone

    from hezuo.directory.models import Organisation
    from hezuo.projects import models as m
    from hezuo.regions.models import Program
    from hezuo.zonedesk import models as desk

    def org(name: str) -> Organisation:
        return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)

    zone, pairing = Program.objects.get(code=DALIAN_ZONE), Program.objects.get(code=PAIRING)
    r: dict[str, Any] = {}
    for key in ("iwatani", "liuzhi"):
        project = records[f"project:{key}"]
        r[f"milestone:{key}"] = m.Milestone.objects.create(
            project=project, title_zh_hans="取得营业执照", planned_on=date(2021, 1, 1)
        )
        r[f"projectfigure:{key}"] = m.ProjectFigure.objects.create(
            project=project,
            kind="contracted_investment",
            amount=Decimal(1000),
            currency="CNY",
            recorded_on=date(2021, 1, 1),
        )
        r[f"servicelogentry:{key}"] = desk.ServiceLogEntry.objects.create(
            project=project, kind="site", provided_on=date(2021, 1, 1), description="选址"
        )
    received = timezone.now() - timedelta(days=1)
    r["enquiry:iwatani"] = desk.Enquiry.objects.create(
        program=zone,
        investor=org(IWATANI),
        received_at=received,
        channel="email",
        language="ja",
        question="?",
    )
    r["enquiry:kiwi"] = desk.Enquiry.objects.create(
        program=pairing,
        investor=org(KIWI),
        received_at=received,
        channel="phone",
        language="zh-hans",
        question="?",
    )
    r["aftercarevisit:jinpu"] = desk.AftercareVisit.objects.create(
        program=zone,
        organisation=org(IWATANI),
        visiting_office=org(JINPU),
        visited_on=date(2024, 5, 1),
    )
    r["aftercarevisit:dashang"] = desk.AftercareVisit.objects.create(
        program=pairing,
        organisation=org(KIWI),
        visiting_office=org(DASHANG_FRUIT),
        visited_on=date(2024, 5, 1),
    )
    r["exchangerate:jpy"] = desk.ExchangeRate.objects.create(
        currency="JPY", date=date(2021, 1, 4), rate=Decimal("0.0625"), source="official"
    )
    return r
