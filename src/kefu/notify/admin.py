"""Admin site for notify: templates edited through the service, the outbox read-only with retry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import InvalidInput
from kefu.core.permissions import allowed
from kefu.notify import services
from kefu.notify.models import Message, MessageTemplate
from kefu.notify.rendering import check_placeholders


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("event", "channel", "language", "subject", "body", "active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in ("subject", "body"):
            try:
                check_placeholders(str(data.get(field) or ""), field)
            except InvalidInput as exc:
                self.add_error(field, exc.message)
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ("event", "channel", "language", "subject", "active", "updated_at")
    list_filter = ("channel", "language", "active")
    search_fields = ("event", "subject")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, "notification.manage_templates")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch a template off instead; sent messages keep their text

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("event", "channel", "language") if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        values = {f: getattr(obj, f) for f in MessageTemplateForm.Meta.fields}
        # The form already checked placeholders and uniqueness, as the service does.
        saved = services.save_template(
            actor=request.user,  # type: ignore[arg-type]
            template_id=obj.pk if change else None,
            values=values,
        )
        obj.pk = saved.pk


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: the recipient masked, the text (personal data) not shown."""

    list_display = (
        "id",
        "template_event",
        "channel",
        "masked_recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "channel")
    search_fields = ("template_event",)
    fields = (
        "template_event",
        "event",
        "channel",
        "masked_recipient",
        "customer_id",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "last_error",
        "created_at",
    )
    readonly_fields = fields
    actions = ["retry"]
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, "notification.view")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("recipient"))
    def masked_recipient(self, obj: Message) -> str:
        return obj.masked_recipient

    @admin.action(description=gettext_lazy("Retry failed notifications"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = 0
        for pk in queryset.filter(status=Message.Status.FAILED).values_list("pk", flat=True):
            services.retry_message(actor=request.user, message_id=pk)  # type: ignore[arg-type]
            count += 1
        messages.success(request, _("%(count)s notifications queued again.") % {"count": count})


from kefu.notify import webhook_admin  # noqa: E402, F401 - registers the webhook admin pages
