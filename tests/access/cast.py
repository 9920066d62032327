"""Who is who in the access tests, who owns what, and what the role matrix says they may do.

Healthchecks names its test users after what they may do (alice owns the check, bob is on her
team, charlie has no access). Hezuo has ten roles, so every person here is named after a role and
the party it works for: ``enterprise@nidec`` is an enterprise member of Nidec (the RIGHT party:
the records of the source document belong to it), ``enterprise@iwatani`` one of Iwatani (the
WRONG party for Nidec's records, the right one for its own).

The expectations are worked out here, independently of ``hezuo.base.access``: from the pure
role matrix (``hezuo.core.access.MATRIX``) and from the tables below, which say in the domain's
terms which program, organisations and regions each test record belongs to. Nothing here asks
``restrict()``, ``may()`` or a model's ``access_paths``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hezuo.core.access import MATRIX, Action, Group, Role, Scope
from hezuo.demo.world import (
    DALIAN_ZONE,
    DASHANG,
    DASHANG_FRUIT,
    HONDA,
    HONDA_CHINA,
    HUASHENG,
    IWATANI,
    JINPU,
    KIWI,
    MIZUHO,
    NDRC,
    NEUSOFT_REACH,
    NIDEC,
    NIDEC_DALIAN,
    NIDEC_GUANGZHOU,
    NIDEC_GUANGZHOU_DALIAN,
    ORIX,
    ORIX_CHINA,
    PAIRING,
    PROVINCIAL_PAIRING,
    QIANHUO,
    RUIHUAN,
    YANJIAO,
    YUNSHANG,
    ZONE_BATCH,
)

TIANJIN_ZONE = "cn-jp-tianjin"
#: A pairing made for the tests: neither within Dalian–Liupanshui nor above it.
OTHER_PAIRING = "qingdao-anshun"

#: Which program each program sits in (a zone in the national batch, a city pairing in the
#: provincial one): a membership of a program reaches the programs within it.
PROGRAM_PARENTS = {
    DALIAN_ZONE: ZONE_BATCH,
    TIANJIN_ZONE: ZONE_BATCH,
    PAIRING: PROVINCIAL_PAIRING,
}

#: Which organisation each subsidiary or branch belongs to.
ORGANISATION_PARENTS = {
    NIDEC_DALIAN: NIDEC,
    NIDEC_GUANGZHOU: NIDEC,
    NIDEC_GUANGZHOU_DALIAN: NIDEC_GUANGZHOU,
    HONDA_CHINA: HONDA,
    ORIX_CHINA: ORIX,
    DASHANG_FRUIT: DASHANG,
    "国家发展改革委地区经济司": NDRC,
}


# --- the people --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A test user with one membership: a role, and the party it works for."""

    username: str
    role: Role
    party: str  # "right", "wrong", or "" for the roles that work for no party
    program: str | None = None
    organisation: str | None = None
    regions: tuple[str, ...] = ()
    superuser: bool = False

    def __str__(self) -> str:
        return self.username


