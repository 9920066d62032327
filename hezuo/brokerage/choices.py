"""Choices of brokerage events: kinds, statuses, priorities and schedule runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ROADSHOW = "roadshow", _("product roadshow")
    MATCHMAKING_DAY = "matchmaking_day", _("matchmaking day")
    OTHER = "other", _("other brokerage event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("registration open")
    CLOSED = "closed", _("registration closed")
    SCHEDULED = "scheduled", _("schedule computed")
    AGENDAS_SENT = "agendas_sent", _("agendas sent")


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SolverStatus(models.TextChoices):
    OPTIMAL = "optimal", _("optimal")
    FEASIBLE = "feasible", _("feasible (time limit reached)")
    EMPTY = "empty", _("no meeting can take place")
    GREEDY = "greedy", _("greedy (solver found nothing better in time)")
