"""The one restricted query path: every read and write of a record goes through ``restrict``.

``Model.objects.restrict(user, action)`` returns the records ``user`` may ``action`` according
to the role matrix in :mod:`hezuo.core.access`, read against the user's memberships. A model
names its group (``access_group``) and, for each scope, the lookup that leads from the record to
a program, an organisation or a region code (``access_paths``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q

from hezuo.core.access import (
    HIDDEN,
    Action,
    Scope,
    mask_birth_date,
    mask_id_number,
    mask_phone,
    region_prefix,
    scope_for,
)


@dataclass(frozen=True)
class Grant:
    """One membership, with the ids its scopes reach."""

    role: str
    programs: frozenset[int]
    organisations: frozenset[int]
    regions: tuple[str, ...]  # code prefixes


#: The model of each tree scope, registered by the app that owns it when Django starts
#: (``regions``: Program for "program", ``directory``: Organisation for "organisation"), so
#: that ``base`` imports no app. A membership's scope reaches its record and every record below.
TREES: dict[str, type[models.Model]] = {}


def register_tree(scope: str, model: type[models.Model]) -> None:
    """Make ``model`` (with a ``parent`` field) the tree a grant of ``scope`` reaches down."""
    TREES[scope] = model


def _tree(scope: Scope) -> type[models.Model]:
    try:
        return TREES[scope.value]
    except KeyError:
        raise LookupError(f"No tree registered for scope {scope.value!r}") from None


def _descendants(model: type[models.Model], root: int | None) -> frozenset[int]:
    """Return ``root``'s id with the ids of every record below it in ``model``'s tree."""
    if root is None:
        return frozenset()
    found, frontier = {root}, {root}
    while frontier:
        frontier = (
            set(model._default_manager.filter(parent__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return frozenset(found)


def grants(user: Any) -> list[Grant]:
    """Return the user's memberships as grants (cached on the user object for the request).

    The system actor (``base.services.SYSTEM``) holds no membership: it is a superuser, so
    :func:`access_filter` never asks; a caller listing someone's programs gets none for it.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "pk", None) is None:  # the system actor: no membership rows
        return []
    cached = getattr(user, "_hezuo_grants", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    programs, organisations = _tree(Scope.PROGRAM), _tree(Scope.ORGANISATION)
    result = []
    for m in user.memberships.prefetch_related("regions"):
        result.append(
            Grant(
                role=m.role,
                programs=_descendants(programs, m.program_id),
                organisations=_descendants(organisations, m.organisation_id),
                regions=tuple(region_prefix(r.code) for r in m.regions.all()),
            )
        )
    user._hezuo_grants = result
    return result


def _scope_q(model: type[models.Model], grant: Grant, scope: Scope) -> Q | None:
    """Return the filter of ``scope`` for this grant, or None if the model has no such path."""
    path = getattr(model, "access_paths", {}).get(scope.value)
    if path is None:
        return None
    if scope == Scope.PROGRAM:
        return Q(**{f"{path}__in": grant.programs}) if grant.programs else None
    if scope == Scope.ORGANISATION:
        return Q(**{f"{path}__in": grant.organisations}) if grant.organisations else None
    if scope == Scope.REGION:
        if not grant.regions:
            return None
        return reduce(or_, (Q(**{f"{path}__startswith": p}) for p in grant.regions))
    return None


def access_filter(model: type[models.Model], user: Any, action: str) -> Q | None:
    """Return the Q of the records ``user`` may ``action``; Q() for all, None for none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    group = getattr(model, "access_group", None)
    if group is None:
        return None
    filters = []
    for grant in grants(user):
        scope = scope_for(grant.role, group, action)
        if scope is None:
            continue
        if scope == Scope.ALL:
            return Q()
        q = _scope_q(model, grant, scope)
        if q is not None:
            filters.append(q)
    return reduce(or_, filters) if filters else None


def access_check(model: type[models.Model], user: Any, action: str) -> Any:
    """Return a predicate on a record not yet written, as :func:`access_filter` would judge it.

    The predicate takes the record's scope values by scope name (``"program"``: program id,
    ``"organisation"``: organisation id, ``"region"``: the region code its ``access_paths``
    lead to) and says whether ``user`` may ``action`` it; a scope the record has no value for
    does not allow it. For checking the rows of an import before anything is written.
    """
    q = access_filter(model, user, action)
    if q is None:
        return lambda values: False
    if not q:
        return lambda values: True
    group = getattr(model, "access_group", None)
    paths = getattr(model, "access_paths", {})
    tests: list[tuple[str, Any]] = []
    for grant in grants(user):
        scope = scope_for(grant.role, group, action) if group else None
        if scope is None or scope.value not in paths:
            continue
        if scope == Scope.PROGRAM and grant.programs:
            tests.append(("program", grant.programs))
        elif scope == Scope.ORGANISATION and grant.organisations:
            tests.append(("organisation", grant.organisations))
        elif scope == Scope.REGION and grant.regions:
            tests.append(("region", grant.regions))

    def allowed(values: dict[str, Any]) -> bool:
        for name, reach in tests:
            value = values.get(name)
            if value is None:
                continue
            if name == "region":
                if str(value).startswith(reach):
                    return True
            elif value in reach:
                return True
        return False

    return allowed


class RestrictedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def restrict(self, user: Any, action: str = Action.VIEW) -> RestrictedQuerySet:
        """Return only the records ``user`` may ``action`` (view, add, change, delete, personal)."""
        q = access_filter(self.model, user, action)
        if q is None:
            return self.none()
        if not q:
            return self
        allowed = self.model._default_manager.filter(q).values("pk")
        return self.filter(pk__in=allowed)


def may(user: Any, model: type[models.Model], action: str) -> bool:
    """Return whether ``user`` may ``action`` some records of ``model`` (e.g. may add any)."""
    return access_filter(model, user, action) is not None


def may_on(user: Any, obj: models.Model, action: str) -> bool:
    """Return whether ``user`` may ``action`` this very record."""
    q = access_filter(type(obj), user, action)
    if q is None:
        return False
    if not q:
        return True
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


#: Personal fields masked by what they are, beyond the ID numbers and phones found by name:
#: what is read from the ID number (birth date as its decade, sex not at all) and health
#: information, a sensitive category (敏感个人信息, 医疗健康: Personal Information Protection
#: Law of the PRC, art. 28), shown as nothing but "hidden".
MASKED_BY_NAME = {
    "birth_date": mask_birth_date,
    "sex": lambda text: HIDDEN,
    "main_cause": lambda text: HIDDEN,
    "secondary_cause": lambda text: HIDDEN,
}


def mask_value(field_name: str, value: Any) -> str:
    """Return ``value`` of a personal-data field masked the way its kind is masked."""
    text = str(value)
    if field_name in MASKED_BY_NAME:
        return str(MASKED_BY_NAME[field_name](value))
    if "phone" in field_name:
        return mask_phone(text)
    if "id_number" in field_name:
        return mask_id_number(text)
    return "*" * min(len(text), 8)


def personal_fields(model: Any) -> tuple[str, ...]:
    """Return the names of the personal-data fields of ``model`` (a class or a record)."""
    return tuple(getattr(model, "personal_fields", ()))


def personal_path(model: Any, path: str) -> Any:
    """Return the model whose personal field ``path`` (``member__household__main_cause``) ends
    in, or None when it ends in no personal field."""
    parts = path.split("__")
    current = model
    for index, part in enumerate(parts):
        if part in personal_fields(current):
            return current
        try:
            field = current._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup (year, gte…), not a field
            return None
        if not field.is_relation or field.related_model is None or index == len(parts) - 1:
            return None
        current = field.related_model
    return None


def lock_rows(queryset: Any) -> Any:
    """Return ``queryset`` (on the write database) as rows to be read under a write lock.

    Call inside ``transaction.atomic()``: the lock is held to the end of the transaction, so
    concurrent writers of the same rows are serialised. SQLite ignores FOR UPDATE: there a
    no-op write on the rows, as the transaction's first statement, takes the database's write
    lock, so a concurrent writer waits here and then sees the new values instead of both
    reading the old ones (a read first would leave the two to deadlock).
    """
    from django.db import connections, router

    model = queryset.model
    using = router.db_for_write(model)
    features = connections[using].features
    if not features.has_select_for_update:
        model._default_manager.using(using).filter(
            pk__in=queryset.using(using).values("pk")
        ).update(version=models.F("version"))
    of = ("self",) if features.has_select_for_update_of else ()
    return queryset.using(using).select_for_update(of=of)


def lock_for_update(queryset: Any, pk: Any) -> Any:
    """Return the record ``pk`` of ``queryset`` read again under a write lock (:func:`lock_rows`).

    Two concurrent edits of one record are serialised and the second sees the first's version.
    """
    return lock_rows(queryset.filter(pk=pk)).get()
