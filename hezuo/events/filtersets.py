import django_filters

from hezuo.base.filtersets import SearchFilterSet

from .models import Agreement, Event, SourceDocument

TITLES = ("title_zh_hans", "title_ja", "title_en")


class EventFilterSet(SearchFilterSet):
    search_fields = (
        *TITLES,
        "venue_zh_hans",
        "venue_ja",
        "venue_en",
        "participations__person__name_zh_hans",
    )
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Event
        fields = ["kind", "status", "program", "is_synthetic"]


class AgreementFilterSet(SearchFilterSet):
    search_fields = (
        *TITLES,
        "parties__organisation__name_zh_hans",
        "parties__organisation__name_ja",
        "parties__organisation__name_en",
        "parties__organisation__aliases__name",
    )

    class Meta:
        model = Agreement
        fields = ["kind", "program", "event", "currency", "is_synthetic"]


class SourceDocumentFilterSet(SearchFilterSet):
    search_fields = (*TITLES, "publication")

    class Meta:
        model = SourceDocument
        fields: list[str] = []
