"""Admin site for the core: users and teams through services; audit log and outbox read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from kefu.core import events
from kefu.core.models import ApiToken, AuditEntry, Delivery, Department, Team, User
from kefu.core.tokens import create_api_token, revoke_api_token

admin.site.site_header = "客服 Kefu"
admin.site.site_title = "Kefu"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class KefuUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Kefu", {"fields": ("role", "team", "department", "language")}),
    )


admin.site.register(Team)
admin.site.register(Department)


@admin.register(AuditEntry)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "subject_type", "subject_id", "summary")
    list_filter = ("action",)
    search_fields = ("subject_id", "action")
    show_full_result_count = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "event", "handler", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status",)
    actions = ["retry"]
    show_full_result_count = False

    @admin.action(description="Retry failed deliveries")
    def retry(self, request: HttpRequest, queryset: Any) -> None:
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            events.retry_failed(actor=request.user, delivery_id=delivery.pk)  # type: ignore[arg-type]
        messages.success(request, "Queued again.")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "user")
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, key = create_api_token(actor=request.user, user=obj.user, name=obj.name)  # type: ignore[arg-type]
        obj.pk = token.pk
        messages.warning(request, f"Copy this key now; it is not shown again: {key}")

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            revoke_api_token(actor=request.user, token_id=token.pk)  # type: ignore[arg-type]
