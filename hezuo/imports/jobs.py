"""Background imports: an in-process thread per job, its progress in memory and in a DB row.

The embedded default needs no Redis and no worker: the upload view starts a thread that runs the
import (preview or commit) on its own database connection; the job's row keeps the status and
the result, and the progress while it runs is kept in this process's memory, which the page
polls (htmx) through :func:`progress_of`. A job interrupted by a restart is left "running"
without a thread; the page then offers to upload again (a commit is all or nothing, so nothing
half-written can remain). Uploaded files are deleted when no job can need them any more
(:func:`discard_upload` when a job ends, :func:`sweep` for previews left uncommitted).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from hezuo.base.jobs import run_in_background

from .ledgers import get_ledger
from .models import ImportJob, JobStatus
from .services import import_file

_PROGRESS: dict[int, dict[str, Any]] = {}
_LOCK = threading.Lock()


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
    """Run a job to its end (in the calling thread)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ledger = get_ledger(job.ledger)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    total = job.total

    def progress(phase: str, done: int, n: int) -> None:
        _set(job.pk, phase=phase, done=done, total=n or total)

    try:
        with Path(job.path).open("rb") as stream:
            result = import_file(
                ledger,
                stream,
                file_name=job.file_name,
                user=job.user,
                dry_run=job.dry_run,
                progress=progress,
            )
        if result.ok:
            status = JobStatus.PREVIEWED if job.dry_run else JobStatus.DONE
        else:
            status = JobStatus.REFUSED
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
                "errors": [{**e.as_dict(), "params": _plain(e.params)} for e in result.errors],
            },
        )
    except Exception as exc:  # noqa: BLE001 - a failed job must say so on its page
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, result={"ok": False, "failure": str(exc)[:500]}
        )
        raise
    finally:
        with _LOCK:
            _PROGRESS.pop(job.pk, None)
        discard_upload(job.pk)


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
    sweep()
    run_in_background(
        run_job,
        job.pk,
        in_thread=getattr(settings, "IMPORTS_IN_THREAD", True),
        name=f"import-{job.pk}",
    )
