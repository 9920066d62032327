from hezuo.base.views import ModelViews

from . import filtersets, forms, tables
from .models import IndustryDirection, Program, Region, SubArea

region = ModelViews(
    Region, table=tables.RegionTable, filterset=filtersets.RegionFilterSet,
    form=forms.RegionForm, queryset=Region.objects.select_related("parent"),
)
program = ModelViews(
    Program, table=tables.ProgramTable, filterset=filtersets.ProgramFilterSet,
    form=forms.ProgramForm, queryset=Program.objects.select_related("region", "parent"),
)
subarea = ModelViews(
    SubArea, table=tables.SubAreaTable, filterset=filtersets.SubAreaFilterSet,
    form=forms.SubAreaForm, queryset=SubArea.objects.select_related("program", "region"),
)
industrydirection = ModelViews(
    IndustryDirection, table=tables.IndustryDirectionTable,
    filterset=filtersets.IndustryDirectionFilterSet, form=forms.IndustryDirectionForm,
)
