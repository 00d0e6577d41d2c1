"""Periodic work of retention: run the care and repurchase rules (R-01, R-02)."""

from kefu.core.periodic import periodic
from kefu.retention.services import run_care_rules


@periodic("retention.run_care_rules", seconds=600)
def run_rules() -> int:
    """Every 10 minutes; a run outside working time sends nothing (quiet hours)."""
    return run_care_rules()
