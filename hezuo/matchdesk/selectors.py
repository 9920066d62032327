"""Reads of the matchmaking desk: matches with explanations, who is revealed, and the funnel.

Matches are ranked by the engine (:mod:`hezuo.core.matching`) over the opportunities of the
complementary kind. The index of one kind is built from the database and kept in this process,
keyed by the kind's number of opportunities and latest update: a change, an addition or a
deletion of an opportunity of that kind makes the next request build it again (a few ms for the
demo's hundreds; the engine indexes a million profiles in about a minute, see
bench/matching/). What a user is shown is then cut to the opportunities they may view.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.utils import timezone

from hezuo.core.access import Action, Role
from hezuo.core.matching import MatchIndex, Profile
from hezuo.core.matching.profile import INDUSTRY_RE, REGION_RE

from .choices import InterestStatus, MeetingOutcome, OpportunityKind, complement_of, offer_side
from .models import Interest, Meeting, Opportunity, Suggestion
from .models import mutual_interest as mutual_interest  # a rule of the records, read here too

_LANG = {"zh-hans": "zh", "zh-hant": "zh", "ja": "ja", "en": "en"}
_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], MatchIndex]] = {}


def profile_of(opp: Opportunity) -> Profile:
    """The engine's view of an opportunity (codes the engine cannot read are left out)."""
    codes = tuple(c.code for c in opp.industry_classes.all() if INDUSTRY_RE.match(c.code.upper()))
    region = ""
    if opp.region_id is not None and REGION_RE.match(opp.region.code.upper()):
        region = opp.region.code.upper()
    elif opp.country:
        region = opp.country
    return Profile(
        id=str(opp.pk),
        kind=opp.kind,
        lang=_LANG.get(opp.language, "zh"),
        title=opp.title,
        text=opp.text,
        industry=codes,
        region=region,
        quantity=float(opp.quantity) if opp.quantity is not None else None,
        unit=opp.unit,
        price=float(opp.price) if opp.price is not None else None,
        currency=opp.currency,
        valid_until=opp.valid_until,
    )


def _with_fields(queryset: Any) -> Any:
    return queryset.select_related("region", "owner").prefetch_related("industry_classes")


def index_for(kind: str) -> MatchIndex:
    """The engine's index of every opportunity of ``kind`` (cached while none changes)."""
    stamp = Opportunity.objects.filter(kind=kind).aggregate(n=Count("pk"), last=Max("updated"))
    key = (stamp["n"], stamp["last"])
    with _lock:
        cached = _cache.get(kind)
        if cached is not None and cached[0] == key:
            return cached[1]
    profiles = [profile_of(o) for o in _with_fields(Opportunity.objects.filter(kind=kind))]
    index = MatchIndex.build(profiles)
    with _lock:
        _cache[kind] = (key, index)
    return index


@dataclass
class Match:
    """One suggested opportunity with the engine's explanation, ready for a page."""

    opportunity: Opportunity
    rank: int
    score: float
    components: list[dict[str, Any]]
    terms: list[dict[str, Any]]
    phrases: dict[str, list[str]]
    revealed: bool = False
    interest_sent: Interest | None = None
    interest_received: Interest | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mutual(self) -> bool:
        return bool(
            self.interest_sent
            and self.interest_received
            and self.interest_sent.status == InterestStatus.INTERESTED
            and self.interest_received.status == InterestStatus.INTERESTED
        )


