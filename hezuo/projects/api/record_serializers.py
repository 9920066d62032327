"""Serializers of the life-cycle records: milestones and figures. The API writes them only
through ``hezuo.projects.services`` (the zone desk's records: ``hezuo.zonedesk.api``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer
from hezuo.core import money

from .. import providers
from ..choices import MONEY_FIGURES
from ..models import Milestone, ProjectFigure

MAX_VERSION = 2**31 - 1


class MilestoneSerializer(TitledModelSerializer):
    """A planned step of a project; ``overdue`` when past its planned date without an actual
    date."""

    overdue = serializers.SerializerMethodField(
        help_text=_("Past its planned date without an actual date, today.")
    )

    class Meta:
        model = Milestone
        fields = (
            "id",
            "project",
            *TITLE_FIELDS,
            "stage",
            "planned_on",
            "actual_on",
            "owner",
            "status",
            "note",
            "overdue",
            *BASE_FIELDS,
        )
        read_only_fields = ("actual_on", "status")

    def get_overdue(self, obj: Milestone) -> bool:
        return obj.is_overdue(timezone.localdate())


class MilestoneDoneSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The day a milestone was reached (``services.complete_milestone``)."""

    actual_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_VERSION
    )


class ProjectFigureSerializer(HezuoModelSerializer):
    """A figure of a project as recorded on a day, with its CNY value at the rate in force on
    that day (the rate, its date and its source beside it)."""

    cny = serializers.SerializerMethodField(
        help_text=_("The amount in CNY, the rate used, its date and its source; null when none.")
    )

    class Meta:
        model = ProjectFigure
        fields = ("id", "project", "kind", "amount", "currency", "recorded_on", "note", "cny")
        fields = (*fields, *BASE_FIELDS)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_cny(self, obj: ProjectFigure) -> dict[str, Any] | None:
        if obj.kind not in MONEY_FIGURES or not obj.currency:
            return None
        try:
            conversion = providers.to_cny(obj.amount, obj.currency, obj.recorded_on)
        except money.NoRate:
            return None
        return {
            "amount": str(conversion.amount_cny),
            "rate": str(conversion.rate.rate),
            "rate_date": conversion.rate.on.isoformat(),
            "source": conversion.rate.source,
        }
