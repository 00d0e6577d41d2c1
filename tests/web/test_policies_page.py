"""The SLA policy pages: everyone reads the rules, managers change them (P-04, P-01)."""

from __future__ import annotations

import pytest

from kefu.core.models import AuditEntry
from kefu.sla.models import Policy
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-04")

KEY = "ticket.online.first_response"
EDIT = f"/policies/{KEY}/edit/"


def form(**changes: object) -> dict[str, object]:
    data = {
        "name": "售后工单首次回复",
        "minutes": "60",
        "clock": "business",
        "offday_minutes": "1440",
        "offday_clock": "calendar",
        "warn_before_minutes": "15",
    }
    data.update(changes)
    return data


def snapshot() -> tuple:
    return tuple(
        Policy.objects.filter(key=KEY)
        .values_list(
            "name",
            "minutes",
            "clock",
            "offday_minutes",
            "offday_clock",
            "warn_before_minutes",
        )
        .get()
    )


def test_the_list_states_each_rule_in_words_with_its_source(agent):
    response = client_for(agent).get("/policies/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>60 分钟（工作时间）；非工作日 1440 分钟（日历时间）</td>" in html
    assert "<td>60 分钟（日历时间）</td>" in html  # complaint.first_contact
    assert "000 §三(一): 线上售后工作日内1小时内回复；非工作日24小时内回复" in html
    assert f'href="{EDIT}"' not in html


def test_the_list_is_in_english_after_switching(agent):
    client = client_for(agent)
    client.post("/i18n/setlang/", {"language": "en", "next": "/policies/"})

    html = client.get("/policies/").content.decode()

    assert (
        "<td>60 minutes (working time); on non-workdays 1440 minutes (calendar time)</td>" in html
    )


def test_a_manager_sees_edit_links(manager):
    assert f'href="{EDIT}"' in client_for(manager).get("/policies/").content.decode()


def test_a_manager_changes_a_policy(manager):
    client = client_for(manager)

    response = client.post(EDIT, form(minutes="45", offday_minutes="", warn_before_minutes="5"))

    assert response.status_code == 302
    assert response["Location"] == "/policies/"
    assert snapshot() == ("售后工单首次回复", 45, "business", None, "calendar", 5)
    html = client.get("/policies/").content.decode()
    assert "规则“售后工单首次回复”已保存。" in html
    assert "<td>45 分钟（工作时间）</td>" in html


def test_the_edit_form_starts_with_the_current_values(manager):
    html = client_for(manager).get(EDIT).content.decode()

    assert 'name="minutes" value="60"' in html
    assert 'name="offday_minutes" value="1440"' in html
    assert '<option value="business" selected>工作时间</option>' in html


@pytest.mark.req("P-01")
@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_agents_and_supervisors_cannot_change_a_policy(db, request, role):
    user = request.getfixturevalue(role)
    before, audits = snapshot(), AuditEntry.objects.count()
    client = client_for(user)

    assert client.get(EDIT).status_code == 403
    response = client.post(EDIT, form(minutes="5"))

    assert response.status_code == 403
    assert snapshot() == before
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize(
    ("minutes", "error"),
    [
        ("0", "必须是大于零的整数分钟数。"),
        ("-5", "必须是大于零的整数分钟数。"),
        ("abc", "请输入整数。"),
    ],
)
def test_a_bad_number_of_minutes_is_refused_in_place(manager, minutes, error):
    before = snapshot()

    response = client_for(manager).post(EDIT, form(minutes=minutes))

    assert response.status_code == 200
    assert f'<div class="invalid-feedback">{error}</div>' in response.content.decode()
    assert snapshot() == before


def test_a_policy_needs_a_name(manager):
    before = snapshot()

    response = client_for(manager).post(EDIT, form(name=" "))

    html = response.content.decode()
    assert "该规则无效。" in html
    assert '<div class="invalid-feedback">规则必须有名称。</div>' in html
    assert snapshot() == before


def test_an_unknown_policy_is_not_found(manager):
    assert client_for(manager).get("/policies/no.such.policy/edit/").status_code == 404
