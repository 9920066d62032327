from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "hezuo.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from hezuo.base.history import register_reason_words

        from .choices import Stage

        # A stage move's reason is stored as "signed → registered"; shown with the stages' names.
        register_reason_words({stage.value: stage.label for stage in Stage})
