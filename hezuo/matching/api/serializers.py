"""Serializers of the matchmaking desk: opportunities (owner masked while anonymous) and matches."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, HezuoModelSerializer

from ..models import Opportunity
from ..selectors import owner_revealed

#: Fields that say who is behind an opportunity: hidden while it is anonymous to the reader.
OWNER_FIELDS = ("owner", "owner_person", "owner_name", "published_by")


class OpportunitySerializer(HezuoModelSerializer):
    """An offer or a request published for matchmaking."""

    owner_name = serializers.SerializerMethodField(
        help_text=_("The owner's name, or null while the opportunity is anonymous to you.")
    )
    owner_revealed = serializers.SerializerMethodField(
        help_text=_("Whether you may see who owns this opportunity.")
    )
    published_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Opportunity
        fields = (
            "id",
            "kind",
            "owner",
            "owner_person",
            "owner_name",
            "owner_revealed",
            "published_by",
            "anonymous",
            "language",
            "title",
            "text",
            "industry_classes",
            "region",
            "country",
            "quantity",
            "unit",
            "period",
            "price",
            "currency",
            "certifications",
            "valid_until",
            "program",
            *BASE_FIELDS,
        )

    def _revealed(self, obj: Opportunity) -> bool:
        request = self.context.get("request")
        cache = self.context.setdefault("_revealed", {})
        if obj.pk not in cache:
            cache[obj.pk] = owner_revealed(obj, getattr(request, "user", None))
        return bool(cache[obj.pk])

    def get_owner_name(self, obj: Opportunity) -> str | None:
        return obj.owner_name() if self._revealed(obj) else None

    def get_owner_revealed(self, obj: Opportunity) -> bool:
        return self._revealed(obj)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if not self._revealed(instance):
            for name in OWNER_FIELDS:
                data[name] = None
        return data


class MatchSerializer(serializers.Serializer):
    """One suggested opportunity, with the engine's explanation."""

    rank = serializers.IntegerField()
    score = serializers.FloatField()
    opportunity = OpportunitySerializer()
    components = serializers.ListField(child=serializers.DictField())
    terms = serializers.ListField(child=serializers.DictField())
    phrases = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class InterestRequestSerializer(serializers.Serializer):
    counterpart = serializers.IntegerField(help_text=_("The opportunity you are interested in."))
    status = serializers.ChoiceField(choices=["interested", "declined"], default="interested")
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