def matches(
    opp: Opportunity, *, user: Any, top: int = 10, today: date | None = None
) -> list[Match]:
    """The best ``top`` opportunities of the complementary kind ``user`` may see, explained."""
    today = today or timezone.localdate()
    index = index_for(opp.complement)
    visible = Opportunity.objects.restrict(user, Action.VIEW).filter(kind=opp.complement)
    query = profile_of(opp)
    # rank more than needed, then keep those the user may see, best first
    results = index.rank(query, top=max(top * 3, 30), today=today, explain=True)
    ids = [int(r.profile_id) for r in results]
    found = {o.pk: o for o in _with_fields(visible.filter(pk__in=ids))}
    sent = {
        i.counterpart_id: i for i in Interest.objects.filter(opportunity=opp, counterpart__in=ids)
    }
    received = {
        i.opportunity_id: i for i in Interest.objects.filter(counterpart=opp, opportunity__in=ids)
    }
    shown = revealed_ids(found.values(), user=user)
    out: list[Match] = []
    for result in results:
        other = found.get(int(result.profile_id))
        if other is None:
            continue
        exp = result.explanation or {}
        m = Match(
            opportunity=other,
            rank=len(out) + 1,
            score=result.score,
            components=exp.get("components", []),
            # glossary concepts, labelled in zh / ja / en; the plain shared stretches of text
            # (bigrams, words) are shown through ``phrases`` in each side's own script
            terms=[t for t in exp.get("terms", []) if "labels" in t][:8],
            phrases=exp.get("phrases", {"query": [], "profile": []}),
            interest_sent=sent.get(other.pk),
            interest_received=received.get(other.pk),
        )
        m.revealed = other.pk in shown
        out.append(m)
        if len(out) >= top:
            break
    return out


# --- who may see an opportunity's owner: THE rule, read by every page, API, export and event ---


def revealed_filter(*, user: Any) -> Q:
    """The opportunities whose owner ``user`` may see, as a filter over opportunities.

    The one rule every reader applies (pages, history, API, e-mails, the opportunities ledger's
    export, brokerage registrations):

    - a named opportunity: everyone who may see it;
    - an anonymous one: whoever may change it, i.e. the members of its owner and the staff who
      may act for it under the role matrix (the zone's administrators and promotion officers
      of its program, the collaboration offices of a pairing, an assisted region's office for
      its region, system administrators) -- on every page alike, lists included; and the other
      side of a mutual interest (a user who may change an opportunity with which both sides
      expressed interest in each other, a refusal reveals nothing);
    - no one else: read-only roles (leaders, auditors) and other members see "anonymous".
    """
    mine = Opportunity.objects.restrict(user, Action.CHANGE).values("pk")
    mutual = Exists(
        Interest.objects.filter(
            opportunity=OuterRef("pk"),
            status=InterestStatus.INTERESTED,
            counterpart__in=mine,
            counterpart__interests_expressed__counterpart=OuterRef("pk"),
            counterpart__interests_expressed__status=InterestStatus.INTERESTED,
        )
    )
    return Q(anonymous=False) | Q(pk__in=mine) | Q(mutual)


def with_revealed(queryset: Any, *, user: Any) -> Any:
    """``queryset`` of opportunities annotated ``owner_shown`` (:func:`revealed_filter`)."""
    return queryset.annotate(
        owner_shown=ExpressionWrapper(revealed_filter(user=user), output_field=BooleanField())
    )


def revealed_ids(opportunities: Iterable[Opportunity], *, user: Any) -> set[int]:
    """The pks of ``opportunities`` whose owner ``user`` may see (one query for the anonymous)."""
    opps = list(opportunities)
    shown = {o.pk for o in opps if not o.anonymous}
    anonymous = [o.pk for o in opps if o.anonymous]
    if anonymous:
        shown |= set(
            Opportunity.objects.filter(pk__in=anonymous)
            .filter(revealed_filter(user=user))
            .values_list("pk", flat=True)
        )
    return shown


def hidden_owner_ids(queryset: Any, *, user: Any) -> set[int]:
    """The pks of the opportunities of ``queryset`` whose owner is hidden from ``user``."""
    return set(
        queryset.filter(anonymous=True)
        .exclude(revealed_filter(user=user))
        .order_by()
        .values_list("pk", flat=True)
    )


def owner_revealed(opp: Opportunity, *, user: Any) -> bool:
    """Whether ``user`` may see who owns ``opp`` (the rule of :func:`revealed_filter`)."""
    shown = getattr(opp, "owner_shown", None)
    if shown is not None:
        return bool(shown)
    return opp.pk in revealed_ids([opp], user=user)


def visible_opportunities(queryset: Any, *, user: Any) -> Any:
    """The opportunities of ``queryset`` ``user`` may see *as someone's*: an anonymous one
    whose owner is hidden from the user is left out (where it would be shown next to its owner,
    as in a brokerage registration)."""
    return queryset.restrict(user, Action.VIEW).filter(revealed_filter(user=user))


