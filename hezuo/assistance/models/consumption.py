"""Consumption assistance (消费帮扶): products, procurement lines under the procurement
agreements of ``events.Agreement``, and deliveries."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel, NamedModel
from hezuo.events.choices import AgreementKind

from ..choices import CapacityPeriod
from .common import PAIRINGS, ZERO, check_pairing, money


class Product(NamedModel):
    """A product of the assisted region, offered by a supplier."""

    access_group = "consumption"
    access_paths = {
        "program": "program",
        "organisation": "supplier",
        "region": "supplier__region__code",
    }

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="products",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    supplier = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="assistance_products",
        verbose_name=_("supplier"),
    )
    category = models.CharField(_("category"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("kg, box, bag, …"))
    price = money(_("price per unit (yuan)"), default=None, null=True, blank=True)
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Empty when not known."),
    )
    capacity_period = models.CharField(
        _("capacity per"), max_length=8, choices=CapacityPeriod.choices, default=CapacityPeriod.YEAR
    )

    class Meta:
        ordering = ["supplier", "name_zh_hans"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def get_absolute_url(self) -> str:
        return reverse("assistance:product_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))


def _check_procurement(agreement: Any) -> None:
    if agreement is not None and agreement.kind != AgreementKind.PROCUREMENT:
        raise ValidationError({"agreement": _("Choose a procurement agreement.")})


PROCUREMENT_PATHS = {
    "program": "agreement__program",
    "organisation": "agreement__parties__organisation",
    "region": "agreement__parties__organisation__region__code",
}


class ProcurementLine(HezuoModel):
    """A product and quantity a procurement agreement covers (amended when renegotiated)."""

    access_group = "consumption"
    access_paths = PROCUREMENT_PATHS

    agreement = models.ForeignKey(
        "events.Agreement",
        models.PROTECT,
        related_name="procurement_lines",
        verbose_name=_("procurement agreement"),
        limit_choices_to={"kind": AgreementKind.PROCUREMENT},
    )
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="lines", verbose_name=_("product")
    )
    quantity = models.DecimalField(
        _("agreed quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    amended_quantity = models.DecimalField(
        _("amended quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("When the agreement was amended: the quantity it now covers."),
    )
    unit_price = money(_("agreed price per unit (yuan)"))

    class Meta:
        ordering = ["agreement", "product"]
        verbose_name = _("procurement line")
        verbose_name_plural = _("procurement lines")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "product"],
                name="procurementline_once_per_product",
                violation_error_message=_("This product is already on this agreement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.product} · {self.limit}"

    @property
    def limit(self) -> Decimal:
        return self.amended_quantity if self.amended_quantity is not None else self.quantity

    def get_absolute_url(self) -> str:
        return reverse("assistance:procurementline_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _check_procurement(getattr(self, "agreement", None))


class Delivery(HezuoModel):
    """A delivery of a product under a procurement agreement."""

    access_group = "consumption"
    access_paths = PROCUREMENT_PATHS

    agreement = models.ForeignKey(
        "events.Agreement",
        models.PROTECT,
        related_name="deliveries",
        verbose_name=_("procurement agreement"),
        limit_choices_to={"kind": AgreementKind.PROCUREMENT},
    )
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="deliveries", verbose_name=_("product")
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    amount = money(
        _("amount (yuan)"),
        blank=True,
        help_text=_(
            "Left empty (or 0): the agreed price per unit × quantity. Give another amount "
            "where it differs (a discount)."
        ),
    )

    class Meta:
        ordering = ["-delivered_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.product} · {self.delivered_on} · {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:delivery_detail", args=[self.pk])

    def agreed_amount(self) -> Decimal | None:
        """The agreed price per unit × quantity (None: no line, or the line has no price)."""
        if not (self.agreement_id and self.product_id) or self.quantity is None:
            return None
        price = (
            ProcurementLine.objects.filter(
                agreement_id=self.agreement_id, product_id=self.product_id
            )
            .values_list("unit_price", flat=True)
            .first()
        )
        if not price:
            return None
        return (price * self.quantity).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def clean(self) -> None:
        super().clean()
        _check_procurement(getattr(self, "agreement", None))
        # A delivery left at 0 would silently understate the consumption sales of the yearly
        # assessment: an empty or zero amount is the agreed price × quantity; only a line without
        # a price leaves it at 0 (the weekly money check lists such deliveries).
        if not self.amount and self.quantity:
            self.amount = self.agreed_amount() or ZERO
        elif self.amount is None:
            self.amount = ZERO
