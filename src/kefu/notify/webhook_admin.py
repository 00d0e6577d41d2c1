"""Admin site for webhooks: subscriptions and allowed hosts through the services, the log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from kefu.core.permissions import allowed
from kefu.notify import webhook_services
from kefu.notify.models import WebhookAllowedHost, WebhookDelivery, WebhookSubscription
from kefu.notify.webhooks import WEBHOOK_EVENTS


class AdminsOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, "webhook.manage")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(name, name) for name in WEBHOOK_EVENTS], widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "active")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(AdminsOnly):
    form = SubscriptionForm
    list_display = ("name", "url", "active", "created_at")
    readonly_fields = ("secret",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = ["name", "url", "events", "active"]
        return [*fields, "secret"] if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        values = {field: form.cleaned_data[field] for field in SubscriptionForm.Meta.fields}
        actor = request.user
        if change:
            saved = webhook_services.update_subscription(
                actor=actor,  # type: ignore[arg-type]
                subscription_id=obj.pk,
                values=values,
            )
        else:
            saved = webhook_services.create_subscription(actor=actor, values=values)  # type: ignore[arg-type]
        obj.pk = saved.pk


@admin.register(WebhookAllowedHost)
class WebhookAllowedHostAdmin(AdminsOnly):
    list_display = ("host", "note", "created_by", "created_at")
    fields = ("host", "note")
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and self.has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = webhook_services.allow_webhook_host(
            actor=request.user,  # type: ignore[arg-type]
            host=form.cleaned_data["host"],
            note=form.cleaned_data["note"],
        )
        obj.pk = saved.pk

    @admin.action(description=gettext_lazy("Revoke the selected hosts"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[WebhookAllowedHost]) -> None:
        for row in queryset:
            webhook_services.revoke_webhook_host(actor=request.user, host_id=row.pk)  # type: ignore[arg-type]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdminsOnly):
    """The delivery log, read-only; retries and their errors are on the outbox delivery."""

    list_display = ("id", "subscription", "event", "status", "response_status", "created_at")
    list_filter = ("status",)
    readonly_fields = (
        "subscription",
        "event",
        "status",
        "response_status",
        "refusal",
        "created_at",
        "delivered_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
