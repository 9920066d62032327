"""Newly qualifying policies: a stage change or a new figure makes a project qualify for a policy
it did not meet before; its enterprise and the zone's officer see it in their list, each marks
it read for themselves; nothing is noticed for a policy already met, applied for, or out of
scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from hezuo.policies import services
from hezuo.policies.models import PolicyNotice
from hezuo.projects.services import EvidenceItem, advance_stage

from .conftest import make_project


def _register(project, user):
    advance_stage(
        project=project,
        to_stage="registered",
        happened_on=timezone.localdate(),
        acting_user=user,
        evidence=[EvidenceItem(kind="business_licence", reference="91210213MA0000000X")],
    )


def _listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("policies:notices"), params)
    assert response.status_code == 200
    return {
        (notice.policy.code, notice.project.code): unread
        for notice, unread, _benefit in response.context["rows"]
    }


def test_a_stage_change_shows_the_new_policy_to_the_enterprise_and_the_officer(
    client, catalogue, nidec_project, users
):
    assert not PolicyNotice.objects.filter(project=nidec_project).exists()
    _register(nidec_project, users["zone"])
    notice = PolicyNotice.objects.get(project=nidec_project)
    assert (notice.policy.code, notice.cause, notice.since) == (
        "dlz-expert-entry-exit",
        "stage",
        timezone.localdate(),
    )
    assert notice.history.count() == 1  # kept in history like every record
    key = ("dlz-expert-entry-exit", nidec_project.code)
    assert _listed(client, users["nidec"]) == {key: True}
    assert _listed(client, users["officer"])[key] is True
    # a bank of the zone that is no party of the project does not see it
    mizuho = get_user_model().objects.get(username="mizuho")
    assert key not in _listed(client, mizuho)


def test_the_list_is_reachable_from_the_navigation(client, catalogue, users):
    client.force_login(users["nidec"])
    page = client.get(reverse("policies:policy_list")).content.decode()
    assert reverse("policies:notices") in page


def test_each_user_marks_a_notice_read_for_themselves(client, catalogue, nidec_project, users):
    _register(nidec_project, users["zone"])
    notice = PolicyNotice.objects.get(project=nidec_project)
    key = ("dlz-expert-entry-exit", nidec_project.code)
    client.force_login(users["nidec"])
    response = client.post(reverse("policies:notices_read"), {"notice": [notice.pk]})
    assert response.status_code == 302
    assert _listed(client, users["nidec"]) == {key: False}
    assert _listed(client, users["nidec"], unread="1") == {}
    assert _listed(client, users["officer"], unread="1")[key] is True  # still unread for them
    client.force_login(users["officer"])
    client.post(reverse("policies:notices_read"), {"all": "1"})
    assert key not in _listed(client, users["officer"], unread="1")


def test_a_user_cannot_mark_a_notice_out_of_scope(client, catalogue, nidec_project, users):
    _register(nidec_project, users["zone"])
    notice = PolicyNotice.objects.get(project=nidec_project)
    mizuho = get_user_model().objects.get(username="mizuho")
    client.force_login(mizuho)
    client.post(reverse("policies:notices_read"), {"notice": [notice.pk]})
    assert not notice.read_by.filter(pk=mizuho.pk).exists()


def test_a_figure_recorded_shows_the_policy_it_opens(catalogue):
    project = make_project("T-JOBS", country="JP", stage="production", figures=(("jobs", 10, ""),))
    before = set(
        PolicyNotice.objects.filter(project=project).values_list("policy__code", flat=True)
    )
    assert "dlz-jobs-award" not in before
    project.figures.create(kind="jobs", amount=Decimal(60), recorded_on=timezone.localdate())
    notice = PolicyNotice.objects.get(project=project, policy__code="dlz-jobs-award")
    assert notice.cause == "figure"
    # a further figure that changes nothing qualifies for nothing new
    count = PolicyNotice.objects.count()
    project.figures.create(kind="jobs", amount=Decimal(70), recorded_on=timezone.localdate())
    assert PolicyNotice.objects.count() == count


def test_no_notice_for_a_policy_applied_for(catalogue, users):
    project = make_project(
        "T-APPLIED", country="JP", stage="production", figures=(("jobs", 10, ""),)
    )
    jobs = catalogue["dlz-jobs-award"]
    PolicyNotice.objects.filter(project=project).delete()
    # it applied earlier (say, with an older figure the office accepted): no notice now
    from hezuo.policies.models import Application

    Application.objects.create(
        policy=jobs,
        project=project,
        enterprise=project.investors[0],
        applied_on=timezone.localdate(),
        status="submitted",
    )
    project.figures.create(kind="jobs", amount=Decimal(60), recorded_on=timezone.localdate())
    assert not PolicyNotice.objects.filter(project=project, policy=jobs).exists()


def test_a_project_that_loses_and_regains_a_policy_is_noticed_again_unread(catalogue, users):
    project = make_project("T-AGAIN", country="JP", stage="production", figures=(("jobs", 60, ""),))
    notice = PolicyNotice.objects.get(project=project, policy__code="dlz-jobs-award")
    services.mark_notices_read(notices=[notice], acting_user=users["officer"])
    project.figures.create(kind="jobs", amount=Decimal(5), recorded_on=timezone.localdate())
    later = project.figures.create(
        kind="jobs", amount=Decimal(55), recorded_on=timezone.localdate()
    )
    assert later.pk
    notice.refresh_from_db()
    assert not notice.read_by.exists()
    assert PolicyNotice.objects.filter(project=project, policy__code="dlz-jobs-award").count() == 1


@pytest.mark.parametrize("language", ["zh-hans", "ja", "en"])
def test_the_list_answers_in_each_language(client, catalogue, nidec_project, users, language):
    _register(nidec_project, users["zone"])
    client.force_login(users["officer"])
    client.cookies["django_language"] = language
    response = client.get(reverse("policies:notices"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert nidec_project.code in response.content.decode()


def test_the_match_page_shows_how_many_are_unread(client, catalogue, nidec_project, users):
    client.force_login(users["nidec"])
    url = reverse("policies:match_project", args=[nidec_project.pk])
    assert client.get(url).context["unread_count"] == 0
    _register(nidec_project, users["zone"])
    response = client.get(url)
    assert response.context["unread_count"] == 1
    assert reverse("policies:notices") + "?unread=1" in response.content.decode()
