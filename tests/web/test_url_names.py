"""A mistyped URL name fails loudly instead of hiding a page or a link.

The navigation, the ``may_open`` tag and a record's link once swallowed ``NoReverseMatch``: a
wrong name (or a page renamed by a move between apps) silently left the entry out. Only the
audit log's link to a record keeps the catch, for record types that have no page at all. No
database: names are resolved against the URLconf only.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from hezuo.accounts.audit_text import AuditText
from hezuo.base.templatetags.hezuo import link
from hezuo.web.context_processors import NAVIGATION, _entries

MISTYPED = "projects:project_lst"


def navigation_names(items: list[tuple[Any, Any, str]]) -> list[str]:
    names: list[str] = []
    for _label, target, _icon in items:
        names.extend(navigation_names(target) if isinstance(target, list) else [target])
    return names


def test_every_navigation_entry_names_a_page() -> None:
    names = navigation_names(NAVIGATION)
    assert len(names) > 10
    assert all(reverse(name).startswith("/") for name in names)


def test_a_mistyped_navigation_name_raises() -> None:
    menu = [("Projects", [("Projects", MISTYPED, "bi-kanban")], "bi-kanban")]
    with pytest.raises(NoReverseMatch):
        _entries(menu, AnonymousUser())


def test_the_may_open_tag_raises_on_a_mistyped_name() -> None:
    context = Context({"request": SimpleNamespace(user=AnonymousUser())})
    shown = Template('{% load hezuo %}{% may_open "projects:project_list" as s %}{{ s }}')
    assert shown.render(context) == "False"  # anonymous: resolved, then refused
    mistyped = Template('{% load hezuo %}{% may_open "' + MISTYPED + '" as s %}{{ s }}')
    with pytest.raises(NoReverseMatch):
        mistyped.render(context)


class Broken:
    """A record whose page is named wrongly."""

    def __str__(self) -> str:
        return "broken"

    def get_absolute_url(self) -> str:
        return reverse(MISTYPED, args=[1])


class Linked:
    def __str__(self) -> str:
        return "linked"

    def get_absolute_url(self) -> str:
        return "/somewhere/"


def test_a_record_link_raises_on_a_mistyped_page_and_names_a_value_without_one() -> None:
    assert link(Linked()) == '<a href="/somewhere/">linked</a>'
    assert link("plain text") == "plain text"  # no page of its own: its name only
    with pytest.raises(NoReverseMatch):
        link(Broken())


def entry(object_type: str) -> Any:
    return SimpleNamespace(object_ids=["7"], action="export", object_type=object_type)


def test_the_audit_log_links_a_record_only_where_its_type_has_a_page() -> None:
    words = AuditText()
    page = reverse("projects:project_detail", args=["7"])
    assert words.record_url(entry("projects.project")) == page
    assert words.record_url(entry("accounts.membership")) is None  # no page: legitimately none
