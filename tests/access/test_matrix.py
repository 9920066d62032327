"""The authorisation matrix, generated: every model page and API endpoint × every role × party.

For each member of ``cast.CAST`` (a role of the right party and of the wrong party) and each model
page (list, detail, add, edit, delete, collected from the URL resolver) and API endpoint (list,
retrieve, create, update, delete, from the router), the answer must be what the role matrix says
about the test records, worked out in ``cast.py`` without asking the access code.

- Pages: a record out of view scope is invisible (detail 404); add, edit and delete without the
  right are refused (403 or 404); a list shows exactly the test records in view scope.
- API: invisible → 404; visible but not changeable or deletable → 403; allowed → 2xx, or 400/409
  when the request passed the permission check and was refused for its content (an empty body, a
  protected record, an archiving without a reason).

The add and edit forms offer every division of China (4 595 regions) and every GB/T 4754 class
(1 971) as <option>s and take ~2 s to render; where they are expected to open (or to show a
refused write again), their answer is read from the view's response before rendering (the access
decision is made before), and where they are expected to be refused, from the full request.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, URLPattern, get_resolver, resolve, reverse

from hezuo.accounts.models import AuditEntry
from hezuo.api_urls import router
from hezuo.base.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from hezuo.core.access import Action
from hezuo.events.models import Agreement
from hezuo.projects.models import Project
from hezuo.regions.models import Region
from tests.matchdesk.records import READ_ONLY
from tests.projects.access_records import ADD_LIKE, SERVICE_WRITTEN

from .cast import (
    BY_NAME,
    CAST,
    GROUPS,
    PROVINCIAL_DONOR,
    RECORDS,
    Member,
    Owned,
    allows,
    owned,
    targets,
)

APPS = ["regions", "directory", "events", "projects", "matching"]
KINDS = {
    ObjectListView: "list",
    ObjectDetailView: "detail",
    ObjectEditView: "edit",  # also "add": the same view without a pk
    ObjectDeleteView: "delete",
}


def model_pages() -> dict[str, dict[str, str]]:
    """Return {model label: {list, add, detail, edit, delete: URL name}} from the resolver."""
    pages: dict[str, dict[str, str]] = {}
    resolver = get_resolver()
    for app in APPS:
        for pattern in resolver.namespace_dict[app][1].url_patterns:
            assert isinstance(pattern, URLPattern)
            view = getattr(pattern.callback, "view_class", None)
            if view is None:  # a function view (a zone page, a record page): not a model page
                continue
            kind = next((k for cls, k in KINDS.items() if issubclass(view, cls)), None)
            if kind is None:
                continue
            if kind == "edit" and "<int:pk>" not in str(pattern.pattern):
                kind = "add"
            pages.setdefault(view.model._meta.label_lower, {})[kind] = f"{app}:{pattern.name}"
    return pages


def api_endpoints() -> dict[str, str]:
    """Return {model label: route basename} for every endpoint of the API router."""
    return {
        viewset.queryset.model._meta.label_lower: basename
        for _prefix, viewset, basename in router.registry
    }


PAGES = model_pages()
ENDPOINTS = api_endpoints()
#: Reference lists have thousands of rows that everybody may read: only their answer is checked.
BIG = {"regions.region", "directory.industryclass"}

DENIED = {403, 404}

#: Links from a page of one kind to records of another kind that the page shows unfiltered
#: (none left; kept so that a future exception is written down here).
KNOWN_LINK_LEAKS: set[tuple[str, str]] = set()


def member_params(members: tuple[Member, ...] = CAST) -> list[Any]:
    return [pytest.param(m, id=m.username) for m in members]


def unrendered(user: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    """Return the view's answer to a GET (or, with ``data``, a POST) of ``url``, not rendered.

    Http404 and PermissionDenied come back as their status codes.
    """
    factory = RequestFactory()
    request = factory.get(url) if data is None else factory.post(url, data)
    request.user = user
    match = resolve(url)
    try:
        return match.func(request, *match.args, **match.kwargs)
    except Http404:
        return 404
    except PermissionDenied:
        return 403


def unrendered_status(user: Any, url: str) -> int:
    answer = unrendered(user, url)
    return answer if isinstance(answer, int) else answer.status_code


RECORD_LINK = re.compile(r'href="(/(?:regions|directory|events|projects)/[^"?#]*)"')


def linked_records(html: str) -> set[tuple[str, int]]:
    """Return (model label, pk) of every record detail page ``html`` links to."""
    found = set()
    for path in RECORD_LINK.findall(html):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        view = getattr(match.func, "view_class", None)
        if view is not None and issubclass(view, ObjectDetailView) and "pk" in match.kwargs:
            found.add((view.model._meta.label_lower, int(match.kwargs["pk"])))
    return found


def representatives(keys: list[str], outcome: Any) -> list[str]:
    """Return the first of ``keys`` for each different ``outcome(key)``.

    Edits and deletes are tried on one record per expected answer (allowed, refused, invisible)
    rather than on every record: every record's visibility is checked by the list and detail.
    """
    first: dict[Any, str] = {}
    for key in keys:
        first.setdefault(outcome(key), key)
    return list(first.values())


class Expect:
    """Collects every answer that differs from the matrix, to report them all at once."""

    def __init__(self, member: Member) -> None:
        self.member = member
        self.problems: list[str] = []

    def status(self, what: str, got: int, allowed: set[int]) -> None:
        if got not in allowed:
            self.problems.append(f"{what}: expected {sorted(allowed)}, got {got}")

    def check(self) -> None:
        assert not self.problems, f"{self.member}:\n  " + "\n  ".join(self.problems)


@pytest.fixture
def tracked(records) -> dict[tuple[str, int], str]:
    """(model label, pk) → key of every test record."""
    return {(obj._meta.label_lower, obj.pk): key for key, obj in records.items()}


# --- the matrix is complete --------------------------------------------------------------------


def test_every_model_page_and_endpoint_is_covered():
    assert set(PAGES) <= set(ENDPOINTS)
    for label, names in PAGES.items():
        assert set(names) == {"list", "add", "detail", "edit", "delete"}, label
    for label in ENDPOINTS:
        assert targets(label), f"no test record of {label} in cast.RECORDS"
        assert label in GROUPS, label


@pytest.mark.parametrize("label", sorted(ENDPOINTS))
def test_models_fall_under_the_group_of_the_matrix(label):
    """The group each model declares is the one cast.GROUPS (from the matrix's docs) expects."""
    model = next(vs.queryset.model for _p, vs, b in router.registry if b == ENDPOINTS[label])
    assert model.access_group == GROUPS[label].value


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(PAGES))
@pytest.mark.parametrize("member", member_params())
def test_pages(member, label, cast, records, tracked):
    client = cast.clients[member.username]
    user = cast.users[member.username]
    names = PAGES[label]
    expect = Expect(member)
    keys = targets(label)

    response = client.get(reverse(names["list"]))
    if allows(member, Action.VIEW, label):
        expect.status("list", response.status_code, {200})
        listed = set(response.context["table"].data.data.values_list("pk", flat=True))
    else:  # a role that may see none of these records is refused the list, not shown it empty
        expect.status("list", response.status_code, DENIED)
        listed = set()
    for key in keys:
        visible = allows(member, Action.VIEW, label, RECORDS[key])
        if (records[key].pk in listed) != visible:
            expect.problems.append(f"list: {key} {'missing' if visible else 'LISTED'}")

    url = reverse(names["add"])
    if allows(member, Action.ADD, label):
        expect.status("add", unrendered_status(user, url), {200})
    else:
        expect.status("add", client.get(url).status_code, DENIED)

    # A page can only show what the member may not see if there is such a record: members who
    # see every test record open one detail page per model, the others every one (links checked).
    sees_all = all(allows(member, Action.VIEW, r.model, r) for r in RECORDS.values())
    for key in keys if not sees_all else keys[:1]:
        pk, rec = records[key].pk, RECORDS[key]
        response = client.get(reverse(names["detail"], args=[pk]))
        if not allows(member, Action.VIEW, label, rec):
            expect.status(f"detail {key}", response.status_code, {404})
            continue
        expect.status(f"detail {key}", response.status_code, {200})
        for linked in linked_records(response.content.decode()) - {(label, pk)}:
            other = tracked.get(linked)
            if other is None or (label, RECORDS[other].model) in KNOWN_LINK_LEAKS:
                continue
            if not allows(member, Action.VIEW, RECORDS[other].model, RECORDS[other]):
                expect.problems.append(f"detail {key}: LINKS to invisible {other}")

    def may(action: Action) -> Any:
        return lambda key: allows(member, action, label, RECORDS[key])

    for key in representatives(keys, may(Action.CHANGE)):
        url = reverse(names["edit"], args=[records[key].pk])
        if allows(member, Action.CHANGE, label, RECORDS[key]):
            expect.status(f"edit {key}", unrendered_status(user, url), {200})
        else:
            expect.status(f"edit {key}", client.get(url).status_code, DENIED)

    for key in representatives(keys, may(Action.DELETE)):
        response = client.get(reverse(names["delete"], args=[records[key].pk]))
        allowed = allows(member, Action.DELETE, label, RECORDS[key])
        expect.status(f"delete {key}", response.status_code, {200} if allowed else DENIED)
    expect.check()