def own_opportunities(kind: str, *, user: Any) -> Any:
    """The user's opportunities of ``kind`` they may act for (to express interest from)."""
    return Opportunity.objects.restrict(user, Action.CHANGE).filter(kind=kind)


def introductions(opp: Opportunity, *, user: Any) -> dict[str, Any]:
    """Interests and meetings around ``opp`` that ``user`` may see."""
    answered = Interest.objects.filter(
        opportunity=OuterRef("counterpart"), counterpart=OuterRef("opportunity")
    )
    interests = (
        Interest.objects.restrict(user, Action.VIEW)
        .filter(Q(opportunity=opp) | Q(counterpart=opp))
        .annotate(answered=Exists(answered))
    )
    meetings = Meeting.objects.restrict(user, Action.VIEW).filter(Q(offer=opp) | Q(request=opp))
    return {
        "interests": interests.select_related("opportunity", "counterpart"),
        "meetings": meetings.select_related("offer", "request", "agreement"),
    }


# --- the funnel --------------------------------------------------------------------------------

STAGES = ("matches", "interest", "mutual", "meetings", "agreements")


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def funnel(*, user: Any) -> dict[str, Any]:
    """Conversion match → interest → mutual interest → meeting → agreement, per kind and country.

    Counted over pairs of opportunities the user may see: a pair is *matched* when a suggestion
    of it was shown, *interest* when one side expressed interest, *mutual* when both did, a
    *meeting* when one was scheduled, an *agreement* when a meeting's outcome linked one. A pair
    is counted under the offer side's kind pair and under the country of each side.
    """
    suggestions = Suggestion.objects.restrict(user, Action.VIEW).values_list(
        "opportunity_id", "suggested_id", "outcome"
    )
    interests = Interest.objects.restrict(user, Action.VIEW).values_list(
        "opportunity_id", "counterpart_id", "status"
    )
    meetings = Meeting.objects.restrict(user, Action.VIEW).values_list(
        "offer_id", "request_id", "outcome", "agreement_id"
    )
    stage_of: dict[tuple[int, int], set[str]] = defaultdict(set)
    shown = taken = declined = 0
    for a, b, outcome in suggestions:
        stage_of[_pair(a, b)].add("matches")
        shown += 1
        taken += outcome == "taken_up"
        declined += outcome == "declined"
    directions: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for a, b, status in interests:
        if status == InterestStatus.INTERESTED:
            stage_of[_pair(a, b)] |= {"matches", "interest"}
            directions[_pair(a, b)].add((a, b))
    for pair, dirs in directions.items():
        if len(dirs) == 2:
            stage_of[pair].add("mutual")
    for a, b, outcome, agreement in meetings:
        pair = _pair(a, b)
        if outcome != MeetingOutcome.CANCELLED:
            stage_of[pair] |= {"matches", "interest", "mutual", "meetings"}
        if agreement is not None or outcome == MeetingOutcome.AGREEMENT:
            stage_of[pair].add("agreements")
    ids = {i for pair in stage_of for i in pair}
    info = {
        o["pk"]: o
        for o in Opportunity.objects.filter(pk__in=ids).values(
            "pk", "kind", "country", "region__country"
        )
    }
    by_kind: dict[str, dict[str, int]] = {
        k: dict.fromkeys(STAGES, 0) for k in OpportunityKind.values if offer_side(k)
    }
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    totals = dict.fromkeys(STAGES, 0)
    for pair, stages in stage_of.items():
        sides = [info[i] for i in pair if i in info]
        if len(sides) != 2:
            continue
        offer = next((s for s in sides if offer_side(s["kind"])), sides[0])
        countries = {s["country"] or s["region__country"] or "" for s in sides} - {""}
        for stage in stages:
            totals[stage] += 1
            by_kind[offer["kind"]][stage] += 1
            for country in countries:
                by_country[country][stage] += 1
    return {
        "stages": STAGES,
        "totals": totals,
        "by_kind": by_kind,
        "by_country": dict(sorted(by_country.items())),
        "precision": {
            "shown": shown,
            "taken_up": taken,
            "declined": declined,
            "rate": taken / shown if shown else None,
        },
    }


