"""Serializers for regions, programs, their parties, sub-areas, topics and industry directions."""

from __future__ import annotations

from hezuo.base.api import BASE_FIELDS, NAME_FIELDS, NamedModelSerializer

from ..models import IndustryDirection, Program, ProgramParty, ProgramTopic, Region, SubArea


class RegionSerializer(NamedModelSerializer):
    class Meta:
        model = Region
        fields = ("id", *NAME_FIELDS, "code", "level", "country", "parent", *BASE_FIELDS)


class IndustryDirectionSerializer(NamedModelSerializer):
    class Meta:
        model = IndustryDirection
        fields = ("id", *NAME_FIELDS, "code", "industry_classes", *BASE_FIELDS)


class ProgramPartySerializer(NamedModelSerializer):
    class Meta:
        model = ProgramParty
        fields = (
            "id", *NAME_FIELDS, "program", "role", "region", "organisation", "country",
            *BASE_FIELDS,
        )


class ProgramTopicSerializer(NamedModelSerializer):
    class Meta:
        model = ProgramTopic
        fields = ("id", *NAME_FIELDS, "program", "kind", "position", *BASE_FIELDS)


class ProgramSerializer(NamedModelSerializer):
    parties = ProgramPartySerializer(many=True, read_only=True)
    topics = ProgramTopicSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = (
            "id", *NAME_FIELDS, "code", "kind", "parent", "region", "approved_by", "since_year",
            "start_date", "end_date", "description_zh_hans", "description_ja", "description_en",
            "industry_directions", "parties", "topics", *BASE_FIELDS,
        )


class SubAreaSerializer(NamedModelSerializer):
    class Meta:
        model = SubArea
        fields = (
            "id", *NAME_FIELDS, "program", "kind", "code", "region", "industry_directions",
            "area_km2", *BASE_FIELDS,
        )
