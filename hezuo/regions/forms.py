from django import forms

from hezuo.base.date_widgets import IsoDateInput

from .models import IndustryDirection, Program, Region, SubArea

NAME_FIELDS = ["name_zh_hans", "name_ja", "name_en"]


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "level", "country", "parent", *NAME_FIELDS, "is_synthetic"]


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "code",
            "kind",
            *NAME_FIELDS,
            "parent",
            "region",
            "approved_by",
            "since_year",
            "start_date",
            "end_date",
            "industry_directions",
            "description_zh_hans",
            "description_ja",
            "description_en",
            "is_synthetic",
        ]
        widgets = {
            "start_date": IsoDateInput(),
            "end_date": IsoDateInput(),
        }


class SubAreaForm(forms.ModelForm):
    class Meta:
        model = SubArea
        fields = [
            "program",
            "kind",
            "code",
            *NAME_FIELDS,
            "region",
            "industry_directions",
            "area_km2",
            "is_synthetic",
        ]


class IndustryDirectionForm(forms.ModelForm):
    class Meta:
        model = IndustryDirection
        fields = ["code", *NAME_FIELDS, "industry_classes"]
