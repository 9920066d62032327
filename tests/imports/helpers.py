"""Making ledger files for the import tests: real .xlsx (openpyxl) and .csv files."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

import openpyxl
from stdnum.cn import ric

PERSON_HEADERS = [
    "household_no",
    "id_number",
    "name",
    "relation",
    "village_code",
    "status",
    "income_per_capita",
    "phone",
]


def id_number(index: int, region: str = "520203", born: str = "19800101") -> str:
    body = f"{region}{born}{index:03d}"
    return body + ric.calc_check_digit(body + "0")


def villages(count: int = 2) -> list[str]:
    from hezuo.regions.models import Region

    codes = list(
        Region.objects.filter(level="village", code__startswith="5202")
        .order_by("code")
        .values_list("code", flat=True)[:count]
    )
    assert len(codes) == count
    return codes


def person_rows(households: int = 3, per_household: int = 3, start: int = 0) -> list[list[Any]]:
    """Rows of ``households`` households with ``per_household`` persons each (a head first)."""
    codes = villages(2)
    rows = []
    n = start
    relations = ["head", "spouse", "child", "parent", "grandchild", "other"]
    for h in range(households):
        for p in range(per_household):
            rows.append(
                [
                    f"TEST{h + start:05d}",
                    id_number(n % 1000, born=f"19{70 + n // 1000 % 30}0101"),
                    f"测试{n}",
                    relations[p % len(relations)],
                    codes[h % 2],
                    "registered_poor",
                    "6500.50",
                    f"1380000{n:04d}" if p == 0 else "",
                ]
            )
            n += 1
    return rows


def write_xlsx(path: Path, headers: list[str], rows: list[list[Any]], *, text: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if text:
        for cell in sheet["B"]:
            cell.number_format = "@"
    workbook.save(path)
    return path


def write_csv(
    path: Path, headers: list[str], rows: list[list[Any]], encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def checksum(*models: Any) -> tuple[list[int], str]:
    """Row counts and a checksum of every row (history included) of ``models``."""
    digest = hashlib.sha256()
    counts = []
    for model in models:
        for m in (model, model.history.model):
            rows = list(m.objects.order_by("pk").values_list())
            counts.append(len(rows))
            digest.update(repr(rows).encode())
    return counts, digest.hexdigest()
