"""Shared REST API pieces: model validation in serializers, optimistic locking, safe deletes.

Every API write goes through the model's ``full_clean()`` so the API refuses exactly what the
forms and imports refuse; an update must carry the ``version`` it was made on (428 Precondition
Required without it) and a stale one gets 409 Conflict instead of silently overwriting someone
else's change; deleting a record others depend on gets 409 with the
dependants named instead of a server error.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, ErrorDetail, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from hezuo.accounts.audit import note_unmasked
from hezuo.core.access import Action

from . import deletion
from .access import lock_for_update, mask_value, may, may_on

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
        personal = [f for f in getattr(instance, "personal_fields", ()) if data.get(f)]
        if personal:
            request = self.context.get("request")
            if may_on(getattr(request, "user", None), instance, Action.PERSONAL):
                note_unmasked(request, instance, personal)
            else:
                for name in personal:
                    data[name] = mask_value(name, data[name])
        return data

    def to_internal_value(self, data: Any) -> Any:
        """Drop, before they are parsed, personal values sent back as they were read masked
        (a masked birth date or "***" would not even parse as a date or a choice)."""
        instance = self.instance
        if instance is not None and hasattr(data, "keys"):
            echoed = [
                name
                for name in getattr(instance, "personal_fields", ())
                if name in data
                and getattr(instance, name, None) not in ("", None)
                and data[name] == mask_value(name, getattr(instance, name))
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
        request = self.context.get("request")
        user = getattr(request, "user", None)
        instance = self.instance
        allowed = (
            may_on(user, instance, Action.PERSONAL)
            if instance is not None
            else may(user, model, Action.PERSONAL)
        )
        refused = {}
        for name in personal:
            current = getattr(instance, name, "") if instance is not None else ""
            sent = attrs[name] or ""
            if sent == current or (current and sent == mask_value(name, current)):
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


def version_conflict(*, sent: int | None, current: int) -> Response:
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

    def handle_exception(self, exc: Exception) -> Response:
        # SQLite cannot compare with an integer beyond 64 bits; such an id matches nothing.
        if isinstance(exc, OverflowError):
            exc = serializers.ValidationError(
                {"detail": [_("A number in the request is too large.")]}
            )
        return super().handle_exception(exc)

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
            return Response(
                {
                    "detail": refused.message,
                    "code": "protected",
                    "dependants": refused.lines[:MAX_DEPENDANTS],
                    "count": refused.count,
                },
                status=status.HTTP_409_CONFLICT,
            )
        try:
            with transaction.atomic(using=router.db_for_write(type(instance))):
                self.perform_destroy(instance)
        except (ProtectedError, RestrictedError) as exc:
            dependants = (
                exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            )
            names = sorted(f"{obj._meta.verbose_name}: {obj}" for obj in dependants)
            return Response(
                {
                    "detail": _("This record cannot be deleted while other records depend on it."),
                    "code": "protected",
                    "dependants": names[:MAX_DEPENDANTS],
                    "count": len(names),
                },
                status=status.HTTP_409_CONFLICT,
            )
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
