"""Default working hours and the timed promises of the procedures (seeds 000–004) as policies."""

from datetime import time

from django.db import migrations

HOURS = [(wd, time(9), time(12)) for wd in range(5)] + [(wd, time(13, 30), time(18)) for wd in range(5)]

# (key, name, minutes, clock, offday minutes, offday clock, warn before, seed)
POLICIES = [
    ("inquiry.online.first_response", "线上咨询首次回复", 30, "business", 1440, "calendar", 10,
     "000 §二(一): 工作日内30分钟内回复；非工作日（含节假日）24小时内回复"),
    ("inquiry.store.reception", "门店客户接待", 5, "calendar", None, "calendar", 2,
     "000 §二(一): 门店客户需立即接待（等待时间不超过5分钟）"),
    ("inquiry.promised_reply", "核实后回复客户", 60, "calendar", None, "calendar", 10,
     "000 §二(一): 您的问题我需要核实一下，1小时内给您回复"),
    ("ticket.online.first_response", "售后工单首次回复", 60, "business", 1440, "calendar", 15,
     "000 §三(一): 线上售后工作日内1小时内回复；非工作日24小时内回复"),
    ("ticket.promised_resolution", "承诺解决时间", 1440, "calendar", None, "calendar", 120,
     "000 §三(二): 您的问题需要技术部门检测，24小时内给您回复"),
    ("ticket.escalation.answer", "升级后回复客户", 10, "calendar", None, "calendar", 3,
     "003 §3.2 场景三: 我会立即将您的情况反馈给主管，10分钟内给您回复"),
    ("complaint.first_contact", "投诉首次联系", 60, "calendar", None, "calendar", 15,
     "000 §三(五): 接到投诉后1小时内联系客户"),
    ("complaint.follow_up", "投诉解决后回访", 2880, "calendar", None, "calendar", 240,
     "000 §三(五): 投诉解决后2天内回访，确认客户是否满意"),
    ("customer.first_contact", "新分配客户首次沟通", 10080, "calendar", None, "calendar", 1440,
     "004 §一: 客服专员负责的客户，应在一周内与客户进行沟通"),
    ("callback.due", "服务后回访", 4320, "calendar", None, "calendar", 720,
     "004 §四: 必须保证在三天之内回访"),
    ("survey.after_resolution", "解决后满意度调查", 1440, "calendar", None, "calendar", 60,
     "000 §三(四): 问题解决后24小时内"),
    ("survey.after_purchase", "成交后满意度调查", 10080, "calendar", None, "calendar", 1440,
     "000 §三(四): 成交后7天内"),
]


def forwards(apps, schema_editor):
    WorkingPeriod = apps.get_model("sla", "WorkingPeriod")
    Policy = apps.get_model("sla", "Policy")
    if not WorkingPeriod.objects.exists():
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(weekday=wd, starts_at=a, ends_at=b) for wd, a, b in HOURS
        )
    for key, name, minutes, clock, off, off_clock, warn, seed in POLICIES:
        Policy.objects.get_or_create(
            key=key,
            defaults=dict(name=name, minutes=minutes, clock=clock, offday_minutes=off,
                          offday_clock=off_clock, warn_before_minutes=warn, seed=seed),
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
