"""Searchable choices: one endpoint that finds the records of a registered model as one types.

A form's select over thousands of records (4,596 regions, 1,971 industry classes, every
household) carries only its chosen options (:mod:`hezuo.base.widgets`); Tom Select
(``static/hezuo/choices.js``) asks ``/autocomplete/<app_label>.<model>/?q=…&field=…`` for the
rest. Only the models registered here answer (a registry, not an open door: any other model is
a 404), and only with what ``Model.objects.restrict(user, "view")`` gives the user. ``field``
names the model field behind the form field (``assistance.household.village``): its
``limit_choices_to`` narrows the search as it narrows the form's choices.

The lookups name the apps' models by label; an app whose lookup needs its own code registers it
when Django starts (``assistance`` its households, in ``AssistanceConfig.ready``): ``base`` is
imported by every app, never the reverse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, Model, Q, QuerySet, When
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string

from hezuo.core.access import Action

from .access import mask_value
from .views import ObjectEditView

#: Results per request: enough to choose from, small enough to read.
PAGE = 20


@dataclass(frozen=True)
class Lookup:
    """How the records of one model are searched and labelled in a searchable choice."""

    model: str  # "regions.Region"
    search: Callable[[QuerySet[Any], str, Any], Q]  # (visible records, one term, user) → filter
    labels: Callable[[list[Any], Any], list[str]]  # (records, user) → their labels
    related: tuple[str, ...] = ()  # select_related for the labels
    prefetch: tuple[str, ...] = ()  # prefetch_related for the labels
    order: tuple[Any, ...] = ()
    first: Callable[[str], Q] | None = None  # (the typed text) → the records listed first
    create_form: str = ""  # dotted path of the form that adds one ("new organisation")
    create_page: str = ""  # URL name of the full add page (the fallback without JavaScript)

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def key(self) -> str:
        return self.model_class._meta.label_lower


REGISTRY: dict[str, Lookup] = {}


def register(lookup: Lookup) -> Lookup:
    REGISTRY[lookup.model.lower()] = lookup
    return lookup


def lookup_for(model: type[Model]) -> Lookup | None:
    """Return the lookup of ``model`` if its choices are searched, else None."""
    return REGISTRY.get(model._meta.label_lower)


def names_contain(prefix: str, term: str, field: str = "name") -> Q:
    """The record's ``field`` (name, title) in any of the three languages contains ``term``."""
    return reduce(
        or_,
        (Q(**{f"{prefix}{field}_{lang}__icontains": term}) for lang in ("zh_hans", "ja", "en")),
    )


# -- regions: the full path (省 市 县), by code or by the name of the region or an ancestor ------

_REGION_DEPTH = 4  # a village's ancestors: township, county, city, province


def _region_search(queryset: QuerySet[Any], term: str, user: Any) -> Q:
    q = Q(code__startswith=term)
    for depth in range(_REGION_DEPTH + 1):
        q |= names_contain("parent__" * depth, term)
    return q


def _region_path(region: Any) -> list[Any]:
    chain = []
    while region is not None and len(chain) <= _REGION_DEPTH:
        chain.append(region)
        region = region.parent
    return chain[::-1]


def _region_labels(regions: list[Any], user: Any) -> list[str]:
    return [
        " ".join(r.name for r in _region_path(region)) + f" ({region.code})" for region in regions
    ]


register(
    Lookup(
        model="regions.Region",
        search=_region_search,
        labels=_region_labels,
        first=lambda term: Q(code__startswith=term) | names_contain("", term),
        related=("__".join(["parent"] * _REGION_DEPTH),),
        order=(Length("code"), "code"),
    )
)


# -- industry classes (GB/T 4754-2017): "code name" in the user's language -----------------------


def _industry_search(queryset: QuerySet[Any], term: str, user: Any) -> Q:
    return Q(code__istartswith=term) | names_contain("", term)


register(
    Lookup(
        model="directory.IndustryClass",
        search=_industry_search,
        labels=lambda classes, user: [f"{c.code} {c.name}" for c in classes],
        first=lambda term: Q(code__istartswith=term),
        order=("code",),
    )
)


# -- organisations: the name in the active language, with its other names and aliases -----------


def _organisation_search(queryset: QuerySet[Any], term: str, user: Any) -> Q:
    return (
        names_contain("", term)
        | Q(aliases__name__icontains=term)
        | Q(uscc__istartswith=term)
        | Q(jp_corporate_number__startswith=term)
    )


def _organisation_labels(organisations: list[Any], user: Any) -> list[str]:
    labels = []
    for organisation in organisations:
        name = organisation.name
        others = [
            other
            for other in (
                organisation.name_zh_hans,
                organisation.name_ja,
                organisation.name_en,
                *(alias.name for alias in organisation.aliases.all()),
            )
            if other and other != name
        ]
        others = list(dict.fromkeys(others))
        labels.append(f"{name} ({', '.join(others)})" if others else name)
    return labels


register(
    Lookup(
        model="directory.Organisation",
        search=_organisation_search,
        labels=_organisation_labels,
        first=lambda term: names_contain("", term),
        prefetch=("aliases",),
        order=("name_zh_hans",),
        create_form="hezuo.directory.forms.OrganisationForm",
        create_page="directory:organisation_add",
    )
)


