"""Pages of the matchmaking desk: opportunities (list, detail with matches, add, edit), interest,
meetings and the conversion dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hezuo.base.access import may_on
from hezuo.base.views import ModelViews, ObjectDetailView, ObjectEditView, ObjectListView
from hezuo.core.access import Action
from hezuo.events.models import Agreement

from . import filtersets, forms, selectors, services, tables
from .choices import InterestStatus, OpportunityKind, OpportunityLanguage
from .models import Meeting, Opportunity

COMPONENT_LABELS = {
    "text": gettext_lazy("shared terms"),
    "industry": gettext_lazy("industry"),
    "region": gettext_lazy("region"),
    "quantity": gettext_lazy("quantity"),
    "price": gettext_lazy("price"),
}


#: Interests past their deadline listed on the dashboard (the oldest first).
WAITING_SHOWN = 50


class OpportunityListView(ObjectListView):
    def get_queryset(self) -> Any:
        # each row knows whether its owner may be shown (the list and its export alike)
        return selectors.with_revealed(super().get_queryset(), user=self.request.user)


class OpportunityDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        opp = self.object
        user = self.request.user
        can_change = may_on(user, opp, Action.CHANGE)
        context["can_change"] = can_change
        context["revealed"] = revealed = selectors.owner_revealed(opp, user=user)
        if not revealed:
            context["history"] = []  # the history would name an anonymous owner
        found = selectors.matches(opp, user=user)
        services.log_suggestions(opportunity=opp, shown_to=user, matches=found)
        context["matches"] = found
        context["component_labels"] = {k: str(v) for k, v in COMPONENT_LABELS.items()}
        context["complement_label"] = OpportunityKind(opp.complement).label
        own = selectors.own_opportunities(opp.complement, user=user)
        context["own_for_interest"] = list(own[:50])
        context.update(selectors.introductions(opp, user=user))
        context["today"] = timezone.localdate()
        return context


class OpportunityEditView(ObjectEditView):
    def get_initial(self) -> dict[str, Any]:
        """A new opportunity starts in the user's language, owned by the user's organisation."""
        initial = super().get_initial()
        if self.object is None:
            language = getattr(self.request, "LANGUAGE_CODE", "") or ""
            if language in OpportunityLanguage.values:
                initial["language"] = language
            orgs = [m.organisation_id for m in self.request.user.memberships.all()]
            if len(orgs) == 1 and orgs[0] is not None:
                initial["owner"] = orgs[0]
        return initial

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if self.object is None:
            form.instance.published_by = self.request.user
            form.instance._change_reason = "published"
        return form


opportunity = ModelViews(
    Opportunity,
    table=tables.OpportunityTable,
    filterset=filtersets.OpportunityFilterSet,
    form=forms.OpportunityForm,
    queryset=Opportunity.objects.select_related("owner", "owner_person", "region", "program"),
    detail_class=OpportunityDetailView,
)
opportunity.list = type(
    "OpportunityListView",
    (OpportunityListView,),
    {
        "model": Opportunity,
        "queryset": opportunity.list.queryset,
        "table_class": tables.OpportunityTable,
        "filterset_class": filtersets.OpportunityFilterSet,
    },
)
opportunity.edit = type(
    "OpportunityEditView",
    (OpportunityEditView,),
    {"model": Opportunity, "form_class": forms.OpportunityForm, "inlines": []},
)


def _visible(user: Any, pk: int) -> Opportunity:
    return get_object_or_404(Opportunity.objects.restrict(user, Action.VIEW), pk=pk)


@login_required
@require_POST
def interest(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Express interest in ``other`` (or decline it) on behalf of one's own opportunity ``pk``."""
    own = _visible(request.user, pk)
    counterpart = _visible(request.user, other)
    status = (
        InterestStatus.DECLINED
        if request.POST.get("status") == InterestStatus.DECLINED
        else InterestStatus.INTERESTED
    )
    try:
        services.express_interest(
            acting_user=request.user,
            opportunity=own,
            counterpart=counterpart,
            status=status,
            message=request.POST.get("message", "")[:2000],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if status == InterestStatus.INTERESTED:
            messages.success(request, _("Your interest was sent."))
        else:
            messages.info(request, _("Declined."))
    return HttpResponseRedirect(_safe_next(request, own.get_absolute_url()))


def _safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` page posted, if it is on this site (``//evil.example`` is not), else
    ``default``."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


@login_required
@require_POST
def interest_from(request: HttpRequest, other: int) -> HttpResponse:
    """Express interest in ``other`` on behalf of the own opportunity chosen in the form."""
    pk = request.POST.get("opportunity", "")
    if not pk.isdigit():
        messages.error(request, _("Choose your opportunity."))
        return HttpResponseRedirect(_visible(request.user, other).get_absolute_url())
    return interest(request, int(pk), other)


@login_required
def meeting_add(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    a = _visible(request.user, pk)
    b = _visible(request.user, other)
    if not (may_on(request.user, a, Action.CHANGE) or may_on(request.user, b, Action.CHANGE)):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                acting_user=request.user, a=a, b=b, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Meeting scheduled."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "matching/meeting_form.html",
        {"form": form, "a": a, "b": b, "mutual": selectors.mutual_interest(a, b)},
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.restrict(request.user, Action.VIEW).select_related(
            "offer", "request", "agreement"
        ),
        pk=pk,
    )
    can_change = may_on(request.user, meeting, Action.CHANGE)
    agreements = Agreement.objects.restrict(request.user, Action.VIEW)
    form = forms.OutcomeForm(
        request.POST or None,
        agreements=agreements,
        initial={"outcome": meeting.outcome, "agreement": meeting.agreement, "note": meeting.note},
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_meeting_outcome(
                    acting_user=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Saved: %(name)s") % {"name": meeting})
                return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "matching/meeting_detail.html",
        {"meeting": meeting, "form": form, "can_change": can_change},
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.funnel(user=request.user)
    waiting = selectors.waiting_interests(user=request.user)
    stage_labels = {
        "matches": _("matched"),
        "interest": _("interest"),
        "mutual": _("mutual interest"),
        "meetings": _("meetings"),
        "agreements": _("agreements"),
    }
    kinds = [(selectors.pair_label(kind), row) for kind, row in data["by_kind"].items()]
    stages = data["stages"]
    colors = ["#0d6efd", "#6f42c1", "#d63384", "#fd7e14", "#198754"]
    funnel_chart = {
        "type": "bar",
        "labels": [str(stage_labels[s]) for s in stages],
        "datasets": [
            {"label": str(_("pairs")), "data": [data["totals"][s] for s in stages], "color": colors}
        ],
    }
    kind_chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [label for label, _row in kinds],
        "datasets": [
            {
                "label": str(stage_labels[s]),
                "data": [row[s] for _label, row in kinds],
                "color": colors[n],
            }
            for n, s in enumerate(stages)
        ],
    }
    return render(
        request,
        "matching/dashboard.html",
        {
            "data": data,
            "stage_labels": [stage_labels[s] for s in data["stages"]],
            "kinds": kinds,
            "funnel_chart": funnel_chart,
            "kind_chart": kind_chart,
            "list_url": reverse("matching:opportunity_list"),
            "waiting": waiting[:WAITING_SHOWN],
            "waiting_count": waiting.count(),
        },
    )
