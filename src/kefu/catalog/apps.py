"""The catalog app: products, orders and the after-sales policy of an order item (O-*)."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kefu.catalog"
    label = "catalog"
    verbose_name = "商品与订单"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kefu.catalog.models import Order, OrderItem
        from kefu.catalog.views import orders_panel
        from kefu.core.personal import register_personal
        from kefu.customers.timeline import Panel, register_panel, register_timeline_label

        register_timeline_label("order.created", _("Order %(number)s placed"))
        register_timeline_label("order.delivered", _("Order %(number)s delivered"))
        register_panel(Panel("orders", "catalog/_orders_panel.html", orders_panel, order=10))
        # Orders are exported with the customer's data and kept (anonymised) on erasure (C-05).
        register_personal(Order, link="customer_id")
        register_personal(OrderItem, link="order__customer_id")
