"""Seed message templates for the after-sales progress notices of seed 000 §三(三), and more.

The scripts quoted from the procedures (seed 000 §三(三) 问题解决与进度反馈, seed 003 §3.1/3.2):
- 受理: "您好，您的问题我们已经收到…"
- 检测/维修: "您好，您的手机我们已经收到了，技术部门正在检测，预计明天下午可以完成维修。
  有进展我们会第一时间通知您。" (the product and the time become {step_label} and {eta})
- 延迟: "由于配件短缺，维修时间需延长1天，我们会给您补偿50元优惠券" → {reason} {extra} {compensation}
- 方案: "您可以选择换货或申请退款，两种方式都无需额外费用" → {solution}
- 完成: "这样处理您是否满意？" "感谢您的理解，有任何问题随时欢迎致电"
- 升级: "非常理解您的心情，给您造成困扰我们深感抱歉。" "我会立即将您的情况反馈给主管，10分钟内
  给您回复" (the time comes from the deadline as {eta}, never a literal)
Payload keys the ticket events carry: ticket_number, customer_name, agent_name, step, step_label,
eta, reason, extra, compensation, solution, brand; complaint and survey events carry link.
Zh-Hant is OpenCC s2twp of zh-Hans. Rows an admin already has are left as they are.
"""

from django.db import migrations

CHANNELS = ("sms", "email", "wechat")

