"""The REST API: one route per record type, under readable plural names."""

from rest_framework.routers import DefaultRouter

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
from hezuo.projects.api.views import ProjectPartyViewSet, ProjectViewSet
from hezuo.regions.api.views import (
    IndustryDirectionViewSet,
    ProgramPartyViewSet,
    ProgramTopicViewSet,
    ProgramViewSet,
    RegionViewSet,
    SubAreaViewSet,
)

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

urlpatterns = router.urls
