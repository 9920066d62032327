"""Every filter's record choices come through the restricted query path (issue 14, item 5)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIRequestFactory, force_authenticate

from hezuo.accounts.models import Membership
from hezuo.directory.models import Organisation
from hezuo.projects.choices import ProjectPartyRole
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import Program

pytestmark = pytest.mark.django_db

ZONE = "cn-jp-dalian"


def nidec_reach(user: Any) -> set[int]:
    """The organisations nidec works for, with their subsidiaries (worked out by hand)."""
    found = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True)) - {
        None
    }
    frontier = set(found)
    while frontier:
        frontier = (
            set(Organisation.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def test_an_enterprise_sees_only_the_investors_of_its_own_projects(client: Any) -> None:
    nidec = get_user_model().objects.get(username="nidec")
    zone = Program.objects.get(code=ZONE)
    # A lead someone else just created: its investor must not show up for nidec.
    newcomer = Organisation.objects.create(name_zh_hans="刚登记的投资方", country="JP")
    lead = Project.objects.create(code="T-LEAD", title_zh_hans="新线索", program=zone)
    ProjectParty.objects.create(project=lead, organisation=newcomer, role=ProjectPartyRole.INVESTOR)

    own_projects = ProjectParty.objects.filter(
        organisation__in=nidec_reach(nidec), project__program=zone
    ).values("project")
    expected = set(
        ProjectParty.objects.filter(
            project__in=own_projects, role=ProjectPartyRole.INVESTOR
        ).values_list("organisation", flat=True)
    )
    assert expected  # nidec invests in the zone

    client.force_login(nidec)
    response = client.get(reverse("reports:pipeline", args=[ZONE]))
    assert response.status_code == 200
    offered = set(response.context["form"].fields["investor"].queryset.values_list("pk", flat=True))
    assert offered == expected
    assert newcomer.pk not in offered
    countries = {c for c, _ in response.context["form"].fields["country"].choices if c}
    assert countries == set(
        Organisation.objects.filter(pk__in=expected)
        .exclude(country="")
        .values_list("country", flat=True)
    )


def test_list_filter_choices_are_restricted(client: Any) -> None:
    """A generic list's record choice (deliveries by agreement) offers only the agreements the
    user may see: a buyer sees its own, not every agreement of the platform. (An enterprise
    such as nidec, whose role sees no deliveries at all, is refused the list: 403.)"""
    from hezuo.events.models import Agreement

    nidec = get_user_model().objects.get(username="nidec")
    client.force_login(nidec)
    assert client.get(reverse("assistance:delivery_list")).status_code == 403

    buyer = get_user_model().objects.get(username="buyer")
    client.force_login(buyer)
    response = client.get(reverse("assistance:delivery_list"))
    assert response.status_code == 200
    field = response.context["filter"].form.fields["agreement"]
    offered = set(field.queryset.values_list("pk", flat=True))
    assert offered  # the buyer's procurement agreements
    own = set(
        Agreement.objects.filter(parties__organisation__in=nidec_reach(buyer)).values_list(
            "pk", flat=True
        )
    )
    assert offered <= own
    assert Agreement.objects.exclude(pk__in=own).exists()


def test_api_filter_choices_are_restricted() -> None:
    from hezuo.base.api_filters import FilterBackend
    from hezuo.projects.api.views import ProjectPartyViewSet

    nidec = get_user_model().objects.get(username="nidec")
    request = APIRequestFactory().get("/api/project-parties/")
    force_authenticate(request, nidec)
    view = ProjectPartyViewSet(action_map={"get": "list"})
    view.setup(request)
    drf_request = view.initialize_request(request)
    view.request = drf_request
    view.action = "list"
    queryset = view.get_queryset()
    filterset = FilterBackend().get_filterset(drf_request, queryset, view)
    offered = set(filterset.form.fields["project"].queryset.values_list("pk", flat=True))
    assert offered == set(Project.objects.restrict(nidec, "view").values_list("pk", flat=True))
    assert offered != set(Project.objects.values_list("pk", flat=True))


def test_every_filterset_builds_on_the_restricted_base() -> None:
    """Audit: each app's filter sets derive from the base (which restricts record choices)."""
    import importlib

    from hezuo.base.filtersets import RestrictedFilterSet

    root = Path(__file__).resolve().parents[2] / "hezuo"
    checked = 0
    for path in root.glob("*/filtersets.py"):
        module = importlib.import_module(f"hezuo.{path.parent.name}.filtersets")
        names = {
            n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ClassDef)
        }
        for name, value in vars(module).items():
            if isinstance(value, type) and hasattr(value, "base_filters"):
                if value.__module__ != module.__name__ and name not in names:
                    continue
                assert issubclass(value, RestrictedFilterSet), f"{module.__name__}.{name}"
                checked += 1
    assert checked > 20