# -- projects: "code · title" in the user's language ---------------------------------------------


def _project_search(queryset: QuerySet[Any], term: str, user: Any) -> Q:
    return Q(code__icontains=term) | names_contain("", term, "title")


register(
    Lookup(
        model="projects.Project",
        search=_project_search,
        labels=lambda projects, user: [f"{p.code} · {p.title}" for p in projects],
        first=lambda term: Q(code__istartswith=term),
        order=("code",),
    )
)


def mask_name(name: str) -> str:
    """Return a person's name with all but the family name's first character hidden (王**)."""
    return name[:1] + mask_value("name", name[1:]) if len(name) > 1 else mask_value("name", name)


# -- the endpoint ----------------------------------------------------------------------------------


def _lookup_or_404(label: str) -> Lookup:
    lookup = REGISTRY.get(label.lower())
    if lookup is None:
        raise Http404
    return lookup


def _source_field(lookup: Lookup, name: str) -> Any:
    """Return the model field ``app_label.model.field`` that points at the lookup's model."""
    try:
        app_label, model_name, field_name = name.split(".")
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except (ValueError, LookupError, FieldDoesNotExist) as exc:
        raise Http404 from exc
    if getattr(field, "related_model", None) is not lookup.model_class:
        raise Http404
    return field


def search(
    lookup: Lookup, user: Any, text: str = "", *, field: Any = None, limit: int = PAGE
) -> tuple[list[Any], bool]:
    """Return the first ``limit`` visible records matching every term of ``text``, and whether
    there are more."""
    model = lookup.model_class
    queryset = model.objects.restrict(user, Action.VIEW)  # type: ignore[attr-defined]
    if field is not None:
        limit_to = field.get_limit_choices_to()
        if limit_to:
            queryset = queryset.complex_filter(limit_to)
    terms = text.split()[:5]
    order: tuple[Any, ...] = lookup.order
    if terms:
        matching = reduce(and_, (lookup.search(queryset, term, user) for term in terms))
        queryset = queryset.filter(
            pk__in=model._default_manager.filter(matching).values("pk")  # type: ignore[attr-defined]
        )
        if lookup.first is not None:  # e.g. a code typed in full before names that contain it
            queryset = queryset.annotate(
                _hz_rank=Case(When(lookup.first(terms[0]), then=0), default=1)
            )
            order = ("_hz_rank", *order)
    if lookup.related:
        queryset = queryset.select_related(*lookup.related)
    if lookup.prefetch:
        queryset = queryset.prefetch_related(*lookup.prefetch)
    records = list(queryset.order_by(*order, "pk")[: limit + 1])
    return records[:limit], len(records) > limit


def labelled(lookup: Lookup, records: Iterable[Any], user: Any) -> list[tuple[Any, str]]:
    records = list(records)
    return list(zip(records, lookup.labels(records, user), strict=True))


@login_required
def autocomplete(request: HttpRequest, label: str) -> JsonResponse:
    """``{"results": [{"value": pk, "text": label}], "more": bool}`` for the typed text."""
    lookup = _lookup_or_404(label)
    field = request.GET.get("field", "")
    records, more = search(
        lookup,
        request.user,
        request.GET.get("q", "")[:100],
        field=_source_field(lookup, field) if field else None,
    )
    results = [
        {"value": str(record.pk), "text": text}
        for record, text in labelled(lookup, records, request.user)
    ]
    return JsonResponse({"results": results, "more": more})


class QuickCreateView(ObjectEditView):
    """Add a record from a choice field ("new organisation" on the project form), in a modal.

    The record goes through the model's own add form and the checks of every add page
    (``ObjectEditView``: may add, restricted choices, scope checked after the write); when saved,
    the response tells the page (``HX-Trigger: hz-choice-created``) to put it into the field.
    """

    template_name = "base/quick_create.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.lookup = _lookup_or_404(kwargs.pop("label"))
        if not self.lookup.create_form:
            raise Http404
        self.model = self.lookup.model_class
        self.form_class = import_string(self.lookup.create_form)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            return HttpResponseRedirect(reverse(self.lookup.create_page))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action"] = self.request.get_full_path()
        return context

    def form_valid(self, form: Any, formsets: list[Any] | None = None) -> HttpResponse:
        response = super().form_valid(form, formsets)
        if not isinstance(response, HttpResponseRedirect):
            return response
        # the "Saved" message of the add page would otherwise show on the page after the next
        queued = getattr(get_messages(self.request), "_queued_messages", [])
        if queued:
            queued.pop()
        text = self.lookup.labels([self.object], self.request.user)[0]
        done = HttpResponse(format_html('<div class="modal-body">{}</div>', text))
        done["HX-Trigger"] = json.dumps(
            {
                "hz-choice-created": {
                    "value": str(self.object.pk),
                    "text": text,
                    "for": self.request.GET.get("for", ""),
                }
            }
        )
        return done


def quick_create_url(model: type[Model]) -> str:
    return reverse("autocomplete-new", args=[model._meta.label_lower])


urlpatterns = [
    path("<str:label>/", autocomplete, name="autocomplete"),
    path("<str:label>/new/", QuickCreateView.as_view(), name="autocomplete-new"),
]
