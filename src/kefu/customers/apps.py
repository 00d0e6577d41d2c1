from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "kefu.customers"
    label = "customers"
    verbose_name = "客户"

    def ready(self) -> None:
        from kefu.core.personal import register_personal
        from kefu.customers.models import Customer

        register_personal(
            Customer, name="name", phone="phone", alt_phone="phone", email="email",
            wechat_id="wechat", address="address", birthday="birthday",
        )
