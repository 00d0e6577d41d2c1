"""Every write of the retention app: consent, care rules and their runs, outbound campaigns."""

from kefu.retention.services.care import run_care_rules, save_rule, send_touch, set_contact_cap
from kefu.retention.services.consent import record_consent, unsubscribe_by_link
from kefu.retention.services.outbound import (
    CallData,
    archive_campaign,
    create_campaign,
    finish_campaign,
    record_lead_call,
    start_campaign,
    write_lessons,
)

__all__ = [
    "CallData",
    "archive_campaign",
    "create_campaign",
    "finish_campaign",
    "record_consent",
    "record_lead_call",
    "run_care_rules",
    "save_rule",
    "send_touch",
    "set_contact_cap",
    "start_campaign",
    "unsubscribe_by_link",
    "write_lessons",
]
