"""Brokerage schedules: optimum against brute force, every rule on random instances, bad input."""

from __future__ import annotations

import itertools
import random

import pytest

from hezuo.core.matching.schedule import (
    EMPTY,
    OPTIMAL,
    Interpreter,
    Participant,
    Placement,
    Problem,
    Request,
    Schedule,
    ScheduleError,
    solve,
    solve_greedy,
    violations,
)


def person(
    pid: str, slots: range | list[int], langs: str = "zh", needs: bool = True
) -> Participant:
    return Participant(pid, frozenset(slots), frozenset(langs.split(",")), needs)


def valid(problem: Problem, chosen: dict[str, tuple[int, str | None]]) -> bool:
    """An independent check of the rules (written apart from the module's ``violations``)."""
    people = {p.id: p for p in problem.participants}
    interp = {i.id: i for i in problem.interpreters}
    reqs = {r.id: r for r in problem.requests}
    busy: set[tuple[str, int]] = set()
    per_slot: dict[int, int] = {}
    pairs: set[frozenset[str]] = set()
    for rid, (slot, i) in chosen.items():
        r = reqs[rid]
        a, b = people[r.a], people[r.b]
        if slot not in a.slots or slot not in b.slots:
            return False
        if (a.id, slot) in busy or (b.id, slot) in busy:
            return False
        busy |= {(a.id, slot), (b.id, slot)}
        per_slot[slot] = per_slot.get(slot, 0) + 1
        if per_slot[slot] > problem.tables:
            return False
        pair = frozenset((a.id, b.id))
        if pair in pairs:
            return False
        pairs.add(pair)
        need = not (a.languages & b.languages) and (a.needs_interpreter and b.needs_interpreter)
        if need:
            if i is None:
                return False
            it = interp[i]
            if not (it.languages & a.languages and it.languages & b.languages):
                return False
            if slot not in it.slots or ("#" + i, slot) in busy:
                return False
            busy.add(("#" + i, slot))
    return True


def brute_force(problem: Problem) -> float:
    choices: list[list[tuple[int, str | None] | None]] = []
    names: list[str | None] = [None, *(i.id for i in problem.interpreters)]
    for _r in problem.requests:
        opts: list[tuple[int, str | None] | None] = [None]
        opts += [(s, i) for s in range(problem.slots) for i in names]
        choices.append(opts)
    best = 0.0
    for combo in itertools.product(*choices):
        chosen = {r.id: c for r, c in zip(problem.requests, combo, strict=True) if c is not None}
        if valid(problem, chosen):
            best = max(best, sum(r.value for r in problem.requests if r.id in chosen))
    return best


def as_chosen(schedule: Schedule) -> dict[str, tuple[int, str | None]]:
    return {p.request: (p.slot, p.interpreter) for p in schedule.placements}


def random_problem(
    rng: random.Random, *, n: int, m: int, slots: int, tables: int, k: int
) -> Problem:
    langs = ["zh", "ja", "en"]
    people = tuple(
        Participant(
            f"p{i}",
            frozenset(s for s in range(slots) if rng.random() < 0.7),
            frozenset(rng.sample(langs, rng.choice([1, 1, 2]))),
            rng.random() < 0.8,
        )
        for i in range(n)
    )
    requests = []
    for j in range(m):
        a, b = rng.sample(range(n), 2)
        requests.append(Request(f"r{j}", f"p{a}", f"p{b}", round(rng.uniform(0.1, 5), 3)))
    interpreters = tuple(
        Interpreter(
            f"i{i}",
            frozenset(rng.sample(langs, 2)),
            frozenset(s for s in range(slots) if rng.random() < 0.6),
        )
        for i in range(k)
    )
    return Problem(slots, tables, people, tuple(requests), interpreters)


@pytest.mark.parametrize("seed", range(12))
def test_small_cases_are_optimal_as_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    problem = random_problem(rng, n=4, m=5, slots=2, tables=rng.choice([1, 2]), k=1)
    schedule = solve(problem, time_limit=5)
    assert schedule.status == OPTIMAL
    assert valid(problem, as_chosen(schedule))
    assert schedule.value == pytest.approx(brute_force(problem), abs=1e-6)
    greedy = solve_greedy(problem)
    assert valid(problem, as_chosen(greedy))
    assert greedy.value <= schedule.value + 1e-9


def test_solver_beats_greedy_where_greedy_blocks() -> None:
    # greedy puts the most valuable meeting (a-b) in slot 0, the only slot c and d share with a
    # and b; the optimum moves it to slot 1
    problem = Problem(
        slots=2,
        tables=1,
        participants=(
            person("a", [0, 1]),
            person("b", [0, 1]),
            person("c", [0]),
            person("d", [0]),
        ),
        requests=(Request("ab", "a", "b", 3.0), Request("cd", "c", "d", 2.0)),
    )
    greedy = solve_greedy(problem)
    best = solve(problem)
    assert greedy.value == 3.0
    assert best.value == 5.0
    assert best.status == OPTIMAL
    assert {p.request: p.slot for p in best.placements} == {"ab": 1, "cd": 0}


