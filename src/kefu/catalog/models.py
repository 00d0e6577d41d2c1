"""Products with warranty and replacement cycle (O-01), orders with items and delivery (O-02)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.models import Channel
from kefu.customers.models import Customer


class Category(models.Model):
    """A product category and its after-sales windows, edited by an admin (O-03)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    return_days = models.PositiveSmallIntegerField(
        _("no-reason return window (days)"),
        default=7,
        help_text=_("Days after delivery in which the customer may return without a reason."),
    )
    exchange_days = models.PositiveSmallIntegerField(
        _("exchange window (days)"),
        default=15,
        help_text=_("Days after delivery in which a faulty item is exchanged."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    price_fen = models.PositiveIntegerField(_("price (fen)"))
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=12)
    replacement_cycle_months = models.PositiveSmallIntegerField(
        _("replacement cycle (months)"), null=True, blank=True
    )
    related = models.ManyToManyField("self", verbose_name=_("related products"), blank=True)
    selling_points = models.TextField(_("selling points"), blank=True)
    active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Not shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned")


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=40, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    purchased_at = models.DateTimeField(_("purchased"))
    delivery_status = models.CharField(
        _("delivery status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-purchased_at", "-id"]
        indexes = [models.Index(fields=["customer", "-purchased_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(delivery_status__in=["delivered", "returned"]),
                name="order_delivered_on_only_when_delivered",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_yuan(self) -> str:
        """``1299.00``: the amount as people read it."""
        return f"{Decimal(self.amount_fen) / 100:.2f}"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="order_items"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price_fen = models.PositiveIntegerField(_("unit price (fen)"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="item_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order.number} · {self.product.name} × {self.quantity}"