@pytest.mark.parametrize("label", sorted(PAGES))
def test_pages_need_login(label, records, page_as):
    client = page_as("")
    names = PAGES[label]
    pk = records[targets(label)[0]].pk
    for kind, name in names.items():
        args = [pk] if kind in ("detail", "edit", "delete") else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login"))


# --- API ---------------------------------------------------------------------------------------


def api_url(label: str, pk: int | None = None) -> str:
    basename = ENDPOINTS[label]
    if pk is None:
        return reverse(f"api:{basename}-list")
    return reverse(f"api:{basename}-detail", args=[pk])


@pytest.mark.parametrize("label", sorted(ENDPOINTS))
@pytest.mark.parametrize("member", member_params())
def test_api(member, label, api_as, records):
    api = api_as(member.username)
    expect = Expect(member)
    keys = targets(label)

    response = api.get(api_url(label), {"limit": 1 if label in BIG else 1000})
    expect.status("list", response.status_code, {200})
    if label not in BIG:
        listed = {row["id"] for row in response.json()["results"]}
        for key in keys:
            visible = allows(member, Action.VIEW, label, RECORDS[key])
            if (records[key].pk in listed) != visible:
                expect.problems.append(f"list: {key} {'missing' if visible else 'LISTED'}")

    # An empty body: refused for its content (400) only once the permission check is passed.
    response = api.post(api_url(label), {}, format="json")
    allowed = allows(member, Action.ADD, label)
    if label in ADD_LIKE:  # e.g. an official rate: whoever may change projects somewhere
        like_action, like_label = ADD_LIKE[label]
        allowed = allows(member, Action(like_action), like_label)
    if label in READ_ONLY:  # e.g. the suggestions shown: never written through the API
        expect.status("create", response.status_code, {405})
    else:
        expect.status("create", response.status_code, {400, 201} if allowed else {403})

    def may(*actions: Action) -> Any:
        return lambda key: tuple(allows(member, a, label, RECORDS[key]) for a in actions)

    for key in keys:
        visible = allows(member, Action.VIEW, label, RECORDS[key])
        response = api.get(api_url(label, records[key].pk))
        expect.status(f"retrieve {key}", response.status_code, {200} if visible else {404})

    for key in representatives(keys, may(Action.VIEW, Action.CHANGE)):
        visible, change = may(Action.VIEW, Action.CHANGE)(key)
        body = {"version": current_version(records[key])}
        response = api.patch(api_url(label, records[key].pk), body, format="json")
        expected = {404} if not visible else {200} if change else {403}
        if label in SERVICE_WRITTEN | READ_ONLY:  # changed only through the services' own actions
            expected = {405}
        expect.status(f"update {key}", response.status_code, expected)

    for key in representatives(keys, may(Action.VIEW, Action.DELETE)):
        visible, delete = may(Action.VIEW, Action.DELETE)(key)
        response = api.delete(api_url(label, records[key].pk))
        # allowed: 204 deleted or archived, 409 others depend on it, 400 archiving needs a reason
        expected = {404} if not visible else {204, 409, 400} if delete else {403}
        if label in SERVICE_WRITTEN | READ_ONLY:
            expected = {405}
        expect.status(f"delete {key}", response.status_code, expected)
    expect.check()


