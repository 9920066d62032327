"""Searchable choice widgets: a select that carries only its chosen records.

A select of every region (4,596), industry class (1,971) or household made the add-project form
some 400 kB of ``<option>``s, scrolled through or Ctrl-clicked. :class:`SearchSelect` and
:class:`SearchSelectMultiple` render only the chosen options; ``static/hezuo/choices.js`` turns
them into Tom Select pickers (a tag picker for several) that search
:mod:`hezuo.base.autocomplete` as one types. What may be submitted is unchanged: the form field's
queryset (restricted to the user) still validates the choice.

Without JavaScript the select still works with what it carries: the current choice is kept
(an edit saves unchanged), an empty optional field stays empty; choosing another record needs the
search, and thus JavaScript (the "new" link still opens the full add page in a new tab).

:func:`use_search_widgets` gives every choice field of a registered model this widget; the
generic edit views call it through ``restrict_choices``, so a form needs no declaration.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hezuo.core.access import Action


class SearchSelect(forms.Select):
    """A select of one registered model's records that renders only the chosen ones."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        lookup: Any,
        user: Any = None,
        source_field: str = "",
        create_url: str = "",
        create_page: str = "",
    ) -> None:
        super().__init__(attrs)
        self.lookup = lookup
        self.user = user
        self.source_field = source_field
        self.create_url = create_url
        self.create_page = create_page

    def chosen(self, values: list[str]) -> list[tuple[Any, str]]:
        """Return (option value, label) of the chosen records, in the order given."""
        from .autocomplete import labelled

        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        field = getattr(iterator, "field", None)
        if queryset is None or field is None:
            return []
        key = field.to_field_name or "pk"
        wanted = [v for v in values if v not in ("", None)]
        if key == "pk":
            wanted = [v for v in wanted if str(v).isdigit()]
        if not wanted:
            return []
        records = queryset.filter(**{f"{key}__in": wanted})
        if self.lookup.related:
            records = records.select_related(*self.lookup.related)
        by_value = {
            str(iterator.choice(record)[0]): (iterator.choice(record)[0], text)
            for record, text in labelled(self.lookup, records, self.user)
        }
        return [by_value[str(v)] for v in dict.fromkeys(wanted) if str(v) in by_value]

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        options: list[tuple[Any, str]] = []
        field = getattr(self.choices, "field", None)
        if not self.allow_multiple_selected and field is not None and field.empty_label is not None:
            options.append(("", field.empty_label))
        options += self.chosen(value)
        return [
            (
                None,
                [self.create_option(name, option, label, str(option) in value, index, attrs=attrs)],
                index,
            )
            for index, (option, label) in enumerate(options)
        ]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> Any:
        attrs = {
            **(attrs or {}),
            "data-hz-search": reverse("autocomplete", args=[self.lookup.key()]),
            "data-hz-placeholder": _("Type to search…"),
            "data-hz-no-results": _("Nothing found."),
        }
        if self.source_field:
            attrs["data-hz-field"] = self.source_field
        return super().get_context(name, value, attrs)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> Any:
        html = super().render(name, value, attrs, renderer)
        if not self.create_url:
            return html
        target = (attrs or {}).get("id") or self.attrs.get("id", "")
        verbose = self.lookup.model_class._meta.verbose_name
        return html + format_html(
            '<a class="btn btn-sm btn-link px-0 hz-choice-new" href="{}" target="_blank" '
            'data-hz-new="{}?for={}" data-hz-for="{}"><i class="bi bi-plus-circle"></i> {}</a>',
            reverse(self.create_page),
            self.create_url,
            target,
            target,
            _("Add %(name)s") % {"name": verbose},
        )


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """Several records of a registered model, chosen as tags instead of Ctrl-click."""

    allow_multiple_selected = True


def use_search_widgets(form: Any, user: Any, *, create: bool = True, model: Any = None) -> None:
    """Make each plain select of a registered model's records in ``form`` a searchable one,
    with a link that adds a record where the model has an add form and ``create`` is set.

    ``model`` (a model form's own by default; a filter set's for its form) names the fields
    whose ``limit_choices_to`` the search follows."""
    from .access import may
    from .autocomplete import lookup_for, quick_create_url

    model = model or getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or isinstance(field.widget, SearchSelect):
            continue
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        if type(field.widget) is not (forms.SelectMultiple if multiple else forms.Select):
            continue  # radio buttons, check boxes and hidden inputs stay as they are
        lookup = lookup_for(field.queryset.model)
        if lookup is None:
            continue
        source = ""
        if model is not None:
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - a form field that is no model field
                model_field = None
            if getattr(model_field, "related_model", None) is field.queryset.model:
                source = f"{model._meta.label_lower}.{name}"
        can_create = (
            create and bool(lookup.create_form) and may(user, lookup.model_class, Action.ADD)
        )
        widget_class = SearchSelectMultiple if multiple else SearchSelect
        widget = widget_class(
            field.widget.attrs,
            lookup=lookup,
            user=user,
            source_field=source,
            create_url=quick_create_url(lookup.model_class) if can_create else "",
            create_page=lookup.create_page,
        )
        widget.is_required = field.widget.is_required
        widget.choices = field.choices
        field.widget = widget
