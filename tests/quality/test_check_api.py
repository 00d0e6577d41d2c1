"""The reply checker over the API, as the composers call it before sending (G-01, G-02)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.req("G-01", "G-02")


def post(user, path, body, **headers):
    return client_for(user).post(path, body, content_type="application/json", **headers)


def test_findings_of_a_traditional_reply(agent):
    response = post(
        agent,
        "/api/v1/quality/check-reply",
        {"text": "這個我不知道，保證沒問題"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.json() == {
        "ok": False,
        "findings": [
            {
                "phrase": "不知道",
                "start": 3,
                "end": 6,
                "matched": "不知道",
                "category": "ignorance",
                "category_label": "Ignorance",
                "alternative": "您的问题我需要核实一下，1小时内给您回复，可以吗？",
            },
            {
                "phrase": "保证",
                "start": 7,
                "end": 9,
                "matched": "保證",
                "category": "over_promise",
                "category_label": "Over-promising",
                "alternative": "您的问题需要技术部门检测，24小时内给您回复。（只承诺做得到的时间）",
            },
        ],
    }


def test_a_clean_reply_is_ok(agent):
    response = post(agent, "/api/v1/quality/check-reply", {"text": "我会尽力帮您解决。"})

    assert response.json() == {"ok": True, "findings": []}


def test_the_opening_check(agent):
    response = post(agent, "/api/v1/quality/check-opening", {"text": "在吗"})

    assert response.json() == {
        "greeting": False,
        "self_introduction": False,
        "intent": False,
        "complete": False,
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/quality/check-reply", {}),
        ("/api/v1/quality/check-reply", {"text": ["不知道"]}),
        ("/api/v1/quality/check-reply", {"text": "字" * 10001}),
        ("/api/v1/quality/check-reply", '"不知道"'),
        ("/api/v1/quality/check-opening", {"text": None}),
    ],
)
def test_bad_input_is_a_422(agent, path, body):
    response = post(agent, path, body)

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"


def test_checking_needs_a_login(db):
    response = Client().post(
        "/api/v1/quality/check-reply", {"text": "不知道"}, content_type="application/json"
    )

    assert response.status_code == 401
