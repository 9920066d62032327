"""Project pages. The life-cycle pages live in two modules, each with its own patterns
(the zone's reports, under the same paths, are in :mod:`hezuo.reports.urls`):

- ``views``: the project record and its stage moves;
- ``record_views``: milestones, figures, services, enquiries, aftercare visits, exchange rates,
  zone settings and the review of possible duplicates.
"""

from hezuo.base.urls import model_urls

from . import record_views, views

app_name = "projects"

urlpatterns = [
    *model_urls(views.project, ""),
    *views.urlpatterns,
    *record_views.urlpatterns,
]
