from django import forms

from hezuo.base.date_widgets import IsoDateInput

from .models import IndustryClass, Organisation, Person

NAME_FIELDS = ["name_zh_hans", "name_ja", "name_en"]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            *NAME_FIELDS,
            "country",
            "region",
            "parent",
            "uscc",
            "jp_corporate_number",
            "industry_classes",
            "website",
            "note",
            "is_synthetic",
        ]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [*NAME_FIELDS, "family_name", "phone", "id_number", "note", "is_synthetic"]


class IndustryClassForm(forms.ModelForm):
    class Meta:
        model = IndustryClass
        fields = ["code", "level", "parent", *NAME_FIELDS]


class PositionForm(forms.ModelForm):
    class Meta:
        from .models import Position

        model = Position
        fields = ["title_zh_hans", "title_ja", "title_en", "organisation", "start_date", "end_date"]
        widgets = {
            "start_date": IsoDateInput(),
            "end_date": IsoDateInput(),
        }


class OrganisationAliasForm(forms.ModelForm):
    class Meta:
        from .models import OrganisationAlias

        model = OrganisationAlias
        fields = ["name", "language"]


def _inline(parent, form):
    return forms.inlineformset_factory(
        parent, form._meta.model, form=form, extra=1, can_delete=True
    )


PositionFormSet = _inline(Person, PositionForm)
OrganisationAliasFormSet = _inline(Organisation, OrganisationAliasForm)
