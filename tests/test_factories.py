"""Every factory of tests/factories.py makes a record that passes its model's validation."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory_class", factories.ALL, ids=lambda f: f.__name__)
def test_record_is_valid(factory_class: type[factories.HezuoFactory]) -> None:
    record = factory_class()
    record.full_clean()
    assert record.pk is not None
    assert type(record)._default_manager.filter(pk=record.pk).exists()


def test_every_model_has_a_factory() -> None:
    """A model added to an app gets its factory here (historical copies have none)."""
    from django.apps import apps

    made = {f._meta.get_model_class() for f in factories.ALL}
    models = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("hezuo.") and not model.__name__.startswith("Historical")
    }
    assert sorted(m._meta.label for m in models - made) == []


def test_user_with_a_role() -> None:
    zone = factories.ProgramFactory()
    user = factories.UserFactory(role="zone_admin", role__program=zone)
    membership = user.memberships.get()
    membership.full_clean()
    assert (membership.role, membership.program, user.profile.language) == (
        "zone_admin",
        zone,
        "zh-hans",
    )
