"""Survey durations as policies, the shop's survey settings, and the follow-up notice template.

- ``survey.link_lifetime``: how long a survey link can be answered (规程未规定；按成交后7天的
  调查周期取7天).
- ``survey.follow_up``: a low score is followed up within 24 hours (结果应用：分析不满意原因).
The satisfied threshold (overall ≥ 4 of 5) and the follow-up threshold (≤ 2) are shop data.
"""

from django.db import migrations

# (key, name, minutes, clock, offday minutes, offday clock, warn before, seed)
POLICIES = [
    ("survey.link_lifetime", "满意度调查链接有效期", 10080, "calendar", None, "calendar", 0,
     "000 §三(四): 线上问卷（如通过微信发送）；有效期按成交后7天的调查周期"),
    ("survey.follow_up", "低分满意度跟进", 1440, "calendar", None, "calendar", 120,
     "000 §三(四) 结果应用: 分析不满意原因，制定改进措施"),
]

TEMPLATES = {
    "zh-hans": ("满意度低分待跟进", "调查 {number} 的总体满意度为 {overall} 分，请在 {due} 前联系客户跟进。"),
    "zh-hant": ("滿意度低分待跟進", "調查 {number} 的總體滿意度為 {overall} 分，請在 {due} 前聯絡客戶跟進。"),
    "en": ("Low satisfaction score to follow up",
           "Survey {number} scored {overall} overall. Contact the customer by {due}."),
}


def forwards(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    for key, name, minutes, clock, off, off_clock, warn, seed in POLICIES:
        Policy.objects.get_or_create(
            key=key,
            defaults=dict(name=name, minutes=minutes, clock=clock, offday_minutes=off,
                          offday_clock=off_clock, warn_before_minutes=warn, seed=seed),
        )
    SurveySettings = apps.get_model("surveys", "SurveySettings")
    SurveySettings.objects.get_or_create(pk=1)
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for language, (subject, body) in TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            event="survey.follow_up_assigned", channel="in_app", language=language,
            defaults={"subject": subject, "body": body},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("sla", "0002_default_hours_and_policies"),
        ("notify", "0002_seed_templates"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
