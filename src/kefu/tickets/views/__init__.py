"""The agent workspace (queue, ticket page, intake) and the public web form, thin over the
services: parse → one call → render. ``attachment_response`` is shared with the API."""

from kefu.tickets.views.attachments import attachment_download, attachment_response
from kefu.tickets.views.detail import act, detail, take, tone_check
from kefu.tickets.views.intake import new_ticket, public_form, public_thanks
from kefu.tickets.views.queue import queue

__all__ = [
    "act",
    "attachment_download",
    "attachment_response",
    "detail",
    "new_ticket",
    "public_form",
    "public_thanks",
    "queue",
    "take",
    "tone_check",
]
