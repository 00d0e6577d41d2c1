"""The surveys app: satisfaction surveys after a fix or a purchase, and their report (Q-*)."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "kefu.surveys"
    label = "surveys"
    verbose_name = "满意度调查"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kefu.core.personal import register_personal
        from kefu.customers.timeline import register_timeline_label
        from kefu.quality.models import Origin, register_categories
        from kefu.surveys.models import FollowUp, Reason, Survey, SurveyResponse

        register_personal(Survey, link="customer_id", cancel_reason="text")
        register_personal(SurveyResponse, link="survey__customer_id", comment="text")
        register_personal(FollowUp, link="survey__customer_id", note="text")
        register_categories(Origin.SURVEYS, Reason)
        register_timeline_label("survey.sent", _("Satisfaction survey sent"))
        register_timeline_label("survey.answered", _("Satisfaction survey answered: %(overall)s/5"))
        register_timeline_label("survey.low_score", _("Low satisfaction score: follow-up opened"))
