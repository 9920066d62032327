"""Serializers of the matchmaking desk: opportunities (owner masked while anonymous) and matches."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, HezuoModelSerializer

from ..choices import InterestStatus, InterpreterLanguage, MeetingOutcome
from ..models import Interest, Meeting, Opportunity, Suggestion
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
            cache[obj.pk] = owner_revealed(obj, user=getattr(request, "user", None))
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


class RevealMixin:
    """Who is behind each side of an introduction, hidden while the side is anonymous to you."""

    context: dict[str, Any]

    def revealed(self, opp: Opportunity) -> bool:
        request = self.context.get("request")
        cache = self.context.setdefault("_revealed", {})
        if opp.pk not in cache:
            cache[opp.pk] = owner_revealed(opp, user=getattr(request, "user", None))
        return bool(cache[opp.pk])

    def visible_parties(self, *opps: Opportunity) -> list[int]:
        return [o.owner_id for o in opps if o.owner_id is not None and self.revealed(o)]


class InterestSerializer(RevealMixin, HezuoModelSerializer):
    """One side's interest in (or refusal of) the other side's opportunity (read only here:
    written by ``POST /api/interests/`` and ``PATCH``, which go through the desk's services)."""

    opportunity_title = serializers.CharField(source="opportunity.title", read_only=True)
    counterpart_title = serializers.CharField(source="counterpart.title", read_only=True)
    answered = serializers.SerializerMethodField(
        help_text=_("Whether the other side has answered (with interest or a refusal).")
    )
    overdue = serializers.SerializerMethodField(
        help_text=_("Unanswered after its response deadline.")
    )
    parties = serializers.SerializerMethodField(
        help_text=_("The owner organisations of the two sides, leaving out an anonymous one.")
    )
    expressed_by = serializers.SerializerMethodField(
        help_text=_("The user who expressed it, or null while that side is anonymous to you.")
    )

    class Meta:
        model = Interest
        fields = (
            "id",
            "opportunity",
            "opportunity_title",
            "counterpart",
            "counterpart_title",
            "status",
            "message",
            "respond_by",
            "answered",
            "overdue",
            "reminded_at",
            "escalated_at",
            "expressed_by",
            "parties",
            "program",
            *BASE_FIELDS,
        )
        read_only_fields = fields

    def get_answered(self, obj: Interest) -> bool:
        answered = getattr(obj, "answered", None)
        return bool(obj.is_answered() if answered is None else answered)

    def get_overdue(self, obj: Interest) -> bool:
        from django.utils import timezone

        return (
            obj.status == InterestStatus.INTERESTED
            and obj.respond_by < timezone.localdate()
            and not self.get_answered(obj)
        )

    def get_parties(self, obj: Interest) -> list[int]:
        return self.visible_parties(obj.opportunity, obj.counterpart)

    def get_expressed_by(self, obj: Interest) -> int | None:
        return obj.expressed_by_id if self.revealed(obj.opportunity) else None


#: Record ids are checked against the database's integer range before any query.
ID = {"min_value": 1, "max_value": 2**63 - 1}


class InterestCreateSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(
        help_text=_("Your own opportunity, on whose behalf you express interest."), **ID
    )
    counterpart = serializers.IntegerField(
        help_text=_("The opportunity you are interested in."), **ID
    )
    status = serializers.ChoiceField(
        choices=InterestStatus.choices, default=InterestStatus.INTERESTED
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InterestChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InterestStatus.choices, required=False)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1)


class MeetingSerializer(RevealMixin, HezuoModelSerializer):
    """A meeting of the two sides of a mutual interest, and its outcome."""

    offer_title = serializers.CharField(source="offer.title", read_only=True)
    request_title = serializers.CharField(source="request.title", read_only=True)
    parties = serializers.SerializerMethodField(
        help_text=_("The owner organisations of the two sides, leaving out an anonymous one.")
    )

    class Meta:
        model = Meeting
        fields = (
            "id",
            "offer",
            "offer_title",
            "request",
            "request_title",
            "starts_at",
            "place",
            "video_link",
            "participants",
            "interpreter_needed",
            "interpreter_languages",
            "outcome",
            "agreement",
            "note",
            "parties",
            "program",
            *BASE_FIELDS,
        )
        read_only_fields = fields

    def get_parties(self, obj: Meeting) -> list[int]:
        return self.visible_parties(obj.offer, obj.request)


class _MeetingFields(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    video_link = serializers.CharField(required=False, allow_blank=True, max_length=200)
    participants = serializers.CharField(required=False, allow_blank=True)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    interpreter_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=InterpreterLanguage.choices), required=False
    )
    note = serializers.CharField(required=False, allow_blank=True)


class MeetingCreateSerializer(_MeetingFields):
    offer = serializers.IntegerField(help_text=_("One side's opportunity."), **ID)
    request = serializers.IntegerField(
        help_text=_("The other side's opportunity (of the complementary kind)."), **ID
    )


class MeetingChangeSerializer(_MeetingFields):
    starts_at = serializers.DateTimeField(required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    outcome = serializers.ChoiceField(choices=MeetingOutcome.choices, required=False)
    agreement = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("The agreement signed (with the outcome agreement signed)."),
        **ID,
    )
    version = serializers.IntegerField(required=False, min_value=1)


class SuggestionSerializer(HezuoModelSerializer):
    """A match shown (or e-mailed) to a user, and whether it was taken up."""

    suggested_title = serializers.CharField(source="suggested.title", read_only=True)
    shown_to_me = serializers.SerializerMethodField(
        help_text=_("Whether it was shown to you (who else saw it is not told).")
    )
    explanation = serializers.SerializerMethodField(
        help_text=_(
            "The engine's explanation now: the parts of the score, the shared concepts "
            "and phrases (null when the pair no longer matches)."
        )
    )

    class Meta:
        model = Suggestion
        fields = (
            "id",
            "opportunity",
            "suggested",
            "suggested_title",
            "rank",
            "score",
            "times_shown",
            "last_shown",
            "notified_at",
            "outcome",
            "shown_to_me",
            "explanation",
            "program",
            *BASE_FIELDS,
        )
        read_only_fields = fields

    def get_shown_to_me(self, obj: Suggestion) -> bool:
        request = self.context.get("request")
        return obj.shown_to_id == getattr(getattr(request, "user", None), "pk", None)

    def get_explanation(self, obj: Suggestion) -> dict[str, Any] | None:
        explain = self.context.get("explain")
        if explain is None:
            return None
        return explain(obj)


class InterestRequestSerializer(serializers.Serializer):
    counterpart = serializers.IntegerField(help_text=_("The opportunity you are interested in."))
    status = serializers.ChoiceField(choices=["interested", "declined"], default="interested")
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
