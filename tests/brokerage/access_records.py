"""Brokerage records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test record belongs to: an event, its
interpreters to the event's program; a registration to the program and to the registered
organisation (and where that organisation is); a meeting request to the program and to both
sides. tests/access/cast.py adds them to its table; tests/access/conftest.py builds them with
:func:`build_access_records`. Every test event is open for registration.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.world import DALIAN_ZONE, DASHANG_FRUIT, IWATANI, KIWI, NIDEC, PAIRING

TIANJIN_ZONE = "cn-jp-tianjin"

#: key → (model label, programs, organisations, regions)
ACCESS_RECORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "brokerageevent:dalian": ("brokerage.brokerageevent", (DALIAN_ZONE,), (), ()),
    "brokerageevent:tianjin": ("brokerage.brokerageevent", (TIANJIN_ZONE,), (), ()),
    "brokerageevent:pairing": ("brokerage.brokerageevent", (PAIRING,), (), ()),
    "registration:nidec": ("brokerage.registration", (DALIAN_ZONE,), (NIDEC,), ()),
    "registration:iwatani": ("brokerage.registration", (DALIAN_ZONE,), (IWATANI,), ()),
    "registration:kiwi": ("brokerage.registration", (PAIRING,), (KIWI,), ("520200",)),
    "registration:dashang-fruit": (
        "brokerage.registration",
        (PAIRING,),
        (DASHANG_FRUIT,),
        ("210200",),
    ),
    "meetingrequest:iwatani-nidec": (
        "brokerage.meetingrequest",
        (DALIAN_ZONE,),
        (IWATANI, NIDEC),
        (),
    ),
    "meetingrequest:kiwi-fruit": (
        "brokerage.meetingrequest",
        (PAIRING,),
        (KIWI, DASHANG_FRUIT),
        (),
    ),
    "interpreter:dalian": ("brokerage.interpreter", (DALIAN_ZONE,), (), ()),
    "interpreter:tianjin": ("brokerage.interpreter", (TIANJIN_ZONE,), (), ()),
}

ACCESS_GROUPS = {
    "brokerage.brokerageevent": "events",
    "brokerage.registration": "matching",
    "brokerage.meetingrequest": "introductions",
    "brokerage.interpreter": "events",
}

# registration key → (event key, organisation, languages)
_REGISTRATIONS = {
    "registration:nidec": ("dalian", NIDEC, ["ja"]),
    "registration:iwatani": ("dalian", IWATANI, ["ja"]),
    "registration:kiwi": ("pairing", KIWI, ["zh"]),
    "registration:dashang-fruit": ("pairing", DASHANG_FRUIT, ["zh"]),
}


def build_access_records() -> dict[str, Any]:
    """Create the brokerage test records; return them by key."""
    from django.utils import timezone

    from hezuo.brokerage.models import BrokerageEvent, Interpreter, MeetingRequest, Registration
    from hezuo.directory.models import Organisation
    from hezuo.regions.models import Program

    day = timezone.localdate() + timedelta(days=3650)
    r: dict[str, Any] = {}
    for key, code in (("dalian", DALIAN_ZONE), ("tianjin", TIANJIN_ZONE), ("pairing", PAIRING)):
        r[f"brokerageevent:{key}"] = BrokerageEvent.objects.create(
            title_zh_hans=f"{key}对接日",
            kind="matchmaking_day",
            program=Program.objects.get(code=code),
            place="大连",
            date=day,
            registration_deadline=day,
            status="open",
        )
    for key, (event, name, languages) in _REGISTRATIONS.items():
        r[key] = Registration.objects.create(
            event=r[f"brokerageevent:{event}"],
            organisation=Organisation.objects.get(name_zh_hans=name, is_synthetic=False),
            languages=languages,
        )
    for key, a, b in (
        ("meetingrequest:iwatani-nidec", "registration:iwatani", "registration:nidec"),
        ("meetingrequest:kiwi-fruit", "registration:kiwi", "registration:dashang-fruit"),
    ):
        request = MeetingRequest.objects.create(
            event=r[a].event, requester=r[a], requested=r[b], program=r[a].event.program, value=2
        )
        request.parties.set([r[a].organisation_id, r[b].organisation_id])
        r[key] = request
    for key in ("dalian", "tianjin"):
        r[f"interpreter:{key}"] = Interpreter.objects.create(
            event=r[f"brokerageevent:{key}"], name=f"{key} interpreter", languages=["zh", "ja"]
        )
    return r
