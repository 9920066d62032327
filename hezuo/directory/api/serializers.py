"""Serializers for industry classes, organisations with their aliases, people and positions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import (
    BASE_FIELDS,
    NAME_FIELDS,
    TITLE_FIELDS,
    HezuoModelSerializer,
    NamedModelSerializer,
    TitledModelSerializer,
)

from ..models import IndustryClass, Organisation, OrganisationAlias, Person, Position


class IndustryClassSerializer(NamedModelSerializer):
    """An entry of GB/T 4754-2017: section, division, group or class."""

    class Meta:
        model = IndustryClass
        fields = ("id", *NAME_FIELDS, "code", "level", "parent", *BASE_FIELDS)


class OrganisationAliasSerializer(HezuoModelSerializer):
    """Another name an organisation is known by."""

    class Meta:
        model = OrganisationAlias
        fields = ("id", "organisation", "name", "language", *BASE_FIELDS)


class OrganisationSerializer(NamedModelSerializer):
    """An enterprise, government body, bank, association or other organisation."""

    aliases = OrganisationAliasSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = (
            "id",
            *NAME_FIELDS,
            "kind",
            "country",
            "region",
            "parent",
            "uscc",
            "jp_corporate_number",
            "industry_classes",
            "website",
            "note",
            "aliases",
            *BASE_FIELDS,
        )


class PositionSerializer(TitledModelSerializer):
    """A title a person held at an organisation, from and to a date."""

    organisation_name = serializers.CharField(
        source="organisation.name",
        read_only=True,
        allow_null=True,
        help_text=_("The organisation's name in the request's language."),
    )

    class Meta:
        model = Position
        fields = (
            "id",
            "person",
            "organisation",
            "organisation_name",
            *TITLE_FIELDS,
            "start_date",
            "end_date",
            *BASE_FIELDS,
        )


class PersonSerializer(NamedModelSerializer):
    """A person named in the records, with the positions held over time."""

    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = (
            "id",
            *NAME_FIELDS,
            "family_name",
            "phone",
            "id_number",
            "note",
            "positions",
            *BASE_FIELDS,
        )
