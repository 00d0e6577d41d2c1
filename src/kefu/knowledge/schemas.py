"""API schemas of the knowledge app."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import field_validator

from kefu.knowledge.models import PLACEHOLDERS, Category, Language, Scene, Subtype

MAX_VALUE = 500


class ScriptFilter(Schema):
    scene: list[str] = Field(default_factory=list, description="Repeat or comma-separate")
    language: str = Language.ZH_HANS

    @field_validator("scene")
    @classmethod
    def known_scenes(cls, value: list[str]) -> list[str]:
        scenes = [s.strip() for item in value for s in item.split(",") if s.strip()]
        unknown = sorted(set(scenes) - set(Scene.values))
        if unknown:
            raise ValueError(f"unknown scene: {', '.join(unknown)}")
        return scenes

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value not in Language.values:
            raise ValueError(f"choose one of {', '.join(Language.values)}")
        return value


class ScriptOut(Schema):
    id: int
    scene: str
    scene_label: str
    title: str
    body: str
    notes: str
    placeholders: list[str]
    language: str
    seed: str
    sort_order: int

    @staticmethod
    def resolve_scene_label(obj: object) -> str:
        return str(Scene(obj.scene).label)  # type: ignore[attr-defined]


class RenderIn(Schema):
    context: dict[str, str] = Field(
        default_factory=dict, description=f"Values for {', '.join(PLACEHOLDERS)}"
    )

    @field_validator("context")
    @classmethod
    def known_placeholders(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(f"unknown placeholder: {', '.join(unknown)}")
        if any(len(v) > MAX_VALUE for v in value.values()):
            raise ValueError(f"a value is longer than {MAX_VALUE} characters")
        return value


class RenderOut(Schema):
    script_id: int
    text: str
    unfilled: list[str] = Field(..., description="Placeholders still to fill, shown as {name}")


class ArticleOut(Schema):
    id: int
    title: str
    body: str
    category: str
    subtype: str
    tags: list[str]
    published: bool
    version: int
    created_at: datetime
    updated_at: datetime


class ArticleFilter(Schema):
    category: Category | None = None
    subtype: Subtype | None = None
    limit: int = 50
    offset: int = 0


class SuggestFilter(Schema):
    category: Category | None = None
    subtype: Subtype | None = None
    text: str = Field("", max_length=2000)
    limit: int = Field(5, ge=1, le=20)


class ArticleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000)
    category: Category
    subtype: Subtype | None = None
    tags: list[str] = Field(default_factory=list, max_length=20)
    published: bool = True


class ArticlePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, min_length=1, max_length=20000)
    category: Category | None = None
    subtype: Subtype | None = None
    tags: list[str] | None = Field(None, max_length=20)
    published: bool | None = None
    version: int | None = Field(None, description="The version you read; a stale one is a 409")
