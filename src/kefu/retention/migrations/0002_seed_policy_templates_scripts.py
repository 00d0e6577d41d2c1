"""Retention's shop data: the contact-cap window, the cap, the care message templates and the
telemarketing scripts.

- ``retention.cap_window``: the window of the per-customer frequency cap, 7 days (规程未规定
  频次；按每月触达、节日问候的节奏取每周至多2次, an admin changes both).
- Message templates ``retention.<kind>`` for SMS and email in zh-hans, zh-hant and en; each ends
  with the unsubscribe link. Texts quoted from seed 000 §三(六) 留存策略 / 复购促进 and seed 002
  关怀带来回头客 (产品使用追踪, 新品上架预告, 节庆温暖问候); {content} is the rule's own text.
- Scripts "电话营销：…" in the knowledge library, quoted from seed 004 §四 (开始 / 结束用语)
  and §八–十 (电话营销沟通技巧), seed 000 §二(四)–(五) (RAS, 促成方法) and §三(六).
"""

from django.db import migrations

CHANNELS = ("sms", "email")
UNSUB = {
    "zh-hans": "不想再收到此类消息？点此退订：{unsubscribe_url}",
    "zh-hant": "不想再收到此類消息？點此退訂：{unsubscribe_url}",
    "en": "Unsubscribe: {unsubscribe_url}",
}

# kind -> language -> (subject, body without the unsubscribe line)
TEMPLATES = {
    "usage_tip": {
        "zh-hans": ("【{brand}】本月使用小技巧", "{customer_name}您好，本月为您准备了产品使用技巧：{content}"),
        "zh-hant": ("【{brand}】本月使用小技巧", "{customer_name}您好，本月為您準備了產品使用技巧：{content}"),
        "en": ("[{brand}] This month's tip", "Hello {customer_name}, this month's tip: {content}"),
    },
    "birthday": {
        "zh-hans": ("【{brand}】生日快乐！", "{customer_name}您好，祝您生日快乐！我们为您准备了一份生日优惠券：{content}"),
        "zh-hant": ("【{brand}】生日快樂！", "{customer_name}您好，祝您生日快樂！我們為您準備了一份生日優惠券：{content}"),
        "en": ("[{brand}] Happy birthday!", "Hello {customer_name}, happy birthday! A birthday coupon for you: {content}"),
    },
    "holiday": {
        "zh-hans": ("【{brand}】{holiday}快乐", "{customer_name}您好，{holiday}将至，{brand}祝您节日快乐！{content}"),
        "zh-hant": ("【{brand}】{holiday}快樂", "{customer_name}您好，{holiday}將至，{brand}祝您節日快樂！{content}"),
        "en": ("[{brand}] Season's greetings", "Hello {customer_name}, {brand} wishes you a happy {holiday}! {content}"),
    },
    "new_product": {
        "zh-hans": ("【{brand}】新品上架预告：{product}", "{customer_name}您好，新品上架预告：{product}即将上市。{content}"),
        "zh-hant": ("【{brand}】新品上架預告：{product}", "{customer_name}您好，新品上架預告：{product}即將上市。{content}"),
        "en": ("[{brand}] Coming soon: {product}", "Hello {customer_name}, coming soon: {product}. {content}"),
    },
    "early_access": {
        "zh-hans": ("【{brand}】会员优先购买：{product}", "{customer_name}您好，新品上市，老客户可以提前购买：{product}。{content}"),
        "zh-hant": ("【{brand}】會員優先購買：{product}", "{customer_name}您好，新品上市，老客戶可以提前購買：{product}。{content}"),
        "en": ("[{brand}] Member early access: {product}", "Hello {customer_name}, as a member you can buy {product} early. {content}"),
    },
    "maintenance": {
        "zh-hans": ("【{brand}】保养提醒：{product}", "{customer_name}您好，您的{product}已使用{months}个月，友情提醒您及时做保养。{content}"),
        "zh-hant": ("【{brand}】保養提醒：{product}", "{customer_name}您好，您的{product}已使用{months}個月，友情提醒您及時做保養。{content}"),
        "en": ("[{brand}] Maintenance reminder: {product}", "Hello {customer_name}, your {product} is {months} months old: time for its maintenance. {content}"),
    },
    "replacement": {
        "zh-hans": ("【{brand}】更换提醒：{product}", "{customer_name}您好，您的{product}已经用了{months}个月，要不要换一个新的？{content}"),
        "zh-hant": ("【{brand}】更換提醒：{product}", "{customer_name}您好，您的{product}已經用了{months}個月，要不要換一個新的？{content}"),
        "en": ("[{brand}] Time to replace: {product}", "Hello {customer_name}, your {product} has been in use for {months} months. Time for a new one? {content}"),
    },
    "related": {
        "zh-hans": ("【{brand}】为您推荐", "{customer_name}您好，感谢您的购买！搭配使用推荐：{related}。{content}"),
        "zh-hant": ("【{brand}】為您推薦", "{customer_name}您好，感謝您的購買！搭配使用推薦：{related}。{content}"),
        "en": ("[{brand}] Goes well with your purchase", "Hello {customer_name}, thank you for your order! You may also like: {related}. {content}"),
    },
}

