"""Eligibility rules of support policies, as data: validation, evaluation with reasons, benefits.

Pure Python (no Django). A rule is JSON an officer edits in a form::

    {"all": [
        {"field": "investor_country", "op": "in", "value": ["JP", "KR"]},
        {"field": "stage", "op": "gte", "value": "registered"},
        {"any": [
            {"field": "industry_class", "op": "in", "value": ["C38", "D4419"]},
            {"not": {"field": "sub_area", "op": "eq", "value": "songmudao"}}
        ]}
    ]}

Groups are ``all`` (every part met; an empty ``all`` is met), ``any`` (at least one part met; an
empty ``any`` is refused) and ``not`` (one part). A condition names a field of :data:`FIELDS`
and one of the operators its kind allows (:data:`OPS`). A rule that names an unknown field or
operator, or gives a value of the wrong shape, is refused by :func:`problems` with the reason.

:func:`evaluate` judges one :class:`Subject` (a project with its investors, as facts gathered by
the Django layer) and returns a :class:`Verdict` tree: each condition met or not, with the value
used. The Django layer (``hezuo.policies.rules``) compiles the same rule to a database query; the
two are kept in step by tests on hand-built cases.

A missing value (no figure recorded, no stage) never meets a comparison: ``arrived_investment
gte 0`` is not met when no arrived investment was recorded, and ``not`` of it is.

Benefit formulas (:func:`compute_benefit`) are data too: a fixed amount, a share of a figure, or
an amount per unit of a figure, with an optional cap. No user text is ever evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from .lifecycle import ALL_STAGES, STAGES

# --- the catalogue of fields ---------------------------------------------------------------------

#: Kinds of field: how a value is read and which operators apply.
CHOICE: Final = "choice"  # one value (sub-area code)
SET: Final = "set"  # several values of the subject (investor kinds, countries, agreement kinds)
PREFIX: Final = "prefix"  # GB/T 4754 industry class codes, matched by prefix
STAGE: Final = "stage"  # a life-cycle stage, ordered
MONEY: Final = "money"  # an amount compared in CNY
NUMBER: Final = "number"  # a count (jobs)
YEARS: Final = "years"  # whole years since a date

#: field → kind.
FIELDS: Final[Mapping[str, str]] = {
    "organisation_kind": SET,
    "investor_country": SET,
    "industry_class": PREFIX,
    "sub_area": CHOICE,
    "stage": STAGE,
    "contracted_investment": MONEY,
    "arrived_investment": MONEY,
    "registered_capital": MONEY,
    "jobs_created": NUMBER,
    "years_since_registration": YEARS,
    "agreement_kind": SET,
}

COMPARE: Final = ("eq", "ne", "gte", "gt", "lte", "lt")

#: kind → operators it allows.
OPS: Final[Mapping[str, tuple[str, ...]]] = {
    CHOICE: ("eq", "ne", "in", "not_in", "exists"),
    SET: ("eq", "in", "not_in", "exists"),
    PREFIX: ("in", "not_in", "exists"),
    STAGE: ("eq", "ne", "in", "not_in", "gte", "lte"),
    MONEY: COMPARE,
    NUMBER: COMPARE,
    YEARS: COMPARE,
}

#: Every operator (for the structured editor's choices).
ALL_OPS: Final = ("eq", "ne", "in", "not_in", "gte", "gt", "lte", "lt", "exists")

CNY: Final = "CNY"
#: Numbers in rules and formulas stay below this (an amount column holds 16 digits before the
#: point).
LARGEST: Final = Decimal("1e15")


@dataclass(frozen=True)
class Problem:
    """Why a rule or formula is refused: a code, where (a path such as ``all.1.any.0``), params."""

    code: str
    path: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Amount:
    """A figure as recorded (amount, currency) and its value in CNY (None: no rate known)."""

    amount: Decimal
    currency: str
    cny: Decimal | None

    def __str__(self) -> str:
        if self.currency in ("", CNY):
            return f"{self.amount:,.2f} CNY"
        cny = f"{self.cny:,.2f} CNY" if self.cny is not None else "? CNY"
        return f"{self.amount:,.2f} {self.currency} = {cny}"


@dataclass(frozen=True)
class Subject:
    """What a rule is judged on: a project, its investors and its figures, on a day."""

    on: date
    organisation_kinds: frozenset[str] = frozenset()
    investor_countries: frozenset[str] = frozenset()
    industry_classes: frozenset[str] = frozenset()
    sub_area: str | None = None
    stage: str | None = None
    contracted_investment: Amount | None = None
    arrived_investment: Amount | None = None
    registered_capital: Amount | None = None
    jobs_created: Decimal | None = None
    registered_on: date | None = None
    agreement_kinds: frozenset[str] = frozenset()

    def at_stage(self, stage: str) -> Subject:
        return replace(self, stage=stage)


#: field → the Subject attribute it reads.
ATTRIBUTE: Final[Mapping[str, str]] = {
    "organisation_kind": "organisation_kinds",
    "investor_country": "investor_countries",
    "industry_class": "industry_classes",
    "sub_area": "sub_area",
    "stage": "stage",
    "contracted_investment": "contracted_investment",
    "arrived_investment": "arrived_investment",
    "registered_capital": "registered_capital",
    "jobs_created": "jobs_created",
    "years_since_registration": "registered_on",
    "agreement_kind": "agreement_kinds",
}


# --- validation ----------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    # finite and within what an amount column holds (18 digits, 2 after the point)
    return number if number.is_finite() and abs(number) < LARGEST else None


def _condition_problems(node: Mapping[str, Any], path: str) -> list[Problem]:
    extra = set(node) - {"field", "op", "value", "currency"}
    if extra:
        return [Problem("unknown_key", path, {"key": ", ".join(sorted(extra))})]
    name = node.get("field")
    if not isinstance(name, str) or name not in FIELDS:
        return [Problem("unknown_field", path, {"field": str(name)})]
    kind = FIELDS[name]
    op = node.get("op")
    if not isinstance(op, str) or op not in OPS[kind]:
        return [
            Problem("unknown_op", path, {"op": str(op), "field": name, "ops": ", ".join(OPS[kind])})
        ]
    value = node.get("value")
    if "currency" in node and kind != MONEY:
        return [Problem("currency_not_money", path, {"field": name})]
    if op == "exists":
        if kind == SET or kind == PREFIX:
            if value is None or isinstance(value, str) and value:
                return []
        elif value is None:
            return []
        return [Problem("value_text", path, {"field": name})]
    if op in ("in", "not_in"):
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            return [Problem("value_list", path, {"field": name})]
        values = value
    elif kind in (CHOICE, SET, STAGE):
        if not isinstance(value, str) or not value:
            return [Problem("value_text", path, {"field": name})]
        values = [value]
    else:
        number = _number(value)
        if number is None:
            return [Problem("value_number", path, {"field": name})]
        if number < 0:
            return [Problem("value_negative", path, {"field": name})]
        if kind == YEARS and number != number.to_integral_value():
            return [Problem("value_whole", path, {"field": name})]
        if kind == MONEY:
            currency = node.get("currency", CNY)
            if not (
                isinstance(currency, str)
                and len(currency) == 3
                and currency.isalpha()
                and currency.isupper()
            ):
                return [Problem("currency", path, {"currency": str(currency)})]
        return []
    if kind == STAGE:
        known = STAGES if op in ("gte", "lte") else ALL_STAGES
        unknown = [v for v in values if v not in known]
        if unknown:
            return [Problem("unknown_stage", path, {"stage": ", ".join(unknown)})]
    return []


def problems(rule: Any, path: str = "") -> list[Problem]:
    """Return why ``rule`` is refused (empty when it is a valid rule)."""
    here = path or "rule"
    if not isinstance(rule, Mapping):
        return [Problem("shape", here)]
    groups = [k for k in ("all", "any", "not") if k in rule]
    if not groups:
        if "field" in rule or "op" in rule:
            return _condition_problems(rule, here)
        return [Problem("shape", here)]
    if len(rule) != 1:
        return [Problem("one_group", here, {"keys": ", ".join(sorted(map(str, rule)))})]
    group = groups[0]
    inner = rule[group]
    prefix = f"{path}.{group}" if path else group
    if group == "not":
        return problems(inner, prefix)
    if not isinstance(inner, list):
        return [Problem("group_list", prefix, {"group": group})]
    if group == "any" and not inner:
        return [Problem("empty_any", prefix)]
    found: list[Problem] = []
    for index, part in enumerate(inner):
        found.extend(problems(part, f"{prefix}.{index}"))
    return found


def _located(rule: Any, path: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield (path, condition) for every condition of a valid rule, paths as in :func:`problems`."""
    if not isinstance(rule, Mapping):
        return
    for group in ("all", "any"):
        if group in rule:
            prefix = f"{path}.{group}" if path else group
            for index, part in enumerate(rule[group]):
                yield from _located(part, f"{prefix}.{index}")
            return
    if "not" in rule:
        yield from _located(rule["not"], f"{path}.not" if path else "not")
        return
    yield path or "rule", rule


