from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput, IsoDateTimeInput

from .choices import InterpreterLanguage, MeetingOutcome
from .models import Opportunity

DATE = IsoDateInput()


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "owner",
            "owner_person",
            "anonymous",
            "language",
            "title",
            "text",
            "industry_classes",
            "region",
            "country",
            "quantity",
            "unit",
            "period",
            "price",
            "currency",
            "certifications",
            "valid_until",
            "program",
            "is_synthetic",
        ]
        widgets = {"valid_until": DATE, "text": forms.Textarea(attrs={"rows": 6})}


class InterestForm(forms.Form):
    opportunity = forms.ModelChoiceField(
        queryset=Opportunity.objects.none(), label=_("on behalf of")
    )
    message = forms.CharField(
        label=_("message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("date and time"), widget=IsoDateTimeInput())
    place = forms.CharField(label=_("place"), required=False, max_length=300)
    video_link = forms.URLField(label=_("video link"), required=False)
    participants = forms.CharField(
        label=_("participants"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    interpreter_needed = forms.BooleanField(label=_("interpreter needed"), required=False)
    interpreter_languages = forms.MultipleChoiceField(
        label=_("interpreter languages"),
        required=False,
        choices=InterpreterLanguage.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-inline"}),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=MeetingOutcome.choices)
    agreement = forms.ModelChoiceField(queryset=None, label=_("agreement"), required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