S004_4 = "004 §四 回访规范及用语"
S004_8 = "004 §八 电话营销沟通技巧"
# (title, body, notes, seed), in the order of a call. All in the knowledge library's
# "repurchase" scene (复购促进), so the after-sales composer's openings and closings stay its own.
SCRIPTS = [
    ("电话营销：开场白", "您好我是{brand}的客服代表{agent_name}，请问您是{customer_name}吗？打扰您了。",
     "要引起客户的注意和兴趣；敢于介绍自己的公司，表明自己的身份；简单明了，不要引起顾客的反感。",
     S004_4 + " (1)开始；" + S004_8 + " (三)开场白的技巧"),
    ("电话营销：了解需求", "您对产品的主要要求是什么？",
     "不要总是问客户是否有兴趣，要帮助客户决定，引导客户的思维；在乎客户的每一句话。",
     "000 §二(二) 技巧说明；004 §十 激发客户购买欲望的技巧"),
    ("电话营销：新品优先购买", "新品上市，老客户可以提前3天购买。{product}正好符合您的需要。",
     "接受、赞美、认同客户的意见；转客户的反对问题为我们的卖点。",
     "000 §三(六) 专属权益；004 §九 介绍公司或产品的技巧"),
    ("电话营销：价格异议",
     "您关注价格是很合理的，毕竟大家都想花最少的钱买最好的产品。我们的产品比XX品牌多了2年质保，而且配件终身免费更换，算下来每年的使用成本更低。",
     "面对客户的拒绝不要立刻退缩，放弃；面对“碰壁”的心态要好。", "000 §二(四) RAS模型；004 §八(三)3"),
    ("电话营销：功能异议",
     "您的想法很合理，毕竟每个人的使用习惯都不一样。{product}的主要功能正好符合您的需要，以后需要的时候也能随时打开。",
     "认可→理解→解决（RAS）。", "000 §二(四) 功能异议，按RAS模型编写"),
    ("电话营销：信任异议",
     "您关心售后是很合理的，毕竟买东西最怕出了问题没人管。我们的售后支持24小时上门服务，有任何问题随时找我们。",
     "认可→理解→解决（RAS）。", "000 §二(四) 信任异议，按RAS模型编写"),
    ("电话营销：促成（限时优惠）", "今天下单可以享受8折，明天就恢复原价了。",
     "避免过度催促（如“赶紧买吧，不然就没了”），需保持自然。", "000 §二(五) 促成方法；注意事项"),
    ("电话营销：结束（有意向）",
     "感谢您的答复，您如果需要什么帮助，可随时跟我们取得联系，祝您{wish}，再见！", "",
     S004_4 + " (3)结束【满意】"),
    ("电话营销：结束（拒绝）",
     "非常谢谢您的反应，打扰您了。您如果需要什么帮助，可随时跟我们取得联系，祝您{wish}，再见！",
     "客户要求不再来电时，记录“不要再打给我”：其营销同意随即撤回。", S004_4 + " (3)结束【不满意/一般】"),
]


def forwards(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    Policy.objects.get_or_create(
        key="retention.cap_window",
        defaults=dict(name="营销触达频次窗口", minutes=10080, clock="calendar", offday_minutes=None,
                      offday_clock="calendar", warn_before_minutes=0,
                      seed="000 §三(六) 定期触达；频次上限按每7天计"),
    )
    apps.get_model("retention", "RetentionSettings").objects.get_or_create(pk=1)
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for kind, languages in TEMPLATES.items():
        for language, (subject, body) in languages.items():
            for channel in CHANNELS:
                MessageTemplate.objects.get_or_create(
                    event=f"retention.{kind}", channel=channel, language=language,
                    defaults={"subject": subject, "body": f"{body}\n{UNSUB[language]}"},
                )
    Script = apps.get_model("knowledge", "Script")
    for order, (title, body, notes, seed) in enumerate(SCRIPTS, start=101):
        Script.objects.get_or_create(
            scene="repurchase", language="zh-hans", title=title,
            defaults={"body": body, "notes": notes, "seed": seed, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("sla", "0004_policy_key_dotted"),
        ("notify", "0002_seed_templates"),
        ("knowledge", "0003_seed_articles"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
