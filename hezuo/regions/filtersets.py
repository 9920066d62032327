import django_filters

from hezuo.base.filtersets import SearchFilterSet

from .models import IndustryDirection, Program, Region, SubArea

NAMES = ("name_zh_hans", "name_ja", "name_en")


class RegionFilterSet(SearchFilterSet):
    search_fields = ("code", *NAMES)
    parent = django_filters.CharFilter(
        field_name="parent__code", label=Region._meta.get_field("parent").verbose_name
    )

    class Meta:
        model = Region
        fields = ["level", "country"]


class ProgramFilterSet(SearchFilterSet):
    search_fields = ("code", *NAMES)

    class Meta:
        model = Program
        fields = ["kind"]


class SubAreaFilterSet(SearchFilterSet):
    search_fields = ("code", *NAMES)

    class Meta:
        model = SubArea
        fields = ["program", "kind"]


class IndustryDirectionFilterSet(SearchFilterSet):
    search_fields = ("code", *NAMES)

    class Meta:
        model = IndustryDirection
        fields: list[str] = []
