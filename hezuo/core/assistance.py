"""The assistance ledger's rules and arithmetic: people, households, monitoring, weekly checks.

Pure Python (no Django): ``hezuo.assistance`` stores the records, asks these functions and
translates the problem codes they return into the user's language.

Sources of the rules:

- resident ID numbers: GB 11643-1999 (birth date in digits 7–14, sex by the parity of digit 17,
  check character in position 18), parsed by :func:`hezuo.core.validators.validate_resident_id`;
- monitoring for the risk of returning to poverty (防止返贫监测): the national guidance of 2021
  (《关于健全防止返贫动态监测和帮扶机制的指导意见》) — a case is identified within 15 days of
  the first lead, after village review with a public notice of at least 5 days, township review
  and county decision; the monitoring line is 1.5 times the national poverty standard by
  default and set per province and year; a risk is marked eliminated once income has stayed
  above the line for at least half a year and the "three guarantees" (education, basic medical
  care, safe housing) and safe drinking water are secure.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .validators import CodeError, ResidentId, validate_resident_id

#: Days from the first lead to the county's decision (防止返贫监测: 15 days).
DECISION_DAYS = 15
#: Shortest public notice of a village review, in days.
NOTICE_DAYS = 5
#: Months income must have stayed above the monitoring line before a risk is eliminated.
STABLE_MONTHS = 6
#: The monitoring line, by default, as a multiple of the national poverty standard.
LINE_FACTOR = Decimal("1.5")

HEAD = "head"
#: The "three guarantees" (两不愁三保障: education, basic medical care, safe housing) and water.
GUARANTEES = ("education", "medical", "housing", "water")
#: Causes of hardship that are health information: never printed on a public notice.
HEALTH_CAUSES = frozenset({"illness", "disability"})
#: What a public notice may show of a case (nothing else reaches it).
NOTICE_FIELDS = (
    "household_number",
    "head_name",
    "village",
    "members",
    "kind",
    "cause",
    "notice_from",
    "notice_to",
)


# --- people ---------------------------------------------------------------------------------------


def parse_person_id(
    number: str, *, birth_date: date | None = None, sex: str | None = None
) -> ResidentId:
    """Return the parsed ID number, checked against a birth date and sex given separately.

    Raises :class:`CodeError` (``ric_*`` from the validator, ``ric_birth_mismatch`` or
    ``ric_sex_mismatch`` when the given values disagree with the number).
    """
    parsed = validate_resident_id(number)
    if birth_date is not None and birth_date != parsed.birth_date:
        raise CodeError(
            "ric_birth_mismatch",
            f"The ID number gives the birth date {parsed.birth_date.isoformat()}.",
        )
    if sex and sex != parsed.sex:
        raise CodeError("ric_sex_mismatch", f"The ID number gives the sex {parsed.sex}.")
    return parsed


def head_problem(relations: Iterable[str]) -> str | None:
    """Return ``no_head`` or ``two_heads`` for a household's members' relations, else None."""
    heads = sum(1 for relation in relations if relation == HEAD)
    if heads == 0:
        return "no_head"
    if heads > 1:
        return "two_heads"
    return None


def mask_name(name: str) -> str:
    """Return a name with all but its first character hidden (张三丰 → 张**)."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


