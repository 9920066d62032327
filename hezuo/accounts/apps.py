from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hezuo.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hezuo.base.audit import register_recorder

        from . import audit, notifications, security, signals  # noqa: F401  (connects receivers)

        register_recorder(audit.write_entry)
