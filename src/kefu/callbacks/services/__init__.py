"""Every write of the callbacks app: campaigns, calls, rest hours."""

from kefu.callbacks.services.calls import (
    CallData,
    record_call,
    record_errors,
    schedule_call,
    set_rest_hours,
)
from kefu.callbacks.services.campaigns import (
    add_customers,
    archive_campaign,
    cancel_task,
    create_campaign,
    finish_campaign,
    start_campaign,
    write_summary,
)

__all__ = [
    "CallData",
    "add_customers",
    "archive_campaign",
    "cancel_task",
    "create_campaign",
    "finish_campaign",
    "record_call",
    "record_errors",
    "schedule_call",
    "set_rest_hours",
    "start_campaign",
    "write_summary",
]
