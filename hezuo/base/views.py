"""Generic views each app's models declare a few lines over: list, detail, edit, delete.

Every view reads through ``Model.objects.restrict(user, action)``; a write is checked again
after it is made, inside its transaction, and undone when it falls outside the user's scope.
"""

from __future__ import annotations

import copy
import functools
import inspect
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.forms import HiddenInput, ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, UpdateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from hezuo.core.access import Action

from . import deletion
from .access import lock_for_update, may, may_on
from .audit import record
from .export import FORMATS, export_rows, table_rows
from .history import history_entries, mask_personal, version_changes
from .personal import Personal, masked
from .tables import hidden_columns
from .widgets import use_search_widgets


def _names(model: Any) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


def is_archivable(model: Any) -> bool:
    return hasattr(model, "archived_at")


def archive_record(obj: Any, *, reason: str, request: Any) -> None:
    """Archive an important record with a reason (kept in its history and the audit log)."""
    with transaction.atomic():
        obj.archived_at = timezone.now()
        obj.archive_reason = reason[:300]
        obj._change_reason = reason[:100]
        obj.save()
        record("archive", request=request, objects=[obj], reason=reason)


class StaleVersion(Exception):
    """The record was saved by someone else since the form was opened."""

    def __init__(self, current: Any) -> None:
        super().__init__()
        self.current = current


def version_missing_message() -> str:
    """Return the refusal of an edit that does not carry the version it was made on."""
    return _(
        "This form does not say which version of the record it was opened on, so saving it "
        "could overwrite someone else's change. Nothing was saved. Reload the page and make "
        "your change again."
    )


class OutsideScope(Exception):
    """A write would leave the record outside what the user may change; it is undone."""


def may_open(user: Any, url: str) -> bool:
    """Return whether ``user`` may open the page at ``url``, by the check its view makes.

    A view says who may open it with a class method ``may_open(user)`` that its ``get`` also
    calls (the generic list: whoever may see some records of its model); navigation and links
    to other pages ask here, so a role is not offered a page that answers 403.
    """
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    check = getattr(view_class or match.func, "may_open", None)
    return bool(check(user)) if check is not None else True


def opens_for(check: Any) -> Any:
    """Say who may open a function view: ``check(user)``; others get 403.

    The same check answers :func:`may_open`, so the navigation offers the page only to those
    it opens for (a class-based view says it with its ``may_open`` class method)::

        @login_required
        @opens_for(lambda user: may(user, Policy, Action.VIEW))
        def automatic_view(request): ...
    """

    def decorate(view: Any) -> Any:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked.may_open = check  # type: ignore[attr-defined]
        return checked

    return decorate


def restrict_choices(form: Any, user: Any) -> None:
    """Offer in every record choice of ``form`` only the records ``user`` may see; a choice
    among thousands (regions, industry classes, households) is searched, not listed."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and hasattr(field.queryset, "restrict"):
            field.queryset = field.queryset.restrict(user, Action.VIEW)
    use_search_widgets(form, user)


def allowed_personal(user: Any, record: Any, model: Any, *, parent: Any = None) -> bool:
    """Return whether ``user`` may see (and so enter) the personal data of ``record``; of a new
    record, of ``parent``'s records (an inline row) or of ``model``'s records at all."""
    return Personal(user).may_see(record if record is not None else model, parent=parent)


def guard_personal(form: Any, request: Any, record: Any, model: Any, *, parent: Any = None) -> None:
    """Make ``form``'s personal fields safe to send to ``request``'s user.

    Allowed: every personal value the form shows is noted for the audit log. Not allowed: on a
    record, the field shows the masked value, read-only, and is never written back (so an
    unchanged masked value cannot overwrite the stored one); on a new record it is left out.
    """
    personal = [f for f in getattr(model, "personal_fields", ()) if f in form.fields]
    if not personal:
        return
    seen = Personal.of(request)
    if seen.may_see(record if record is not None else model, parent=parent):
        if record is not None:
            seen.note(record, [f for f in personal if getattr(record, f, None)])
        return
    meta = copy.copy(form._meta)
    meta.exclude = [*(meta.exclude or ()), *personal]
    form._meta = meta  # construct_instance() and the model's validation leave them alone
    for name in personal:
        if record is None:
            del form.fields[name]
            continue
        value = getattr(record, name, None)
        form.fields[name] = forms.CharField(
            label=form.fields[name].label,
            required=False,
            disabled=True,
            help_text=_("Personal data, masked for your role; it stays as it is."),
        )
        form.initial[name] = masked(name, value) if value not in ("", None) else ""


def filter_value_text(field: Any, value: Any) -> str:
    """Return a filter's chosen value in words: a choice's label, a record's name, a count."""
    if isinstance(value, list | tuple | QuerySet):
        items = list(value)
        if isinstance(field.widget, HiddenInput) or len(items) > 5:
            return ngettext("%(count)s record", "%(count)s records", len(items)) % {
                "count": len(items)
            }
        return ", ".join(filter_value_text(field, item) for item in items)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = dict(getattr(field, "choices", None) or []) if not hasattr(value, "pk") else {}
    label = choices.get(value, choices.get(str(value)))
    return str(label if label is not None else value)


