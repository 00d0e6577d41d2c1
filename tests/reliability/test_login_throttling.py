"""Login throttling per account and per address, with a clear message (issue 14, P-01)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.req("P-01")


@pytest.fixture(autouse=True)
def _throttling_on(settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1", **headers):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_an_account_is_locked_after_the_failure_limit_even_with_the_right_password(agent):
    client = Client()
    assert [attempt(client, "agent", "wrong").status_code for _ in range(3)] == [200, 200, 429]

    locked = attempt(client, "agent", PASSWORD)

    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_changing_address_does_not_unlock_the_account(agent):
    for n in range(3):
        attempt(Client(), "agent", "wrong", ip=f"10.0.1.{n}")

    locked = attempt(Client(), "agent", PASSWORD, ip="10.0.2.9")

    assert locked.status_code == 429


def test_a_forwarded_for_header_does_not_hide_the_address(agent, teammate):
    """Lockout bypass seen in peers: rotating X-Forwarded-For must not reset the count."""
    for n in range(3):
        attempt(Client(), f"nobody{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    locked = attempt(Client(), "teammate", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert locked.status_code == 429


def test_one_address_guessing_many_accounts_is_locked(agent):
    for n in range(3):
        attempt(Client(), f"guess{n}", "wrong", ip="10.9.9.9")

    assert attempt(Client(), "agent", PASSWORD, ip="10.9.9.9").status_code == 429
    assert attempt(Client(), "agent", PASSWORD, ip="10.9.9.10").status_code == 302


def test_a_successful_login_below_the_limit_resets_the_count(agent):
    client = Client()
    attempt(client, "agent", "wrong")
    attempt(client, "agent", "wrong")
    assert attempt(client, "agent", PASSWORD).status_code == 302
    client.logout()

    attempt(client, "agent", "wrong")
    attempt(client, "agent", "wrong")

    assert attempt(client, "agent", PASSWORD).status_code == 302
