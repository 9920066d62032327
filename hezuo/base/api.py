"""Shared REST API pieces: model validation in serializers, optimistic locking, safe deletes.

Every API write goes through the model's ``full_clean()`` so the API refuses exactly what the
forms and imports refuse; an update must carry the ``version`` it was made on (428 Precondition
Required without it) and a stale one gets 409 Conflict instead of silently overwriting someone
else's change; deleting a record others depend on gets 409 with the
dependants named instead of a server error.

The glue between the API and the services lives here once:

- :func:`exception_handler` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) answers every refusal a
  service or the database raises in one body shape: a Django ``ValidationError`` → 400 keyed by
  field (``non_field_errors`` otherwise), ``base.services.Conflict`` → 409
  (:class:`ConflictSerializer`), ``PermissionDenied`` → 403, a missing record → 404, a delete
  other records prevent → 409 (:class:`ProtectedSerializer`). No app translates errors itself.
- :class:`ServiceViewSet` writes through the app's services, never ``serializer.save()``.
- :func:`version_required` makes a custom ``@action`` that changes its record carry the
  record's version (428 without it, 409 when stale), as updates do.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import (
    APIException,
    ErrorDetail,
    MethodNotAllowed,
    NotFound,
    PermissionDenied,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from hezuo.core.access import Action

from . import deletion
from .access import lock_for_update, may, may_on
from .personal import Personal, is_masked_echo, personal_fields
from .services import Conflict

#: At most this many dependants are named in a refused delete; the count gives the rest.
MAX_DEPENDANTS = 100


def django_to_drf_errors(
    exc: DjangoValidationError, field_names: dict[str, str] | None = None
) -> serializers.ValidationError:
    """Return a DRF ValidationError keyed by serializer field name for a Django one.

    ``field_names`` maps model field names to serializer field names where they differ;
    errors not tied to a field go under ``non_field_errors``.
    """
    field_names = field_names or {}
    if hasattr(exc, "error_dict"):
        detail: dict[str, list[ErrorDetail]] = {}
        for name, errors in exc.error_dict.items():
            key = (
                api_settings.NON_FIELD_ERRORS_KEY
                if name == NON_FIELD_ERRORS
                else field_names.get(name, name)
            )
            detail.setdefault(key, []).extend(
                ErrorDetail(message, code=error.code) for error in errors for message in error
            )
        return serializers.ValidationError(detail)
    return serializers.ValidationError(
        {
            api_settings.NON_FIELD_ERRORS_KEY: [
                ErrorDetail(message, code=error.code)
                for error in exc.error_list
                for message in error
            ]
        }
    )


class RecentDateTimeField(serializers.DateTimeField):
    """A date and time from 1900 on: before it, time zones had local-mean-time offsets with
    seconds (Asia/Shanghai +08:05:43 before 1901), which RFC 3339 cannot write, and no record of
    this platform's is that old."""

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if parsed.year < 1900:
            raise serializers.ValidationError(
                _("Enter a date and time from the year 1900 on."), code="too_early"
            )
        return parsed


