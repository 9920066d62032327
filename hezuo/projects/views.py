"""The project record, its stage moves (with evidence) and the zone's pipeline."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hezuo.base.access import may_on
from hezuo.base.countries import country_name
from hezuo.base.date_widgets import IsoDateInput
from hezuo.base.export import content_disposition
from hezuo.base.views import ModelViews, ObjectDetailView
from hezuo.core import lifecycle
from hezuo.core.access import Action
from hezuo.directory.models import Organisation
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import IndustryDirection, Program, SubArea

from . import filtersets, selectors, services, tables
from . import forms as project_forms
from .choices import EvidenceKind, ProjectPartyRole, Stage
from .models import Project, ProjectParty, StageEvidence


class ProjectDetailView(ObjectDetailView):
    """A project with its stage, the moves that brought it there and their evidence."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.object
        context["stage_changes"] = (
            project.stage_changes.select_related("recorded_by")
            .prefetch_related("evidence")
            .order_by("-happened_on", "-pk")
        )
        if project.is_active and may_on(self.request.user, project, Action.CHANGE):
            context["stage_move_url"] = reverse("projects:stage_move", args=[project.pk])
        if project.program.kind == ProgramKind.ZONE:
            context["pipeline_url"] = reverse("projects:pipeline", args=[project.program.code])
        return context


project = ModelViews(
    Project,
    table=tables.ProjectTable,
    filterset=filtersets.ProjectFilterSet,
    form=project_forms.ProjectForm,
    queryset=Project.objects.select_related("program", "sub_area").prefetch_related(
        "parties__organisation"
    ),
    inlines=[project_forms.ProjectPartyFormSet],
    detail_class=ProjectDetailView,
)


# --- stage moves ------------------------------------------------------------------------------------


def evidence_rules() -> dict[str, dict[str, list[str]]]:
    """Return, per stage, the evidence kinds required for a move forward into it and accepted."""
    return {
        stage: {
            "required": [k.value for k in lifecycle.REQUIRED_EVIDENCE.get(stage, ())],
            "accepted": [k.value for k in lifecycle.ACCEPTED_EVIDENCE.get(stage, ())],
        }
        for stage in lifecycle.ALL_STAGES
    }


