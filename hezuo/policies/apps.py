from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "hezuo.policies"
    label = "policies"
    verbose_name = _("Support policies")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
