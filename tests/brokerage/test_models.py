"""Brokerage records validate themselves: slots, languages, deadlines, one registration each."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hezuo.brokerage.models import Interpreter, MeetingRequest, Registration


def test_slot_labels_follow_start_and_length(world):
    event = world.event
    assert event.slot_label(1) == "09:00–09:30"
    assert event.slot_label(4) == "10:30–11:00"
    assert len(event.slot_times()) == 4


def test_event_refuses_deadline_after_the_day_and_slots_past_midnight(world):
    event = world.event
    event.registration_deadline = event.date + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        event.full_clean()
    assert "registration_deadline" in err.value.message_dict
    event.registration_deadline = event.date
    event.start_time = time(22, 0)
    event.slot_minutes = 60
    event.slot_count = 3
    with pytest.raises(ValidationError) as err:
        event.full_clean()
    assert "slot_count" in err.value.message_dict
    event.slot_count = 2  # ends at midnight exactly
    event.full_clean()


def test_registration_needs_a_participant_valid_slots_and_languages(world):
    reg = Registration(event=world.event, languages=["zh"])
    with pytest.raises(ValidationError) as err:
        reg.full_clean()
    assert "organisation" in err.value.message_dict
    reg = world.regs["nidec"]
    reg.available_slots = [0, 2, 9]
    reg.languages = ["fr"]
    with pytest.raises(ValidationError) as err:
        reg.full_clean()
    assert "0, 9" in " ".join(err.value.message_dict["available_slots"])
    assert "languages" in err.value.message_dict
    reg.available_slots = [2, 3]
    reg.languages = ["ja"]
    reg.full_clean()
    assert reg.slots() == [2, 3]
    reg.available_slots = []
    assert reg.slots() == [1, 2, 3, 4]


def test_an_organisation_registers_once_per_event(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=world.event, organisation=world.regs["nidec"].organisation, languages=["ja"]
        )


def test_meeting_request_with_oneself_or_across_events_is_refused(world):
    nidec = world.regs["nidec"]
    with pytest.raises(ValidationError):
        MeetingRequest(event=world.event, requester=nidec, requested=nidec).full_clean()
    other = type(world.event).objects.get(pk=world.event.pk)
    other.pk = None
    other.save()
    stranger = Registration.objects.create(
        event=other, organisation=world.org("岩谷产业"), languages=["ja"]
    )
    with pytest.raises(ValidationError) as err:
        MeetingRequest(event=world.event, requester=nidec, requested=stranger).full_clean()
    assert "requested" in err.value.message_dict


def test_interpreter_works_between_two_languages(world):
    i = Interpreter(event=world.event, name="X", languages=["zh"])
    with pytest.raises(ValidationError) as err:
        i.full_clean()
    assert "languages" in err.value.message_dict
    i.languages = ["zh", "ja"]
    i.available_slots = [5]
    with pytest.raises(ValidationError) as err:
        i.full_clean()
    assert "available_slots" in err.value.message_dict


def test_changes_are_kept_in_history(world):
    reg = world.regs["jinpu"]
    reg.note = "展位 A3"
    reg.save()
    assert reg.history.count() == 2
    assert reg.history.first().note == "展位 A3"
