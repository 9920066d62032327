from django import forms

from .models import Project, ProjectParty


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "title_zh_hans",
            "title_ja",
            "title_en",
            "program",
            "sub_area",
            "region",
            "stage",
            "stage_since",
            "industry_classes",
            "industry_directions",
            "agreements",
            "description",
            "is_synthetic",
        ]
        widgets = {"stage_since": forms.DateInput(attrs={"type": "date"})}


class ProjectPartyForm(forms.ModelForm):
    class Meta:
        model = ProjectParty
        fields = ["organisation", "role"]


ProjectPartyFormSet = forms.inlineformset_factory(
    Project, ProjectParty, form=ProjectPartyForm, extra=1, can_delete=True
)
