"""Pages: the ledgers, a template per ledger, upload → preview → commit, error report, export."""

from __future__ import annotations

import io
import tempfile
from itertools import chain
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hezuo.base import export
from hezuo.base.access import may
from hezuo.core import tabular
from hezuo.core.access import Action
from hezuo.core.tabular import CellError

from . import jobs
from .ledgers import LEDGERS, SECTIONS, Ledger
from .messages import translate
from .models import ImportJob, JobStatus
from .services import export_sheet, read_limits, template_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_DIR = Path(
    getattr(settings, "IMPORTS_UPLOAD_DIR", Path(tempfile.gettempdir()) / "hezuo-imports")
)


def _ledger(name: str) -> Ledger:
    try:
        return LEDGERS[name]
    except KeyError as exc:
        raise Http404 from exc


def _may_import(user: Any, ledger: Ledger) -> bool:
    return may(user, ledger.model, Action.ADD) or may(user, ledger.model, Action.CHANGE)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    return export.download(content, name, content_type)


@login_required
def ledger_list(request: HttpRequest) -> HttpResponse:
    """The ledgers by section; a ledger the user may neither see nor import is left out."""
    placed = {name for _heading, names in SECTIONS for name in names}
    sections = [*SECTIONS, (_("Other ledgers"), [n for n in LEDGERS if n not in placed])]
    found = []
    for heading, names in sections:
        rows = []
        for name in names:
            ledger = LEDGERS[name]
            row = {
                "ledger": ledger,
                "columns": ledger.columns,
                "may_import": _may_import(request.user, ledger),
                "may_view": may(request.user, ledger.model, Action.VIEW),
            }
            if row["may_import"] or row["may_view"]:
                rows.append(row)
        if rows:
            found.append({"heading": heading, "rows": rows})
    recent = ImportJob.objects.filter(user=request.user)[:10]
    return render(request, "imports/ledger_list.html", {"sections": found, "recent": recent})


@login_required
def template_view(request: HttpRequest, name: str) -> HttpResponse:
    ledger = _ledger(name)
    buffer = io.BytesIO()
    template_file(ledger, buffer, lang=translation.get_language())
    return _download(buffer.getvalue(), f"{ledger.name}-template.xlsx", XLSX)


@login_required
def export_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    ledger = _ledger(name)
    if fmt not in tabular.FORMATS:
        raise Http404
    if not may(request.user, ledger.model, Action.VIEW):
        raise PermissionDenied
    lang = request.GET.get("lang") or None
    if lang not in (None, "codes", "zh-hans", "ja", "en"):
        lang = None
    lang = None if lang in (None, "codes") else lang
    headers, rows, text_columns = export_sheet(ledger, user=request.user, lang=lang)
    return export.export_rows(
        request,
        chain([headers], rows),
        fmt=fmt,
        basename=ledger.name,
        filename=f"{ledger.name}.{fmt}",
        object_type=ledger.model._meta.label_lower,
        detail={"ledger": ledger.name, "lang": lang or ""},
        text_columns=text_columns,
    )


def max_upload_bytes() -> int:
    """The largest file an upload may have (``IMPORT_MAX_UPLOAD_BYTES``)."""
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 256 * 2**20))


def _too_large() -> str:
    return _("The file is larger than %(limit)s MB; split it into several files.") % {
        "limit": f"{max_upload_bytes() / 2**20:.0f}"
    }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            tabular.file_format(upload.name)
        except tabular.ValueProblem as exc:
            raise forms.ValidationError(_("Upload a .xlsx or .csv file.")) from exc
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(_too_large())
        return upload


@login_required
def upload_view(request: HttpRequest, name: str) -> HttpResponse:
    ledger = _ledger(name)
    if not _may_import(request.user, ledger):
        raise PermissionDenied
    if request.method == "POST" and _declared_length(request) > max_upload_bytes() + 2**20:
        # refused by its declared size, not kept nor read (the CSRF check may have parsed the
        # body already: the web server's body limit should be the same, see the README)
        form = UploadForm()
        form.add_error("file", _too_large())
        return render(
            request,
            "imports/upload.html",
            {"ledger": ledger, "form": form, "columns": _columns(ledger)},
            status=413,
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(dir=UPLOAD_DIR, suffix=suffix, delete=False) as target:
            for chunk in upload.chunks():
                target.write(chunk)
        job = ImportJob.objects.create(
            user=request.user,
            ledger=ledger.name,
            file_name=Path(upload.name).name[:255],
            path=target.name,
            dry_run=True,
            total=_estimate_rows(upload.size),
            language=translation.get_language() or "",
        )
        jobs.start(job)
        return redirect("imports:job", pk=job.pk)
    return render(
        request,
        "imports/upload.html",
        {"ledger": ledger, "form": form, "columns": _columns(ledger)},
    )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _columns(ledger: Ledger) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "label": c.label,
            "required": c.required,
            "choices": [(value, label) for value, label in c.choices.choices] if c.choices else [],
            "help": c.help,
        }
        for c in ledger.columns
    ]


