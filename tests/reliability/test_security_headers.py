"""Security headers and cookies on every page and API answer (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.req("P-01")


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_pages_send_a_script_policy_without_unsafe_inline(agent):
    response = client_for(agent).get("/tickets/")

    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_inline_script_carries_the_responses_nonce(agent, supervisor):
    response = client_for(supervisor).get("/complaints/statistics/")
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)

    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [a for a in scripts if "src=" not in a and "application/json" not in a]
    assert inline, "the statistics page draws its chart with an inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_the_session_cookie_is_httponly_and_samesite(agent):
    client = Client()
    client.post("/login/", {"username": "agent", "password": "kefu-test-pass-123"})

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_when_served_over_https(settings, agent):
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    client.post("/login/", {"username": "agent", "password": "kefu-test-pass-123"})

    assert client.cookies["sessionid"]["secure"] is True


def test_forms_refuse_a_post_without_the_csrf_token(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post("/tickets/new/", {"description": "无令牌"})

    assert response.status_code == 403
