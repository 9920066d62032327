"""Ledgers of the directory, events, matching and project records.

Natural keys (documented on the ledger page through ``natural_key_help``):

- ``people``: the resident ID number; a person without one by the Chinese name (a record with
  another ID number is never matched by name).
- ``positions``: person + organisation + Chinese job title.
- ``agreements``: Chinese title + signing day; ``parties`` lists the organisations as
  ``credit code or name:role`` separated by ``;`` and replaces the agreement's parties.
- ``opportunities``: kind + title + owner organisation + owner person.
- ``figures``: project code + kind of figure + day recorded. The bulk write sends no signals, so
  the ledger records the policies its figures newly qualify a project for itself
  (``hezuo.policies.services.notice_newly_qualifying_many``), as a save of each figure would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from hezuo.core import tabular
from hezuo.core.eligibility import Subject
from hezuo.core.tabular import CellError
from hezuo.directory.models import Person, Position
from hezuo.events.choices import AgreementKind, AgreementPartyRole
from hezuo.events.models import Agreement, AgreementParty
from hezuo.matchdesk.choices import OpportunityKind, OpportunityLanguage, Period
from hezuo.matchdesk.models import Opportunity
from hezuo.policies import services as policy_services
from hezuo.policies.choices import NoticeCause
from hezuo.projects.choices import FigureKind
from hezuo.projects.models import ProjectFigure

from .base import BATCH, Column, Plan, Row, choices_ref, chunked
from .records import (
    ORGANISATION,
    PERSON,
    PROGRAM,
    PROJECT,
    REGION,
    Ambiguous,
    Field,
    Item,
    Lookup,
    RecordLedger,
    cell_error,
)

PERSONAL_PERSON = ("directory.Person", "pk")


class PeopleLedger(RecordLedger):
    name = "people"
    model = Person
    verbose_name = _("people")
    natural_key_help = _("resident ID number, else the Chinese name")
    keys: ClassVar[list[tuple[str, ...]]] = [("id_number",), ("name_zh_hans",)]
    columns: ClassVar[list[Column]] = [
        Field("id_number", _("resident ID number"), "id_number", mask=PERSONAL_PERSON),
        Field("name_zh_hans", _("name (Chinese)"), "text", required=True, max_length=200),
        Field("name_ja", _("name (Japanese)"), "text", max_length=200),
        Field("name_en", _("name (English)"), "text", max_length=200),
        Field("family_name", _("family name"), "text", max_length=100),
        Field("phone", _("phone"), "text", max_length=40, mask=PERSONAL_PERSON),
        Field("note", _("note"), "text"),
    ]


class PositionLedger(RecordLedger):
    name = "positions"
    model = Position
    verbose_name = _("positions")
    natural_key_help = _("person, organisation and Chinese job title")
    keys: ClassVar[list[tuple[str, ...]]] = [("person_id", "organisation_id", "title_zh_hans")]
    columns: ClassVar[list[Column]] = [
        Field(
            "person",
            _("person (ID number or Chinese name)"),
            "ref",
            required=True,
            ref=PERSON,
            mask=("directory.Person", "person_id"),
        ),
        Field(
            "organisation",
            _("organisation (credit code or Chinese name)"),
            "ref",
            ref=ORGANISATION,
        ),
        Field("title_zh_hans", _("job title (Chinese)"), "text", required=True, max_length=300),
        Field("title_ja", _("job title (Japanese)"), "text", max_length=300),
        Field("title_en", _("job title (English)"), "text", max_length=300),
        Field("start_date", _("from"), "date"),
        Field("end_date", _("to"), "date"),
        Field("note", _("note"), "text"),
    ]


# --- agreements and their parties ------------------------------------------------------------

_PARTY_SPLIT = re.compile(r"[;；\n]+")
_ROLE_SPLIT = re.compile(r"[:：]")


def _split_parties(cell: str) -> list[tuple[str, str]]:
    """``name:role; name2:role2`` → [(name, role)] (the role after the last colon, optional)."""
    found = []
    for part in _PARTY_SPLIT.split(cell or ""):
        part = part.strip()
        if not part:
            continue
        pieces = _ROLE_SPLIT.split(part)
        if len(pieces) > 1:
            found.append((":".join(pieces[:-1]).strip(), pieces[-1].strip()))
        else:
            found.append((part, ""))
    return found


class AgreementLedger(RecordLedger):
    name = "agreements"
    model = Agreement
    verbose_name = _("agreements")
    natural_key_help = _("Chinese title and signing day")
    keys: ClassVar[list[tuple[str, ...]]] = [("title_zh_hans", "signed_on")]
    columns: ClassVar[list[Column]] = [
        Field("title_zh_hans", _("title (Chinese)"), "text", required=True, max_length=300),
        Field("title_ja", _("title (Japanese)"), "text", max_length=300),
        Field("title_en", _("title (English)"), "text", max_length=300),
        Field("kind", _("kind"), "choice", required=True, choices=AgreementKind),
        Field("program", _("program code"), "ref", ref=PROGRAM, source=("program__code",)),
        Field("signed_on", _("signed on"), "date"),
        Field("sequence", _("item no."), "int"),
        Field("amount", _("amount"), "decimal"),
        Field("currency", _("currency"), "code", max_length=3),
        Field("subject_zh_hans", _("subject (Chinese)"), "text", max_length=300),
        Field("subject_ja", _("subject (Japanese)"), "text", max_length=300),
        Field("subject_en", _("subject (English)"), "text", max_length=300),
        Field("note", _("note"), "text"),
        Field(
            "parties",
            _("parties (credit code or name:role; …)"),
            "text",
            virtual=True,
            source=("pk",),
        ),
    ]

    def prepare(self, rows: list[Row]) -> None:
        names = {
            name for r in rows for name, _role in _split_parties(r.values.get("parties") or "")
        }
        self._organisations = Lookup(ORGANISATION, names, self.user)
        self._roles: dict[str, str] = {}
        for value, label in AgreementPartyRole.choices:
            self._roles[tabular.header_key(value)] = value
            for lang in ("zh-hans", "ja", "en"):
                with translation.override(lang):
                    self._roles.setdefault(tabular.header_key(str(label)), value)
        self._parties: dict[Any, set[tuple[Any, str]]] = {}
        for agreement_id, organisation_id, role in AgreementParty.objects.values_list(
            "agreement_id", "organisation_id", "role"
        ):
            self._parties.setdefault(agreement_id, set()).add((organisation_id, role))

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        if "_parties" not in values:
            return []
        wanted: set[tuple[Any, str]] = set()
        for name, role_text in _split_parties(values.pop("_parties") or ""):
            role = str(AgreementPartyRole.SIGNATORY)
            if role_text:
                found_role = self._roles.get(tabular.header_key(role_text))
                if found_role is None:
                    choices = ", ".join(AgreementPartyRole.values)
                    return [
                        cell_error(
                            row,
                            header,
                            "parties",
                            "choice",
                            "choice.role",
                            value=role_text,
                            choices=choices,
                            choices_of=choices_ref(AgreementPartyRole),
                        )
                    ]
                role = found_role
            try:
                pk = self._organisations.find(name)
            except Ambiguous as many:
                return [
                    cell_error(
                        row,
                        header,
                        "parties",
                        "ambiguous",
                        "ambiguous.organisation",
                        count=many.count,
                        value=name,
                    )
                ]
            if pk is None:
                return [
                    cell_error(
                        row, header, "parties", "not_found", ORGANISATION.message, value=name
                    )
                ]
            wanted.add((pk, role))
        values["_wanted_parties"] = wanted
        return []

    def check_item(self, item: Item, header: dict[str, str]) -> list[CellError]:
        wanted = item.extra.get("_wanted_parties")
        if wanted is not None:
            have = set() if item.new else self._parties.get(item.obj.pk, set())
            if wanted != have:
                item.extra["_changed"] = True
        return []

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        super().write(plan, user=user, reason=reason)
        creates = []
        for item in plan.extra.get("items", []):
            wanted = item.extra.get("_wanted_parties")
            if wanted is None:
                continue
            have = set() if item.new else self._parties.get(item.obj.pk, set())
            for organisation_id, role in sorted(have - wanted, key=str):
                for party in AgreementParty.objects.filter(
                    agreement_id=item.obj.pk, organisation_id=organisation_id, role=role
                ):
                    party._history_user = user
                    party._change_reason = reason
                    party.delete()
            for organisation_id, role in sorted(wanted - have, key=str):
                creates.append(
                    AgreementParty(
                        agreement_id=item.obj.pk, organisation_id=organisation_id, role=role
                    )
                )
        if creates:
            bulk_create_with_history(
                creates,
                AgreementParty,
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        parties: dict[Any, list[str]] = {}
        for agreement_id, uscc, name, role in (
            AgreementParty.objects.filter(agreement__in=queryset.values("pk"))
            .order_by("agreement_id", "pk")
            .values_list("agreement_id", "organisation__uscc", "organisation__name_zh_hans", "role")
        ):
            parties.setdefault(agreement_id, []).append(f"{uscc or name}:{role}")
        index = [c.code for c in self.columns].index("parties")
        for row in super().export_rows(queryset, user):
            row[index] = "; ".join(parties.get(row[index], []))
            yield row


class OpportunityLedger(RecordLedger):
    name = "opportunities"
    model = Opportunity
    verbose_name = _("opportunities")
    natural_key_help = _("kind, title, owner organisation and owner person")
    keys: ClassVar[list[tuple[str, ...]]] = [("kind", "title", "owner_id", "owner_person_id")]
    columns: ClassVar[list[Column]] = [
        Field("kind", _("kind"), "choice", required=True, choices=OpportunityKind),
        Field("title", _("title"), "text", required=True, max_length=300),
        Field(
            "owner",
            _("owner organisation (credit code or Chinese name)"),
            "ref",
            ref=ORGANISATION,
        ),
        Field(
            "owner_person",
            _("owner person (ID number or Chinese name)"),
            "ref",
            ref=PERSON,
            mask=("directory.Person", "owner_person_id"),
        ),
        Field("language", _("language"), "choice", choices=OpportunityLanguage),
        Field("text", _("text"), "text"),
        Field("region", _("region code"), "ref", ref=REGION, source=("region__code",)),
        Field("country", _("country"), "code", max_length=2),
        Field("quantity", _("quantity"), "decimal"),
        Field("unit", _("unit"), "text", max_length=30),
        Field("period", _("period"), "choice", choices=Period),
        Field("price", _("price or budget"), "decimal"),
        Field("currency", _("currency"), "code", max_length=3),
        Field("certifications", _("certifications"), "text", max_length=300),
        Field("valid_until", _("valid until"), "date"),
        Field("anonymous", _("anonymous"), "bool"),
        Field("program", _("program code"), "ref", ref=PROGRAM, source=("program__code",)),
    ]

    # An anonymous opportunity is exported without its owner to whoever may not see the owner
    # (hezuo.matchdesk.selectors.revealed_filter: the rule of the pages and the API). Those who
    # may change it (its owner, the staff acting for it) see the owner, so their export → import
    # round trip changes nothing; on a row naming its record number, empty owner cells of an
    # opportunity whose owner the importer may not see keep the owner (the import then changes
    # nothing there, or is refused like any change outside the importer's scope).

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        from hezuo.matchdesk.selectors import hidden_owner_ids

        hidden = hidden_owner_ids(queryset, user=user) if user is not None else set()
        codes = [c.code for c in self.columns]
        at, owners = codes.index("id"), (codes.index("owner"), codes.index("owner_person"))
        for row in super().export_rows(queryset, user):
            if row[at] in hidden:
                for index in owners:
                    row[index] = ""
            yield row

    def prepare(self, rows: list[Row]) -> None:
        from hezuo.matchdesk.selectors import hidden_owner_ids

        self.hidden_owners: set[int] = set()
        if self.user is None:  # the system sees every owner
            return
        ids = set()
        for row in rows:
            number = row.values.get("id")
            if row.values.get("owner") or row.values.get("owner_person"):
                continue
            if isinstance(number, int) or (isinstance(number, str) and number.isdigit()):
                ids.add(int(number))
        for chunk in chunked(sorted(ids)):
            found = Opportunity.objects.filter(pk__in=chunk)
            self.hidden_owners |= hidden_owner_ids(found, user=self.user)

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        # an empty country is "not stated": the record keeps its own (a new one takes its
        # region's, as the model's clean() does), so that the same file changes nothing again
        if not values.get("country"):
            values.pop("country", None)
        if values.get("_id") in getattr(self, "hidden_owners", ()):
            values.pop("owner_id", None)
            values.pop("owner_person_id", None)
        return []


class FigureLedger(RecordLedger):
    name = "figures"
    model = ProjectFigure
    verbose_name = _("project figures")
    natural_key_help = _("project code, kind of figure and day recorded")
    keys: ClassVar[list[tuple[str, ...]]] = [("project_id", "kind", "recorded_on")]
    columns: ClassVar[list[Column]] = [
        Field(
            "project",
            _("project code"),
            "ref",
            required=True,
            ref=PROJECT,
            source=("project__code",),
        ),
        Field("kind", _("kind"), "choice", required=True, choices=FigureKind),
        Field("amount", _("amount"), "decimal", required=True),
        Field("currency", _("currency"), "code", max_length=3),
        Field("recorded_on", _("recorded on"), "date", required=True),
        Field("note", _("note"), "text"),
    ]

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Write the plan, then record the policies the projects whose figures it added or
        changed newly qualify for (inside the import's transaction, like the signals of a save)."""
        before = self.policy_facts(plan)
        super().write(plan, user=user, reason=reason)
        if before:
            policy_services.notice_newly_qualifying_many(
                before=before, causes=dict.fromkeys(before, str(NoticeCause.FIGURE))
            )

    def policy_facts(self, plan: Plan) -> dict[int, Subject]:
        """Return the facts before writing of each project whose figures ``plan`` adds or
        changes (and of the project a figure moves away from), in a zone with a policy in force.
        """
        touched = {f.project_id for f in (*plan.creates, *plan.updates)}
        if "project_id" in plan.update_fields:
            for chunk in chunked(sorted(f.pk for f in plan.updates)):
                touched.update(
                    ProjectFigure.objects.filter(pk__in=chunk).values_list("project_id", flat=True)
                )
        return policy_services.projects_facts(policy_services.projects_to_judge(touched))
