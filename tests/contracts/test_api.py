"""The contract of every API route, generated from the router and judged by the role matrix.

For every route of ``hezuo.api_urls.router`` and every role: the list and a record answer as the
pure role matrix says (tests/contracts/roles.py); an empty create is refused for its content
(400) where the role may add and for the permission (403) where it may not; a change that does
not say which version it was made on is refused (428) before anything is written; deleting a
record that other ledger records depend on is refused (409); nobody gets a 500, and an anonymous
client is refused (401/403).

Which writes a route takes is read from its view set (a read-only route answers 405 to them).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import CASCADE, PROTECT, RESTRICT
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.api_urls import router
from hezuo.base.models import HezuoModel
from hezuo.core.access import Action, Group, Role

from .conftest import ContractWorld
from .roles import (
    DENIED,
    ROLES,
    Problems,
    Verdict,
    sample_record,
    verdict,
)

#: Routes whose create follows another permission than adding records of their own group:
#: an official exchange rate may be entered by whoever may change projects somewhere
#: (the rates service), not only by those who may add reference data. Model name → rule.
CREATE_LIKE: dict[str, tuple[Group, Action]] = {
    "exchangerate": (Group.PROJECTS, Action.CHANGE),
}


class Route:
    """One route of the router: its address, view set, model and the writes it takes."""

    def __init__(self, prefix: str, viewset: Any, basename: str) -> None:
        self.prefix = prefix
        self.viewset = viewset
        self.basename = basename
        self.model = viewset.queryset.model
        methods = set(getattr(viewset, "http_method_names", ()))
        self.creates = "post" in methods and hasattr(viewset, "create")
        self.updates = "patch" in methods and hasattr(viewset, "partial_update")
        self.deletes = "delete" in methods and hasattr(viewset, "destroy")

    @property
    def group(self) -> str:
        return str(self.model.access_group)

    def list_url(self) -> str:
        return reverse(f"api:{self.basename}-list")

    def detail_url(self, record: Any) -> str:
        return reverse(f"api:{self.basename}-detail", args=[record.pk])

    def __str__(self) -> str:
        return self.prefix


ROUTES = [Route(prefix, viewset, basename) for prefix, viewset, basename in router.registry]


def route_params() -> list[Any]:
    return [pytest.param(route, id=route.prefix) for route in ROUTES]


class Judge:
    """What the matrix says of each role, with the roles a superuser plays (they may all)."""

    def __init__(self, superusers: frozenset[Role]) -> None:
        self.superusers = superusers

    def __call__(
        self, role: Role, group: str | Group, action: Action, *, on_record: bool
    ) -> Verdict:
        return verdict(role, group, action, on_record=on_record, superusers=self.superusers)


def create_verdict(judged: Judge, role: Role, route: Route) -> Verdict:
    group, action = CREATE_LIKE.get(route.model._meta.model_name, (route.group, Action.ADD))
    return judged(role, group, action, on_record=False)


def check_list(judged: Judge, api: APIClient, role: Role, route: Route, problems: Problems) -> None:
    """Anyone who may view some records of the group lists them; the others see none."""
    response = api.get(route.list_url(), {"limit": 5})
    where = f"{role} list"
    if judged(role, route.group, Action.VIEW, on_record=False) is Verdict.ALLOWED:
        problems.status(where, response.status_code, {200})
        return
    problems.status(where, response.status_code, DENIED | {200})
    if response.status_code == 200 and response.json()["results"]:
        problems.found.append(f"{where}: a role without the group is LISTED records")


def check_retrieve(
    judged: Judge, api: APIClient, role: Role, route: Route, record: Any, problems: Problems
) -> None:
    response = api.get(route.detail_url(record))
    found = judged(role, route.group, Action.VIEW, on_record=True)
    allowed = {Verdict.ALLOWED: {200}, Verdict.REFUSED: {404}, Verdict.SCOPED: {200, 404}}
    problems.status(f"{role} retrieve", response.status_code, allowed[found])


def check_create(
    judged: Judge, api: APIClient, role: Role, route: Route, problems: Problems
) -> None:
    """An empty body is refused for its content only once the permission check is passed."""
    response = api.post(route.list_url(), {}, format="json")
    if not route.creates:
        problems.status(f"{role} create", response.status_code, {405})
        return
    allowed = create_verdict(judged, role, route) is Verdict.ALLOWED
    problems.status(f"{role} create", response.status_code, {400} if allowed else {403})
    if allowed:
        options = api.options(route.list_url())
        problems.status(f"{role} options", options.status_code, {200})


def check_update(
    judged: Judge, api: APIClient, role: Role, route: Route, record: Any, problems: Problems
) -> None:
    """A change without the version it was made on is refused before it is looked at (428)."""
    response = api.patch(route.detail_url(record), {}, format="json")
    if not route.updates:
        problems.status(f"{role} update", response.status_code, {405})
        return
    sees = judged(role, route.group, Action.VIEW, on_record=True)
    changes = judged(role, route.group, Action.CHANGE, on_record=True)
    if sees is Verdict.REFUSED:
        expected = {404}
    elif changes is Verdict.REFUSED:
        expected = {403, 404} if sees is Verdict.SCOPED else {403}
    elif changes is Verdict.ALLOWED:
        expected = {428}
    else:
        expected = {428, 403, 404}
    problems.status(f"{role} update without version", response.status_code, expected)


def check_refused_delete(
    judged: Judge, api: APIClient, role: Role, route: Route, record: Any, problems: Problems
) -> None:
    """A role the matrix lets delete nothing of the group deletes nothing."""
    if not route.deletes:
        return
    if judged(role, route.group, Action.DELETE, on_record=True) is not Verdict.REFUSED:
        return
    response = api.delete(route.detail_url(record))
    problems.status(f"{role} delete", response.status_code, DENIED)


@pytest.mark.django_db
@pytest.mark.parametrize("route", route_params())
def test_route_answers_each_role_as_the_matrix_says(route: Route, world: ContractWorld) -> None:
    record = sample_record(route.model)
    if record is None:
        pytest.fail(f"the test world holds no {route.model._meta.label} for /api/{route}/")
    problems = Problems(f"/api/{route}/")
    judged = Judge(world.superusers)
    for role in ROLES:
        api = world.apis[role]
        check_list(judged, api, role, route, problems)
        check_retrieve(judged, api, role, route, record, problems)
        check_create(judged, api, role, route, problems)
        check_update(judged, api, role, route, record, problems)
        check_refused_delete(judged, api, role, route, record, problems)
    problems.check()


def dependant_relations(model: Any) -> list[Any]:
    """Return the relations through which other ledger records depend on ``model``'s records.

    Its parts (``deleted_with``: an agreement's parties) go with it; a ledger record that points
    at it with a cascade or a protection is a dependant that must stop the delete.
    """
    parts = {label.lower() for label in getattr(model, "deleted_with", ())}
    found = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many or related._meta.label_lower in parts:
            continue
        if not issubclass(related, HezuoModel) or related._meta.auto_created:
            continue
        if getattr(relation, "on_delete", None) in (CASCADE, PROTECT, RESTRICT):
            found.append(relation)
    return found


def record_with_dependants(model: Any) -> Any:
    """Return a record of ``model`` that another ledger record depends on, or None."""
    for relation in dependant_relations(model):
        found = model._default_manager.filter(**{f"{relation.name}__isnull": False}).first()
        if found is not None:
            return found
    return None


#: Routes that delete (not archive) records others may depend on.
DELETING_ROUTES = [
    route
    for route in ROUTES
    if route.deletes
    and not hasattr(route.model, "archived_at")
    and dependant_relations(route.model)
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [pytest.param(route, id=route.prefix) for route in DELETING_ROUTES]
)
def test_delete_of_a_record_others_depend_on_is_refused(route: Route, world: ContractWorld) -> None:
    record = record_with_dependants(route.model)
    if record is None:
        pytest.skip(f"no {route.model._meta.label} in the test world has dependants")
    response = world.apis[Role.SYSTEM_ADMIN].delete(route.detail_url(record))
    assert response.status_code == 409, (route.prefix, response.status_code, response.content)
    assert route.model._default_manager.filter(pk=record.pk).exists()


@pytest.mark.django_db
def test_every_route_refuses_the_anonymous(world: ContractWorld) -> None:
    problems = Problems("anonymous")
    for route in ROUTES:
        response = APIClient().get(route.list_url())
        problems.status(f"/api/{route}/", response.status_code, {401, 403})
    problems.check()
