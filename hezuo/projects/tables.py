import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable, name_column

from .models import Project


class ProjectTable(BaseTable):
    code = tables.Column(linkify=True)
    title = name_column("title", _("title"))
    program = tables.Column(linkify=True)
    sub_area = tables.Column(linkify=True)
    stage = tables.TemplateColumn(
        '<span class="badge stage-{{ record.stage }}">{{ record.get_stage_display }}</span>'
    )
    investors = tables.TemplateColumn(
        "{% for p in record.parties.all %}{% if p.role == 'investor' %}{{ p.organisation }} "
        "{% endif %}{% endfor %}",
        verbose_name=_("investors"),
        orderable=False,
    )

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "code",
            "title",
            "program",
            "sub_area",
            "stage",
            "stage_since",
            "investors",
            "is_synthetic",
        )