def unknown_values(rule: Any, known: Mapping[str, Collection[str]]) -> list[Problem]:
    """Return the values of a valid rule that name nothing: for each field of ``known`` (field →
    the codes that exist), a value that is not one of them (for industry classes: that no code
    starts with). A typing slip would otherwise make a condition silently never met."""
    found: list[Problem] = []
    for path, condition in _located(rule):
        name = str(condition["field"])
        if name not in known or condition.get("value") is None:
            continue
        value = condition["value"]
        codes = known[name]
        for item in value if isinstance(value, list) else [value]:
            if FIELDS[name] == PREFIX:
                hit = any(code.startswith(str(item)) for code in codes)
            else:
                hit = item in codes
            if not hit:
                found.append(Problem("unknown_value", path, {"field": name, "value": str(item)}))
    return found


def fields_used(rule: Any) -> set[str]:
    """Return the fields a (valid) rule refers to."""
    found: set[str] = set()
    for condition in conditions(rule):
        found.add(str(condition["field"]))
    return found


def conditions(rule: Any) -> Iterator[Mapping[str, Any]]:
    """Yield every condition of a (valid) rule, in order."""
    if not isinstance(rule, Mapping):
        return
    for group in ("all", "any"):
        if group in rule:
            for part in rule[group]:
                yield from conditions(part)
            return
    if "not" in rule:
        yield from conditions(rule["not"])
        return
    yield rule


