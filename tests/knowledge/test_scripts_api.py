"""Scripts over the API: by scene, and rendered with a context (N-02)."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.knowledge.models import Script
from tests.conftest import client_for

pytestmark = pytest.mark.req("N-02")

QUALITY = (
    "非常抱歉给您带来不好的体验。"
    "请您提供订单号和问题照片，我们将为您安排免费退换货，运费由我们承担。"
)


def render(user, script_id, body):
    return client_for(user).post(
        f"/api/v1/scripts/{script_id}/render", body, content_type="application/json"
    )


def test_scripts_of_a_scene(agent):
    script = Script.objects.get(scene="quality_problem")

    response = client_for(agent).get(
        "/api/v1/scripts?scene=quality_problem", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": script.pk,
            "scene": "quality_problem",
            "scene_label": "Product quality problem",
            "title": "质量问题标准话术",
            "body": QUALITY,
            "notes": "避免使用“产品没问题”“是您使用不当”等推卸责任的表述。",
            "placeholders": [],
            "language": "zh-hans",
            "seed": "003 §3.2 场景一",
            "sort_order": 1,
        }
    ]


@pytest.mark.parametrize("query", ["scene=escalation&scene=opening", "scene=opening,escalation"])
def test_scenes_repeated_or_comma_separated(agent, query):
    response = client_for(agent).get(f"/api/v1/scripts?{query}")

    assert [s["scene"] for s in response.json()] == [
        "opening",
        "opening",
        "escalation",
        "escalation",
    ]


def test_without_a_scene_every_active_script_is_listed(agent):
    response = client_for(agent).get("/api/v1/scripts")

    assert len(response.json()) == Script.objects.filter(active=True).count()


@pytest.mark.parametrize("query", ["scene=nope", "scene=opening&language=fr"])
def test_an_unknown_scene_or_language_is_a_422(agent, query):
    response = client_for(agent).get(f"/api/v1/scripts?{query}")

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"


def test_render_fills_the_context_and_lists_what_is_left(agent):
    script = Script.objects.get(title="开场白（售前）")

    response = render(agent, script.pk, {"context": {"agent_name": "小王"}})

    assert response.status_code == 200
    assert response.json() == {
        "script_id": script.pk,
        "text": "您好！我是{brand}客户顾问小王，请问有什么可以帮到您？",
        "unfilled": ["brand"],
    }


@pytest.mark.parametrize(
    "body",
    [
        {"context": {"brnad": "海尔"}},
        {"context": {"brand": ["海尔"]}},
        {"context": {"brand": "海" * 501}},
        {"context": "brand=海尔"},
    ],
)
def test_render_with_bad_input_is_a_422(agent, body):
    script = Script.objects.get(title="开场白（售前）")

    response = render(agent, script.pk, body)

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"


def test_rendering_a_missing_or_inactive_script_is_a_404(agent):
    script = Script.objects.get(scene="closing")
    Script.objects.filter(pk=script.pk).update(active=False)

    assert render(agent, script.pk, {}).status_code == 404
    assert render(agent, 999999, {}).status_code == 404


def test_scripts_need_a_login(db):
    response = Client().get("/api/v1/scripts")

    assert response.status_code == 401
