"""Pages of the assistance ledger, under /assistance/."""

from django.urls import path

from hezuo.base.urls import model_urls

from . import views

app_name = "assistance"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("checks/missed/", views.MissedView.as_view(), name="check_missed"),
    path("checks/duplicates/", views.DuplicatesView.as_view(), name="check_duplicates"),
    path("checks/money/", views.MoneyView.as_view(), name="check_money"),
    path("assessment/", views.AssessmentView.as_view(), name="assessment"),
    path(
        "assessment/<slug:indicator>/",
        views.AssessmentRowsView.as_view(),
        name="assessment_rows",
    ),
    path("monitoring/", views.MonitoringBoardView.as_view(), name="monitoring"),
    path(
        "monitoring-cases/<int:pk>/step/", views.CaseStepView.as_view(), name="monitoringcase_step"
    ),
    path(
        "monitoring-cases/<int:pk>/notice/",
        views.NoticeView.as_view(),
        name="monitoringcase_notice",
    ),
    path(
        "households/<int:pk>/status/", views.HouseholdStatusView.as_view(), name="household_status"
    ),
    *model_urls(views.pairingperiod, "pairing-periods/"),
    *model_urls(views.yearlyagreement, "yearly-agreements/"),
    *model_urls(views.assistanceproject, "projects/"),
    *model_urls(views.fundallocation, "allocations/"),
    *model_urls(views.disbursement, "disbursements/"),
    *model_urls(views.socialdonation, "donations/"),
    *model_urls(views.exchange, "exchanges/"),
    *model_urls(views.household, "households/"),
    *model_urls(views.householdmember, "members/"),
    *model_urls(views.householdincome, "incomes/"),
    *model_urls(views.measure, "measures/"),
    *model_urls(views.job, "jobs/"),
    *model_urls(views.placement, "placements/"),
    *model_urls(views.product, "products/"),
    *model_urls(views.procurementline, "procurement-lines/"),
    *model_urls(views.delivery, "deliveries/"),
    *model_urls(views.monitoringline, "monitoring-lines/"),
    *model_urls(views.monitoringcase, "monitoring-cases/"),
]
