from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput
from hezuo.core import eligibility

from .models import Application, EligibilityRule, Policy

#: Labels of the rule fields and operators, for the editor and the reasons shown.
FIELD_LABELS = {
    "organisation_kind": _("kind of investor organisation"),
    "investor_country": _("investor's country"),
    "industry_class": _("industry class (GB/T 4754 code or prefix)"),
    "sub_area": _("sub-area"),
    "stage": _("life-cycle stage"),
    "contracted_investment": _("contracted investment"),
    "arrived_investment": _("investment arrived"),
    "registered_capital": _("registered capital"),
    "jobs_created": _("jobs created"),
    "years_since_registration": _("years since registration"),
    "agreement_kind": _("agreement of the kind"),
}
OP_LABELS = {
    "eq": _("is"),
    "ne": _("is not"),
    "in": _("is one of"),
    "not_in": _("is none of"),
    "gte": _("at least"),
    "gt": _("more than"),
    "lte": _("at most"),
    "lt": _("less than"),
    "exists": _("exists"),
}
ROWS = 8


class PolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Policy
        fields = [
            "code",
            "title_zh_hans",
            "title_ja",
            "title_en",
            "summary_zh_hans",
            "summary_ja",
            "summary_en",
            "issuing_body",
            "program",
            "sub_areas",
            "area",
            "full_text",
            "link",
            "effective_from",
            "effective_to",
            "benefit_kind",
            "benefit_formula",
            "benefit_cap",
            "required_documents",
            "status",
            "granted_without_application",
            "is_synthetic",
        ]
        widgets = {
            "effective_from": IsoDateInput(),
            "effective_to": IsoDateInput(),
            "summary_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "summary_ja": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "full_text": forms.Textarea(attrs={"rows": 4}),
            "required_documents": forms.Textarea(attrs={"rows": 3}),
            "benefit_formula": forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
        }


def _row_of(node: Any) -> dict[str, Any] | None:
    """Return the editor row of a condition (or ``not`` of one), None if it is nested deeper."""
    negate = False
    if isinstance(node, dict) and set(node) == {"not"}:
        negate, node = True, node["not"]
    if not isinstance(node, dict) or "field" not in node:
        return None
    value = node.get("value")
    text = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return {
        "negate": negate,
        "field": node.get("field"),
        "op": node.get("op"),
        "value": text,
        "currency": node.get("currency", ""),
    }


