"""What deleting a record would take with it, and the refusal to delete a record others need.

A database ``CASCADE`` deletes a household's members, incomes, measures and status history
without a word. Before any delete (page or API), Django's own collector (the admin's
``NestedObjects``) lists every record the delete would remove or that prevents it; while any of
them is a ledger record (a ``HezuoModel``, kept with its history) the delete is refused, with
the dependants counted per kind and named where the user may see them. Records that are parts
of the one deleted (an organisation's aliases, an agreement's parties) are named by the model
in ``deleted_with`` (model labels) and go with it, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hezuo.core.access import Action

#: At most this many dependants of one kind are named; the count gives the rest.
NAMED_PER_KIND = 10


@dataclass
class DependantKind:
    """The records of one kind that depend on the record to delete."""

    label: str
    count: int
    #: the names of those the user may see (at most NAMED_PER_KIND)
    names: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        line = f"{self.label}: {self.count}"
        if self.names:
            more = "" if len(self.names) >= self.count else ", …"
            line += f" ({', '.join(self.names)}{more})"
        return line


@dataclass
class Refusal:
    """Why a record may not be deleted: the kinds of records that depend on it."""

    kinds: list[DependantKind]

    @property
    def lines(self) -> list[str]:
        return [str(kind) for kind in self.kinds]

    @property
    def count(self) -> int:
        return sum(kind.count for kind in self.kinds)

    @property
    def message(self) -> str:
        return _(
            "This record cannot be deleted while other records depend on it: %(dependants)s. "
            "Nothing was deleted."
        ) % {"dependants": "; ".join(f"{kind.label}: {kind.count}" for kind in self.kinds)}


def _is_ledger_record(model: Any) -> bool:
    from .models import HezuoModel

    return issubclass(model, HezuoModel) and not model._meta.auto_created


def refusal(obj: Any, user: Any) -> Refusal | None:
    """Return why ``obj`` may not be deleted by ``user`` (None: it may be).

    Counted are the records the delete would take with it (cascades) and those that prevent it
    (protected); named only those ``user`` may see.
    """
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    parts = {label.lower() for label in getattr(type(obj), "deleted_with", ())}
    found: dict[Any, set[Any]] = {}
    for model, instances in collector.model_objs.items():
        for instance in instances:
            if model is type(obj) and instance.pk == obj.pk:
                continue
            found.setdefault(model, set()).add(instance)
    for instance in collector.protected:
        found.setdefault(type(instance), set()).add(instance)
    kinds = []
    for model, instances in found.items():
        if not _is_ledger_record(model) or model._meta.label_lower in parts:
            continue
        pks = [i.pk for i in instances]
        visible = set(
            model.objects.restrict(user, Action.VIEW)
            .filter(pk__in=pks)
            .values_list("pk", flat=True)
        )
        names = sorted(str(i) for i in instances if i.pk in visible)[:NAMED_PER_KIND]
        kinds.append(
            DependantKind(capfirst(str(model._meta.verbose_name_plural)), len(instances), names)
        )
    if not kinds:
        return None
    return Refusal(sorted(kinds, key=lambda kind: kind.label))
