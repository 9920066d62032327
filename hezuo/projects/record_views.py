"""Pages for a project's milestones and figures, and for the review of possible duplicates.

Reads go through ``restrict(user)`` and the selectors; every write goes through a function of
``hezuo.projects.services`` with ``acting_user`` by way of ``base.views.ServiceFormView`` (form →
service → errors on the form; 403 when the role may not; redirect and message on success). A
record out of scope answers 404, an anonymous visitor goes to the login.

Forms open in a modal through htmx (the form's fragment alone) or, without JavaScript, as a page
of their own. The zone desk's pages (services, enquiries, visits, rates, zone settings) are in
``hezuo.zonedesk.views``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.base.access import may, may_on
from hezuo.base.views import ServiceFormView
from hezuo.core.access import Action
from hezuo.regions.models import Program

from . import record_forms as forms
from . import selectors, services
from .choices import MONEY_FIGURES, FigureKind
from .models import Milestone, Project, ProjectFigure

DUPLICATES_PAGE_SIZE = 10


def project_or_404(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Project:
    """Return the project ``pk`` the user may see (else 404), checking ``action`` on it (403)."""
    project = get_object_or_404(
        Project.objects.restrict(request.user, Action.VIEW).select_related("program"), pk=pk
    )
    if action != Action.VIEW and not may_on(request.user, project, action):
        raise PermissionDenied
    return project


def _zone(code: str) -> Program:
    return get_object_or_404(Program, code=code)


class RecordFormView(ServiceFormView):
    """A form on a project's records (or a pair of projects): a modal on the project's page
    (htmx), or a page of its own without JavaScript."""

    template_name = "projects/records/form_page.html"
    fragment_name = "projects/records/_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if issubclass(self.form_class, forms.RecordForm):  # its choices narrowed to the user's
            kwargs["user"] = self.request.user
        return kwargs


class ProjectRecordFormView(RecordFormView):
    """A form that writes a record of the project in the URL, which the user may change."""

    def prepare(self) -> None:
        self.project = project_or_404(self.request, self.kwargs["pk"], Action.CHANGE)

    def get_success_url(self, result: Any) -> str:
        return self.project.get_absolute_url() + "#records"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(project=self.project, **kwargs)


# --- on a project: milestones, figures ---------------------------------------------------------


def figure_rows(project: Project) -> list[dict[str, Any]]:
    """Return per figure kind the latest figure with its CNY conversion and its whole history."""
    figures = ProjectFigure.objects.filter(project=project).order_by("-recorded_on", "-pk")
    by_kind: dict[str, list[selectors.FigureValue]] = defaultdict(list)
    for value in selectors.figure_values(figures):
        by_kind[value.figure.kind].append(value)
    rows = []
    for kind, label in FigureKind.choices:
        history = by_kind.get(kind, [])
        rows.append(
            {
                "kind": kind,
                "label": label,
                "latest": history[0] if history else None,
                "history": history,
                "is_money": kind in MONEY_FIGURES,
            }
        )
    return rows


def records_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    today = timezone.localdate()
    milestones = list(
        Milestone.objects.filter(project=project).select_related("owner").order_by("planned_on")
    )
    for m in milestones:
        m.overdue = m.is_overdue(today)  # type: ignore[attr-defined]
    return {
        "project": project,
        "milestones": milestones,
        "overdue_count": sum(1 for m in milestones if m.overdue),  # type: ignore[attr-defined]
        "figures": figure_rows(project),
        # the zone desk's service log of the project (hezuo.zonedesk), read by its relation
        "services": project.services.select_related("office").order_by("-provided_on", "-pk"),
        "can_change": project.is_active and may_on(request.user, project, Action.CHANGE),
        "today": today,
    }


@login_required
def project_records(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's milestones, figures and services: the panel of its detail page."""
    project = project_or_404(request, pk)
    context = records_context(request, project)
    if getattr(request, "htmx", False):
        return render(request, "projects/records/_panel.html", context)
    return render(request, "projects/records/project_records.html", context)


class MilestoneAddView(ProjectRecordFormView):
    form_class = forms.MilestoneForm
    title = gettext_lazy("Add a milestone")

    def perform(self, form: Any) -> Any:
        data = {**form.cleaned_data, "stage": form.cleaned_data["stage"] or ""}
        return services.add_milestone(project=self.project, acting_user=self.request.user, **data)

    def get_success_message(self, result: Any) -> str:
        return _("Milestone added: %(name)s") % {"name": result}


class MilestoneDoneView(ProjectRecordFormView):
    form_class = forms.MilestoneDoneForm
    title = gettext_lazy("Mark the milestone done")

    def prepare(self) -> None:
        super().prepare()
        self.milestone = get_object_or_404(
            Milestone, project=self.project, pk=self.kwargs["milestone"]
        )

    def get_initial(self) -> dict[str, Any]:
        item = self.milestone
        return {"actual_on": timezone.localdate(), "note": item.note, "version": item.version}

    def perform(self, form: Any) -> Any:
        return services.complete_milestone(
            milestone=self.milestone, acting_user=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result: Any) -> str:
        return _("Milestone done: %(name)s") % {"name": result}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(record=self.milestone, **kwargs)


class FigureAddView(ProjectRecordFormView):
    form_class = forms.FigureForm
    title = gettext_lazy("Record a figure")

    def get_initial(self) -> dict[str, Any]:
        initial = {"recorded_on": timezone.localdate(), "currency": "CNY"}
        if self.request.GET.get("kind") in FigureKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def perform(self, form: Any) -> Any:
        return services.record_figure(
            project=self.project, acting_user=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result: Any) -> str:
        return _("Figure recorded: %(name)s") % {"name": result}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(currencies=forms.COMMON_CURRENCIES, **kwargs)