CAST: tuple[Member, ...] = (
    Member("zone_admin@cn-jp-dalian", Role.ZONE_ADMIN, "right", program=DALIAN_ZONE),
    Member("zone_admin@cn-jp-tianjin", Role.ZONE_ADMIN, "wrong", program=TIANJIN_ZONE),
    Member("officer@cn-jp-dalian", Role.PROMOTION_OFFICER, "right", program=DALIAN_ZONE),
    Member("officer@cn-jp-tianjin", Role.PROMOTION_OFFICER, "wrong", program=TIANJIN_ZONE),
    Member("enterprise@nidec", Role.ENTERPRISE, "right", DALIAN_ZONE, NIDEC),
    Member("enterprise@iwatani", Role.ENTERPRISE, "wrong", DALIAN_ZONE, IWATANI),
    Member("financial@mizuho", Role.FINANCIAL, "right", DALIAN_ZONE, MIZUHO),
    Member("financial@orix", Role.FINANCIAL, "wrong", DALIAN_ZONE, ORIX),
    Member("donor@dalian-liupanshui", Role.DONOR_OFFICE, "right", program=PAIRING),
    # Not the Liaoning–Guizhou pairing: it is the framework above Dalian–Liupanshui, so its
    # office reaches Dalian–Liupanshui's records (test_matrix checks that on its own).
    Member("donor@qingdao-anshun", Role.DONOR_OFFICE, "wrong", program=OTHER_PAIRING),
    Member(
        "assisted@520200", Role.ASSISTED_OFFICE, "right", program=PAIRING, regions=("520200",)
    ),
    Member(
        "assisted@520300", Role.ASSISTED_OFFICE, "wrong", program=PAIRING, regions=("520300",)
    ),
    Member("buyer@dashang-fruit", Role.BUYER_SUPPLIER, "right", PAIRING, DASHANG_FRUIT),
    Member("buyer@huasheng", Role.BUYER_SUPPLIER, "wrong", PAIRING, HUASHENG),
    Member("leader@hezuo", Role.LEADER, ""),
    Member("auditor@hezuo", Role.AUDITOR, ""),
    Member("system_admin@hezuo", Role.SYSTEM_ADMIN, ""),
)
BY_NAME = {m.username: m for m in CAST}
#: A superuser with no membership at all (like the demo "admin").
SUPERUSER = Member("superuser@hezuo", Role.SYSTEM_ADMIN, "", superuser=True)
#: The office of the provincial pairing above Dalian–Liupanshui.
PROVINCIAL_DONOR = Member("donor@liaoning-guizhou", Role.DONOR_OFFICE, "", PROVINCIAL_PAIRING)


# --- who owns what -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Owned:
    """A test record and what it belongs to, in the domain's terms.

    ``programs``: the program it is part of; ``organisations``: the organisations that are its
    parties (investors, signatories, employers…); ``regions``: where it is (its own region, or
    the regions of its parties where it has no place of its own).
    """

    model: str  # app_label.model_name
    programs: frozenset[str] = field(default_factory=frozenset)
    organisations: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)


def owned(
    model: str,
    programs: tuple[str, ...] = (),
    organisations: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
) -> Owned:
    return Owned(model, frozenset(programs), frozenset(organisations), frozenset(regions))