class HezuoModelSerializer(serializers.ModelSerializer):
    """A model serializer whose writes pass the model's own ``full_clean()``.

    The instance is built (or copied, for an update) with the submitted values, cleaned, and the
    values ``clean()`` normalised (upper-cased codes, derived levels) are what gets saved.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: RecentDateTimeField,
    }

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The record's version, raised by one on every change. Send back the version you read "
            "with an update: without it the update is refused with 428, and if the record has "
            "changed since, with 409."
        ),
    )

    def get_fields(self) -> dict[str, Any]:
        """Offer (and accept) in every relation only the records the requesting user may see."""
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                relation.queryset = queryset.restrict(user, Action.VIEW)
        return fields

    def to_representation(self, instance: Any) -> Any:
        """Mask personal data unless the user's role allows it; note every unmasked display."""
        data = super().to_representation(instance)
        if not personal_fields(instance):
            return data
        shown = Personal.of(self.context.get("request")).show_all(instance, dict(data))
        data.update(shown)
        return data

    def to_internal_value(self, data: Any) -> Any:
        """Drop, before they are parsed, personal values sent back as they were read masked
        (a masked birth date or "***" would not even parse as a date or a choice)."""
        instance = self.instance
        if instance is not None and hasattr(data, "keys"):
            echoed = [
                name
                for name in getattr(instance, "personal_fields", ())
                if name in data and is_masked_echo(instance, name, data[name])
            ]
            if echoed:
                data = {k: v for k, v in data.items() if k not in echoed}
        return super().to_internal_value(data)

    def _check_personal(self, attrs: dict[str, Any]) -> None:
        """Keep personal data sent back masked as it was read; refuse changes without the right.

        A client that reads a record (masked) and sends it back must not overwrite the real
        values with their masked form; a user who may not see personal data may not set it.
        """
        model = self.Meta.model
        personal = [f for f in getattr(model, "personal_fields", ()) if f in attrs]
        if not personal:
            return
        instance = self.instance
        allowed = Personal.of(self.context.get("request")).may_see(
            instance if instance is not None else model
        )
        refused = {}
        for name in personal:
            current = getattr(instance, name, "") if instance is not None else ""
            sent = attrs[name] or ""
            if sent == current or is_masked_echo(instance, name, sent):
                attrs.pop(name)  # unchanged (possibly echoed back masked)
            elif not allowed:
                refused[name] = [_("Your role may not see or change personal data.")]
        if refused:
            raise serializers.ValidationError(refused)

    def _writable_concrete_fields(self) -> dict[str, models.Field[Any, Any]]:
        """Return the model's concrete fields that this serializer writes, by model field name."""
        model = self.Meta.model
        concrete = {f.name: f for f in model._meta.concrete_fields}
        return {
            field.source: concrete[field.source]
            for field in self._writable_fields
            if field.source in concrete and field.source != "version"
        }

    def _field_names(self) -> dict[str, str]:
        """Return serializer field names by the model field they write."""
        return {field.source: field.field_name for field in self._writable_fields}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        # ``version`` is only compared (by the view), never written.
        attrs.pop("version", None)
        self._check_personal(attrs)
        writable = self._writable_concrete_fields()
        values = {name: value for name, value in attrs.items() if name in writable}
        if self.instance is not None:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        else:
            candidate = self.Meta.model(**values)
        # Like a ModelForm, leave out the fields this serializer does not write.
        exclude = [f.name for f in self.Meta.model._meta.concrete_fields if f.name not in writable]
        try:
            candidate.full_clean(exclude=exclude)
        except DjangoValidationError as exc:
            raise django_to_drf_errors(exc, self._field_names()) from exc
        # Keep what clean() normalised; a relation not sent is left alone (no extra query).
        for name, field in writable.items():
            if name in attrs or not field.is_relation:
                attrs[name] = getattr(candidate, name)
        return attrs


class NamedModelSerializer(HezuoModelSerializer):
    """For a model with ``name_zh_hans``/``name_ja``/``name_en``."""

    display_name = serializers.CharField(
        source="name",
        read_only=True,
        help_text=_("The name in the request's language, or in another one if it has none."),
    )


class TitledModelSerializer(HezuoModelSerializer):
    """For a model with ``title_zh_hans``/``title_ja``/``title_en``."""

    display_title = serializers.CharField(
        source="title",
        read_only=True,
        help_text=_("The title in the request's language, or in another one if it has none."),
    )


#: Read-only bookkeeping fields every record has, to append to a serializer's fields.
BASE_FIELDS = ("is_synthetic", "version", "created", "updated")
NAME_FIELDS = ("display_name", "name_zh_hans", "name_ja", "name_en")
TITLE_FIELDS = ("display_title", "title_zh_hans", "title_ja", "title_en")


class ConflictSerializer(serializers.Serializer):
    """The body of a 409 answer to an update made on an old version."""

    detail = serializers.CharField()
    code = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The record's current version."))
    sent_version = serializers.IntegerField(help_text=_("The version the request was based on."))


class ProtectedSerializer(serializers.Serializer):
    """The body of a 409 answer to a delete other records prevent."""

    detail = serializers.CharField()
    code = serializers.CharField()
    dependants = serializers.ListField(
        child=serializers.CharField(), help_text=_("The records that depend on this one.")
    )
    count = serializers.IntegerField(help_text=_("How many records depend on this one."))


