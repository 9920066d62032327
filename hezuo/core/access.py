"""The role matrix: which role may do what with which group of records, and in which scope.

This table is the single source of truth: the Django layer enforces it (restricted querysets,
views, API) and the documentation's role matrix (docs/ROLES.md) is generated from it. Nothing
here imports Django.

A *scope* says which records of a group a membership reaches:

- ``all``: every record;
- ``program``: records of the membership's program (and the programs within it);
- ``organisation``: records that involve the membership's organisation (or its subsidiaries);
- ``region``: records located in the membership's regions (by GB/T 2260 code prefix).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Role(StrEnum):
    SYSTEM_ADMIN = "system_admin"
    ZONE_ADMIN = "zone_admin"
    PROMOTION_OFFICER = "promotion_officer"
    ENTERPRISE = "enterprise_member"
    FINANCIAL = "financial_member"
    DONOR_OFFICE = "donor_office"
    ASSISTED_OFFICE = "assisted_office"
    BUYER_SUPPLIER = "buyer_supplier"
    LEADER = "leader"
    AUDITOR = "auditor"


class Scope(StrEnum):
    ALL = "all"
    PROGRAM = "program"
    ORGANISATION = "organisation"
    REGION = "region"


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"  # for archivable records: archive
    PERSONAL = "personal"  # see personal data unmasked (each display is audited)


class Group(StrEnum):
    """Groups of records that share their access rules."""

    REFERENCE = "reference"  # regions, industry classes, industry directions, sources
    PROGRAMS = "programs"  # programs, their parties, sub-areas, topics
    DIRECTORY = "directory"  # organisations and their aliases
    PEOPLE = "people"  # people and positions (personal data: phone, ID number)
    EVENTS = "events"  # events and participations
    AGREEMENTS = "agreements"  # agreements and their parties
    PROJECTS = "projects"  # projects and their parties
    ASSISTANCE = "assistance"  # work ledger: targets, projects, funds, labour, exchanges
    HOUSEHOLDS = "households"  # households, members, measures, monitoring (personal)
    CONSUMPTION = "consumption"  # consumption assistance: products, procurement lines, deliveries
    MATCHING = "matching"  # opportunities (offers and requests) published for matchmaking
    INTRODUCTIONS = "introductions"  # suggestions, interests and meetings between two parties
    POLICIES = "policies"  # support policies and their eligibility rules (drafts: staff only)
    APPLICATIONS = "applications"  # applications for support policies, by enterprise
    AUDIT = "audit"  # the audit log
    USERS = "users"  # users, memberships and their roles


A, P, ORG, R = Scope.ALL, Scope.PROGRAM, Scope.ORGANISATION, Scope.REGION

Rules = dict[Action, Scope]


def rules(**by_action: Scope) -> Rules:
    return {Action(name): scope for name, scope in by_action.items()}


READ_ALL = rules(view=A)
PUBLIC = {Group.REFERENCE: READ_ALL, Group.PROGRAMS: READ_ALL, Group.DIRECTORY: READ_ALL}

#: role → group → action → scope. A missing entry means "not allowed".
MATRIX: dict[Role, dict[Group, Rules]] = {
    Role.SYSTEM_ADMIN: {
        group: rules(view=A, add=A, change=A, delete=A, personal=A) for group in Group
    },
    Role.ZONE_ADMIN: {
        **PUBLIC,
        Group.PROGRAMS: rules(view=A, add=P, change=P, delete=P),
        Group.DIRECTORY: rules(view=A, add=A, change=A),
        Group.PEOPLE: rules(view=A, add=A, change=A, personal=A),
        Group.EVENTS: rules(view=A, add=P, change=P, delete=P),
        Group.AGREEMENTS: rules(view=P, add=P, change=P, delete=P),
        Group.PROJECTS: rules(view=P, add=P, change=P, delete=P),
        Group.MATCHING: rules(view=A, add=P, change=P, delete=P),
        Group.INTRODUCTIONS: rules(view=P, add=P, change=P),
        Group.POLICIES: rules(view=A, add=P, change=P, delete=P),
        Group.APPLICATIONS: rules(view=P, add=P, change=P, delete=P),
    },
    Role.PROMOTION_OFFICER: {
        **PUBLIC,
        Group.DIRECTORY: rules(view=A, add=A, change=A),
        Group.PEOPLE: rules(view=A, add=A, change=A),
        Group.EVENTS: rules(view=A, add=P, change=P),
        Group.AGREEMENTS: rules(view=P, add=P, change=P),
        Group.PROJECTS: rules(view=P, add=P, change=P),
        Group.MATCHING: rules(view=A, add=P, change=P),
        Group.INTRODUCTIONS: rules(view=P, add=P, change=P),
        Group.POLICIES: rules(view=A, add=P, change=P),
        Group.APPLICATIONS: rules(view=P, add=P, change=P),
    },
    Role.ENTERPRISE: {
        **PUBLIC,
        Group.DIRECTORY: rules(view=A, change=ORG),
        Group.PEOPLE: rules(view=ORG, add=ORG, change=ORG, personal=ORG),
        Group.EVENTS: rules(view=A),
        Group.AGREEMENTS: rules(view=ORG),
        Group.PROJECTS: rules(view=ORG),
        # the market is open to every member; introductions only to their two parties
        Group.MATCHING: rules(view=A, add=ORG, change=ORG, delete=ORG),
        Group.INTRODUCTIONS: rules(view=ORG, add=ORG, change=ORG),
        # policies in force (drafts are hidden from readers); its own applications
        Group.POLICIES: rules(view=A),
        Group.APPLICATIONS: rules(view=ORG, add=ORG, change=ORG),
    },
    Role.FINANCIAL: {
        **PUBLIC,
        Group.DIRECTORY: rules(view=A, change=ORG),
        Group.PEOPLE: rules(view=ORG, add=ORG, change=ORG, personal=ORG),
        Group.EVENTS: rules(view=A),
        Group.AGREEMENTS: rules(view=ORG),
        Group.PROJECTS: rules(view=ORG),
        Group.MATCHING: rules(view=A, add=ORG, change=ORG, delete=ORG),
        Group.INTRODUCTIONS: rules(view=ORG, add=ORG, change=ORG),
        Group.POLICIES: rules(view=A),
        Group.APPLICATIONS: rules(view=ORG, add=ORG, change=ORG),
    },
    Role.DONOR_OFFICE: {
        **PUBLIC,
        Group.PROGRAMS: rules(view=A, change=P),
        Group.DIRECTORY: rules(view=A, add=A, change=A),
        Group.PEOPLE: rules(view=A, add=A, change=A),
        Group.EVENTS: rules(view=A, add=P, change=P, delete=P),
        Group.AGREEMENTS: rules(view=P, add=P, change=P, delete=P),
        Group.PROJECTS: rules(view=P, add=P, change=P, delete=P),
        # the donor side sees the ledger and household figures in aggregate, not households
        Group.ASSISTANCE: rules(view=P, add=P, change=P, delete=P),
        Group.CONSUMPTION: rules(view=P, add=P, change=P, delete=P),
        Group.MATCHING: rules(view=A, add=P, change=P, delete=P),
        Group.INTRODUCTIONS: rules(view=P, add=P, change=P),
    },
    Role.ASSISTED_OFFICE: {
        **PUBLIC,
        Group.DIRECTORY: rules(view=A, add=R, change=R),
        Group.PEOPLE: rules(view=R, add=R, change=R, personal=R),
        Group.EVENTS: rules(view=A, add=P, change=P),
        Group.AGREEMENTS: rules(view=P, add=R, change=R),
        Group.PROJECTS: rules(view=P, add=R, change=R),
        Group.ASSISTANCE: rules(view=P, add=R, change=R, delete=R),
        Group.HOUSEHOLDS: rules(view=R, add=R, change=R, delete=R, personal=R),
        Group.CONSUMPTION: rules(view=P, add=R, change=R, delete=R),
        Group.MATCHING: rules(view=A, add=R, change=R),
        Group.INTRODUCTIONS: rules(view=P),
    },
    Role.BUYER_SUPPLIER: {
        **PUBLIC,
        Group.DIRECTORY: rules(view=A, change=ORG),
        Group.PEOPLE: rules(view=ORG, add=ORG, change=ORG, personal=ORG),
        Group.EVENTS: rules(view=A),
        Group.AGREEMENTS: rules(view=ORG),
        Group.PROJECTS: rules(view=ORG),
        Group.CONSUMPTION: rules(view=P, add=ORG, change=ORG),
        Group.MATCHING: rules(view=A, add=ORG, change=ORG, delete=ORG),
        Group.INTRODUCTIONS: rules(view=ORG, add=ORG, change=ORG),
    },
    Role.LEADER: {group: READ_ALL for group in Group if group not in (Group.AUDIT, Group.USERS)},
    Role.AUDITOR: {group: READ_ALL for group in Group},
}

#: What a membership of each role must name, so that its scopes mean something.
ROLE_NEEDS: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(),
    Role.ZONE_ADMIN: frozenset({"program"}),
    Role.PROMOTION_OFFICER: frozenset({"program"}),
    Role.ENTERPRISE: frozenset({"organisation"}),
    Role.FINANCIAL: frozenset({"organisation"}),
    Role.DONOR_OFFICE: frozenset({"program"}),
    Role.ASSISTED_OFFICE: frozenset({"program", "regions"}),
    Role.BUYER_SUPPLIER: frozenset({"organisation"}),
    Role.LEADER: frozenset(),
    Role.AUDITOR: frozenset(),
}


def scope_for(role: Role | str, group: Group | str, action: Action | str) -> Scope | None:
    """Return the scope in which ``role`` may do ``action`` on ``group``, or None if it may not."""
    return MATRIX[Role(role)].get(Group(group), {}).get(Action(action))


def region_prefix(code: str) -> str:
    """Return the code prefix that every division inside ``code`` starts with.

    520000 (a province) → "52"; 520200 (a city) → "5202"; 520203 → "520203"; 9- and 12-digit
    codes are their own prefix.
    """
    if len(code) == 6 and code.isdigit():
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


#: What a masked value shows where nothing of the value may be told, not even its length (a
#: choice's label would give itself away by it: "疾病" and "残疾" or "male" and "female").
HIDDEN = "***"

#: Characters of a GB 11643-1999 resident ID number kept by the mask: the province (digits 1–2).
ID_KEPT = 2
#: The fewest ID numbers a masked role must be left to choose between for one person.
MIN_ID_CANDIDATES = 10**6


def mask_id_number(value: str) -> str:
    """Return an ID number with all but its first two characters (the province) hidden.

    GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence (its last digit
    odd for men), 1 check character. A masked role also sees the village (so the address code
    must count as known) and the birth date only as its decade (:func:`mask_birth_date`), sex
    and health not at all. What is left to guess is the birth day within ten years (3 652
    days) times the sequence (1 000): 3.65 million numbers per person, at least 1.8 million if
    the sex were known. Every further character shown divides that by 10 (the check
    character by 11), and the old mask (first four and last four, birth date in clear) left
    exactly one: the province is the only part that tells nothing the village does not.
    """
    if len(value) <= ID_KEPT * 4:
        return "*" * len(value)
    return value[:ID_KEPT] + "*" * (len(value) - ID_KEPT)


def mask_birth_date(value: date | str) -> str:
    """Return a birth date as its decade only (1980-05-17 → 198*-**-**).

    A decade, not an age band: a band moves with today, so watching the day a person passes
    into the next one would tell the birthday; the decade never moves. Anything that is no
    ISO date is hidden whole.
    """
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    if len(text) >= 4 and text[:4].isdigit():
        return text[:3] + "*-**-**"
    return HIDDEN


def mask_phone(value: str) -> str:
    """Return a phone number with the middle digits hidden (138****5678)."""
    digits = value.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 2
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


def matrix_markdown(labels: dict[str, str] | None = None) -> str:
    """Return the role matrix as a Markdown table (one row per role, one column per group)."""
    labels = labels or {}
    groups = list(Group)
    head = "| role | " + " | ".join(labels.get(g, g) for g in groups) + " |"
    lines = [head, "|" + "---|" * (len(groups) + 1)]
    for role in Role:
        cells = []
        for group in groups:
            granted = MATRIX[role].get(group, {})
            cell = ", ".join(f"{action} ({scope})" for action, scope in granted.items())
            cells.append(cell or "—")
        lines.append(f"| {labels.get(role, role)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
