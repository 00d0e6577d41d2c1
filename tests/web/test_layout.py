"""The base layout: navigation by role, vendored assets, htmx CSRF header, friendly error pages."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.req("P-01")

ADMIN_LINK = '<a class="nav-link" href="/admin/">管理</a>'


def test_an_agent_has_no_admin_link(agent):
    html = client_for(agent).get("/").content.decode()

    assert ADMIN_LINK not in html
    assert '<a class="nav-link" href="/api/v1/docs">API 文档</a>' in html
    assert 'href="/calendar/">工作日历</a>' in html
    assert 'href="/policies/">时效规则</a>' in html


@pytest.mark.parametrize("role", ["supervisor", "manager", "admin_user"])
def test_supervisors_managers_and_admins_have_the_admin_link(db, request, role):
    html = client_for(request.getfixturevalue(role)).get("/").content.decode()

    assert ADMIN_LINK in html


def test_pages_load_only_vendored_assets(agent):
    html = client_for(agent).get("/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/web/kefu.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/web/kefu.js",
    ]
    assert "//cdn" not in html


def test_htmx_requests_carry_the_csrf_token(agent):
    client = client_for(agent)

    html = client.get("/").content.decode()

    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token is not None
    assert len(token.group(1)) == 64


def test_logging_out_is_a_post_form(agent):
    html = client_for(agent).get("/").content.decode()

    assert '<form method="post" action="/logout/" class="d-inline">' in html


@pytest.mark.req("P-07")
def test_an_unknown_page_is_a_friendly_404_in_chinese(agent):
    response = client_for(agent).get("/no/such/page/")

    assert response.status_code == 404
    assert "此页面不存在。" in response.content.decode()


def test_a_forbidden_page_is_a_friendly_403(agent):
    response = client_for(agent).get("/policies/ticket.online.first_response/edit/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "您没有查看此页面的权限。" in html
    assert "如工作需要，请联系您的主管或系统管理员。" in html


@pytest.mark.req("P-07")
def test_the_500_page_renders_without_a_request(db):
    html = render_to_string("500.html")

    assert "系统出现了错误。" in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html


def test_a_signed_in_user_visiting_login_goes_home(agent):
    assert client_for(agent).get("/login/")["Location"] == "/"


def test_the_login_page_has_no_navigation_for_anonymous_visitors(db):
    html = Client().get("/login/").content.decode()

    assert "工作日历" not in html
    assert 'data-testid="language-switch"' in html