class HezuoAutoSchema(AutoSchema):
    """Document the 400 and 409 answers the base view set gives."""

    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if self.method == "DELETE" and model is not None and hasattr(model, "archived_at"):
            params.append(
                OpenApiParameter(
                    "reason",
                    str,
                    OpenApiParameter.QUERY,
                    required=True,
                    description=_("Why the record is archived (it is never deleted)."),
                )
            )
        return params

    def get_response_serializers(self) -> Any:
        base = super().get_response_serializers()
        if isinstance(base, dict) or self.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return base
        invalid = OpenApiResponse(
            OpenApiTypes.OBJECT,
            description=_("Refused: field names with their errors, or non_field_errors."),
        )
        if self.method == "DELETE":
            return {
                204: OpenApiResponse(
                    description=_("Deleted (or archived, for projects and agreements).")
                ),
                400: OpenApiResponse(
                    OpenApiTypes.OBJECT,
                    description=_(
                        "Archiving needs a reason (query parameter or body field reason)."
                    ),
                ),
                409: OpenApiResponse(
                    ProtectedSerializer, description=_("Other records depend on this one.")
                ),
            }
        if self.method == "POST":
            return {201: base, 400: invalid}
        return {
            200: base,
            400: invalid,
            409: OpenApiResponse(
                ConflictSerializer, description=_("The record has changed since it was read.")
            ),
            428: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_("The version the change was made on was not sent."),
            ),
        }


class VersionRequired(APIException):
    """428 Precondition Required (RFC 6585, section 3): a change must say which version of the
    record it was made on, or it could overwrite someone else's change unseen."""

    status_code = 428
    default_code = "version_required"
    default_detail = _(
        "Send the version of the record you read (the field version, or an If-Match header): "
        "a change without it could overwrite someone else's change. Nothing was saved."
    )


def version_conflict(*, sent: int | None, current: int | None) -> Response:
    """Return the 409 answer to a write made on an old version of a record."""
    return Response(
        {
            "detail": _(
                "This record was changed by someone else after you read it: you sent "
                "version %(sent)s, it is now at version %(current)s. Reload it and "
                "make your change again."
            )
            % {"sent": sent, "current": current},
            "code": "version_conflict",
            "version": current,
            "sent_version": sent,
        },
        status=status.HTTP_409_CONFLICT,
    )


class DeletionRefused(Exception):
    """A delete refused because other records depend on the record (answered 409)."""

    def __init__(self, message: str, dependants: list[str], count: int) -> None:
        super().__init__(message)
        self.message = message
        self.dependants = dependants
        self.count = count


def _protected(message: Any, dependants: list[str], count: int) -> Response:
    """Return the 409 answer to a delete other records prevent (:class:`ProtectedSerializer`)."""
    return Response(
        {
            "detail": message,
            "code": "protected",
            "dependants": dependants[:MAX_DEPENDANTS],
            "count": count,
        },
        status=status.HTTP_409_CONFLICT,
    )


def _database_refusal(exc: ProtectedError | RestrictedError) -> Response:
    dependants = (
        exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    )
    names = sorted(f"{obj._meta.verbose_name}: {obj}" for obj in dependants)
    return _protected(
        _("This record cannot be deleted while other records depend on it."), names, len(names)
    )


