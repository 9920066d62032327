from django.urls import URLPattern

from hezuo.base.views import ModelViews

from . import filtersets, forms, tables
from .models import Project

project = ModelViews(
    Project,
    table=tables.ProjectTable,
    filterset=filtersets.ProjectFilterSet,
    form=forms.ProjectForm,
    queryset=Project.objects.select_related("program", "sub_area").prefetch_related(
        "parties__organisation"
    ),
    inlines=[forms.ProjectPartyFormSet],
)

urlpatterns: list[URLPattern] = []
