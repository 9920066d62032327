"""Generic views each app's models declare a few lines over: list, detail, edit, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import ProtectedError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .history import history_entries


def _names(model: Any) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


class ObjectListView(LoginRequiredMixin, SingleTableMixin, FilterView):  # type: ignore[misc]
    template_name = "base/object_list.html"
    paginate_by = 50
    create_allowed = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, name = _names(self.model)
        context["meta"] = self.model._meta
        context["add_url"] = reverse(f"{app}:{name}_add") if self.create_allowed else None
        return context


class ObjectDetailView(LoginRequiredMixin, DetailView):  # type: ignore[type-arg]
    def get_template_names(self) -> list[str]:
        app, name = _names(self.model)
        return [f"{app}/{name}_detail.html", "base/object_detail.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, name = _names(self.model)
        context["meta"] = self.model._meta
        context["history"] = history_entries(self.object)
        context["edit_url"] = reverse(f"{app}:{name}_edit", args=[self.object.pk])
        context["delete_url"] = reverse(f"{app}:{name}_delete", args=[self.object.pk])
        context["list_url"] = reverse(f"{app}:{name}_list")
        return context


class ObjectEditView(LoginRequiredMixin, UpdateView):  # type: ignore[type-arg]
    """Create (no pk) or edit a record; an edit based on a stale version is refused."""

    template_name = "base/object_edit.html"
    form_class: type[ModelForm]  # type: ignore[type-arg]

    def get_object(self, queryset: Any = None) -> Any:
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    inlines: list[Any] = []

    def get_inlines(self) -> list[Any]:
        data = self.request.POST if self.request.method == "POST" else None
        return [
            inline(data, instance=self.object, prefix=inline.model._meta.model_name)
            for inline in self.inlines
        ]

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
        if self.object is not None and posted and str(self.object.version) != posted:
            form.add_error(
                None,
                _(
                    "Someone else saved this record while you were editing it "
                    "(version %(theirs)s, you started from %(yours)s). Reload to see their changes."
                )
                % {"theirs": self.object.version, "yours": posted},
            )
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        with transaction.atomic():
            self.object = form.save()
            for formset in formsets:
                formset.instance = self.object
                formset.save()
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())


class ObjectDeleteView(LoginRequiredMixin, View):
    """Delete a record after confirmation; refused with the dependants listed when protected."""

    model: Any

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        return render(request, "base/object_delete.html", {"object": obj, "meta": obj._meta})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        app, name = _names(self.model)
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            dependants = sorted({f"{o._meta.verbose_name}: {o}" for o in exc.protected_objects})
            return render(
                request,
                "base/object_delete.html",
                {"object": obj, "meta": obj._meta, "dependants": dependants},
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
