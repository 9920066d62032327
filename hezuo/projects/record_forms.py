"""Forms of the life-cycle records: milestones, figures and duplicates (the zone desk's forms,
services, enquiries, visits, rates and settings, are in ``hezuo.zonedesk.forms``).

The forms only collect and check the input; the pages pass it to ``hezuo.projects.services``,
which validate again through the models and write with the user and a reason. ModelForms are
used where a record is created, so that the model's own ``clean()`` puts its errors next to the
field before the service is called; they are never saved themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput, IsoDateTimeInput
from hezuo.base.views import restrict_choices
from hezuo.base.widgets import use_search_widgets
from hezuo.directory.models import Organisation

from .choices import Stage
from .models import Milestone, Project, ProjectFigure

#: Currencies offered first in the figure and rate forms (any ISO 4217 code is accepted).
COMMON_CURRENCIES = ("CNY", "JPY", "USD", "EUR", "HKD", "KRW", "GBP", "SGD")

DATE = IsoDateInput()
DATETIME = IsoDateTimeInput()
TEXT = {"rows": 3}


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
