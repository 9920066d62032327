"""Serializers for regions, programs, their parties, sub-areas, topics and industry directions."""

from __future__ import annotations

from hezuo.base.api import BASE_FIELDS, NAME_FIELDS, NamedModelSerializer

from ..models import IndustryDirection, Program, ProgramParty, ProgramTopic, Region, SubArea


class RegionSerializer(NamedModelSerializer):
    """A division of China by its GB/T 2260 code, or a place abroad by ISO 3166."""

    class Meta:
        model = Region
        fields = ("id", *NAME_FIELDS, "code", "level", "country", "parent", *BASE_FIELDS)


class IndustryDirectionSerializer(NamedModelSerializer):
    """A direction of industry a zone is approved for, with its GB/T 4754 classes."""

    class Meta:
        model = IndustryDirection
        fields = ("id", *NAME_FIELDS, "code", "industry_classes", *BASE_FIELDS)


class ProgramPartySerializer(NamedModelSerializer):
    """A region, organisation or country taking part in a program, in a role."""

    class Meta:
        model = ProgramParty
        fields = (
            "id",
            *NAME_FIELDS,
            "program",
            "role",
            "region",
            "organisation",
            "country",
            *BASE_FIELDS,
        )


class ProgramTopicSerializer(NamedModelSerializer):
    """A named element of a program: platform, policy area, assistance line, model, …."""

    class Meta:
        model = ProgramTopic
        fields = ("id", *NAME_FIELDS, "program", "kind", "position", *BASE_FIELDS)


class ProgramSerializer(NamedModelSerializer):
    """A cooperation zone, assistance pairing or city partnership, with its parties and topics."""

    parties = ProgramPartySerializer(many=True, read_only=True)
    topics = ProgramTopicSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = (
            "id",
            *NAME_FIELDS,
            "code",
            "kind",
            "parent",
            "region",
            "approved_by",
            "since_year",
            "start_date",
            "end_date",
            "description_zh_hans",
            "description_ja",
            "description_en",
            "industry_directions",
            "parties",
            "topics",
            *BASE_FIELDS,
        )


class SubAreaSerializer(NamedModelSerializer):
    """A zone's core, wing or sub-area."""

    class Meta:
        model = SubArea
        fields = (
            "id",
            *NAME_FIELDS,
            "program",
            "kind",
            "code",
            "region",
            "industry_directions",
            "area_km2",
            *BASE_FIELDS,
        )
