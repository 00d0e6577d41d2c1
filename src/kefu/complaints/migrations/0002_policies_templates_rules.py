"""The complaint's extra policies, its message templates and the default malicious-complaint rule.

Policies (every duration is a row an admin edits):
- complaint.investigation: 004 §六 (2) 投訴成立 → 請顧客給予一定時間展開調查. The procedure names no
  length; 3 days is the default promise an admin can change.
- complaint.confirmation_link: how long the link to confirm a plan works (K-07).
Templates: complaint.received / investigation_time / explained and incident.notice go to the
customer (sms, email, wechat); the staff notices go in-app (and the crisis one by email too).
Scripts quoted: 000 §三(五) 真誠道歉 "給您帶來不便，我們非常抱歉"; 004 §六 (2) 請顧客給予一定時間.
Zh-Hant is OpenCC s2twp of zh-Hans. Rows an admin already has are left as they are.
"""

from django.db import migrations

# (key, name, minutes, clock, offday minutes, offday clock, warn before, seed)
POLICIES = [
    ("complaint.investigation", "投诉调查答复时间", 4320, "calendar", None, "calendar", 240,
     "004 §六(2): 如果投诉成立……请顾客给予一定时间展开调查（规程未定时长，默认3天）"),
    ("complaint.confirmation_link", "投诉方案确认链接有效期", 4320, "calendar", None, "calendar", 0,
     "004 §六(5): 通知顾客，确认顾客接受解决方案后请顾客签字（链接有效期，默认3天）"),
]

MALICIOUS_RULE = (
    "恶意投诉处理规定：\n"
    "1. 只有确有证据（聊天记录、通话记录、照片等）证明客户捏造事实、以投诉要挟索取不当利益或反复无理纠缠的，"
    "才可标记为恶意投诉；\n"
    "2. 标记前须保留全部证据并上传到投诉单；\n"
    "3. 由售后服务经理审核证据后决定是否按恶意投诉结案，结案时写明依据；\n"
    "4. 沟通中仍须礼貌：不争论、不恶言、不动怒；涉及敲诈勒索等违法行为的，由经理决定是否报警或通过法律途径处理。"
)

