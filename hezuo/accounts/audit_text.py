"""An audit entry in words, in the reader's language: its details and the records it names.

The audit log keeps each entry's details as data (``AuditEntry.detail``: codes, ids, field
names), so that they can be read again in any language; the log page and its export show them
through :class:`AuditText`, with field names as their verbose names and values labelled.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from .choices import Language, Role

#: The keys ``record()``'s callers put in ``detail``, as words.
DETAIL_LABELS = {
    "format": pgettext_lazy("audit", "format"),
    "rows": pgettext_lazy("audit", "rows"),
    "filters": pgettext_lazy("audit", "filters"),
    "report": pgettext_lazy("audit", "report"),
    "zone": pgettext_lazy("audit", "cooperation zone"),
    "on": pgettext_lazy("audit", "as of"),
    "quarter": pgettext_lazy("audit", "quarter"),
    "check": pgettext_lazy("audit", "check"),
    "policy": pgettext_lazy("audit", "policy"),
    "file": pgettext_lazy("audit", "file"),
    "merged_into": pgettext_lazy("audit", "merged into"),
    "code": pgettext_lazy("audit", "code"),
    "kept": pgettext_lazy("audit", "kept"),
    "ledger": pgettext_lazy("audit", "ledger"),
    "created": pgettext_lazy("audit", "created"),
    "updated": pgettext_lazy("audit", "updated"),
    "unchanged": pgettext_lazy("audit", "unchanged"),
    "errors": pgettext_lazy("audit", "errors"),
    "refused": pgettext_lazy("audit", "refused"),
    "lang": pgettext_lazy("audit", "language"),
    "change": pgettext_lazy("audit", "change"),
    "member": pgettext_lazy("audit", "user"),
    "role": pgettext_lazy("audit", "role"),
    "organisation": pgettext_lazy("audit", "organisation"),
    "program": pgettext_lazy("audit", "program"),
    "regions": pgettext_lazy("audit", "regions"),
    "changed": pgettext_lazy("audit", "changed"),
    "name": pgettext_lazy("audit", "name"),
    "owner": pgettext_lazy("audit", "owner"),
    "prefix": pgettext_lazy("audit", "key prefix"),
    "expires": pgettext_lazy("audit", "expires"),
    "method": pgettext_lazy("audit", "method"),
    "failures": pgettext_lazy("audit", "failed attempts"),
    "cool_off_minutes": pgettext_lazy("audit", "locked for (minutes)"),
    "fields": pgettext_lazy("audit", "fields"),
    "unmasked": pgettext_lazy("audit", "personal data unmasked"),
}
#: Coded values of ``detail`` (``change``, ``report``, ``method``), as words.
VALUE_LABELS = {
    "granted": pgettext_lazy("audit", "granted"),
    "changed": pgettext_lazy("audit", "changed"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "created": pgettext_lazy("audit", "created"),
    "enabled": pgettext_lazy("audit", "enabled"),
    "disabled": pgettext_lazy("audit", "disabled"),
    "regions add": pgettext_lazy("audit", "regions added"),
    "regions remove": pgettext_lazy("audit", "regions removed"),
    "regions clear": pgettext_lazy("audit", "regions cleared"),
    "ledger": pgettext_lazy("audit", "project ledger"),
    "quarterly": pgettext_lazy("audit", "quarterly report"),
    "totp": pgettext_lazy("audit", "authenticator app (TOTP)"),
}
#: Filters of a list that are no model field.
FILTER_LABELS = {
    "q": pgettext_lazy("audit", "search"),
    "archived": pgettext_lazy("audit", "archived too"),
    "sort": pgettext_lazy("audit", "sorted by"),
    "since": pgettext_lazy("audit", "from"),
    "until": pgettext_lazy("audit", "to"),
}
#: Which model names the ids of a detail key.
REFERENCES = {
    "organisation": "directory.Organisation",
    "program": "regions.Program",
    "regions": "regions.Region",
}


def model_of(label: str) -> type[models.Model] | None:
    """Return the model of an ``app_label.model_name`` label, or None."""
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """Return a field's verbose name (the name itself when the model has no such field)."""
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return str(FILTER_LABELS.get(name, name))


class AuditText:
    """Reads audit entries in words; remembers the names of the records it looked up."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, Any], str] = {}

    def record_url(self, entry: Any) -> str | None:
        """Return the page of the one record an entry names (none for a deletion)."""
        if len(entry.object_ids) != 1 or entry.action == "delete":
            return None
        model = model_of(entry.object_type)
        if model is None:
            return None
        try:
            return reverse(
                f"{model._meta.app_label}:{model._meta.model_name}_detail",
                args=[entry.object_ids[0]],
            )
        except NoReverseMatch:
            # legitimately: a record type with no page of its own (a membership, an API token);
            # the name is built from the type, never typed, so no typo hides here
            return None

    def object_type(self, label: str) -> str:
        model = model_of(label)
        return str(model._meta.verbose_name) if model is not None else label

    def detail(self, entry: Any) -> str:
        """Return ``entry.detail`` in words: "label: value; label: value"."""
        model = model_of(entry.object_type)
        parts = [
            pgettext("audit detail", "%(label)s: %(value)s")
            % {"label": DETAIL_LABELS.get(key, key), "value": self.value(key, value, model)}
            for key, value in (entry.detail or {}).items()
            if value not in (None, "", [], {})
        ]
        return pgettext("list separator", "; ").join(parts)

    def value(self, key: str, value: Any, model: type[models.Model] | None) -> str:
        """Return one detail's value in words."""
        comma = pgettext("list separator", ", ")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if key == "role":
            return str(Role(value).label) if value in Role.values else str(value)
        if key == "lang":
            return str(Language(value).label) if value in Language.values else str(value)
        if key == "format":
            return str(value).upper()
        if key in REFERENCES:
            ids = value if isinstance(value, list) else [value]
            return comma.join(self.name(REFERENCES[key], pk) for pk in ids)
        if key in ("fields", "unmasked"):
            return comma.join(field_label(model, str(name)) for name in value)
        if key == "filters" and isinstance(value, dict):
            return comma.join(
                pgettext("filter", "%(field)s = %(value)s")
                % {"field": field_label(model, k), "value": v}
                for k, v in value.items()
            )
        if key == "changed" and isinstance(value, dict):
            user_model = model_of("auth.user")
            return comma.join(
                pgettext("change", "%(field)s: %(before)s → %(after)s")
                % {
                    "field": field_label(user_model, k),
                    "before": self.value("", before, None),
                    "after": self.value("", after, None),
                }
                for k, (before, after) in value.items()
            )
        if isinstance(value, list):
            return comma.join(str(v) for v in value)
        if isinstance(value, dict):
            return comma.join(f"{k} = {v}" for k, v in value.items())
        return str(VALUE_LABELS.get(value, value)) if isinstance(value, str) else str(value)

    def name(self, label: str, pk: Any) -> str:
        """Return the name of a record (its id when it is gone)."""
        key = (label, pk)
        if key not in self._names:
            model = model_of(label)
            found = model._default_manager.filter(pk=pk).first() if model is not None else None
            self._names[key] = str(found) if found is not None else f"#{pk}"
        return self._names[key]
