from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hezuo.accounts.views import LoginView

urlpatterns = [
    path("", include("hezuo.web.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("hezuo.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/", include("hezuo.regions.urls")),
    path("directory/", include("hezuo.directory.urls")),
    path("events/", include("hezuo.events.urls")),
    path("projects/", include("hezuo.projects.urls")),
    path("projects/", include("hezuo.zonedesk.urls")),
    path("projects/", include("hezuo.reports.urls")),
    path("assistance/", include("hezuo.assistance.urls")),
    path("matching/", include("hezuo.matchdesk.urls")),
    path("brokerage/", include("hezuo.brokerage.urls")),
    path("imports/", include("hezuo.imports.urls")),
    path("policies/", include("hezuo.policies.urls")),
    # searchable choices of the forms (base/autocomplete.py: registered models only)
    path("autocomplete/", include("hezuo.base.autocomplete")),
    # an area's address without a page of its own opens its main list
    *(
        path(f"{area}/", RedirectView.as_view(pattern_name=name), name=f"{area}-root")
        for area, name in (
            ("regions", "regions:program_list"),
            ("directory", "directory:organisation_list"),
            ("events", "events:event_list"),
            ("matching", "matching:opportunity_list"),
            ("brokerage", "brokerage:brokerageevent_list"),
        )
    ),
    path("api/", include("hezuo.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its script from a URL of its own (no inline script: CSP)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # The admin signs in through the same login (lock-out, two-factor), not its own form.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=static("hezuo/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
]
# Uploaded files (stage evidence) are never served as public media: they are downloaded through
# views that check who may see them (projects:evidence_file).

# A query parameter that cannot be read (hezuo.base.params): 400 with the reason, in words.
handler400 = "hezuo.base.views.bad_request"
