"""One rule for who sees an anonymous opportunity's owner, read by every reader alike: the list,
the page, its history, the API and the opportunities ledger's export (and its re-import).

Who may change the opportunity (its owner's members, the staff acting for it) sees the owner
everywhere, the list included; the read-only roles (leader, auditor) and other members never do,
until (for a member) both sides have expressed interest."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.imports.ledgers import get_ledger
from hezuo.imports.services import import_file

OWNER = "岩谷产业"
NAMES = (OWNER, "岩谷産業", "Iwatani")  # the owner in each reader's language


def named(text: str) -> bool:
    return any(name in text for name in NAMES)


@pytest.fixture
def offer(world):
    offer = world.hydrogen_offer
    offer.anonymous = True
    offer.text = "水素ステーションの建設運営と水素供給の技術を提供します。"  # without its name
    offer.save()
    return offer


def pages(world, username: str, as_user, offer) -> dict[str, str]:
    """What ``username`` reads about ``offer``: list, list export, page, API list and record."""
    client = as_user(world.users[username])
    listing = reverse("matching:opportunity_list") + "?kind=technology_offer"
    api = APIClient()
    api.force_authenticate(world.users[username])
    return {
        "list": client.get(listing).content.decode(),
        "list export": client.get(listing + "&export=csv").content.decode("utf-8-sig"),
        "page": client.get(offer.get_absolute_url()).content.decode(),
        "api list": api.get("/api/opportunities/?kind=technology_offer").content.decode(),
        "api record": api.get(f"/api/opportunities/{offer.pk}/").content.decode(),
    }


def ledger_rows(world, username: str, as_user) -> dict[int, dict[str, str]]:
    response = as_user(world.users[username]).get("/imports/opportunities/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {int(r["id"]): r for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}


@pytest.mark.parametrize("username", ["zone", "officer", "iwatani-member"])
def test_who_may_change_it_sees_the_owner_everywhere(world, as_user, offer, username):
    for where, text in pages(world, username, as_user, offer).items():
        assert named(text), where
    assert "bi-clock-history" in pages(world, username, as_user, offer)["page"]  # its history
    assert ledger_rows(world, username, as_user)[offer.pk]["owner"] == OWNER


@pytest.mark.parametrize("username", ["nidec", "leader", "auditor"])
def test_everyone_else_never_sees_it(world, as_user, offer, username):
    for where, text in pages(world, username, as_user, offer).items():
        assert offer.title in text or where == "api record", where
        assert not named(text), where
    assert 'id="history"' not in pages(world, username, as_user, offer)["page"]
    row = ledger_rows(world, username, as_user)[offer.pk]
    assert row["owner"] == "" and row["owner_person"] == "", row
    # a named opportunity keeps its owner in the same export
    assert ledger_rows(world, username, as_user)[world.motor_offer.pk]["owner"]


def test_the_export_round_trip(world, as_user, offer, tmp_path):
    """The owner's export names the owner: re-importing it changes nothing. A reader's export
    leaves the owner out: re-importing it does not take the owner away either."""
    ledger = get_ledger("opportunities")
    for username in ("iwatani-member", "nidec"):
        response = as_user(world.users[username]).get("/imports/opportunities/export.csv")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        result = import_file(
            ledger, io.BytesIO(body), file_name="opportunities.csv", user=world.users[username]
        )
        assert result.ok, (username, [e.__dict__ for e in result.errors][:3])
        assert result.created == 0 and result.updated == 0, username
        offer.refresh_from_db()
        assert offer.owner.name_zh_hans == OWNER


def test_revealed_after_mutual_interest_in_the_export_too(world, as_user, offer):
    from hezuo.matchdesk import services

    services.express_interest(
        acting_user=world.users["jinpu-member"],
        opportunity=world.hydrogen_request,
        counterpart=offer,
    )
    assert ledger_rows(world, "jinpu-member", as_user)[offer.pk]["owner"] == ""
    services.express_interest(
        acting_user=world.users["iwatani-member"],
        opportunity=offer,
        counterpart=world.hydrogen_request,
    )
    assert ledger_rows(world, "jinpu-member", as_user)[offer.pk]["owner"] == OWNER
    assert named(pages(world, "jinpu-member", as_user, offer)["list"])
