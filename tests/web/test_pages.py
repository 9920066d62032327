"""Every page in every language: it answers, and shows text in that language."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import translation

from hezuo.base.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

LANGUAGES = ["zh-hans", "ja", "en"]
MODEL_VIEWS = ObjectListView | ObjectDetailView | ObjectEditView | ObjectDeleteView


def apps_with_model_pages() -> list[str]:
    """Return every URL namespace that serves model pages: a new app is covered by itself."""
    resolver = get_resolver()
    return sorted(
        app
        for app, (_prefix, namespace) in resolver.namespace_dict.items()
        if any(
            issubclass(getattr(pattern.callback, "view_class", type), MODEL_VIEWS)
            for pattern in namespace.url_patterns
            if isinstance(pattern, URLPattern)
        )
    )


APPS = apps_with_model_pages()


def model_pages() -> list[tuple[str, type, bool]]:
    """Return (url name, model, needs pk) for every model page of every app."""
    pages = []
    resolver = get_resolver()
    for app in APPS:
        namespace = resolver.namespace_dict[app][1]
        for pattern in namespace.url_patterns:
            assert isinstance(pattern, URLPattern)
            view = getattr(pattern.callback, "view_class", None)
            if view is None:  # a function view (a zone page, a record page): not a model page
                continue
            needs_pk = "<int:pk>" in str(pattern.pattern)
            if set(pattern.pattern.converters) - {"pk"}:
                continue  # a page of its own arguments
            if issubclass(view, MODEL_VIEWS):
                pages.append((f"{app}:{pattern.name}", view.model, needs_pk))
    return pages


PAGES = model_pages()


def switch(client, lang: str) -> None:
    client.cookies.load({"django_language": lang})


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "model", "needs_pk"), PAGES, ids=[p[0] for p in PAGES])
def test_model_page(admin_client, lang, name, model, needs_pk):
    switch(admin_client, lang)
    record = model.objects.order_by("pk").first()
    if needs_pk and record is None:
        # the ledger's records are not in the test world: tests/contracts opens their pages
        pytest.skip(f"no {model._meta.label} in the test world")
    args = [record.pk] if needs_pk else []
    response = admin_client.get(reverse(name, args=args))
    assert response.status_code == 200, name
    content = response.content.decode()
    with translation.override(lang):
        expected = str(
            model._meta.verbose_name_plural if name.endswith("_list") else model._meta.verbose_name
        )
        logout = translation.gettext("Log out")
    assert f'<html lang="{lang}">' in content
    assert expected.lower() in content.lower() or expected.capitalize() in content
    assert logout in content
    if lang != "en":
        with translation.override("en"):
            english = translation.gettext("Log out")
        assert logout != english, f"'Log out' is not translated into {lang}"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "accounts:profile", "api-docs"])
def test_other_pages(admin_client, lang, name):
    switch(admin_client, lang)
    response = admin_client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page_in_each_language(client, lang):
    switch(client, lang)
    response = client.get(reverse("login"))
    with translation.override(lang):
        assert translation.gettext("Log in") in response.content.decode()


@pytest.mark.django_db
def test_pages_need_login(client):
    for name, _model, needs_pk in PAGES:
        args = [1] if needs_pk else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert reverse("login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "target"),
    [
        ("regions", "regions:program_list"),
        ("directory", "directory:organisation_list"),
        ("events", "events:event_list"),
        ("matching", "matching:opportunity_list"),
        ("brokerage", "brokerage:brokerageevent_list"),
    ],
)
def test_an_areas_address_opens_its_main_list(admin_client, area, target):
    response = admin_client.get(f"/{area}/", follow=True)
    assert response.redirect_chain == [(reverse(target), 302)]
    assert response.status_code == 200
