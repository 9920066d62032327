"""The `hezuo match rank` contract: TREC lines, ordering, --top, explanations, bad input → 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TREC = re.compile(r"^(\S+) Q0 (\S+) (\d+) (-?\d+\.\d+) hezuo$")

PROFILES = [
    {
        "id": "p-ja",
        "kind": "technology_offer",
        "lang": "ja",
        "title": "水素エネルギー",
        "text": "燃料電池スタックの技術供与",
        "industry": ["C3849"],
        "region": "JP",
    },
    {
        "id": "p-en",
        "kind": "technology_offer",
        "lang": "en",
        "title": "Hydrogen fuel cells",
        "text": "licence for fuel cell stacks",
    },
    {
        "id": "p-pv",
        "kind": "technology_offer",
        "lang": "zh",
        "title": "光伏组件",
        "text": "太阳能电池",
    },
    {
        "id": "p-tea",
        "kind": "product_supply",
        "lang": "zh",
        "title": "綠茶",
        "text": "高山茶葉",
        "quantity": 300,
        "unit": "t",
        "price": 60,
        "currency": "CNY",
        "extra": "ignored",
    },
    {
        "id": "p-req",
        "kind": "technology_request",
        "lang": "zh",
        "title": "氢能",
        "text": "燃料电池",
    },
]
QUERIES = [
    {
        "id": "q1",
        "kind": "technology_request",
        "lang": "zh",
        "title": "寻求氢能燃料电池技术",
        "text": "重卡",
        "industry": ["C3849"],
    },
    {
        "id": "q2",
        "kind": "purchase_demand",
        "lang": "ja",
        "title": "緑茶を仕入れたい",
        "text": "",
        "quantity": 100,
        "unit": "トン",
    },
    {"id": "q3", "kind": "job_seeker", "lang": "en", "title": "welder", "text": ""},
]


def write(path: Path, rows: list[dict] | list[str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(
    tmp_path: Path, *extra: str, profiles: list | None = None, queries: list | None = None
) -> tuple[str, str]:
    p = write(tmp_path / "profiles.jsonl", profiles if profiles is not None else PROFILES)
    q = write(tmp_path / "queries.jsonl", queries if queries is not None else QUERIES)
    out, err = StringIO(), StringIO()
    call_command(
        "match", "rank", "--profiles", str(p), "--queries", str(q), *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_trec_lines_in_query_order_ranked_from_one(tmp_path: Path) -> None:
    out, err = run(tmp_path, "--top", "10", "--today", "2026-11-28")
    rows = [TREC.match(line) for line in out.splitlines()]
    assert all(rows), out
    assert err == ""
    by_query: dict[str, list[tuple[str, int, float]]] = {}
    for m in rows:
        assert m is not None
        by_query.setdefault(m[1], []).append((m[2], int(m[3]), float(m[4])))
    assert list(by_query) == ["q1", "q2"]  # q3 has no job offer to rank
    for results in by_query.values():
        assert [r[1] for r in results] == list(range(1, len(results) + 1))
        scores = [r[2] for r in results]
        assert scores == sorted(scores, reverse=True)
    assert {r[0] for r in by_query["q1"]} == {"p-ja", "p-en", "p-pv"}  # complementary kind only
    assert by_query["q1"][0][0] == "p-ja"
    assert [r[0] for r in by_query["q2"]] == ["p-tea"]


def test_top_cuts(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "--top", "1", "--today", "2026-11-28")
    assert [line.split()[0] for line in out.splitlines()] == ["q1", "q2"]


def test_explanations_on_stderr_and_in_a_file(tmp_path: Path) -> None:
    out, err = run(tmp_path, "--top", "2", "--explain", "--today", "2026-11-28")
    explanations = [json.loads(line) for line in err.splitlines()]
    assert len(explanations) == len(out.splitlines())
    for line, e in zip(out.splitlines(), explanations, strict=True):
        qid, _, pid, rank, score, _ = line.split()
        assert (e["query"], e["profile"], e["rank"]) == (qid, pid, int(rank))
        assert sum(c["value"] for c in e["components"]) == pytest.approx(float(score), abs=1e-6)
    target = tmp_path / "explain.jsonl"
    out2, err2 = run(tmp_path, "--top", "2", "--explain-file", str(target), "--today", "2026-11-28")
    assert err2 == "" and out2 == out
    plain, _ = run(tmp_path, "--top", "2", "--today", "2026-11-28")
    assert plain == out  # explanations do not change the run
    assert [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()] == explanations


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("{not json", "malformed JSON"),
        ('{"id": "x", "kind": "nonsense", "lang": "zh", "title": "t"}', 'unknown kind "nonsense"'),
        ('{"id": "x", "kind": "job_offer", "lang": "fr", "title": "t"}', 'unknown lang "fr"'),
        ('{"kind": "job_offer", "lang": "zh", "title": "t"}', "missing field id"),
        ('["a list"]', "a line must be a JSON object"),
        (
            '{"id": "x", "kind": "job_offer", "lang": "zh", "title": "t", "quantity": "many"}',
            "quantity must be a number",
        ),
        (
            '{"id": "x", "kind": "job_offer", "lang": "zh", "title": "t", "industry": ["Z99"]}',
            "not a GB/T 4754 industry code",
        ),
        ('{"id": "p-ja", "kind": "job_offer", "lang": "zh", "title": "t"}', 'duplicate id "p-ja"'),
    ],
)
def test_bad_profile_line_stops_with_line_number_and_status_2(
    tmp_path: Path, bad_line: str, reason: str
) -> None:
    rows: list = [*PROFILES[:2], "", bad_line]  # a blank line is skipped but still counted
    with pytest.raises(CommandError) as caught:
        run(tmp_path, "--top", "3", profiles=rows)
    assert caught.value.returncode == 2
    assert "profiles.jsonl, line 4: " in str(caught.value)
    assert reason in str(caught.value)


def test_bad_query_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        run(
            tmp_path,
            "--top",
            "3",
            queries=[QUERIES[0], {"id": "q9", "kind": "offer", "lang": "en", "title": "x"}],
        )
    assert caught.value.returncode == 2
    assert "queries.jsonl, line 2: unknown kind" in str(caught.value)


def test_top_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        run(tmp_path, "--top", "0")
    assert caught.value.returncode == 2


def test_real_process_exit_status_and_stderr(tmp_path: Path) -> None:
    """The installed command, as an outside evaluation runs it: status 2 and the line number."""
    p = write(
        tmp_path / "p.jsonl",
        [PROFILES[0], '{"id": "x", "kind": "bogus", "lang": "en", "title": "t"}'],
    )
    q = write(tmp_path / "q.jsonl", QUERIES[:1])
    database = tmp_path / "never-created.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "hezuo.manage",
            "match",
            "rank",
            "--profiles",
            str(p),
            "--queries",
            str(q),
            "--top",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode == 2
    assert "p.jsonl, line 2: " in done.stderr and "bogus" in done.stderr
    assert done.stdout == ""
    assert not database.exists()  # the command reads files only: no database is opened


def test_runs_without_a_database(tmp_path: Path) -> None:
    """Not marked for database access: pytest-django would fail any query."""
    out, _ = run(tmp_path, "--top", "1")
    assert out
