"""Forms of the zone office's desk: services, enquiries, visits, rates and zone settings.

The forms only collect and check the input; the pages pass it to ``hezuo.zonedesk.services``,
which validate again through the models and write with the user and a reason. ModelForms are
used where a record is created, so that the model's own ``clean()`` puts its errors next to the
field before the service is called; they are never saved themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hezuo.core import lifecycle
from hezuo.projects.choices import Stage
from hezuo.projects.record_forms import DATE, DATETIME, TEXT, RecordForm

from .choices import RateSource
from .models import AftercareVisit, Enquiry, ExchangeRate, ServiceLogEntry

#: Roles whose members answer enquiries (the officer of an enquiry is one of them).
OFFICE_ROLES = ("zone_admin", "promotion_officer", "donor_office", "assisted_office")

#: The stages a project can be stuck in (a terminated one is not expected to move).
STUCK_STAGES = [(value, label) for value, label in Stage.choices if value != Stage.TERMINATED]


# --- on a project -----------------------------------------------------------------------------


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
