"""Fixtures of the zone desk's tests: those of the project tests (the zone, its projects, the
named users, the loaded rates), and an API client per user."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.projects.conftest import (  # noqa: F401  (fixtures used by the tests here)
    admin,
    enterprise,
    iwatani,
    iwatani_project,
    mail,
    make_member,
    media,
    new_project,
    nidec,
    nidec_project,
    officer,
    rates,
    user,
    xizhongdao,
    zone,
    zone_admin,
)


def api(username: str) -> APIClient:
    """An API client signed in as the demo user ``username``."""
    client = APIClient()
    client.force_authenticate(user(username))
    return client
