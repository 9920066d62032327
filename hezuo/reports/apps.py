from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The zone's reports: pipeline, dashboard, ledger, quarterly report and daily digest.

    No models: every figure is read from ``projects`` (and the zone desk) through the
    restricted query path. Nothing imports this app.
    """

    name = "hezuo.reports"
    label = "reports"
    verbose_name = _("Reports")
