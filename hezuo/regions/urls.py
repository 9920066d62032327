from hezuo.base.urls import model_urls

from . import views

app_name = "regions"

urlpatterns = [
    *model_urls(views.region, "regions/"),
    *model_urls(views.program, "programs/"),
    *model_urls(views.subarea, "sub-areas/"),
    *model_urls(views.industrydirection, "industry-directions/"),
]
