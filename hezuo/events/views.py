from django.db.models import Count

from hezuo.base.views import ModelViews

from . import filtersets, forms, tables
from .models import Agreement, Event, SourceDocument

event = ModelViews(
    Event,
    table=tables.EventTable,
    filterset=filtersets.EventFilterSet,
    form=forms.EventForm,
    queryset=Event.objects.select_related("program")
    .annotate(participant_count=Count("participations"))
    .order_by("-date", "pk"),
    inlines=[forms.ParticipationFormSet],
)
agreement = ModelViews(
    Agreement,
    table=tables.AgreementTable,
    filterset=filtersets.AgreementFilterSet,
    form=forms.AgreementForm,
    queryset=Agreement.objects.select_related("event").prefetch_related("parties__organisation"),
    inlines=[forms.AgreementPartyFormSet],
)
sourcedocument = ModelViews(
    SourceDocument,
    table=tables.SourceDocumentTable,
    filterset=filtersets.SourceDocumentFilterSet,
    form=forms.SourceDocumentForm,
)
