"""The shared edges of issue 14 (items 11 and 20): versions required on edits, dates as ISO in
date boxes, filter labels and histories in the reader's language, the provisional quarter, the
favicon."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from hezuo.directory.models import Organisation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2] / "hezuo"


def org_form(**extra: str) -> dict[str, str]:
    data = {
        "kind": "enterprise",
        "name_zh_hans": "版本测试",
        "name_ja": "",
        "name_en": "",
        "country": "CN",
        "uscc": "",
        "jp_corporate_number": "",
        "website": "",
        "note": "",
        "organisationalias-TOTAL_FORMS": "0",
        "organisationalias-INITIAL_FORMS": "0",
        "organisationalias-MIN_NUM_FORMS": "0",
        "organisationalias-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


# --- item 11: an edit must say which version it was made on -------------------------------------


def test_a_page_edit_without_its_version_is_refused(admin_client: Any) -> None:
    admin_client.cookies.load({"django_language": "zh-hans"})
    org = Organisation.objects.create(kind="enterprise", name_zh_hans="版本测试", country="CN")
    url = reverse("directory:organisation_edit", args=[org.pk])
    response = admin_client.post(url, org_form(name_zh_hans="没有版本的修改"))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "版本" in errors
    org.refresh_from_db()
    assert org.name_zh_hans == "版本测试" and org.version == 1
    # With the version it was opened on, the same edit is saved.
    response = admin_client.post(url, org_form(name_zh_hans="带版本的修改", _version="1"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name_zh_hans == "带版本的修改"


def test_an_api_update_without_its_version_is_refused_with_428(client: Any) -> None:
    from rest_framework.test import APIClient

    from hezuo.accounts.tokens import issue_token

    admin = get_user_model().objects.get(username="admin")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(admin)}")
    org = Organisation.objects.create(kind="enterprise", name_zh_hans="接口测试", country="CN")
    url = f"/api/organisations/{org.pk}/"
    response = api.patch(url, {"note": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 428
    assert "版本" in response.json()["detail"]
    assert api.patch(url, {"note": "x", "version": 1}, format="json").status_code == 200
    stale = api.patch(url, {"note": "y", "version": 1}, format="json")
    assert stale.status_code == 409
    org.refresh_from_db()
    assert org.note == "x"


# --- item 20: dates in date boxes -----------------------------------------------------------------


def test_date_fields_render_iso_values_in_every_language() -> None:
    from django import forms

    from hezuo.events.filtersets import EventFilterSet
    from hezuo.projects.forms import StageMoveForm
    from hezuo.projects.models import Project

    project = Project.objects.filter(program__code="cn-jp-dalian").first()
    day = timezone.localdate()

    class Plain(forms.Form):
        day = forms.DateField()

    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            html = str(StageMoveForm(project=project)["happened_on"])
            assert 'type="date"' in html and f'value="{day.isoformat()}"' in html, html
            plain = str(Plain(initial={"day": day})["day"])
            assert 'type="date"' in plain and day.isoformat() in plain, plain
            event_filter = EventFilterSet({"date_after": "2021-03-15"}).form["date_after"]
            assert 'type="date"' in str(event_filter) and "2021-03-15" in str(event_filter)


def test_no_date_box_is_declared_without_the_iso_widget() -> None:
    """A date box declared by hand (forms.DateInput(attrs={"type": "date"})) renders the
    locale's format; every one uses hezuo.base.date_widgets instead."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts
        and p.name != "date_widgets.py"
        and re.search(r"forms\.Date(Time)?Input\(", p.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


# --- item 20: filter labels in the reader's language ---------------------------------------------


def test_filter_lookup_labels_are_translated() -> None:
    from hezuo.events.filtersets import EventFilterSet

    for lang, word in (("ja", "から"), ("zh-hans", "起")):
        with translation.override(lang):
            label = str(EventFilterSet().form.fields["date_after"].label)
            assert "greater" not in label and word in label, label


# --- item 20: histories in words -------------------------------------------------------------------


def test_history_values_and_reasons_are_in_words(admin_client: Any) -> None:
    from hezuo.base.history import NOT_VISIBLE, reason_text, value_text
    from hezuo.projects.choices import Stage
    from hezuo.projects.models import Project

    project = Project.objects.filter(program__code="cn-jp-dalian").first()
    old_org, other = Organisation.objects.order_by("pk")[:2]
    project.responsible_organisation = old_org
    project.save()
    project.responsible_organisation = other
    project.stage = "registered" if project.stage != "registered" else "signed"
    project._change_reason = "signed → registered"
    project.save()
    admin_client.cookies.load({"django_language": "zh-hans"})
    response = admin_client.get(project.get_absolute_url())
    entry = response.context["history"][0]
    changes = {c.name: c for c in entry.changes}
    with translation.override("zh-hans"):
        assert changes["responsible_organisation"].old == str(old_org)
        assert changes["responsible_organisation"].new == str(other)
        assert changes["stage"].new == str(Stage(project.stage).label)
        assert entry.reason == f"{Stage('signed').label} → {Stage('registered').label}"
    assert not re.search(r"[a-z]", entry.reason), entry.reason
    with translation.override("zh-hans"):
        assert reason_text("delivery") == "登记交付"
        assert reason_text("monitoring: 村级评议") == "监测: 村级评议"
        assert reason_text("a reason typed by a person") == "a reason typed by a person"
        # A related record the reader may not see is not named.
        from hezuo.events.models import Agreement, AgreementParty

        nidec = get_user_model().objects.get(username="nidec")
        admin = get_user_model().objects.get(username="admin")
        hidden = Agreement.objects.exclude(
            pk__in=Agreement.objects.restrict(nidec, "view").values("pk")
        ).first()
        assert value_text(AgreementParty, "agreement", hidden.pk, nidec) == str(NOT_VISIBLE)
        assert value_text(AgreementParty, "agreement", hidden.pk, admin) == str(hidden)


# --- item 20: the quarter not over is provisional -----------------------------------------------


def test_the_current_quarter_is_marked_provisional(admin_client: Any) -> None:
    from openpyxl import load_workbook

    admin_client.cookies.load({"django_language": "zh-hans"})
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    url = reverse("reports:quarterly_report", args=["cn-jp-dalian", today.year, quarter])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "临时数据：本季度尚未结束。" in page.content.decode()
    book = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content))
    assert book.active["A1"].value == "临时数据：本季度尚未结束。"
    earlier = reverse("reports:quarterly_report", args=["cn-jp-dalian", 2021, 1])
    assert "临时数据" not in admin_client.get(earlier).content.decode()
    book = load_workbook(io.BytesIO(admin_client.get(earlier, {"export": "xlsx"}).content))
    assert book.active["A1"].value != "临时数据：本季度尚未结束。"


# --- item 20: the favicon ------------------------------------------------------------------------


def test_the_favicon_is_linked_and_answers(admin_client: Any) -> None:
    home = admin_client.get("/").content.decode()
    assert 'rel="icon"' in home
    answer = admin_client.get("/favicon.ico")
    assert answer.status_code in (301, 302)
    assert answer["Location"].endswith("favicon.svg")
    assert (ROOT / "static" / "hezuo" / "favicon.svg").read_text().startswith("<svg")
