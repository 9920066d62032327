"""Abstract base models: history, timestamps, version, synthetic marker, names in three languages."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import RestrictedQuerySet

#: Order in which a missing name falls back to another language.
NAME_LANGUAGES = ("zh-hans", "ja", "en")


def _lang_field(prefix: str, lang: str) -> str:
    return f"{prefix}_{lang.replace('-', '_')}"


def localized(obj: object, prefix: str, lang: str | None = None) -> str:
    """Return ``obj.<prefix>_<lang>`` in the active language, falling back to the others."""
    lang = (lang or get_language() or "zh-hans").lower()
    if lang.startswith("zh"):
        lang = "zh-hans"
    elif lang.startswith("ja"):
        lang = "ja"
    else:
        lang = "en" if lang.startswith("en") else lang
    order = [lang] + [code for code in NAME_LANGUAGES if code != lang]
    for code in order:
        value = getattr(obj, _lang_field(prefix, code), "")
        if value:
            return str(value)
    return ""


class HistoryRecords(HistoricalRecords):
    """simple-history's records, whose table a model may name (``history_table``).

    A model moved to another app keeps its history table's name (no data moved); simple-history
    takes ``table_name`` only from a model's own ``HistoricalRecords``, not an inherited one.
    """

    def get_meta_options(self, model: type[models.Model]) -> dict[str, object]:
        options = super().get_meta_options(model)
        table = getattr(model, "history_table", None)
        if table:
            options["db_table"] = table
        return options


class HezuoModel(models.Model):
    """Every record: kept in history, timestamped, versioned, and marked when synthetic."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_("Generated demo data, not a fact from a source."),
    )
    # The history row's user is not a database foreign key: a million-row import would
    # otherwise check that one user a million times at COMMIT (bench/imports); a user deleted
    # through Django still sets it to NULL (simple-history's on_delete=SET_NULL).
    history = HistoryRecords(inherit=True, user_db_constraint=False)

    objects = RestrictedQuerySet.as_manager()

    #: The group of the access matrix (hezuo.core.access.Group) this record belongs to.
    access_group: str | None = None
    #: For each scope (program, organisation, region), the lookup from this record to it.
    access_paths: dict[str, str] = {}
    #: Fields holding personal data, masked unless the user's role allows them.
    personal_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class NamedModel(HezuoModel):
    """A record with a name in zh-Hans, ja and en; the name shown follows the user's language."""

    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ArchivableMixin(models.Model):
    """An important record is archived, with a reason, rather than deleted."""

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=300, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class FormSubmission(models.Model):
    """A form sent once: its one-time token, claimed before the view runs (base.submissions).

    The unique token makes the claim hold across processes and threads; ``status`` stays empty
    while the first request runs and then keeps its answer (a redirect) for a repeat of it.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    #: the user who sent it (no foreign key: a technical row, removed after a day)
    user_id = models.BigIntegerField(_("user"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=300)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    status = models.PositiveSmallIntegerField(_("answer status"), null=True, blank=True)
    location = models.CharField(_("answer location"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.path} · {self.created:%Y-%m-%d %H:%M:%S}"
