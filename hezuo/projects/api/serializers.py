"""Serializers for cooperation projects and the organisations in them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer

from ..models import Project, ProjectParty


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
            "industry_classes",
            "industry_directions",
            "agreements",
            "description",
            "parties",
            *BASE_FIELDS,
        )
