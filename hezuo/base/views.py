"""Generic views each app's models declare a few lines over: list, detail, edit, delete.

Every view reads through ``Model.objects.restrict(user, action)``; a write is checked again
after it is made, inside its transaction, and undone when it falls outside the user's scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from hezuo.accounts.audit import note_unmasked
from hezuo.core.access import Action

from .access import lock_for_update, may, may_on
from .export import FORMATS, rows_response
from .history import history_entries, mask_personal, version_changes


def _names(model: Any) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


def is_archivable(model: Any) -> bool:
    return hasattr(model, "archived_at")


def archive_record(obj: Any, *, reason: str, request: Any) -> None:
    """Archive an important record with a reason (kept in its history and the audit log)."""
    from hezuo.accounts.audit import record

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


class OutsideScope(Exception):
    """A write would leave the record outside what the user may change; it is undone."""


def restrict_choices(form: Any, user: Any) -> None:
    """Offer in every record choice of ``form`` only the records ``user`` may see."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and hasattr(field.queryset, "restrict"):
            field.queryset = field.queryset.restrict(user, Action.VIEW)


class ObjectListView(LoginRequiredMixin, SingleTableMixin, FilterView):  # type: ignore[misc]
    template_name = "base/object_list.html"
    paginate_by = 50
    create_allowed = True

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset().restrict(self.request.user, Action.VIEW)
        if is_archivable(self.model) and self.request.GET.get("archived") != "1":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str) -> HttpResponse:
        """Download every row of the filtered list the user sees, with headers in their language."""
        from hezuo.accounts.audit import record

        filterset = self.get_filterset(self.get_filterset_class())
        queryset = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
        )
        table = self.get_table_class()(queryset)
        rows = list(table.as_values())
        params = {k: v for k, v in self.request.GET.items() if k != "export"}
        record(
            "export",
            request=self.request,
            object_type=self.model._meta.label_lower,
            detail={"format": fmt, "rows": len(rows) - 1, "filters": params},
        )
        return rows_response(rows, fmt, str(self.model._meta.verbose_name_plural))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, name = _names(self.model)
        context["meta"] = self.model._meta
        context["archivable"] = is_archivable(self.model)
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
        history = history_entries(self.object)
        if getattr(self.object, "personal_fields", ()):
            unmasked = may_on(user, self.object, Action.PERSONAL)
            for entry in history:
                mask_personal(entry.changes, self.object, unmasked=unmasked, request=self.request)
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
        restrict_choices(form, user)
        personal = [f for f in getattr(self.model, "personal_fields", ()) if f in form.fields]
        if personal:
            allowed = (
                may_on(user, self.object, Action.PERSONAL)
                if self.object is not None
                else may(user, self.model, Action.PERSONAL)
            )
            if allowed:
                if self.object is not None:
                    note_unmasked(self.request, self.object, personal)
            else:  # not shown, so not changed either
                for name in personal:
                    del form.fields[name]
        return form

    def get_inlines(self) -> list[Any]:
        data = self.request.POST if self.request.method == "POST" else None
        formsets = [
            inline(data, instance=self.object, prefix=inline.model._meta.model_name)
            for inline in self.inlines
        ]
        for formset in formsets:
            for form in [*formset.forms, formset.empty_form]:
                restrict_choices(form, self.request.user)
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
        posted = self.request.POST.get("_version")
        adding = self.object is None
        try:
            with transaction.atomic():
                if not adding:
                    # Read the version again under a row lock: of two saves made at once on the
                    # same version, the second waits here and then sees the first's version.
                    current = lock_for_update(self.model._default_manager.all(), self.object.pk)
                    if posted and str(current.version) != posted:
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
        changes = version_changes(self.object, int(posted)) if posted.isdigit() else []
        mask_personal(
            changes,
            self.object,
            unmasked=may_on(self.request.user, self.object, Action.PERSONAL),
            request=self.request,
        )
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
        return render(request, "base/object_delete.html", self.context(obj))

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
