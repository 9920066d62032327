"""Ledgers whose rows map one to one onto records: organisations, projects.

Each row is validated by the model's own ``full_clean()`` (the same rules as forms and the API),
matched to an existing record by its natural key, and compared field by field. The bulk write
sends no signals, so the projects ledger records the policies its changes newly qualify a project
for itself (``hezuo.policies.services.notice_newly_qualifying_many``), as a save of each would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core.eligibility import Subject
from hezuo.core.tabular import CellError, DuplicateFinder
from hezuo.directory.choices import OrganisationKind
from hezuo.directory.models import Organisation
from hezuo.policies import services as policy_services
from hezuo.policies.choices import NoticeCause
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project
from hezuo.regions.models import Program, Region

from .base import RENDERED_ROWS, Column, Ledger, Plan, Row, chunked, clean_errors


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
                if column.code not in row.values:
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
            if not new and not changed:
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

    def _other_keys(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        return [(code, values[code]) for code in self.keys if values.get(code)]

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        attrs = [c.attr for c in self.columns]
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
        Column("stage", _("stage"), "choice", choices=Stage),
        Column("stage_since", _("in stage since"), "date"),
        Column("description", _("description"), "text"),
    ]

    def key_of(self, values: dict[str, Any]) -> tuple[str, Any] | None:
        code = values.get("code")
        return ("code", code) if code else None

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Write the plan, then record the policies the projects whose stage or sub-area it
        changed newly qualify for (inside the import's transaction, like the signals of a save)."""
        before, causes = self.policy_facts(plan)
        super().write(plan, user=user, reason=reason)
        if before:
            policy_services.notice_newly_qualifying_many(before=before, causes=causes)

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
