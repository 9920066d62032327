"""A ledger .csv quotes formula-like text (OWASP), and the import takes the quote off again."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from hezuo.directory.models import Organisation
from hezuo.imports.ledgers import LEDGERS
from hezuo.imports.services import export_file, import_file

pytestmark = pytest.mark.django_db

NAMES = {"name_ja": '=HYPERLINK("http://evil.example","x")', "name_en": "-minus co."}


def test_exported_csv_is_safe_and_imports_back_unchanged() -> None:
    admin = get_user_model().objects.get(username="admin")
    organisation = Organisation.objects.order_by("pk").first()
    Organisation.objects.filter(pk=organisation.pk).update(**NAMES)
    ledger = LEDGERS["organisations"]
    target = io.BytesIO()
    export_file(ledger, target, fmt="csv", user=admin)
    body = target.getvalue()

    cells = [c for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in r]
    assert "'" + NAMES["name_ja"] in cells and NAMES["name_ja"] not in cells
    assert "'" + NAMES["name_en"] in cells

    result = import_file(ledger, io.BytesIO(body), file_name="o.csv", user=admin)
    assert result.ok and result.created == 0 and result.updated == 0, result.errors[:3]
    organisation.refresh_from_db()
    assert (organisation.name_ja, organisation.name_en) == (NAMES["name_ja"], NAMES["name_en"])
