"""`hezuo digest`: the day's overdue milestones, stuck projects and escalated enquiries, by e-mail
to the responsible organisation's members (or the zone administrators), in their language."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from hezuo.directory.models import Organisation
from hezuo.projects.choices import Stage
from hezuo.projects.services import add_milestone
from hezuo.reports.selectors import digests
from hezuo.zonedesk.services import record_enquiry

from .conftest import make_member

pytestmark = pytest.mark.django_db
DAY = date(2021, 3, 1)  # 189 days after the signing: every real project is stuck at signed


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("digest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def in_language(lang: str, text: str) -> str:
    with translation.override(lang):
        return gettext(text)


@pytest.fixture
def iwatani_member(iwatani: Any) -> Any:
    """A member of Iwatani who reads Japanese."""
    return make_member("iwatani_ja", role="enterprise_member", language="ja", organisation=iwatani)


@pytest.fixture
def milestone(iwatani_project: Any, iwatani: Any, officer: Any) -> Any:
    return add_milestone(
        project=iwatani_project,
        title_zh_hans="取得营业执照",
        title_ja="営業許可証の取得",
        planned_on=date(2021, 1, 31),
        owner=iwatani,
        acting_user=officer,
    )


def test_digest_content_recipients_and_languages(
    mail: Any, zone: Any, zone_admin: Any, officer: Any, iwatani_member: Any, milestone: Any
) -> None:
    enquiry = record_enquiry(
        program=zone,
        received_at=datetime(2021, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        question="氢能补贴政策怎么申请？",
        investor_name="示例氢能株式会社",
        officer=officer,
        acting_user=officer,
    )
    out, err = run(f"--date={DAY}")
    assert "1 enquiries escalated" in out
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"iwatani_ja@example.org", "zone@example.org", "officer@example.org"}

    # Iwatani's member, in Japanese: the overdue milestone of the project it owns, nothing else
    ja = by_to["iwatani_ja@example.org"]
    assert "営業許可証の取得" in ja.body and "DLZ-20200824-08" in ja.body
    assert in_language("ja", "Overdue milestones") in ja.body
    assert in_language("ja", "Stuck projects") not in ja.body
    assert "2021-01-31" in ja.body
    html = ja.alternatives[0][0]
    assert 'lang="ja"' in html and "営業許可証の取得" in html

    # the zone administrator, in Chinese: the six stuck projects and the escalated enquiry
    zh = by_to["zone@example.org"]
    assert in_language("zh-hans", "Stuck projects") in zh.body
    assert zh.body.count("DLZ-20200824-") == 6
    assert "签约" in zh.body  # the stage, in the recipient's language
    assert "示例氢能株式会社" in zh.body and "2021-02-25" in zh.body
    assert "2021-03-01" in zh.subject
    assert "取得营业执照" not in zh.body  # Iwatani's members were told: not the zone's concern

    # the officer (Japanese) is told about the enquiry left unanswered
    officer_mail = by_to["officer@example.org"]
    assert "示例氢能株式会社" in officer_mail.body
    with translation.override("ja"):
        assert str(Stage.SIGNED.label) not in officer_mail.body  # no stuck projects for them
    enquiry.refresh_from_db()
    assert enquiry.escalated_at is not None
    assert err == ""


def test_no_member_who_may_see_it_goes_to_zone_admins(
    mail: Any, zone_admin: Any, iwatani_project: Any, officer: Any
) -> None:
    # a milestone owned by an organisation none of whose members may see the project
    outsider = Organisation.objects.create(name_zh_hans="某设计院", kind="enterprise")
    make_member("designer", role="enterprise_member", language="en", organisation=outsider)
    add_milestone(
        project=iwatani_project,
        title_zh_hans="初步设计",
        planned_on=date(2021, 2, 1),
        owner=outsider,
        acting_user=officer,
    )
    found, undelivered = digests(on=DAY)
    users = {d.user.username: d for d in found}
    assert "designer" not in users
    assert [m.title_zh_hans for m in users["zone"].overdue] == ["初步设计"]
    assert undelivered == []


def test_nothing_due_nothing_sent(mail: Any, zone_admin: Any) -> None:
    out, _err = run("--date=2020-09-01")  # a week after the signing: nothing is late
    assert mail.outbox == []
    assert "0 messages sent" in out


def test_english_recipient(mail: Any, zone: Any, milestone: Any, iwatani: Any) -> None:
    make_member("iwatani_en", role="enterprise_member", language="en", organisation=iwatani)
    run(f"--date={DAY}")
    en = next(m for m in mail.outbox if m.to == ["iwatani_en@example.org"])
    assert "Overdue milestones" in en.body and "planned for 2021-01-31" in en.body
    assert "Hezuo digest for 2021-03-01" in en.subject


def test_dry_run_escalates_and_sends_nothing(mail: Any, zone_admin: Any) -> None:
    out, _err = run(f"--date={DAY}", "--dry-run")
    assert mail.outbox == []
    assert "0 messages sent" in out


def test_users_without_address_reported(mail: Any, zone_admin: Any) -> None:
    zone_admin.email = ""
    zone_admin.save()
    _out, err = run(f"--date={DAY}")
    assert "zone" in err and mail.outbox == []