def rows_of(rule: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """Return (all|any, rows) when ``rule`` fits the row editor (one level), else None."""
    if not isinstance(rule, dict) or not rule:
        return "all", []
    group = "all" if "all" in rule else "any" if "any" in rule else None
    if group is None or len(rule) != 1:
        single = _row_of(rule)
        return ("all", [single]) if single else None
    rows = [_row_of(part) for part in rule[group]]
    if any(r is None for r in rows) or len(rows) > ROWS:
        return None
    return group, [r for r in rows if r is not None]


def _value_of(field: str, op: str, text: str) -> Any:
    text = text.strip()
    kind = eligibility.FIELDS.get(field)
    if op in ("in", "not_in"):
        return [v.strip() for v in text.replace("，", ",").split(",") if v.strip()]
    if op == "exists":
        return text or None
    if kind in (eligibility.MONEY, eligibility.NUMBER, eligibility.YEARS):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return int(number) if number == number.to_integral_value() else float(number)
    return text


class EligibilityRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """A rule, edited as rows (field, operator, value; each may be negated) combined with all or
    any, or as JSON for rules nested deeper. Saved only when hezuo.core.eligibility accepts it."""

    mode = forms.ChoiceField(
        label=_("edit as"),
        choices=[("rows", _("rows of conditions")), ("json", _("JSON"))],
        widget=forms.RadioSelect,
        initial="rows",
    )
    combine = forms.ChoiceField(
        label=_("the project must meet"),
        choices=[("all", _("all of the conditions")), ("any", _("any of the conditions"))],
        initial="all",
    )

    class Meta:
        model = EligibilityRule
        fields = ["policy", "description", "rule", "is_synthetic"]
        widgets = {"rule": forms.Textarea(attrs={"rows": 6, "class": "font-monospace"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_choices = [("", "—"), *((k, v) for k, v in FIELD_LABELS.items())]
        op_choices = [("", "—"), *OP_LABELS.items()]
        self.fields["rule"].required = False
        fitted = rows_of(self.instance.rule if self.instance.pk else {})
        if fitted is None:
            self.fields["mode"].initial = "json"
            fitted = ("all", [])
        self.fields["combine"].initial = fitted[0]
        for i in range(ROWS):
            row = fitted[1][i] if i < len(fitted[1]) else {}
            self.fields[f"row{i}_negate"] = forms.BooleanField(
                label=_("not"),
                required=False,
                initial=row.get("negate", False),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"row{i}_field"] = forms.ChoiceField(
                label=_("field"),
                choices=field_choices,
                required=False,
                initial=row.get("field"),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"row{i}_op"] = forms.ChoiceField(
                label=_("comparison"),
                choices=op_choices,
                required=False,
                initial=row.get("op"),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"row{i}_value"] = forms.CharField(
                label=_("value"), required=False, initial=row.get("value", "")
            )
            self.fields[f"row{i}_currency"] = forms.CharField(
                label=_("currency"),
                required=False,
                max_length=3,
                initial=row.get("currency", ""),
            )

    @property
    def value_help(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Return (field, [(code, name)]) for the fields whose values are codes, for the editor's
        list of values an officer may type."""
        from hezuo.directory.choices import OrganisationKind
        from hezuo.events.choices import AgreementKind
        from hezuo.projects.choices import Stage
        from hezuo.regions.models import SubArea

        areas = SubArea.objects.select_related("program").order_by("program", "code")
        return [
            (str(FIELD_LABELS["stage"]), [(str(v), str(label)) for v, label in Stage.choices]),
            (
                str(FIELD_LABELS["sub_area"]),
                [(a.code, f"{a.name} · {a.program.name}") for a in areas],
            ),
            (
                str(FIELD_LABELS["organisation_kind"]),
                [(str(v), str(label)) for v, label in OrganisationKind.choices],
            ),
            (
                str(FIELD_LABELS["agreement_kind"]),
                [(str(v), str(label)) for v, label in AgreementKind.choices],
            ),
        ]

    @property
    def rows(self) -> list[list[Any]]:
        return [
            [self[f"row{i}_{part}"] for part in ("negate", "field", "op", "value", "currency")]
            for i in range(ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == "json":
            return data  # parsed by the JSON field; checked by the model's clean()
        parts = []
        for i in range(ROWS):
            field = data.get(f"row{i}_field") or ""
            op = data.get(f"row{i}_op") or ""
            if not field and not op:
                continue
            node: dict[str, Any] = {"field": field, "op": op}
            value = _value_of(field, op, data.get(f"row{i}_value") or "")
            if value is not None:
                node["value"] = value
            currency = (data.get(f"row{i}_currency") or "").strip().upper()
            if currency:
                node["currency"] = currency
            parts.append({"not": node} if data.get(f"row{i}_negate") else node)
        data["rule"] = {data.get("combine") or "all": parts}
        self.instance.rule = data["rule"]
        return data


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Application
        fields = ["enterprise", "project", "policy", "applied_on", "documents", "is_synthetic"]
        widgets = {"applied_on": IsoDateInput()}


class ApplyForm(forms.Form):
    """An enterprise's application for a policy, from the policy's page."""

    documents = forms.CharField(
        label=_("documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("References of the documents given, one per line."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("approve")), ("reject", _("reject")), ("paid", _("mark as paid"))],
    )
    amount = forms.DecimalField(label=_("amount granted (CNY)"), required=False, min_value=0)
    note = forms.CharField(
        label=_("decision note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
