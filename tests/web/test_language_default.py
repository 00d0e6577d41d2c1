"""Chinese by default whatever the browser says; a person's own choice wins (P-07)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.req("P-07")


def test_an_english_browser_still_gets_the_chinese_login_page(db):
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_a_chosen_language_is_kept_across_requests(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_simplified_chinese(db):
    client = Client()
    client.cookies["django_language"] = "xx"

    assert client.get("/login/").headers["Content-Language"] == "zh-hans"


def test_an_api_client_gets_the_language_it_asks_for(db):
    response = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "en"
    assert response.json()["message"] == "Log in or present a valid API token."
