"""The zone's report pages, under the paths they had in ``projects/`` (users' bookmarks)."""

from . import views

app_name = "reports"

urlpatterns = views.urlpatterns
