"""run_in_background: inline the caller sees the work and its exception; in a daemon thread the
work's connection is closed however it ends, and its exception goes to threading.excepthook."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from hezuo.base import jobs


class Recorder:
    """Stands for the module's ``connection`` and ``close_old_connections``: who closed, where."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def close(self) -> None:
        self.calls.append(("close", threading.current_thread().name))

    def close_old(self) -> None:
        self.calls.append(("close_old", threading.current_thread().name))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(jobs, "connection", recorder)
    monkeypatch.setattr(jobs, "close_old_connections", recorder.close_old)
    return recorder


def test_inline_runs_here_and_leaves_the_connection_open(recorder: Recorder) -> None:
    seen: list[Any] = []
    jobs.run_in_background(
        lambda a, b: seen.append((a, b, threading.current_thread())),
        1,
        "x",
        in_thread=False,
        name="job-1",
    )
    assert seen == [(1, "x", threading.current_thread())]
    assert recorder.calls == []  # the caller's connection, in the caller's transaction


def test_inline_exception_reaches_the_caller(recorder: Recorder) -> None:
    def fail() -> None:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        jobs.run_in_background(fail, in_thread=False, name="job-2")


def _run_in_thread(func: Any, *args: Any, name: str) -> threading.Thread:
    started: list[threading.Thread] = []
    original = threading.Thread.start

    def start(self: threading.Thread) -> None:
        started.append(self)
        original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(threading.Thread, "start", start)
        jobs.run_in_background(func, *args, in_thread=True, name=name)
    assert len(started) == 1
    started[0].join(timeout=10)
    assert not started[0].is_alive()
    return started[0]


def test_thread_is_a_named_daemon_and_closes_its_connection(recorder: Recorder) -> None:
    seen: list[Any] = []

    def work(value: int) -> None:
        current = threading.current_thread()
        seen.append((value, current.name, current.daemon))

    thread = _run_in_thread(work, 7, name="schedule-7")
    assert thread is not threading.current_thread()
    assert seen == [(7, "schedule-7", True)]
    assert recorder.calls == [("close_old", "schedule-7"), ("close", "schedule-7")]


def test_thread_exception_is_reported_and_the_connection_still_closed(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: reported.append(args))

    def fail() -> None:
        raise RuntimeError("lost")

    _run_in_thread(fail, name="import-3")  # nothing raised here
    assert [(type(r.exc_value), str(r.exc_value), r.thread.name) for r in reported] == [
        (RuntimeError, "lost", "import-3")
    ]
    assert recorder.calls == [("close_old", "import-3"), ("close", "import-3")]
