from hezuo.base.urls import model_urls

from . import views

app_name = "events"

urlpatterns = [
    *model_urls(views.event, "events/"),
    *model_urls(views.agreement, "agreements/"),
    *model_urls(views.sourcedocument, "sources/"),
]
