from django.urls import path

from hezuo.base.urls import model_urls

from . import views

app_name = "matching"

urlpatterns = [
    *model_urls(views.opportunity, "opportunities/"),
    path(
        "opportunities/<int:pk>/interest/<int:other>/",
        views.interest,
        name="interest",
    ),
    path(
        "opportunities/<int:other>/interest/",
        views.interest_from,
        name="interest_from",
    ),
    path(
        "opportunities/<int:pk>/meeting/<int:other>/",
        views.meeting_add,
        name="meeting_add",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
