"""Pages for a project's milestones, figures and services, and for enquiries, aftercare visits,
exchange rates, zone settings and possible duplicates."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
