"""Background work without Redis or a worker: a daemon thread in this process, or inline.

The imports (:mod:`hezuo.imports.jobs`) and the brokerage schedules (:mod:`hezuo.brokerage.jobs`)
start their long runs here; each keeps its own status in a database row, which its page polls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def run_in_background(
    func: Callable[..., object], *args: object, in_thread: bool, name: str
) -> None:
    """Run ``func(*args)`` in a daemon thread called ``name``, or right here if not ``in_thread``.

    Inline (the tests' setting), ``func`` runs on the caller's connection and in its
    transaction, and an exception reaches the caller. In the thread, ``func`` gets a database
    connection of its own, closed when it ends however it ends; an exception it lets through ends
    the thread and is reported by :func:`threading.excepthook` (logged to stderr), not raised
    anywhere. Nothing waits for the caller's transaction to commit: start the work after it.
    """
    if not in_thread:
        func(*args)
        return

    def target() -> None:
        try:
            func(*args)
        finally:
            close_old_connections()
            connection.close()

    threading.Thread(target=target, name=name, daemon=True).start()
