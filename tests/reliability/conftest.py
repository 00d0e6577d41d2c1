"""What the reliability tests share: an API token of team A's agent, a customer of team A,
and one HTTP call against a live server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from kefu.core.models import Role
from kefu.core.tokens import create_api_token
from tests.conftest import make_user
from tests.customers.factories import CustomerFactory


def call(url: str, token: str, method: str = "GET", body: dict | None = None, **headers: str):
    """(status, decoded JSON body) of one request; an HTTP error is an answer, not a raise."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def customer(team):
    return CustomerFactory(name="王伟", phone="+8613912345678", team=team)


@pytest.fixture
def token(team) -> str:
    admin = make_user("rel-admin", Role.ADMIN)
    agent = make_user("rel-agent", Role.AGENT, team)
    return create_api_token(actor=admin, user=agent, name="reliability")[1]