def _conflict(exc: DjangoValidationError, context: dict[str, Any]) -> Response:
    """Return the 409 answer to a service's :class:`~hezuo.base.services.Conflict`.

    A conflict raised without its versions (an older service) takes them from the request
    and the view's record.
    """
    current = getattr(exc, "current", None)
    sent = getattr(exc, "sent", None)
    request = context.get("request")
    if sent is None and request is not None:
        data = request.data if hasattr(request.data, "get") else {}
        sent = _as_int(data.get("version") or request.headers.get("If-Match", "").strip('W/" '))
    view = context.get("view")
    if current is None and view is not None and hasattr(view, "get_object"):
        try:
            current = view.get_object().version
        except (Http404, ObjectDoesNotExist, AttributeError, AssertionError):
            current = None
    return version_conflict(sent=sent, current=current)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_conflict(exc: DjangoValidationError) -> bool:
    return isinstance(exc, Conflict) or getattr(exc, "code", None) == "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer every refusal of a service, model or database in the API's one body shape.

    Registered as ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: view sets and actions call services
    and let their exceptions through; none translates errors itself.
    """
    if isinstance(exc, DjangoValidationError):
        if _is_conflict(exc):
            return _conflict(exc, context)
        exc = django_to_drf_errors(exc)
    elif isinstance(exc, DeletionRefused):
        return _protected(exc.message, exc.dependants, exc.count)
    elif isinstance(exc, ProtectedError | RestrictedError):
        return _database_refusal(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or _("You may not do this with this record.")
        exc = drf_exceptions.PermissionDenied(message)
    elif isinstance(exc, ObjectDoesNotExist | Http404):
        exc = NotFound()
    elif isinstance(exc, OverflowError):
        # SQLite cannot compare with an integer beyond 64 bits; such an id matches nothing.
        exc = serializers.ValidationError({"detail": [_("A number in the request is too large.")]})
    return drf_exception_handler(exc, context)


class HezuoModelViewSet(viewsets.ModelViewSet):
    """A model view set with atomic writes, optimistic locking and refused protected deletes.

    Reads go through ``restrict(user, "view")``; a write needs the matching permission and is
    checked again after it is made, inside its transaction, and undone with 403 if the record
    would fall outside the user's scope. Archivable records are archived, not deleted.
    """

    schema = HezuoAutoSchema()

    def get_queryset(self) -> Any:
        queryset = super().get_queryset().restrict(self.request.user, Action.VIEW)
        model = queryset.model
        archived = self.request.query_params.get("archived", "").lower() in ("1", "true")
        if hasattr(model, "archived_at") and self.action == "list" and not archived:
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def _require(self, instance: Any, action: str) -> None:
        if not may_on(self.request.user, instance, action):
            raise PermissionDenied(_("You may not do this with this record."))

    def perform_create(self, serializer: Any) -> None:
        serializer.save()
        self._require(serializer.instance, Action.ADD)

    def perform_update(self, serializer: Any) -> None:
        serializer.save()
        self._require(serializer.instance, Action.CHANGE)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may(request.user, self.get_queryset().model, Action.ADD):
            raise PermissionDenied(_("You may not add records of this kind."))
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        found = self.get_object()  # 404 and object permissions, before any lock is taken
        self._require(found, Action.CHANGE)
        sent = self._sent_version(request)
        with transaction.atomic(using=router.db_for_write(type(found))):
            instance = self._lock(found)
            if sent != instance.version:
                return version_conflict(sent=sent, current=instance.version)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        return Response(serializer.data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self._require(instance, Action.DELETE)
        if hasattr(instance, "archived_at"):
            return self._archive(request, instance)
        refused = deletion.refusal(instance, request.user)  # cascades too, not only PROTECT
        if refused is not None:
            raise DeletionRefused(refused.message, refused.lines, refused.count)
        # a ProtectedError / RestrictedError the check above missed: 409 (exception_handler)
        with transaction.atomic(using=router.db_for_write(type(instance))):
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _archive(self, request: Request, instance: Any) -> Response:
        from .views import archive_record

        """Archive an important record instead of deleting it; a reason is required."""
        data = request.data if hasattr(request.data, "get") else {}
        reason = str(data.get("reason") or request.query_params.get("reason") or "").strip()
        if not reason:
            raise serializers.ValidationError(
                {"reason": [_("Give a reason for archiving; this record is not deleted.")]}
            )
        archive_record(instance, reason=reason, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _sent_version(request: Request) -> int:
        """Return the ``version`` the change was made on: the body's ``version`` or the
        ``If-Match`` header (428 if neither is sent, 400 if it is no number)."""
        data = request.data
        value = data.get("version") if hasattr(data, "get") else None
        if value in (None, ""):
            value = request.headers.get("If-Match", "").removeprefix("W/").strip('" ')
        if value in (None, ""):
            raise VersionRequired
        try:
            return int(serializers.IntegerField(min_value=1).run_validation(value))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"version": exc.detail}) from exc

    def _lock(self, found: models.Model) -> Any:
        """Return ``found`` read again under a write lock held to the end of the transaction."""
        return lock_for_update(self.get_queryset(), found.pk)


def version_required(method: Callable[..., Response]) -> Callable[..., Response]:
    """Make a detail ``@action`` that changes its record require the record's version.

    The record is looked up (404), the user must be allowed to change it (403), the request must
    say which version it was made on — the body's ``version`` or an ``If-Match`` header (428
    without) — and that version must be the current one (409). The action reads the version as
    ``self.sent_version`` and hands it to its service, which checks it again under the row lock
    (a :class:`~hezuo.base.services.Conflict` raised there is also answered 409)::

        @action(detail=True, methods=["post"])
        @version_required
        def done(self, request, pk=None):
            milestone = self.get_object()
            services.complete_milestone(milestone=milestone, version=self.sent_version, ...)
    """

    @functools.wraps(method)
    def checked(self: HezuoModelViewSet, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        self._require(record, Action.CHANGE)
        sent = self._sent_version(request)
        if sent != record.version:
            return version_conflict(sent=sent, current=record.version)
        self.sent_version = sent
        return method(self, request, *args, **kwargs)

    return checked


class ServiceViewSet(HezuoModelViewSet):
    """A view set whose writes go through the app's services, never ``serializer.save()``.

    A subclass names its services, called with keyword arguments only::

        class MeetingViewSet(ServiceViewSet):
            queryset = Meeting.objects.all()
            serializer_class = MeetingSerializer              # what is read and answered
            create_serializer_class = MeetingCreateSerializer  # the body of POST
            update_serializer_class = MeetingChangeSerializer  # the body of PATCH / PUT
            create_service = services.schedule_meeting         # (acting_user=, **body)
            update_service = services.change_meeting           # (acting_user=, meeting=, **body)
            record_argument = "meeting"

    or overrides :meth:`perform_create` / :meth:`perform_update` / :meth:`perform_destroy` to
    call a service with arguments of its own making (returning the record written). A create or
    update without a service is refused with 405; a delete without one is the base view set's.
    The answers are the base view set's: 403 without the right (checked here before the body is
    read and again once written, and by the service), 400 for bad content, 428 / 409 for an update without its version
    or on a stale one, and the service's own refusals through :func:`exception_handler`. Every
    write runs in one transaction.
    """

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    destroy_service: Callable[..., Any] | None = None
    create_serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    update_serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    #: The keyword under which the update and destroy services receive the record.
    record_argument = "record"

    def service(self, name: str) -> Callable[..., Any] | None:
        """Return the service named by the class attribute ``name`` (a plain function: not
        bound to the view set)."""
        found = inspect.getattr_static(self, name, None)
        return found.__func__ if isinstance(found, staticmethod) else found

    def may_create(self) -> bool:
        """Whether the user may add records of this kind at all (the service checks again)."""
        return may(self.request.user, self.get_queryset().model, Action.ADD)

    def service_arguments(self, body: Any) -> dict[str, Any]:
        """Return the service's keyword arguments from a validated body (its data, by name)."""
        return {name: value for name, value in body.validated_data.items() if name != "version"}

    def answer(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        """Answer with ``record`` as the reading serializer shows it, read again through the
        view set's queryset (its annotations and restrictions)."""
        fresh = self.get_queryset().filter(pk=record.pk).first() or record
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.may_create():
            raise PermissionDenied(_("You may not add records of this kind."))
        body = (self.create_serializer_class or self.get_serializer_class())(
            data=request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            record = self.perform_create(body)
            self._require(record, Action.ADD)  # checked again once written (its scope)
        return self.answer(record, status.HTTP_201_CREATED)

    def perform_create(self, serializer: Any) -> Any:
        service = self.service("create_service")
        if service is None:
            raise MethodNotAllowed(self.request.method)
        return service(acting_user=self.request.user, **self.service_arguments(serializer))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        found = self.get_object()
        self._require(found, Action.CHANGE)
        sent = self._sent_version(request)
        with transaction.atomic(using=router.db_for_write(type(found))):
            record = self._lock(found)
            if sent != record.version:
                return version_conflict(sent=sent, current=record.version)
            body = (self.update_serializer_class or self.get_serializer_class())(
                record, data=request.data, partial=partial, context=self.get_serializer_context()
            )
            body.is_valid(raise_exception=True)
            written = self.perform_update(body, record)
            self._require(written, Action.CHANGE)  # checked again once written (its scope)
        return self.answer(written)

    def perform_update(self, serializer: Any, record: Any = None) -> Any:  # type: ignore[override]
        service = self.service("update_service")
        if service is None:
            raise MethodNotAllowed(self.request.method)
        return service(
            acting_user=self.request.user,
            **{self.record_argument: record},
            **self.service_arguments(serializer),
        )

    def perform_destroy(self, instance: Any) -> None:
        """Delete through ``destroy_service`` if the subclass names one, else as the base view
        set does (after its dependants check; the history names the request's user)."""
        service = self.service("destroy_service")
        if service is None:
            super().perform_destroy(instance)
            return
        service(acting_user=self.request.user, **{self.record_argument: instance})
