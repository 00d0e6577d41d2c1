"""Periodic work of the sla app."""

from kefu.core.periodic import periodic
from kefu.sla.services import scan_deadlines


@periodic("sla.scan_deadlines", seconds=30)
def scan() -> tuple[int, int]:
    return scan_deadlines()
