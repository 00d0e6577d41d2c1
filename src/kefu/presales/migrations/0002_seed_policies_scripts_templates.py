"""Seed the pre-sales policies, opening and objection scripts, opening rules and the deal
confirmation templates.

Policies (000 §二(一)): 线上咨询 工作日内30分钟内回复、非工作日（含节假日）24小时内回复; 门店客户
等待时间不超过5分钟; “1小时内给您回复”. The sla app may already hold them: rows that exist are
left as an admin set them. The openings per channel and time of day quote 000 §二(一) and
004 §八(三) with [品牌] → {brand} and 小A → {agent_name}; the RAS objection scripts are
knowledge rows quoted from 000 §二(四)(五) and 004 §九、十. Zh-Hant templates are OpenCC
s2twp of zh-Hans.
"""

from django.db import migrations

# (key, name, minutes, clock, offday minutes, offday clock, warn before, seed)
POLICIES = [
    ("inquiry.online.first_response", "线上咨询首次回复", 30, "business", 1440, "calendar", 10,
     "000 §二(一): 工作日内30分钟内回复；非工作日（含节假日）24小时内回复"),
    ("inquiry.store.reception", "门店客户接待", 5, "calendar", None, "calendar", 2,
     "000 §二(一): 门店客户需立即接待（等待时间不超过5分钟）"),
    ("inquiry.promised_reply", "核实后回复客户", 60, "calendar", None, "calendar", 10,
     "000 §二(一): 您的问题我需要核实一下，1小时内给您回复"),
]

S000 = "000 §二(一) 服务规范"
S004_OPENING = "004 §八(三) 开场白的技巧"
# (channel, daypart, body, seed): the most specific rule wins; with none, the script
# library's 开场白（售前）.
OPENINGS = [
    ("", "morning", "早上好！我是{brand}客户顾问{agent_name}，请问有什么可以帮到您？",
     S000 + "，问候按时段"),
    ("", "afternoon", "下午好！我是{brand}客户顾问{agent_name}，请问有什么可以帮到您？",
     S000 + "，问候按时段"),
    ("", "evening", "晚上好！我是{brand}客户顾问{agent_name}，请问有什么可以帮到您？",
     S000 + "，问候按时段"),
    ("phone", "", "您好！这里是{brand}，我是客户顾问{agent_name}，请问有什么可以帮到您？",
     S004_OPENING + "：敢于介绍自己的公司，表明自己的身份"),
    ("store", "", "您好，欢迎光临{brand}！我是客户顾问{agent_name}，请问有什么可以帮到您？",
     S000 + "：门店客户需立即接待"),
]

# The objection scripts (scene, title, body, notes, seed), after the library's own.
SCRIPTS = [
    ("objection_price", "认同意见，转为卖点（RAS）",
     "您说得很有道理，价格确实是要好好比较的，毕竟谁都想买到性价比高的产品。{product}采用的是进口材质，"
     "比普通材质耐用3倍，而且售后支持24小时上门服务，算下来每年的使用成本更低。",
     "接受、赞美、认同客户的意见；转客户的反对问题为我们的卖点。认可→理解→解决。",
     "004 §九 2、4；000 §二(四) 话术示例"),
    ("objection_function", "用客户的观点（RAS）",
     "您说得对，用不上的功能再多也没有意义，毕竟买东西是为了自己用着顺手。您刚才说最看重{reason}，"
     "{product}在这方面正好做得最好，其他功能不用也不影响。",
     "用他的观点；在乎客户的每一句话。认可→理解→解决。", "004 §十 2、3；000 §二(四) 功能异议"),
    ("objection_trust", "案例证明（RAS）",
     "您的顾虑我很理解，毕竟第一次买最怕售后没人管。上周有个客户买了这款产品，反馈特别好，说用起来很方便；"
     "我们的产品比XX品牌多了2年质保，配件终身免费更换，有任何问题随时找我们。",
     "应用客观的人的影响力；案例证明。认可→理解→解决。", "004 §十 1；000 §二(四)(五)"),
]

CHANNELS = ("sms", "email", "wechat")
TEMPLATES = {
    "zh-hans": (
        "【{brand}】您的订单{order_number}已确认",
        "{customer_name}您好，感谢您的购买！您的订单{order_number}已确认，预计{eta}送达。"
        "如有任何问题，请联系您的客户顾问{agent_name}。温馨提示：收到产品后请检查包装是否完好。"
        "您可以关注我们的公众号，领取会员专属优惠券。",
    ),
    "zh-hant": (
        "【{brand}】您的訂單{order_number}已確認",
        "{customer_name}您好，感謝您的購買！您的訂單{order_number}已確認，預計{eta}送達。"
        "如有任何問題，請聯絡您的客戶顧問{agent_name}。溫馨提示：收到產品後請檢查包裝是否完好。"
        "您可以關注我們的公眾號，領取會員專屬優惠券。",
    ),
    "en": (
        "[{brand}] Your order {order_number} is confirmed",
        "Hello {customer_name}, thank you for your purchase! Your order {order_number} is "
        "confirmed and should arrive by {eta}. For any question, contact your adviser "
        "{agent_name}. Please check that the package is intact when it arrives. Follow our "
        "official account for member-only coupons.",
    ),
}


def seed(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    Script = apps.get_model("knowledge", "Script")
    Opening = apps.get_model("presales", "Opening")
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for key, name, minutes, clock, off, off_clock, warn, source in POLICIES:
        Policy.objects.get_or_create(
            key=key,
            defaults=dict(name=name, minutes=minutes, clock=clock, offday_minutes=off,
                          offday_clock=off_clock, warn_before_minutes=warn, seed=source),
        )
    for order, (scene, title, body, notes, source) in enumerate(SCRIPTS, start=50):
        Script.objects.get_or_create(
            scene=scene, language="zh-hans", title=title,
            defaults=dict(body=body, notes=notes, seed=source, sort_order=order),
        )
    for channel, daypart, body, source in OPENINGS:
        Opening.objects.get_or_create(
            channel=channel, daypart=daypart, defaults={"body": body, "seed": source}
        )
    for language, (subject, body) in TEMPLATES.items():
        for channel in CHANNELS:
            MessageTemplate.objects.get_or_create(
                event="lead.won", channel=channel, language=language,
                defaults=dict(subject=subject, body=body),
            )


def unseed(apps, schema_editor):
    apps.get_model("notify", "MessageTemplate").objects.filter(event="lead.won").delete()
    apps.get_model("presales", "Opening").objects.all().delete()
    titles = [title for _scene, title, *_rest in SCRIPTS]
    apps.get_model("knowledge", "Script").objects.filter(title__in=titles).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("presales", "0001_initial"),
        ("sla", "0004_policy_key_dotted"),
        ("knowledge", "0003_seed_articles"),
        ("notify", "0002_seed_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
