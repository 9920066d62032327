import django_filters

from hezuo.base.filtersets import SearchFilterSet

from .models import IndustryClass, Organisation, Person

NAMES = ("name_zh_hans", "name_ja", "name_en")


class OrganisationFilterSet(SearchFilterSet):
    search_fields = (*NAMES, "aliases__name", "uscc", "jp_corporate_number")
    industry = django_filters.CharFilter(
        field_name="industry_classes__code",
        lookup_expr="startswith",
        label=Organisation._meta.get_field("industry_classes").verbose_name,
    )

    class Meta:
        model = Organisation
        fields = ["kind", "country", "is_synthetic"]


class PersonFilterSet(SearchFilterSet):
    search_fields = (
        *NAMES,
        "positions__title_zh_hans",
        "positions__title_ja",
        "positions__title_en",
    )

    class Meta:
        model = Person
        fields = ["is_synthetic"]


class IndustryClassFilterSet(SearchFilterSet):
    search_fields = ("code", *NAMES)

    class Meta:
        model = IndustryClass
        fields = ["level"]
