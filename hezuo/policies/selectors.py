"""Reads of support policies: matching in both directions, newly qualifying policies, search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet

from hezuo.base.access import grants
from hezuo.core import eligibility
from hezuo.core.access import Action
from hezuo.core.eligibility import Benefit, Subject, Verdict
from hezuo.core.matching.text import tokenize
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project, ProjectFigure, StageChange

from . import rules
from .choices import ApplicationStatus, PolicyStatus
from .models import Application, Policy, PolicyNotice


def policy_rule(policy: Policy) -> dict[str, Any]:
    """Return the whole rule of ``policy``: its sub-areas (when limited) and every rule of it."""
    parts: list[Any] = []
    codes = sorted(s.code for s in policy.sub_areas.all())
    if codes:
        parts.append({"field": "sub_area", "op": "in", "value": codes})
    parts.extend(r.rule for r in policy.rules.all())
    return {"all": parts}


def in_force(queryset: QuerySet[Policy], on: date) -> QuerySet[Policy]:
    return queryset.filter(status=PolicyStatus.IN_FORCE, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


@dataclass(frozen=True)
class PolicyMatch:
    """A policy judged for one project: now, and at the project's next stage."""

    policy: Policy
    verdict: Verdict
    benefit: Benefit | None
    application: Application | None = None
    next_stage: str | None = None
    next_verdict: Verdict | None = None

    @property
    def qualifies(self) -> bool:
        return self.verdict.met

    @property
    def qualifies_next(self) -> bool:
        return bool(self.next_verdict and self.next_verdict.met and not self.verdict.met)

    @property
    def next_stage_label(self) -> str:
        return str(Stage(self.next_stage).label) if self.next_stage else ""

    @property
    def conditions(self) -> list[Verdict]:
        return list(self.verdict.leaves())


def _converter(subject: Subject, policy_rules: list[Any]) -> Any:
    currencies: set[str] = set()
    for rule in policy_rules:
        currencies |= rules.rule_currencies(rule)
    return rules.Rates(subject.on, currencies).cny


def judge(policy: Policy, subject: Subject, *, rule: Any = None) -> tuple[Verdict, Benefit | None]:
    rule = rule if rule is not None else policy_rule(policy)
    verdict = eligibility.evaluate(rule, subject, to_cny=_converter(subject, [rule]))
    benefit = eligibility.compute_benefit(
        policy.benefit_formula or None, subject, cap=policy.benefit_cap
    )
    return verdict, benefit


def policies_for_project(
    project: Project, *, on: date, user: Any, subject: Subject | None = None
) -> list[PolicyMatch]:
    """Return every policy ``user`` may see in force in the project's zone, judged now and at
    the next stage; those it qualifies for first, then those it would qualify for at the next
    stage."""
    policies = Policy.objects.restrict(user, Action.VIEW).filter(program=project.program_id)
    policies = in_force(policies, on).prefetch_related("rules", "sub_areas")
    subject = subject or rules.subjects([project], on=on)[project.pk]
    applications = {
        a.policy_id: a
        for a in Application.objects.filter(project=project).exclude(
            status=ApplicationStatus.REJECTED
        )
    }
    following = eligibility.next_stage(subject.stage)
    matches = []
    for policy in policies:
        rule = policy_rule(policy)
        verdict, benefit = judge(policy, subject, rule=rule)
        next_verdict = None
        if following:
            next_verdict, _b = judge(policy, subject.at_stage(following), rule=rule)
        matches.append(
            PolicyMatch(
                policy, verdict, benefit, applications.get(policy.pk), following, next_verdict
            )
        )
    matches.sort(key=lambda m: (not m.qualifies, not m.qualifies_next, m.policy.code))
    return matches


def last_change_on(project: Project) -> date | None:
    """Return the day of the project's latest stage move or figure (None: never changed)."""
    moved = StageChange.objects.filter(project=project).aggregate(d=Max("happened_on"))["d"]
    figured = ProjectFigure.objects.filter(project=project).aggregate(d=Max("recorded_on"))["d"]
    days = [d for d in (moved, figured) if d]
    return max(days) if days else None


@dataclass(frozen=True)
class NewlyQualifying:
    since: date
    matches: list[PolicyMatch]