def test_interpreter_needed_without_common_language() -> None:
    problem = Problem(
        slots=1,
        tables=5,
        participants=(person("zh1", [0], "zh"), person("ja1", [0], "ja"), person("zh2", [0], "zh")),
        requests=(Request("r1", "zh1", "ja1", 1.0), Request("r2", "zh2", "ja1", 2.0)),
        interpreters=(Interpreter("i", frozenset({"zh", "ja"}), frozenset({0})),),
    )
    s = solve(problem)
    assert [(p.request, p.interpreter) for p in s.placements] == [("r2", "i")]
    # no interpreter of Japanese: nothing can take place
    none = Problem(
        1,
        5,
        problem.participants,
        problem.requests,
        (Interpreter("i", frozenset({"zh", "en"}), frozenset({0})),),
    )
    assert solve(none).placements == ()
    assert solve(none).status == EMPTY
    # a party that brings its own interpreter needs none from the event
    own = Problem(
        1,
        5,
        (person("zh1", [0], "zh", False), person("ja1", [0], "ja")),
        (Request("r1", "zh1", "ja1", 1.0),),
    )
    assert [p.interpreter for p in solve(own).placements] == [None]


def test_one_interpreter_serves_one_meeting_per_slot() -> None:
    problem = Problem(
        slots=2,
        tables=5,
        participants=tuple(person(f"z{i}", [0], "zh") for i in range(3))
        + tuple(person(f"j{i}", [0, 1], "ja") for i in range(3)),
        requests=tuple(Request(f"r{i}", f"z{i}", f"j{i}", 1.0) for i in range(3)),
        interpreters=(Interpreter("i", frozenset({"zh", "ja"}), frozenset({0, 1})),),
    )
    s = solve(problem)
    assert len(s.placements) == 1  # the Chinese side is only free in slot 0


def test_two_parties_meet_once_and_tables_are_numbered() -> None:
    problem = Problem(
        slots=3,
        tables=2,
        participants=(
            person("a", range(3)),
            person("b", range(3)),
            person("c", range(3)),
            person("d", range(3)),
        ),
        requests=(
            Request("ab", "a", "b", 1),
            Request("ba", "b", "a", 1),
            Request("cd", "c", "d", 1),
        ),
    )
    s = solve(problem)
    assert s.value == 2
    assert {p.request for p in s.placements} in ({"ab", "cd"}, {"ba", "cd"})
    assert not violations(problem, s)


@pytest.mark.parametrize("seed", range(6))
def test_rules_hold_on_random_instances(seed: int) -> None:
    rng = random.Random(100 + seed)
    problem = random_problem(rng, n=30, m=80, slots=6, tables=4, k=3)
    s = solve(problem, time_limit=5)
    g = solve_greedy(problem)
    for schedule in (s, g):
        assert violations(problem, schedule) == []
        assert valid(problem, as_chosen(schedule))
        assert len({(p.slot, p.table) for p in schedule.placements}) == len(schedule.placements)
    assert s.value >= g.value - 1e-9
    assert s.bound is not None and s.bound >= s.value - 1e-6
    assert set(s.unplaced) | {p.request for p in s.placements} == {r.id for r in problem.requests}


def test_violations_names_each_broken_rule() -> None:
    problem = Problem(
        slots=1,
        tables=1,
        participants=(person("a", [0], "zh"), person("b", [0], "ja"), person("c", [0], "zh")),
        requests=(Request("ab", "a", "b", 1), Request("ac", "a", "c", 1)),
    )
    bad = Schedule((Placement("ab", 0, 0), Placement("ac", 0, 0)), 2, "x", "test", 2, 2, 0.0)
    found = " ".join(violations(problem, bad))
    assert "needs an interpreter" in found
    assert "two meetings" in found
    assert "taken twice" in found


def test_empty_inputs() -> None:
    assert solve(Problem(0, 0, (), ())).status == EMPTY
    assert solve(Problem(4, 2, (person("a", [0]),), ())).placements == ()
    no_tables = Problem(2, 0, (person("a", [0]), person("b", [0])), (Request("r", "a", "b", 1),))
    assert solve(no_tables).placements == ()
    apart = Problem(2, 1, (person("a", [0]), person("b", [1])), (Request("r", "a", "b", 1),))
    s = solve(apart)
    assert s.placements == () and s.unplaced == ("r",) and s.requested == 1


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (Problem(1, 1, (person("a", [0]), person("a", [0])), ()), "twice"),
        (Problem(1, 1, (person("a", [3]),), ()), "outside"),
        (Problem(1, 1, (person("a", [0]),), (Request("r", "a", "x", 1),)), "unknown"),
        (Problem(1, 1, (person("a", [0]),), (Request("r", "a", "a", 1),)), "itself"),
        (
            Problem(1, 1, (person("a", [0]), person("b", [0])), (Request("r", "a", "b", -1),)),
            "negative",
        ),
        (
            Problem(
                1, 1, (person("a", [0]), person("b", [0])), (Request("r", "a", "b", float("nan")),)
            ),
            "negative",
        ),
        (Problem(-1, 1, (), ()), "zero or more"),
    ],
)
def test_malformed_problems_are_refused(problem: Problem, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        solve(problem)
    with pytest.raises(ScheduleError, match=message):
        solve_greedy(problem)
