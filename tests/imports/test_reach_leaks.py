"""Issue 14, item 4 (imports): nothing of a record beyond the importing user's reach is told.

An assisted office importing an ID number registered in a household of another district is
told only that the number cannot be used (not which household); an enterprise's preview of the
people ledger counts a person it cannot see exactly as a new one (no probing for ID numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from hezuo.assistance import models as m
from hezuo.base.access import may
from hezuo.core.access import Action
from hezuo.directory.models import Person
from hezuo.imports.messages import translate

from .helpers import PERSON_HEADERS, id_number, write_csv
from .test_imports2 import far, office  # noqa: F401 - the fixture
from .test_ledgers_more import records, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

LIUZHI_VILLAGE = "520203001001"


def test_an_id_number_held_beyond_reach_names_no_household(tmp_path: Path, far) -> None:  # noqa: F811
    household, _measure = far
    taken = id_number(951)
    m.HouseholdMember.objects.create(
        household=household, name="远方户主", id_number=taken, relation="head"
    )
    row = ["IMP-NEAR", taken, "测试", "head", LIUZHI_VILLAGE, "registered_poor", "6000", ""]
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, [row])
    liuzhi = office("liuzhi-office", "520203")
    result = run(path, "persons", user=liuzhi, dry_run=True)
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "id_number", "id_unusable")]
    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            message = translate(result.errors[0])
        assert "IMP-FAR" not in message and "520201" not in message
    # whoever may see that household is told where the number is registered
    admin = get_user_model().objects.get(username="admin")
    (error,) = run(path, "persons", user=admin, dry_run=True).errors
    assert error.code == "id_elsewhere" and error.params["household"] == "IMP-FAR"


def test_the_people_preview_does_not_tell_whether_a_hidden_person_exists(tmp_path: Path) -> None:
    nidec = get_user_model().objects.get(username="nidec")
    hidden = Person.objects.create(name_zh_hans="看不见的人", id_number=id_number(961))
    assert not Person.objects.restrict(nidec, Action.VIEW).filter(pk=hidden.pk).exists()
    assert may(nidec, Person, Action.ADD) or may(nidec, Person, Action.CHANGE)

    def preview(number: str) -> Any:
        path = write_csv(tmp_path / "people.csv", ["id_number", "name_zh_hans"], [[number, "某人"]])
        return run(path, "people", user=nidec, dry_run=True)

    held, fresh = preview(hidden.id_number), preview(id_number(962))
    assert (held.created, held.updated, held.unchanged, held.errors) == (1, 0, 0, [])
    assert (fresh.created, fresh.updated, fresh.unchanged, fresh.errors) == (1, 0, 0, [])
