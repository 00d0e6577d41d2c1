"""The banned-phrase list is data supervisors keep, not code (G-01)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from kefu.quality.checker import check_reply
from kefu.quality.models import BannedPhrase
from kefu.quality.services import save_banned_phrase
from tests.conftest import client_for

pytestmark = pytest.mark.req("G-01")


def test_the_seeded_list_covers_every_category_with_alternatives_and_sources(db):
    rows = BannedPhrase.objects.all()

    assert set(rows.values_list("category", flat=True)) == {
        "refusal",
        "ignorance",
        "blame",
        "arguing",
        "over_promise",
    }
    assert all(r.alternative and r.seed for r in rows)
    assert BannedPhrase.objects.get(phrase="没办法").alternative == "我会尽力帮您解决。"


def test_a_phrase_a_supervisor_adds_is_checked_at_once_in_both_scripts(supervisor):
    row = save_banned_phrase(
        actor=supervisor,
        phrase=BannedPhrase(
            phrase="沒轍",
            category="refusal",
            alternative="我会尽力帮您解决。",
            seed="000 §四(二)",
        ),
    )

    assert row.phrase == "没辙"
    assert [f.phrase for f in check_reply("这个真沒轍")] == ["没辙"]
    assert AuditEntry.objects.filter(action="phrase.created", subject_id=str(row.pk)).count() == 1


def test_an_agent_cannot_change_the_list_and_nothing_changes(agent):
    row = BannedPhrase.objects.get(phrase="不行")
    row.active = False

    with pytest.raises(Forbidden):
        save_banned_phrase(actor=agent, phrase=row)

    assert BannedPhrase.objects.get(phrase="不行").active is True
    assert not AuditEntry.objects.filter(action__startswith="phrase.").exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"phrase": " "}, {"phrase"}),
        ({"phrase": "不知道"}, {"phrase"}),
        ({"category": "rude"}, {"category"}),
        ({"alternative": " "}, {"alternative"}),
        ({"exceptions": "可以吗"}, {"exceptions"}),
    ],
)
def test_an_invalid_phrase_is_refused_field_by_field(supervisor, fields, errors):
    data = {"phrase": "不成", "category": "refusal", "alternative": "我会尽力帮您解决。", **fields}
    before = BannedPhrase.objects.count()

    with pytest.raises(InvalidInput) as refused:
        save_banned_phrase(actor=supervisor, phrase=BannedPhrase(**data))

    assert set(refused.value.fields) == errors
    assert BannedPhrase.objects.count() == before


def test_a_supervisor_adds_a_phrase_in_the_admin(supervisor):
    supervisor.is_staff = True
    supervisor.save()

    response = client_for(supervisor).post(
        "/admin/quality/bannedphrase/add/",
        {
            "phrase": "別問我",
            "category": "arguing",
            "alternative": "您慢慢说，我会认真听。",
            "exceptions": "",
            "seed": "002 误区",
            "active": "on",
        },
    )

    assert response.status_code == 302
    assert BannedPhrase.objects.get(phrase="别问我").category == "arguing"
    assert AuditEntry.objects.filter(action="phrase.created").count() == 1


def test_the_admin_shows_a_refusal_on_the_form(supervisor):
    supervisor.is_staff = True
    supervisor.save()

    response = client_for(supervisor).post(
        "/admin/quality/bannedphrase/add/",
        {
            "phrase": "不成",
            "category": "refusal",
            "alternative": "我会尽力帮您解决。",
            "exceptions": "可以吗",
            "seed": "",
            "active": "on",
        },
    )

    assert response.status_code == 200
    assert not BannedPhrase.objects.filter(phrase="不成").exists()


def test_an_agent_cannot_open_the_phrase_admin(agent):
    agent.is_staff = True
    agent.save()

    response = client_for(agent).get("/admin/quality/bannedphrase/")

    assert response.status_code == 403
