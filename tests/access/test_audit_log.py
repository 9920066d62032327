"""The audit log: what is written to it, and who may read, filter and export it at /audit/.

Logins, failed logins, permission changes, deletions, archivings, exports and unmasked displays
each leave an entry; auditors and administrators read them on the audit log page, filter them by
action and export them; every other role is refused (403), and the refusal is itself audited.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from hezuo.accounts.models import AuditEntry, Membership
from hezuo.core.access import Action
from hezuo.directory.models import Organisation
from hezuo.events.models import Agreement
from hezuo.projects.models import Project

from .cast import CAST, SUPERUSER, allows

AUDIT = reverse("audit_log")
#: Who may read the audit log, by the role matrix: the auditor, the system administrator.
READERS = [m for m in (*CAST, SUPERUSER) if allows(m, Action.VIEW, "accounts.auditentry")]
OTHERS = [m for m in CAST if m not in READERS]


def test_readers_are_the_auditor_and_the_administrators():
    assert {m.username for m in READERS} == {
        "auditor@hezuo",
        "system_admin@hezuo",
        "superuser@hezuo",
    }


def logged(page_as, reader: str = "auditor@hezuo", **query: str) -> list[AuditEntry]:
    """Return the entries the audit log page lists to ``reader`` with ``query``."""
    response = page_as(reader).get(AUDIT, query)
    assert response.status_code == 200
    return list(response.context["table"].data.data)


# --- what is written ---------------------------------------------------------------------------


#: A fast hasher for the login tests: they are about the audit log, not about PBKDF2's
#: million iterations (seconds a check on a busy CI core).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_login_and_failed_login_are_logged(client, page_as):
    user = get_user_model().objects.create_user("tanaka@nidec", password="correct horse")
    response = client.post(reverse("login"), {"username": "tanaka@nidec", "password": "wrong"})
    assert response.status_code == 200
    response = client.post(
        reverse("login"), {"username": "tanaka@nidec", "password": "correct horse"}
    )
    assert response.status_code == 302

    failed = logged(page_as, action="login_failed", q="tanaka@nidec")
    assert [e.username for e in failed] == ["tanaka@nidec"]
    assert failed[0].user is None  # nobody was authenticated
    logins = logged(page_as, action="login", q="tanaka@nidec")
    assert [e.user for e in logins] == [user]
    assert logins[0].ip_address == "127.0.0.1"
    assert logins[0].path == reverse("login")


def test_membership_changes_are_logged(users, page_as):
    user = get_user_model().objects.create_user("new-officer@cn-jp-dalian")
    zone = users["zone_admin@cn-jp-dalian"].memberships.get().program
    membership = Membership.objects.create(user=user, role="promotion_officer", program=zone)
    membership.delete()

    entries = logged(page_as, "system_admin@hezuo", action="permission_change")
    details = [e.detail for e in entries if e.detail.get("member") == user.username]
    assert [d["change"] for d in details] == ["revoked", "granted"]  # newest first
    assert details[1]["role"] == "promotion_officer"
    assert details[1]["program"] == zone.pk


def test_superuser_flag_changes_are_logged(page_as):
    user = get_user_model().objects.create_user("promoted@hezuo")
    user.is_superuser = True
    user.save()
    entries = logged(page_as, action="permission_change", q="")
    entry = next(e for e in entries if e.detail.get("member") == "promoted@hezuo")
    assert entry.detail["changed"] == {"is_superuser": [False, True]}
    assert entry.object_ids == [str(user.pk)]


def test_deletion_is_logged(page_as, users):
    org = Organisation.objects.create(kind="other", name_zh_hans="待删除协会", country="CN")
    url = reverse("directory:organisation_delete", args=[org.pk])
    assert page_as("system_admin@hezuo").post(url).status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()

    entry = logged(page_as, action="delete")[0]
    assert entry.object_type == "directory.organisation"
    assert entry.object_ids == [str(org.pk)]
    assert entry.user == users["system_admin@hezuo"]
    assert entry.detail == {"name": "待删除协会"}


def test_project_is_archived_with_a_reason_not_deleted(page_as, records, users):
    project = records["project:iwatani"]
    url = reverse("projects:project_delete", args=[project.pk])
    zone_admin = page_as("zone_admin@cn-jp-dalian")

    response = zone_admin.post(url, {"reason": "  "})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.archived_at is None

    response = zone_admin.post(url, {"reason": "投资方撤回"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.archived_at is not None and project.archive_reason == "投资方撤回"
    assert Project.objects.filter(pk=project.pk).exists()
    listed = zone_admin.get(reverse("projects:project_list")).context["table"].data.data
    assert project not in listed
    listed = zone_admin.get(reverse("projects:project_list"), {"archived": "1"})
    assert project in listed.context["table"].data.data

    entry = logged(page_as, action="archive")[0]
    assert (entry.object_type, entry.object_ids) == ("projects.project", [str(project.pk)])
    assert entry.reason == "投资方撤回"
    assert entry.user == users["zone_admin@cn-jp-dalian"]


def test_agreement_is_archived_through_the_api_with_a_reason(api_as, page_as, records, users):
    agreement = records["agreement:8"]
    api = api_as("zone_admin@cn-jp-dalian")
    response = api.delete(f"/api/agreements/{agreement.pk}/")
    assert response.status_code == 400
    assert "reason" in response.json()

    response = api.delete(f"/api/agreements/{agreement.pk}/", {"reason": "重复录入"}, format="json")
    assert response.status_code == 204
    agreement.refresh_from_db()
    assert agreement.archive_reason == "重复录入"
    assert Agreement.objects.filter(pk=agreement.pk).exists()

    entry = logged(page_as, "superuser@hezuo", action="archive")[0]
    assert (entry.object_type, entry.object_ids) == ("events.agreement", [str(agreement.pk)])
    assert entry.reason == "重复录入"
    assert entry.user == users["zone_admin@cn-jp-dalian"]


def test_exports_and_unmasked_views_are_in_the_log(page_as, records, users):
    nidec = page_as("enterprise@nidec")
    nidec.get(reverse("projects:project_list"), {"export": "csv"})
    nidec.get(records["person:nidec"].get_absolute_url())

    export = logged(page_as, action="export")[0]
    assert export.user == users["enterprise@nidec"]
    assert export.object_type == "projects.project"
    assert export.detail["rows"] == 2
    shown = logged(page_as, action="unmasked_view")[0]
    assert shown.user == users["enterprise@nidec"]
    assert (shown.object_type, shown.object_ids) == (
        "directory.person",
        [str(records["person:nidec"].pk)],
    )


# --- who reads it ------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [pytest.param(m, id=m.username) for m in READERS])
def test_readers_filter_the_log_by_action(reader, page_as):
    page_as("enterprise@nidec").get(reverse("projects:project_list"), {"export": "csv"})
    entries = logged(page_as, reader.username, action="export")
    assert entries and {e.action for e in entries} == {"export"}
    everything = logged(page_as, reader.username)
    assert len({e.action for e in everything}) > 1


@pytest.mark.parametrize("reader", [pytest.param(m, id=m.username) for m in READERS])
def test_readers_export_the_log_as_csv_and_the_export_is_logged(reader, page_as, users):
    page_as("financial@mizuho").get(reverse("projects:project_list"), {"export": "csv"})
    response = page_as(reader.username).get(AUDIT, {"action": "export", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 9 and body
    assert any("financial@mizuho" in row for row in body)
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.user == users[reader.username]
    assert entry.object_type == "accounts.auditentry"
    assert entry.detail["filters"] == {"action": "export"}
    assert entry.detail["rows"] == len(body)


@pytest.mark.parametrize("member", [pytest.param(m, id=m.username) for m in OTHERS])
def test_everyone_else_is_refused_and_the_refusal_is_logged(member, page_as, users):
    client = page_as(member.username)
    before = AuditEntry.objects.filter(action="access_denied").count()
    assert client.get(AUDIT).status_code == 403
    assert client.get(AUDIT, {"export": "csv"}).status_code == 403
    denied = AuditEntry.objects.filter(action="access_denied").order_by("pk")
    assert denied.count() == before + 2
    entry = denied.last()
    assert entry.user == users[member.username]
    assert entry.path == f"{AUDIT}?export=csv"
    assert entry.detail == {"method": "GET"}
    # …and the auditor finds the refusal
    assert entry in logged(page_as, action="access_denied")


def test_anonymous_is_sent_to_login(page_as):
    response = page_as("").get(AUDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
