from typing import Any

from django.db.models import QuerySet

from hezuo.base.filtersets import SearchFilterSet

from . import selectors
from .models import Application, EligibilityRule, Policy


class PolicyFilterSet(SearchFilterSet):
    """Policies, searched in any of the three languages with the matching engine's tokens."""

    class Meta:
        model = Policy
        fields = [
            "program",
            "area",
            "benefit_kind",
            "status",
            "granted_without_application",
            "is_synthetic",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value.strip():
            return queryset
        found = selectors.search(queryset, value)
        return queryset.filter(pk__in=[p.pk for p in found])


class EligibilityRuleFilterSet(SearchFilterSet):
    search_fields = ("description", "policy__code", "policy__title_zh_hans")

    class Meta:
        model = EligibilityRule
        fields = ["policy"]


class ApplicationFilterSet(SearchFilterSet):
    search_fields = (
        "policy__code",
        "policy__title_zh_hans",
        "project__code",
        "enterprise__name_zh_hans",
        "enterprise__name_ja",
        "enterprise__name_en",
    )

    class Meta:
        model = Application
        fields = ["policy", "status", "without_application", "is_synthetic"]
