import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable, name_column

from .models import Application, EligibilityRule, Policy


class PolicyTable(BaseTable):
    code = tables.Column(linkify=True)
    title = name_column("title", _("title"))
    program = tables.Column(linkify=True)
    area = tables.Column()
    benefit_kind = tables.Column()
    status = tables.TemplateColumn(
        '<span class="badge text-bg-{% if record.status == "in_force" %}success'
        '{% elif record.status == "draft" %}secondary{% else %}light{% endif %}">'
        "{{ record.get_status_display }}</span>"
    )

    class Meta(BaseTable.Meta):
        model = Policy
        fields = (
            "code",
            "title",
            "program",
            "area",
            "benefit_kind",
            "effective_from",
            "effective_to",
            "status",
            "granted_without_application",
            "is_synthetic",
        )


class EligibilityRuleTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    policy = tables.Column(linkify=True)
    description = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = EligibilityRule
        fields = ("id", "policy", "description", "is_synthetic")


class ApplicationTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    policy = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    enterprise = tables.Column(linkify=True)
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Application
        fields = (
            "id",
            "applied_on",
            "policy",
            "project",
            "enterprise",
            "status",
            "amount_requested",
            "amount_granted",
            "without_application",
            "is_synthetic",
        )
