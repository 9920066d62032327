"""The project list's filters, among them those a report's figure opens the list with.

A dashboard's bar or a quarterly report's number links to the project list by the filter that
picks its projects ("reached ``signed`` by 2024-06-30", "signed in 2024-Q2", "stuck at the
quarter's end"), and the list names those filters in its caption. The filters read the same
rules the reports count with (:mod:`hezuo.projects.selectors`), so a list holds exactly the
projects of the figure that opened it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.filtersets import IdsFilter, SearchFilterSet
from hezuo.core import lifecycle
from hezuo.directory.models import Organisation

from . import selectors
from .choices import Move, ProjectPartyRole, Stage
from .models import Project, ProjectParty, StageChange


class QuarterField(forms.RegexField):
    """A calendar quarter written ``YYYY-Qn`` (2024-Q3), as the reports name quarters."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"invalid": _("Give a quarter as YYYY-Qn, e.g. 2024-Q3.")}
        )
        super().__init__(regex=r"^[1-9][0-9]{3}-Q[1-4]$", **kwargs)


class QuarterFilter(django_filters.CharFilter):
    field_class = QuarterField


def quarter_bounds(value: str) -> tuple[date, date]:
    """Return the first and last day of a quarter written ``YYYY-Qn``."""
    return lifecycle.quarter_bounds(int(value[:4]), int(value[-1]))


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
        method="with_investor_country", label=_("investor country (ISO code, e.g. JP)")
    )
    no_investor_country = django_filters.BooleanFilter(
        method="without_investor_country", label=_("without investor country")
    )
    investor = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="with_investor", label=_("investor")
    )
    no_sub_area = django_filters.BooleanFilter(
        field_name="sub_area", lookup_expr="isnull", label=_("without sub-area")
    )
    no_direction = django_filters.BooleanFilter(
        field_name="industry_directions",
        lookup_expr="isnull",
        distinct=True,
        label=_("without industry direction"),
    )
    # the life cycle on a day (default today): what a dashboard's funnel and a pipeline count
    on = django_filters.DateFilter(method="in_a_stage_on", label=_("as of"))
    stage_on = django_filters.MultipleChoiceFilter(
        choices=Stage.choices, method="in_stage_on", label=_("in stage on that day")
    )
    reached = django_filters.ChoiceFilter(
        choices=Stage.choices, method="reached_by", label=_("reached stage by that day")
    )
    stuck = django_filters.BooleanFilter(method="stuck_on", label=_("stuck on that day"))
    # signings and moves, as the signings chart and the quarterly report count them
    signed_in = QuarterFilter(method="signed_in_quarter", label=_("signed in quarter"))
    signed_by = django_filters.DateFilter(
        method="signed_on_or_before", label=_("signed on or before")
    )
    signing_day_unknown = django_filters.BooleanFilter(
        method="signed_on_unknown_day", label=_("signed, day unknown")
    )
    moved_in = QuarterFilter(method="moved_forward", label=_("moved forward in quarter"))
    moved_to = django_filters.ChoiceFilter(
        choices=Stage.choices, method="moved_forward", label=_("moved forward into stage")
    )

    ids = IdsFilter(
        field_name="pk", label=_("projects (numbers, comma-separated)"), widget=forms.HiddenInput
    )

    class Meta:
        model = Project
        fields = ["program", "sub_area", "stage", "industry_directions", "is_synthetic"]

    def day(self) -> date:
        """Return the day of ``on`` (today when not given): the day the life-cycle filters ask."""
        return self.form.cleaned_data.get("on") or timezone.localdate()

    @staticmethod
    def only(queryset: QuerySet[Project], ids: Any) -> QuerySet[Project]:
        return queryset.filter(pk__in=list(ids))

    def with_investor_country(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        """Projects with an investor from the country ``value`` (not a partner or operator)."""
        if not value.strip():
            return queryset
        investors = ProjectParty.objects.filter(
            role=ProjectPartyRole.INVESTOR, organisation__country__iexact=value.strip()
        )
        return queryset.filter(pk__in=investors.values("project_id"))

    def without_investor_country(
        self, queryset: QuerySet[Project], name: str, value: bool | None
    ) -> QuerySet[Project]:
        """Projects none of whose investors has a known country (value False: the others)."""
        if value is None:
            return queryset
        known = ProjectParty.objects.filter(
            role=ProjectPartyRole.INVESTOR, organisation__country__gt=""
        ).values("project_id")
        return queryset.exclude(pk__in=known) if value else queryset.filter(pk__in=known)

    def with_investor(
        self, queryset: QuerySet[Project], name: str, value: Organisation | None
    ) -> QuerySet[Project]:
        if value is None:
            return queryset
        investors = ProjectParty.objects.filter(role=ProjectPartyRole.INVESTOR, organisation=value)
        return queryset.filter(pk__in=investors.values("project_id"))

    def in_a_stage_on(
        self, queryset: QuerySet[Project], name: str, value: date | None
    ) -> QuerySet[Project]:
        """Projects in some stage of the life cycle on the day (created before it)."""
        if value is None:
            return queryset
        return self.only(queryset, selectors.stages_on(queryset, on=value))

    def in_stage_on(
        self, queryset: QuerySet[Project], name: str, value: list[str]
    ) -> QuerySet[Project]:
        if not value:
            return queryset
        found = selectors.stages_on(queryset, on=self.day())
        return self.only(queryset, (pk for pk, s in found.items() if s.stage in value))

    def reached_by(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        """Projects that had entered the stage or a later one by the day (the funnel's step)."""
        if not value:
            return queryset
        found = selectors.stages_on(queryset, on=self.day())
        return self.only(queryset, (pk for pk, s in found.items() if s.reached(value)))

    def stuck_on(
        self, queryset: QuerySet[Project], name: str, value: bool | None
    ) -> QuerySet[Project]:
        """Projects longer in their stage on the day than their zone allows (False: in a
        stage then, and not stuck)."""
        if value is None:
            return queryset
        rows = selectors.pipeline_rows(queryset, on=self.day())
        return self.only(queryset, (r.project.pk for r in rows if r.stuck == value))

    def signed_in_quarter(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        """Projects first signed in the quarter (a project signed twice counts on its first)."""
        if not value:
            return queryset
        start, end = quarter_bounds(value)
        days = selectors.signing_dates(queryset)
        return self.only(queryset, (pk for pk, d in days.items() if d and start <= d <= end))

    def signed_on_or_before(
        self, queryset: QuerySet[Project], name: str, value: date | None
    ) -> QuerySet[Project]:
        if value is None:
            return queryset
        days = selectors.signing_dates(queryset)
        return self.only(queryset, (pk for pk, d in days.items() if d and d <= value))

    def signed_on_unknown_day(
        self, queryset: QuerySet[Project], name: str, value: bool | None
    ) -> QuerySet[Project]:
        """Projects at ``signed`` or beyond whose signing day nobody recorded."""
        if value is None:
            return queryset
        signed = lifecycle.STAGES[lifecycle.stage_index(Stage.SIGNED) :]
        items = list(queryset)
        days = selectors.signing_dates(items)
        unknown = [p.pk for p in items if days[p.pk] is None and p.stage in signed]
        return self.only(queryset, unknown) if value else queryset.exclude(pk__in=unknown)

    def moved_forward(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        """Projects moved forward (in the quarter of ``moved_in``, into the stage of
        ``moved_to``); both filters read each other, so either may come first."""
        quarter = self.form.cleaned_data.get("moved_in")
        to_stage = self.form.cleaned_data.get("moved_to")
        if not (quarter or to_stage):
            return queryset
        moves = StageChange.objects.filter(project__in=queryset, move=Move.FORWARD)
        if quarter:
            start, end = quarter_bounds(quarter)
            moves = moves.filter(happened_on__gte=start, happened_on__lte=end)
        if to_stage:
            moves = moves.filter(to_stage=to_stage)
        return queryset.filter(pk__in=moves.values("project_id"))
