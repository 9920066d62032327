"""The uploaded files of the import page are deleted once no job can need them any more."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hezuo.imports import jobs
from hezuo.imports.models import ImportJob, JobStatus

from .helpers import PERSON_HEADERS, person_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _upload(client, path: Path) -> ImportJob:
    with path.open("rb") as stream:
        client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    return ImportJob.objects.latest("pk")


@override_settings(IMPORTS_IN_THREAD=False)
def test_a_commit_deletes_the_file_a_preview_keeps_it(admin_client, tmp_path) -> None:
    preview = _upload(
        admin_client, write_xlsx(tmp_path / "p.xlsx", PERSON_HEADERS, person_rows(1, 2, 600))
    )
    assert preview.status == JobStatus.PREVIEWED
    stored = Path(preview.path)
    assert stored.exists()  # kept for the commit
    admin_client.post(reverse("imports:job_commit", args=[preview.pk]))
    commit = ImportJob.objects.latest("pk")
    assert commit.status == JobStatus.DONE and commit.path == preview.path
    assert not stored.exists()


@override_settings(IMPORTS_IN_THREAD=False)
def test_a_refused_preview_keeps_its_file_for_the_report(admin_client, tmp_path) -> None:
    rows = person_rows(1, 2, 610)
    rows[1][1] = "5.20203198001011E+17"
    job = _upload(admin_client, write_csv(tmp_path / "bad.csv", PERSON_HEADERS, rows))
    assert job.status == JobStatus.REFUSED
    assert Path(job.path).exists()
    report = admin_client.get(reverse("imports:error_report", args=[job.pk]))
    assert report.status_code == 200
    # a day later the sweep (run when any job starts) deletes it
    ImportJob.objects.filter(pk=job.pk).update(updated=timezone.now() - timedelta(hours=25))
    assert jobs.sweep() == 1
    assert not Path(job.path).exists()


@override_settings(IMPORTS_IN_THREAD=False)
def test_a_failed_job_deletes_its_file(admin_client, tmp_path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jobs, "import_file", broken)
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, person_rows(1, 1, 620))
    with pytest.raises(RuntimeError):
        _upload(admin_client, path)
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.FAILED
    assert not Path(job.path).exists()


def test_a_file_still_read_by_a_running_job_is_kept(admin_user, tmp_path) -> None:
    stored = tmp_path / "shared.csv"
    stored.write_text("x")
    done = ImportJob.objects.create(
        user=admin_user, ledger="persons", file_name="a.csv", path=str(stored), dry_run=False
    )
    ImportJob.objects.filter(pk=done.pk).update(status=JobStatus.DONE)
    running = ImportJob.objects.create(
        user=admin_user, ledger="persons", file_name="a.csv", path=str(stored), dry_run=False
    )
    ImportJob.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING)
    assert not jobs.discard_upload(done.pk) and stored.exists()
    ImportJob.objects.filter(pk=running.pk).update(status=JobStatus.DONE)
    assert jobs.discard_upload(done.pk) and not stored.exists()
