from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "hezuo.regions"
    label = "regions"
    verbose_name = _("Regions and programs")

    def ready(self) -> None:
        from hezuo.base.access import register_tree
        from hezuo.core.access import Scope

        from .models import Program

        register_tree(Scope.PROGRAM.value, Program)
