from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "hezuo.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from hezuo.base.access import register_tree
        from hezuo.core.access import Scope

        from .models import Organisation

        register_tree(Scope.ORGANISATION.value, Organisation)