@pytest.mark.parametrize("label", sorted(ENDPOINTS))
def test_api_needs_authentication(label, records, api_as):
    api = api_as("")
    pk = records[targets(label)[0]].pk
    assert api.get(api_url(label)).status_code in (401, 403)
    assert api.get(api_url(label, pk)).status_code in (401, 403)
    assert api.post(api_url(label), {}, format="json").status_code in (401, 403)
    assert api.patch(api_url(label, pk), {}, format="json").status_code in (401, 403)
    assert api.delete(api_url(label, pk)).status_code in (401, 403)


# --- whole lists, searches and exports ---------------------------------------------------------
# Here every project and agreement in the database is judged, not only the test records: what
# each belongs to is read from its own fields (program, parties, region), not from access code.


def project_owner(project: Project) -> Owned:
    parties = [p.organisation for p in project.parties.all()]
    region = (project.region.code,) if project.region_id else ()
    return owned(
        "projects.project", (project.program.code,), tuple(o.name_zh_hans for o in parties), region
    )


def agreement_owner(agreement: Agreement) -> Owned:
    parties = [p.organisation for p in agreement.parties.all()]
    return owned(
        "events.agreement",
        (agreement.program.code,) if agreement.program_id else (),
        tuple(o.name_zh_hans for o in parties),
        tuple(o.region.code for o in parties if o.region_id),
    )


