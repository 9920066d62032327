"""The demo's opportunities (hezuo.demo.matching, without the synthetic layer) and members of
Iwatani and of Jinpu, so that both sides of the hydrogen pair can be played (the zone's staff
may act for both, so they always see who is behind an opportunity of their program)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from hezuo.accounts.models import Membership
from hezuo.core.access import Role
from hezuo.demo.matching import build_matching
from hezuo.demo.world import DALIAN_ZONE, IWATANI, JINPU
from hezuo.directory.models import Organisation
from hezuo.matchdesk.models import Opportunity
from hezuo.regions.models import Program


def by_title(title: str) -> Opportunity:
    return Opportunity.objects.get(title=title)


@pytest.fixture
def world(db) -> SimpleNamespace:
    build_matching(scale=0)
    users = get_user_model().objects
    for username, organisation in (("iwatani-member", IWATANI), ("jinpu-member", JINPU)):
        Membership.objects.create(
            user=users.create_user(username, password="x"),
            role=Role.ENTERPRISE,
            organisation=Organisation.objects.get(name_zh_hans=organisation, is_synthetic=False),
            program=Program.objects.get(code=DALIAN_ZONE),
        )
    named: dict[str, Any] = {u.username: u for u in users.all()}
    return SimpleNamespace(
        users=named,
        org=lambda name: Organisation.objects.get(name_zh_hans=name, is_synthetic=False),
        zone=Program.objects.get(code=DALIAN_ZONE),
        hydrogen_request=by_title("西中岛氢能利用技术需求"),  # 金普新区, zh
        hydrogen_offer=by_title("水素ステーションと燃料電池の技術"),  # 岩谷, ja
        fuel_cell_offer=by_title("燃料电池汽车控制器与氢能电池管理技术"),  # 东软睿驰, zh
        motor_offer=by_title("精密モーターと駆動制御の技術提供"),  # Nidec, ja
        motor_request=by_title("寻求车用电机驱动与控制技术合作"),  # 东软睿驰, zh
        kiwi=by_title("六盘水红心猕猴桃供应"),
        fruit=by_title("采购贵州猕猴桃鲜果"),
    )


@pytest.fixture
def as_user(client):
    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login
