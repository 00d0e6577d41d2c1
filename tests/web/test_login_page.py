"""Logging in and out, and the interface language: Simplified Chinese first (P-07, P-01)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, client_for


def switch_language(client: Client, language: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/login/"})
    assert response.status_code == 302


@pytest.mark.req("P-07")
def test_the_login_page_is_in_simplified_chinese_by_default(db):
    response = Client().get("/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert '<h1 class="h4 mb-1">登录</h1>' in html
    assert "请使用员工账号登录客服系统。" in html
    assert "<title>登录 · 客服 Kefu</title>" in html


@pytest.mark.req("P-07")
def test_switching_to_traditional_chinese_shows_traditional_text(db):
    client = Client()
    switch_language(client, "zh-hant")

    html = client.get("/login/").content.decode()

    assert '<html lang="zh-hant">' in html
    assert '<h1 class="h4 mb-1">登入</h1>' in html
    assert "請使用員工賬號登入客服系統。" in html


@pytest.mark.req("P-07")
def test_switching_to_english_shows_english_text(db):
    client = Client()
    switch_language(client, "en")

    html = client.get("/login/").content.decode()

    assert '<html lang="en">' in html
    assert '<h1 class="h4 mb-1">Log in</h1>' in html
    assert "Sign in to Kefu with your staff account." in html


@pytest.mark.req("P-07")
def test_a_wrong_password_is_reported_in_place_in_chinese(agent):
    response = Client().post("/login/", {"username": "agent", "password": "wrong"})

    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.req("P-07")
def test_a_wrong_password_is_reported_in_english_after_switching(agent):
    client = Client()
    switch_language(client, "en")

    response = client.post("/login/", {"username": "agent", "password": "wrong"})

    assert (
        "Please enter a correct username and password. Note that both fields may be "
        "case-sensitive." in response.content.decode()
    )


@pytest.mark.req("P-01")
def test_an_agent_logs_in_and_lands_on_the_home_page(agent):
    client = Client()

    response = client.post("/login/", {"username": "agent", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(agent.pk)


@pytest.mark.req("P-01")
@pytest.mark.parametrize("path", ["/", "/calendar/", "/calendar/2026/", "/policies/"])
def test_anonymous_visitors_are_sent_to_the_login_page(db, path):
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


@pytest.mark.req("P-01")
def test_logging_out_takes_a_post_and_ends_the_session(agent):
    client = client_for(agent)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


@pytest.mark.req("P-07")
def test_the_navbar_names_the_user_and_role_and_offers_the_three_languages(agent):
    agent.first_name = "王小明"
    agent.save()

    html = client_for(agent).get("/").content.decode()

    assert '<span class="fw-semibold">王小明</span>' in html
    assert '<span class="badge rounded-pill text-bg-light ms-1">客服专员</span>' in html
    for code, name in (("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")):
        assert f'value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html