def expected_projects(member: Member) -> set[str]:
    every = Project.objects.filter(archived_at__isnull=True).select_related("program", "region")
    return {
        p.code
        for p in every.prefetch_related("parties__organisation")
        if allows(member, Action.VIEW, "projects.project", project_owner(p))
    }


def expected_agreements(member: Member) -> set[int]:
    every = Agreement.objects.filter(archived_at__isnull=True).select_related("program")
    return {
        a.pk
        for a in every.prefetch_related("parties__organisation__region")
        if allows(member, Action.VIEW, "events.agreement", agreement_owner(a))
    }


@pytest.mark.parametrize("member", member_params())
def test_project_list_holds_only_projects_in_scope(member, page_as, api_as):
    expected = expected_projects(member)
    response = page_as(member.username).get(reverse("projects:project_list"))
    assert {p.code for p in response.context["table"].data.data} == expected
    rows = api_as(member.username).get("/api/projects/", {"limit": 1000}).json()["results"]
    assert {row["code"] for row in rows} == expected


@pytest.mark.parametrize("member", member_params())
def test_agreement_list_holds_only_agreements_in_scope(member, page_as, api_as):
    expected = expected_agreements(member)
    response = page_as(member.username).get(reverse("events:agreement_list"))
    assert {a.pk for a in response.context["table"].data.data} == expected
    rows = api_as(member.username).get("/api/agreements/", {"limit": 1000}).json()["results"]
    assert {row["id"] for row in rows} == expected


def test_enterprise_sees_only_projects_its_group_is_party_to(page_as, records):
    """Nidec's member: Nidec's project and its Guangzhou subsidiary's; not Iwatani's hydrogen."""
    response = page_as("enterprise@nidec").get(reverse("projects:project_list"))
    listed = set(response.context["table"].data.data)
    assert listed == {records["project:nidec"], records["project:nidec-guangzhou"]}
    assert "氢能" not in response.content.decode()


def test_assisted_office_reads_its_program_but_changes_its_regions(api_as, records):
    api = api_as("assisted@520200")
    codes = {row["code"] for row in api.get("/api/projects/").json()["results"]}
    assert codes == {"ACC-LPS-LIUZHI", "ACC-LPS-DASHANG"}
    liuzhi, dashang = records["project:liuzhi"], records["project:dashang"]
    assert (
        api.patch(
            f"/api/projects/{liuzhi.pk}/", {"stage": "signed", "version": current_version(liuzhi)}
        ).status_code
        == 200
    )
    assert (
        api.patch(
            f"/api/projects/{dashang.pk}/",
            {"stage": "signed", "version": current_version(dashang)},
        ).status_code
        == 403
    )
    dashang.refresh_from_db()
    assert dashang.stage == "negotiating"


