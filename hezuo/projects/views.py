"""The project record and its stage moves (with evidence)."""

from __future__ import annotations

import json
import os
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views import View

from hezuo.base.access import may_on
from hezuo.base.export import content_disposition
from hezuo.base.views import ModelViews, ObjectDetailView
from hezuo.core import lifecycle
from hezuo.core.access import Action
from hezuo.regions.choices import ProgramKind

from . import filtersets, services, tables
from . import forms as project_forms
from .choices import EvidenceKind, Stage
from .models import Project, StageEvidence


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
            context["pipeline_url"] = reverse("reports:pipeline", args=[project.program.code])
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
        from hezuo.base.audit import record

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


urlpatterns: list[URLPattern] = [
    path("<int:pk>/stage/", StageMoveView.as_view(), name="stage_move"),
    path("evidence/<int:pk>/file/", EvidenceFileView.as_view(), name="evidence_file"),
]
