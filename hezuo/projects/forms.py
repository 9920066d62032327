from __future__ import annotations

import os
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.date_widgets import IsoDateInput
from hezuo.core import lifecycle

from .choices import EvidenceKind, Stage
from .models import Project, ProjectParty


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    """A project's record. Its stage is set once, when it is added; after that the stage only
    changes through a stage move (``services.advance_stage``), with its date and evidence."""

    class Meta:
        model = Project
        fields = [
            "code",
            "title_zh_hans",
            "title_ja",
            "title_en",
            "program",
            "sub_area",
            "region",
            "stage",
            "stage_since",
            "responsible_organisation",
            "industry_classes",
            "industry_directions",
            "agreements",
            "description",
            "is_synthetic",
        ]
        widgets = {"stage_since": IsoDateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["stage"]
            del self.fields["stage_since"]


class ProjectPartyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProjectParty
        fields = ["organisation", "role"]


ProjectPartyFormSet = forms.inlineformset_factory(
    Project, ProjectParty, form=ProjectPartyForm, extra=1, can_delete=True
)


class StageMoveForm(forms.Form):
    """A move of a project to another stage, as the zone office records it."""

    to_stage = forms.ChoiceField(label=_("new stage"), choices=Stage.choices)
    happened_on = forms.DateField(
        label=_("date it happened"),
        widget=IsoDateInput(),
        help_text=_("The day the project reached the stage (not today's date, unless it is)."),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea({"rows": 2}))
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Needed for a move backward, to terminated, or out of terminated."),
    )
    skip_reason = forms.CharField(
        label=_("why stages are skipped"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Needed when the move jumps over one or more stages."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (value, label) for value, label in Stage.choices if value != project.stage
        ]
        following = (
            lifecycle.STAGES.index(project.stage) + 1 if project.stage in lifecycle.STAGES else 0
        )
        if not self.is_bound and following < len(lifecycle.STAGES):
            self.initial.setdefault("to_stage", lifecycle.STAGES[following])
        self.initial.setdefault("happened_on", timezone.localdate())


#: What a zone office receives as evidence: scans, office documents, and OFD (China's format for
#: electronic licences and invoices, GB/T 33190-2016).
EVIDENCE_EXTENSIONS = (
    "pdf",
    "ofd",
    "jpg",
    "jpeg",
    "png",
    "tif",
    "tiff",
    "doc",
    "docx",
    "xls",
    "xlsx",
)
EVIDENCE_MAX_BYTES = 20 * 2**20


class EvidenceForm(forms.Form):
    """One document given with a stage move: a file, a reference, or both."""

    kind = forms.ChoiceField(
        label=_("kind of evidence"), choices=[("", "—"), *EvidenceKind.choices], required=False
    )
    reference = forms.CharField(
        label=_("reference"),
        required=False,
        max_length=300,
        help_text=_("Document number, issuing authority, or where the original is kept."),
    )
    file = forms.FileField(label=_("file"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of this type cannot be attached (allowed: %(allowed)s).")
                % {"allowed": ", ".join(EVIDENCE_EXTENSIONS)}
            )
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": EVIDENCE_MAX_BYTES // 2**20}
            )
        return upload

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("file") or (data.get("reference") or "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_content() and not data.get("kind"):
            self.add_error("kind", _("Say what kind of document this is."))
        elif data.get("kind") and not self.has_content():
            self.add_error("reference", _("Attach a file or give a reference."))
        return data


class BaseEvidenceFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def items(self) -> list[dict[str, Any]]:
        """Return the evidence rows that were filled in."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("kind")]


EvidenceFormSet = forms.formset_factory(EvidenceForm, formset=BaseEvidenceFormSet, extra=3)