# --- possible duplicates -----------------------------------------------------------------------------


def _pair_context(
    request: HttpRequest, pairs: list[selectors.DuplicatePair]
) -> list[dict[str, Any]]:
    user = request.user
    ids = {p.pk for pair in pairs for p in (pair.first, pair.second)}
    figures = selectors.latest_figures(
        ids, on=timezone.localdate(), kinds=[FigureKind.CONTRACTED_INVESTMENT]
    )
    rows = []
    for pair in pairs:
        prefix = f"{pair.first.pk}_{pair.second.pk}"
        can_act = may_on(user, pair.first, Action.CHANGE) and may_on(
            user, pair.second, Action.CHANGE
        )
        rows.append(
            {
                "pair": pair,
                "key": prefix,
                "percent": round(pair.similarity * 100),
                "sides": [
                    {
                        "project": p,
                        "investment": figures.get(p.pk, {}).get(FigureKind.CONTRACTED_INVESTMENT),
                        "agreements": list(p.agreements.all()),
                        "investors": [
                            party.organisation
                            for party in p.parties.all()
                            if party.role == "investor"
                        ],
                    }
                    for p in (pair.first, pair.second)
                ],
                "can_act": can_act,
                # merging archives one of them: the role must be allowed to archive it
                "merge_form": forms.MergeForm(
                    pair=(pair.first, pair.second), auto_id=f"id_{prefix}_%s"
                )
                if can_act
                and (
                    may_on(user, pair.first, Action.DELETE)
                    or may_on(user, pair.second, Action.DELETE)
                )
                else None,
                "dismiss_form": forms.DismissForm(auto_id=f"id_{prefix}_dismiss_%s")
                if can_act
                else None,
            }
        )
    return rows


@login_required
def duplicate_list(request: HttpRequest, code: str) -> HttpResponse:
    program = _zone(code)
    if not may(request.user, Project, Action.VIEW):
        raise PermissionDenied
    pairs = selectors.possible_duplicates(program, user=request.user)
    page = Paginator(pairs, DUPLICATES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/records/duplicate_list.html",
        {
            "program": program,
            "zone": program,
            "page": page,
            "count": len(pairs),
            "rows": _pair_context(request, list(page)),
            "threshold": f"{round(selectors.DUPLICATE_SIMILARITY * 100)}%",
        },
    )


class PairFormView(RecordFormView):
    """A decision on a pair of possible duplicates, posted from the list of pairs."""

    http_method_names = ["post"]

    def prepare(self) -> None:
        self.program = _zone(self.kwargs["code"])
        projects = Project.objects.restrict(self.request.user, Action.VIEW).filter(
            program=self.program
        )
        self.first = get_object_or_404(projects, pk=self.kwargs["first"])
        self.second = get_object_or_404(projects, pk=self.kwargs["second"])
        if self.first.pk == self.second.pk:
            raise Http404
        user = self.request.user
        if not (
            may_on(user, self.first, Action.CHANGE) and may_on(user, self.second, Action.CHANGE)
        ):
            raise PermissionDenied

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            back=reverse("projects:duplicate_list", args=[self.program.code]), **kwargs
        )


class DuplicateMergeView(PairFormView):
    form_class = forms.MergeForm
    title = gettext_lazy("Merge the duplicates")

    def get_form(self) -> Any:
        return forms.MergeForm(pair=(self.first, self.second), **self.get_form_kwargs())

    def perform(self, form: Any) -> Any:
        keep = form.cleaned_data["keep"]
        merge = self.second if keep.pk == self.first.pk else self.first
        try:
            services.merge_projects(
                keep=keep,
                merge=merge,
                reason=form.cleaned_data["reason"],
                acting_user=self.request.user,
            )
        except PermissionDenied as exc:
            raise ValidationError(_("Your role may not archive the project merged away.")) from exc
        return keep, merge

    def get_success_url(self, result: Any) -> str:
        return str(result[0].get_absolute_url())

    def get_success_message(self, result: Any) -> str:
        keep, merge = result
        return _("%(merged)s merged into %(kept)s.") % {"merged": merge.code, "kept": keep.code}


class DuplicateDismissView(PairFormView):
    form_class = forms.DismissForm
    title = gettext_lazy("Not a duplicate")

    def perform(self, form: Any) -> Any:
        return services.dismiss_duplicate(
            first=self.first,
            second=self.second,
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
        )

    def get_success_url(self, result: Any) -> str:
        return reverse("projects:duplicate_list", args=[self.program.code])

    def get_success_message(self, result: Any) -> str:
        return _("Marked as distinct: %(first)s and %(second)s.") % {
            "first": self.first.code,
            "second": self.second.code,
        }


urlpatterns: list[URLPattern] = [
    path("<int:pk>/records/", project_records, name="project_records"),
    path("<int:pk>/milestones/add/", MilestoneAddView.as_view(), name="milestone_add"),
    path(
        "<int:pk>/milestones/<int:milestone>/done/",
        MilestoneDoneView.as_view(),
        name="milestone_done",
    ),
    path("<int:pk>/figures/add/", FigureAddView.as_view(), name="figure_add"),
    path("zones/<slug:code>/duplicates/", duplicate_list, name="duplicate_list"),
    path(
        "zones/<slug:code>/duplicates/<int:first>/<int:second>/merge/",
        DuplicateMergeView.as_view(),
        name="duplicate_merge",
    ),
    path(
        "zones/<slug:code>/duplicates/<int:first>/<int:second>/dismiss/",
        DuplicateDismissView.as_view(),
        name="duplicate_dismiss",
    ),
]
