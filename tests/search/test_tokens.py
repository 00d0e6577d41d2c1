"""How text becomes search tokens: jieba words, two-character words inside longer ones,
Traditional folded to Simplified, the service vocabulary and product names."""

from __future__ import annotations

import pytest

from kefu.search.text import (
    document_tokens,
    highlight_terms,
    normalise,
    query_terms,
    refresh_vocabulary,
)
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_two_character_words_inside_longer_words_are_document_tokens():
    tokens = document_tokens("申请退款，物流信息不更新，商家发错货")

    assert {"退款", "物流", "发错"} <= set(tokens)


def test_a_query_is_cut_into_words_that_must_all_match():
    assert query_terms("屏幕 开不了机") == ["屏幕", "开不了机"]
    assert query_terms("手机坏了") == ["手机", "坏了"]


def test_traditional_chinese_is_folded_to_simplified_on_both_sides():
    assert normalise("手機開不了機，要求換貨") == "手机开不了机,要求换货"
    assert query_terms("換貨") == ["换货"]
    assert "换货" in document_tokens("要求換貨")


def test_full_width_letters_and_digits_fold_to_plain_lower_case():
    assert normalise("ＤＤ２０２６") == "dd2026"
    assert query_terms("ＤＤ２０２６") == ["dd2026"]


def test_particles_are_not_tokens_and_a_query_of_only_particles_has_no_words():
    assert "的" not in document_tokens("我的手机")
    assert query_terms("的了吗") == []


def test_service_words_are_cut_the_same_whatever_follows_them():
    assert "开不了机" in document_tokens("商家说开不了机了")
    assert "开不了机" in document_tokens("开不了机")


def test_product_names_join_the_dictionary_when_the_vocabulary_is_refreshed():
    ProductFactory(name="云鲸扫拖一体机")
    refresh_vocabulary()

    assert query_terms("云鲸扫拖一体机") == ["云鲸扫拖一体机"]
    assert "云鲸扫拖一体机" in document_tokens("我买的云鲸扫拖一体机坏了")


def test_the_words_marked_in_a_hit_are_the_query_words_and_its_whole_chunks():
    assert highlight_terms("王伟 退款") == ["王伟", "退款", "伟", "王"]
