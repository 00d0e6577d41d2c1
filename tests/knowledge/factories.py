"""Factories of the knowledge app."""

from __future__ import annotations

import factory

from kefu.knowledge.models import KnowledgeArticle, Script


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgeArticle

    title = factory.Sequence(lambda n: f"测试文章{n}")
    body = "第一步：打开设置。"
    category = "customer_usage"
    subtype = ""
    tags = factory.LazyFunction(list)
    published = True


class ScriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Script

    scene = "closing"
    title = factory.Sequence(lambda n: f"测试话术{n}")
    body = "感谢您的理解，{customer_name}。"
    language = "zh-hans"
