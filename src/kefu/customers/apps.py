"""The customers app: profiles, notes, the 360 timeline and personal-data protection (C-*)."""

from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "kefu.customers"
    label = "customers"
    verbose_name = "客户"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kefu.core.personal import register_personal
        from kefu.customers.models import Customer, Note
        from kefu.customers.timeline import register_timeline_label

        register_personal(
            Customer,
            link="pk",
            search_kind="customer",
            name="name",
            phone="phone",
            alt_phone="phone",
            email="email",
            wechat_id="wechat",
            address="address",
            birthday="birthday",
        )
        register_personal(Note, link="customer_id", text="text")
        register_timeline_label("customer.created", _("Customer record created"))
        register_timeline_label("customer.updated", _("Customer record updated"))
        register_timeline_label("customer.assigned", _("Assigned to an agent"))
        register_timeline_label("customer.contacted", _("Contact recorded"))
        register_timeline_label("customer.erased", _("Personal data erased"))
