"""Outbox handlers of notify: webhook fan-out per subscribed event type, and each delivery."""

from typing import Any

from kefu.notify import webhooks

HANDLERS: dict[str, Any] = {
    **dict.fromkeys(webhooks.WEBHOOK_EVENTS, webhooks.fan_out),
    webhooks.DELIVERY_EVENT: webhooks.send,
}
