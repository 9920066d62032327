from typing import Any

from django.db.models import Count, Q

from hezuo.base.views import ModelViews, ObjectDetailView

from . import filtersets, forms, tables
from .models import IndustryDirection, Program, Region, SubArea

region = ModelViews(
    Region,
    table=tables.RegionTable,
    filterset=filtersets.RegionFilterSet,
    form=forms.RegionForm,
    queryset=Region.objects.select_related("parent"),
)


class ProgramDetailView(ObjectDetailView):
    """A program's home: its structure, parties, projects by stage, events and agreements."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        program, user = self.object, self.request.user
        projects = program.projects.restrict(user).filter(archived_at__isnull=True)
        counts = dict(projects.values_list("stage").annotate(n=Count("pk")))
        # the stages read from the related field: regions sits below projects and never imports it
        stages = projects.model._meta.get_field("stage").choices
        context.update(
            stages=[(value, label, counts.get(value, 0)) for value, label in stages],
            project_total=projects.count(),
            recent_projects=projects.select_related("sub_area").order_by(
                "is_synthetic", "-stage_since"
            )[:10],
            sub_areas=program.sub_areas.restrict(user)
            .select_related("region")
            .prefetch_related("industry_directions")
            .annotate(
                project_count=Count(
                    "projects", filter=Q(projects__in=projects.values("pk")), distinct=True
                )
            ),
            parties=program.parties.restrict(user).select_related("region", "organisation"),
            topics=program.topics.restrict(user),
            # facts of the source first, then the synthetic layer
            events=program.events.restrict(user).order_by("is_synthetic", "-date")[:10],
            agreements=program.agreements.restrict(user)
            .filter(archived_at__isnull=True)
            .prefetch_related("parties__organisation")
            .order_by("is_synthetic", "-signed_on", "sequence")[:20],
            children=program.children.restrict(user),
        )
        return context


program = ModelViews(
    Program,
    table=tables.ProgramTable,
    filterset=filtersets.ProgramFilterSet,
    form=forms.ProgramForm,
    queryset=Program.objects.select_related("region", "parent"),
    detail_class=ProgramDetailView,
)
subarea = ModelViews(
    SubArea,
    table=tables.SubAreaTable,
    filterset=filtersets.SubAreaFilterSet,
    form=forms.SubAreaForm,
    queryset=SubArea.objects.select_related("program", "region"),
)
industrydirection = ModelViews(
    IndustryDirection,
    table=tables.IndustryDirectionTable,
    filterset=filtersets.IndustryDirectionFilterSet,
    form=forms.IndustryDirectionForm,
)