# --- dates and money ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def per_capita(total: Decimal, members: int) -> Decimal:
    """Return income per head, rounded to the yuan cent (0 for a household of nobody)."""
    if members <= 0:
        return Decimal("0.00")
    return (total / members).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def default_line(national_standard: Decimal) -> Decimal:
    """Return the default monitoring line: 1.5 times the national poverty standard."""
    return (national_standard * LINE_FACTOR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` with one decimal (None without a whole)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- monitoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A rule a record breaks: the field it concerns, a code to translate, its parameters."""

    field: str
    code: str
    params: Mapping[str, str]


def decision_deadline(first_lead: date) -> date:
    """Return the day by which the county must decide on a case first heard of on ``first_lead``."""
    return first_lead + timedelta(days=DECISION_DAYS)


def is_overdue(first_lead: date, decided_on: date | None, today: date) -> bool:
    """Return whether a case is past its 15-day deadline: undecided after it, or decided late."""
    deadline = decision_deadline(first_lead)
    if decided_on is not None:
        return decided_on > deadline
    return today > deadline


def monitoring_problems(
    *,
    first_lead: date,
    consent: bool,
    village_review: date | None,
    notice_from: date | None,
    notice_to: date | None,
    township_review: date | None,
    county_decision: date | None,
) -> list[Problem]:
    """Return the problems of a case's steps: their order, the notice's length and the consent.

    Steps follow one another: first lead → village review (with a public notice of at least
    5 days) → township review → county decision; a later step needs the earlier ones, and a
    review needs the household's consent (一户一档, 本人申请或同意).
    """
    problems: list[Problem] = []
    if (village_review or township_review or county_decision) and not consent:
        problems.append(Problem("consent", "consent_needed", {}))
    if village_review and village_review < first_lead:
        problems.append(Problem("village_review_on", "before_lead", {}))
    if notice_from or notice_to:
        if not (notice_from and notice_to):
            problems.append(Problem("notice_to", "notice_both", {}))
        elif (notice_to - notice_from).days + 1 < NOTICE_DAYS:
            problems.append(Problem("notice_to", "notice_short", {"days": str(NOTICE_DAYS)}))
        if notice_from and village_review and notice_from < village_review:
            problems.append(Problem("notice_from", "notice_before_review", {}))
    if township_review:
        if not (village_review and notice_to):
            problems.append(Problem("township_review_on", "needs_village", {}))
        elif township_review <= notice_to:
            problems.append(Problem("township_review_on", "during_notice", {}))
    if county_decision:
        if not township_review:
            problems.append(Problem("county_decision_on", "needs_township", {}))
        elif county_decision < township_review:
            problems.append(Problem("county_decision_on", "before_township", {}))
    return problems


def elimination_problems(
    *,
    on: date,
    income_above_line_since: date | None,
    income_per_capita: Decimal | None,
    line: Decimal | None,
    guarantees: Mapping[str, bool],
) -> list[Problem]:
    """Return why a risk may not be marked eliminated on ``on`` (empty: it may be)."""
    problems: list[Problem] = []
    if line is None:
        problems.append(Problem("eliminated_on", "no_line", {}))
    elif income_per_capita is None or income_per_capita < line:
        problems.append(Problem("eliminated_on", "income_below_line", {"line": f"{line:.2f}"}))
    if income_above_line_since is None or add_months(income_above_line_since, STABLE_MONTHS) > on:
        problems.append(
            Problem("income_above_line_since", "not_stable", {"months": str(STABLE_MONTHS)})
        )
    insecure = [name for name in GUARANTEES if not guarantees.get(name)]
    if insecure:
        problems.append(Problem("eliminated_on", "guarantees", {"which": ", ".join(insecure)}))
    return problems


def public_notice(case: Mapping[str, object]) -> dict[str, object]:
    """Return what a public notice shows of a case: no ID number, phone, bank account or health.

    Only the fields of :data:`NOTICE_FIELDS` pass; a health cause of hardship is shown as
    ``other``.
    """
    notice = {key: case.get(key, "") for key in NOTICE_FIELDS}
    if notice["cause"] in HEALTH_CAUSES:
        notice["cause"] = "other"
    return notice


# --- weekly checks --------------------------------------------------------------------------------

K = Hashable


def missed(needing: Iterable[K], measured: Iterable[K]) -> list[K]:
    """Return the households that need assistance but have no measure, in the given order."""
    done = set(measured)
    return [h for h in needing if h not in done]


@dataclass(frozen=True)
class MemberRow:
    member: K
    household: K
    id_number: str
    relation: str


@dataclass
class Duplicates:
    same_id: dict[str, list[K]]  # ID number → members holding it (two or more)
    two_households: dict[str, list[K]]  # ID number → households (two or more)
    no_head: list[K]
    two_heads: list[K]


def duplicates(rows: Iterable[MemberRow], households: Iterable[K]) -> Duplicates:
    """Return the duplicates in a register: IDs held twice, people in two households, heads."""
    by_id: dict[str, list[K]] = defaultdict(list)
    homes: dict[str, list[K]] = defaultdict(list)
    heads: dict[K, int] = defaultdict(int)
    for row in rows:
        if row.id_number:
            by_id[row.id_number].append(row.member)
            if row.household not in homes[row.id_number]:
                homes[row.id_number].append(row.household)
        if row.relation == HEAD:
            heads[row.household] += 1
    ordered = list(households)
    return Duplicates(
        same_id={k: v for k, v in by_id.items() if len(v) > 1},
        two_households={k: v for k, v in homes.items() if len(v) > 1},
        no_head=[h for h in ordered if heads.get(h, 0) == 0],
        two_heads=[h for h in ordered if heads.get(h, 0) > 1],
    )


@dataclass(frozen=True)
class Overrun:
    key: K
    limit: Decimal
    used: Decimal

    @property
    def excess(self) -> Decimal:
        return self.used - self.limit


def overruns(limits: Mapping[K, Decimal], used: Mapping[K, Decimal]) -> list[Overrun]:
    """Return every key whose use exceeds its limit (a use with no limit has a limit of 0)."""
    found = []
    for key in sorted(set(limits) | set(used), key=str):
        limit = limits.get(key, Decimal(0))
        total = used.get(key, Decimal(0))
        if total > limit:
            found.append(Overrun(key, limit, total))
    return found


def retained(start: date, end: date | None, months: int, today: date) -> bool | None:
    """Return whether a placement still held ``months`` after its start (None: too early).

    A placement that ended before the mark is known not to have held, even before the mark.
    """
    mark = add_months(start, months)
    if end is not None and end < mark:
        return False
    if mark > today:
        return None
    return True
