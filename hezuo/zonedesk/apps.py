from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonedeskConfig(AppConfig):
    name = "hezuo.zonedesk"
    label = "zonedesk"
    verbose_name = _("Zone office desk")

    def ready(self) -> None:
        from hezuo.projects import providers

        from . import selectors

        # Project figures are shown in CNY at the rates kept here, and a project is stuck after
        # its zone's thresholds: projects reads both through these readers, never importing us.
        providers.register(rates=selectors.rates_for, thresholds=selectors.thresholds_by_program)
