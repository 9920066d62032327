"""Meeting schedules of brokerage events: requested meetings placed in time slots and at tables.

A brokerage event (a matchmaking day, a product roadshow) has ``slots`` time slots and ``tables``
tables. Participants say in which slots they are available and which languages they speak; they
request meetings with each other, each request with a value (priority and match score). A meeting
of two parties without a common language needs an interpreter who speaks a language of each side
and is available in that slot (unless either side brings its own: ``needs_interpreter=False``).

:func:`solve` places as much requested value as fits:

- a meeting takes one slot in which both parties are available, and one table;
- nobody is in two meetings in one slot; at most ``tables`` meetings run in one slot;
- an interpreter works in at most one meeting per slot;
- two parties meet at most once, however many requests name them.

It is a 0/1 programme solved with Google OR-Tools' CP-SAT: a variable per request and feasible
slot, and per (request, slot, qualified interpreter) where one is needed. Tables are
interchangeable, so they are counted per slot and numbered afterwards. The greedy schedule
(:func:`solve_greedy`: requests by falling value, each in the first slot that still fits) is the
baseline, and also the solver's starting hint, so a time-limited run never returns less than it.
Values are scaled to integers (``SCALE``) for the solver; totals are summed from the given values.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ortools.sat.python import cp_model

SCALE: Final = 1000

OPTIMAL: Final = "optimal"
FEASIBLE: Final = "feasible"
EMPTY: Final = "empty"
GREEDY: Final = "greedy"


@dataclass(frozen=True, slots=True)
class Participant:
    """A registered party: the slots it is free in and the languages it speaks."""

    id: str
    slots: frozenset[int]
    languages: frozenset[str]
    needs_interpreter: bool = True


@dataclass(frozen=True, slots=True)
class Request:
    """A requested meeting of parties ``a`` and ``b``, worth ``value`` (> 0) when it takes place."""

    id: str
    a: str
    b: str
    value: float


@dataclass(frozen=True, slots=True)
class Interpreter:
    """An interpreter: languages spoken and the slots available in."""

    id: str
    languages: frozenset[str]
    slots: frozenset[int]


@dataclass(frozen=True, slots=True)
class Problem:
    slots: int
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    interpreters: tuple[Interpreter, ...] = ()


@dataclass(frozen=True, slots=True)
class Placement:
    """One scheduled meeting: the request, its slot and table (from 0), and the interpreter."""

    request: str
    slot: int
    table: int
    interpreter: str | None = None


@dataclass(frozen=True, slots=True)
class Schedule:
    """The meetings placed, their total value, and how the result was reached."""

    placements: tuple[Placement, ...]
    value: float
    status: str  # optimal, feasible, empty, greedy (the solver found nothing better in time)
    method: str  # "cp-sat" or "greedy"
    requested: int
    requested_value: float
    seconds: float
    bound: float | None = None  # the solver's upper bound on the value
    unplaced: tuple[str, ...] = field(default=())


class ScheduleError(ValueError):
    """The problem is malformed (unknown party, bad slot, duplicate id, negative value...)."""


def _check(problem: Problem) -> dict[str, Participant]:
    if problem.slots < 0 or problem.tables < 0:
        raise ScheduleError("slots and tables must be zero or more")
    people: dict[str, Participant] = {}
    for p in problem.participants:
        if p.id in people:
            raise ScheduleError(f"participant {p.id} is given twice")
        if any(s < 0 or s >= problem.slots for s in p.slots):
            raise ScheduleError(f"participant {p.id} names a slot outside 0..{problem.slots - 1}")
        people[p.id] = p
    seen: set[str] = set()
    for r in problem.requests:
        if r.id in seen:
            raise ScheduleError(f"request {r.id} is given twice")
        seen.add(r.id)
        if r.a not in people or r.b not in people:
            raise ScheduleError(f"request {r.id} names an unknown participant")
        if r.a == r.b:
            raise ScheduleError(f"request {r.id} asks a participant to meet itself")
        if not r.value >= 0:  # also refuses NaN
            raise ScheduleError(f"request {r.id} has a negative value")
    ids: set[str] = set()
    for i in problem.interpreters:
        if i.id in ids:
            raise ScheduleError(f"interpreter {i.id} is given twice")
        ids.add(i.id)
        if any(s < 0 or s >= problem.slots for s in i.slots):
            raise ScheduleError(f"interpreter {i.id} names a slot outside 0..{problem.slots - 1}")
    return people


def needs_interpreter(a: Participant, b: Participant) -> bool:
    """Whether a meeting of ``a`` and ``b`` needs an interpreter from the event."""
    if a.languages & b.languages:
        return False
    return a.needs_interpreter and b.needs_interpreter


def qualified(interpreter: Interpreter, a: Participant, b: Participant) -> bool:
    """Whether ``interpreter`` speaks a language of each side."""
    return bool(interpreter.languages & a.languages) and bool(interpreter.languages & b.languages)


@dataclass(frozen=True, slots=True)
class _Option:
    """A request that can take place: its feasible slots and, per slot, the interpreters."""

    request: Request
    pair: tuple[str, str]
    slots: tuple[int, ...]
    interpreters: dict[int, tuple[str, ...]] | None  # None: no interpreter needed
    language_class: tuple[tuple[str, ...], tuple[str, ...]] | None = None


def _options(problem: Problem, people: dict[str, Participant]) -> list[_Option]:
    out: list[_Option] = []
    for r in problem.requests:
        if r.value <= 0:
            continue
        a, b = people[r.a], people[r.b]
        common = sorted(a.slots & b.slots)
        if not needs_interpreter(a, b):
            out.append(_Option(r, _pair(r), tuple(common), None))
            continue
        able = [i for i in problem.interpreters if qualified(i, a, b)]
        by_slot = {s: tuple(i.id for i in able if s in i.slots) for s in common}
        by_slot = {s: ids for s, ids in by_slot.items() if ids}
        sides = sorted((tuple(sorted(a.languages)), tuple(sorted(b.languages))))
        klass = (sides[0], sides[1])
        out.append(_Option(r, _pair(r), tuple(sorted(by_slot)), by_slot, klass))
    return [o for o in out if o.slots and problem.tables > 0]


def _pair(r: Request) -> tuple[str, str]:
    return (r.a, r.b) if r.a < r.b else (r.b, r.a)


def _number_tables(chosen: Iterable[tuple[str, int, str | None]]) -> tuple[Placement, ...]:
    """Give the meetings of each slot tables 0, 1, 2... (tables are interchangeable)."""
    by_slot: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for request, slot, interpreter in chosen:
        by_slot[slot].append((request, interpreter))
    out = []
    for slot in sorted(by_slot):
        for table, (request, interpreter) in enumerate(sorted(by_slot[slot], key=lambda x: x[0])):
            out.append(Placement(request, slot, table, interpreter))
    return tuple(out)


def _result(
    problem: Problem,
    chosen: Sequence[tuple[str, int, str | None]],
    *,
    status: str,
    method: str,
    started: float,
    bound: float | None = None,
) -> Schedule:
    values = {r.id: r.value for r in problem.requests}
    placed = {c[0] for c in chosen}
    return Schedule(
        placements=_number_tables(chosen),
        value=sum(values[c[0]] for c in chosen),
        status=status,
        method=method,
        requested=len(problem.requests),
        requested_value=sum(values.values()),
        seconds=time.perf_counter() - started,
        bound=bound,
        unplaced=tuple(r.id for r in problem.requests if r.id not in placed),
    )


def _greedy_choice(problem: Problem, options: list[_Option]) -> list[tuple[str, int, str | None]]:
    busy: set[tuple[str, int]] = set()  # (participant or interpreter, slot)
    used_tables: dict[int, int] = defaultdict(int)
    met: set[tuple[str, str]] = set()
    chosen: list[tuple[str, int, str | None]] = []
    for o in sorted(options, key=lambda o: (-o.request.value, o.request.id)):
        r = o.request
        if o.pair in met:
            continue
        for s in o.slots:
            if used_tables[s] >= problem.tables or (r.a, s) in busy or (r.b, s) in busy:
                continue
            interpreter = None
            if o.interpreters is not None:
                free = [i for i in o.interpreters[s] if ("i:" + i, s) not in busy]
                if not free:
                    continue
                interpreter = free[0]
                busy.add(("i:" + interpreter, s))
            busy.update({(r.a, s), (r.b, s)})
            used_tables[s] += 1
            met.add(o.pair)
            chosen.append((r.id, s, interpreter))
            break
    return chosen


def solve_greedy(problem: Problem) -> Schedule:
    """The baseline: requests by falling value, each in the earliest slot where it still fits."""
    started = time.perf_counter()
    people = _check(problem)
    chosen = _greedy_choice(problem, _options(problem, people))
    return _result(problem, chosen, status=GREEDY, method="greedy", started=started)


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
) -> Schedule:
    """The schedule of greatest total value CP-SAT finds within ``time_limit`` seconds.

    ``status`` is ``optimal`` when proven, ``feasible`` when the time ran out first (``bound``
    then says how far from optimal it may be), ``empty`` when no request can take place.
    Raises :class:`ScheduleError` on a malformed problem.
    """
    started = time.perf_counter()
    people = _check(problem)
    options = _options(problem, people)
    if not options:
        return _result(problem, [], status=EMPTY, method="cp-sat", started=started, bound=0.0)
    greedy = _greedy_choice(problem, options)
    hint = {(rid, s): i for rid, s, i in greedy}

    model = cp_model.CpModel()
    x: dict[tuple[str, int], cp_model.IntVar] = {}
    # Interpreters are not given to each request (that multiplies symmetric choices) but to
    # language classes: the meetings of one class in one slot can use the same interpreters, so
    # per slot and class, as many interpreters as meetings is exact (a bipartite assignment).
    klass_meetings: dict[tuple[int, Any], list[cp_model.IntVar]] = defaultdict(list)
    klass_interpreters: dict[tuple[int, Any], tuple[str, ...]] = {}
    by_party: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    by_interpreter: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    objective = []
    for o in options:
        r = o.request
        weight = max(1, round(r.value * SCALE))
        for s in o.slots:
            var = model.new_bool_var(f"x_{r.id}_{s}")
            x[r.id, s] = var
            by_party[r.a, s].append(var)
            by_party[r.b, s].append(var)
            by_slot[s].append(var)
            by_pair[o.pair].append(var)
            objective.append(weight * var)
            model.add_hint(var, (r.id, s) in hint)
            if o.interpreters is not None:
                klass_meetings[s, o.language_class].append(var)
                klass_interpreters[s, o.language_class] = o.interpreters[s]
    hinted: dict[tuple[int, Any], set[str]] = defaultdict(set)
    klass_of = {o.request.id: o.language_class for o in options}
    for rid, s, i in greedy:
        if i is not None:
            hinted[s, klass_of[rid]].add(i)
    f: dict[tuple[int, Any], list[tuple[str, cp_model.IntVar]]] = {}
    for key, meetings in klass_meetings.items():
        f[key] = []
        for i in klass_interpreters[key]:
            v = model.new_bool_var(f"f_{key[0]}_{i}_{len(f)}")
            f[key].append((i, v))
            by_interpreter[i, key[0]].append(v)
            model.add_hint(v, i in hinted[key])
        model.add(sum(v for _i, v in f[key]) == sum(meetings))
    for group in (*by_party.values(), *by_pair.values(), *by_interpreter.values()):
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in by_slot.values():
        if len(group) > problem.tables:
            model.add(sum(group) <= problem.tables)
    model.maximize(sum(objective))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # nothing found in time (a tiny limit on a huge problem): keep the greedy schedule
        return _result(problem, greedy, status=GREEDY, method="greedy", started=started)
    free = {key: [i for i, v in pairs if solver.boolean_value(v)] for key, pairs in f.items()}
    chosen_out: list[tuple[str, int, str | None]] = []
    for (rid, s), var in x.items():
        if solver.boolean_value(var):
            klass = klass_of[rid]
            interpreter = free[s, klass].pop() if (s, klass) in free else None
            chosen_out.append((rid, s, interpreter))
    status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
    values = {r.id: r.value for r in problem.requests}
    if sum(values[c[0]] for c in chosen_out) < sum(values[c[0]] for c in greedy):
        chosen_out = greedy  # never less than the baseline (CP-SAT keeps its hint, but be sure)
    return _result(
        problem,
        chosen_out,
        status=status,
        method="cp-sat",
        started=started,
        bound=solver.best_objective_bound / SCALE,
    )


def violations(problem: Problem, schedule: Schedule) -> list[str]:
    """Every rule ``schedule`` breaks (empty when it is valid): used by tests and the app."""
    people = {p.id: p for p in problem.participants}
    asked = {r.id: r for r in problem.requests}
    interpreters = {i.id: i for i in problem.interpreters}
    found: list[str] = []
    busy: set[tuple[str, int]] = set()
    tables: set[tuple[int, int]] = set()
    pairs: set[tuple[str, str]] = set()
    for p in schedule.placements:
        r = asked.get(p.request)
        if r is None:
            found.append(f"unknown request {p.request}")
            continue
        if not (0 <= p.slot < problem.slots and 0 <= p.table < problem.tables):
            found.append(f"{r.id}: slot or table out of range")
        if (p.slot, p.table) in tables:
            found.append(f"{r.id}: table {p.table} taken twice in slot {p.slot}")
        tables.add((p.slot, p.table))
        if _pair(r) in pairs:
            found.append(f"{r.id}: the two parties meet twice")
        pairs.add(_pair(r))
        a, b = people[r.a], people[r.b]
        for party in (a, b):
            if p.slot not in party.slots:
                found.append(f"{r.id}: {party.id} is not available in slot {p.slot}")
            if (party.id, p.slot) in busy:
                found.append(f"{r.id}: {party.id} is in two meetings in slot {p.slot}")
            busy.add((party.id, p.slot))
        if needs_interpreter(a, b):
            i = interpreters.get(p.interpreter or "")
            if i is None:
                found.append(f"{r.id}: needs an interpreter")
            else:
                if not qualified(i, a, b) or p.slot not in i.slots:
                    found.append(f"{r.id}: interpreter {i.id} cannot serve it")
                if ("i:" + i.id, p.slot) in busy:
                    found.append(f"{r.id}: interpreter {i.id} is in two meetings")
                busy.add(("i:" + i.id, p.slot))
    return found
