"""Admin site for channels: the email records and WeChat messages, read-only (admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kefu.channels.models import MailRecord, WeChatMessage
from kefu.core.permissions import allowed


class ReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, "channels.quarantine")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MailRecord)
class MailRecordAdmin(ReadOnly):
    list_display = ("message_id", "outcome", "source", "ticket", "created_at")
    list_filter = ("outcome", "source")
    search_fields = ("message_id",)


@admin.register(WeChatMessage)
class WeChatMessageAdmin(ReadOnly):
    list_display = ("msg_id", "kind", "ticket", "opened_ticket", "created_at")
