"""Allocation: the optimum against brute force on small cases; greedy is never better."""

from __future__ import annotations

import itertools
import random

import pytest

from hezuo.core.matching.allocate import allocate, allocate_greedy, compare


def brute_force(caps: list[int], dems: list[int], pairs: list[tuple[int, int, float]]) -> float:
    best = 0.0
    ranges = [range(min(caps[i], dems[j]) + 1) for i, j, _ in pairs]
    for amounts in itertools.product(*ranges):
        used_s = [0] * len(caps)
        used_d = [0] * len(dems)
        for (i, j, _), x in zip(pairs, amounts, strict=True):
            used_s[i] += x
            used_d[j] += x
        if all(u <= c for u, c in zip(used_s, caps, strict=True)) and all(
            u <= c for u, c in zip(used_d, dems, strict=True)
        ):
            best = max(best, sum(s * x for (_, _, s), x in zip(pairs, amounts, strict=True)))
    return best


def feasible(caps: list[int], dems: list[int], flows: tuple[tuple[int, int, int], ...]) -> bool:
    used_s = [0] * len(caps)
    used_d = [0] * len(dems)
    for i, j, x in flows:
        assert x > 0
        used_s[i] += x
        used_d[j] += x
    return all(u <= c for u, c in zip(used_s, caps, strict=True)) and all(
        u <= c for u, c in zip(used_d, dems, strict=True)
    )


@pytest.mark.parametrize("seed", range(25))
def test_optimal_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    caps = [rng.randint(0, 3) for _ in range(rng.randint(1, 3))]
    dems = [rng.randint(0, 3) for _ in range(rng.randint(1, 3))]
    cells = [(i, j) for i in range(len(caps)) for j in range(len(dems))]
    chosen = rng.sample(cells, min(len(cells), rng.randint(1, 5)))
    pairs = [(i, j, round(rng.uniform(-0.2, 1.0), 3)) for i, j in chosen]
    opt = allocate(caps, dems, pairs)
    greedy = allocate_greedy(caps, dems, pairs)
    assert feasible(caps, dems, opt.flows) and feasible(caps, dems, greedy.flows)
    assert opt.total == pytest.approx(brute_force(caps, dems, pairs))
    assert greedy.total <= opt.total + 1e-9


def test_greedy_can_lose() -> None:
    # greedy takes the best pair (0, 0) and blocks both others; the optimum takes the two others
    result = compare([1, 1], [1, 1], [(0, 0, 1.0), (0, 1, 0.9), (1, 0, 0.9)])
    assert result.greedy.total == pytest.approx(1.0)
    assert result.optimal.total == pytest.approx(1.8)
    assert result.gap == pytest.approx(0.8)
    assert result.gap_ratio == pytest.approx(0.8)
    assert set(result.optimal.flows) == {(0, 1, 1), (1, 0, 1)}


def test_capacities_split_across_pairs() -> None:
    opt = allocate([5], [2, 2], [(0, 0, 0.5), (0, 1, 0.4)])
    assert set(opt.flows) == {(0, 0, 2), (0, 1, 2)}
    assert opt.total == pytest.approx(1.8)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown supply"):
        allocate([1], [1], [(1, 0, 0.5)])
    with pytest.raises(ValueError, match="zero or more"):
        allocate([-1], [1], [(0, 0, 0.5)])
    assert allocate([1], [1], []).total == 0.0
