"""Serializers of support policies, their eligibility rules and applications."""

from __future__ import annotations

from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer

from ..models import Application, EligibilityRule, Policy


class PolicySerializer(TitledModelSerializer):
    """A support policy of a zone: area, benefit, formula and cap, status, dates."""

    class Meta:
        model = Policy
        fields = (
            "id",
            "code",
            *TITLE_FIELDS,
            "summary_zh_hans",
            "summary_ja",
            "summary_en",
            "issuing_body",
            "program",
            "sub_areas",
            "area",
            "full_text",
            "link",
            "effective_from",
            "effective_to",
            "benefit_kind",
            "benefit_formula",
            "benefit_cap",
            "required_documents",
            "status",
            "granted_without_application",
            *BASE_FIELDS,
        )


class EligibilityRuleSerializer(HezuoModelSerializer):
    """A rule of a policy as JSON (all/any/not over conditions); refused with the reason when
    it names an unknown field or operator."""

    class Meta:
        model = EligibilityRule
        fields = ("id", "policy", "description", "rule", *BASE_FIELDS)


class ApplicationSerializer(HezuoModelSerializer):
    """An application for a policy; its status moves through the submit and decide actions."""

    class Meta:
        model = Application
        fields = (
            "id",
            "enterprise",
            "project",
            "policy",
            "applied_on",
            "status",
            "amount_requested",
            "amount_granted",
            "documents",
            "decision_note",
            "decided_on",
            "without_application",
            *BASE_FIELDS,
        )
        read_only_fields = (
            "status",
            "amount_requested",
            "amount_granted",
            "decision_note",
            "decided_on",
            "without_application",
        )


class DecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    approve = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
