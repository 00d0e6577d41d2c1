"""Admin site for the banned-phrase list; every save goes through the quality service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from kefu.core.permissions import allowed
from kefu.quality import services
from kefu.quality.checker import simplified
from kefu.quality.models import BannedPhrase


class BannedPhraseForm(forms.ModelForm):
    class Meta:
        model = BannedPhrase
        fields = ("phrase", "category", "alternative", "exceptions", "seed", "active")

    def _post_clean(self) -> None:
        super()._post_clean()
        self.instance.phrase = simplified(str(self.instance.phrase).strip())
        for field, message in services.phrase_errors(self.instance).items():
            if field not in self.errors:
                self.add_error(field, message)


@admin.register(BannedPhrase)
class BannedPhraseAdmin(admin.ModelAdmin):
    form = BannedPhraseForm
    list_display = ("phrase", "category", "alternative", "seed", "active")
    list_filter = ("category", "active")
    search_fields = ("phrase",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, "phrase.manage")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch a phrase off with "active" instead

    def save_model(self, request: HttpRequest, obj: BannedPhrase, form: Any, change: bool) -> None:
        services.save_banned_phrase(actor=request.user, phrase=obj)  # type: ignore[arg-type]
