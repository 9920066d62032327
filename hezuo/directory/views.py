from hezuo.base.views import ModelViews

from . import filtersets, forms, tables
from .models import IndustryClass, Organisation, Person

organisation = ModelViews(
    Organisation,
    table=tables.OrganisationTable,
    filterset=filtersets.OrganisationFilterSet,
    form=forms.OrganisationForm,
    queryset=Organisation.objects.select_related("region"),
    inlines=[forms.OrganisationAliasFormSet],
)
person = ModelViews(
    Person,
    table=tables.PersonTable,
    filterset=filtersets.PersonFilterSet,
    form=forms.PersonForm,
    queryset=Person.objects.prefetch_related("positions"),
    inlines=[forms.PositionFormSet],
)
industryclass = ModelViews(
    IndustryClass,
    table=tables.IndustryClassTable,
    filterset=filtersets.IndustryClassFilterSet,
    form=forms.IndustryClassForm,
    queryset=IndustryClass.objects.select_related("parent"),
    create_allowed=False,
)
