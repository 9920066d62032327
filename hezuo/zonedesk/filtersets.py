"""The filters of the desk's lists: enquiries, aftercare visits and exchange rates.

Every record choice is narrowed to what the user may see (``RestrictedFilterSet``); the free-text
search never looks into personal data (an enquiry's contact).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.filtersets import RestrictedFilterSet, SearchFilterSet
from hezuo.directory.models import Organisation
from hezuo.regions.models import Program

from .choices import RateSource
from .forms import OfficerChoiceField, office_users
from .models import AftercareVisit, Enquiry, ExchangeRate


class CheckboxFilter(django_filters.Filter):
    """A box to tick (``?name=on``), not a yes / no / either choice."""

    field_class = forms.BooleanField


class OfficerFilter(django_filters.ModelChoiceFilter):
    field_class = OfficerChoiceField


class EnquiryFilterSet(SearchFilterSet):
    STATUSES = [
        ("open", _("Awaiting answer")),
        ("overdue", _("Overdue")),
        ("escalated", _("Escalated")),
        ("answered", _("Answered")),
    ]

    program = django_filters.ModelChoiceFilter(queryset=Program.objects.none(), label=_("zone"))
    status = django_filters.ChoiceFilter(
        choices=STATUSES, method="with_status", label=_("status"), empty_label=_("all")
    )
    officer = OfficerFilter(queryset=get_user_model().objects.none(), label=_("officer"))
    search_fields = (
        "question",
        "investor_name",
        "investor__name_zh_hans",
        "investor__name_ja",
        "investor__name_en",
    )

    class Meta:
        model = Enquiry
        fields = ["program", "status", "officer", "q"]

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the zones a filter offers are the page's (zones with visible enquiries, one's own),
        # and the officers those who answer enquiries: users are not records one may see
        self.filters["program"].queryset = programs
        self.filters["officer"].queryset = office_users()

    def with_status(self, queryset: QuerySet[Enquiry], name: str, value: str) -> QuerySet[Enquiry]:
        today = timezone.localdate()
        if value == "answered":
            return queryset.filter(answered_at__isnull=False)
        if value == "open":
            return queryset.filter(answered_at__isnull=True).filter(
                Q(respond_by__gte=today) | Q(respond_by__isnull=True)
            )
        if value == "overdue":
            return queryset.filter(answered_at__isnull=True, respond_by__lt=today)
        if value == "escalated":
            return queryset.filter(escalated_at__isnull=False)
        return queryset


class VisitFilterSet(SearchFilterSet):
    program = django_filters.ModelChoiceFilter(queryset=Program.objects.none(), label=_("zone"))
    office = django_filters.ModelChoiceFilter(
        field_name="visiting_office",
        queryset=Organisation.objects.none(),
        label=_("visiting office"),
    )
    expansion = CheckboxFilter(method="intending_to_expand", label=_("intends to expand"))
    search_fields = (
        "organisation__name_zh_hans",
        "organisation__name_ja",
        "organisation__name_en",
        "issues",
        "follow_ups",
    )

    class Meta:
        model = AftercareVisit
        fields = ["program", "office", "expansion", "q"]

    def __init__(
        self,
        *args: Any,
        programs: QuerySet[Program],
        offices: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters["program"].queryset = programs
        self.filters["office"].queryset = offices

    def intending_to_expand(
        self, queryset: QuerySet[AftercareVisit], name: str, value: bool
    ) -> QuerySet[AftercareVisit]:
        return queryset.filter(expansion_intention=True) if value else queryset


class RateFilterSet(RestrictedFilterSet):
    currency = django_filters.CharFilter(method="in_currency", label=_("currency"), max_length=3)
    source = django_filters.ChoiceFilter(
        choices=RateSource.choices, label=_("source"), empty_label=_("all")
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = ExchangeRate
        fields = ["currency", "source", "date_from", "date_to"]

    def in_currency(
        self, queryset: QuerySet[ExchangeRate], name: str, value: str
    ) -> QuerySet[ExchangeRate]:
        return queryset.filter(currency=value.strip().upper()) if value.strip() else queryset
