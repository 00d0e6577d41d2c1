"""The script library: seed scripts by scene, rendered with placeholders (N-02)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from kefu.knowledge.models import COMPLAINT_STEPS, PLACEHOLDERS, Scene, Script
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script, save_script, unfilled_placeholders
from kefu.quality.checker import check_reply
from tests.knowledge.factories import ScriptFactory

pytestmark = pytest.mark.req("N-02")


def bodies(scene: str) -> list[str]:
    return [s.body for s in scripts_for(scene)]


def seed_script(title: str) -> Script:
    return Script.objects.get(title=title, language="zh-hans")


def test_the_presales_opening_renders_brand_and_agent_name(db):
    text = render_script(seed_script("开场白（售前）"), {"brand": "海尔", "agent_name": "小王"})

    assert text == "您好！我是海尔客户顾问小王，请问有什么可以帮到您？"


def test_a_placeholder_without_a_value_stays_visible_for_the_agent_to_fill(db):
    script = seed_script("开场白（售前）")

    text = render_script(script, {"brand": "  ", "agent_name": "小王", "unknown": "x"})

    assert text == "您好！我是{brand}客户顾问小王，请问有什么可以帮到您？"
    assert unfilled_placeholders(text) == ["brand"]


def test_values_are_inserted_as_plain_text_and_never_interpreted():
    body = "{brand}|{customer_name}|{brand.__class__}|{0}|{{product}}|{Reason}"

    text = render_script(
        body, {"brand": "{customer_name}", "customer_name": "{0.__class__}", "product": "手机"}
    )

    assert text == "{customer_name}|{0.__class__}|{brand.__class__}|{0}|{手机}|{Reason}"


def test_the_quality_problem_script_is_the_seed_standard_text(db):
    assert bodies("quality_problem") == [
        "非常抱歉给您带来不好的体验。请您提供订单号和问题照片，我们将为您安排免费退换货，运费由我们承担。"
    ]
    assert scripts_for("quality_problem")[0].notes == (
        "避免使用“产品没问题”“是您使用不当”等推卸责任的表述。"
    )
    assert scripts_for("quality_problem")[0].seed == "003 §3.2 场景一"


def test_the_delivery_delay_script_fills_reason_and_expected_time(db):
    script = scripts_for("delivery_delay")[0]

    text = render_script(script, {"reason": "暴雨天气", "eta": "今天内"})

    assert text == (
        "您反馈的物流问题我已经查到，目前快递因暴雨天气延误，我已联系快递公司优先处理，"
        "预计今天内会送达，稍后给您发送物流更新短信。"
    )
    assert script.notes == "主动承担协调责任，不将问题归咎于第三方。"


def test_the_escalation_scene_apologises_then_promises_a_reply_in_ten_minutes(db):
    assert bodies("escalation") == [
        "非常理解您的心情，给您造成困扰我们深感抱歉。",
        "我会立即将您的情况反馈给主管，10分钟内给您回复。",
    ]


def test_the_four_complaint_steps_have_the_seed_scripts(db):
    assert bodies("complaint_listen") == ["您慢慢说，我会认真听。"]
    assert bodies("complaint_apologise") == [
        "您的心情我完全理解，这是我们的问题。",
        "给您带来不便，我们非常抱歉。",
    ]
    assert render_script(scripts_for("complaint_solve")[1], {"compensation": "100元优惠券"}) == (
        "我们会给您全额退款，并补偿您100元优惠券。"
    )
    assert bodies("complaint_follow_up") == ["您的新{product}使用得怎么样？有问题可以随时找我们。"]


def test_the_complaint_steps_come_in_the_seed_order(db):
    assert [s.scene for s in scripts_for(COMPLAINT_STEPS)] == [
        "complaint_listen",
        "complaint_apologise",
        "complaint_apologise",
        "complaint_solve",
        "complaint_solve",
        "complaint_solve",
        "complaint_follow_up",
    ]


def test_callback_scripts_follow_the_outcome(db):
    context = {
        "brand": "皇家卫士",
        "customer_name": "张先生",
        "service": "保养",
        "service_time": "5月3日",
        "wish": "开车愉快",
    }

    rendered = [
        render_script(s, context)
        for s in scripts_for(
            ["callback_opening", "callback_question", "callback_closing_satisfied"]
        )
    ]

    assert rendered == [
        "您好我是皇家卫士的客服代表，请问您是张先生吗？打扰您了。",
        "感谢您在5月3日接受了我们皇家卫士的保养服务项目，请问您对保养服务项目满意吗？",
        "感谢您的答复，您如果需要什么帮助，可随时跟我们取得联络，祝您开车愉快，再见！",
    ]
    assert bodies("callback_unsatisfied") == [
        "能否告诉我您对哪方面不满意吗？",
        "我们应改进哪方面的工作？",
    ]


def test_the_price_objection_follows_recognize_understand_solve(db):
    assert bodies("objection_price")[0].startswith(
        "您觉得价格高是正常的，毕竟谁都想买到性价比高的产品。"
    )


@pytest.mark.parametrize("scene", Scene.values)
def test_every_scene_has_at_least_one_seed_script(db, scene):
    scripts = scripts_for(scene)

    assert scripts, scene
    assert all(s.seed for s in scripts)


@pytest.mark.req("N-02", "G-01")
def test_no_seed_script_contains_a_banned_phrase_or_an_unknown_placeholder(db):
    for script in Script.objects.all():
        assert check_reply(script.body) == [], script.title
        assert set(script.placeholders) <= set(PLACEHOLDERS), script.title


def test_scripts_of_several_scenes_come_in_conversation_order(db):
    scenes = [s.scene for s in scripts_for(["closing", "opening", "diagnosis"])]

    assert scenes == [
        "opening",
        "opening",
        "diagnosis",
        "diagnosis",
        "diagnosis",
        "diagnosis",
        "closing",
    ]


def test_a_scene_without_a_traditional_script_falls_back_to_simplified(db):
    traditional = ScriptFactory(scene="closing", language="zh-hant", body="感謝您的理解。")

    assert scripts_for("closing", "zh-hant") == [traditional]
    assert bodies("opening") == [s.body for s in scripts_for("opening", "zh-hant")]


def test_an_inactive_script_is_not_offered(db):
    Script.objects.filter(scene="closing").update(active=False)

    assert scripts_for("closing") == []


def test_a_supervisor_saves_a_script_with_known_placeholders(supervisor):
    script = save_script(
        actor=supervisor,
        script=Script(
            scene="closing", title="道别（带姓名）", body="{customer_name}，感谢您的理解。"
        ),
    )

    assert script.placeholders == ["customer_name"]
    assert (
        AuditEntry.objects.filter(action="script.created", subject_id=str(script.pk)).count() == 1
    )


def test_a_script_with_an_unknown_placeholder_is_refused(supervisor):
    with pytest.raises(InvalidInput) as refused:
        save_script(
            actor=supervisor,
            script=Script(scene="closing", title="错别字", body="{custmer_name}，感谢您的理解。"),
        )

    assert "{custmer_name}" in refused.value.fields["body"]
    assert not Script.objects.filter(title="错别字").exists()


def test_an_agent_cannot_edit_a_script_and_nothing_changes(agent):
    script = Script.objects.get(scene="closing")
    script.body = "再见。"

    with pytest.raises(Forbidden):
        save_script(actor=agent, script=script)

    assert Script.objects.get(pk=script.pk).body == "感谢您的理解，有任何问题随时欢迎致电。"
    assert not AuditEntry.objects.filter(action="script.updated").exists()


def test_the_cached_library_shows_an_edit_at_once(db):
    """Scripts are cached; saving one (a service, the admin site) is seen by the next read."""
    before = [s.body for s in scripts_for("closing")]
    script = Script.objects.filter(scene="closing", language="zh-hans").first()
    script.body = "感谢您的耐心，祝您生活愉快！"
    script.save()

    after = [s.body for s in scripts_for("closing")]

    assert "感谢您的耐心，祝您生活愉快！" not in before
    assert "感谢您的耐心，祝您生活愉快！" in after
