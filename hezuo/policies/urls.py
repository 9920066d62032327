"""Policy pages: the catalogue, rules, applications, matching and grants without application."""

from hezuo.base.urls import model_urls

from . import views

app_name = "policies"

urlpatterns = [
    *views.urlpatterns,
    *model_urls(views.eligibilityrule, "rules/"),
    *model_urls(views.application, "applications/"),
    *model_urls(views.policy, ""),
]
