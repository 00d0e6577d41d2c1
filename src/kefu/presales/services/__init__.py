"""Every write of the presales app: inquiries and replies, working a lead, closing the deal."""

from kefu.presales.services.deal import DealData, win_lead
from kefu.presales.services.intake import InquiryData, receive_inquiry, reply_to_inquiry
from kefu.presales.services.leads import (
    lose_lead,
    parse_budget,
    record_needs,
    record_objection,
    send_recommendation,
    transition_lead,
)

__all__ = [
    "DealData",
    "InquiryData",
    "lose_lead",
    "parse_budget",
    "receive_inquiry",
    "record_needs",
    "record_objection",
    "reply_to_inquiry",
    "send_recommendation",
    "transition_lead",
    "win_lead",
]
