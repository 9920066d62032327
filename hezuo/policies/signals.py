"""Re-judge a project's policies when its stage, sub-area or a figure changes.

The projects app knows nothing of policies (dependencies point the other way), so the policies
app listens: before a project or figure is saved (or a figure deleted) it reads the project's
facts as they stand, after the save it records the policies the project newly qualifies for
(``services.notice_newly_qualifying``), inside the same transaction. Only zones with a policy in
force are judged, and only for changes that can move a verdict.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from hezuo.projects.models import Project, ProjectFigure

from . import services
from .choices import NoticeCause

BEFORE = "_policies_before"


@receiver(pre_save, sender=Project, dispatch_uid="policies_project_before")
def project_before(sender: Any, instance: Project, raw: bool = False, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if raw or instance._state.adding or instance.pk is None:
        return
    if fields is not None and not {"stage", "sub_area", "sub_area_id"} & set(fields):
        return
    old = Project.objects.filter(pk=instance.pk).values("stage", "sub_area_id").first()
    if old is None or (old["stage"], old["sub_area_id"]) == (instance.stage, instance.sub_area_id):
        return
    if not services.program_has_policies(instance.program_id):
        return
    cause = NoticeCause.STAGE if old["stage"] != instance.stage else NoticeCause.RECORD
    setattr(instance, BEFORE, (services.project_facts(instance.pk), cause))


@receiver(post_save, sender=Project, dispatch_uid="policies_project_after")
def project_after(sender: Any, instance: Project, raw: bool = False, **kwargs: Any) -> None:
    found = instance.__dict__.pop(BEFORE, None)
    if found is not None and not raw:
        services.notice_newly_qualifying(project_id=instance.pk, before=found[0], cause=found[1])


def _figure_before(instance: ProjectFigure) -> None:
    program = Project.objects.filter(pk=instance.project_id).values_list("program_id", flat=True)
    if instance.project_id and services.program_has_policies(program.first()):
        setattr(instance, BEFORE, services.project_facts(instance.project_id))


def _figure_after(instance: ProjectFigure) -> None:
    before = instance.__dict__.pop(BEFORE, None)
    if before is not None:
        services.notice_newly_qualifying(
            project_id=instance.project_id, before=before, cause=NoticeCause.FIGURE
        )


@receiver(pre_save, sender=ProjectFigure, dispatch_uid="policies_figure_before")
def figure_before(sender: Any, instance: ProjectFigure, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _figure_before(instance)


@receiver(post_save, sender=ProjectFigure, dispatch_uid="policies_figure_after")
def figure_after(sender: Any, instance: ProjectFigure, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _figure_after(instance)


@receiver(pre_delete, sender=ProjectFigure, dispatch_uid="policies_figure_deleting")
def figure_deleting(sender: Any, instance: ProjectFigure, **kwargs: Any) -> None:
    _figure_before(instance)


@receiver(post_delete, sender=ProjectFigure, dispatch_uid="policies_figure_deleted")
def figure_deleted(sender: Any, instance: ProjectFigure, **kwargs: Any) -> None:
    _figure_after(instance)
