from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/new/", views.token_create, name="token_create"),
    path("profile/two-factor/", views.two_factor_setup, name="two_factor"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
