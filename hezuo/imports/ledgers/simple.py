"""Ledgers whose rows map one to one onto records: organisations, projects.

Each row is validated by the model's own ``full_clean()`` (the same rules as forms and the API),
matched to an existing record by its natural key, and compared field by field. The bulk write
sends no signals, so the projects ledger records the policies its changes newly qualify a project
for itself (``hezuo.policies.services.notice_newly_qualifying_many``), as a save of each would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hezuo.core import lifecycle, tabular
from hezuo.core.eligibility import Subject
from hezuo.core.tabular import CellError, DuplicateFinder
from hezuo.directory.choices import OrganisationKind
from hezuo.directory.models import Organisation
from hezuo.policies import services as policy_services
from hezuo.policies.choices import NoticeCause
from hezuo.projects.choices import EvidenceKind, Stage
from hezuo.projects.models import Project, StageChange, lifecycle_error
from hezuo.projects.services import EvidenceItem, advance_stage
from hezuo.regions.models import Program, Region

from .base import (
    LANGUAGES,
    RENDERED_ROWS,
    Column,
    Ledger,
    Plan,
    Row,
    WriteRefused,
    chunked,
    clean_errors,
)


@dataclass
class StageMove:
    """A stage move a projects file asks for, checked, to be made by ``advance_stage``."""

    project_id: int
    row: int
    to_stage: str
    happened_on: date
    reason: str
    skip_reason: str
    evidence: list[EvidenceItem]


#: Where a broken life-cycle rule is reported: the field of hezuo.core.lifecycle.Problem → column.
MOVE_COLUMNS = {
    "to_stage": "stage",
    "from_stage": "stage",
    "happened_on": "stage_since",
    "evidence": "stage_evidence",
    "reason": "stage_reason",
    "skip_reason": "stage_reason",
}

#: What to do about a broken rule in a file (which cannot carry a file of evidence).
MOVE_HINTS = {
    "evidence_missing": _(
        "Give the reference of the document (its number, the issuing authority or where the "
        "original is kept) in the column %(column)s, or move the project on its page."
    ),
    "reason_backward": _("Give it in the column %(column)s."),
    "reason_terminate": _("Give it in the column %(column)s."),
    "reason_reopen": _("Give it in the column %(column)s."),
    "skip_reason": _("Give it in the column %(column)s."),
}

#: A row's own problems with its stage columns (not rules of a move).
STAGE_MESSAGES = {
    "since_without_move": _(
        "The day a project entered its stage changes only with a stage move; leave the column "
        "as it was, or give a new stage."
    ),
}


def _column_name(header: dict[str, str], code: str) -> str:
    return header.get(code) or code


def _move_error(row: Row, header: dict[str, str], problem: lifecycle.Problem) -> CellError:
    """A broken life-cycle rule as a cell error, its message rendered in every language."""
    code = MOVE_COLUMNS.get(problem.field, "stage")
    column = _column_name(header, code)
    params: dict[str, Any] = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            message = " ".join(lifecycle_error([problem]).messages)
            hint = MOVE_HINTS.get(problem.code)
            if hint is not None:
                message += " " + str(hint) % {"column": column}
            params[f"message_{lang}"] = message
    value = tabular.text(row.raw.get(code)) if code in row.raw else ""
    message = params.get(f"message_{translation.get_language()}", params["message_en"])
    params["message"] = message
    return CellError(row.number, column, value, "invalid", message, params)


def _stage_error(row: Row, header: dict[str, str], code: str, problem: str) -> CellError:
    params: dict[str, Any] = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            params[f"message_{lang}"] = str(STAGE_MESSAGES[problem])
    params["message"] = params["message_en"]
    value = tabular.text(row.raw.get(code)) if code in row.raw else ""
    return CellError(
        row.number, _column_name(header, code), value, "invalid", params["message"], params
    )


class ModelLedger(Ledger):
    """Rows → records by natural key; foreign keys to regions and programs by their codes."""

    #: Field codes tried in turn as the natural key (the first one filled in a row is used).
    keys: ClassVar[list[str]]

    def key_of(self, values: dict[str, Any]) -> tuple[str, Any] | None:
        for code in self.keys:
            if values.get(code):
                return (code, values[code])
        return None

    def lookups(self, rows: list[Row]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for column in self.columns:
            codes = {r.values[column.code] for r in rows if r.values.get(column.code)}
            if column.kind == "region":
                found[column.code] = dict(
                    Region.objects.filter(code__in=codes).values_list("code", "pk")
                )
            elif column.kind == "program":
                found[column.code] = dict(
                    Program.objects.filter(code__in=codes).values_list("code", "pk")
                )
        return found

    def existing(self, rows: list[Row]) -> dict[tuple[str, Any], models.Model]:
        by_key: dict[tuple[str, Any], models.Model] = {}
        for code in self.keys:
            attr = self.column(code).attr
            wanted = [r.values[code] for r in rows if r.values.get(code)]
            for chunk in chunked(wanted):
                for obj in self.model._default_manager.filter(**{f"{attr}__in": chunk}):
                    by_key.setdefault((code, getattr(obj, attr)), obj)
        return by_key

    def plan(self, rows: list[Row], header: dict[str, str], errors: list[CellError]) -> Plan:
        plan = Plan()
        lookups = self.lookups(rows)
        existing = self.existing(rows)
        duplicates = DuplicateFinder()
        attrs = {c.attr.removesuffix("_id"): c.code for c in self.columns}
        matched: set[Any] = set()
        rendered = 0  # rows cleaned (model errors rendered in every language for the first ones)
        for row in rows:
            key = self.key_of(row.values)
            if key is None:
                code = self.keys[-1]
                errors.append(
                    CellError(row.number, header.get(code, code), "", "required", "Required.")
                )
                continue
            other = duplicates.check(key, row.number)
            if other is not None:
                errors.append(
                    CellError(
                        row.number,
                        header.get(key[0], key[0]),
                        str(key[1]),
                        "duplicate",
                        "Duplicate.",
                        {"other": other, "key": header.get(key[0], key[0])},
                    )
                )
                continue
            obj = existing.get(key)
            if obj is None:
                # A row keyed by name may still match a record found by another key.
                obj = next(
                    (existing[k] for k in self._other_keys(row.values) if k in existing), None
                )
            if obj is not None and obj.pk in matched:
                errors.append(
                    CellError(
                        row.number,
                        header.get(key[0], key[0]),
                        str(key[1]),
                        "duplicate",
                        "Duplicate.",
                        {"other": "?", "key": header.get(key[0], key[0])},
                    )
                )
                continue
            new = obj is None
            if obj is None:
                obj = self.model()
            else:
                matched.add(obj.pk)
            changed: set[str] = set()
            bad = False
            for column in self.columns:
                if column.code not in row.values or not column.stored:
                    continue
                value = row.values[column.code]
                if column.kind in ("region", "program"):
                    if value:
                        target = lookups[column.code].get(value)
                        if target is None:
                            problem = (
                                "unknown_region" if column.kind == "region" else "unknown_program"
                            )
                            errors.append(
                                CellError(
                                    row.number,
                                    header[column.code],
                                    value,
                                    problem,
                                    "Unknown.",
                                    {"value": value},
                                )
                            )
                            bad = True
                            continue
                        value = target
                    else:
                        value = None
                if value is None and column.kind in ("text", "code", "choice"):
                    value = ""
                if value == "" and column.kind == "choice" and not column.required:
                    field = self.model._meta.get_field(column.attr.removesuffix("_id"))
                    if field.has_default():  # type: ignore[union-attr]
                        value = field.get_default()  # type: ignore[union-attr]
                if getattr(obj, column.attr) != value:
                    setattr(obj, column.attr, value)
                    changed.add(column.attr)
            if bad:
                continue
            outcome = self.adjust(obj, row, new=new, changed=changed, header=header, plan=plan)
            if isinstance(outcome, list):
                errors.extend(outcome)
                continue
            if not new and not changed:
                if outcome:
                    plan.extra["also_updated"] = plan.extra.get("also_updated", 0) + 1
                else:
                    plan.unchanged += 1
                continue
            rendered += 1
            _exc, problems = clean_errors(
                obj,
                row,
                header,
                attrs,
                every_language=rendered <= RENDERED_ROWS,
                validate_unique=False,
                validate_constraints=False,
            )
            if problems:
                errors.extend(problems)
                continue
            if new:
                plan.creates.append(obj)
            else:
                plan.updates.append(obj)
                plan.update_fields |= changed
        return plan

    def adjust(
        self,
        obj: models.Model,
        row: Row,
        *,
        new: bool,
        changed: set[str],
        header: dict[str, str],
        plan: Plan,
    ) -> bool | list[CellError]:
        """A ledger's own rules for a row, after its fields are set on ``obj`` (``changed``).

        Returns the row's errors, or whether it changes something besides its fields.
        """
        return False

    def _other_keys(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        return [(code, values[code]) for code in self.keys if values.get(code)]

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        attrs = [c.attr for c in self.columns if c.stored]
        empty = [i for i, c in enumerate(self.columns) if not c.stored]
        relations = {
            c.attr: ("region" if c.kind == "region" else "program")
            for c in self.columns
            if c.kind in ("region", "program")
        }
        codes: dict[str, dict[Any, str]] = {}
        for attr, kind in relations.items():
            model = Region if kind == "region" else Program
            ids = set(queryset.values_list(attr, flat=True)) - {None}
            codes[attr] = dict(model.objects.filter(pk__in=ids).values_list("pk", "code"))
        for values in queryset.order_by("pk").values_list(*attrs).iterator(chunk_size=5000):
            row = []
            for attr, value in zip(attrs, values, strict=True):
                if attr in codes:
                    value = codes[attr].get(value, "")
                row.append(value)
            for index in empty:
                row.insert(index, "")
            yield row


class OrganisationLedger(ModelLedger):
    name = "organisations"
    model = Organisation
    verbose_name = _("organisations")
    natural_key_help = _("unified social credit code, else the Chinese name")
    keys = ["uscc", "name_zh_hans"]
    columns = [
        Column("uscc", _("unified social credit code"), "code", max_length=24),
        Column("name_zh_hans", _("name (Chinese)"), "text", required=True, max_length=200),
        Column("name_ja", _("name (Japanese)"), "text", max_length=200),
        Column("name_en", _("name (English)"), "text", max_length=200),
        Column("kind", _("kind"), "choice", required=True, choices=OrganisationKind),
        Column("country", _("country"), "code", max_length=2),
        Column("region", _("region code"), "region", attr="region_id"),
        Column("jp_corporate_number", _("Japanese corporate number"), "code", max_length=20),
        Column("website", _("website"), "text"),
        Column("note", _("note"), "text"),
    ]


class ProjectLedger(ModelLedger):
    """Projects. A new project takes the stage of its row, as on the form that adds one; an
    existing project's stage changes only by a stage move (``services.advance_stage``), under the
    same rules as on its page: the move is dated (``stage_since``, else today), a move forward
    needs the evidence its stage requires (given here by reference), a move backward, to or out
    of terminated, or over stages needs a reason. A row breaking a rule is an error saying what
    is missing; nothing of the file is written."""

    name = "projects"
    model = Project
    verbose_name = _("projects")
    natural_key_help = _("project code")
    keys = ["code"]
    columns = [
        Column("code", _("project code"), "text", required=True, max_length=40),
        Column("title_zh_hans", _("title (Chinese)"), "text", required=True, max_length=300),
        Column("title_ja", _("title (Japanese)"), "text", max_length=300),
        Column("title_en", _("title (English)"), "text", max_length=300),
        Column("program", _("program code"), "program", required=True, attr="program_id"),
        Column("region", _("region code"), "region", attr="region_id"),
        Column(
            "stage",
            _("stage"),
            "choice",
            choices=Stage,
            help=_(
                "A new project is added at this stage. For a project already registered, a "
                "different stage is recorded as a stage move with the rules of the project's "
                "page: moving forward needs the evidence the stage requires (column “evidence "
                "of the stage”); moving back, terminating, reopening or skipping stages needs a "
                "reason (column “reason for the stage move”)."
            ),
        ),
        Column(
            "stage_since",
            _("in stage since"),
            "date",
            help=_(
                "For a new project, the day it entered its stage; for a stage move, the day the "
                "move happened (empty: today), not in the future nor before the previous move. "
                "Without a move it cannot change."
            ),
        ),
        Column("description", _("description"), "text"),
        Column(
            "stage_evidence",
            _("evidence of the stage"),
            "text",
            max_length=300,
            stored=False,
            help=_(
                "For a move forward: the reference of the document the new stage requires "
                "(its number, the issuing authority or where the original is kept), e.g. the "
                "completion acceptance record for production. The file itself can be attached "
                "on the project's page."
            ),
        ),
        Column(
            "stage_evidence_kind",
            _("kind of evidence"),
            "choice",
            choices=EvidenceKind,
            stored=False,
            help=_("Empty: the kind the new stage requires."),
        ),
        Column(
            "stage_reason",
            _("reason for the stage move"),
            "text",
            stored=False,
            help=_("Why the project moves back, is terminated or reopened, or skips stages."),
        ),
    ]

    def key_of(self, values: dict[str, Any]) -> tuple[str, Any] | None:
        code = values.get("code")
        return ("code", code) if code else None

    def existing(self, rows: list[Row]) -> dict[tuple[str, Any], models.Model]:
        """The projects of the file, with each one's stored stage, since and last move day."""
        found = super().existing(rows)
        pks = [obj.pk for obj in found.values()]
        last: dict[int, date] = {}
        for chunk in chunked(pks):
            for pk, day in (
                StageChange.objects.filter(project_id__in=chunk, merged_from__isnull=True)
                .values("project_id")
                .annotate(day=Max("happened_on"))
                .values_list("project_id", "day")
            ):
                last[pk] = day
        self._stored = {
            obj.pk: (obj.stage, obj.stage_since, last.get(obj.pk))  # type: ignore[attr-defined]
            for obj in found.values()
        }
        return found

    def adjust(
        self,
        obj: models.Model,
        row: Row,
        *,
        new: bool,
        changed: set[str],
        header: dict[str, str],
        plan: Plan,
    ) -> bool | list[CellError]:
        """An existing project's new stage: a stage move checked by the life-cycle rules."""
        if new:
            return False
        stage, since, last_move = self._stored[obj.pk]
        wanted_stage, wanted_since = obj.stage, obj.stage_since  # type: ignore[attr-defined]
        if not row.values.get("stage"):
            wanted_stage = stage  # an empty cell moves nothing (it is not the default stage)
        obj.stage, obj.stage_since = stage, since  # type: ignore[attr-defined]
        changed.discard("stage")
        changed.discard("stage_since")
        if wanted_stage == stage:
            if wanted_since is not None and wanted_since != since:
                return [_stage_error(row, header, "stage_since", "since_without_move")]
            return False
        today = timezone.localdate()
        happened_on = row.values.get("stage_since") or today
        required = lifecycle.REQUIRED_EVIDENCE.get(wanted_stage, ())
        kind = row.values.get("stage_evidence_kind") or (
            required[0].value if required else EvidenceKind.OTHER.value
        )
        reference = row.values.get("stage_evidence") or ""
        why = row.values.get("stage_reason") or ""
        move = lifecycle.classify(stage, wanted_stage)
        reason = why if move != lifecycle.Move.FORWARD else ""
        skip_reason = why if move == lifecycle.Move.FORWARD else ""
        previous = [d for d in (last_move, since) if d is not None]
        problems = lifecycle.check_move(
            stage,
            wanted_stage,
            happened_on=happened_on,
            today=today,
            previous_on=max(previous) if previous else None,
            evidence_kinds=[kind] if reference else [],
            reason=reason,
            skip_reason=skip_reason,
        )
        if problems:
            return [_move_error(row, header, problem) for problem in problems]
        plan.extra.setdefault("moves", []).append(
            StageMove(
                project_id=obj.pk,
                row=row.number,
                to_stage=wanted_stage,
                happened_on=happened_on,
                reason=reason,
                skip_reason=skip_reason,
                evidence=[EvidenceItem(kind=kind, reference=reference)] if reference else [],
            )
        )
        return True

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Write the plan and its stage moves, then record the policies the projects whose
        sub-area it changed newly qualify for (inside the import's transaction, like the
        signals of a save; a stage move is a save of its project and notices them itself)."""
        before, causes = self.policy_facts(plan)
        super().write(plan, user=user, reason=reason)
        if before:
            policy_services.notice_newly_qualifying_many(before=before, causes=causes)
        refused: list[CellError] = []
        header = {c.code: c.code for c in self.columns}
        for move in plan.extra.get("moves", []):
            try:
                advance_stage(
                    project=Project(pk=move.project_id),
                    to_stage=move.to_stage,
                    happened_on=move.happened_on,
                    acting_user=user,
                    note=reason,
                    evidence=move.evidence,
                    reason=move.reason,
                    skip_reason=move.skip_reason,
                )
            except ValidationError as exc:  # a move recorded meanwhile on the project's page
                for messages in exc.message_dict.values():
                    for message in messages:
                        refused.append(
                            CellError(
                                move.row,
                                header["stage"],
                                move.to_stage,
                                "invalid",
                                message,
                                {"message": message},
                            )
                        )
            except PermissionDenied:
                refused.append(
                    CellError(move.row, header["stage"], move.to_stage, "not_allowed", "Refused.")
                )
        if refused:
            raise WriteRefused(refused)

    def written(self, plan: Plan) -> tuple[type[models.Model], list[Any]]:
        model, pks = super().written(plan)
        return model, [*pks, *(move.project_id for move in plan.extra.get("moves", []))]

    def policy_facts(self, plan: Plan) -> tuple[dict[int, Subject], dict[int, str]]:
        """Return the facts before writing of each project whose stage or sub-area ``plan``
        changes, in a zone with a policy in force, and the cause of its change.

        As ``hezuo.policies.signals``: a new project is not judged, a stage change is the cause
        ``stage``, a sub-area change alone ``record``. Nothing is read when no project moves.
        """
        if not {"stage", "sub_area_id"} & plan.update_fields:
            return {}, {}
        programs = policy_services.programs_with_policies(p.program_id for p in plan.updates)
        judged = {p.pk: p for p in plan.updates if p.program_id in programs}
        causes: dict[int, str] = {}
        for chunk in chunked(sorted(judged)):
            stored = Project.objects.filter(pk__in=chunk).values_list("pk", "stage", "sub_area_id")
            for pk, stage, sub_area_id in stored:
                if stage != judged[pk].stage:
                    causes[pk] = str(NoticeCause.STAGE)
                elif sub_area_id != judged[pk].sub_area_id:
                    causes[pk] = str(NoticeCause.RECORD)
        return policy_services.projects_facts(causes), causes
