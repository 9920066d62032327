"""The contract of every page, generated from the URL resolver and judged by the role matrix.

Model pages (list, .csv/.xlsx export of the list, detail with its history, add, edit, delete
confirmation) are found from their views' classes in every URL namespace, so a new app's pages
are covered the day it is added. For each page every role gets the answer the pure role matrix
gives (tests/contracts/roles.py): 200 where it allows, 403/404 where it refuses, never 500; an
anonymous visitor is sent to the login page.

The other pages (a zone's dashboard, the ledger's checks, the reports) name no model: the group
they show is written down per namespace in ``PAGE_GROUPS``; a role with no view on any of them is
refused, a role reading all of them in every scope gets 200, and nobody gets a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

from hezuo.base.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from hezuo.core.access import Action, Group, Role, Scope, scope_for

from .conftest import ContractWorld
from .roles import (
    DENIED,
    ROLES,
    Problems,
    Verdict,
    expected_statuses,
    representatives,
    sample_record,
    user_for,
    verdict,
)

#: Namespaces that are not the application's own pages.
NOT_PAGES = {"admin", "api"}
#: The action each kind of model page needs.
ACTIONS = {
    "list": Action.VIEW,
    "export": Action.VIEW,
    "detail": Action.VIEW,
    "add": Action.ADD,
    "edit": Action.CHANGE,
    "delete": Action.DELETE,
}
KINDS = (
    (ObjectListView, "list"),
    (ObjectDetailView, "detail"),
    (ObjectEditView, "edit"),  # "add" where the URL names no record
    (ObjectDeleteView, "delete"),
)
EXPORT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: The groups of records the pages of a namespace without a model show ("" = no namespace).
#: A role that may view none of them is refused; an empty set: every signed-in user's own pages.
PAGE_GROUPS: dict[str, frozenset[Group]] = {
    "": frozenset(),  # home, notifications, the role matrix: everyone's own
    "accounts": frozenset(),  # the profile, language, tokens and two-factor of the user
    "regions": frozenset({Group.PROGRAMS}),
    "directory": frozenset({Group.DIRECTORY}),
    "events": frozenset({Group.EVENTS}),
    "projects": frozenset({Group.PROJECTS}),
    "zonedesk": frozenset({Group.PROJECTS}),
    "reports": frozenset({Group.PROJECTS}),
    "assistance": frozenset({Group.ASSISTANCE, Group.HOUSEHOLDS, Group.CONSUMPTION}),
    "matching": frozenset({Group.MATCHING, Group.INTRODUCTIONS}),
    "brokerage": frozenset({Group.EVENTS, Group.MATCHING, Group.INTRODUCTIONS}),
    "imports": frozenset(Group) - {Group.AUDIT, Group.USERS},
    "policies": frozenset({Group.POLICIES, Group.APPLICATIONS}),
}

#: Pages whose groups are not their namespace's, by URL name (without the namespace).
GROUPS_OF_PAGE: dict[str, frozenset[Group]] = {
    "token_list": frozenset({Group.USERS}),  # every user's API tokens, for administrators
}
#: Pages that need another action than viewing (an add page: adding), by URL name.
ACTION_OF_PAGE = {
    "token_list": Action.CHANGE,  # lists the tokens to revoke: whoever may change users
}

#: Pages without a model that answer a GET with something else than a page, by URL name
#: (without the namespace, so that a page moved to another app keeps its entry), and why.
NOT_A_PAGE = {
    "set_language": "the language switch: POST only",
    "notifications_read": "marks the notifications read: POST only",
    "notices_read": "marks the policy notices read: POST only",
    "token_create": "makes an API token: POST only (the form is on the profile)",
    "two_factor": "sets up two-factor sign-in: POST only (the form is on the profile)",
    "logout": "POST only",
    "login": "the login page itself (tests/security)",
}
#: REAL BUGS found by these tests and not fixed yet, by URL name: the test fails until it is
#: fixed (strict xfail: once fixed, the entry must go).
KNOWN_GAPS: dict[str, str] = {}
#: Pages that answer a signed-in GET with a redirect, and where to.
REDIRECTS = {
    "quarterly_reports": "the latest quarter's report",
}
#: Pages open without signing in, and why.
PUBLIC = {
    "api-schema": "the API's description (no records): the API's clients read it",
    "api-docs": "the API's documentation page over that description",
}


@dataclass(frozen=True)
class Page:
    """One page to open: its URL name, the model it shows (if any) and its kind."""

    name: str
    kind: str
    model: Any = None
    query: dict[str, str] = field(default_factory=dict)
    arguments: frozenset[str] = frozenset()

    @property
    def needs_record(self) -> bool:
        return self.kind in ("detail", "edit", "delete")

    def __str__(self) -> str:
        suffix = "?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else ""
        return f"{self.name}{suffix}"


def patterns(entries: list[Any] | None = None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """Return (namespace, pattern) of every URL pattern outside ``NOT_PAGES``."""
    found: list[tuple[str, URLPattern]] = []
    for entry in get_resolver().url_patterns if entries is None else entries:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner not in NOT_PAGES:
                found += patterns(entry.url_patterns, inner)
        elif entry.name:
            found.append((namespace, entry))
    return found


def url_name(namespace: str, pattern: URLPattern) -> str:
    return f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def model_kind(pattern: URLPattern) -> str | None:
    """Return the kind of model page ``pattern`` serves (None: not a generic model page)."""
    view = getattr(pattern.callback, "view_class", None)
    if view is None:
        return None
    if set(pattern.pattern.converters) - {"pk"}:
        return None  # a page of its own arguments (a quick-add form for any model)
    kind = next((kind for base, kind in KINDS if issubclass(view, base)), None)
    if kind == "edit" and "<int:pk>" not in str(pattern.pattern):
        return "add"
    return kind


def model_pages() -> list[Page]:
    """Return every model page of every namespace, with the two downloads of every list."""
    pages = []
    for namespace, pattern in patterns():
        kind = model_kind(pattern)
        if kind is None:
            continue
        model = pattern.callback.view_class.model
        name = url_name(namespace, pattern)
        pages.append(Page(name, kind, model))
        if kind == "list":
            pages += [Page(name, "export", model, {"export": fmt}) for fmt in EXPORT_TYPES]
    return pages


#: URL arguments that other pages can be opened with (a zone's code); others are record pages.
FILLED_ARGUMENTS = {"code"}


def other_pages() -> list[Page]:
    """Return the pages without a model that a GET opens without naming a record."""
    pages = []
    for namespace, pattern in patterns():
        name = url_name(namespace, pattern)
        if model_kind(pattern) is not None or pattern.name in NOT_A_PAGE:
            continue
        if issubclass(getattr(pattern.callback, "view_class", object), RedirectView):
            continue  # an area's address opening its main list: tests/web/test_pages.py
        arguments = frozenset(pattern.pattern.converters)
        if arguments <= FILLED_ARGUMENTS:
            pages.append(Page(name, "page", arguments=arguments))
    return pages


MODEL_PAGES = model_pages()
OTHER_PAGES = other_pages()


def zone_code() -> str:
    """Return the code of the zone the zone administrator works for (a zone page's argument)."""
    membership = user_for(Role.ZONE_ADMIN).memberships.select_related("program").first()
    return str(membership.program.code)


def url_of(page: Page, record: Any = None) -> str:
    """Return the address of ``page`` (of ``record`` for a record page)."""
    if page.needs_record:
        return reverse(page.name, args=[record.pk])
    if "code" in page.arguments:
        return reverse(page.name, kwargs={"code": zone_code()})
    return reverse(page.name)


def role_verdict(role: Role, page: Page, world: ContractWorld) -> Verdict:
    """Return what the matrix says ``role`` may do on ``page`` (a superuser: everything)."""
    group = page.model.access_group
    return verdict(
        role,
        group,
        ACTIONS[page.kind],
        on_record=page.needs_record,
        superusers=world.superusers,
    )


def check_download(response: Any, page: Page, problems: Problems, role: Role) -> None:
    """A list's download is a file of the format asked for, with its name."""
    expected = EXPORT_TYPES[page.query["export"]]
    if not response["Content-Type"].startswith(expected):
        problems.found.append(f"{role}: {page} is {response['Content-Type']}")
    if "attachment" not in response.get("Content-Disposition", ""):
        problems.found.append(f"{role}: {page} is not a download")


def check_history(response: Any, record: Any, problems: Problems, role: Role) -> None:
    """A detail page that shows a history shows the record's recorded changes."""
    context = response.context
    if context is None or "history" not in context:
        return
    content = response.content.decode()
    if 'id="history"' not in content:
        return  # the page keeps its history for those it names (an anonymous opportunity)
    recorded = getattr(record, "history", None)
    if recorded is not None and recorded.exists() and not context["history"]:
        problems.found.append(f"{role}: the history of {record!r} shows no entry")


def check_page(client: Client, role: Role, page: Page, found: Verdict, problems: Problems) -> None:
    record = sample_record(page.model) if page.needs_record else None
    url = url_of(page, record)
    response = client.get(url, page.query)
    problems.status(
        f"{role} {url}{'?' if page.query else ''}", response.status_code, expected_statuses(found)
    )
    if response.status_code != 200:
        return
    if page.kind == "export":
        check_download(response, page, problems, role)
    elif page.kind == "detail":
        check_history(response, record, problems, role)


def page_params(pages: list[Page]) -> list[Any]:
    """Return the pages as test parameters, the known gaps marked as the bugs they are."""
    params = []
    for page in pages:
        gap = KNOWN_GAPS.get(page.name.rsplit(":", 1)[-1]) if page.model is None else None
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        params.append(pytest.param(page, id=str(page), marks=marks))
    return params


@pytest.mark.django_db
def test_every_app_with_pages_is_covered() -> None:
    """Every namespace has its pages judged: a new app says which groups its pages show."""
    namespaces = {namespace for namespace, _pattern in patterns()}
    assert namespaces <= set(PAGE_GROUPS), sorted(namespaces - set(PAGE_GROUPS))
    covered = {page.name.split(":")[0] for page in MODEL_PAGES if ":" in page.name}
    assert {"regions", "directory", "events", "projects", "assistance"} <= covered


@pytest.mark.django_db
@pytest.mark.parametrize("page", page_params(MODEL_PAGES))
def test_model_page_answers_each_role_as_the_matrix_says(page: Page, world: ContractWorld) -> None:
    if page.needs_record and sample_record(page.model) is None:
        pytest.fail(f"the test world holds no {page.model._meta.label} to open {page} on")
    problems = Problems(str(page))
    verdicts = {role: role_verdict(role, page, world) for role in ROLES}
    for role in representatives(verdicts, world.superusers):
        check_page(world.pages[role], role, page, verdicts[role], problems)
    problems.check()


@pytest.mark.django_db
def test_model_pages_send_the_anonymous_to_the_login(world: ContractWorld) -> None:
    problems = Problems("anonymous")
    login = reverse("login")
    for page in MODEL_PAGES:
        record = sample_record(page.model) if page.needs_record else None
        if page.needs_record and record is None:
            continue
        response = Client().get(url_of(page, record), page.query)
        problems.status(str(page), response.status_code, {302})
        if response.status_code == 302 and not response["Location"].startswith(login):
            problems.found.append(f"{page}: sent to {response['Location']}")
    problems.check()


def short_name(page: Page) -> str:
    return page.name.rsplit(":", 1)[-1]


def groups_of(page: Page) -> frozenset[Group]:
    """Return the groups of records ``page`` shows: its own entry, or its namespace's."""
    namespace = page.name.split(":")[0] if ":" in page.name else ""
    return GROUPS_OF_PAGE.get(short_name(page), PAGE_GROUPS[namespace])


def other_verdict(role: Role, page: Page, world: ContractWorld) -> frozenset[int]:
    """Return the answers ``role`` may get from a page without a model.

    An add page needs the right to add, any other page the right to view, on one of the groups
    it shows. Without it on any of them: refused. With it on every one of them in every scope:
    the page (or its redirect). Otherwise the page decides by the role's program, organisation
    or region: never an error.
    """
    opened = frozenset({302}) if short_name(page) in REDIRECTS else frozenset({200})
    if role in world.superusers:
        return opened
    action = ACTION_OF_PAGE.get(
        short_name(page), Action.ADD if short_name(page).endswith("_add") else Action.VIEW
    )
    groups = groups_of(page)
    scopes = [scope_for(role, group, action) for group in groups]
    if groups and all(scope is None for scope in scopes):
        return DENIED
    if all(scope == Scope.ALL for scope in scopes):
        return opened
    return opened | {403, 404}


def check_anonymous(client: Client, page: Page, url: str, problems: Problems) -> None:
    """An anonymous visitor is sent to the login page, unless the page is public."""
    response = client.get(url)
    if short_name(page) in PUBLIC:
        problems.status(f"anonymous {url}", response.status_code, {200})
        return
    problems.status(f"anonymous {url}", response.status_code, {302})
    if response.status_code == 302 and not response["Location"].startswith(reverse("login")):
        problems.found.append(f"anonymous {url}: sent to {response['Location']}")


@pytest.mark.django_db
@pytest.mark.parametrize("page", page_params(OTHER_PAGES))
def test_other_page_answers_each_role(page: Page, world: ContractWorld) -> None:
    problems = Problems(str(page))
    url = url_of(page)
    for role in ROLES:
        response = world.pages[role].get(url)
        problems.status(f"{role} {url}", response.status_code, other_verdict(role, page, world))
    check_anonymous(Client(), page, url, problems)
    problems.check()
