import django_tables2 as tables

from hezuo.base.tables import BaseTable, name_column

from .models import IndustryDirection, Program, Region, SubArea


class RegionTable(BaseTable):
    code = tables.Column(linkify=True)
    name = name_column()
    parent = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("code", "name", "level", "country", "parent")


class ProgramTable(BaseTable):
    name = name_column()
    region = tables.Column(linkify=True)
    parent = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Program
        fields = ("name", "kind", "region", "parent", "since_year")


class SubAreaTable(BaseTable):
    name = name_column()
    program = tables.Column(linkify=True)
    region = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = SubArea
        fields = ("name", "kind", "program", "region", "area_km2")


class IndustryDirectionTable(BaseTable):
    name = name_column()

    class Meta(BaseTable.Meta):
        model = IndustryDirection
        fields = ("code", "name")
