"""Periodic work of the surveys app: send the surveys whose time has come (Q-01)."""

from kefu.core.periodic import periodic
from kefu.surveys.services import send_due_surveys


@periodic("surveys.send_due", seconds=60)
def send_due() -> int:
    return send_due_surveys()