# --- evaluation ----------------------------------------------------------------------------------

ToCny = Callable[[Decimal, str], Decimal | None]


def _identity_cny(amount: Decimal, currency: str) -> Decimal | None:
    return amount if currency.upper() == CNY else None


@dataclass(frozen=True)
class Verdict:
    """The judgement of one node of a rule: met or not, and why.

    ``kind`` is ``all``, ``any``, ``not`` or ``condition``; a condition carries its field, op,
    the expected value and ``actual``, the subject's value used (text for display).
    """

    kind: str
    met: bool
    children: tuple[Verdict, ...] = ()
    field: str = ""
    op: str = ""
    expected: Any = None
    actual: str = ""
    path: str = ""

    def leaves(self) -> Iterator[Verdict]:
        if self.kind == "condition":
            yield self
        for child in self.children:
            yield from child.leaves()


def whole_years(since: date, on: date) -> int:
    """Return the whole years from ``since`` to ``on`` (an age: 2020-08-24 → 2023-08-23 is 2)."""
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return years


def _compare(actual: Decimal, op: str, expected: Decimal) -> bool:
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "gte":
        return actual >= expected
    if op == "gt":
        return actual > expected
    if op == "lte":
        return actual <= expected
    return actual < expected  # lt


def _stage_met(stage: str | None, op: str, value: Any) -> bool:
    if stage is None:
        return False
    if op == "eq":
        return bool(stage == value)
    if op == "ne":
        return bool(stage != value)
    if op == "in":
        return stage in value
    if op == "not_in":
        return stage not in value
    if stage not in STAGES:  # terminated: neither before nor after any stage
        return False
    here, there = STAGES.index(stage), STAGES.index(value)
    return here >= there if op == "gte" else here <= there