def test_provincial_office_reaches_the_city_pairing_within(api_as, records):
    """'Own program' includes the programs within it: Liaoning–Guizhou covers Dalian–Liupanshui."""
    api = api_as(PROVINCIAL_DONOR.username)
    codes = {row["code"] for row in api.get("/api/projects/").json()["results"]}
    assert codes == {"ACC-LPS-LIUZHI", "ACC-LPS-DASHANG"}
    assert codes == expected_projects(PROVINCIAL_DONOR)
    liuzhi = records["project:liuzhi"]
    body = {"stage": "signed", "version": current_version(liuzhi)}
    assert api.patch(f"/api/projects/{liuzhi.pk}/", body).status_code == 200
    # …but a city office does not reach the provincial framework above it
    pairing_office = api_as("donor@dalian-liupanshui")
    provincial = records["program:dalian-liupanshui"].parent
    assert pairing_office.patch(f"/api/programs/{provincial.pk}/", {}).status_code == 403


SEARCHES = [  # term, where it is found, the record it finds
    ("岩谷", "page", "project:iwatani"),  # an alias of the investor
    ("尼得科", "page", "project:nidec-guangzhou"),
    ("欧力士", "page", "project:tianjin"),
    ("六枝", "page", "project:liuzhi"),
    ("氢能", "api", "project:iwatani"),  # words of the title
    ("天津", "api", "project:tianjin"),
    ("岩脚面", "api", "project:liuzhi"),
    ("安顺", "api", "project:anshun"),
]


@pytest.mark.parametrize("member", member_params())
def test_search_never_finds_records_out_of_scope(member, page_as, api_as):
    allowed = expected_projects(member)
    problems = []
    for term, where, finds in SEARCHES:
        if where == "page":
            response = page_as(member.username).get(reverse("projects:project_list"), {"q": term})
            found = {p.code for p in response.context["table"].data.data}
        else:
            response = api_as(member.username).get("/api/projects/", {"search": term})
            found = {row["code"] for row in response.json()["results"]}
        if found - allowed:
            problems.append(f"{where} {term}: found out of scope {found - allowed}")
        target = RECORDS[finds]
        if allows(member, Action.VIEW, target.model, target) != bool(found):
            problems.append(f"{where} {term}: found {found or 'nothing'}")
    assert not problems, problems