# --- deadlines, officers and new matches -------------------------------------------------------


def organisation_members(organisation: Any) -> list[Any]:
    """The active users who act for ``organisation``: its members, else its parent's (a group's
    members act for its subsidiaries and branches in the role matrix); none without one."""
    from django.contrib.auth import get_user_model

    chain, current, seen = [], organisation, set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        chain.append(current)
        current = current.parent
    users = get_user_model().objects.filter(is_active=True)
    for org in chain:
        found = list(
            users.filter(memberships__organisation=org)
            .select_related("profile")
            .distinct()
            .order_by("username")
        )
        if found:
            return found
    return []


#: Who answers for the desk of a program: its investment promotion officers; where it has none,
#: its administrators (the zone office, the donor side's collaboration office of a pairing).
OFFICER_ROLES = (Role.PROMOTION_OFFICER,)


def responsible_officers(program: Any) -> list[Any]:
    """The active officers responsible for matchmaking in ``program`` (or a program above it)."""
    from django.contrib.auth import get_user_model

    from hezuo.accounts.selectors import program_admins

    if program is None:
        return []
    programs, current = [], program
    while current is not None:
        programs.append(current.pk)
        current = current.parent
    officers = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=OFFICER_ROLES,
            memberships__program__in=programs,
        )
        .select_related("profile")
        .distinct()
        .order_by("username")
    )
    return officers or program_admins(program)


def waiting_interests(*, user: Any, on: date | None = None, overdue_only: bool = True) -> Any:
    """Interests ``user`` may see that wait for an answer past their deadline on ``on`` (with
    ``overdue_only=False``: all that wait for an answer, whatever their deadline).

    Each row is annotated ``answered`` (the other side answered); only unanswered ones are kept,
    oldest deadline first, the escalated ones included.
    """
    on = on or timezone.localdate()
    answered = Interest.objects.filter(
        opportunity=OuterRef("counterpart"), counterpart=OuterRef("opportunity")
    )
    waiting = Interest.objects.restrict(user, Action.VIEW).filter(status=InterestStatus.INTERESTED)
    if overdue_only:
        waiting = waiting.filter(respond_by__lt=on)
    return (
        waiting.annotate(answered=Exists(answered))
        .filter(answered=False)
        .select_related("opportunity", "counterpart")
        .order_by("respond_by", "pk")
    )


def notify_threshold() -> float:
    """The score from which a new match is e-mailed (setting MATCHING_NOTIFY_THRESHOLD)."""
    return float(getattr(settings, "MATCHING_NOTIFY_THRESHOLD", NOTIFY_THRESHOLD))


#: The default score from which a match is e-mailed. Scores are shares of what a query could
#: score at most (text ≤ 1, industry ≤ 0.3, region, quantity, price ≤ 0.1 each); in the demo the
#: planted cross-language pairs (Nidec's motors ↔ Neusoft Reach, Iwatani ↔ Jinpu) score 0.14-0.15
#: and unrelated ones below 0.13.
NOTIFY_THRESHOLD = 0.14


def new_matches(
    opportunity: Opportunity, *, user: Any, threshold: float, today: date
) -> list[Match]:
    """Matches of ``opportunity`` at or above ``threshold`` never shown nor sent to ``user``.

    A match already answered (interest expressed or declined either way) is not new either.
    """
    found = [m for m in matches(opportunity, user=user, today=today) if m.score >= threshold]
    if not found:
        return []
    seen = set(
        Suggestion.objects.filter(
            opportunity=opportunity,
            shown_to=user,
            suggested__in=[m.opportunity for m in found],
        ).values_list("suggested_id", flat=True)
    )
    return [
        m
        for m in found
        if m.opportunity.pk not in seen and m.interest_sent is None and m.interest_received is None
    ]


def kind_label(kind: str) -> str:
    return str(OpportunityKind(kind).label)


def pair_label(kind: str) -> str:
    return f"{OpportunityKind(kind).label} ↔ {OpportunityKind(complement_of(kind)).label}"
