"""The kit between HTTP and the domain: base.services, the API's exception handler,
ServiceViewSet with version_required, and ServiceFormView.

The pages and the API under test are tiny ones declared here (this module is their URLconf,
added to the site's) over a tiny service written with the kit, renaming an organisation: so the
kit is tested on its own, not through an app's services.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient, APIRequestFactory

from hezuo.accounts.tokens import issue_token
from hezuo.base.access import may
from hezuo.base.api import (
    DeletionRefused,
    ServiceViewSet,
    exception_handler,
    version_required,
)
from hezuo.base.services import (
    REASON_LENGTH,
    SYSTEM,
    Conflict,
    attribute,
    check_version,
    locked,
    reason_text,
    require,
    require_any,
    save_checked,
)
from hezuo.base.views import ServiceFormView
from hezuo.core.access import Action
from hezuo.directory.api.serializers import OrganisationSerializer
from hezuo.directory.models import Organisation

# --- a tiny service written with the kit ------------------------------------------------------


def rename_organisation(
    *, organisation: Organisation, name: str, acting_user: Any, version: int | None = None
) -> Organisation:
    """Rename ``organisation`` (its Chinese name); refused on a stale ``version``."""
    with transaction.atomic():
        current = locked(organisation)
        require(acting_user, current, Action.CHANGE)
        check_version(current, version)
        current.name_zh_hans = name
        save_checked(current, acting_user, f"renamed to {name}", action=Action.CHANGE)
    return current


def found_organisation(*, name: str, kind: str, country: str, acting_user: Any) -> Organisation:
    """Record a new organisation (a create service for the view set)."""
    require_any(acting_user, Organisation, Action.ADD)
    organisation = Organisation(name_zh_hans=name, kind=kind, country=country)
    with transaction.atomic():
        save_checked(organisation, acting_user, "founded")
    return organisation


# --- a tiny page and API over it --------------------------------------------------------------


class RenameForm(forms.Form):
    # longer than the model allows: the model's refusal comes back from the service
    name_zh_hans = forms.CharField(max_length=300)
    version = forms.IntegerField()


class RenameView(ServiceFormView):
    form_class = RenameForm
    title = "Rename"

    def prepare(self) -> None:
        # no restrict(): a user who may not change it is refused by the service (403)
        self.organisation = get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        return {"name_zh_hans": self.organisation.name_zh_hans, "version": 1}

    def perform(self, form: Any) -> Organisation:
        return rename_organisation(
            organisation=self.organisation,
            name=form.cleaned_data["name_zh_hans"],
            version=form.cleaned_data["version"],
            acting_user=self.request.user,
        )

    def get_success_url(self, result: Any) -> str:
        return "/done/"


class RenameSerializer(serializers.Serializer):
    name = serializers.CharField()


class FoundSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField()


class KitOrganisationViewSet(ServiceViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    create_serializer_class = FoundSerializer
    update_serializer_class = RenameSerializer
    create_service = found_organisation
    update_service = rename_organisation
    record_argument = "organisation"

    @action(detail=True, methods=["post"])
    @version_required
    def rename(self, request: Request, pk: Any = None) -> Response:
        body = RenameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        renamed = rename_organisation(
            organisation=self.get_object(),
            name=body.validated_data["name"],
            version=self.sent_version,
            acting_user=request.user,
        )
        return self.answer(renamed)


router = SimpleRouter()
router.register("kit-api/organisations", KitOrganisationViewSet, basename="kit-organisation")
urlpatterns = [
    path("kit/<int:pk>/rename/", RenameView.as_view()),
    path("", include(router.urls)),
    path("", include("hezuo.urls")),  # the site's own, for the page's navigation
]
pytestmark = pytest.mark.urls(__name__)


# --- fixtures -------------------------------------------------------------------------------


def _user(username: str, role: str | None) -> Any:
    user = get_user_model().objects.create_user(username)
    if role:
        user.memberships.create(role=role)
    return user


@pytest.fixture
def admin(db: Any) -> Any:
    return _user("kit-admin", "system_admin")


@pytest.fixture
def auditor(db: Any) -> Any:
    """May read every organisation, change none."""
    return _user("kit-auditor", "auditor")


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return Organisation.objects.create(name_zh_hans="甲公司", kind="enterprise", country="CN")


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


# --- base.services ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_system_may_everything_and_none_is_no_actor(organisation: Organisation) -> None:
    assert may(SYSTEM, Organisation, Action.ADD)
    require(SYSTEM, organisation, Action.DELETE)  # no refusal
    require_any(SYSTEM, Organisation, Action.ADD)
    with pytest.raises(TypeError):
        require(None, organisation, Action.VIEW)
    with pytest.raises(TypeError):
        require_any(None, Organisation, Action.VIEW)
    with pytest.raises(TypeError):
        attribute(organisation, None, "no actor")


@pytest.mark.django_db
def test_system_leaves_history_user_empty_a_user_is_named(
    organisation: Organisation, admin: Any
) -> None:
    rename_organisation(organisation=organisation, name="乙公司", acting_user=SYSTEM)
    by_system = organisation.history.latest()
    assert (by_system.history_user_id, by_system.history_change_reason) == (
        None,
        "renamed to 乙公司",
    )
    rename_organisation(organisation=organisation, name="丙公司", acting_user=admin)
    assert organisation.history.latest().history_user_id == admin.pk


@pytest.mark.django_db
def test_a_user_without_the_right_is_refused_and_nothing_saved(
    organisation: Organisation, auditor: Any
) -> None:
    with pytest.raises(DjangoPermissionDenied):
        rename_organisation(organisation=organisation, name="乙公司", acting_user=auditor)
    organisation.refresh_from_db()
    assert organisation.name_zh_hans == "甲公司"


def test_reason_is_one_line_cut_to_what_history_keeps() -> None:
    assert reason_text("  moved\n\tto  stage 3 ") == "moved to stage 3"
    long = reason_text("理由 " * 80)
    assert len(long) == REASON_LENGTH == 100
    assert "\n" not in long


def test_check_version_refuses_another_version_with_both_named() -> None:
    record = Organisation(version=3)
    check_version(record, 3)
    check_version(record, None)  # not checked
    with pytest.raises(Conflict) as refused:
        check_version(record, 2)
    assert (refused.value.current, refused.value.sent, refused.value.code) == (3, 2, "conflict")
    assert isinstance(refused.value, ValidationError)


# --- the API's exception handler --------------------------------------------------------------


def _handled(exc: Exception, data: dict[str, Any] | None = None) -> Response:
    request = Request(
        APIRequestFactory().post("/", data or {}, format="json"), parsers=[JSONParser()]
    )
    response = exception_handler(exc, {"request": request, "view": None})
    assert response is not None
    return response


def test_validation_errors_become_400_keyed_by_field() -> None:
    by_field = _handled(ValidationError({"name_zh_hans": ["Too long."], "__all__": ["Both."]}))
    assert by_field.status_code == 400
    assert by_field.data == {"name_zh_hans": ["Too long."], "non_field_errors": ["Both."]}
    plain = _handled(ValidationError("Not now.", code="closed"))
    assert plain.data == {"non_field_errors": ["Not now."]}
    assert plain.data["non_field_errors"][0].code == "closed"


def test_conflict_becomes_409_with_both_versions() -> None:
    response = _handled(Conflict("Someone else saved it.", current=5, sent=4))
    assert response.status_code == 409
    assert response.data["code"] == "version_conflict"
    assert (response.data["version"], response.data["sent_version"]) == (5, 4)
    # an older service's conflict (a plain ValidationError): the version sent is the request's
    older = _handled(ValidationError("Stale.", code="conflict"), {"version": 7})
    assert (older.status_code, older.data["sent_version"]) == (409, 7)


def test_refusals_missing_records_and_protected_deletes() -> None:
    denied = _handled(DjangoPermissionDenied("You may not."))
    assert (denied.status_code, str(denied.data["detail"])) == (403, "You may not.")
    assert _handled(DjangoPermissionDenied()).status_code == 403
    assert _handled(Organisation.DoesNotExist()).status_code == 404
    assert _handled(ObjectDoesNotExist()).status_code == 404
    assert _handled(Http404()).status_code == 404
    protected = _handled(ProtectedError("protected", {Organisation(pk=1, name_zh_hans="丁公司")}))
    assert (protected.status_code, protected.data["code"], protected.data["count"]) == (
        409,
        "protected",
        1,
    )
    refused = _handled(DeletionRefused("Others depend on it.", ["project: P-1"], 1))
    assert refused.status_code == 409
    assert refused.data["dependants"] == ["project: P-1"]
    assert _handled(OverflowError()).status_code == 400


# --- ServiceViewSet and version_required ------------------------------------------------------


@pytest.mark.django_db
def test_service_view_set_creates_through_its_service(admin: Any, auditor: Any) -> None:
    body = {"name": "新公司", "kind": "enterprise", "country": "CN"}
    created = _api(admin).post("/kit-api/organisations/", body, format="json")
    assert created.status_code == 201, created.data
    assert created.data["name_zh_hans"] == "新公司"
    record = Organisation.objects.get(pk=created.data["id"])
    assert record.history.latest().history_change_reason == "founded"
    refused = _api(auditor).post("/kit-api/organisations/", body, format="json")
    assert refused.status_code == 403
    invalid = _api(admin).post(
        "/kit-api/organisations/", {**body, "kind": "no such kind"}, format="json"
    )
    assert invalid.status_code == 400
    assert "kind" in invalid.data  # the model's refusal, by field, through the handler


@pytest.mark.django_db
def test_service_view_set_update_needs_the_current_version(
    admin: Any, organisation: Organisation
) -> None:
    url = f"/kit-api/organisations/{organisation.pk}/"
    api = _api(admin)
    assert api.patch(url, {"name": "乙公司"}, format="json").status_code == 428
    stale = api.patch(url, {"name": "乙公司", "version": 9}, format="json")
    assert (stale.status_code, stale.data["version"]) == (409, 1)
    done = api.patch(url, {"name": "乙公司", "version": 1}, format="json")
    assert done.status_code == 200, done.data
    assert (done.data["name_zh_hans"], done.data["version"]) == ("乙公司", 2)


@pytest.mark.django_db
def test_an_action_that_changes_its_record_needs_its_version(
    admin: Any, auditor: Any, organisation: Organisation
) -> None:
    url = f"/kit-api/organisations/{organisation.pk}/rename/"
    api = _api(admin)
    missing = api.post(url, {"name": "乙公司"}, format="json")
    assert (missing.status_code, missing.data["detail"].code) == (428, "version_required")
    stale = api.post(url, {"name": "乙公司", "version": 2}, format="json")
    assert (stale.status_code, stale.data["version"], stale.data["sent_version"]) == (409, 1, 2)
    assert _api(auditor).post(url, {"name": "乙公司", "version": 1}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_zh_hans == "甲公司"
    done = api.post(url, {"name": "乙公司"}, format="json", HTTP_IF_MATCH='W/"1"')
    assert done.status_code == 200, done.data
    assert done.data["version"] == 2
    assert api.post(f"/kit-api/organisations/{organisation.pk + 10**6}/rename/").status_code == 404


# --- ServiceFormView --------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_form_view_shows_the_form_and_writes_through_the_service(
    client: Any, admin: Any, organisation: Organisation
) -> None:
    client.force_login(admin)
    url = f"/kit/{organisation.pk}/rename/"
    page = client.get(url)
    assert page.status_code == 200
    assert "甲公司" in page.content.decode()
    done = client.post(url, {"name_zh_hans": "乙公司", "version": 1})
    assert (done.status_code, done["Location"]) == (302, "/done/")
    organisation.refresh_from_db()
    assert (organisation.name_zh_hans, organisation.version) == ("乙公司", 2)
    htmx = client.post(url, {"name_zh_hans": "丙公司", "version": 2}, HTTP_HX_REQUEST="true")
    assert (htmx.status_code, htmx["HX-Redirect"]) == (204, "/done/")


@pytest.mark.django_db
def test_service_form_view_shows_the_service_refusals_on_the_form(
    client: Any, admin: Any, organisation: Organisation
) -> None:
    client.force_login(admin)
    url = f"/kit/{organisation.pk}/rename/"
    invalid = client.post(url, {"name_zh_hans": "", "version": 1})
    assert invalid.status_code == 200
    assert invalid.context["form"].errors["name_zh_hans"]
    stale = client.post(url, {"name_zh_hans": "乙公司", "version": 5})
    assert stale.status_code == 200
    (conflict,) = stale.context["form"].non_field_errors().as_data()
    assert conflict.code == "conflict"  # the service's, shown above the form
    too_long = client.post(url, {"name_zh_hans": "长" * 201, "version": 1})
    assert too_long.status_code == 200
    assert too_long.context["form"].errors["name_zh_hans"]  # the model's, through the service
    organisation.refresh_from_db()
    assert (organisation.name_zh_hans, organisation.version) == ("甲公司", 1)


@pytest.mark.django_db
def test_service_form_view_refusal_by_the_service_is_403(
    client: Any, auditor: Any, organisation: Organisation
) -> None:
    client.force_login(auditor)
    url = f"/kit/{organisation.pk}/rename/"
    assert client.post(url, {"name_zh_hans": "乙公司", "version": 1}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_zh_hans == "甲公司"
    client.logout()
    assert client.get(url).status_code == 302  # to the login
    assert client.get("/kit/999999999/rename/").status_code == 302
