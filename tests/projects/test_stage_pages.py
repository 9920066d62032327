"""The stage-move page, the evidence download, the project form's stage and the stage-moves API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hezuo.projects.models import Project, StageChange

from .conftest import user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% business licence scan\n"


def move_data(project: Project, **fields: Any) -> dict[str, Any]:
    data = {
        "_version": str(project.version),
        "to_stage": "registered",
        "happened_on": "2021-03-15",
        "note": "",
        "reason": "",
        "skip_reason": "",
        "evidence-TOTAL_FORMS": "3",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    for i in range(3):
        data[f"evidence-{i}-kind"] = ""
        data[f"evidence-{i}-reference"] = ""
    data.update(fields)
    return data


def test_page_names_the_evidence_each_stage_needs(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    response = client.get(reverse("projects:stage_move", args=[nidec_project.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "营业执照" in body  # the business licence, required to enter `registered`
    assert response.context["form"].initial["to_stage"] == "registered"  # the next stage


def test_forward_move_with_a_licence_file_is_recorded(
    client: Any, zone_admin: Any, nidec_project: Any, media: Any
) -> None:
    client.force_login(zone_admin)
    data = move_data(
        nidec_project,
        note="营业执照已领取",
        **{
            "evidence-0-kind": "business_licence",
            "evidence-0-reference": "91210200MA0QXXXX1X",
            "evidence-0-file": SimpleUploadedFile("licence.pdf", PDF, "application/pdf"),
        },
    )
    response = client.post(reverse("projects:stage_move", args=[nidec_project.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "registered"
    assert nidec_project.stage_since == date(2021, 3, 15)
    change = StageChange.objects.get(project=nidec_project)
    assert change.recorded_by == zone_admin
    assert change.note == "营业执照已领取"
    evidence = change.evidence.get()
    assert evidence.kind == "business_licence"
    assert evidence.file.read() == PDF
    assert nidec_project.history.first().history_user == zone_admin
    # The detail page lists the move and offers the file for download.
    detail = client.get(nidec_project.get_absolute_url()).content.decode()
    assert reverse("projects:evidence_file", args=[evidence.pk]) in detail
    download = client.get(reverse("projects:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_evidence_file_is_hidden_from_who_may_not_see_the_project(
    client: Any, zone_admin: Any, nidec_project: Any, media: Any
) -> None:
    client.force_login(zone_admin)
    data = move_data(
        nidec_project,
        **{
            "evidence-0-kind": "business_licence",
            "evidence-0-file": SimpleUploadedFile("licence.pdf", PDF, "application/pdf"),
        },
    )
    client.post(reverse("projects:stage_move", args=[nidec_project.pk]), data)
    evidence = StageChange.objects.get(project=nidec_project).evidence.get()
    url = reverse("projects:evidence_file", args=[evidence.pk])
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user("liupanshui"))  # the assisted side's office: not this zone's project
    assert client.get(url).status_code == 404


def test_forward_move_without_the_evidence_is_refused_and_nothing_changes(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    response = client.post(
        reverse("projects:stage_move", args=[nidec_project.pk]), move_data(nidec_project)
    )
    assert response.status_code == 400
    assert "营业执照" in response.context["formset"].non_form_errors()[0]
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "signed"
    assert not StageChange.objects.filter(project=nidec_project).exists()


def test_skipping_stages_needs_a_reason(client: Any, zone_admin: Any, nidec_project: Any) -> None:
    client.force_login(zone_admin)
    url = reverse("projects:stage_move", args=[nidec_project.pk])
    fields = {
        "to_stage": "construction",
        "evidence-0-kind": "construction_permit",
        "evidence-0-reference": "210200202103150101",
    }
    response = client.post(url, move_data(nidec_project, **fields))
    assert response.status_code == 400
    assert response.context["form"].errors["skip_reason"]
    response = client.post(
        url, move_data(nidec_project, skip_reason="登记在另一园区完成", **fields)
    )
    assert response.status_code == 302
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "construction"


def test_backward_move_needs_a_reason(client: Any, zone_admin: Any, nidec_project: Any) -> None:
    client.force_login(zone_admin)
    url = reverse("projects:stage_move", args=[nidec_project.pk])
    response = client.post(url, move_data(nidec_project, to_stage="negotiating"))
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    response = client.post(
        url, move_data(nidec_project, to_stage="negotiating", reason="投资方要求重新谈判")
    )
    assert response.status_code == 302
    assert StageChange.objects.get(project=nidec_project).move == "backward"


def test_future_date_and_bad_file_type_are_refused(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    url = reverse("projects:stage_move", args=[nidec_project.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        url,
        move_data(
            nidec_project,
            happened_on=tomorrow,
            **{"evidence-0-kind": "business_licence", "evidence-0-reference": "x"},
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["happened_on"]
    response = client.post(
        url,
        move_data(
            nidec_project,
            **{
                "evidence-0-kind": "business_licence",
                "evidence-0-file": SimpleUploadedFile(
                    "licence.exe", b"MZ", "application/x-msdownload"
                ),
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["file"]
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "signed"


def test_a_move_from_a_stale_page_is_refused(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    data = move_data(
        nidec_project,
        _version=str(nidec_project.version - 1 if nidec_project.version > 1 else 999),
        **{"evidence-0-kind": "business_licence", "evidence-0-reference": "91210200"},
    )
    response = client.post(reverse("projects:stage_move", args=[nidec_project.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "signed"


def test_who_may_not_change_the_project_cannot_move_it(
    client: Any, enterprise: Any, nidec_project: Any
) -> None:
    client.force_login(enterprise)  # Nidec's member sees its project but changes nothing
    url = reverse("projects:stage_move", args=[nidec_project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, move_data(nidec_project)).status_code == 404
    assert "move-stage" not in client.get(nidec_project.get_absolute_url()).content.decode()


def test_the_edit_form_does_not_change_the_stage(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    url = reverse("projects:project_edit", args=[nidec_project.pk])
    form = client.get(url).context["form"]
    assert "stage" not in form.fields and "responsible_organisation" in form.fields
    add_form = client.get(reverse("projects:project_add")).context["form"]
    assert "stage" in add_form.fields  # a project is added at the stage it has reached


def test_api_moves_a_stage_with_a_reference(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    client.force_login(zone_admin)
    url = f"/api/projects/{nidec_project.pk}/stage-moves/"
    version = nidec_project.version
    refused = client.post(
        url,
        {"to_stage": "registered", "happened_on": "2021-03-15", "version": version},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "evidence" in refused.json()
    done = client.post(
        url,
        {
            "to_stage": "registered",
            "happened_on": "2021-03-15",
            "evidence": [{"kind": "business_licence", "reference": "91210200MA0QXXXX1X"}],
            "version": version,
        },
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    assert done.json()["evidence"][0]["reference"] == "91210200MA0QXXXX1X"
    # Once added, the stage is read-only through the record itself.
    nidec_project.refresh_from_db()
    patched = client.patch(
        f"/api/projects/{nidec_project.pk}/",
        {"stage": "lead", "version": nidec_project.version},
        content_type="application/json",
    )
    assert patched.status_code == 200
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "registered"


def test_api_stage_move_requires_the_version_it_was_decided_on(
    client: Any, zone_admin: Any, nidec_project: Any
) -> None:
    """Issue 14 item 11: a stage move without the project's version could overwrite a change."""
    client.force_login(zone_admin)
    url = f"/api/projects/{nidec_project.pk}/stage-moves/"
    move = {
        "to_stage": "registered",
        "happened_on": "2021-03-15",
        "evidence": [{"kind": "business_licence", "reference": "91210200MA0QXXXX1X"}],
    }
    without = client.post(url, move, content_type="application/json")
    assert without.status_code == 428
    stale = client.post(
        url, {**move, "version": nidec_project.version + 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == nidec_project.version
    by_header = client.post(
        url, move, content_type="application/json", HTTP_IF_MATCH=str(nidec_project.version)
    )
    assert by_header.status_code == 201, by_header.content
    nidec_project.refresh_from_db()
    assert nidec_project.stage == "registered"
