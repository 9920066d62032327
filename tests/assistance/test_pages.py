"""Every page of the ledger opens in the three languages, for the administrator and for the
assisted side; the add forms refuse the donor side."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from hezuo.assistance.urls import urlpatterns
from hezuo.base.views import ObjectListView

from .records import build_access_records

pytestmark = pytest.mark.django_db

LISTS = [
    p.name
    for p in urlpatterns
    if isinstance(p, URLPattern)
    and issubclass(getattr(p.callback, "view_class", object), ObjectListView)
]
PAGES = ["home", "check_missed", "check_duplicates", "check_money", "assessment", "monitoring"]


@pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
def test_every_page_opens(client_as, lang):
    records = build_access_records()
    client = client_as("admin")
    client.cookies["django_language"] = lang
    for name in PAGES + LISTS:
        response = client.get(reverse(f"assistance:{name}"))
        assert response.status_code == 200, name
    for key, obj in records.items():
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200, key
    for name in LISTS:
        add = reverse(f"assistance:{name.replace('_list', '_add')}")
        assert client.get(add).status_code == 200, add
    case = records["monitoringcase:qinglong"]
    assert (
        client.get(reverse("assistance:monitoringcase_notice", args=[case.pk])).status_code == 200
    )
    rows = reverse("assistance:assessment_rows", args=["people_employed"])
    assert client.get(rows, {"year": 2025}).status_code == 200


def test_the_donor_side_may_not_add_households(client_as):
    client = client_as("dalian")
    assert client.get(reverse("assistance:household_add")).status_code == 403
    assert client.get(reverse("assistance:assistanceproject_add")).status_code == 200
    assert client_as("liupanshui").get(reverse("assistance:household_add")).status_code == 200