class ObjectListView(LoginRequiredMixin, SingleTableMixin, FilterView):  # type: ignore[misc]
    template_name = "base/object_list.html"
    paginate_by = 50
    create_allowed = True

    @classmethod
    def may_open(cls, user: Any) -> bool:
        return may(user, cls.model, Action.VIEW)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset().restrict(self.request.user, Action.VIEW)
        if is_archivable(self.model) and self.request.GET.get("archived") != "1":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_open(request.user):
            raise PermissionDenied  # a role that may see none of these records (not an empty list)
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            return self.export(fmt)
        response = super().get(request, *args, **kwargs)
        if self.filter_errors():
            # The filters say why nothing is listed; the status says it to a program.
            response.status_code = 400
        return response

    def list_caption(self) -> str:
        """Return the filters applied, in words ("Stage: signed · Program: …"), to title a
        list opened from a link (a dashboard's bar, a pipeline's column)."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or not filterset.is_bound or not filterset.is_valid():
            return ""
        parts = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", [], ()) or name in ("q", "o", "page"):
                continue
            field = filterset.form.fields[name]
            shown = filter_value_text(field, value)
            if shown:
                parts.append(f"{capfirst(str(field.label or name))}: {shown}")
        return " · ".join(parts)

    def filter_errors(self) -> list[str]:
        """Return the filters that could not be read, each with its reason, in words."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or not filterset.is_bound or filterset.is_valid():
            return []
        found = []
        for name, errors in filterset.form.errors.items():
            field = filterset.form.fields.get(name)
            label = str(field.label) if field is not None and field.label else name
            found.extend(f"{label}: {error}" for error in errors)
        return found

    def export(self, fmt: str) -> HttpResponse:
        """Download every row of the filtered list the user sees, with headers in their language
        (streamed through ``base.export``, audited with the filters applied)."""
        filterset = self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filter_errors():
            raise BadRequest("; ".join(self.filter_errors()))
        queryset = filterset.qs if filterset.is_bound else self.get_queryset()
        table = self.get_table_class()(queryset, request=self.request, **self.get_table_kwargs())
        params = {k: v for k, v in self.request.GET.items() if k != "export"}
        return export_rows(
            self.request,
            table_rows(table),
            fmt=fmt,
            basename=str(self.model._meta.verbose_name_plural),
            object_type=self.model._meta.label_lower,
            detail={"filters": params},
        )

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        # a filter among thousands of records (regions, industry classes) is searched too
        use_search_widgets(
            filterset.form, self.request.user, create=False, model=filterset._meta.model
        )
        return filterset

    def get_table_kwargs(self) -> dict[str, Any]:
        """Leave out the columns that name records the user may not see (pages and exports)."""
        return {"exclude": hidden_columns(self.get_table_class(), self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, name = _names(self.model)
        context["meta"] = self.model._meta
        context["archivable"] = is_archivable(self.model)
        context["filter_errors"] = self.filter_errors()
        context["list_caption"] = self.list_caption()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["add_url"] = (
            reverse(f"{app}:{name}_add")
            if self.create_allowed and may(self.request.user, self.model, Action.ADD)
            else None
        )
        return context


class ObjectDetailView(LoginRequiredMixin, DetailView):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().restrict(self.request.user, Action.VIEW)

    def get_template_names(self) -> list[str]:
        app, name = _names(self.model)
        return [f"{app}/{name}_detail.html", "base/object_detail.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, name = _names(self.model)
        user = self.request.user
        context["meta"] = self.model._meta
        history = history_entries(self.object, user=user)
        for entry in history:
            mask_personal(entry.changes, self.object, request=self.request)
        context["history"] = history
        if may_on(user, self.object, Action.CHANGE):
            context["edit_url"] = reverse(f"{app}:{name}_edit", args=[self.object.pk])
        if may_on(user, self.object, Action.DELETE) and not getattr(
            self.object, "archived_at", None
        ):
            context["delete_url"] = reverse(f"{app}:{name}_delete", args=[self.object.pk])
        context["archivable"] = is_archivable(self.model)
        context["list_url"] = reverse(f"{app}:{name}_list")
        return context


class ObjectEditView(LoginRequiredMixin, UpdateView):  # type: ignore[type-arg]
    """Create (no pk) or edit a record; an edit based on a stale version is refused."""

    template_name = "base/object_edit.html"
    form_class: type[ModelForm]  # type: ignore[type-arg]
    inlines: list[Any] = []

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().restrict(self.request.user, Action.CHANGE)

    def get_object(self, queryset: Any = None) -> Any:
        if "pk" not in self.kwargs:
            if not may(self.request.user, self.model, Action.ADD):
                raise PermissionDenied
            return None
        return super().get_object(queryset)

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        user = self.request.user
        form.acting_user = user  # a form whose save() calls a service names the user to it
        restrict_choices(form, user)
        guard_personal(form, self.request, self.object, self.model)
        return form

    def get_inlines(self) -> list[Any]:
        data = self.request.POST if self.request.method == "POST" else None
        formsets = [
            inline(data, instance=self.object, prefix=inline.model._meta.model_name)
            for inline in self.inlines
        ]
        for formset in formsets:
            model = formset.model
            if getattr(model, "personal_fields", ()) and not allowed_personal(
                self.request.user, None, model, parent=self.object
            ):
                # a new row would lack the personal data its role may not enter (an ID number)
                formset.extra = 0
                formset.max_num = formset.initial_form_count()
                formset.validate_max = True
            for form in [*formset.forms, formset.empty_form]:
                restrict_choices(form, self.request.user)
                record = form.instance if form.instance.pk else None
                guard_personal(form, self.request, record, model, parent=self.object)
        return formsets

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meta"] = self.model._meta
        context["version"] = self.object.version if self.object else ""
        context.setdefault("formsets", self.get_inlines())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = self.get_form()
        formsets = self.get_inlines()
        if form.is_valid() and all(fs.is_valid() for fs in formsets):
            return self.form_valid(form, formsets)
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))

    def form_valid(self, form: Any, formsets: list[Any] | None = None) -> HttpResponse:  # type: ignore[override]
        formsets = formsets or []
        posted = self.request.POST.get("_version", "").strip()
        adding = self.object is None
        if not adding and not posted.isdigit():
            # An edit that does not say which version it was made on could overwrite someone
            # else's change unseen: it is refused, never saved on whatever is there now.
            form.add_error(None, version_missing_message())
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        try:
            with transaction.atomic():
                if not adding:
                    # Read the version again under a row lock: of two saves made at once on the
                    # same version, the second waits here and then sees the first's version.
                    current = lock_for_update(self.model._default_manager.all(), self.object.pk)
                    if str(current.version) != posted:
                        raise StaleVersion(current)
                    form.instance.version = current.version
                self.object = form.save()
                for formset in formsets:
                    formset.instance = self.object
                    formset.save()
                action = Action.ADD if adding else Action.CHANGE
                if not may_on(self.request.user, self.object, action):
                    raise OutsideScope
        except StaleVersion as stale:
            self.object = stale.current
            form.add_error(None, self.conflict_message(posted))
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        except OutsideScope:
            if adding:
                self.object = None
            form.add_error(
                None,
                _(
                    "You may not save this record like this: it would fall outside the "
                    "programs, organisations or regions you work for. Nothing was saved."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def conflict_message(self, posted: str) -> str:
        changes = (
            version_changes(self.object, int(posted), user=self.request.user)
            if posted.isdigit()
            else []
        )
        mask_personal(changes, self.object, request=self.request)
        who = changes[0].user if changes else None
        details = "; ".join(f"{c.label}: {c.old or '—'} → {c.new or '—'}" for c in changes[1:])
        return _(
            "Someone else (%(who)s) saved this record while you were editing it (version "
            "%(theirs)s, you started from %(yours)s). Nothing was saved. What changed: "
            "%(details)s. Reload the page to edit the current version."
        ) % {
            "who": who or _("unknown"),
            "theirs": self.object.version,
            "yours": posted,
            "details": details or "—",
        }

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())


class ObjectDeleteView(LoginRequiredMixin, View):
    """Delete a record after confirmation; refused with the dependants listed when protected.

    Important records (those with ``archived_at``) are archived instead, with a reason.
    """

    model: Any

    def get_object(self, pk: int) -> Any:
        return get_object_or_404(
            self.model.objects.restrict(self.request.user, Action.DELETE), pk=pk
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        refused = None if is_archivable(obj) else deletion.refusal(obj, request.user)
        extra = {"dependants": refused.lines, "refusal": refused.message} if refused else {}
        return render(request, "base/object_delete.html", self.context(obj, **extra))

    def context(self, obj: Any, **extra: Any) -> dict[str, Any]:
        return {"object": obj, "meta": obj._meta, "archivable": is_archivable(obj), **extra}

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        app, name = _names(self.model)
        if is_archivable(obj):
            reason = request.POST.get("reason", "").strip()
            if not reason:
                return render(
                    request,
                    "base/object_delete.html",
                    self.context(obj, reason_error=_("Give a reason for archiving.")),
                    status=400,
                )
            archive_record(obj, reason=reason, request=request)
            messages.success(request, _("Archived: %(name)s") % {"name": obj})
            return HttpResponseRedirect(obj.get_absolute_url())
        refused = deletion.refusal(obj, request.user)  # cascades too, not only PROTECT
        if refused is not None:
            extra = {"dependants": refused.lines, "refusal": refused.message}
            return render(
                request, "base/object_delete.html", self.context(obj, **extra), status=409
            )
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            dependants = sorted({f"{o._meta.verbose_name}: {o}" for o in exc.protected_objects})
            return render(
                request,
                "base/object_delete.html",
                self.context(obj, dependants=dependants),
                status=409,
            )
        messages.success(request, _("Deleted: %(name)s") % {"name": obj})
        return HttpResponseRedirect(reverse(f"{app}:{name}_list"))


class ModelViews:
    """The four views of one model, made from its table, filter set and form."""

    def __init__(
        self,
        model: Any,
        *,
        table: Any,
        filterset: Any,
        form: Any,
        queryset: Any = None,
        create_allowed: bool = True,
        inlines: list[Any] | None = None,
        detail_class: Any = None,
    ) -> None:
        attrs = {"model": model, "__module__": model.__module__}
        if queryset is not None:
            attrs["queryset"] = queryset
        name = model.__name__
        self.name = model._meta.model_name
        self.list = type(
            f"{name}ListView",
            (ObjectListView,),
            {
                **attrs,
                "table_class": table,
                "filterset_class": filterset,
                "create_allowed": create_allowed,
            },
        )
        self.detail = type(f"{name}DetailView", (detail_class or ObjectDetailView,), dict(attrs))
        self.edit = type(
            f"{name}EditView",
            (ObjectEditView,),
            {
                "model": model,
                "form_class": form,
                "inlines": inlines or [],
            },
        )
        self.delete = type(f"{name}DeleteView", (ObjectDeleteView,), {"model": model})


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal next to the form fields it names, the rest above the form.

    A field the form does not show (a model field the service checked) is reported above the
    form too, so that no refusal is lost.
    """
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields and name != NON_FIELD_ERRORS else None
            form.add_error(field, errors)
    else:
        form.add_error(None, exc)


def finish_write(request: HttpRequest, url: str, message: str) -> HttpResponse:
    """Answer a successful write: a redirect with ``message`` for the next page.

    An htmx request (a form in a modal) gets ``HX-Redirect``, or ``HX-Refresh`` when it goes
    back to the page the modal was opened on (a change of ``#fragment`` alone would not reload).
    """
    messages.success(request, message)
    htmx = getattr(request, "htmx", None)
    if htmx:
        current = urlsplit(htmx.current_url or "")
        if current.path == urlsplit(url).path and not current.query:
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


class ServiceFormView(LoginRequiredMixin, View):
    """A page whose form is written by a service: the one page → form → service → error path.

    GET shows the form. POST validates it and, if valid, calls :meth:`perform` (which calls a
    service with ``acting_user=self.request.user``) in one transaction. A ``ValidationError``
    of the service (a :class:`~hezuo.base.services.Conflict` too) is shown on the form, next to
    the fields it names or above the form; a ``PermissionDenied`` answers 403 (audited); on
    success the user is redirected with a message (htmx: ``HX-Redirect``). An htmx request that
    is not boosted gets the form's fragment alone (a modal) when ``fragment_name`` is set.

    A subclass sets the form and the templates, and writes :meth:`perform`; :meth:`prepare`
    loads the record the page is about (404 / 403 before any form is shown)::

        class MilestoneDoneView(ServiceFormView):
            form_class = forms.MilestoneDoneForm
            template_name = "projects/records/form_page.html"
            fragment_name = "projects/records/_form.html"
            title = _("Mark the milestone done")

            def prepare(self):
                self.project = project_or_404(self.request, self.kwargs["pk"], Action.CHANGE)
                self.milestone = get_object_or_404(
                    Milestone, project=self.project, pk=self.kwargs["milestone"]
                )

            def get_initial(self):
                return {"actual_on": timezone.localdate(), "version": self.milestone.version}

            def perform(self, form):
                return services.complete_milestone(
                    milestone=self.milestone, acting_user=self.request.user, **form.cleaned_data
                )

            def get_success_url(self, result):
                return self.project.get_absolute_url() + "#records"

            def get_success_message(self, result):
                return _("Milestone done: %(name)s") % {"name": result}

    A form whose ``__init__`` takes ``user`` (e.g. one narrowing its choices to the user's
    records) receives the request's user.
    """

    form_class: type[forms.BaseForm]
    template_name = "base/service_form.html"
    #: The form alone, for an htmx request (a modal); ``None``: the whole page.
    fragment_name: str | None = None
    title: Any = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.prepare()
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> None:
        """Load what the page is about from ``self.kwargs``; raise Http404 / PermissionDenied."""

    def get_initial(self) -> dict[str, Any]:
        return {}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"initial": self.get_initial()}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        if "user" in inspect.signature(self.form_class.__init__).parameters:
            kwargs["user"] = self.request.user
        return kwargs

    def get_form(self) -> forms.BaseForm:
        return self.form_class(**self.get_form_kwargs())

    def perform(self, form: Any) -> Any:
        """Call the service with the form's cleaned data; return what it wrote."""
        raise NotImplementedError(f"{type(self).__name__} must say which service it calls")

    def get_success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())

    def get_success_message(self, result: Any) -> str:
        return _("Saved: %(name)s") % {"name": result}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The template's context: the form, the title, the URL posted to, the fragment."""
        context = {
            "title": self.title,
            "action": self.request.get_full_path(),
            "fragment": self.fragment_name,
            **kwargs,
        }
        return context

    def render_form(self, form: forms.BaseForm) -> HttpResponse:
        context = self.get_context_data(form=form)
        htmx = getattr(self.request, "htmx", None)
        if self.fragment_name and htmx and not htmx.boosted:
            return render(self.request, self.fragment_name, context)
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if not form.is_valid():
            return self.render_form(form)
        try:
            with transaction.atomic():
                result = self.perform(form)
        except ValidationError as exc:  # the service's refusal, a stale version included
            add_service_errors(form, exc)
            return self.render_form(form)
        return finish_write(request, self.get_success_url(result), self.get_success_message(result))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page (``handler400``): the reason in the reader's language, never Python's."""
    # Only our own refusals carry a message meant for the reader (a SuspiciousOperation's is
    # for the log).
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)
