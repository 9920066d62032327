"""Support policies: the catalogue, their eligibility rules and the applications made under them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import RestrictedQuerySet, may
from hezuo.base.models import HezuoModel, localized
from hezuo.core import eligibility
from hezuo.core.access import Action
from hezuo.events.models import TitledModel

from .choices import ApplicationStatus, BenefitKind, NoticeCause, PolicyArea, PolicyStatus

#: Messages for the problem codes of hezuo.core.eligibility.
RULE_MESSAGES = {
    "shape": _("At %(path)s: expected a group (all, any, not) or a condition."),
    "one_group": _("At %(path)s: a group has exactly one key (all, any or not), not %(keys)s."),
    "group_list": _("At %(path)s: “%(group)s” takes a list of parts."),
    "empty_any": _("At %(path)s: “any” needs at least one part."),
    "unknown_key": _("At %(path)s: unknown key “%(key)s”."),
    "unknown_field": _(
        "At %(path)s: “%(field)s” is not a field a rule may use. Known fields: %(fields)s."
    ),
    "unknown_op": _(
        "At %(path)s: “%(op)s” is not an operator of “%(field)s” (use one of %(ops)s)."
    ),
    "currency_not_money": _("At %(path)s: “%(field)s” is not an amount of money: no currency."),
    "value_text": _("At %(path)s: “%(field)s” needs one value."),
    "value_list": _("At %(path)s: “%(field)s” needs a list of values."),
    "value_number": _("At %(path)s: “%(field)s” needs a number."),
    "value_negative": _("At %(path)s: “%(field)s” cannot be compared with a negative number."),
    "value_whole": _("At %(path)s: “%(field)s” needs a whole number of years."),
    "currency": _("At %(path)s: “%(currency)s” is not an ISO 4217 currency code."),
    "unknown_stage": _("At %(path)s: “%(stage)s” is not a life-cycle stage."),
    "unknown_value": _("At %(path)s: “%(value)s” is not a known value of “%(field)s”."),
    "formula_shape": _("The benefit formula must be an object with a “kind”."),
    "formula_kind": _("“%(kind)s” is not a kind of formula (fixed, share, per_unit)."),
    "formula_missing": _("The benefit formula needs “%(key)s”."),
    "formula_base": _("A formula cannot be computed from “%(field)s”."),
    "formula_number": _("“%(key)s” of the benefit formula must be a number of 0 or more."),
    "formula_rate": _("A share is a rate between 0 and 1 (0.05 is 5%%)."),
}


def rule_error(problems: list[eligibility.Problem], field: str = "rule") -> ValidationError:
    """Return one ValidationError for the problems found by hezuo.core.eligibility."""
    errors = []
    for problem in problems:
        params = {"path": problem.path, **problem.params}
        if problem.code == "unknown_field":
            params["fields"] = ", ".join(eligibility.FIELDS)
        errors.append(
            ValidationError(RULE_MESSAGES[problem.code], code=problem.code, params=params)
        )
    return ValidationError({field: errors})


class PolicyQuerySet(RestrictedQuerySet):
    """Those who may only read policies see them once they are no longer drafts."""

    status_path = "status"

    def restrict(self, user: Any, action: str = Action.VIEW) -> RestrictedQuerySet:
        queryset = super().restrict(user, action)
        if action == Action.VIEW and not may(user, self.model, Action.CHANGE):
            queryset = queryset.exclude(**{self.status_path: PolicyStatus.DRAFT})
        return queryset


class RuleQuerySet(PolicyQuerySet):
    status_path = "policy__status"


class Policy(TitledModel):
    """A support policy of a zone: what it grants, to whom, from when to when."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("policies.EligibilityRule",)

    access_group = "policies"
    access_paths = {"program": "program"}

    code = models.SlugField(_("code"), max_length=64, unique=True)
    issuing_body = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_policies",
        verbose_name=_("issuing body"),
    )
    program = models.ForeignKey(
        "regions.Program", models.PROTECT, related_name="policies", verbose_name=_("program")
    )
    sub_areas = models.ManyToManyField(
        "regions.SubArea",
        blank=True,
        related_name="policies",
        verbose_name=_("sub-areas"),
        help_text=_("Where the policy applies; empty for the whole zone."),
    )
    area = models.CharField(_("policy area"), max_length=24, choices=PolicyArea.choices)
    summary_zh_hans = models.TextField(_("summary (Chinese)"), blank=True)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    link = models.URLField(_("link to the full text"), blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    benefit_kind = models.CharField(_("benefit"), max_length=24, choices=BenefitKind.choices)
    benefit_formula = models.JSONField(
        _("benefit formula"),
        default=dict,
        blank=True,
        help_text=_(
            'Empty, or {"kind": "fixed", "amount": 50000}, {"kind": "share", '
            '"of": "arrived_investment", "rate": 0.02} or {"kind": "per_unit", '
            '"of": "jobs_created", "amount": 3000}; amounts in CNY.'
        ),
    )
    benefit_cap = models.DecimalField(
        _("cap (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    required_documents = models.TextField(
        _("required documents"), blank=True, help_text=_("One per line.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    granted_without_application = models.BooleanField(
        _("granted without application"),
        default=False,
        help_text=_("免申即享: the office grants it to every qualifying enterprise."),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["area", "code"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="policy_effective_order",
                violation_error_message=_("A policy cannot end before it starts."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("policies:policy_detail", args=[self.pk])

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def documents_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("A policy cannot end before it starts.")})
        problems = eligibility.formula_problems(self.benefit_formula)
        if problems:
            raise rule_error(problems, "benefit_formula")

    def in_force_on(self, day: Any) -> bool:
        return (
            self.status == PolicyStatus.IN_FORCE
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


class EligibilityRule(HezuoModel):
    """A condition a project must meet for a policy (every rule of a policy must be met)."""

    access_group = "policies"
    access_paths = {"program": "policy__program"}

    policy = models.ForeignKey(
        Policy, models.CASCADE, related_name="rules", verbose_name=_("policy")
    )
    description = models.CharField(
        _("description"), max_length=300, blank=True, help_text=_("The rule in words.")
    )
    rule = models.JSONField(
        _("rule"),
        default=dict,
        help_text=_(
            'Conditions combined with all/any/not, e.g. {"all": [{"field": "stage", '
            '"op": "gte", "value": "registered"}]}.'
        ),
    )

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "pk"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def __str__(self) -> str:
        return self.description or f"{self.policy} #{self.pk or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("policies:eligibilityrule_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        problems = eligibility.problems(self.rule)
        if not problems:
            problems = eligibility.unknown_values(
                self.rule, known_values(self.rule, self.policy if self.policy_id else None)
            )
        if problems:
            raise rule_error(problems)


def known_values(rule: Any, policy: Policy | None) -> dict[str, Collection[str]]:
    """Return, for the fields of ``rule`` whose values are codes, the codes that exist: the
    sub-areas of the policy's zone, industry classes, countries, kinds of organisation and of
    agreement (read only for the fields the rule uses)."""
    from hezuo.directory.choices import OrganisationKind
    from hezuo.directory.models import IndustryClass
    from hezuo.events.choices import AgreementKind
    from hezuo.regions.models import SubArea

    used = eligibility.fields_used(rule)
    known: dict[str, Collection[str]] = {}
    if "sub_area" in used:
        areas = SubArea.objects.all()
        if policy is not None and policy.program_id:
            areas = areas.filter(program=policy.program_id)
        known["sub_area"] = set(areas.values_list("code", flat=True))
    if "industry_class" in used:
        known["industry_class"] = set(IndustryClass.objects.values_list("code", flat=True))
    if "investor_country" in used:
        known["investor_country"] = {c.alpha_2 for c in pycountry.countries}
    if "organisation_kind" in used:
        known["organisation_kind"] = set(OrganisationKind.values)
    if "agreement_kind" in used:
        known["agreement_kind"] = set(AgreementKind.values)
    return known


class Application(HezuoModel):
    """An enterprise's application for a policy, for one of its projects, and its decision.

    The status moves only through ``hezuo.policies.services`` (submit, decide, pay).
    """

    access_group = "applications"
    access_paths = {"program": "policy__program", "organisation": "enterprise"}

    enterprise = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="policy_applications",
        verbose_name=_("enterprise"),
    )
    project = models.ForeignKey(
        "projects.Project",
        models.PROTECT,
        related_name="policy_applications",
        verbose_name=_("project"),
    )
    policy = models.ForeignKey(
        Policy, models.PROTECT, related_name="applications", verbose_name=_("policy")
    )
    applied_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFTED,
        editable=False,
    )
    amount_requested = models.DecimalField(
        _("amount computed (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    amount_granted = models.DecimalField(
        _("amount granted (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("References of the documents given, one per line.")
    )
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    without_application = models.BooleanField(
        _("granted without application"), default=False, editable=False
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("policy application")
        verbose_name_plural = _("policy applications")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "project"],
                condition=~models.Q(status="rejected"),
                name="application_one_open_per_project",
                violation_error_message=_(
                    "This project already has an application for this policy."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} — {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("policies:application_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.project_id and self.enterprise_id:
            if not self.project.parties.filter(organisation_id=self.enterprise_id).exists():
                raise ValidationError(
                    {"project": _("The enterprise is not a party of this project.")}
                )
        if self.project_id and self.policy_id and self.project.program_id != self.policy.program_id:
            raise ValidationError({"policy": _("This policy is of another zone.")})
        if self.policy_id and self._state.adding and self.policy.status != PolicyStatus.IN_FORCE:
            raise ValidationError({"policy": _("Only a policy in force can be applied for.")})


class PolicyNotice(HezuoModel):
    """A policy a project newly qualifies for after its stage, a figure or its record changed,
    shown to the project's enterprises and to the zone's officers until each has read it.

    Written only by ``hezuo.policies.services.notice_newly_qualifying``.
    """

    access_group = "applications"
    access_paths = {"program": "policy__program", "organisation": "project__parties__organisation"}

    project = models.ForeignKey(
        "projects.Project",
        models.CASCADE,
        related_name="policy_notices",
        verbose_name=_("project"),
    )
    policy = models.ForeignKey(
        Policy, models.CASCADE, related_name="notices", verbose_name=_("policy")
    )
    since = models.DateField(_("qualifies since"))
    cause = models.CharField(_("because of"), max_length=12, choices=NoticeCause.choices)
    read_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("read by")
    )

    class Meta:
        ordering = ["-since", "-pk"]
        verbose_name = _("newly qualifying policy")
        verbose_name_plural = _("newly qualifying policies")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "policy"],
                name="policy_notice_one_per_project",
                violation_error_message=_("This project already has a notice for this policy."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} — {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("policies:match_project", args=[self.project_id])
