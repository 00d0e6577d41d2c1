"""The rules of tone of seed 004 §七 on the complaint page: the complaint scripts (listen,
apologise, solve, follow up) and live warnings on the phrases the seeds forbid, kept as data."""

from __future__ import annotations

import pytest

from kefu.quality.models import BannedPhrase
from tests.complaints.conftest import client_for
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.req("K-01", "G-01")


@pytest.fixture
def complaint(agent, team, customer):
    return ComplaintFactory(status="contacted", team=team, owner=agent, customer=customer)


def test_the_composer_shows_the_four_complaint_scripts(agent, complaint):
    page = client_for(agent).get(f"/complaints/{complaint.number}/").content.decode()
    scripts = page[page.index('data-testid="scripts"') :]
    for scene in (
        "Complaint: listen",
        "Complaint: apologise",
        "Complaint: solve",
        "Complaint: follow up",
    ):
        assert scene in scripts
    assert "您慢慢说，我会认真听。" in scripts
    assert "给您带来不便，我们非常抱歉。" in scripts


def test_the_tone_check_warns_on_forbidden_phrases_with_their_alternative(agent):
    response = client_for(agent).post(
        "/complaints/tone/", {"converse-body": "这个不行，我也不知道"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-phrase="不行"' in html
    assert 'data-phrase="不知道"' in html
    alternative = BannedPhrase.objects.get(phrase="不知道").alternative
    assert alternative in html


def test_a_polite_reply_gets_no_warning(agent):
    html = (
        client_for(agent)
        .post("/complaints/tone/", {"body": "给您带来不便，我们非常抱歉。"})
        .content.decode()
    )
    assert "data-phrase" not in html


def test_the_phrase_list_is_data(agent, supervisor):
    BannedPhrase.objects.create(phrase="这是规定", category="refusal", alternative="我来帮您查一下")
    html = (
        client_for(agent).post("/complaints/tone/", {"body": "这是规定，没得商量"}).content.decode()
    )
    assert 'data-phrase="这是规定"' in html
    assert "我来帮您查一下" in html


def test_traditional_chinese_is_checked_too(agent):
    html = client_for(agent).post("/complaints/tone/", {"body": "這個不行"}).content.decode()
    assert 'data-phrase="不行"' in html


def test_the_tone_check_needs_a_login(client):
    assert client.post("/complaints/tone/", {"body": "不行"}).status_code == 302
