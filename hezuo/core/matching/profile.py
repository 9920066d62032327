"""Opportunity profiles as the engine sees them, and how they are read from JSON objects.

Kinds come in complementary pairs (an offer side and a request side). A profile read from a JSON
object (one line of a JSONL file) has ``id``, ``kind``, ``lang``, ``title``, ``text`` and
optionally ``industry`` (GB/T 4754 codes), ``region`` (GB/T 2260 code or ISO 3166 code),
``quantity``, ``unit``, ``price``, ``currency``, ``valid_until`` (YYYY-MM-DD). Unknown fields are
ignored; anything else wrong raises :class:`ProfileError` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

#: offer-side kind → request-side kind
PAIRS: Final[dict[str, str]] = {
    "business_offer": "business_request",
    "technology_offer": "technology_request",
    "financing_offer": "financing_request",
    "product_supply": "purchase_demand",
    "job_offer": "job_seeker",
    "site_offer": "investment_intent",
}
OFFER_KINDS: Final = frozenset(PAIRS)
REQUEST_KINDS: Final = frozenset(PAIRS.values())
KINDS: Final = tuple(k for pair in PAIRS.items() for k in pair)
COMPLEMENT: Final[dict[str, str]] = {**PAIRS, **{v: k for k, v in PAIRS.items()}}

LANGS: Final = ("zh", "ja", "en")
_LANG_ALIASES: Final = {"zh-hans": "zh", "zh-hant": "zh", "zh_hans": "zh", "zh_hant": "zh"}

INDUSTRY_RE: Final = re.compile(r"^(?:[A-T](?:[0-9]{2,4})?|[0-9]{2,4})$")
REGION_RE: Final = re.compile(
    r"^(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{2})?)?|[A-Z]{2}(?:-[0-9A-Z]{1,3})?)$"
)
CURRENCY_RE: Final = re.compile(r"^[A-Z]{3}$")


class ProfileError(ValueError):
    """A profile is not acceptable; ``reason`` says why (English, for logs and CLI messages)."""

    def __init__(self, reason: str, **params: object) -> None:
        self.reason = reason
        self.params = params
        super().__init__(reason % params if params else reason)


def complement(kind: str) -> str:
    """The complementary kind of ``kind`` (technology_offer → technology_request, …)."""
    return COMPLEMENT[kind]


def is_offer(kind: str) -> bool:
    return kind in OFFER_KINDS


@dataclass(frozen=True, slots=True)
class Profile:
    """One opportunity: an offer or a request, with optional structured fields."""

    id: str
    kind: str
    lang: str = "zh"
    title: str = ""
    text: str = ""
    industry: tuple[str, ...] = ()
    region: str = ""
    quantity: float | None = None
    unit: str = ""
    price: float | None = None
    currency: str = ""
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in COMPLEMENT:
            raise ProfileError('unknown kind "%(kind)s"', kind=self.kind)


def _number(data: Mapping[str, object], key: str) -> float | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ProfileError("%(field)s must be a number", field=key)
    try:
        number = float(value)
    except ValueError:
        raise ProfileError("%(field)s must be a number", field=key) from None
    if number != number or number < 0 or number == float("inf"):
        raise ProfileError("%(field)s must be a number of zero or more", field=key)
    return number


def _string(data: Mapping[str, object], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise ProfileError("missing field %(field)s", field=key)
        return ""
    if not isinstance(value, str):
        raise ProfileError("%(field)s must be a string", field=key)
    return value


def profile_from_dict(data: object) -> Profile:
    """Read one profile from a decoded JSON value; :class:`ProfileError` says what is wrong."""
    if not isinstance(data, dict):
        raise ProfileError("a line must be a JSON object")
    profile_id = data.get("id")
    if isinstance(profile_id, int) and not isinstance(profile_id, bool):
        profile_id = str(profile_id)
    if not isinstance(profile_id, str) or not profile_id.strip():
        raise ProfileError("missing field %(field)s", field="id")
    if any(ch.isspace() for ch in profile_id):
        raise ProfileError("id must not contain white space")
    kind = _string(data, "kind", required=True)
    if kind not in COMPLEMENT:
        raise ProfileError('unknown kind "%(kind)s"', kind=kind)
    lang = _string(data, "lang", required=True).strip().lower()
    lang = _LANG_ALIASES.get(lang, lang)
    if lang not in LANGS:
        raise ProfileError('unknown lang "%(lang)s" (zh, ja or en)', lang=lang)
    title = _string(data, "title")
    text = _string(data, "text")
    if not title.strip() and not text.strip():
        raise ProfileError("title and text are both empty")
    raw_industry = data.get("industry")
    industry: tuple[str, ...] = ()
    if raw_industry is not None:
        items = [raw_industry] if isinstance(raw_industry, str) else raw_industry
        if not isinstance(items, list) or not all(isinstance(c, str) for c in items):
            raise ProfileError("industry must be a list of GB/T 4754 codes")
        codes = tuple(c.strip().upper() for c in items if c.strip())
        for code in codes:
            if not INDUSTRY_RE.match(code):
                raise ProfileError('not a GB/T 4754 industry code: "%(code)s"', code=code)
        industry = codes
    region = _string(data, "region").strip().upper()
    if region and not REGION_RE.match(region):
        raise ProfileError('not a GB/T 2260 or ISO 3166 region code: "%(code)s"', code=region)
    currency = _string(data, "currency").strip().upper()
    if currency and not CURRENCY_RE.match(currency):
        raise ProfileError('not an ISO 4217 currency code: "%(code)s"', code=currency)
    valid_until: date | None = None
    raw_date = _string(data, "valid_until").strip()
    if raw_date:
        try:
            valid_until = date.fromisoformat(raw_date)
        except ValueError:
            raise ProfileError("valid_until must be a date YYYY-MM-DD") from None
    return Profile(
        id=profile_id,
        kind=kind,
        lang=lang,
        title=title,
        text=text,
        industry=industry,
        region=region,
        quantity=_number(data, "quantity"),
        unit=_string(data, "unit").strip(),
        price=_number(data, "price"),
        currency=currency,
        valid_until=valid_until,
    )