def newly_qualifying(project: Project, *, on: date, user: Any) -> NewlyQualifying | None:
    """Return the policies the project qualifies for now but did not the day before its latest
    stage move or figure (None when it never changed)."""
    changed = last_change_on(project)
    if changed is None:
        return None
    before = rules.subjects([project], on=on, as_of=changed - timedelta(days=1))[project.pk]
    found = []
    for match in policies_for_project(project, on=on, user=user):
        if match.qualifies and not match.application:
            was, _b = judge(match.policy, before)
            if not was.met:
                found.append(match)
    return NewlyQualifying(changed, found)


def qualifying_projects(
    policy: Policy, *, on: date, user: Any, not_applied: bool = True
) -> QuerySet[Project]:
    """Return the active projects ``user`` may see in the policy's zone that meet its rules on
    ``on`` (one query), without those that already applied (unless ``not_applied`` is False)."""
    projects = Project.objects.restrict(user, Action.VIEW).filter(
        program=policy.program_id, archived_at__isnull=True, merged_into__isnull=True
    )
    found = rules.qualifying(projects, policy_rule(policy), on=on)
    if not_applied:
        applied = Application.objects.filter(policy=policy).exclude(
            status=ApplicationStatus.REJECTED
        )
        found = found.exclude(pk__in=applied.values("project_id"))
    return found.select_related("sub_area").prefetch_related("parties__organisation")


@dataclass(frozen=True)
class GrantRow:
    """A project (and its investor) that a policy granted without application would reach."""

    project: Project
    enterprise: Any
    verdict: Verdict
    benefit: Benefit | None


def grant_rows(
    policy: Policy,
    *,
    on: date,
    user: Any,
    projects: Iterable[Project] | None = None,
    only: Iterable[int] | None = None,
) -> list[GrantRow]:
    """Return a row per qualifying project not yet granted, with its benefit computed: for
    ``projects`` (one page of :func:`qualifying_projects` for ``user``) when given, else for
    every one ``user`` may see (or those whose ids are in ``only``)."""
    if projects is None:
        found = qualifying_projects(policy, on=on, user=user).order_by("code")
        if only is not None:
            found = found.filter(pk__in=list(only))
        projects = found
    projects = list(projects)
    facts = rules.subjects(projects, on=on)
    rule = policy_rule(policy)
    rows = []
    for project in projects:
        investor = next(iter(project.investors), None)
        if investor is None:
            continue
        verdict, benefit = judge(policy, facts[project.pk], rule=rule)
        rows.append(GrantRow(project, investor, verdict, benefit))
    return rows


def search(queryset: QuerySet[Policy], text: str) -> list[Policy]:
    """Return the policies whose titles and summaries (in any of the three languages) share the
    most tokens with ``text``, best first (cross-script: 補助金 finds 补助金)."""
    wanted = set(tokenize(text))
    if not wanted:
        return list(queryset)
    scored = []
    for policy in queryset:
        body = " ".join(
            getattr(policy, f"{part}_{lang}")
            for part in ("title", "summary")
            for lang in ("zh_hans", "ja", "en")
        )
        have = set(tokenize(f"{body} {policy.code}"))
        score = len(wanted & have) / len(wanted)
        if score >= 0.5:
            scored.append((score, policy))
    scored.sort(key=lambda item: (-item[0], item[1].code))
    return [policy for _score, policy in scored]


def applications_for(*, user: Any) -> QuerySet[Application]:
    return Application.objects.restrict(user, Action.VIEW).select_related(
        "policy", "project", "enterprise"
    )


def notices_for(*, user: Any, unread: bool = False, mine: bool = False) -> QuerySet[PolicyNotice]:
    """Return the newly qualifying policies the user may see, newest first: with ``unread``
    those the user has not marked read; with ``mine`` those of the projects the user's own
    organisations invest in or are responsible for (for an officer: the projects it follows)."""
    found = PolicyNotice.objects.restrict(user, Action.VIEW)
    if unread:
        found = found.exclude(read_by=user)
    if mine:
        own: set[int] = set()
        for grant in grants(user):
            own |= grant.organisations
        found = found.filter(
            Q(project__responsible_organisation__in=own) | Q(project__parties__organisation__in=own)
        ).distinct()
    return found.select_related("policy", "project", "project__sub_area").order_by("-since", "-pk")


def unread_notices(*, user: Any) -> int:
    """Return how many newly qualifying policies the user has not read."""
    return notices_for(user=user, unread=True).count()
