"""URL patterns for one model's list, add, detail, edit and delete views."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import ModelViews


def model_urls(views: ModelViews, prefix: str) -> list[URLPattern]:
    name = views.name
    return [
        path(prefix, views.list.as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", views.edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/", views.detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}<int:pk>/edit/", views.edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/delete/", views.delete.as_view(), name=f"{name}_delete"),
    ]