def read_csv(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("member", member_params())
def test_project_export_holds_only_rows_in_scope_and_is_audited(member, page_as, users):
    before = AuditEntry.objects.filter(action="export").count()
    response = page_as(member.username).get(reverse("projects:project_list"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    codes = {row[next(iter(row))] for row in rows}  # the first column is the project code
    assert codes == expected_projects(member)
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert AuditEntry.objects.filter(action="export").count() == before + 1
    assert entry.user == users[member.username]
    assert entry.object_type == "projects.project"
    assert entry.detail["rows"] == len(rows)


def test_filtered_export_in_excel_stays_in_scope(page_as, users):
    from openpyxl import load_workbook

    response = page_as("enterprise@iwatani").get(
        reverse("projects:project_list"), {"q": "DLZ", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["DLZ-20200824-08"]
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.user == users["enterprise@iwatani"]
    assert entry.detail == {"format": "xlsx", "rows": 1, "filters": {"q": "DLZ"}}


# --- writes that would leave the scope ---------------------------------------------------------


def current_version(obj: Any) -> int:
    """The record's version as stored now (an API change must send the version it is made on)."""
    return type(obj)._default_manager.get(pk=obj.pk).version


def project_form(project: Project, **changes: Any) -> dict[str, Any]:
    """Return the edit form of ``project`` as a browser would post it, with ``changes``."""
    parties = list(project.parties.all())
    data: dict[str, Any] = {
        "code": project.code,
        "title_zh_hans": project.title_zh_hans,
        "title_ja": project.title_ja,
        "title_en": project.title_en,
        "program": project.program_id,
        "sub_area": project.sub_area_id or "",
        "region": project.region_id or "",
        "stage": project.stage,
        "stage_since": project.stage_since.isoformat() if project.stage_since else "",
        "industry_classes": [c.pk for c in project.industry_classes.all()],
        "industry_directions": [d.pk for d in project.industry_directions.all()],
        "agreements": [a.pk for a in project.agreements.all()],
        "description": project.description,
        "_version": project.version,
        "projectparty-TOTAL_FORMS": len(parties),
        "projectparty-INITIAL_FORMS": len(parties),
        "projectparty-MIN_NUM_FORMS": 0,
        "projectparty-MAX_NUM_FORMS": 1000,
    }
    for index, party in enumerate(parties):
        data[f"projectparty-{index}-id"] = party.pk
        data[f"projectparty-{index}-project"] = project.pk
        data[f"projectparty-{index}-organisation"] = party.organisation_id
        data[f"projectparty-{index}-role"] = party.role
    data.update(changes)
    return data


def snapshot(project: Project) -> tuple[Any, ...]:
    project.refresh_from_db()
    return (project.program_id, project.region_id, project.version, project.stage)


def test_assisted_office_cannot_move_a_project_out_of_its_regions(users, api_as, records):
    project = records["project:liuzhi"]
    before = snapshot(project)
    jinzhou = Region.objects.get(code="210213")
    url = reverse("projects:project_edit", args=[project.pk])

    response = unrendered(users["assisted@520200"], url, project_form(project, region=jinzhou.pk))
    assert response.status_code == 200  # the form again, with the refusal
    assert response.context_data["form"].non_field_errors()
    assert snapshot(project) == before

    response = api_as("assisted@520200").patch(
        f"/api/projects/{project.pk}/",
        {"region": jinzhou.pk, "version": current_version(project)},
        format="json",
    )
    assert response.status_code == 403
    assert snapshot(project) == before

    # within its regions the same change goes through
    zhongshan = Region.objects.get(code="520201")
    response = api_as("assisted@520200").patch(
        f"/api/projects/{project.pk}/",
        {"region": zhongshan.pk, "version": current_version(project)},
        format="json",
    )
    assert response.status_code == 200
    assert snapshot(project)[1] == zhongshan.pk


def test_zone_admin_cannot_move_a_project_to_another_zone(users, api_as, records):
    project, tianjin = records["project:nidec"], records["program:tianjin-zone"]
    before = snapshot(project)
    url = reverse("projects:project_edit", args=[project.pk])

    data = project_form(project, program=tianjin.pk, sub_area="")
    response = unrendered(users["zone_admin@cn-jp-dalian"], url, data)
    assert response.status_code == 200  # the form again, with the refusal
    assert response.context_data["form"].non_field_errors()
    assert snapshot(project) == before

    response = api_as("zone_admin@cn-jp-dalian").patch(
        f"/api/projects/{project.pk}/",
        {"program": tianjin.pk, "version": current_version(project)},
        format="json",
    )
    assert response.status_code == 403
    assert snapshot(project) == before


def new_project(records: dict[str, Any], code: str, region: str) -> dict[str, Any]:
    return {
        "code": code,
        "title_zh_hans": "新项目",
        "program": records["program:dalian-liupanshui"].pk,
        "region": Region.objects.get(code=region).pk,
        "stage": "lead",
    }


def test_assisted_office_adds_projects_only_in_its_regions(api_as, records):
    api = api_as("assisted@520200")
    response = api.post(
        "/api/projects/", new_project(records, "ACC-NEW-1", "520203"), format="json"
    )
    assert response.status_code == 201
    response = api.post(
        "/api/projects/", new_project(records, "ACC-NEW-2", "210213"), format="json"
    )
    assert response.status_code == 403
    assert not Project.objects.filter(code="ACC-NEW-2").exists()
    response = api_as("assisted@520300").post(
        "/api/projects/", new_project(records, "ACC-NEW-3", "520203"), format="json"
    )
    assert response.status_code == 403
    assert not Project.objects.filter(code="ACC-NEW-3").exists()


def test_enterprise_cannot_move_its_contact_to_another_company(api_as, records):
    position, iwatani = records["position:nidec"], records["organisation:iwatani"]
    response = api_as("enterprise@nidec").patch(
        f"/api/positions/{position.pk}/",
        {"organisation": iwatani.pk, "version": current_version(position)},
        format="json",
    )
    assert response.status_code == 403
    position.refresh_from_db()
    assert position.organisation.name_zh_hans == "日本电产"


def test_enterprise_reads_but_does_not_change_its_projects(api_as, records):
    api = api_as("enterprise@nidec")
    own, other = records["project:nidec"], records["project:iwatani"]
    assert api.patch(f"/api/projects/{own.pk}/", {"stage": "lead"}).status_code == 403
    assert api.patch(f"/api/projects/{other.pk}/", {"stage": "lead"}).status_code == 404
    assert api.post("/api/projects/", new_project(records, "X-1", "210200")).status_code == 403
    assert snapshot(own)[3] == "signed"


# --- choices offered and relations written ------------------------------------------------------


def test_edit_form_offers_only_agreements_in_scope(users, records):
    member = BY_NAME["assisted@520200"]
    url = reverse("projects:project_edit", args=[records["project:liuzhi"].pk])
    form = unrendered(users[member.username], url).context_data["form"]
    offered = set(form.fields["agreements"].queryset.values_list("pk", flat=True))
    assert offered == expected_agreements(member)


def test_api_refuses_to_link_a_record_out_of_scope(api_as, records):
    project, dalian_agreement = records["project:tianjin"], records["agreement:7"]
    response = api_as("zone_admin@cn-jp-tianjin").patch(
        f"/api/projects/{project.pk}/",
        {"agreements": [dalian_agreement.pk], "version": current_version(project)},
        format="json",
    )
    assert response.status_code == 400
    assert "agreements" in response.json()
    assert not project.agreements.exists()


@pytest.mark.parametrize("member", member_params())
def test_home_page_counts_only_records_in_scope(member, page_as):
    response = page_as(member.username).get(reverse("home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["projects"] == len(expected_projects(member))
    assert counts["agreements"] == len(expected_agreements(member))


# --- related records shown on a page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "program"),
    [
        ("enterprise@nidec", "program:dalian-zone"),
        ("zone_admin@cn-jp-tianjin", "program:dalian-zone"),
        ("buyer@huasheng", "program:dalian-liupanshui"),
    ],
)
def test_program_page_lists_only_agreements_in_scope(member, program, page_as, records):
    response = page_as(member).get(reverse("regions:program_detail", args=[records[program].pk]))
    html = response.content.decode()
    shown = {pk for label, pk in linked_records(html) if label == "events.agreement"}
    assert shown <= expected_agreements(BY_NAME[member])


def test_event_page_links_only_people_in_scope(page_as, records):
    symposium = records["event:symposium"]
    response = page_as("enterprise@nidec").get(symposium.get_absolute_url())
    assert response.status_code == 200
    liupanshui = records["person:liupanshui"]
    assert page_as("enterprise@nidec").get(liupanshui.get_absolute_url()).status_code == 404
    assert ("directory.person", liupanshui.pk) not in linked_records(response.content.decode())


def test_program_page_counts_only_projects_in_scope(page_as, records):
    zone, xizhongdao = records["program:dalian-zone"], records["subarea:xizhongdao"]
    response = page_as("enterprise@nidec").get(reverse("regions:program_detail", args=[zone.pk]))
    html = response.content.decode()
    # nidec sees no project on Xizhongdao (Iwatani's hydrogen project is there)
    assert f'?sub_area={xizhongdao.pk}">0</a>' in html


def test_project_parties_are_the_same_on_the_page_and_in_the_api(page_as, api_as, records):
    from hezuo.projects.models import ProjectParty

    project = records["project:nidec"]
    ProjectParty.objects.create(
        project=project, organisation=records["organisation:iwatani"], role="partner"
    )
    iwatani = records["organisation:iwatani"].pk
    response = page_as("enterprise@nidec").get(project.get_absolute_url())
    on_page = {
        pk
        for label, pk in linked_records(response.content.decode())
        if label == "directory.organisation"
    }
    # whoever sees a project sees who its parties are, on the page and in the API alike
    assert iwatani in on_page
    data = api_as("enterprise@nidec").get(f"/api/projects/{project.pk}/").json()
    assert iwatani in {party["organisation"] for party in data["parties"]}