P = owned
#: Every record the matrix looks at, by key (conftest.py finds or makes each one).
RECORDS: dict[str, Owned] = {
    # reference data: everybody reads it, only the system administrator changes it
    "region:jinzhou": P("regions.region", regions=("210213",)),
    "direction:new-materials": P("regions.industrydirection"),
    "industryclass:C": P("directory.industryclass"),
    "source:dalian-evening-news": P("events.sourcedocument"),
    # programs: the program is itself; its host region is where it is
    "program:dalian-zone": P("regions.program", (DALIAN_ZONE,), regions=("210200",)),
    "program:tianjin-zone": P("regions.program", (TIANJIN_ZONE,), regions=("120000",)),
    "program:dalian-liupanshui": P("regions.program", (PAIRING,)),
    "program:qingdao-anshun": P("regions.program", (OTHER_PAIRING,)),
    "subarea:xizhongdao": P("regions.subarea", (DALIAN_ZONE,)),
    "subarea:binhai": P("regions.subarea", (TIANJIN_ZONE,), regions=("120116",)),
    "programparty:dalian-host": P("regions.programparty", (DALIAN_ZONE,), regions=("210200",)),
    "programparty:tianjin-host": P("regions.programparty", (TIANJIN_ZONE,), regions=("120000",)),
    "programtopic:dalian-platform": P("regions.programtopic", (DALIAN_ZONE,)),
    "programtopic:pairing-line": P("regions.programtopic", (PAIRING,)),
    # organisations and their aliases
    "organisation:nidec-dalian": P("directory.organisation", (), (NIDEC_DALIAN,), ("210200",)),
    "organisation:iwatani": P("directory.organisation", (), (IWATANI,)),
    "organisation:mizuho": P("directory.organisation", (), (MIZUHO,)),
    "organisation:kiwi": P("directory.organisation", (), (KIWI,), ("520200",)),
    "organisation:dashang-fruit": P("directory.organisation", (), (DASHANG_FRUIT,), ("210200",)),
    "organisation:huasheng": P("directory.organisation", (), (HUASHENG,), ("210200",)),
    "alias:nidec": P("directory.organisationalias", (), (NIDEC,)),
    "alias:iwatani": P("directory.organisationalias", (), (IWATANI,)),
    "alias:kiwi": P("directory.organisationalias", (), (KIWI,), ("520200",)),
    # people, by their employer (and its region) and the events they took part in
    "person:nidec": P("directory.person", (), (NIDEC,)),
    "person:iwatani": P("directory.person", (), (IWATANI,)),
    "person:liupanshui": P("directory.person", (PAIRING,), (KIWI,), ("520200",)),
    "position:nidec": P("directory.position", (), (NIDEC,)),
    "position:liupanshui": P("directory.position", (), (KIWI,), ("520200",)),
    # events, by program and venue
    "event:ceremony": P("events.event", (DALIAN_ZONE,), regions=("210213",)),
    "event:symposium": P("events.event", (PAIRING,), regions=("210200",)),
    "event:tianjin": P("events.event", (TIANJIN_ZONE,), regions=("120116",)),
    "participation:symposium": P("events.participation", (PAIRING,), (KIWI,), ("210200",)),
    "participation:tianjin": P("events.participation", (TIANJIN_ZONE,), regions=("120116",)),
    # every agreement of the source, by program, parties and the parties' regions
    "agreement:1": P("events.agreement", (DALIAN_ZONE,), (NIDEC,)),
    "agreement:2": P(
        "events.agreement", (DALIAN_ZONE,), (HONDA_CHINA, NEUSOFT_REACH)
    ),  # neither has a region
    "agreement:3": P("events.agreement", (DALIAN_ZONE,), (NIDEC_GUANGZHOU,), ("440100",)),
    "agreement:4": P("events.agreement", (DALIAN_ZONE,), (RUIHUAN,)),
    "agreement:5": P("events.agreement", (DALIAN_ZONE,)),
    "agreement:6": P("events.agreement", (DALIAN_ZONE,), (JINPU, ORIX_CHINA), ("210213",)),
    "agreement:7": P("events.agreement", (DALIAN_ZONE,), (JINPU, MIZUHO), ("210213",)),
    "agreement:8": P("events.agreement", (DALIAN_ZONE,), (IWATANI,)),
    "agreement:kiwi": P("events.agreement", (PAIRING,), (DASHANG_FRUIT, KIWI), ("210200", "520200")),
    "agreement:specialties": P(
        "events.agreement", (PAIRING,), (HUASHENG, YUNSHANG), ("210200", "520200")
    ),
    "agreement:noodles": P("events.agreement", (PAIRING,), (QIANHUO, YANJIAO), ("210200", "520203")),
    "agreement:tianjin": P("events.agreement", (TIANJIN_ZONE,)),
    "agreementparty:7-mizuho": P("events.agreementparty", (DALIAN_ZONE,), (MIZUHO,)),
    "agreementparty:7-jinpu": P("events.agreementparty", (DALIAN_ZONE,), (JINPU,), ("210213",)),
    "agreementparty:kiwi": P("events.agreementparty", (PAIRING,), (KIWI,), ("520200",)),
    # every project: the six of the Dalian zone and the ones made for these tests
    "project:nidec": P("projects.project", (DALIAN_ZONE,), (NIDEC,), ("210200",)),
    "project:honda": P("projects.project", (DALIAN_ZONE,), (HONDA_CHINA, NEUSOFT_REACH), ("210200",)),
    "project:nidec-guangzhou": P(
        "projects.project",
        (DALIAN_ZONE,),
        (NIDEC_GUANGZHOU, NIDEC_GUANGZHOU_DALIAN),
        ("210200",),
    ),
    "project:ruihuan": P("projects.project", (DALIAN_ZONE,), (RUIHUAN,), ("210200",)),
    "project:supermarket": P("projects.project", (DALIAN_ZONE,), (), ("210200",)),
    "project:iwatani": P("projects.project", (DALIAN_ZONE,), (IWATANI,), ("210200",)),
    "project:mizuho": P("projects.project", (DALIAN_ZONE,), (MIZUHO,), ("210213",)),
    "project:tianjin": P("projects.project", (TIANJIN_ZONE,), (ORIX_CHINA,), ("120116",)),
    "project:liuzhi": P("projects.project", (PAIRING,), (YANJIAO,), ("520203",)),
    "project:dashang": P("projects.project", (PAIRING,), (DASHANG_FRUIT,), ("210200",)),
    "project:anshun": P("projects.project", (OTHER_PAIRING,), (HUASHENG,), ("520402",)),
    "projectparty:nidec": P("projects.projectparty", (DALIAN_ZONE,), (NIDEC,), ("210200",)),
    "projectparty:iwatani": P("projects.projectparty", (DALIAN_ZONE,), (IWATANI,), ("210200",)),
    "projectparty:liuzhi": P("projects.projectparty", (PAIRING,), (YANJIAO,), ("520203",)),
}

