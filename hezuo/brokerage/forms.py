"""Forms of brokerage events: the event, registration, meeting requests and interpreters."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput
from hezuo.matchdesk.choices import InterpreterLanguage

from .models import BrokerageEvent, Interpreter, MeetingRequest, Registration

DATE = IsoDateInput()
TIME = forms.TimeInput(attrs={"type": "time"})
SLOTS_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def parse_slots(text: str) -> list[int]:
    """``"1-3, 6"`` → ``[1, 2, 3, 6]``; raises ValidationError on anything else."""
    slots: set[int] = set()
    for part in text.replace("，", ",").replace("、", ",").split(","):
        if not part.strip():
            continue
        m = SLOTS_RE.match(part)
        if m is None:
            raise forms.ValidationError(
                _("Write slot numbers and ranges, e.g. 1-4, 7 (not “%(part)s”).")
                % {"part": part.strip()}
            )
        first, last = int(m[1]), int(m[2] or m[1])
        if last < first or last - first > 500:
            raise forms.ValidationError(_("The range %(part)s runs backwards.") % {"part": part})
        slots.update(range(first, last + 1))
    return sorted(slots)


def format_slots(slots: list[int]) -> str:
    """``[1, 2, 3, 6]`` → ``"1-3, 6"``."""
    out: list[str] = []
    for s in sorted(slots or []):
        if out and "-" not in out[-1] and int(out[-1]) == s - 1:
            out[-1] = f"{out[-1]}-{s}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == s - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{s}"
        else:
            out.append(str(s))
    return ", ".join(out)


class SlotsAndLanguagesMixin(forms.ModelForm):
    """Languages as check boxes and available slots as "1-4, 7" instead of raw JSON."""

    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=InterpreterLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    available_slots = forms.CharField(
        label=_("available slots"),
        required=False,
        help_text=_("Slot numbers and ranges, e.g. 1-4, 7; empty: all slots."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["available_slots"] = format_slots(self.instance.available_slots or [])
            if self.instance.pk is not None:
                self.initial["languages"] = self.instance.languages

    def clean_available_slots(self) -> list[int]:
        return parse_slots(self.cleaned_data.get("available_slots") or "")

    def clean_languages(self) -> list[str]:
        return list(self.cleaned_data.get("languages") or [])


class BrokerageEventForm(forms.ModelForm):
    class Meta:
        model = BrokerageEvent
        fields = [
            "title_zh_hans",
            "title_ja",
            "title_en",
            "kind",
            "program",
            "place",
            "date",
            "start_time",
            "slot_minutes",
            "slot_count",
            "table_count",
            "registration_deadline",
            "status",
            "time_limit",
            "note",
            "is_synthetic",
        ]
        widgets = {
            "date": DATE,
            "registration_deadline": DATE,
            "start_time": TIME,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class RegistrationForm(SlotsAndLanguagesMixin):
    class Meta:
        model = Registration
        fields = [
            "organisation",
            "person",
            "opportunities",
            "available_slots",
            "languages",
            "needs_interpreter",
            "contact_email",
            "agenda_language",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class InterpreterForm(SlotsAndLanguagesMixin):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=InterpreterLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Interpreter
        fields = ["event", "person", "name", "languages", "available_slots", "is_synthetic"]


class MeetingRequestForm(forms.Form):
    requester = forms.ModelChoiceField(
        queryset=Registration.objects.none(), label=_("on behalf of")
    )
    requested = forms.ModelChoiceField(queryset=Registration.objects.none(), label=_("meet"))
    priority = forms.TypedChoiceField(
        label=_("priority"),
        choices=MeetingRequest._meta.get_field("priority").choices,
        coerce=int,
        initial=2,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, own: Any, others: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = own
        self.fields["requested"].queryset = others

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("requester") and data.get("requester") == data.get("requested"):
            raise forms.ValidationError(_("A participant cannot request to meet itself."))
        return data
