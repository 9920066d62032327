"""Project pages. The life-cycle pages live in three modules, each with its own patterns:

- ``views``: the project record, its stage moves and the zone's pipeline;
- ``report_views``: the zone dashboard, the project ledger export and the quarterly report;
- ``record_views``: milestones, figures, services, enquiries, aftercare visits, exchange rates,
  zone settings and the review of possible duplicates.
"""

from hezuo.base.urls import model_urls

from . import record_views, report_views, views

app_name = "projects"

urlpatterns = [
    *model_urls(views.project, ""),
    *views.urlpatterns,
    *report_views.urlpatterns,
    *record_views.urlpatterns,
]
