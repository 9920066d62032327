"""Each kind of audit detail reads as words in the reader's language (page and export alike)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from hezuo.accounts.audit_text import AuditText
from hezuo.accounts.choices import Role
from hezuo.directory.models import Organisation

pytestmark = pytest.mark.django_db


def words(object_type: str = "", **detail: object) -> str:
    entry = SimpleNamespace(object_type=object_type, object_ids=[], action="x", detail=detail)
    return AuditText().detail(entry)


def test_details_in_chinese() -> None:
    organisation = Organisation.objects.order_by("pk").first()
    with translation.override("zh-hans"):
        granted = words(
            "accounts.membership",
            change="granted",
            member="tanaka",
            role="zone_admin",
            organisation=organisation.pk,
            program=None,
        )
        role = Role("zone_admin").label
        assert granted == f"变更：授予；用户：tanaka；角色：{role}；机构：{organisation}"
        privileges = words("auth.user", member="x", changed={"is_staff": [False, True]})
        assert "是" in privileges and "否" in privileges and "is_staff" not in privileges
        assert (
            words(change="enabled", method="totp") == "变更：已启用；方式：身份验证器应用（TOTP）"
        )
        assert words(failures=5, cool_off_minutes=15) == "失败次数：5；锁定时长（分钟）：15"
        listed = words(
            "projects.project", format="csv", rows=2, filters={"q": "大连", "stage": "signed"}
        )
        assert listed.startswith("格式：CSV；行数：2；筛选条件：搜索 = 大连")
        assert "stage" not in listed


def test_details_in_japanese() -> None:
    with translation.override("ja"):
        assert words(format="xlsx", rows=3, refused=True) == "形式：XLSX；行数：3；拒否：はい"


def test_the_personal_fields_a_download_held_clear_are_named() -> None:
    with translation.override("zh-hans"):
        text = words("directory.person", format="csv", rows=1, unmasked=["id_number", "phone"])
    assert text.startswith("格式：CSV；行数：1；未遮蔽的个人信息：")
    assert "id_number" not in text and "phone" not in text
