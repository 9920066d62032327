"""Forms of the assistance ledger: one per record, and a household with its members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput

from . import models as m
from .choices import Relation

DATE = IsoDateInput()


class LedgerForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose date fields use the browser's date picker."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            if isinstance(model_field, models.DateField):
                field.widget = DATE


def _form(model: type[models.Model], fields: list[str] | str = "__all__") -> Any:
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (LedgerForm,), {"Meta": meta, "__module__": __name__})


PairingPeriodForm = _form(m.PairingPeriod)
YearlyAgreementForm = _form(m.YearlyAgreement)
AssistanceProjectForm = _form(m.AssistanceProject)
FundAllocationForm = _form(m.FundAllocation)


class DisbursementForm(_form(m.Disbursement)):  # type: ignore[misc]
    """A disbursement, saved through the service that locks its allocation."""

    def save(self, commit: bool = True) -> Any:
        from .services import record_disbursement

        data = self.cleaned_data
        self.instance = record_disbursement(
            allocation=data["allocation"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            note=data.get("note", ""),
            disbursement=self.instance if self.instance.pk else None,
            acting_user=self.acting_user,
        )
        return self.instance


SocialDonationForm = _form(m.SocialDonation)
ExchangeForm = _form(m.Exchange)
_HouseholdBase = _form(
    m.Household,
    [
        "program",
        "number",
        "village",
        "phone",
        "bank_account",
        "main_cause",
        "secondary_cause",
        "education_secure",
        "medical_secure",
        "housing_secure",
        "water_secure",
        "status",
        "status_since",
        "is_synthetic",
    ],
)


class HouseholdForm(_HouseholdBase):  # type: ignore[misc, valid-type]
    """A household. Its status is set when it is added; after that it changes only through a
    status change (``services.change_household_status``), which keeps the status history."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["status"]
            del self.fields["status_since"]

    def save(self, commit: bool = True) -> Any:
        adding = self.instance.pk is None
        household = super().save(commit)
        if adding and commit:
            from .services import start_status_history

            start_status_history(household=household, acting_user=self.acting_user)
        return household


HouseholdMemberForm = _form(m.HouseholdMember)
HouseholdIncomeForm = _form(m.HouseholdIncome)
MeasureForm = _form(m.Measure)
JobForm = _form(m.Job)
PlacementForm = _form(m.Placement)
ProductForm = _form(m.Product)
ProcurementLineForm = _form(m.ProcurementLine)


class DeliveryForm(_form(m.Delivery)):  # type: ignore[misc]
    """A delivery, saved through the service that locks its procurement line and refuses a
    delivery beyond the agreed quantity (a ValidationError, shown by the edit view). The
    amount starts empty: left so, it is the agreed price × quantity (``Delivery.clean``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        amount.required = False
        if not self.instance.pk:
            amount.initial = None

    def save(self, commit: bool = True) -> Any:
        from .services import record_delivery

        data = dict(self.cleaned_data)  # the rest (is_synthetic) is passed on as it is
        self.instance = record_delivery(
            agreement=data.pop("agreement"),
            product=data.pop("product"),
            delivered_on=data.pop("delivered_on"),
            quantity=data.pop("quantity"),
            amount=data.pop("amount"),
            delivery=self.instance if self.instance.pk else None,
            acting_user=self.acting_user,
            **data,
        )
        return self.instance


MonitoringLineForm = _form(m.MonitoringLine)
MonitoringCaseForm = _form(m.MonitoringCase)

TargetInlineForm = _form(m.Target, ["indicator", "value"])
TargetFormSet = forms.inlineformset_factory(
    m.YearlyAgreement, m.Target, form=TargetInlineForm, extra=3, can_delete=True
)


class BaseMemberFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """A household's members: exactly one of them is the head."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            f
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.has_changed()
            or (f.instance.pk and not f.cleaned_data.get("DELETE"))
        ]
        heads = sum(1 for f in kept if f.cleaned_data.get("relation") == Relation.HEAD)
        if heads != 1:
            raise forms.ValidationError(
                _("A household has exactly one head: %(count)s given.") % {"count": heads},
                code="head",
            )


MemberInlineForm = _form(
    m.HouseholdMember, ["name", "id_number", "relation", "labour_capacity", "phone"]
)
MemberFormSet = forms.inlineformset_factory(
    m.Household,
    m.HouseholdMember,
    form=MemberInlineForm,
    formset=BaseMemberFormSet,
    extra=2,
    can_delete=True,
)


class HouseholdStatusForm(forms.Form):
    """A change of a household's status, with the day it took effect and why."""

    status = forms.ChoiceField(label=_("new status"), choices=m.HouseholdStatus.choices)
    since = forms.DateField(label=_("since"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class DecisionForm(forms.Form):
    """The next step of a monitoring case."""

    step = forms.ChoiceField(
        label=_("step"),
        choices=[
            ("village", _("village review and public notice")),
            ("township", _("township review")),
            ("county", _("county decision")),
            ("eliminate", _("risk eliminated")),
        ],
    )
    on = forms.DateField(label=_("date"), widget=DATE)
    notice_to = forms.DateField(
        label=_("public notice to"),
        widget=DATE,
        required=False,
        help_text=_("For the village review: the last day of the public notice."),
    )
    decision = forms.ChoiceField(
        label=_("county decision"), choices=[("", "—"), *m.CaseDecision.choices], required=False
    )
    income_above_line_since = forms.DateField(
        label=_("income above the line since"), widget=DATE, required=False
    )
