"""Policy pages: the catalogue, rules, applications; matching in both directions; grants."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hezuo.base.access import grants, may, may_on
from hezuo.base.export import FORMATS, export_rows
from hezuo.base.views import ModelViews, ObjectDetailView, opens_for
from hezuo.core.access import Action
from hezuo.projects.models import Project

from . import filtersets, forms, rules, selectors, services, tables
from .choices import ApplicationStatus
from .models import Application, EligibilityRule, Policy, PolicyNotice


def _own_organisations(user: Any) -> set[int]:
    found: set[int] = set()
    for grant in grants(user):
        found |= grant.organisations
    return found


def _enterprise_of(user: Any, project: Project) -> Any:
    """Return the project's investor the user works for (else its first investor)."""
    own = _own_organisations(user)
    investors = project.investors
    return next((o for o in investors if o.pk in own), investors[0] if investors else None)


def _without_jit(view: Any) -> Any:
    """Run a view that asks "who qualifies" without PostgreSQL's JIT (see rules.without_jit)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with rules.without_jit():
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    return wrapped


def _is_office(user: Any, policy: Policy) -> bool:
    return may_on(user, policy, Action.CHANGE)


class PolicyDetailView(ObjectDetailView):
    """A policy with its rules; for an enterprise, its projects judged with the reasons; for the
    office, how many projects qualify and have not applied."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy, user = self.object, self.request.user
        today = timezone.localdate()
        context["rules"] = policy.rules.restrict(user, Action.VIEW)
        context["office"] = _is_office(user, policy)
        context["in_force"] = policy.in_force_on(today)
        if context["office"]:
            with rules.without_jit():
                context["qualifying_count"] = selectors.qualifying_projects(
                    policy, on=today, user=user
                ).count()
            context["add_rule_url"] = (
                reverse("policies:eligibilityrule_add") + f"?policy={policy.pk}"
            )
        elif may(user, Application, Action.ADD):
            own = _own_organisations(user)
            projects = list(
                Project.objects.restrict(user, Action.VIEW)
                .filter(program=policy.program_id, parties__organisation__in=own)
                .distinct()
                .select_related("sub_area")
            )
            facts = rules.subjects(projects, on=today)
            rule = selectors.policy_rule(policy)
            applied = {
                a.project_id: a
                for a in Application.objects.restrict(user, Action.VIEW)
                .filter(policy=policy)
                .exclude(status=ApplicationStatus.REJECTED)
            }
            context["own_projects"] = [
                (
                    project,
                    *selectors.judge(policy, facts[project.pk], rule=rule),
                    applied.get(project.pk),
                )
                for project in projects
            ]
            context["apply_form"] = forms.ApplyForm()
        return context


policy = ModelViews(
    Policy,
    table=tables.PolicyTable,
    filterset=filtersets.PolicyFilterSet,
    form=forms.PolicyForm,
    queryset=Policy.objects.select_related("program", "issuing_body").prefetch_related("sub_areas"),
    detail_class=PolicyDetailView,
)

eligibilityrule = ModelViews(
    EligibilityRule,
    table=tables.EligibilityRuleTable,
    filterset=filtersets.EligibilityRuleFilterSet,
    form=forms.EligibilityRuleForm,
    queryset=EligibilityRule.objects.select_related("policy"),
)
eligibilityrule.edit.template_name = "policies/eligibilityrule_edit.html"


class ApplicationDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        status = application.status
        if status == ApplicationStatus.DRAFTED and may_on(user, application, Action.CHANGE):
            context["submit_url"] = reverse("policies:application_submit", args=[application.pk])
        if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED) and _is_office(
            user, application.policy
        ):
            context["decision_form"] = forms.DecisionForm(
                initial={"amount": application.amount_requested}
            )
            context["decide_url"] = reverse("policies:application_decide", args=[application.pk])
        return context


application = ModelViews(
    Application,
    table=tables.ApplicationTable,
    filterset=filtersets.ApplicationFilterSet,
    form=forms.ApplicationForm,
    queryset=Application.objects.select_related("policy", "project", "enterprise"),
    detail_class=ApplicationDetailView,
)


# --- actions ---------------------------------------------------------------------------------------


def _refused(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, _("You may not do this with this record."))


