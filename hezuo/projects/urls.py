from hezuo.base.urls import model_urls

from . import views

app_name = "projects"

urlpatterns = [*model_urls(views.project, "")]
