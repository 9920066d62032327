"""Forms of the life-cycle records: milestones, figures, services, enquiries, visits, rates,
zone settings and duplicates.

The forms only collect and check the input; the pages pass it to ``hezuo.projects.services``,
which validate again through the models and write with the user and a reason. ModelForms are
used where a record is created, so that the model's own ``clean()`` puts its errors next to the
field before the service is called; they are never saved themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput, IsoDateTimeInput
from hezuo.base.views import restrict_choices
from hezuo.base.widgets import use_search_widgets
from hezuo.core import lifecycle
from hezuo.directory.models import Organisation
from hezuo.regions.models import Program

from .choices import RateSource, Stage
from .models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    Milestone,
    Project,
    ProjectFigure,
    ServiceLogEntry,
)

#: Currencies offered first in the figure and rate forms (any ISO 4217 code is accepted).
COMMON_CURRENCIES = ("CNY", "JPY", "USD", "EUR", "HKD", "KRW", "GBP", "SGD")

#: Roles whose members answer enquiries (the officer of an enquiry is one of them).
OFFICE_ROLES = ("zone_admin", "promotion_officer", "donor_office", "assisted_office")

#: The stages a project can be stuck in (a terminated one is not expected to move).
STUCK_STAGES = [(value, label) for value, label in Stage.choices if value != Stage.TERMINATED]

DATE = IsoDateInput()
DATETIME = IsoDateTimeInput()
TEXT = {"rows": 3}


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put the errors of a service's ValidationError next to the form's fields (else on top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields else None
            if name == NON_FIELD_ERRORS:
                field = None
            form.add_error(field, errors)
    else:
        form.add_error(None, exc)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RecordForm(forms.ModelForm):
    """A ModelForm whose record choices are narrowed to what ``user`` may see."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Organisation:
                self.fields[name] = OrganisationChoiceField(
                    queryset=field.queryset.order_by("name_zh_hans"),
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                )
        use_search_widgets(self, user)  # the organisation choices are searched, not listed


# --- on a project -----------------------------------------------------------------------------


class MilestoneForm(RecordForm):
    class Meta:
        model = Milestone
        fields = ["title_zh_hans", "title_ja", "title_en", "planned_on", "owner", "stage", "note"]
        widgets = {"planned_on": DATE, "note": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "—")] + [
            c for c in Stage.choices if c[0] != Stage.TERMINATED
        ]


class MilestoneDoneForm(forms.Form):
    actual_on = forms.DateField(label=_("actual date"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=TEXT))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FigureForm(RecordForm):
    class Meta:
        model = ProjectFigure
        fields = ["kind", "amount", "currency", "recorded_on", "note"]
        widgets = {
            "recorded_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
            "currency": forms.TextInput(
                attrs={
                    "list": "currencies",
                    "maxlength": 3,
                    "style": "text-transform:uppercase",
                    "autocomplete": "off",
                }
            ),
        }


class ServiceForm(RecordForm):
    class Meta:
        model = ServiceLogEntry
        fields = ["kind", "provided_on", "office", "description", "outcome", "outcome_note"]
        widgets = {
            "provided_on": DATE,
            "description": forms.Textarea(attrs=TEXT),
            "outcome_note": forms.Textarea(attrs={"rows": 2}),
        }


# --- enquiries --------------------------------------------------------------------------------


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def office_users() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=OFFICE_ROLES)
        .distinct()
        .order_by("username")
    )


