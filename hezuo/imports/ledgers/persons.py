"""The ``persons`` ledger: one row per person; ``household_no`` groups rows into households.

The household's village, status and income per head are repeated on each of its rows; rows of
one household that disagree are an error. Persons are matched by ID number, households by
number. Validation is done here in bulk (one query per few thousand rows), not per row through
``full_clean()``, which asks the database about every ID number: that is what makes a hundred
thousand rows a matter of seconds. The rules are the model's: the GB 11643 ID number with the
birth date and sex read from it, one household per ID number, one head per household.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from hezuo.assistance.choices import HouseholdStatus, Relation
from hezuo.assistance.models import Household, HouseholdIncome, HouseholdMember
from hezuo.base.access import access_filter, mask_value
from hezuo.core.access import Action
from hezuo.core.tabular import CellError, DuplicateFinder
from hezuo.regions.choices import ProgramKind, RegionLevel
from hezuo.regions.models import Program, Region

from .. import fastinsert
from .base import BATCH, Column, Ledger, Plan, Row, chunked

HOUSEHOLD_FIELDS = ("village_code", "status", "income_per_capita")


def _prefix(code: str) -> str:
    """The part of a GB/T 2260 code its descendants share (440300 → 4403, 440000 → 44)."""
    if len(code) == 6:
        return code.rstrip("0")[:6] if code[2:] != "0000" else code[:2]
    return code


class PersonLedger(Ledger):
    name = "persons"
    model = HouseholdMember
    verbose_name = _("households and persons")
    natural_key_help = _("ID number for a person, household number for a household")
    keep_raw = False
    columns = [
        Column("household_no", _("household number"), "code", required=True, max_length=30),
        Column("id_number", _("resident ID number"), "id_number", required=True),
        Column("name", _("name"), "text", required=True, max_length=100),
        Column("relation", _("relation to the head"), "choice", required=True, choices=Relation),
        Column("village_code", _("village code"), "code", required=True),
        Column("status", _("status"), "choice", required=True, choices=HouseholdStatus),
        Column("income_per_capita", _("income per head (yuan)"), "decimal"),
        Column("phone", _("phone"), "text", max_length=40),
    ]

    # -- planning ------------------------------------------------------------------------------

    def _pairings(self) -> list[tuple[str, int]]:
        """(region code prefix, program id) of every assistance pairing's assisted regions."""
        found = []
        for program_id, code in Program.objects.filter(
            kind=ProgramKind.PAIRING, parties__region__isnull=False
        ).values_list("pk", "parties__region__code"):
            if code and code.isdigit():
                found.append((_prefix(code), program_id))
        # The longest (most precise) prefix wins.
        return sorted(found, key=lambda item: -len(item[0]))

    def plan(self, rows: list[Row], header: dict[str, str], errors: list[CellError]) -> Plan:
        plan = Plan()
        households: dict[str, dict[str, Any]] = {}
        ids = DuplicateFinder()
        persons: list[tuple[Row, Any]] = []
        for row in rows:
            v = row.values
            number = v.get("household_no")
            parsed = v.get("id_number")
            if not number or parsed is None or not v.get("name") or not v.get("relation"):
                continue
            house = households.get(number)
            if house is None:
                house = households[number] = {
                    "row": row.number,
                    "village_code": v.get("village_code"),
                    "status": v.get("status"),
                    "income_per_capita": v.get("income_per_capita"),
                    "phone": "",
                    "members": 0,
                    "head": None,
                }
            else:
                for code in HOUSEHOLD_FIELDS:
                    if code in v and v[code] != house[code]:
                        errors.append(
                            CellError(
                                row.number,
                                header.get(code, code),
                                str(v[code] or ""),
                                "household_disagrees",
                                "Disagrees.",
                                {
                                    "other": house["row"],
                                    "field": header.get(code, code),
                                    "first": str(house[code] or ""),
                                },
                            )
                        )
            other = ids.check(parsed.number, row.number)
            if other is not None:
                errors.append(
                    CellError(
                        row.number,
                        header["id_number"],
                        parsed.number,
                        "duplicate",
                        "Duplicate.",
                        {"other": other, "key": header["id_number"]},
                    )
                )
                continue
            if v["relation"] == Relation.HEAD:
                if house["head"] is not None:
                    errors.append(
                        CellError(
                            row.number,
                            header["relation"],
                            str(v["relation"]),
                            "household_two_heads",
                            "Two heads.",
                            {"other": house["head"]},
                        )
                    )
                house["head"] = row.number
                house["phone"] = v.get("phone") or house["phone"]
            house["members"] += 1
            persons.append((row, parsed))

        # Villages and the pairing that covers each.
        village_codes = {h["village_code"] for h in households.values() if h["village_code"]}
        villages: dict[str, tuple[int, str]] = {}
        for chunk in chunked(sorted(village_codes)):
            for pk, code, level in Region.objects.filter(code__in=chunk).values_list(
                "pk", "code", "level"
            ):
                villages[code] = (pk, level)
        pairings = self._pairings()
        village_col = header.get("village_code", "village_code")
        for house in households.values():
            code = house["village_code"]
            if not code:
                continue
            found = villages.get(code)
            if found is None:
                errors.append(
                    CellError(
                        house["row"],
                        village_col,
                        code,
                        "unknown_region",
                        "Unknown.",
                        {"value": code},
                    )
                )
                continue
            if found[1] != RegionLevel.VILLAGE:
                errors.append(
                    CellError(
                        house["row"],
                        village_col,
                        code,
                        "not_village",
                        "Not a village.",
                        {"value": code},
                    )
                )
                continue
            house["village_id"] = found[0]
            house["program_id"] = next(
                (p for prefix, p in pairings if code.startswith(prefix)), None
            )

        # Existing households and persons.
        existing_houses: dict[str, Household] = {}
        for chunk in chunked(list(households)):
            for h in Household.objects.filter(number__in=chunk):
                existing_houses[h.number] = h
        existing_people: dict[str, HouseholdMember] = {}
        for chunk in chunked([p.number for _row, p in persons]):
            for m in HouseholdMember.objects.filter(id_number__in=chunk).select_related(
                "household"
            ):
                existing_people[m.id_number] = m
        incomes: dict[int, HouseholdIncome] = {}
        year = timezone.localdate().year
        house_ids = [h.pk for h in existing_houses.values()]
        for chunk in chunked(house_ids):
            for income in HouseholdIncome.objects.filter(household_id__in=chunk, year=year):
                incomes[income.household_id] = income

        today = timezone.localdate()
        house_creates: list[dict[str, Any]] = []
        house_updates: list[Household] = []
        by_number: dict[str, Household | dict[str, Any]] = {}
        for number, house in households.items():
            if "village_id" not in house:
                continue
            obj = existing_houses.get(number)
            if obj is None:
                if house["program_id"] is None:
                    errors.append(
                        CellError(
                            house["row"],
                            village_col,
                            house["village_code"],
                            "no_pairing",
                            "No pairing.",
                            {"value": house["village_code"]},
                        )
                    )
                    continue
                new = {
                    "number": number,
                    "program_id": house["program_id"],
                    "village_id": house["village_id"],
                    "status": house["status"],
                    "status_since": today,
                    "phone": house["phone"],
                }
                house_creates.append(new)
                by_number[number] = new
                continue
            else:
                changed = False
                if obj.village_id != house["village_id"]:
                    obj.village_id = house["village_id"]
                    changed = True
                if obj.status != house["status"]:
                    obj.status = house["status"]
                    obj.status_since = today
                    changed = True
                if changed:
                    house_updates.append(obj)
            by_number[number] = obj

        member_creates: list[dict[str, Any]] = []
        member_updates: list[HouseholdMember] = []
        update_fields: set[str] = set()
        id_col = header["id_number"]
        for row, parsed in persons:
            v = row.values
            house_obj = by_number.get(v["household_no"])
            existing = existing_people.get(parsed.number)
            if existing is not None and existing.household.number != v["household_no"]:
                errors.append(
                    CellError(
                        row.number,
                        id_col,
                        parsed.number,
                        "id_elsewhere",
                        "Elsewhere.",
                        {"household": existing.household.number},
                    )
                )
                continue
            if house_obj is None:
                continue
            wanted = {
                "name": v["name"],
                "relation": v["relation"],
                "birth_date": parsed.birth_date,
                "sex": parsed.sex,
            }
            if "phone" in v:
                wanted["phone"] = v["phone"] or ""
            if existing is None:
                member_creates.append(
                    {"household_no": v["household_no"], "id_number": parsed.number, **wanted}
                )
                continue
            changed_fields = {k for k, value in wanted.items() if getattr(existing, k) != value}
            if changed_fields:
                for k in changed_fields:
                    setattr(existing, k, wanted[k])
                member_updates.append(existing)
                update_fields |= changed_fields
            else:
                plan.unchanged += 1
        plan.creates = list(member_creates)
        plan.updates = list(member_updates)
        plan.update_fields = update_fields

        # Income per head of this year, one record per household.
        income_creates: list[dict[str, Any]] = []
        income_updates: list[HouseholdIncome] = []
        for number, obj in by_number.items():
            house = households[number]
            per_capita: Decimal | None = house["income_per_capita"]
            if per_capita is None:
                continue
            income = incomes.get(obj.pk) if isinstance(obj, Household) else None
            total = per_capita * house["members"]
            if income is None:
                income_creates.append(
                    {
                        "household_no": number,
                        "year": year,
                        "members": house["members"],
                        "total": total,
                        "per_capita": per_capita,
                    }
                )
            elif income.per_capita != per_capita:
                income.per_capita = per_capita
                income.members = house["members"]
                income.total = total
                income_updates.append(income)
        plan.extra = {
            "existing_house_pks": {n: h.pk for n, h in existing_houses.items()},
            "house_creates": house_creates,
            "house_updates": house_updates,
            "income_creates": income_creates,
            "income_updates": income_updates,
        }
        return plan

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        now = timezone.now()
        extra = plan.extra
        common = {"batch_size": BATCH, "default_user": user, "default_change_reason": reason}
        house_pks = fastinsert.insert_with_history(
            Household, extra["house_creates"], key="number", user=user, reason=reason
        )
        extra["house_pks"] = list(house_pks.values())
        if extra["house_updates"]:
            for h in extra["house_updates"]:
                h.version += 1
                h.updated = now
            bulk_update_with_history(
                extra["house_updates"],
                Household,
                ["village", "status", "status_since", "version", "updated"],
                **common,
            )
        existing = {h.number: h.pk for h in extra["house_updates"]}
        existing.update(extra["existing_house_pks"])

        def household_id(number: str) -> int:
            return house_pks[number] if number in house_pks else existing[number]

        for m in plan.creates:
            m["household_id"] = household_id(m["household_no"])
        fastinsert.insert_with_history(
            HouseholdMember, plan.creates, key="id_number", user=user, reason=reason
        )
        if plan.updates:
            for m in plan.updates:
                m.version += 1  # type: ignore[attr-defined]
                m.updated = now  # type: ignore[attr-defined]
            bulk_update_with_history(
                plan.updates,
                HouseholdMember,
                sorted(plan.update_fields | {"version", "updated"}),
                **common,
            )
        for i in extra["income_creates"]:
            i["household_id"] = household_id(i["household_no"])
        fastinsert.insert_with_history(
            HouseholdIncome,
            extra["income_creates"],
            key="household_id",
            scope={"year": timezone.localdate().year},
            user=user,
            reason=reason,
        )
        if extra["income_updates"]:
            for i in extra["income_updates"]:
                i.version += 1
                i.updated = now
            bulk_update_with_history(
                extra["income_updates"],
                HouseholdIncome,
                ["per_capita", "members", "total", "version", "updated"],
                **common,
            )

    def written(self, plan: Plan) -> tuple[type[models.Model], list[Any]]:
        extra = plan.extra
        updated = {h.pk for h in extra["house_updates"]}
        updated |= {m.household_id for m in plan.updates}  # type: ignore[attr-defined]
        return Household, [*extra.get("house_pks", []), *sorted(updated)]

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return HouseholdMember.objects.restrict(user)  # type: ignore[attr-defined,no-any-return]

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        """Every person; ID numbers and phones masked where the user may not see personal data."""
        year = timezone.localdate().year
        latest: dict[int, Decimal] = {}
        for household_id, per_capita in (
            HouseholdIncome.objects.filter(year__lte=year)
            .order_by("household_id", "year")
            .values_list("household_id", "per_capita")
            .iterator(chunk_size=10000)
        ):
            latest[household_id] = per_capita
        q = access_filter(HouseholdMember, user, Action.PERSONAL) if user is not None else Q()
        unmasked: set[int] | None = None  # None: every record unmasked
        if q is None:
            unmasked = set()
        elif q:
            unmasked = set(HouseholdMember.objects.filter(q).values_list("pk", flat=True))
        values = queryset.order_by("household__number", "pk").values_list(
            "pk",
            "household__number",
            "id_number",
            "name",
            "relation",
            "household__village__code",
            "household__status",
            "household_id",
            "phone",
        )
        for pk, number, id_number, name, relation, village, status, hid, phone in values.iterator(
            chunk_size=10000
        ):
            if unmasked is not None and pk not in unmasked:
                id_number = mask_value("id_number", id_number)
                phone = mask_value("phone", phone) if phone else ""
            yield [number, id_number, name, relation, village, status, latest.get(hid), phone]
