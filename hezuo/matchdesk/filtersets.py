import django_filters
from django.utils.translation import gettext_lazy as _

from hezuo.base.filtersets import SearchFilterSet

from .models import Opportunity


class OpportunityFilterSet(SearchFilterSet):
    # the owner is not a filter: it would find anonymous opportunities by their owner
    search_fields = ("title", "text", "certifications")
    valid_after = django_filters.DateFilter(
        field_name="valid_until", lookup_expr="gte", label=_("valid on or after")
    )
    industry = django_filters.CharFilter(
        field_name="industry_classes__code", lookup_expr="startswith", label=_("industry code")
    )

    class Meta:
        model = Opportunity
        fields = ["kind", "language", "country", "program", "is_synthetic"]