class StageMoveView(LoginRequiredMixin, View):
    """Move a project to another stage: the day it happened, a note, the evidence, a reason."""

    template_name = "projects/stage_move.html"

    def get_project(self, pk: int) -> Project:
        return get_object_or_404(
            Project.objects.restrict(self.request.user, Action.CHANGE).select_related("program"),
            pk=pk,
        )

    def render_page(
        self, project: Project, form: Any, formset: Any, *, status: int = 200
    ) -> HttpResponse:
        labels = dict(EvidenceKind.choices)
        rules = evidence_rules()
        required = {
            stage: [str(labels[k]) for k in rule["required"]] for stage, rule in rules.items()
        }
        context = {
            "project": project,
            "form": form,
            "formset": formset,
            "version": project.version,
            "rules_json": json.dumps(rules),
            "required_labels": json.dumps(required, ensure_ascii=False),
            "stages": [(s, Stage(s).label) for s in lifecycle.ALL_STAGES],
            "meta": Project._meta,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.get_project(pk)
        if not project.is_active:
            raise Http404
        form = project_forms.StageMoveForm(project=project)
        return self.render_page(project, form, project_forms.EvidenceFormSet(prefix="evidence"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.get_project(pk)
        form = project_forms.StageMoveForm(request.POST, project=project)
        formset = project_forms.EvidenceFormSet(request.POST, request.FILES, prefix="evidence")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(project, form, formset, status=400)
        posted = request.POST.get("_version", "")
        data = form.cleaned_data
        evidence = [
            services.EvidenceItem(
                kind=item["kind"], reference=item.get("reference") or "", file=item.get("file")
            )
            for item in formset.items()
        ]
        try:
            change = services.advance_stage(
                project=project,
                to_stage=data["to_stage"],
                happened_on=data["happened_on"],
                acting_user=request.user,
                note=data["note"],
                evidence=evidence,
                reason=data["reason"],
                skip_reason=data["skip_reason"],
                version=int(posted) if posted.isdigit() else None,
            )
        except ValidationError as error:
            add_errors(form, formset, error)
            return self.render_page(project, form, formset, status=400)
        messages.success(
            request,
            _("%(project)s moved from %(from)s to %(to)s on %(date)s.")
            % {
                "project": project.code,
                "from": change.get_from_stage_display(),
                "to": change.get_to_stage_display(),
                "date": change.happened_on.isoformat(),
            },
        )
        return HttpResponseRedirect(project.get_absolute_url())


def add_errors(form: forms.Form, formset: Any, error: ValidationError) -> None:
    """Put the errors of a refused move next to the fields they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        for item in errors:
            if name == "evidence" or name == "kind":
                formset._non_form_errors = formset.non_form_errors() + list(item.messages)
            elif name in form.fields:
                form.add_error(name, item)
            else:
                form.add_error(None, item)


class EvidenceFileView(LoginRequiredMixin, View):
    """Download the file of a piece of evidence, for those who may see its project."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        from hezuo.accounts.audit import record

        evidence = get_object_or_404(
            StageEvidence.objects.restrict(request.user, Action.VIEW).exclude(file=""), pk=pk
        )
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        record(
            "export",
            request=request,
            objects=[evidence],
            detail={"file": evidence.file.name},
        )
        response = FileResponse(handle)
        response["Content-Disposition"] = content_disposition(os.path.basename(evidence.file.name))
        return response


# --- the pipeline -----------------------------------------------------------------------------------


class PipelineFilterForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("as of"), required=False, widget=IsoDateInput())
    stage = forms.ChoiceField(label=gettext_lazy("stage"), required=False)
    sub_area = forms.ModelChoiceField(
        label=gettext_lazy("sub-area"), queryset=SubArea.objects.none(), required=False
    )
    direction = forms.ModelChoiceField(
        label=gettext_lazy("industry direction"),
        queryset=IndustryDirection.objects.none(),
        required=False,
    )
    country = forms.ChoiceField(label=gettext_lazy("investor country"), required=False)
    investor = forms.ModelChoiceField(
        label=gettext_lazy("investor"), queryset=Organisation.objects.none(), required=False
    )
    stuck = forms.BooleanField(label=gettext_lazy("stuck only"), required=False)

    def __init__(self, *args: Any, program: Program, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("all"))]
        self.fields["stage"].choices = any_ + list(Stage.choices)
        self.fields["sub_area"].queryset = program.sub_areas.restrict(user, Action.VIEW)
        self.fields["direction"].queryset = IndustryDirection.objects.filter(
            Q(programs=program) | Q(sub_areas__program=program)
        ).distinct()
        # The investors of the zone's projects this user may see: an enterprise must not learn
        # of another's lead through the filter's choices.
        investors = ProjectParty.objects.filter(
            project__in=Project.objects.restrict(user, Action.VIEW).filter(program=program),
            role=ProjectPartyRole.INVESTOR,
        )
        organisations = Organisation.objects.restrict(user, Action.VIEW).filter(
            pk__in=investors.values("organisation")
        )
        self.fields["investor"].queryset = organisations
        countries = sorted(set(organisations.exclude(country="").values_list("country", flat=True)))
        self.fields["country"].choices = any_ + [(c, country_name(c)) for c in countries]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["on"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["stuck"].widget.attrs["class"] = "form-check-input"


def zone_or_404(user: Any, code: str) -> Program:
    return get_object_or_404(
        Program.objects.restrict(user, Action.VIEW), code=code, kind=ProgramKind.ZONE
    )


def ids_url(ids: list[int]) -> str:
    """Return the project list showing exactly ``ids``."""
    return reverse("projects:project_list") + "?ids=" + ",".join(str(i) for i in sorted(ids))


def stage_url(program: Program, stage: str, ids: list[int], *, today: bool, narrowed: bool) -> str:
    """Return the project list behind a pipeline column: by its filter (the zone, the stage),
    which the list names in its caption, when the column is today's stage without further
    filters; else (a day in the past, a sub-area, an investor…) by the projects' numbers."""
    if today and not narrowed:
        query = urlencode({"program": program.pk, "stage": stage})
        return f"{reverse('projects:project_list')}?{query}"
    return ids_url(ids)


class PipelineView(LoginRequiredMixin, TemplateView):
    """A zone's projects by stage on a day, with the time in the stage and stuck flags."""

    template_name = "projects/pipeline.html"
    per_page = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        program = zone_or_404(user, kwargs["code"])
        form = PipelineFilterForm(self.request.GET or None, program=program, user=user)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        on: date = filters.pop("on", None) or timezone.localdate()
        stage = filters.pop("stage", None)
        stuck_only = filters.pop("stuck", False)
        result = selectors.pipeline(program, on=on, user=user, **filters)
        rows = result.rows
        if stage:
            rows = [r for r in rows if r.stage == stage]
        if stuck_only:
            rows = [r for r in rows if r.stuck]
        rows.sort(key=lambda r: (not r.stuck, -(r.days or 0), r.project.code))
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        investors = self.investors([r.project.pk for r in page.object_list])
        for row in page.object_list:
            row.investors = investors.get(row.project.pk, [])  # type: ignore[attr-defined]
            if row.threshold and row.days is not None:
                row.share = min(100, round(100 * row.days / row.threshold))  # type: ignore[attr-defined]
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("stage", None)
        thresholds = selectors.zone_settings(program).thresholds()
        columns = [
            {
                "stage": s,
                "label": Stage(s).label,
                "count": result.counts[s],
                "stuck": result.stuck_counts[s],
                "list_url": stage_url(
                    program,
                    s,
                    result.project_ids[s],
                    today=on == timezone.localdate(),
                    narrowed=bool(filters),
                ),
                "threshold": thresholds.get(s),
            }
            for s in Stage.values
        ]
        context.update(
            program=program,
            form=form,
            on=on,
            pipeline=result,
            columns=columns,
            total=len(result.rows),
            stuck_total=len(result.stuck),
            stuck_url=ids_url([r.project.pk for r in result.stuck]),
            shown=len(rows),
            page=page,
            stage=stage,
            stage_name=Stage(stage).label if stage else "",
            base_query=query.urlencode(),
            page_query=self.request.GET.copy(),
        )
        context["page_query"].pop("page", None)
        context["page_query"] = context["page_query"].urlencode()
        return context

    @staticmethod
    def investors(ids: list[int]) -> dict[int, list[Organisation]]:
        found: dict[int, list[Organisation]] = defaultdict(list)
        parties = ProjectParty.objects.filter(
            project_id__in=ids, role=ProjectPartyRole.INVESTOR
        ).select_related("organisation")
        for party in parties.order_by("pk"):
            found[party.project_id].append(party.organisation)
        return found


urlpatterns: list[URLPattern] = [
    path("<int:pk>/stage/", StageMoveView.as_view(), name="stage_move"),
    path("evidence/<int:pk>/file/", EvidenceFileView.as_view(), name="evidence_file"),
    path("zones/<str:code>/pipeline/", PipelineView.as_view(), name="pipeline"),
]
