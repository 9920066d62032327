"""``load_regions``, ``load_industries`` and ``demo``: what they load, and that re-runs change nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models.functions import Length
from django.utils import translation

from hezuo.directory.models import IndustryClass, Organisation
from hezuo.regions.management.commands.load_regions import default_source
from hezuo.regions.models import Region

from .conftest import HAS_INDUSTRY_TABLE

pytestmark = pytest.mark.django_db


def lines_starting_with(name: str, prefix: str) -> int:
    with (default_source() / name).open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.startswith(prefix))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_regions() -> None:
    output = run("load_regions")
    assert "Divisions loaded." in output
    assert Region.objects.filter(level="province", country="CN").count() == 31
    assert Region.objects.filter(level="city", country="CN").count() == 342
    liuzhi = Region.objects.get(code="520203")
    assert (liuzhi.name_zh_hans, liuzhi.level, liuzhi.parent.code) == (
        "六枝特区",
        "county",
        "520200",
    )
    assert Region.objects.get(code="520200").parent.code == "520000"
    assert Region.objects.get(code="210213").parent.code == "210200"
    heping = Region.objects.get(code="120101")
    assert heping.parent.code == "120100" and heping.parent.parent.code == "120000"
    # a city without counties is not repeated as its own county
    assert Region.objects.get(code="441900").level == "city"

    townships = Region.objects.filter(level="township")
    villages = Region.objects.filter(level="village")
    assert townships.count() == lines_starting_with("streets.csv", "5202")
    assert villages.count() == lines_starting_with("villages.csv", "5202")
    assert villages.exclude(code__startswith="5202").count() == 0
    lengths = set(villages.annotate(n=Length("code")).values_list("n", flat=True))
    assert lengths == {12}
    for village in villages.select_related("parent")[:200]:
        assert village.parent.level == "township"
        assert village.code[:9] == village.parent.code
    for township in townships.select_related("parent"):
        assert township.parent.code == township.code[:6]


def test_load_regions_is_idempotent() -> None:
    run("load_regions")
    rows, history = Region.objects.count(), Region.history.count()
    output = run("load_regions")
    assert Region.objects.count() == rows
    assert Region.history.count() == history
    assert "0 created,      0 updated" in output

    Region.objects.filter(code="520203").update(name_zh_hans="改错的名字")
    run("load_regions")
    assert Region.objects.get(code="520203").name_zh_hans == "六枝特区"
    assert Region.history.count() == history + 1


def test_load_regions_with_other_prefixes() -> None:
    run("load_regions", "--villages-under", "210212", "5202")
    villages = Region.objects.filter(level="village")
    assert villages.filter(code__startswith="210212").count() == lines_starting_with(
        "villages.csv", "210212"
    )
    assert not villages.filter(code__startswith="210211").exists()  # 甘井子区: not asked for


def test_load_regions_without_package(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="npm ci"):
        call_command("load_regions", "--source", str(tmp_path))


def test_load_regions_refuses_a_bad_prefix() -> None:
    with pytest.raises(CommandError, match="prefix"):
        call_command("load_regions", "--villages-under", "52x")


@pytest.mark.skipif(not HAS_INDUSTRY_TABLE, reason="hezuo.core.industry is not there yet")
def test_load_industries() -> None:
    from hezuo.core.industry import load_industry_table

    table = load_industry_table()
    run("load_industries")
    assert IndustryClass.objects.count() == len(table)
    rice = IndustryClass.objects.get(code="0111")
    assert rice.level == "class"
    assert [rice.parent.code, rice.parent.parent.code, rice.parent.parent.parent.code] == [
        "011",
        "01",
        "A",
    ]
    assert IndustryClass.objects.get(code="A").parent is None
    english = {e.code: e.name_en for e in table}
    assert IndustryClass.objects.get(code="C").name_en == english["C"] != ""
    assert not IndustryClass.objects.filter(level="division", parent__isnull=True).exists()

    history = IndustryClass.history.count()
    run("load_industries")
    assert IndustryClass.history.count() == history


@pytest.mark.skipif(not HAS_INDUSTRY_TABLE, reason="hezuo.core.industry is not there yet")
def test_load_industries_reload_restores_the_tables_names() -> None:
    from hezuo.core.industry import load_industry_table

    english = {e.code: e.name_en for e in load_industry_table()}
    run("load_industries")
    IndustryClass.objects.filter(code="C").update(name_en="edited", name_ja="編集")
    IndustryClass.objects.filter(code="3811").update(name_ja="x")
    history = IndustryClass.history.count()
    output = run("load_industries")
    assert "1 created" not in output
    manufacturing = IndustryClass.objects.get(code="C")
    assert (manufacturing.name_en, manufacturing.name_ja) == (english["C"], "")
    assert IndustryClass.objects.get(code="3811").name_ja == ""
    assert IndustryClass.history.count() == history + 2  # the two rows put back, nothing else


@pytest.mark.skipif(not HAS_INDUSTRY_TABLE, reason="hezuo.core.industry is not there yet")
@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh-hans", "3811 发电机及发电机组制造"),
        ("en", "3811 发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus"),
        ("ja", "3811 发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus"),
    ],
)
def test_industry_class_without_a_name_in_the_users_language(lang: str, shown: str) -> None:
    # ja/en users never get a bare Chinese list: the nearest sourced name above is shown too.
    generator = IndustryClass(code="3811", level="class", name_zh_hans="发电机及发电机组制造")
    with translation.override(lang):
        assert str(generator) == shown


@pytest.mark.skipif(not HAS_INDUSTRY_TABLE, reason="hezuo.core.industry is not there yet")
def test_industry_class_own_names_win() -> None:
    manufacturing = IndustryClass(code="C", name_zh_hans="制造业", name_en="Manufacturing")
    with translation.override("en"):
        assert manufacturing.name == "Manufacturing"
    with translation.override("ja"):
        assert manufacturing.name == "制造业 — Manufacturing"
    manufacturing.name_ja = "製造業"
    with translation.override("ja"):
        assert manufacturing.name == "製造業"
    with translation.override("zh-hans"):
        assert manufacturing.name == "制造业"
    # a code the standard does not have (hand-made record): the plain fallback of NamedModel
    odd = IndustryClass(code="9999", name_zh_hans="其他")
    with translation.override("en"):
        assert odd.name == "其他"


def test_demo_command() -> None:
    output = run("demo", "--scale", "0")
    assert "Logins" in output and "hezuo-demo" in output
    assert Region.objects.filter(level="county").count() > 2800
    assert Organisation.objects.filter(is_synthetic=False).count() > 30
    assert not Organisation.objects.filter(is_synthetic=True).exists()
    if HAS_INDUSTRY_TABLE:
        assert IndustryClass.objects.count() > 1000
    regions = Region.objects.count()
    run("demo", "--scale", "0", "--keep")
    assert Region.objects.count() == regions
