from django.urls import path

from hezuo.base.urls import model_urls

from . import views

app_name = "brokerage"

urlpatterns = [
    *model_urls(views.event, "events/"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("events/<int:pk>/request/", views.request_meeting, name="request_meeting"),
    path("events/<int:pk>/compute/", views.compute, name="compute"),
    path("events/<int:pk>/schedule/", views.schedule_panel, name="schedule_panel"),
    path("events/<int:pk>/send-agendas/", views.send_agendas, name="send_agendas"),
    path("events/<int:pk>/my-agenda/", views.my_agenda, name="my_agenda"),
    path("registrations/", views.registration.list.as_view(), name="registration_list"),
    path(
        "registrations/<int:pk>/",
        views.registration.detail.as_view(),
        name="registration_detail",
    ),
    path("registrations/<int:pk>/edit/", views.registration_edit, name="registration_edit"),
    path(
        "registrations/<int:pk>/delete/",
        views.registration.delete.as_view(),
        name="registration_delete",
    ),
    path("registrations/<int:pk>/agenda/", views.agenda, name="agenda"),
    *model_urls(views.interpreter, "interpreters/"),
]
