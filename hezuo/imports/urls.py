from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ledger_list, name="ledger_list"),
    path("<slug:name>/template.xlsx", views.template_view, name="template"),
    path("<slug:name>/export.<str:fmt>", views.export_view, name="export"),
    path("<slug:name>/upload/", views.upload_view, name="upload"),
    path("jobs/<int:pk>/", views.job_view, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/errors.xlsx", views.error_report, name="error_report"),
]
