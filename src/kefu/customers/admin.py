"""Admin site of the customers app: the retention policy, through its service (C-05)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kefu.core.errors import DomainError
from kefu.customers.models import RetentionPolicy
from kefu.customers.retention_policy import set_retention_policy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("enabled", "inactive_months", "updated_by", "updated_at")
    fields = ("enabled", "inactive_months")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return getattr(request.user, "role", "") == "admin"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RetentionPolicy, form: Any, change: bool
    ) -> None:
        try:
            set_retention_policy(
                actor=request.user,  # type: ignore[arg-type]
                enabled=obj.enabled,
                inactive_months=obj.inactive_months,
            )
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
