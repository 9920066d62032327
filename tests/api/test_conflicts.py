"""Stale updates and deletes of records others depend on get 409, and change nothing."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hezuo.regions.models import Region


def test_stale_version_gives_409(api, records):
    path = f"/api/regions/{records.dalian.pk}/"
    read = records.dalian.version
    first = api.patch(path, {"name_en": "Dalian 1", "version": read}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == read + 1

    second = api.patch(path, {"name_en": "Dalian 2", "version": read}, format="json")
    assert second.status_code == 409
    body = second.json()
    assert body["version"] == read + 1
    assert body["sent_version"] == read
    assert body["code"] == "version_conflict"
    assert isinstance(body["detail"], str) and body["detail"]
    records.dalian.refresh_from_db()
    assert (records.dalian.name_en, records.dalian.version) == ("Dalian 1", read + 1)


def test_stale_version_on_put_gives_409(api, records):
    read = records.maker.version
    records.maker.name_en = "Apitest Motors Corporation"
    records.maker.save()  # someone else's change
    response = api.put(
        f"/api/organisations/{records.maker.pk}/",
        {"kind": "enterprise", "country": "JP", "name_zh_hans": "改名", "version": read},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["version"] == read + 1
    records.maker.refresh_from_db()
    assert records.maker.name_zh_hans == "接口测试电产"


def test_stale_version_on_a_child_record_gives_409(api, records):
    read = records.alias.version
    records.alias.save()
    response = api.patch(
        f"/api/organisation-aliases/{records.alias.pk}/",
        {"name": "接口测试别名", "version": read},
        format="json",
    )
    assert response.status_code == 409


def test_conflict_is_checked_before_validation(api, records):
    read = records.agreement.version
    records.agreement.save()
    response = api.patch(
        f"/api/agreements/{records.agreement.pk}/",
        {"currency": "XYZ", "version": read},
        format="json",
    )
    assert response.status_code == 409


def test_version_that_is_not_a_number_is_refused(api, records):
    response = api.patch(
        f"/api/regions/{records.dalian.pk}/", {"name_en": "x", "version": "two"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_conflict_message_in_japanese_is_a_string(api, records):
    read = records.dalian.version
    records.dalian.save()
    response = api.patch(
        f"/api/regions/{records.dalian.pk}/",
        {"name_en": "x", "version": read},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 409
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_deleting_a_region_with_children_gives_409(api, records):
    response = api.delete(f"/api/regions/{records.liaoning.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "protected"
    assert body["count"] >= len(body["dependants"]) >= 1
    assert all(isinstance(d, str) and d for d in body["dependants"])
    assert any("210200" in d for d in body["dependants"])
    assert isinstance(body["detail"], str) and body["detail"]
    assert Region.objects.filter(pk=records.liaoning.pk).exists()


def test_deleting_a_region_others_use_names_them_all(api, records):
    response = api.delete(f"/api/regions/{records.place.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["count"] == 2
    dependants = " | ".join(body["dependants"])
    assert "接口测试电产" in dependants
    assert "接口测试签约仪式" in dependants
    assert Region.objects.filter(pk=records.place.pk).exists()


def test_deleting_an_organisation_in_a_project_gives_409(api, records):
    response = api.delete(f"/api/organisations/{records.maker.pk}/")
    assert response.status_code == 409
    assert response.json()["dependants"]


def test_deleting_a_region_nobody_uses_works(api, records):
    for record in (records.maker, records.event):
        record.region = None
        record.save()
    assert api.delete(f"/api/regions/{records.place.pk}/").status_code == 204
    assert not Region.objects.filter(pk=records.place.pk).exists()


def test_update_reads_the_version_under_a_write_lock(api, records):
    """The version is compared on a row no concurrent update can change before this one ends."""
    with CaptureQueriesContext(connection) as queries:
        response = api.patch(
            f"/api/regions/{records.dalian.pk}/",
            {"name_en": "x", "version": records.dalian.version},
            format="json",
        )
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in s for s in sql)
    else:
        # SQLite: a no-op write takes the database lock, then the row is read again.
        lock = next(
            i
            for i, s in enumerate(sql)
            if s.startswith("UPDATE") and 'SET "version" = "regions_region"."version"' in s
        )
        assert any(
            s.startswith("SELECT") and '"regions_region"."version"' in s for s in sql[lock + 1 :]
        )
