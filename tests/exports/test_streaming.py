"""Every download is one pass through the streaming writer, and one audit entry.

A list export reads its records in chunks (never the whole list in memory), writes them once
through ``hezuo.core.tabular``'s writer into a spooled file and, past ``SPOOL_BYTES``, streams
that file (a ``StreamingHttpResponse``) instead of holding the workbook in memory. Each download
— a list, the audit log, a ledger, in either format — writes exactly one "export" audit entry.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from hezuo.accounts.models import AuditEntry
from hezuo.base import export
from hezuo.projects.models import Project

pytestmark = pytest.mark.django_db


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def exports_written() -> int:
    return AuditEntry.objects.filter(action="export").count()


def test_a_large_list_export_is_streamed_and_read_in_chunks(admin_client, monkeypatch) -> None:
    monkeypatch.setattr(export, "SPOOL_BYTES", 512)  # any real workbook is "large"
    monkeypatch.setattr(export, "CHUNK_ROWS", 2)
    chunk_sizes: list[Any] = []
    iterator = QuerySet.iterator

    def spy(self: QuerySet[Any], *args: Any, **kwargs: Any) -> Any:
        chunk_sizes.append(kwargs.get("chunk_size"))
        return iterator(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    projects = Project.objects.count()
    assert projects > 2  # more than one chunk
    before = exports_written()

    response = admin_client.get(reverse("projects:project_list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert 2 in chunk_sizes  # the list was read in chunks, not cached whole
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.max_row == projects + 1  # the header and every project
    assert exports_written() == before + 1
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.object_type == "projects.project"
    assert entry.detail["rows"] == projects and entry.detail["format"] == "xlsx"


def test_a_small_export_is_sent_whole(admin_client) -> None:
    response = admin_client.get(reverse("projects:project_list"), {"export": "csv"})
    assert response.status_code == 200 and not response.streaming
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Project.objects.count() + 1


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("projects:project_list", {"export": "xlsx"}),
        ("projects:project_list", {"export": "csv", "q": "zzz-nothing"}),
        ("audit_log", {"export": "xlsx"}),
        ("imports:export organisations xlsx", {}),
        ("imports:export people csv", {}),
    ],
)
def test_each_download_writes_one_audit_entry(admin_client, url: str, query: dict) -> None:
    name, *args = url.split()
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = admin_client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    assert body(response)  # a file
    written = list(AuditEntry.objects.filter(pk__gt=before).values_list("action", flat=True))
    assert written == ["export"]
    assert "filename" in response["Content-Disposition"]
