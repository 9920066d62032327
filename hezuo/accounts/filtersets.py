import django_filters
from django.utils.translation import gettext_lazy as _

from hezuo.base.filtersets import SearchFilterSet

from .models import AuditEntry


class AuditEntryFilterSet(SearchFilterSet):
    search_fields = ("username", "object_type", "path", "reason")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("from"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("to"))

    class Meta:
        model = AuditEntry
        fields = ["action"]
