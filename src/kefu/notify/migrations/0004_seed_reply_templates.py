"""Seed the templates of an agent's answer sent back by email or WeChat (channels, P-02).

The subject keeps the ticket number in brackets so a reply from any mail client threads back to
the ticket even when the client drops In-Reply-To. Rows an admin already has are kept.
"""

from django.db import migrations

CHANNELS = ("email", "wechat")
EVENT = "ticket.reply"
TEMPLATES = {
    "zh-hans": (
        "回复：{subject} [{ticket_number}]",
        "{customer_name}您好，\n\n{reply}\n\n{agent_name}\n{brand}客服中心（工单号{ticket_number}）",
    ),
    "zh-hant": (
        "回覆：{subject} [{ticket_number}]",
        "{customer_name}您好，\n\n{reply}\n\n{agent_name}\n{brand}客服中心（工單號{ticket_number}）",
    ),
    "en": (
        "Re: {subject} [{ticket_number}]",
        "Hello {customer_name},\n\n{reply}\n\n{agent_name}\n{brand} customer service (ticket {ticket_number})",
    ),
}


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for language, (subject, body) in TEMPLATES.items():
        for channel in CHANNELS:
            MessageTemplate.objects.get_or_create(
                event=EVENT, channel=channel, language=language,
                defaults={"subject": subject, "body": body},
            )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    MessageTemplate.objects.filter(event=EVENT, channel__in=CHANNELS).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0003_webhooks_and_mail_headers")]

    operations = [migrations.RunPython(seed, unseed)]