@login_required
@require_POST
def apply_view(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    found = get_object_or_404(Policy.objects.restrict(request.user, Action.VIEW), pk=pk)
    project = get_object_or_404(Project.objects.restrict(request.user, Action.VIEW), pk=project_pk)
    form = forms.ApplyForm(request.POST)
    enterprise = _enterprise_of(request.user, project)
    if not form.is_valid() or enterprise is None:
        messages.error(request, _("The application could not be made."))
        return HttpResponseRedirect(found.get_absolute_url())
    try:
        made = services.apply(
            policy=found,
            project=project,
            enterprise=enterprise,
            acting_user=request.user,
            documents=form.cleaned_data["documents"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return HttpResponseRedirect(found.get_absolute_url())
    messages.success(request, _("Application submitted: %(name)s") % {"name": made})
    return HttpResponseRedirect(made.get_absolute_url())


@login_required
@require_POST
def submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Application.objects.restrict(request.user, Action.VIEW), pk=pk)
    try:
        services.submit(application=found, acting_user=request.user)
        messages.success(request, _("Application submitted: %(name)s") % {"name": found})
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return HttpResponseRedirect(found.get_absolute_url())


@login_required
@require_POST
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Application.objects.restrict(request.user, Action.VIEW), pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return HttpResponseRedirect(found.get_absolute_url())
    data = form.cleaned_data
    try:
        if data["decision"] == "paid":
            services.mark_paid(application=found, acting_user=request.user, note=data["note"])
        else:
            services.decide(
                application=found,
                approve=data["decision"] == "approve",
                acting_user=request.user,
                amount=data["amount"],
                note=data["note"],
            )
        messages.success(request, _("Decision recorded: %(name)s") % {"name": found})
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return HttpResponseRedirect(found.get_absolute_url())


# --- matching ------------------------------------------------------------------------------------


def _sees_policies(user: Any) -> bool:
    """The policy pages open for whoever may read some policies (not the donor or assisted
    office, nor buyers and suppliers: the role matrix gives them no policy at all)."""
    return may(user, Policy, Action.VIEW)


@login_required
@opens_for(_sees_policies)
def match_view(request: HttpRequest, project: int | None = None) -> HttpResponse:
    """The policies a project qualifies for now and at its next stage, with the reasons."""
    projects = (
        Project.objects.restrict(request.user, Action.VIEW)
        .filter(archived_at__isnull=True, merged_into__isnull=True, program__policies__isnull=False)
        .distinct()
        .order_by("code")
    )
    chosen = None
    wanted = str(project) if project is not None else request.GET.get("project")
    if wanted and wanted.isdigit():
        chosen = get_object_or_404(projects, pk=int(wanted))
    elif projects.count() <= 20:
        chosen = projects.first()
    context: dict[str, Any] = {
        "projects": projects[:500],
        "chosen": chosen,
        "unread_count": selectors.unread_notices(user=request.user),
    }
    if chosen is not None:
        today = timezone.localdate()
        context["matches"] = selectors.policies_for_project(chosen, on=today, user=request.user)
        context["newly"] = selectors.newly_qualifying(chosen, on=today, user=request.user)
        context["enterprise"] = _enterprise_of(request.user, chosen)
        context["may_apply"] = may(request.user, Application, Action.ADD)
        context["apply_form"] = forms.ApplyForm()
    return render(request, "policies/match.html", context)


@login_required
@_without_jit
def qualifying_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Every project (and its investors) that qualifies for a policy and has not applied."""
    found = get_object_or_404(Policy.objects.restrict(request.user, Action.VIEW), pk=pk)
    today = timezone.localdate()
    found_projects = selectors.qualifying_projects(found, on=today, user=request.user)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        projects = list(found_projects.order_by("code"))
        header = [
            _("project code"),
            _("project"),
            _("sub-area"),
            _("stage"),
            _("investors"),
            _("countries"),
        ]
        rows: list[list[Any]] = [header]
        for project in projects:
            investors = project.investors
            rows.append(
                [
                    project.code,
                    project.title,
                    project.sub_area.name if project.sub_area else "",
                    project.get_stage_display(),
                    ", ".join(str(o) for o in investors),
                    ", ".join(sorted({o.country for o in investors})),  # type: ignore[attr-defined]
                ]
            )
        return export_rows(
            request,
            rows,
            fmt=fmt,
            basename=_("qualifying") + f"-{found.code}",
            object_type="policies.policy",
            detail={"policy": found.code},
        )
    return render(
        request,
        "policies/qualifying.html",
        {
            "policy": found,
            "page": Paginator(found_projects.order_by("code"), QUALIFYING_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "on": today,
        },
    )


#: Projects per page of "who qualifies" (the export holds them all).
QUALIFYING_PER_PAGE = 100

#: Rows per page of the grants page (each row is judged with its reasons and benefit).
GRANTS_PER_PAGE = 50


@login_required
@_without_jit
def grants_view(request: HttpRequest, pk: int) -> HttpResponse:
    """免申即享: every qualifying project with its benefit computed, approved in one step."""
    found = get_object_or_404(Policy.objects.restrict(request.user, Action.VIEW), pk=pk)
    if not _is_office(request.user, found):
        raise PermissionDenied
    today = timezone.localdate()
    if request.method == "POST":
        everyone = request.POST.get("all") == "1"
        chosen = [int(v) for v in request.POST.getlist("project") if v.isdigit()]
        if not everyone and not chosen:
            messages.error(request, _("Choose at least one project to grant."))
            return HttpResponseRedirect(reverse("policies:grants", args=[found.pk]))
        try:
            made = services.grant_without_application(
                policy=found,
                acting_user=request.user,
                projects=None if everyone else chosen,
                note=request.POST.get("note", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Granted to %(count)s projects.") % {"count": len(made)})
        return HttpResponseRedirect(reverse("policies:grants", args=[found.pk]))
    waiting = (
        selectors.qualifying_projects(found, on=today, user=request.user).order_by("code")
        if found.granted_without_application
        else Project.objects.none()
    )
    page = Paginator(waiting, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.grant_rows(found, on=today, user=request.user, projects=page.object_list)
    granted = (
        Application.objects.restrict(request.user, Action.VIEW)
        .filter(policy=found, without_application=True)
        .select_related("project", "enterprise")
        .order_by("-decided_on", "-pk")
    )
    granted_page = Paginator(granted, GRANTS_PER_PAGE).get_page(request.GET.get("granted"))
    return render(
        request,
        "policies/grants.html",
        {
            "policy": found,
            "rows": rows,
            "page": page,
            "granted_page": granted_page,
            "on": today,
        },
    )


@login_required
@opens_for(_sees_policies)
@_without_jit
def automatic_view(request: HttpRequest) -> HttpResponse:
    """The policies granted without application, with how many projects wait for a grant."""
    today = timezone.localdate()
    found = selectors.in_force(
        Policy.objects.restrict(request.user, Action.VIEW).filter(granted_without_application=True),
        today,
    )
    rows = [
        (p, selectors.qualifying_projects(p, on=today, user=request.user).count())
        for p in found
        if _is_office(request.user, p)
    ]
    return render(request, "policies/automatic.html", {"rows": rows})


#: Newly qualifying policies per page.
NOTICES_PER_PAGE = 50


@login_required
@opens_for(_sees_policies)
def notices_view(request: HttpRequest) -> HttpResponse:
    """The policies the user's projects (an enterprise's own, an officer's zone) newly qualify
    for after a stage change or a new figure, unread first marked."""
    unread = request.GET.get("unread") == "1"
    mine = request.GET.get("mine") == "1"
    found = selectors.notices_for(user=request.user, unread=unread, mine=mine)
    page = Paginator(found, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    notices = list(page.object_list)
    read = set(
        PolicyNotice.read_by.through.objects.filter(
            policynotice_id__in=[n.pk for n in notices], user_id=request.user.pk
        ).values_list("policynotice_id", flat=True)
    )
    facts = rules.subjects([n.project for n in notices], on=timezone.localdate())
    rows = []
    for notice in notices:
        _verdict, benefit = selectors.judge(notice.policy, facts[notice.project_id])
        rows.append((notice, notice.pk not in read, benefit))
    query = "&".join(f"{k}=1" for k, on in (("unread", unread), ("mine", mine)) if on)
    return render(
        request,
        "policies/notices.html",
        {
            "rows": rows,
            "page": page,
            "unread": unread,
            "mine": mine,
            "query": query,
            "unread_count": selectors.unread_notices(user=request.user),
        },
    )


@login_required
@require_POST
def notices_read_view(request: HttpRequest) -> HttpResponse:
    """Mark the chosen notices (or every one the user sees) read."""
    visible = selectors.notices_for(user=request.user)
    chosen = [int(v) for v in request.POST.getlist("notice") if v.isdigit()]
    if request.POST.get("all") != "1":
        visible = visible.filter(pk__in=chosen)
    count = services.mark_notices_read(notices=visible, acting_user=request.user)
    messages.success(request, _("Marked %(count)s as read.") % {"count": count})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("policies:notices")
    return HttpResponseRedirect(back)


urlpatterns: list[URLPattern] = [
    path("newly-qualifying/", notices_view, name="notices"),
    path("newly-qualifying/read/", notices_read_view, name="notices_read"),
    path("match/", match_view, name="match"),
    path("match/<int:project>/", match_view, name="match_project"),
    path("granted-without-application/", automatic_view, name="automatic"),
    path("<int:pk>/apply/<int:project_pk>/", apply_view, name="apply"),
    path("<int:pk>/qualifying/", qualifying_view, name="qualifying"),
    path("<int:pk>/grants/", grants_view, name="grants"),
    path("applications/<int:pk>/submit/", submit_view, name="application_submit"),
    path("applications/<int:pk>/decide/", decide_view, name="application_decide"),
]
