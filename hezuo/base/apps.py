from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "hezuo.base"
    label = "base"
    verbose_name = _("Common")

    def ready(self) -> None:
        from .date_widgets import use_iso_date_inputs

        use_iso_date_inputs()
