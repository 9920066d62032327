"""Serializers for cooperation projects and the organisations in them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer

from ..choices import EvidenceKind, Stage
from ..models import Project, ProjectParty, StageChange


class ProjectPartySerializer(HezuoModelSerializer):
    """An organisation in a project: investor, partner or operator."""

    organisation_name = serializers.CharField(
        source="organisation.name",
        read_only=True,
        help_text=_("The organisation's name in the request's language."),
    )

    class Meta:
        model = ProjectParty
        fields = ("id", "project", "organisation", "organisation_name", "role", *BASE_FIELDS)


class ProjectSerializer(TitledModelSerializer):
    """A cooperation project in a program, with its life-cycle stage and parties."""

    parties = ProjectPartySerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            *TITLE_FIELDS,
            "program",
            "sub_area",
            "region",
            "stage",
            "stage_since",
            "responsible_organisation",
            "industry_classes",
            "industry_directions",
            "agreements",
            "description",
            "parties",
            *BASE_FIELDS,
        )

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None:  # once added, the stage moves only through stage-moves
            for name in ("stage", "stage_since"):
                fields[name].read_only = True
        return fields


class EvidenceReferenceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A document given with a stage move, by reference (files are attached on the page)."""

    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    reference = serializers.CharField(max_length=300)


class StageMoveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A move of a project to another stage (``services.advance_stage``)."""

    to_stage = serializers.ChoiceField(choices=Stage.choices)
    happened_on = serializers.DateField(
        help_text=_("The day the project reached the stage, not the day it is recorded.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    skip_reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceReferenceSerializer(many=True, required=False, default=list)
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1
    )


class StageChangeSerializer(HezuoModelSerializer):
    """A recorded stage move."""

    evidence = serializers.SerializerMethodField()

    class Meta:
        model = StageChange
        fields = (
            "id",
            "project",
            "from_stage",
            "to_stage",
            "move",
            "happened_on",
            "recorded_by_name",
            "recorded_at",
            "note",
            "reason",
            "skip_reason",
            "evidence",
        )
        read_only_fields = fields

    def get_evidence(self, change: StageChange) -> list[dict[str, str]]:
        return [
            {"kind": e.kind, "reference": e.reference, "file": e.file.name if e.file else ""}
            for e in change.evidence.all()
        ]
