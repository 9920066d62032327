from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput

from .choices import ParticipationPart
from .models import Agreement, AgreementParty, Event, Participation, SourceDocument

TITLE_FIELDS = ["title_zh_hans", "title_ja", "title_en"]
DATE = IsoDateInput()


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "status",
            *TITLE_FIELDS,
            "date",
            "part_of_day",
            "venue_zh_hans",
            "venue_ja",
            "venue_en",
            "program",
            "region",
            "parent",
            "source",
            "description",
            "is_synthetic",
        ]
        widgets = {"date": DATE}


class ParticipationForm(forms.ModelForm):
    parts = forms.MultipleChoiceField(
        label=_("parts"),
        choices=ParticipationPart.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-inline"}),
    )

    class Meta:
        model = Participation
        fields = ["person", "position", "parts", "order"]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            *TITLE_FIELDS,
            "program",
            "event",
            "sequence",
            "signed_on",
            "amount",
            "currency",
            "subject_zh_hans",
            "subject_ja",
            "subject_en",
            "sub_area",
            "note",
            "is_synthetic",
        ]
        widgets = {"signed_on": DATE}


class AgreementPartyForm(forms.ModelForm):
    class Meta:
        model = AgreementParty
        fields = ["organisation", "role"]


class SourceDocumentForm(forms.ModelForm):
    class Meta:
        model = SourceDocument
        fields = [
            *TITLE_FIELDS,
            "publication",
            "page",
            "section",
            "published_on",
            "printed_date",
            "file_name",
            "note",
        ]
        widgets = {"published_on": DATE}


ParticipationFormSet = forms.inlineformset_factory(
    Event, Participation, form=ParticipationForm, extra=1, can_delete=True
)
AgreementPartyFormSet = forms.inlineformset_factory(
    Agreement, AgreementParty, form=AgreementPartyForm, extra=1, can_delete=True
)
