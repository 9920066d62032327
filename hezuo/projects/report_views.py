"""The zone dashboard, the project ledger export and the quarterly zone report."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
