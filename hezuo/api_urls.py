"""The REST API: one route per record type, under readable plural names."""

from rest_framework.routers import DefaultRouter

from hezuo.assistance.api.views import ROUTES as ASSISTANCE_ROUTES
from hezuo.brokerage.api.views import ROUTES as BROKERAGE_ROUTES
from hezuo.directory.api.views import (
    IndustryClassViewSet,
    OrganisationAliasViewSet,
    OrganisationViewSet,
    PersonViewSet,
    PositionViewSet,
)
from hezuo.events.api.views import (
    AgreementPartyViewSet,
    AgreementViewSet,
    EventViewSet,
    ParticipationViewSet,
    SourceDocumentViewSet,
)
from hezuo.matchdesk.api.views import ROUTES as MATCHING_ROUTES
from hezuo.policies.api.views import ROUTES as POLICY_ROUTES
from hezuo.projects.api.record_views import ROUTES as PROJECT_RECORD_ROUTES
from hezuo.projects.api.views import ProjectPartyViewSet, ProjectViewSet
from hezuo.regions.api.views import (
    IndustryDirectionViewSet,
    ProgramPartyViewSet,
    ProgramTopicViewSet,
    ProgramViewSet,
    RegionViewSet,
    SubAreaViewSet,
)
from hezuo.zonedesk.api.views import ROUTES as ZONEDESK_ROUTES

app_name = "api"

router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("programs", ProgramViewSet)
router.register("program-parties", ProgramPartyViewSet)
router.register("sub-areas", SubAreaViewSet)
router.register("program-topics", ProgramTopicViewSet)
router.register("industry-directions", IndustryDirectionViewSet)
router.register("industry-classes", IndustryClassViewSet)
router.register("organisations", OrganisationViewSet)
router.register("organisation-aliases", OrganisationAliasViewSet)
router.register("people", PersonViewSet)
router.register("positions", PositionViewSet)
router.register("source-documents", SourceDocumentViewSet)
router.register("events", EventViewSet)
router.register("participations", ParticipationViewSet)
router.register("agreements", AgreementViewSet)
router.register("agreement-parties", AgreementPartyViewSet)
router.register("projects", ProjectViewSet)
router.register("project-parties", ProjectPartyViewSet)
for route, viewset in PROJECT_RECORD_ROUTES.items():
    router.register(route, viewset)
for route, viewset in ZONEDESK_ROUTES.items():
    router.register(route, viewset)
for route, viewset in ASSISTANCE_ROUTES.items():
    router.register(route, viewset, basename=route.replace("/", "-"))

for route, viewset in POLICY_ROUTES.items():
    router.register(route, viewset)
for route, viewset in BROKERAGE_ROUTES.items():
    router.register(route, viewset)
for route, viewset in MATCHING_ROUTES.items():
    router.register(route, viewset)

urlpatterns = router.urls
