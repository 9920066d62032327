from django.urls import path

from hezuo.accounts.audit_views import AuditLogView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("roles/", views.role_matrix, name="role_matrix"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
