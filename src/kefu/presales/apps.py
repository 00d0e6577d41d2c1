"""The presales app: inquiries, leads, needs analysis, recommendations, objections (S-*)."""

from django.apps import AppConfig


class PresalesConfig(AppConfig):
    name = "kefu.presales"
    label = "presales"
    verbose_name = "售前"

    def ready(self) -> None:
        from kefu.core.personal import register_personal
        from kefu.presales import models as m

        # What the customer said and what was written about them go on erasure (C-05).
        needs = dict.fromkeys(("decision_maker", "what", "when", "where", "why", "how"), "text")
        register_personal(m.Lead, link="customer_id")
        register_personal(m.Inquiry, link="customer_id", question="text")
        register_personal(m.Reply, link="inquiry__customer_id", body="text")
        register_personal(m.NeedsAnalysis, link="lead__customer_id", features="text", **needs)
        register_personal(m.Objection, link="lead__customer_id", words="text", answer="text")
        register_personal(m.Recommendation, link="lead__customer_id", message="text")
