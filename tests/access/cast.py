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

from stdnum.cn import ric

from hezuo.core.access import MATRIX, Action, Group, Role, Scope
from tests.world import (
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
    NIDEC,
    NIDEC_DALIAN,
    NIDEC_GUANGZHOU,
    NIDEC_GUANGZHOU_DALIAN,
    ORIX,
    ORIX_CHINA,
    PAIRING,
    PROVINCIAL_PAIRING,
    QIANHUO,
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
    Member("assisted@520200", Role.ASSISTED_OFFICE, "right", program=PAIRING, regions=("520200",)),
    Member("assisted@520300", Role.ASSISTED_OFFICE, "wrong", program=PAIRING, regions=("520300",)),
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


# --- personal data of the test people -----------------------------------------------------


def resident_id(region: str, birth: str) -> str:
    """Return a valid GB 11643 number registered in ``region``, born on ``birth``, ending in X.

    The X makes the masked form (first and last four kept) easy to recognise.
    """
    for sequence in range(100, 1000):
        body = f"{region}{birth}{sequence}"
        # calc_check_digit skips the last character: give it a placeholder
        if ric.calc_check_digit(body + "X") == "X":
            return body + "X"
    raise AssertionError("no sequence gives a check character X")


#: Personal data of the test people (GB 11643 numbers with a correct check character).
NIDEC_PHONE = "13812345678"
NIDEC_ID = resident_id("210213", "19850412")
LIUPANSHUI_PHONE = "13698765432"
LIUPANSHUI_ID = resident_id("520203", "19900307")
IWATANI_PHONE = "13900001111"


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


#: Every record the matrix looks at, by key (conftest.py finds or makes each one).
RECORDS: dict[str, Owned] = {
    # reference data: everybody reads it, only the system administrator changes it
    "region:jinzhou": owned("regions.region", regions=("210213",)),
    "direction:new-materials": owned("regions.industrydirection"),
    "industryclass:C": owned("directory.industryclass"),
    "source:dalian-evening-news": owned("events.sourcedocument"),
    # programs: the program is itself; its host region is where it is
    "program:dalian-zone": owned("regions.program", (DALIAN_ZONE,), regions=("210200",)),
    "program:tianjin-zone": owned("regions.program", (TIANJIN_ZONE,), regions=("120000",)),
    "program:dalian-liupanshui": owned("regions.program", (PAIRING,)),
    "program:qingdao-anshun": owned("regions.program", (OTHER_PAIRING,)),
    "subarea:xizhongdao": owned("regions.subarea", (DALIAN_ZONE,)),
    "subarea:binhai": owned("regions.subarea", (TIANJIN_ZONE,), regions=("120116",)),
    "programparty:dalian-host": owned("regions.programparty", (DALIAN_ZONE,), regions=("210200",)),
    "programparty:tianjin-host": owned(
        "regions.programparty", (TIANJIN_ZONE,), regions=("120000",)
    ),
    "programtopic:dalian-platform": owned("regions.programtopic", (DALIAN_ZONE,)),
    "programtopic:pairing-line": owned("regions.programtopic", (PAIRING,)),
    # organisations and their aliases
    "organisation:nidec-dalian": owned("directory.organisation", (), (NIDEC_DALIAN,), ("210200",)),
    "organisation:iwatani": owned("directory.organisation", (), (IWATANI,)),
    "organisation:mizuho": owned("directory.organisation", (), (MIZUHO,)),
    "organisation:kiwi": owned("directory.organisation", (), (KIWI,), ("520200",)),
    "organisation:dashang-fruit": owned(
        "directory.organisation", (), (DASHANG_FRUIT,), ("210200",)
    ),
    "organisation:huasheng": owned("directory.organisation", (), (HUASHENG,), ("210200",)),
    "alias:nidec": owned("directory.organisationalias", (), (NIDEC,)),
    "alias:iwatani": owned("directory.organisationalias", (), (IWATANI,)),
    "alias:kiwi": owned("directory.organisationalias", (), (KIWI,), ("520200",)),
    # people, by their employer (and its region) and the events they took part in
    "person:nidec": owned("directory.person", (), (NIDEC,)),
    "person:iwatani": owned("directory.person", (), (IWATANI,)),
    "person:liupanshui": owned("directory.person", (PAIRING,), (KIWI,), ("520200",)),
    "position:nidec": owned("directory.position", (), (NIDEC,)),
    "position:liupanshui": owned("directory.position", (), (KIWI,), ("520200",)),
    # events, by program and venue (who took part is left out: no role's rights on events go
    # by organisation)
    "event:ceremony": owned("events.event", (DALIAN_ZONE,), regions=("210213",)),
    "event:symposium": owned("events.event", (PAIRING,), regions=("210200",)),
    "event:tianjin": owned("events.event", (TIANJIN_ZONE,), regions=("120116",)),
    "participation:symposium": owned("events.participation", (PAIRING,), (KIWI,), ("210200",)),
    "participation:tianjin": owned("events.participation", (TIANJIN_ZONE,), regions=("120116",)),
    # agreements, by program, parties and the parties' regions (test_matrix also judges every
    # agreement and project of the database by its own fields)
    "agreement:1": owned("events.agreement", (DALIAN_ZONE,), (NIDEC,)),
    "agreement:3": owned("events.agreement", (DALIAN_ZONE,), (NIDEC_GUANGZHOU,), ("440100",)),
    "agreement:6": owned("events.agreement", (DALIAN_ZONE,), (JINPU, ORIX_CHINA), ("210213",)),
    "agreement:7": owned("events.agreement", (DALIAN_ZONE,), (JINPU, MIZUHO), ("210213",)),
    "agreement:8": owned("events.agreement", (DALIAN_ZONE,), (IWATANI,)),
    "agreement:kiwi": owned(
        "events.agreement", (PAIRING,), (DASHANG_FRUIT, KIWI), ("210200", "520200")
    ),
    "agreement:specialties": owned(
        "events.agreement", (PAIRING,), (HUASHENG, YUNSHANG), ("210200", "520200")
    ),
    "agreement:noodles": owned(
        "events.agreement", (PAIRING,), (QIANHUO, YANJIAO), ("210200", "520203")
    ),
    "agreement:tianjin": owned("events.agreement", (TIANJIN_ZONE,)),
    # a party of an agreement (or project) belongs with its agreement: whoever sees the agreement
    # sees who its parties are
    "agreementparty:7-mizuho": owned(
        "events.agreementparty", (DALIAN_ZONE,), (JINPU, MIZUHO), ("210213",)
    ),
    "agreementparty:7-jinpu": owned(
        "events.agreementparty", (DALIAN_ZONE,), (JINPU, MIZUHO), ("210213",)
    ),
    "agreementparty:kiwi": owned(
        "events.agreementparty", (PAIRING,), (DASHANG_FRUIT, KIWI), ("210200", "520200")
    ),
    # projects: of the Dalian zone (from the source) and made for these tests
    "project:nidec": owned("projects.project", (DALIAN_ZONE,), (NIDEC,), ("210200",)),
    "project:nidec-guangzhou": owned(
        "projects.project",
        (DALIAN_ZONE,),
        (NIDEC_GUANGZHOU, NIDEC_GUANGZHOU_DALIAN),
        ("210200",),
    ),
    "project:iwatani": owned("projects.project", (DALIAN_ZONE,), (IWATANI,), ("210200",)),
    "project:mizuho": owned("projects.project", (DALIAN_ZONE,), (MIZUHO,), ("210213",)),
    "project:tianjin": owned("projects.project", (TIANJIN_ZONE,), (ORIX_CHINA,), ("120116",)),
    "project:liuzhi": owned("projects.project", (PAIRING,), (YANJIAO,), ("520203",)),
    "project:dashang": owned("projects.project", (PAIRING,), (DASHANG_FRUIT,), ("210200",)),
    "project:anshun": owned("projects.project", (OTHER_PAIRING,), (HUASHENG,), ("520402",)),
    "projectparty:nidec": owned("projects.projectparty", (DALIAN_ZONE,), (NIDEC,), ("210200",)),
    "projectparty:iwatani": owned("projects.projectparty", (DALIAN_ZONE,), (IWATANI,), ("210200",)),
    "projectparty:liuzhi": owned("projects.projectparty", (PAIRING,), (YANJIAO,), ("520203",)),
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


# The assistance ledger's records (tests/assistance/records.py).
from tests.assistance.records import ACCESS_GROUPS, ACCESS_RECORDS  # noqa: E402

RECORDS.update({key: owned(*spec) for key, spec in ACCESS_RECORDS.items()})
GROUPS.update({label: Group(group) for label, group in ACCESS_GROUPS.items()})

# The life-cycle records of projects (tests/projects/access_records.py).
from tests.projects import access_records as project_records  # noqa: E402

RECORDS.update({key: owned(*spec) for key, spec in project_records.ACCESS_RECORDS.items()})
GROUPS.update({label: Group(group) for label, group in project_records.ACCESS_GROUPS.items()})

# The support policies and applications (tests/policies/access_records.py).
from tests.policies import access_records as policy_records  # noqa: E402

RECORDS.update({key: owned(*spec) for key, spec in policy_records.ACCESS_RECORDS.items()})
GROUPS.update({label: Group(group) for label, group in policy_records.ACCESS_GROUPS.items()})

# The matchmaking desk's opportunities (tests/matchdesk/records.py).
from tests.matchdesk import records as matching_records  # noqa: E402

RECORDS.update({key: owned(*spec) for key, spec in matching_records.ACCESS_RECORDS.items()})
GROUPS.update({label: Group(group) for label, group in matching_records.ACCESS_GROUPS.items()})

# Brokerage events (tests/brokerage/access_records.py).
from tests.brokerage import access_records as brokerage_records  # noqa: E402

RECORDS.update({key: owned(*spec) for key, spec in brokerage_records.ACCESS_RECORDS.items()})
GROUPS.update({label: Group(group) for label, group in brokerage_records.ACCESS_GROUPS.items()})


# --- what a role sees of a household --------------------------------------------------------


#: What a reader of a household's member who may not see its personal data is shown instead of
#: the person's data, from the rules themselves (not from the code): of a GB 11643 number only
#: the province, its first two digits (the village already tells them; every other digit, with
#: the birth date, would let the number be rebuilt); the birth date only as its decade; neither
#: the sex (digit 17 of the number) nor a health cause of hardship (医疗健康, sensitive personal
#: information: PIPL art. 28).
def masked_resident_id(number: str) -> str:
    return number[:2] + "*" * (len(number) - 2)


def masked_birth_date(iso: str) -> str:
    return iso[:3] + "*-**-**"


def sees_household(member: Member, key: str = "household:qinglong") -> bool:
    """Whether ``member`` may know a household by its number and status: only by reading the
    household itself, never through the placements, jobs or figures it reads otherwise."""
    return allows(member, Action.VIEW, RECORDS[key].model, RECORDS[key])


def targets(model: str) -> list[str]:
    """Return the keys of the test records of ``model``."""
    return [key for key, rec in RECORDS.items() if rec.model == model]
