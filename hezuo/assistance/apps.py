from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "hezuo.assistance"
    label = "assistance"
    verbose_name = _("Assistance partnership")

    def ready(self) -> None:
        from .lookups import register_lookups

        register_lookups()