def threshold_cny(node: Mapping[str, Any], to_cny: ToCny) -> Decimal | None:
    """Return a money condition's threshold in CNY (None when its currency has no rate)."""
    value = Decimal(str(node["value"]))
    currency = str(node.get("currency", CNY)).upper()
    return value if currency == CNY else to_cny(value, currency)


def _condition(node: Mapping[str, Any], subject: Subject, to_cny: ToCny, path: str) -> Verdict:
    name, op = str(node["field"]), str(node["op"])
    value: Any = node.get("value")
    kind = FIELDS[name]
    raw = getattr(subject, ATTRIBUTE[name])
    met = False
    actual = "—"
    if kind == SET:
        values: frozenset[str] = raw
        actual = ", ".join(sorted(values)) or "—"
        if op == "exists":
            met = bool(values) if value is None else value in values
        elif op == "eq":
            met = value in values
        elif op == "in":
            met = bool(values & set(value))
        else:  # not_in: none of the subject's values is listed
            met = not values & set(value)
    elif kind == PREFIX:
        codes: frozenset[str] = raw
        actual = ", ".join(sorted(codes)) or "—"
        if op == "exists":
            met = bool(codes) if value is None else any(c.startswith(value) for c in codes)
        else:
            hit = any(c.startswith(p) for c in codes for p in value)
            met = hit if op == "in" else not hit
    elif kind == CHOICE:
        actual = raw or "—"
        if op == "exists":
            met = raw is not None
        elif op == "eq":
            met = raw is not None and raw == value
        elif op == "ne":
            met = raw is None or raw != value
        elif op == "in":
            met = raw is not None and raw in value
        else:
            met = raw is None or raw not in value
    elif kind == STAGE:
        actual = raw or "—"
        met = _stage_met(raw, op, value)
    elif kind == MONEY:
        amount: Amount | None = raw
        limit = threshold_cny(node, to_cny)
        if amount is not None:
            actual = str(amount)
            if amount.cny is not None and limit is not None:
                met = _compare(amount.cny, op, limit)
    elif kind == NUMBER:
        if raw is not None:
            actual = f"{raw:,}"
            met = _compare(Decimal(raw), op, Decimal(str(value)))
    else:  # YEARS
        if raw is not None:
            years = whole_years(raw, subject.on)
            actual = f"{years} ({raw.isoformat()})"
            met = _compare(Decimal(years), op, Decimal(str(value)))
    return Verdict(
        "condition",
        met,
        field=name,
        op=op,
        expected=value,
        actual=actual,
        path=path,
    )


def evaluate(
    rule: Any, subject: Subject, *, to_cny: ToCny | None = None, path: str = ""
) -> Verdict:
    """Return the verdict of a valid ``rule`` on ``subject``, with the reasons of every part.

    ``to_cny`` converts a threshold given in another currency to CNY (the Django layer passes
    the rate in force on ``subject.on``); by default only CNY thresholds are known.
    """
    convert = to_cny or _identity_cny
    here = path or "rule"
    if "all" in rule or "any" in rule:
        group = "all" if "all" in rule else "any"
        prefix = f"{path}.{group}" if path else group
        children = tuple(
            evaluate(part, subject, to_cny=convert, path=f"{prefix}.{i}")
            for i, part in enumerate(rule[group])
        )
        met = all(c.met for c in children) if group == "all" else any(c.met for c in children)
        return Verdict(group, met, children, path=here)
    if "not" in rule:
        prefix = f"{path}.not" if path else "not"
        child = evaluate(rule["not"], subject, to_cny=convert, path=prefix)
        return Verdict("not", not child.met, (child,), path=here)
    return _condition(rule, subject, convert, here)


