"""Admin site for the calendar and policies; every write goes through the sla services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kefu.sla import services
from kefu.sla.models import CalendarDay, CalendarYear, Deadline, Policy, WorkingPeriod


class CalendarRowAdmin(admin.ModelAdmin):
    """Calendar rows are plain data; saving them bumps the revision so engines rebuild."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return getattr(request.user, "role", "") == "admin"

    has_view_permission = has_add_permission = has_change_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )
    has_delete_permission = has_change_permission

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.calendar_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        services.calendar_changed()


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(CalendarRowAdmin):
    list_display = ("weekday", "starts_at", "ends_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarRowAdmin):
    list_display = ("day", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "day"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        services.set_calendar_day(actor=request.user, day=obj.day, kind=obj.kind, name=obj.name)  # type: ignore[arg-type]


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarRowAdmin):
    list_display = ("year", "source", "updated_at")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "name",
        "minutes",
        "clock",
        "offday_minutes",
        "offday_clock",
        "warn_before_minutes",
    )
    readonly_fields = ("key", "seed")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        services.update_policy(
            actor=request.user,  # type: ignore[arg-type]
            key=obj.key,
            changes={f: form.cleaned_data[f] for f in form.changed_data},
        )


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "subject_type",
        "subject_id",
        "owner",
        "team",
        "due_at",
        "met_at",
        "breached_at",
        "estimated",
    )
    list_filter = ("kind", "estimated")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
