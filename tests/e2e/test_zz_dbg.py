import pytest
from django.db import connection
from kefu.sla.models import Policy
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

def test_a_page(live_server, page):
    s = getattr(connection, "_test_serialized_contents", None)
    print("DBG-A", Policy.objects.count(), connection.settings_dict["NAME"], s and len(s), s and '"sla.policy"' in s)

def test_e():
    s = getattr(connection, "_test_serialized_contents", None)
    print("DBG-E", Policy.objects.count(), connection.settings_dict["NAME"], s and len(s), s and '"sla.policy"' in s)
