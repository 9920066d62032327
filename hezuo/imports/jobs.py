"""Background imports: an in-process thread per job, its progress in memory and in a DB row.

The embedded default needs no Redis and no worker: the upload view starts a thread that runs the
import (preview or commit) on its own database connection; the job's row keeps the status and
the result, and the progress while it runs is kept in this process's memory, which the page
polls (htmx) through :func:`progress_of`.

Every job ends in a final state: a file the reader refuses (too large unpacked, too many rows
or columns: :class:`hezuo.core.tabular.ReadLimits`) and any exception end it "failed" with a
message in the reader's language; a job whose process is gone (a restart, a crash) is found
and marked "failed" by :func:`reap` when its page is looked at (a commit is all or nothing, so
nothing half-written can remain). At most ``IMPORT_MAX_RUNNING_JOBS`` jobs run at once in one
process; the others wait "queued". Only the first ``IMPORT_MAX_STORED_ERRORS`` errors are kept
in the job's row, with their count. Uploaded files are deleted when no job can need them any
more (:func:`discard_upload` when a job ends, :func:`sweep` for previews left uncommitted).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from hezuo.base.jobs import run_in_background
from hezuo.core.tabular import CellError

from .ledgers import get_ledger
from .models import ImportJob, JobStatus
from .services import ImportResult, import_file

logger = logging.getLogger(__name__)

_PROGRESS: dict[int, dict[str, Any]] = {}
_LOCK = threading.Lock()
_SLOTS: threading.BoundedSemaphore | None = None


def _slots() -> threading.BoundedSemaphore:
    """The process's places for running jobs (``IMPORT_MAX_RUNNING_JOBS``, made once)."""
    global _SLOTS
    with _LOCK:
        if _SLOTS is None:
            _SLOTS = threading.BoundedSemaphore(
                max(1, int(getattr(settings, "IMPORT_MAX_RUNNING_JOBS", 2)))
            )
        return _SLOTS


