"""Model validation (reached the same way by forms, imports and the API) and history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hezuo.directory.models import Organisation, OrganisationAlias, Person, Position
from hezuo.events.models import Agreement, Event, Participation
from hezuo.projects.models import Project
from hezuo.regions.models import Program, Region, SubArea

pytestmark = pytest.mark.django_db


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


class TestRegion:
    def test_valid_county_under_city(self):
        r = Region(code="520203", name_zh_hans="六枝特区", parent=region("520200"), level="")
        r.full_clean(exclude=["code"])  # the code exists already; shape and parent are valid
        assert r.level == "county"

    def test_bad_shape_names_code(self):
        errors = errors_of(Region(code="52020", name_zh_hans="x", level="county"))
        assert "code" in errors

    def test_parent_must_contain_code(self):
        errors = errors_of(Region(code="210299", name_zh_hans="x", parent=region("520200")))
        assert "parent" in errors

    def test_level_must_match_code(self):
        errors = errors_of(
            Region(code="210298", name_zh_hans="x", level="province", parent=region("210200"))
        )
        assert "level" in errors

    def test_foreign_region_needs_iso_subdivision(self):
        errors = errors_of(Region(code="JP-99", country="JP", level="province", name_zh_hans="x"))
        assert "code" in errors
        ok = Region(code="JP-13", country="JP", level="province", name_zh_hans="东京都")
        ok.full_clean()

    def test_message_in_users_language(self):
        with translation.override("ja"):
            ja = errors_of(Region(code="52020", name_zh_hans="x"))["code"][0]
        with translation.override("en"):
            en = errors_of(Region(code="52020", name_zh_hans="x"))["code"][0]
        assert ja != en


class TestOrganisation:
    def test_bad_uscc_refused_with_field(self):
        org = Organisation(
            kind="enterprise", name_zh_hans="测试", country="CN", uscc="91110108551385082A"
        )
        assert "uscc" in errors_of(org)

    def test_good_uscc_normalised(self):
        org = Organisation(
            kind="enterprise", name_zh_hans="测试", country="CN", uscc=" 91110108551385082q"
        )
        org.full_clean()
        assert org.uscc == "91110108551385082Q"

    def test_corporate_number_only_for_japan(self):
        org = Organisation(
            kind="enterprise",
            name_zh_hans="测试",
            country="CN",
            jp_corporate_number="5835678256246",
        )
        assert "jp_corporate_number" in errors_of(org)

    def test_bad_country(self):
        assert "country" in errors_of(
            Organisation(kind="enterprise", name_zh_hans="x", country="XX")
        )

    def test_alias_finds_nidec(self):
        assert OrganisationAlias.objects.filter(name="Nidec").exists()


class TestEventsAndAgreements:
    def test_participation_position_must_be_the_persons(self):
        event = Event.objects.filter(participations__isnull=False).first()
        p1, p2 = Person.objects.filter(positions__isnull=False).distinct()[:2]
        part = Participation(
            event=event, person=p1, position=p2.positions.first(), parts=["attended"]
        )
        assert "position" in errors_of(part)

    def test_parts_must_be_known(self):
        event = Event.objects.first()
        person = Person.objects.exclude(participations__event=event).first()
        assert "parts" in errors_of(Participation(event=event, person=person, parts=["danced"]))
        assert "parts" in errors_of(Participation(event=event, person=person, parts=[]))

    def test_amount_needs_valid_currency(self):
        a = Agreement(kind="other", title_zh_hans="x", amount=Decimal("10"), currency="XYZ")
        assert "currency" in errors_of(a)
        b = Agreement(kind="other", title_zh_hans="x", amount=Decimal("10"))
        assert "currency" in errors_of(b)
        c = Agreement(kind="other", title_zh_hans="x", amount=Decimal("10"), currency="jpy")
        c.full_clean()
        assert c.currency == "JPY"


class TestProject:
    def test_sub_area_of_another_zone_refused(self):
        zone, other = Program.objects.filter(kind="zone")[:2]
        sub_area = SubArea.objects.filter(program=zone).first() or SubArea.objects.create(
            program=zone, code="t", name_zh_hans="t"
        )
        project = Project(
            code="T-1", title_zh_hans="t", program=other, sub_area=sub_area, stage="lead"
        )
        assert "sub_area" in errors_of(project)

    def test_unknown_stage_refused(self):
        project = Project(
            code="T-2", title_zh_hans="t", program=Program.objects.first(), stage="dreaming"
        )
        assert "stage" in errors_of(project)


class TestHistory:
    def test_every_change_is_kept_with_user_and_fields(self, admin_user):
        org = Organisation.objects.create(kind="enterprise", name_zh_hans="历史测试", country="CN")
        org.name_en = "History test"
        org._history_user = admin_user
        org.save()
        records = list(org.history.all())
        assert [r.history_type for r in records] == ["~", "+"]
        assert records[0].history_user == admin_user
        delta = records[0].diff_against(records[1])
        assert "name_en" in delta.changed_fields
        assert org.version == 2
        pk = org.pk
        org.delete()
        assert Organisation.history.filter(id=pk, history_type="-").exists()

    def test_position_history(self):
        person = Person.objects.create(name_zh_hans="测试人")
        Position.objects.create(person=person, title_zh_hans="职务")
        assert Position.history.filter(person_id=person.pk).count() == 1
