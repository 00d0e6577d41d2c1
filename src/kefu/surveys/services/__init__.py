"""Every write of the surveys app: scheduling and sending, answers, follow-ups, actions."""

from kefu.surveys.services.actions import (
    close_follow_up,
    complete_improvement_action,
    create_improvement_action,
    update_survey_settings,
)
from kefu.surveys.services.answers import (
    Answers,
    answer_by_link,
    clean_answers,
    open_follow_up,
    record_phone_survey,
    refusal,
    survey_for_token,
)
from kefu.surveys.services.links import rate_limited, survey_link
from kefu.surveys.services.scheduling import (
    complaint_customer,
    hold_ticket_survey,
    schedule_purchase_survey,
    schedule_ticket_survey,
    send_due_surveys,
    send_survey,
)

__all__ = [
    "Answers",
    "answer_by_link",
    "clean_answers",
    "close_follow_up",
    "complaint_customer",
    "complete_improvement_action",
    "create_improvement_action",
    "hold_ticket_survey",
    "open_follow_up",
    "rate_limited",
    "record_phone_survey",
    "refusal",
    "schedule_purchase_survey",
    "schedule_ticket_survey",
    "send_due_surveys",
    "send_survey",
    "survey_for_token",
    "survey_link",
    "update_survey_settings",
]
