"""Admin site for scripts and articles; every save goes through the knowledge services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from kefu.core.permissions import allowed
from kefu.knowledge import services
from kefu.knowledge.models import KnowledgeArticle, Script


class EditorAdmin(admin.ModelAdmin):
    """Open to the roles ``permission`` names; rows are switched off, never deleted."""

    permission = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request.user, self.permission)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScriptForm(forms.ModelForm):
    class Meta:
        model = Script
        fields = ("scene", "title", "body", "notes", "language", "seed", "active", "sort_order")

    def _post_clean(self) -> None:
        super()._post_clean()
        for field, message in services.script_errors(self.instance).items():
            if field not in self.errors:
                self.add_error(field, message)


@admin.register(Script)
class ScriptAdmin(EditorAdmin):
    permission = "script.edit"
    form = ScriptForm
    list_display = ("title", "scene", "language", "seed", "active", "sort_order")
    list_filter = ("scene", "language", "active")
    search_fields = ("title", "body")

    def save_model(self, request: HttpRequest, obj: Script, form: Any, change: bool) -> None:
        services.save_script(actor=request.user, script=obj)  # type: ignore[arg-type]


class ArticleForm(forms.ModelForm):
    tags = forms.CharField(required=False, help_text="Separate tags with commas.")

    class Meta:
        model = KnowledgeArticle
        fields = ("title", "body", "category", "subtype", "tags", "published")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [t.strip() for t in raw.replace("，", ",").split(",") if t.strip()]

    def _post_clean(self) -> None:
        super()._post_clean()
        for field, message in services.article_errors(self.instance).items():
            if field not in self.errors:
                self.add_error(field, message)


@admin.register(KnowledgeArticle)
class ArticleAdmin(EditorAdmin):
    permission = "article.edit"
    form = ArticleForm
    list_display = ("title", "category", "subtype", "published", "updated_at")
    list_filter = ("published", "category", "subtype")
    search_fields = ("title",)
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = {f: getattr(obj, f) for f in services.ARTICLE_FIELDS}
        if change:
            changed = {f: data[f] for f in form.changed_data if f in data}
            services.update_article(actor=request.user, article_id=obj.pk, changes=changed)  # type: ignore[arg-type]
        else:
            obj.pk = services.create_article(actor=request.user, **data).pk  # type: ignore[arg-type]
