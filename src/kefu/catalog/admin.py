"""Admin site for categories, products and orders; every write goes through the catalog services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kefu.catalog import services
from kefu.catalog.models import Category, Order, OrderItem, Product
from kefu.core.permissions import allowed


class PolicyAdmin(admin.ModelAdmin):
    """Asks the one permission policy instead of Django's model permissions."""

    manage = ""
    view = "product.view"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, self.view)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(self.manage) and allowed(request.user, self.manage)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(PolicyAdmin):
    manage = "category.manage"
    list_display = ("name", "return_days", "exchange_days")

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        services.save_category(actor=request.user, category=obj)  # type: ignore[arg-type]


@admin.register(Product)
class ProductAdmin(PolicyAdmin):
    manage = "product.manage"
    list_display = ("sku", "name", "category", "price_fen", "warranty_months", "active")
    list_filter = ("category", "active")
    search_fields = ("sku",)
    filter_horizontal = ("related",)

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        data = {f: form.cleaned_data[f] for f in form.changed_data if f != "related"}
        if "category" in data:
            data["category_id"] = data.pop("category").pk
        if "related" in form.changed_data:
            data["related_ids"] = [p.pk for p in form.cleaned_data["related"]]
        if change:
            services.update_product(actor=request.user, product=obj, changes=data)  # type: ignore[arg-type]
        else:
            created = services.create_product(actor=request.user, data=data)  # type: ignore[arg-type]
            obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Related products were saved by the service."""


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    fields = ("product", "quantity", "unit_price_fen")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(PolicyAdmin):
    """Orders are read here; they come from the API, the import and the order pages."""

    view = "order.import"
    list_display = (
        "number",
        "customer_id",
        "channel",
        "amount_fen",
        "purchased_at",
        "delivery_status",
        "delivered_on",
    )
    list_filter = ("delivery_status", "channel")
    search_fields = ("=number",)
    readonly_fields = (
        "number",
        "customer",
        "channel",
        "amount_fen",
        "purchased_at",
        "delivery_status",
        "tracking_number",
        "delivered_on",
    )
    inlines = (OrderItemInline,)
    show_full_result_count = False
