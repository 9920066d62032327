from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """The matchmaking desk (opportunities, interest, meetings). The package is named matchdesk
    to tell it from the engine in hezuo/core/matching; its label stays "matching", so its tables,
    migrations, content types and URL names did not move."""

    name = "hezuo.matchdesk"
    label = "matching"
    verbose_name = _("Matchmaking")
