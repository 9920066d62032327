"""Validation on the models (reached from forms, the API and the demo alike)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hezuo.demo.world import IWATANI, NIDEC
from hezuo.matchdesk.choices import OpportunityKind
from hezuo.matchdesk.models import Interest, Meeting, Opportunity
from hezuo.regions.models import Region


def errors(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def test_every_engine_kind_is_a_choice():
    from hezuo.core.matching import KINDS

    assert sorted(OpportunityKind.values) == sorted(KINDS)


def test_an_opportunity_needs_an_owner_organisation(world):
    opp = Opportunity(kind="technology_offer", title="x", language="zh-hans")
    assert "owner" in errors(opp)
    opp.owner = world.org(NIDEC)
    opp.full_clean()


def test_a_job_seeker_may_be_a_person(world):
    from hezuo.directory.models import Person

    opp = Opportunity(kind="job_seeker", title="求职", language="zh-hans")
    assert "owner_person" in errors(opp)
    opp.owner_person = Person.objects.first()
    opp.full_clean()


def test_quantity_needs_a_unit_and_price_a_currency(world):
    opp = Opportunity(
        kind="product_supply",
        title="猕猴桃",
        owner=world.org(NIDEC),
        quantity=Decimal("5"),
        price=Decimal("10"),
    )
    found = errors(opp)
    assert "unit" in found and "currency" in found
    opp.unit, opp.currency = "吨", "cny"
    opp.full_clean()
    assert opp.currency == "CNY"


def test_country_is_taken_from_the_region_and_must_agree(world):
    region = Region.objects.get(code="210213")
    opp = Opportunity(kind="site_offer", title="用地", owner=world.org(NIDEC), region=region)
    opp.full_clean()
    assert opp.country == "CN"
    opp.country = "JP"
    assert "country" in errors(opp)
    opp.country = "XX"
    assert "country" in errors(opp)


def test_negative_quantity_is_refused(world):
    opp = Opportunity(
        kind="product_supply", title="x", owner=world.org(NIDEC), quantity=-1, unit="t"
    )
    assert "quantity" in errors(opp)


def test_interest_goes_to_the_complementary_kind(world):
    wrong = Interest(
        opportunity=world.hydrogen_request,
        counterpart=world.motor_request,  # a request too
        respond_by=timezone.localdate(),
    )
    assert "__all__" in errors(wrong)


def meeting(world, **extra) -> Meeting:
    values = {
        "offer": world.hydrogen_offer,
        "request": world.hydrogen_request,
        "starts_at": timezone.now() + timedelta(days=3),
        "place": "大连",
    }
    values.update(extra)
    return Meeting(**values)


def test_a_meeting_needs_mutual_interest(world):
    assert "request" in errors(meeting(world))
    soon = timezone.localdate() + timedelta(days=5)
    Interest.objects.create(
        opportunity=world.hydrogen_offer, counterpart=world.hydrogen_request, respond_by=soon
    )
    assert "request" in errors(meeting(world))  # one side only
    Interest.objects.create(
        opportunity=world.hydrogen_request, counterpart=world.hydrogen_offer, respond_by=soon
    )
    meeting(world).full_clean()


def test_meeting_place_interpreter_and_agreement(world):
    from hezuo.events.models import Agreement

    soon = timezone.localdate() + timedelta(days=5)
    for a, b in ((world.hydrogen_offer, world.hydrogen_request),) * 1:
        Interest.objects.create(opportunity=a, counterpart=b, respond_by=soon)
        Interest.objects.create(opportunity=b, counterpart=a, respond_by=soon)
    assert "place" in errors(meeting(world, place=""))
    meeting(world, place="", video_link="https://meet.example.com/x").full_clean()
    assert "interpreter_languages" in errors(
        meeting(world, interpreter_needed=True, interpreter_languages=["ja"])
    )
    assert "interpreter_languages" in errors(meeting(world, interpreter_languages=["fr", "ja"]))
    meeting(world, interpreter_needed=True, interpreter_languages=["zh", "ja"]).full_clean()
    agreement = Agreement.objects.filter(parties__organisation=world.org(IWATANI)).first()
    assert "agreement" in errors(meeting(world, agreement=agreement))  # outcome still planned
    meeting(world, agreement=agreement, outcome="agreement").full_clean()
