"""Requests are valued by the matching engine; staff compute a schedule that keeps every rule,
reports optimal/feasible and the greedy baseline, and keeps its meetings in history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hezuo.brokerage import selectors, services
from hezuo.brokerage.models import ScheduledMeeting, ScheduleRun
from hezuo.core.matching.schedule import Placement, Schedule, violations


def _request(world, a, b, priority=2):
    return services.request_meeting(
        acting_user=world.users["officer"],
        requester=world.regs[a],
        requested=world.regs[b],
        priority=priority,
    )


def test_request_value_comes_from_the_match_score(world):
    # Nidec offers motor technology; Neusoft Reach requests it: the engine scores the pair
    matched = _request(world, "neusoft", "nidec", priority=2)
    assert matched.score is not None and matched.score > 0
    assert matched.value == pytest.approx(selectors.request_value(2, matched.score))
    assert matched.value > 2
    # Mizuho (financing offer) and Iwatani (technology offer, investment intent): no pair
    unmatched = _request(world, "mizuho", "iwatani", priority=3)
    assert unmatched.score is None and unmatched.value == 3
    assert set(matched.parties.values_list("pk", flat=True)) == {
        world.regs["neusoft"].organisation_id,
        world.regs["nidec"].organisation_id,
    }
    # asking again changes the priority, not the number of requests
    again = _request(world, "neusoft", "nidec", priority=3)
    assert again.pk == matched.pk and again.value > matched.value
    assert again.history.count() == 2


def test_compute_schedule_keeps_every_rule_and_reports_figures(world, as_user):
    pairs = [
        ("neusoft", "nidec", 3),
        ("jinpu", "iwatani", 3),
        ("nidec", "jinpu", 1),
        ("mizuho", "neusoft", 2),
        ("iwatani", "neusoft", 2),
        ("mizuho", "jinpu", 1),
        ("nidec", "iwatani", 1),
    ]
    for a, b, p in pairs:
        _request(world, a, b, p)
    client = as_user(world.users["officer"])
    response = client.post(reverse("brokerage:compute", args=[world.event.pk]))
    assert response.status_code == 302
    run = ScheduleRun.objects.get(event=world.event)
    assert run.status == "done" and run.solver_status == "optimal"
    assert run.requested == len(pairs)
    assert 0 < run.scheduled <= len(pairs)
    assert run.value >= run.greedy_value
    assert run.bound == pytest.approx(run.value, rel=1e-3)
    meetings = list(ScheduledMeeting.objects.filter(run=run).select_related("request"))
    assert len(meetings) == run.scheduled
    problem, _r, _i = selectors.problem_of(world.event)
    placed = Schedule(
        tuple(
            Placement(
                str(m.request_id),
                m.slot - 1,
                m.table - 1,
                str(m.interpreter_id) if m.interpreter_id else None,
            )
            for m in meetings
        ),
        run.value,
        run.solver_status,
        "db",
        run.requested,
        run.requested_value,
        0.0,
    )
    assert violations(problem, placed) == []
    # Chinese and Japanese sides without a common language met with the interpreter
    zh_ja = [
        m
        for m in meetings
        if {m.request.requester.languages[0], m.request.requested.languages[0]} == {"zh", "ja"}
    ]
    assert zh_ja and all(m.interpreter_id == world.interpreter.pk for m in zh_ja)
    assert ScheduledMeeting.history.filter(run_id=run.pk).count() == len(meetings)
    world.event.refresh_from_db()
    assert world.event.status == "scheduled"
    page = client.get(world.event.get_absolute_url())
    html = page.content.decode()
    assert 'id="schedule-grid"' in html and "09:00–09:30" in html
    assert f"{run.greedy_value:.2f}" in html


def test_nothing_to_schedule_is_said_and_a_failed_run_keeps_the_previous(
    world, as_user, monkeypatch
):
    with pytest.raises(ValidationError):
        services.start_schedule(acting_user=world.users["officer"], event=world.event)
    client = as_user(world.users["officer"])
    response = client.post(reverse("brokerage:compute", args=[world.event.pk]), follow=True)
    with translation.override("ja"):  # the officer reads Japanese
        said = gettext("No meeting has been requested yet: nothing to schedule.")
    assert said in response.content.decode()
    _request(world, "neusoft", "nidec")
    first = services.start_schedule(acting_user=world.users["officer"], event=world.event)
    services.compute_schedule(run=first)

    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services, "solve", broken)
    client.post(reverse("brokerage:compute", args=[world.event.pk]))
    failed = ScheduleRun.objects.filter(event=world.event).order_by("-pk").first()
    assert failed.status == "failed" and "solver crashed" in failed.error
    assert not ScheduledMeeting.objects.filter(run=failed).exists()
    assert selectors.current_run(world.event) == first


def test_participants_may_not_compute(world):
    _request(world, "neusoft", "nidec")
    for username in ("nidec", "iwatani-member", "leader"):
        with pytest.raises(PermissionDenied):
            services.start_schedule(acting_user=world.users[username], event=world.event)


def test_slots_left_from_a_longer_day_are_not_offered(world):
    nidec = world.regs["nidec"]
    nidec.available_slots = [3, 4]
    nidec.save()
    _request(world, "neusoft", "nidec")
    event = world.event
    event.slot_count = 3  # shortened after Nidec registered: slot 4 no longer exists
    event.save()
    problem, _r, _i = selectors.problem_of(event)
    assert {p.id: p.slots for p in problem.participants}[str(nidec.pk)] == frozenset({2})
    run = services.start_schedule(acting_user=world.users["officer"], event=event)
    services.compute_schedule(run=run)
    assert run.status == "done"
    assert list(ScheduledMeeting.objects.filter(run=run).values_list("slot", flat=True)) == [3]