#: The group of the role matrix each kind of record falls under (hezuo.core.access.Group).
GROUPS: dict[str, Group] = {
    "regions.region": Group.REFERENCE,
    "regions.industrydirection": Group.REFERENCE,
    "directory.industryclass": Group.REFERENCE,
    "events.sourcedocument": Group.REFERENCE,
    "regions.program": Group.PROGRAMS,
    "regions.programparty": Group.PROGRAMS,
    "regions.subarea": Group.PROGRAMS,
    "regions.programtopic": Group.PROGRAMS,
    "directory.organisation": Group.DIRECTORY,
    "directory.organisationalias": Group.DIRECTORY,
    "directory.person": Group.PEOPLE,
    "directory.position": Group.PEOPLE,
    "events.event": Group.EVENTS,
    "events.participation": Group.EVENTS,
    "events.agreement": Group.AGREEMENTS,
    "events.agreementparty": Group.AGREEMENTS,
    "projects.project": Group.PROJECTS,
    "projects.projectparty": Group.PROJECTS,
    "accounts.auditentry": Group.AUDIT,
}


# --- what the matrix says ----------------------------------------------------------------------


def programs_within(code: str | None) -> set[str]:
    """Return ``code`` and every program below it."""
    if code is None:
        return set()
    found = {code}
    changed = True
    while changed:
        below = {child for child, parent in PROGRAM_PARENTS.items() if parent in found}
        changed = not below <= found
        found |= below
    return found


def organisations_within(name: str | None) -> set[str]:
    """Return ``name`` and its subsidiaries and branches, at any depth."""
    if name is None:
        return set()
    found = {name}
    changed = True
    while changed:
        below = {child for child, parent in ORGANISATION_PARENTS.items() if parent in found}
        changed = not below <= found
        found |= below
    return found


def inside(code: str, area: str) -> bool:
    """Return whether the division ``code`` lies in ``area`` (520203 lies in 520200 and 520000)."""
    stem = area
    while stem.endswith("00") and len(stem) > 2:
        stem = stem[:-2]
    return code.startswith(stem)


def scope_of(member: Member, group: Group, action: Action) -> Scope | None:
    return MATRIX[member.role].get(group, {}).get(action)


def allows(member: Member, action: Action, model: str, record: Owned | None = None) -> bool:
    """Return whether ``member`` may ``action`` ``record`` (or, without one, some record)."""
    if member.superuser:
        return True
    scope = scope_of(member, GROUPS[model], action)
    if scope is None:
        return False
    if record is None or scope == Scope.ALL:
        return True
    if scope == Scope.PROGRAM:
        return bool(record.programs & programs_within(member.program))
    if scope == Scope.ORGANISATION:
        return bool(record.organisations & organisations_within(member.organisation))
    if scope == Scope.REGION:
        return any(inside(code, area) for code in record.regions for area in member.regions)
    raise AssertionError(scope)


def targets(model: str) -> list[str]:
    """Return the keys of the test records of ``model``."""
    return [key for key, rec in RECORDS.items() if rec.model == model]