# event -> language -> (subject, body)
TEMPLATES = {
    'ticket.received': {
        'zh-hans': (
            '【{brand}】您的售后工单{ticket_number}已受理',
            '{customer_name}您好，您的问题我们已经收到，工单号{ticket_number}，由客服{agent_name}为您跟进。我们会尽快处理，有进展会第一时间通知您。',
        ),
        'zh-hant': (
            '【{brand}】您的售後工單{ticket_number}已受理',
            '{customer_name}您好，您的問題我們已經收到，工單號{ticket_number}，由客服{agent_name}為您跟進。我們會盡快處理，有進展會第一時間通知您。',
        ),
        'en': (
            '[{brand}] We have received your request {ticket_number}',
            'Hello {customer_name}, we have received your request (ticket {ticket_number}). {agent_name} is following it up, and we will let you know as soon as there is progress.',
        ),
    },
    'ticket.progress': {
        'zh-hans': (
            '【{brand}】工单{ticket_number}进度：{step_label}',
            '{customer_name}您好，您的商品我们已经收到了，当前进度：{step_label}。技术部门正在处理，预计{eta}可以完成维修。有进展我们会第一时间通知您。',
        ),
        'zh-hant': (
            '【{brand}】工單{ticket_number}進度：{step_label}',
            '{customer_name}您好，您的商品我們已經收到了，當前進度：{step_label}。技術部門正在處理，預計{eta}可以完成維修。有進展我們會第一時間通知您。',
        ),
        'en': (
            '[{brand}] Ticket {ticket_number}: {step_label}',
            'Hello {customer_name}, we have received your item. Current step: {step_label}. Our technicians are working on it and expect to finish the repair by {eta}. We will let you know as soon as there is progress.',
        ),
    },
    'ticket.delayed': {
        'zh-hans': (
            '【{brand}】工单{ticket_number}处理时间调整说明',
            '{customer_name}您好，非常抱歉，由于{reason}，维修时间需延长{extra}，我们会给您补偿{compensation}。有进展我们会第一时间通知您。',
        ),
        'zh-hant': (
            '【{brand}】工單{ticket_number}處理時間調整說明',
            '{customer_name}您好，非常抱歉，由於{reason}，維修時間需延長{extra}，我們會給您補償{compensation}。有進展我們會第一時間通知您。',
        ),
        'en': (
            '[{brand}] Ticket {ticket_number} will take longer',
            'Hello {customer_name}, we are very sorry: because of {reason}, the repair needs {extra} more. We will give you {compensation} to make up for it, and let you know as soon as there is progress.',
        ),
    },
    'ticket.solution_offered': {
        'zh-hans': (
            '【{brand}】工单{ticket_number}处理方案',
            '{customer_name}您好，针对您反馈的问题，我们为您提供以下方案：{solution}。您看选择哪一种更合适？确认后我们会立即为您办理。',
        ),
        'zh-hant': (
            '【{brand}】工單{ticket_number}處理方案',
            '{customer_name}您好，針對您反饋的問題，我們為您提供以下方案：{solution}。您看選擇哪一種更合適？確認後我們會立即為您辦理。',
        ),
        'en': (
            '[{brand}] Options for ticket {ticket_number}',
            'Hello {customer_name}, for the problem you reported we can offer: {solution}. Which would suit you best? Once you confirm, we will arrange it right away.',
        ),
    },
    'ticket.resolved': {
        'zh-hans': (
            '【{brand}】工单{ticket_number}已处理完成',
            '{customer_name}您好，您的工单{ticket_number}已经处理完成。这样处理您是否满意？感谢您的理解，有任何问题随时欢迎联系我们。',
        ),
        'zh-hant': (
            '【{brand}】工單{ticket_number}已處理完成',
            '{customer_name}您好，您的工單{ticket_number}已經處理完成。這樣處理您是否滿意？感謝您的理解，有任何問題隨時歡迎聯絡我們。',
        ),
        'en': (
            '[{brand}] Ticket {ticket_number} is resolved',
            'Hello {customer_name}, your ticket {ticket_number} has been resolved. Are you satisfied with how we handled it? Thank you for your understanding; contact us any time if you need anything.',
        ),
    },
    'ticket.escalated': {
        'zh-hans': (
            '【{brand}】工单{ticket_number}已升级处理',
            '{customer_name}您好，非常理解您的心情，给您造成困扰我们深感抱歉。我们已将您的情况反馈给主管，会在{eta}前给您回复。',
        ),
        'zh-hant': (
            '【{brand}】工單{ticket_number}已升級處理',
            '{customer_name}您好，非常理解您的心情，給您造成困擾我們深感抱歉。我們已將您的情況反饋給主管，會在{eta}前給您回覆。',
        ),
        'en': (
            '[{brand}] Ticket {ticket_number} has been escalated',
            'Hello {customer_name}, we fully understand how you feel and are very sorry for the trouble. We have passed your case to a supervisor and will reply by {eta}.',
        ),
    },
    'complaint.confirmation_requested': {
        'zh-hans': (
            '请确认您的投诉处理方案',
            '您好，关于您的投诉，我们已制定处理方案，请点击链接查看并确认：{link} 给您带来不便，我们非常抱歉。',
        ),
        'zh-hant': (
            '請確認您的投訴處理方案',
            '您好，關於您的投訴，我們已制定處理方案，請點選連結檢視並確認：{link} 給您帶來不便，我們非常抱歉。',
        ),
        'en': (
            'Please confirm the solution to your complaint',
            'Hello, we have prepared a solution to your complaint. Please review and confirm it here: {link} We are very sorry for the inconvenience.',
        ),
    },
    'survey.invitation': {
        'zh-hans': (
            '服务满意度调查',
            '您好，感谢您的支持。请问您对我们的服务满意吗？欢迎通过以下链接为我们的服务态度、解决速度和处理结果评分：{link}',
        ),
        'zh-hant': (
            '服務滿意度調查',
            '您好，感謝您的支持。請問您對我們的服務滿意嗎？歡迎透過以下連結為我們的服務態度、解決速度和處理結果評分：{link}',
        ),
        'en': (
            'How did we do?',
            'Hello, thank you for your support. Are you satisfied with our service? Please rate our attitude, speed and result here: {link}',
        ),
    },
}


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for event, languages in TEMPLATES.items():
        for language, (subject, body) in languages.items():
            for channel in CHANNELS:
                MessageTemplate.objects.get_or_create(
                    event=event, channel=channel, language=language,
                    defaults={"subject": subject, "body": body},
                )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    MessageTemplate.objects.filter(event__in=list(TEMPLATES), channel__in=CHANNELS).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
