import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.filtersets import IdsFilter, SearchFilterSet

from .models import Project


class ProjectFilterSet(SearchFilterSet):
    search_fields = (
        "code",
        "title_zh_hans",
        "title_ja",
        "title_en",
        "parties__organisation__name_zh_hans",
        "parties__organisation__name_ja",
        "parties__organisation__name_en",
        "parties__organisation__aliases__name",
    )
    investor_country = django_filters.CharFilter(
        field_name="parties__organisation__country",
        lookup_expr="iexact",
        distinct=True,
        label=_("investor country (ISO code, e.g. JP)"),
    )

    ids = IdsFilter(
        field_name="pk", label=_("projects (numbers, comma-separated)"), widget=forms.HiddenInput
    )

    class Meta:
        model = Project
        fields = ["program", "sub_area", "stage", "industry_directions", "is_synthetic"]