def _worker() -> dict[str, Any]:
    """Which process runs a job: so that another process can tell whether it is still alive."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def progress_of(job: ImportJob) -> dict[str, Any]:
    """Phase, rows done and percent of a job (100 when it has finished)."""
    with _LOCK:
        live = dict(_PROGRESS.get(job.pk, {}))
    finished = job.status in (
        JobStatus.PREVIEWED,
        JobStatus.DONE,
        JobStatus.REFUSED,
        JobStatus.FAILED,
    )
    if finished:
        return {"phase": job.status, "done": job.total, "total": job.total, "percent": 100}
    total = live.get("total") or job.total or 0
    done = live.get("done", 0)
    phase = live.get("phase", "read")
    # reading is the first half, checking and writing the second
    if phase == "read":
        percent = min(50, int(50 * done / total)) if total else 5
    elif phase == "check":
        percent = 60
    else:
        percent = 60 + (int(39 * done / total) if total else 0)
    return {"phase": phase, "done": done, "total": total, "percent": min(percent, 99)}


def _set(job_id: int, **values: Any) -> None:
    with _LOCK:
        _PROGRESS.setdefault(job_id, {}).update(values)


def run_job(job_id: int) -> None:
    """Run a job to its end (in the calling thread); it always ends in a final state."""
    try:
        with _slots():
            _run(job_id)
    finally:
        with _LOCK:
            _PROGRESS.pop(job_id, None)
        discard_upload(job_id)


def _run(job_id: int) -> None:
    try:
        job = ImportJob.objects.select_related("user").get(pk=job_id)
        ledger = get_ledger(job.ledger)
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, result={"worker": _worker()}
        )
        total = job.total

        def progress(phase: str, done: int, n: int) -> None:
            _set(job.pk, phase=phase, done=done, total=n or total)

        with Path(job.path).open("rb") as stream:
            result = import_file(
                ledger,
                stream,
                file_name=job.file_name,
                user=job.user,
                dry_run=job.dry_run,
                progress=progress,
            )
        _finish(job, result)
    except OperationalError as exc:
        # SQLite's "database is locked": another write held the lock longer than the timeout
        code = "database_busy" if "locked" in str(exc).lower() else "unexpected"
        _fail(job_id, code, exc)
        if code == "unexpected":
            raise
    except Exception as exc:  # noqa: BLE001 - a failed job must say so on its page
        _fail(job_id, "unexpected", exc)
        raise


def _finish(job: ImportJob, result: ImportResult) -> None:
    """Store the result: the first ``IMPORT_MAX_STORED_ERRORS`` errors and their count."""
    if result.ok:
        status = JobStatus.PREVIEWED if job.dry_run else JobStatus.DONE
    elif result.errors and all(e.row == 0 for e in result.errors):
        status = JobStatus.FAILED  # the file itself was refused (unreadable, too big, not allowed)
    else:
        status = JobStatus.REFUSED
    keep = max(1, int(getattr(settings, "IMPORT_MAX_STORED_ERRORS", 1000)))
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        total=result.rows,
        done=result.rows,
        result={
            "ok": result.ok,
            "dry_run": job.dry_run,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "seconds": round(result.seconds, 2),
            "error_count": len(result.errors),
            "errors": [{**e.as_dict(), "params": _plain(e.params)} for e in result.errors[:keep]],
        },
    )


def _fail(job_id: int, code: str, exc: BaseException | None = None) -> None:
    """Mark a job failed with the message of ``code`` (retried while the database is busy)."""
    if exc is not None:
        logger.error("import job %s failed", job_id, exc_info=exc)
    error = CellError(0, "", "", code, "The import failed; nothing was written.", {"job": job_id})
    values = {
        "status": JobStatus.FAILED,
        "result": {"ok": False, "failure": code, "error_count": 1, "errors": [error.as_dict()]},
    }
    for attempt in range(5):
        try:
            ImportJob.objects.filter(
                pk=job_id, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
            ).update(**values)
            return
        except OperationalError:  # the lock that failed the job may still be held
            time.sleep(2**attempt)
    logger.error("import job %s could not be marked failed", job_id)


def reap(job: ImportJob) -> ImportJob:
    """Mark ``job`` failed if it is queued or running but its process is gone; return it.

    A job started in this process is alive while its progress is in memory; one started in
    another process on this host while that process exists. A job of another host is left
    alone unless it has not been touched for ``KEEP_HOURS`` (nor is any job without a worker).
    """
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return job
    worker = job.result.get("worker") if isinstance(job.result, dict) else None
    here = _worker()
    if isinstance(worker, dict) and worker.get("host") == here["host"]:
        pid = worker.get("pid")
        if pid == here["pid"]:
            with _LOCK:
                alive = job.pk in _PROGRESS
        else:
            alive = _process_exists(pid)
    else:
        alive = job.updated > timezone.now() - timedelta(hours=KEEP_HOURS)
    if alive:
        return job
    _fail(job.pk, "interrupted")
    discard_upload(job.pk)
    job.refresh_from_db()
    return job


def _process_exists(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user has that number: assume it is ours
    return True


#: How long the file of a preview is kept for its commit or its error report.
KEEP_HOURS = 24


def discard_upload(job_id: int) -> bool:
    """Delete the uploaded file of a job that has ended once nothing can need it any more.

    A commit's file goes when the commit ends, unless it was refused (a rule found broken
    under the lock by a concurrent import): then it is kept for the error report. A preview's
    file goes when the preview failed, else it is kept for the commit (previewed) or the error
    report (refused) — until a later commit of it ends or :func:`sweep` finds it older than
    KEEP_HOURS. Returns whether the file was deleted.
    """
    job = ImportJob.objects.filter(pk=job_id).values("path", "dry_run", "status").first()
    if job is None or not job["path"]:
        return False
    needed = job["status"] == JobStatus.REFUSED or (
        job["dry_run"] and job["status"] == JobStatus.PREVIEWED
    )
    if needed or job["status"] in (JobStatus.QUEUED, JobStatus.RUNNING):
        return False
    if (
        ImportJob.objects.filter(path=job["path"], status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        .exclude(pk=job_id)
        .exists()
    ):
        return False  # another job reads the same file
    return _unlink(job["path"])


def sweep(hours: float = KEEP_HOURS) -> int:
    """Delete the files of previews that ended more than ``hours`` ago; return how many."""
    cutoff = timezone.now() - timedelta(hours=hours)
    ended = (JobStatus.PREVIEWED, JobStatus.REFUSED, JobStatus.DONE, JobStatus.FAILED)
    busy = set(
        ImportJob.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).values_list(
            "path", flat=True
        )
    )
    count = 0
    for path in set(
        ImportJob.objects.filter(status__in=ended, updated__lt=cutoff)
        .exclude(path="")
        .values_list("path", flat=True)
    ):
        if path not in busy and _unlink(path):
            count += 1
    return count


def _unlink(path: str) -> bool:
    try:
        Path(path).unlink()
    except FileNotFoundError:
        return False
    return True


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, (int, float, str)) else str(v) for k, v in params.items()}


def start(job: ImportJob) -> None:
    """Run ``job`` in a background thread (or right here when IMPORTS_IN_THREAD is False)."""
    _set(job.pk, phase="read", done=0, total=job.total)
    ImportJob.objects.filter(pk=job.pk).update(result={"worker": _worker()})
    sweep()
    run_in_background(
        run_job,
        job.pk,
        in_thread=getattr(settings, "IMPORTS_IN_THREAD", True),
        name=f"import-{job.pk}",
    )