#: Files of more rows get an error report of the rows with errors only.
FULL_REPORT_ROWS = 20_000


def _estimate_rows(size: int) -> int:
    return max(1, size // 60)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The user's own job (one whose process is gone marked failed: :func:`jobs.reap`)."""
    return jobs.reap(get_object_or_404(ImportJob, pk=pk, user=request.user))


def _errors(job: ImportJob) -> list[dict[str, Any]]:
    found = []
    for e in job.result.get("errors", []):
        error = CellError(
            e["row"], e["column"], e["value"], e["code"], e["message"], e.get("params") or {}
        )
        found.append({**e, "message": translate(error)})
    return found


def _error_count(job: ImportJob) -> int:
    """All the errors the import found (only the first ones are stored: jobs._finish)."""
    stored = len(job.result.get("errors", []))
    return max(stored, int(job.result.get("error_count") or 0))


@login_required
def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = {
        "job": job,
        "ledger": _ledger(job.ledger),
        "progress": jobs.progress_of(job),
        "errors": _errors(job),
        "error_count": _error_count(job),
    }
    return render(request, "imports/job.html", context)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    progress = jobs.progress_of(job)
    response = render(request, "imports/_progress.html", {"job": job, "progress": progress})
    if progress["percent"] >= 100:
        response["HX-Refresh"] = "true"  # show the result
    return response


@login_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != JobStatus.PREVIEWED:
        return redirect("imports:job", pk=job.pk)
    commit = ImportJob.objects.create(
        user=request.user,
        ledger=job.ledger,
        file_name=job.file_name,
        path=job.path,
        dry_run=False,
        total=job.total,
        language=translation.get_language() or "",
    )
    jobs.start(commit)
    return redirect("imports:job", pk=commit.pk)


@login_required
def error_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded sheet with every bad cell filled red and the reason as its comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    job = _job(request, pk)
    errors = _errors(job)
    by_cell: dict[tuple[int, str], list[str]] = {}
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_cell.setdefault((e["row"], e["column"]), []).append(e["message"])
        by_row.setdefault(e["row"], []).append(
            f"{e['column']}: {e['message']}" if e["column"] else e["message"]
        )
    fill = PatternFill("solid", fgColor="FFC7CE")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = job.ledger
    path = Path(job.path)
    if not path.exists():
        raise Http404
    total = _error_count(job)
    if total > len(errors):
        errors_header = str(_("Errors (the first %(shown)s of %(total)s)")) % {
            "shown": len(errors),
            "total": total,
        }
    else:
        errors_header = str(_("Errors"))
    # A large file comes back as its rows with errors only, each after its row number: a copy
    # of hundreds of thousands of rows would take minutes to write.
    compact = job.total > FULL_REPORT_ROWS
    last = max(by_row, default=0)
    written = 0
    with path.open("rb") as stream:
        rows = tabular.read_rows(stream, tabular.file_format(job.file_name), read_limits())
        headers: list[str] = []
        for number, cells in enumerate(rows, start=1):
            if compact and number > 1 and number not in by_row:
                if number > last:
                    break
                continue
            values = [tabular.text(c) if not isinstance(c, (int, float)) else c for c in cells]
            if number == 1:
                headers = [tabular.text(c) for c in cells]
                values = [*values, errors_header]
            elif number in by_row:
                values = [
                    *values,
                    *([""] * (len(headers) - len(values))),
                    "\n".join(by_row[number]),
                ]
            if compact:
                values = [str(_("Row")) if number == 1 else number, *values]
            export.append(sheet, values)  # the uploaded text may look like a formula
            written += 1
            for index, header in enumerate(headers):
                messages = by_cell.get((number, header))
                if messages:
                    cell = sheet.cell(row=written, column=index + 1 + compact)
                    cell.fill = fill
                    cell.comment = Comment("\n".join(messages), "Hezuo")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), f"{Path(job.file_name).stem}-errors.xlsx", XLSX)
