"""An officer adds a project by searching the region (three characters typed), picking industry
classes as tags, and adding the responsible organisation from the form (issue 14, item 18)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_officer_searches_a_region_and_adds_an_organisation_from_the_project_form(
    live_world,
    browser_page,
) -> None:
    from hezuo.directory.models import Organisation
    from hezuo.projects.models import Project
    from hezuo.regions.models import Program

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])

    page.goto(f"{base}/projects/add/")
    page.fill("input[name=code]", "DLZ-TEST-SEARCH")
    page.fill("input[name=title_zh_hans]", "搜索测试项目")
    zone = Program.objects.get(code="cn-jp-dalian")
    page.locator("select[name=program]").select_option(str(zone.pk))

    # the region: three characters typed, the county picked from what the server found
    page.locator("#id_region-ts-control").press_sequentially("六枝特", delay=50)
    option = page.locator(".ts-dropdown .option", has_text="贵州省 六盘水市 六枝特区 (520203)")
    option.click()
    assert page.locator("#id_region").input_value() != ""

    # industry classes: a tag picker, two tags
    for code in ("3411", "3412"):
        page.locator("#id_industry_classes-ts-control").press_sequentially(code, delay=50)
        page.locator(".ts-dropdown .option", has_text=f"{code} ").first.click()

    assert page.locator(".ts-wrapper.multi .item").count() == 2

    # a new organisation, made in a modal with the organisation form, lands in the field
    page.locator("a[data-hz-for=id_responsible_organisation]").click()
    modal = page.locator("#hz-choice-modal")
    modal.locator("input[name=name_zh_hans]").wait_for()
    modal.locator("select[name=kind]").select_option("enterprise")
    modal.locator("input[name=name_zh_hans]").fill("六枝搜索测试有限公司")
    modal.locator("button[type=submit]").click()
    modal.wait_for(state="hidden")
    organisation = Organisation.objects.get(name_zh_hans="六枝搜索测试有限公司")
    assert page.locator("#id_responsible_organisation").input_value() == str(organisation.pk)

    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    project = Project.objects.get(code="DLZ-TEST-SEARCH")
    assert project.region.code == "520203"
    assert sorted(project.industry_classes.values_list("code", flat=True)) == ["3411", "3412"]
    assert project.responsible_organisation == organisation
