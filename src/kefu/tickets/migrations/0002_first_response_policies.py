"""First-response policies for the channels seed 000 §三(一) does not time as 线上售后.

线上售后(微信、APP) is seeded by sla as ``ticket.online.first_response``. A phone or store
ticket is recorded by the agent who is answering the customer (门店客户需立即接待; 电话咨询需在
3声铃响内接听), so its deadline is short and met at once. Email and SMS are written like online
help and get its hours until an admin decides otherwise.
"""

from django.db import migrations

# (key, name, minutes, clock, offday minutes, offday clock, warn before, seed)
POLICIES = [
    ("ticket.offline.first_response", "售后工单首次回复（门店、电话）", 5, "calendar", None,
     "calendar", 2, "000 §三(一): 线下售后（门店、电话）：门店客户需立即接待；电话咨询需在3声铃响内接听"),
    ("ticket.written.first_response", "售后工单首次回复（邮件、短信）", 60, "business", 1440,
     "calendar", 15, "规程未单列；按 000 §三(一) 线上售后：工作日内1小时内回复；非工作日24小时内回复"),
]


def forwards(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    for key, name, minutes, clock, off, off_clock, warn, seed in POLICIES:
        Policy.objects.get_or_create(
            key=key,
            defaults=dict(name=name, minutes=minutes, clock=clock, offday_minutes=off,
                          offday_clock=off_clock, warn_before_minutes=warn, seed=seed),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0001_initial"),
        ("sla", "0002_default_hours_and_policies"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
