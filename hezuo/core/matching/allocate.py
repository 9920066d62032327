"""Capacity-limited allocation: supplies and demands (or workers and jobs) with capacities.

Given supplies ``i`` with capacity ``cap[i]``, demands ``j`` with capacity ``dem[j]`` and match
scores ``s[i, j]`` on candidate pairs, find integer amounts ``x[i, j] >= 0`` with
``sum_j x[i, j] <= cap[i]`` and ``sum_i x[i, j] <= dem[j]`` that maximise ``sum s[i, j] x[i, j]``.

This is a transportation problem, solved exactly as a min-cost flow with Google OR-Tools'
``SimpleMinCostFlow`` (network simplex / cost scaling in C++): source → supply (capacity
``cap[i]``, cost 0) → demand (capacity ``min(cap[i], dem[j])``, cost ``-s[i, j]``) → sink
(capacity ``dem[j]``), plus a source → sink arc of cost 0 so that a unit may stay unallocated.
Costs must be integers: scores are scaled by 10^6 and rounded (so the optimum is exact for scores
with up to six decimals); totals are then computed from the unrounded scores.
:func:`allocate_greedy` is the baseline: pairs by falling score, each given as much as both
sides still have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

SCALE: Final = 10**6


@dataclass(frozen=True, slots=True)
class Allocation:
    """Amounts per pair (``supply``, ``demand``, ``amount``) and the total fit."""

    flows: tuple[tuple[int, int, int], ...]
    total: float
    method: str


def _edges(
    pairs: Sequence[tuple[int, int, float]] | npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    arr = np.asarray(pairs, dtype=np.float64).reshape(-1, 3)
    keep = arr[:, 2] > 0
    arr = arr[keep]
    return arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]


def _check(
    supply_caps: Sequence[int],
    demand_caps: Sequence[int],
    sup: npt.NDArray[np.int64],
    dem: npt.NDArray[np.int64],
) -> None:
    if any(c < 0 for c in supply_caps) or any(c < 0 for c in demand_caps):
        raise ValueError("capacities must be zero or more")
    if sup.size and (sup.min() < 0 or sup.max() >= len(supply_caps)):
        raise ValueError("a pair names an unknown supply")
    if dem.size and (dem.min() < 0 or dem.max() >= len(demand_caps)):
        raise ValueError("a pair names an unknown demand")


def allocate(
    supply_caps: Sequence[int],
    demand_caps: Sequence[int],
    pairs: Sequence[tuple[int, int, float]] | npt.NDArray[np.float64],
) -> Allocation:
    """The allocation of maximal total fit (pairs with a score of 0 or less are never used)."""
    sup, dem, score = _edges(pairs)
    _check(supply_caps, demand_caps, sup, dem)
    if sup.size == 0:
        return Allocation((), 0.0, "min_cost_flow")
    caps_s = np.asarray(supply_caps, dtype=np.int64)
    caps_d = np.asarray(demand_caps, dtype=np.int64)
    n_sup, n_dem = caps_s.size, caps_d.size
    source, sink = n_sup + n_dem, n_sup + n_dem + 1
    total_supply = int(caps_s.sum())
    m = sup.size
    tails = np.concatenate([np.full(n_sup, source), sup, n_sup + np.arange(n_dem), [source]])
    heads = np.concatenate([np.arange(n_sup), n_sup + dem, np.full(n_dem, sink), [sink]])
    capacities = np.concatenate(
        [caps_s, np.minimum(caps_s[sup], caps_d[dem]), caps_d, [total_supply]]
    )
    costs = np.concatenate(
        [
            np.zeros(n_sup, dtype=np.int64),
            -np.rint(score * SCALE).astype(np.int64),
            np.zeros(n_dem + 1, dtype=np.int64),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    first = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([total_supply, -total_supply])
    )
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - always feasible through the bypass arc
        raise RuntimeError(f"allocation: min-cost flow ended with status {status}")
    arc_ids = np.asarray(first)[n_sup : n_sup + m]
    amounts = np.asarray(flow.flows(arc_ids), dtype=np.int64)
    flows = tuple((int(sup[k]), int(dem[k]), int(amounts[k])) for k in np.flatnonzero(amounts > 0))
    return Allocation(flows, float(np.dot(score, amounts)), "min_cost_flow")


def allocate_greedy(
    supply_caps: Sequence[int],
    demand_caps: Sequence[int],
    pairs: Sequence[tuple[int, int, float]] | npt.NDArray[np.float64],
) -> Allocation:
    """Greedy baseline: best pair first, as much as both sides still have."""
    sup, dem, score = _edges(pairs)
    _check(supply_caps, demand_caps, sup, dem)
    left_sup = [int(c) for c in supply_caps]
    left_dem = [int(c) for c in demand_caps]
    order = np.lexsort((dem, sup, -score))
    flows: list[tuple[int, int, int]] = []
    total = 0.0
    for k in order.tolist():
        i, j = int(sup[k]), int(dem[k])
        amount = min(left_sup[i], left_dem[j])
        if amount > 0:
            left_sup[i] -= amount
            left_dem[j] -= amount
            flows.append((i, j, amount))
            total += float(score[k]) * amount
    return Allocation(tuple(flows), total, "greedy")


@dataclass(frozen=True, slots=True)
class Comparison:
    optimal: Allocation
    greedy: Allocation

    @property
    def gap(self) -> float:
        """How much more total fit the optimum has than greedy (absolute)."""
        return self.optimal.total - self.greedy.total

    @property
    def gap_ratio(self) -> float:
        """The gap relative to greedy's total (0.05 = optimum is 5 % better)."""
        return self.gap / self.greedy.total if self.greedy.total > 0 else 0.0


def compare(
    supply_caps: Sequence[int],
    demand_caps: Sequence[int],
    pairs: Sequence[tuple[int, int, float]] | npt.NDArray[np.float64],
) -> Comparison:
    """The optimal and the greedy allocation of the same problem."""
    return Comparison(
        allocate(supply_caps, demand_caps, pairs), allocate_greedy(supply_caps, demand_caps, pairs)
    )
