"""Country and currency names in the user's language, from pycountry's ISO catalogues."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

_GETTEXT_LANG = {"zh-hans": "zh_CN", "ja": "ja"}


@lru_cache(maxsize=8)
def _catalogue(domain: str, lang: str) -> gettext.NullTranslations:
    code = _GETTEXT_LANG.get(lang)
    if code is None:
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[code], fallback=True)


def country_name(code: str, lang: str | None = None) -> str:
    """Return the ISO 3166 name of ``code`` in ``lang`` (default: the active language)."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _catalogue("iso3166-1", (lang or get_language() or "en").lower()).gettext(name)


def country_choices() -> list[tuple[str, str]]:
    """Return (code, "code — name") for every country, for select boxes."""
    return sorted(
        ((c.alpha_2, f"{c.alpha_2} — {country_name(c.alpha_2)}") for c in pycountry.countries),
        key=lambda pair: pair[0],
    )
