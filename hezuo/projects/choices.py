from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("lead")
    NEGOTIATING = "negotiating", _("negotiating")
    SIGNED = "signed", _("signed")
    REGISTERED = "registered", _("registered")
    CONSTRUCTION = "construction", _("construction")
    PRODUCTION = "production", _("production")
    CAPACITY = "capacity", _("full capacity")
    EXPANSION = "expansion", _("expansion")
    TERMINATED = "terminated", _("terminated")


#: The life cycle in order; terminated stands outside it.
STAGE_ORDER = [s for s in Stage.values if s != Stage.TERMINATED]


class ProjectPartyRole(models.TextChoices):
    INVESTOR = "investor", _("investor")
    PARTNER = "partner", _("partner")
    OPERATOR = "operator", _("operator")
