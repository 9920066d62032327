"""The desk's pages, under the paths they had in ``projects`` (``/projects/enquiries/`` …)."""

from . import views

app_name = "zonedesk"

urlpatterns = views.urlpatterns