class EnquiryForm(RecordForm):
    class Meta:
        model = Enquiry
        fields = [
            "program",
            "investor",
            "investor_name",
            "contact",
            "received_at",
            "channel",
            "language",
            "question",
            "officer",
        ]
        widgets = {"received_at": DATETIME, "question": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs
        self.fields["program"].label = _("zone")
        self.fields["officer"] = OfficerChoiceField(
            queryset=office_users(), required=False, label=_("officer")
        )
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_at = forms.DateTimeField(
        label=_("answered"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Now when empty."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EnquiryFilterForm(forms.Form):
    STATUSES = [
        ("", _("all")),
        ("open", _("Awaiting answer")),
        ("overdue", _("Overdue")),
        ("escalated", _("Escalated")),
        ("answered", _("Answered")),
    ]
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, label=_("zone")
    )
    status = forms.ChoiceField(choices=STATUSES, required=False, label=_("status"))
    officer = OfficerChoiceField(queryset=get_user_model().objects.none(), required=False)
    q = forms.CharField(required=False, label=_("Search"))

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs if programs is not None else Program.objects
        self.fields["officer"].queryset = office_users()
        self.fields["officer"].label = _("officer")


# --- aftercare --------------------------------------------------------------------------------


class VisitForm(RecordForm):
    class Meta:
        model = AftercareVisit
        fields = [
            "program",
            "organisation",
            "visiting_office",
            "visited_on",
            "participants",
            "issues",
            "follow_ups",
            "expansion_intention",
            "expansion_note",
            "project",
        ]
        widgets = {
            "visited_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "issues": forms.Textarea(attrs=TEXT),
            "follow_ups": forms.Textarea(attrs=TEXT),
            "expansion_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs
        self.fields["project"].queryset = (
            self.fields["project"]
            .queryset.filter(archived_at__isnull=True, merged_into__isnull=True)
            .order_by("code")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.code} · {p.title}"
        self.fields["visiting_office"].help_text = _("Your office, which made the visit.")
        self.fields["expansion_intention"].help_text = _(
            "The firm plans to invest more: the visit then becomes a new lead."
        )


class VisitFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, label=_("zone")
    )
    office = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("visiting office")
    )
    expansion = forms.BooleanField(required=False, label=_("intends to expand"))
    q = forms.CharField(required=False, label=_("Search"))


# --- exchange rates ---------------------------------------------------------------------------


class RateForm(RecordForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "date", "rate", "note"]
        widgets = {
            "date": DATE,
            "currency": forms.TextInput(
                attrs={"list": "currencies", "maxlength": 3, "style": "text-transform:uppercase"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.source = RateSource.OFFICIAL


class RateFilterForm(forms.Form):
    currency = forms.CharField(required=False, label=_("currency"), max_length=3)
    source = forms.ChoiceField(
        choices=[("", _("all"))] + list(RateSource.choices), required=False, label=_("source")
    )
    date_from = forms.DateField(required=False, label=_("from"), widget=DATE)
    date_to = forms.DateField(required=False, label=_("to"), widget=DATE)


# --- zone settings ----------------------------------------------------------------------------


class ZoneSettingsForm(forms.Form):
    enquiry_response_days = forms.IntegerField(
        label=_("days to answer an enquiry"),
        min_value=1,
        max_value=365,
        help_text=_("Calendar days; an enquiry unanswered after them is escalated."),
    )

    def __init__(self, *args: Any, current: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for stage, label in STUCK_STAGES:
            default = lifecycle.DEFAULT_STUCK_DAYS.get(stage)
            self.fields[f"stuck_{stage}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=3650,
                initial=current.get(stage),
                widget=forms.NumberInput(
                    attrs={"placeholder": str(default) if default else "—", "min": 1}
                ),
            )

    def stuck_days(self) -> dict[str, int]:
        return {
            stage: self.cleaned_data[f"stuck_{stage}"]
            for stage, _label in STUCK_STAGES
            if self.cleaned_data.get(f"stuck_{stage}") is not None
        }

    def stage_fields(self) -> list[tuple[str, Any, int | None]]:
        return [
            (stage, self[f"stuck_{stage}"], lifecycle.DEFAULT_STUCK_DAYS.get(stage))
            for stage, _label in STUCK_STAGES
        ]


# --- duplicates -------------------------------------------------------------------------------


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=_("project to keep"), widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, pair: tuple[Project, Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in pair]
        self.fields["keep"].queryset = Project.objects.filter(pk__in=ids)
        self.fields["keep"].label_from_instance = lambda p: f"{p.code} · {p.title}"


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("why they are distinct"), widget=forms.Textarea(attrs={"rows": 2})
    )