def next_stage(stage: str | None) -> str | None:
    """Return the life-cycle stage after ``stage`` (None at the last one or outside the cycle)."""
    if stage not in STAGES:
        return None
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


# --- benefit formulas ----------------------------------------------------------------------------

#: Formula kinds and the fields they need.
FORMULAS: Final[Mapping[str, tuple[str, ...]]] = {
    "fixed": ("amount",),
    "share": ("of", "rate"),
    "per_unit": ("of", "amount"),
}
#: Figures a formula may be computed from.
FORMULA_BASES: Final = (
    "arrived_investment",
    "contracted_investment",
    "registered_capital",
    "jobs_created",
)


def formula_problems(formula: Any) -> list[Problem]:
    """Return why a benefit formula is refused (empty: valid; an empty formula is valid)."""
    if formula in (None, {}):
        return []
    if not isinstance(formula, Mapping):
        return [Problem("formula_shape", "formula")]
    kind = formula.get("kind")
    if kind not in FORMULAS:
        return [Problem("formula_kind", "formula", {"kind": str(kind)})]
    allowed = {"kind", "cap", *FORMULAS[str(kind)]}
    extra = set(formula) - allowed
    if extra:
        return [Problem("unknown_key", "formula", {"key": ", ".join(sorted(extra))})]
    missing = [k for k in FORMULAS[str(kind)] if k not in formula]
    if missing:
        return [Problem("formula_missing", "formula", {"key": ", ".join(missing)})]
    if "of" in formula and formula["of"] not in FORMULA_BASES:
        return [Problem("formula_base", "formula", {"field": str(formula["of"])})]
    for key in ("amount", "rate", "cap"):
        if key in formula:
            number = _number(formula[key])
            if number is None or number < 0:
                return [Problem("formula_number", "formula", {"key": key})]
    if kind == "share" and Decimal(str(formula["rate"])) > 1:
        return [Problem("formula_rate", "formula")]
    return []


@dataclass(frozen=True)
class Benefit:
    """A computed benefit in CNY, with what it was computed from (None: cannot be computed)."""

    amount: Decimal | None
    kind: str
    base: str = ""  # the figure it was computed from
    base_value: str = ""  # that figure, as shown
    factor: Decimal | None = None  # the rate or the amount per unit
    cap: Decimal | None = None
    capped: bool = False
    uncapped: Decimal | None = None


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compute_benefit(
    formula: Mapping[str, Any] | None, subject: Subject, *, cap: Decimal | None = None
) -> Benefit | None:
    """Return the benefit a valid ``formula`` gives ``subject`` in CNY (None: no formula).

    ``cap`` (the policy's) applies on top of a cap in the formula: the lower one wins.
    """
    if not formula:
        return None
    kind = str(formula["kind"])
    caps = [Decimal(str(c)) for c in (formula.get("cap"), cap) if c is not None]
    limit = min(caps) if caps else None
    if kind == "fixed":
        raw: Decimal | None = Decimal(str(formula["amount"]))
        base, shown, factor = "", "", None
    else:
        base = str(formula["of"])
        value = getattr(subject, ATTRIBUTE[base])
        factor = Decimal(str(formula["rate" if kind == "share" else "amount"]))
        if value is None:
            return Benefit(None, kind, base, "—", factor, limit)
        if isinstance(value, Amount):
            shown = str(value)
            number = value.cny
        else:
            shown = f"{value:,}"
            number = Decimal(value)
        raw = None if number is None else number * factor
    if raw is None:
        return Benefit(None, kind, base, shown, factor, limit)
    raw = _cents(raw)
    capped = limit is not None and raw > limit
    amount = limit if capped and limit is not None else raw
    return Benefit(amount, kind, base, shown, factor, limit, capped, raw)


def sort_verdicts(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Return condition verdicts with the unmet ones first (what is missing comes first)."""
    return sorted(verdicts, key=lambda v: v.met)
