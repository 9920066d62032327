"""Deliveries and procurement lines checked again under a lock when an import writes them.

Between checking a file and writing it, another import (or a person) may deliver against the
same procurement line. The deliveries ledger and the procurement agreements ledger lock the lines
concerned, sum the deliveries again and refuse the file with the row errors checking would have
given ("beyond_agreement", "below_delivered", "not_on_agreement"): nothing of it is written.

The first tests simulate the concurrent write inside one connection (as test_imports2 does for
disbursements) and use the world of test_ledgers_more (fixture ``records``: a line of 100 with
60 delivered). The last ones run two imports in two threads for real, each with its own
connection, released together after both have checked their file: a missing lock lets both
write. Those commit (``transactional``): they make every row they need themselves.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import translation

from hezuo.assistance import models as m
from hezuo.directory.models import Organisation
from hezuo.events.models import Agreement
from hezuo.imports.ledgers import get_ledger
from hezuo.imports.ledgers.assistance import DeliveryLedger, ProcurementLedger
from hezuo.imports.services import import_file
from hezuo.regions.models import Program

from ..concurrency.test_concurrent_edits import TIMEOUT, at_once
from .helpers import checksum, write_xlsx
from .test_ledgers_more import errors, records, run  # noqa: F401 - the fixture

D = Decimal
DELIVERY_HEADERS = ["agreement", "product", "delivered_on", "quantity"]
LINE_HEADERS = ["agreement", "product", "quantity", "amended_quantity"]


def deliveries(*rows: tuple[str, str]) -> list[list[str]]:
    """Rows of the deliveries ledger against 导入采购协议 / 导入土豆: (day, quantity)."""
    return [["导入采购协议", "导入土豆", day, quantity] for day, quantity in rows]


def meanwhile(monkeypatch: pytest.MonkeyPatch, ledger: type, act: Any) -> dict[str, Any]:
    """Make ``act()`` happen once, after ``ledger`` has checked a file and before it writes.

    Returns a dict that gets ``"after"``: the deliveries' counts and checksum (history included)
    right after ``act``, i.e. what the database holds if the import writes nothing.
    """
    plan = ledger.plan
    seen: dict[str, Any] = {}

    def planned(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = plan(self, *args, **kwargs)
        if not seen:
            act()
            seen["after"] = checksum(m.Delivery, m.ProcurementLine)
        return result

    monkeypatch.setattr(ledger, "plan", planned)
    return seen


def deliver(records: Any, day: date, quantity: int) -> m.Delivery:  # noqa: F811
    return m.Delivery.objects.create(
        agreement=records.agreement,
        product=records.product,
        delivered_on=day,
        quantity=D(quantity),
        amount=D(quantity * 10),
    )


def shown(result: Any) -> list[tuple[Any, ...]]:
    return [(e["row"], e["column"], e["value"], e["code"]) for e in errors(result)]


@pytest.mark.django_db
def test_a_delivery_made_meanwhile_that_breaks_the_limit_refuses_the_file(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 60 of 100 delivered; the file adds 20 + 15 (95: fine when checked), someone delivers 10
    seen = meanwhile(monkeypatch, DeliveryLedger, lambda: deliver(records, date(2025, 6, 30), 10))
    path = write_xlsx(
        tmp_path / "d.xlsx",
        DELIVERY_HEADERS,
        deliveries(("2025-04-01", "20"), ("2025-05-01", "15")),
        text=False,
    )
    with translation.override("en"):
        result = run(path, "deliveries")
        assert not result.ok
        found = errors(result)
    # row 3 takes the line to 60 + 10 + 20 + 15 = 105
    assert shown(result) == [(3, "quantity", "15", "beyond_agreement")]
    params = result.errors[0].params
    assert (params["total"], params["limit"], params["left"]) == (D(105), D(100), D(10))
    assert "105" in found[0]["message"] and "100" in found[0]["message"]
    # nothing of the file was written (the delivery made meanwhile stays)
    assert checksum(m.Delivery, m.ProcurementLine) == seen["after"]
    assert set(m.Delivery.objects.values_list("delivered_on", flat=True)) == {
        date(2025, 3, 1),
        date(2025, 6, 30),
    }
    # the very errors the check gives once the delivery made meanwhile is there
    with translation.override("en"):
        checked = run(path, "deliveries")
    assert [(e.as_dict(), e.params) for e in checked.errors] == [
        (e.as_dict(), e.params) for e in result.errors
    ]


@pytest.mark.django_db
def test_a_file_still_within_the_limit_is_written(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meanwhile(monkeypatch, DeliveryLedger, lambda: deliver(records, date(2025, 6, 30), 10))
    path = write_xlsx(
        tmp_path / "d.xlsx",
        DELIVERY_HEADERS,
        deliveries(("2025-04-01", "20"), ("2025-05-01", "10")),  # exactly 100 in the end
        text=False,
    )
    result = run(path, "deliveries")
    assert result.ok and result.created == 2, errors(result)
    total = m.Delivery.objects.filter(agreement=records.agreement).aggregate(t=Sum("quantity"))
    assert total["t"] == D(100)
    assert m.Delivery.history.filter(delivered_on=date(2025, 5, 1)).count() == 1


@pytest.mark.django_db
def test_a_line_removed_meanwhile_refuses_its_deliveries(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = meanwhile(monkeypatch, DeliveryLedger, lambda: records.line.delete())
    path = write_xlsx(
        tmp_path / "d.xlsx", DELIVERY_HEADERS, deliveries(("2025-04-01", "5")), text=False
    )
    result = run(path, "deliveries")
    assert shown(result) == [(2, "product", "导入土豆", "not_on_agreement")]
    assert checksum(m.Delivery, m.ProcurementLine) == seen["after"]


@pytest.mark.django_db
def test_a_quantity_lowered_below_what_was_delivered_meanwhile_is_refused(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # amended to 80 with 60 delivered: fine when checked; 25 more delivered meanwhile (85)
    seen = meanwhile(
        monkeypatch, ProcurementLedger, lambda: deliver(records, date(2025, 6, 30), 25)
    )
    path = write_xlsx(
        tmp_path / "l.xlsx", LINE_HEADERS, [["导入采购协议", "导入土豆", "100", "80"]], text=False
    )
    with translation.override("en"):
        result = run(path, "procurement_agreements")
        found = errors(result)
    assert shown(result) == [(2, "amended_quantity", "80", "below_delivered")]
    assert result.errors[0].params["done"] == D(85) and "85" in found[0]["message"]
    assert checksum(m.Delivery, m.ProcurementLine) == seen["after"]
    records.line.refresh_from_db()
    assert records.line.amended_quantity is None
    # a quantity still above what was delivered is written
    fine = run(
        write_xlsx(tmp_path / "k.xlsx", LINE_HEADERS, [["导入采购协议", "导入土豆", "100", "85"]]),
        "procurement_agreements",
    )
    assert fine.ok and fine.updated == 1, errors(fine)
    records.line.refresh_from_db()
    assert records.line.amended_quantity == D(85)


# --- two imports at the same moment, for real ----------------------------------------------------


class SimpleLine:
    def __init__(self, user: Any, line: m.ProcurementLine) -> None:
        self.user, self.line = user, line

    def delivered(self) -> Decimal:
        found = m.Delivery.objects.filter(agreement=self.line.agreement).aggregate(
            t=Sum("quantity")
        )
        return found["t"] or D(0)


@pytest.fixture
def line(transactional_db: None) -> SimpleLine:
    """A procurement line of 100 with 60 delivered, and a system administrator to import."""
    user = get_user_model().objects.create_user("race-importer")
    user.memberships.create(role="system_admin")
    program = Program.objects.create(code="race-pairing", kind="pairing", name_zh_hans="并发协作")
    supplier = Organisation.objects.create(
        name_zh_hans="并发供应商", kind="enterprise", country="CN"
    )
    agreement = Agreement.objects.create(
        title_zh_hans="并发采购协议",
        kind="procurement",
        program=program,
        signed_on=date(2025, 1, 1),
    )
    product = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="并发土豆", category="蔬菜", unit="kg"
    )
    procurement = m.ProcurementLine.objects.create(
        agreement=agreement, product=product, quantity=D(100)
    )
    m.Delivery.objects.create(
        agreement=agreement, product=product, delivered_on=date(2025, 3, 1), quantity=D(60)
    )
    return SimpleLine(user, procurement)


def both_checked_first(monkeypatch: pytest.MonkeyPatch, *ledgers: type) -> None:
    """Let no import write before both have checked their file (the race a lock must settle)."""
    barrier = threading.Barrier(2)
    for ledger in ledgers:
        plan = ledger.plan

        def planned(self: Any, *args: Any, _plan: Any = plan, **kwargs: Any) -> Any:
            result = _plan(self, *args, **kwargs)
            barrier.wait(timeout=TIMEOUT)
            return result

        monkeypatch.setattr(ledger, "plan", planned)


def importing(path: Path, ledger: str, user: Any) -> Any:
    def call() -> Any:
        with path.open("rb") as stream:
            return import_file(get_ledger(ledger), stream, file_name=path.name, user=user)

    return call


@pytest.mark.transactional
def test_two_delivery_imports_at_once_never_exceed_the_line(
    tmp_path: Path, line: SimpleLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each file alone fits (60 + 30 = 90 of 100), both together would not (120)
    both_checked_first(monkeypatch, DeliveryLedger)
    files = [
        write_xlsx(
            tmp_path / f"d{n}.xlsx",
            DELIVERY_HEADERS,
            [["并发采购协议", "并发土豆", f"2025-0{n + 4}-01", "30"]],
            text=False,
        )
        for n in range(2)
    ]
    results = at_once([importing(path, "deliveries", line.user) for path in files])
    assert sorted(r.ok for r in results) == [False, True], [errors(r) for r in results]
    (refused,) = [r for r in results if not r.ok]
    assert [(e.row, e.column, e.code) for e in refused.errors] == [
        (2, "quantity", "beyond_agreement")
    ]
    assert refused.errors[0].params["total"] == D(120)
    assert line.delivered() == D(90)
    assert m.Delivery.objects.count() == 2


@pytest.mark.transactional
def test_a_delivery_import_and_a_lowered_quantity_at_once_keep_the_line(
    tmp_path: Path, line: SimpleLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # amending to 70 fits the 60 delivered; delivering 30 fits the 100 agreed; not both
    both_checked_first(monkeypatch, DeliveryLedger, ProcurementLedger)
    amend = write_xlsx(
        tmp_path / "l.xlsx", LINE_HEADERS, [["并发采购协议", "并发土豆", "100", "70"]], text=False
    )
    deliver_30 = write_xlsx(
        tmp_path / "d.xlsx",
        DELIVERY_HEADERS,
        [["并发采购协议", "并发土豆", "2025-04-01", "30"]],
        text=False,
    )
    results = at_once(
        [
            importing(amend, "procurement_agreements", line.user),
            importing(deliver_30, "deliveries", line.user),
        ]
    )
    assert sorted(r.ok for r in results) == [False, True], [errors(r) for r in results]
    line.line.refresh_from_db()
    if results[0].ok:  # the amendment first: the delivery is beyond the 70
        assert [e.code for e in results[1].errors] == ["beyond_agreement"]
        assert (line.line.limit, line.delivered()) == (D(70), D(60))
    else:  # the delivery first: 90 delivered, the amendment would be below
        assert [e.code for e in results[0].errors] == ["below_delivered"]
        assert (line.line.limit, line.delivered()) == (D(100), D(90))
    assert line.delivered() <= line.line.limit
