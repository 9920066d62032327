"""Schedule computations in the background: a thread per run, its status in the run's row.

Like the imports' jobs (:mod:`hezuo.imports.jobs`): no Redis and no worker; the page shows the
run's status and reloads itself while it is queued or running. With ``BROKERAGE_IN_THREAD =
False`` (the tests) the run is computed in the calling thread. A run interrupted by a restart
stays "running" without a thread: starting a new one after it is allowed once it is an hour old.
"""

from __future__ import annotations

import logging

from django.conf import settings

from hezuo.base.jobs import run_in_background

from . import services
from .models import ScheduleRun

log = logging.getLogger(__name__)


def run(run_id: int) -> None:
    """Compute one schedule run to its end (in the calling thread)."""
    job = ScheduleRun.objects.select_related("event", "started_by").get(pk=run_id)
    try:
        services.compute_schedule(run=job)
    except Exception as exc:  # noqa: BLE001 - a failed run must say so on its page
        log.exception("schedule run %s failed", job.pk)
        services.fail_schedule(run=job, error=f"{type(exc).__name__}: {exc}")


def start(job: ScheduleRun) -> None:
    """Compute ``job`` in a background thread (or right here when BROKERAGE_IN_THREAD is False)."""
    run_in_background(
        run,
        job.pk,
        in_thread=getattr(settings, "BROKERAGE_IN_THREAD", True),
        name=f"schedule-{job.pk}",
    )
