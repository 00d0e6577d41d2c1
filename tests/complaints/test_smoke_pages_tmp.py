import pytest
from tests.conftest import client_for
from tests.complaints.factories import ComplaintFactory, PlanFactory, IncidentFactory

@pytest.mark.parametrize("status", ["registered","contacted","judged","investigating","plans_proposed","approved","carried_out","confirmed","followed_up","closed"])
def test_pages_render(status, agent, supervisor, team, customer):
    c = ComplaintFactory(status=status, team=team, owner=agent, customer=customer, cause="x", malicious=True)
    PlanFactory(complaint=c, proposed_by=agent, status="approved" if status in ("approved","carried_out") else "proposed")
    for u in (agent, supervisor):
        r = client_for(u).get(f"/complaints/{c.number}/")
        assert r.status_code == 200, r.content[:3000]
    for url in ("/complaints/", "/complaints/new/", "/complaints/statistics/", "/complaints/incidents/", "/complaints/rules/malicious/"):
        r = client_for(supervisor).get(url)
        assert r.status_code == 200, (url, r.content[:3000])
    i = IncidentFactory()
    assert client_for(supervisor).get(f"/complaints/incidents/{i.pk}/").status_code == 200
