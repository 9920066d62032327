from hezuo.base.urls import model_urls

from . import views

app_name = "directory"

urlpatterns = [
    *model_urls(views.organisation, "organisations/"),
    *model_urls(views.person, "people/"),
    *model_urls(views.industryclass, "industry-classes/"),
]