TEMPLATES = {
    'complaint.received': (('sms', 'email', 'wechat'), {
        'zh-hans': (
            '【{brand}】您的投诉{complaint_number}已受理',
            '{customer_name}您好，您的投诉我们已经受理，编号{complaint_number}。给您带来不便，我们非常抱歉，我们会在{eta}前与您联系。',
        ),
        'zh-hant': (
            '【{brand}】您的投訴{complaint_number}已受理',
            '{customer_name}您好，您的投訴我們已經受理，編號{complaint_number}。給您帶來不便，我們非常抱歉，我們會在{eta}前與您聯絡。',
        ),
        'en': (
            '[{brand}] We have received your complaint {complaint_number}',
            'Hello {customer_name}, we have received your complaint (number {complaint_number}). We are very sorry for the inconvenience and will contact you by {eta}.',
        ),
    }),
    'complaint.investigation_time': (('sms', 'email', 'wechat'), {
        'zh-hans': (
            '【{brand}】关于您的投诉{complaint_number}',
            '{customer_name}您好，您反映的问题我们已经核实，已交由{department}调查处理。请给我们一些时间，我们会在{eta}前给您答复。给您带来不便，我们非常抱歉。',
        ),
        'zh-hant': (
            '【{brand}】關於您的投訴{complaint_number}',
            '{customer_name}您好，您反映的問題我們已經核實，已交由{department}調查處理。請給我們一些時間，我們會在{eta}前給您答覆。給您帶來不便，我們非常抱歉。',
        ),
        'en': (
            '[{brand}] About your complaint {complaint_number}',
            'Hello {customer_name}, we have checked the problem you reported and {department} is investigating it. Please give us a little time: we will get back to you by {eta}. We are very sorry for the inconvenience.',
        ),
    }),
    'complaint.explained': (('sms', 'email', 'wechat'), {
        'zh-hans': (
            '【{brand}】关于您的投诉{complaint_number}的说明',
            '{customer_name}您好，感谢您的反馈。{explanation} 如有任何疑问，欢迎随时联系我们。',
        ),
        'zh-hant': (
            '【{brand}】關於您的投訴{complaint_number}的說明',
            '{customer_name}您好，感謝您的反饋。{explanation} 如有任何疑問，歡迎隨時聯絡我們。',
        ),
        'en': (
            '[{brand}] About your complaint {complaint_number}',
            'Hello {customer_name}, thank you for telling us. {explanation} If you have any questions, contact us any time.',
        ),
    }),
    'incident.notice': (('sms', 'email', 'wechat'), {
        'zh-hans': (
            '【{brand}】{title}',
            '{customer_name}您好，{message}',
        ),
        'zh-hant': (
            '【{brand}】{title}',
            '{customer_name}您好，{message}',
        ),
        'en': (
            '[{brand}] {title}',
            'Hello {customer_name}, {message}',
        ),
    }),
    'complaint.crisis_escalated': (('in_app', 'email'), {
        'zh-hans': (
            '危机投诉{complaint_number}：{source}',
            '投诉{complaint_number}经{source}{source_detail}提出，已升级给{owner_name}处理，请立即关注。',
        ),
        'zh-hant': (
            '危機投訴{complaint_number}：{source}',
            '投訴{complaint_number}經{source}{source_detail}提出，已升級給{owner_name}處理，請立即關注。',
        ),
        'en': (
            'Crisis complaint {complaint_number}: {source}',
            'Complaint {complaint_number} was made through {source} {source_detail}. It has been escalated to {owner_name}; please look at it now.',
        ),
    }),
    'complaint.approval_requested': (('in_app',), {
        'zh-hans': (
            '投诉{complaint_number}的处理方案待审批',
            '{agent_name}为投诉{complaint_number}提出了{count}个处理方案，请审批。',
        ),
        'zh-hant': (
            '投訴{complaint_number}的處理方案待審批',
            '{agent_name}為投訴{complaint_number}提出了{count}個處理方案，請審批。',
        ),
        'en': (
            'Plans for complaint {complaint_number} await approval',
            '{agent_name} proposed {count} plan(s) for complaint {complaint_number}; please approve one.',
        ),
    }),
    'complaint.plan_approved': (('in_app',), {
        'zh-hans': (
            '投诉{complaint_number}的处理方案已批准',
            '{approver_name}已批准投诉{complaint_number}的处理方案：{plan}',
        ),
        'zh-hant': (
            '投訴{complaint_number}的處理方案已批准',
            '{approver_name}已批准投訴{complaint_number}的處理方案：{plan}',
        ),
        'en': (
            'Plan approved for complaint {complaint_number}',
            '{approver_name} approved the plan for complaint {complaint_number}: {plan}',
        ),
    }),
    'complaint.customer_answered': (('in_app',), {
        'zh-hans': (
            '客户已{decision}投诉{complaint_number}的处理方案',
            '客户{decision}了投诉{complaint_number}的处理方案。{reason}',
        ),
        'zh-hant': (
            '客戶已{decision}投訴{complaint_number}的處理方案',
            '客戶{decision}了投訴{complaint_number}的處理方案。{reason}',
        ),
        'en': (
            'The customer {decision} the plan of complaint {complaint_number}',
            'The customer {decision} the plan of complaint {complaint_number}. {reason}',
        ),
    }),
}


def seed(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    PolicyText = apps.get_model("complaints", "PolicyText")
    for key, name, minutes, clock, off, off_clock, warn, seed_text in POLICIES:
        Policy.objects.get_or_create(
            key=key,
            defaults=dict(name=name, minutes=minutes, clock=clock, offday_minutes=off,
                          offday_clock=off_clock, warn_before_minutes=warn, seed=seed_text),
        )
    for event, (channels, languages) in TEMPLATES.items():
        for language, (subject, body) in languages.items():
            for channel in channels:
                MessageTemplate.objects.get_or_create(
                    event=event, channel=channel, language=language,
                    defaults={"subject": subject, "body": body},
                )
    PolicyText.objects.get_or_create(key="malicious", defaults={"text": MALICIOUS_RULE})


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    MessageTemplate.objects.filter(event__in=list(TEMPLATES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("sla", "0002_default_hours_and_policies"),
        ("notify", "0002_seed_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
