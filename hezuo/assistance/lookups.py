"""The households' searchable choice (``base.autocomplete``): "number · head's name · village".

Registered by ``AssistanceConfig.ready``: the lookup needs the household's head relation, and
``base`` imports no app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hezuo.base.autocomplete import Lookup, mask_name, names_contain, register
from hezuo.core.access import Action

from .choices import Relation
from .models import Household, HouseholdMember


def _personal_ids(user: Any) -> QuerySet[Any]:
    return Household.objects.restrict(user, Action.PERSONAL).values("pk")


def household_search(queryset: QuerySet[Any], term: str, user: Any) -> Q:
    """Households whose number, village or (where ``user`` may see it unmasked) head's name
    contains ``term``."""
    by_head = Q(
        members__relation=Relation.HEAD,
        members__name__icontains=term,
        pk__in=_personal_ids(user),
    )
    return Q(number__icontains=term) | names_contain("village__", term) | by_head


def household_labels(households: list[Any], user: Any) -> list[str]:
    """Each household as "number · head · township village", the head masked unless ``user``
    may see the household's personal data."""
    if not households:
        return []
    pks = [h.pk for h in households]
    unmasked = set(_personal_ids(user).filter(pk__in=pks).values_list("pk", flat=True))
    heads: dict[int, str] = {}
    for household_id, name in HouseholdMember.objects.filter(
        household__in=pks, relation=Relation.HEAD
    ).values_list("household_id", "name"):
        heads.setdefault(household_id, name)
    labels = []
    for household in households:
        head = heads.get(household.pk, "")
        if head and household.pk not in unmasked:
            head = mask_name(head)
        village = household.village
        place = " ".join(str(r.name) for r in (village.parent, village) if r is not None)
        labels.append(" · ".join(part for part in (household.number, head, place) if part))
    return labels


def register_lookups() -> None:
    register(
        Lookup(
            model="assistance.Household",
            search=household_search,
            labels=household_labels,
            first=lambda term: Q(number__istartswith=term),
            related=("village__parent",),
            order=("number",),
        )
    )
