"""The phrases the procedures forbid (seeds 000, 002, 003, 004), each with what to say instead."""

from django.db import migrations

SOLVE = "我会尽力帮您解决。"
CHECK = "您的问题我需要核实一下，1小时内给您回复，可以吗？"
TOGETHER = "您的问题我已经记录清楚，现在我们一起看看怎么解决。"
SORRY = "非常抱歉给您带来不好的体验。请您提供订单号和问题照片，我们将为您安排免费退换货，运费由我们承担。"
APOLOGY = "给您带来不便，我们非常抱歉。"
ESCALATE = "我会立即将您的情况反馈给主管，10分钟内给您回复。"
COURIER = "我已联系快递公司优先处理，稍后给您发送物流更新短信。"
LISTEN = "您慢慢说，我会认真听。"
CONFIRM = "您是说……，对吗？（先复述确认，再一起看怎么解决）"
OFFER = "您可以选择换货或申请退款，两种方式都无需额外费用。"
TIME = "您的问题需要技术部门检测，24小时内给您回复。（只承诺做得到的时间）"

POSITIVE = "000 §四(二): 不说“没办法”，要说“我会尽力帮您解决”"
NO_NO = "004 §七: 杜绝跟顾客说“不行、不知道、不可以”"
REFUSE = "002 误区: 直接拒绝客户"
BLAME = "003 §3.2 场景一: 避免使用“产品没问题”“是您使用不当”等推卸责任的表述"
SHIRK = "004 §七: 不推卸责任; 000 §三(五): 无论责任在谁，先向客户道歉"
THIRD = "003 §3.2 场景二: 主动承担协调责任，不将问题归咎于第三方"
WRONG = "002 误区: 暗示客户有错误"
ARGUE = "002 误区: 争辩、争吵、打断客户; 004 §七: 不争论"
LECTURE = "002 误区: 教育、批评、讽刺客户"
IGNORE = "002 误区: 表示或暗示客户不重要"
PROMISE = "004 §七: 不轻易承诺，不失言; 001 §04: 不轻易承诺无法实现的事项"

# (phrase, category, alternative, allowed inside (one per line), seed)
PHRASES = [
    ("没办法", "refusal", SOLVE, "", "000 §二(一): 避免使用机械性话术（如“不知道”“没办法”）; " + POSITIVE),
    ("我也没办法", "refusal", SOLVE, "", POSITIVE),
    ("不行", "refusal", SOLVE, "行不行", NO_NO),
    ("不可以", "refusal", OFFER, "可不可以", NO_NO),
    ("不可能", "refusal", SOLVE, "", REFUSE),
    ("办不到", "refusal", SOLVE, "", REFUSE),
    ("做不到", "refusal", SOLVE, "", REFUSE),
    ("不知道", "ignorance", CHECK, "不知道您是否\n不知道您现在\n不知道您方便",
     "000 §二(一): 避免使用机械性话术（如“不知道”“没办法”）; " + NO_NO),
    ("我不清楚", "ignorance", CHECK, "", "000 §二(一): 对于不确定的问题，需明确告知客户核实后回复"),
    ("是您使用不当", "blame", SORRY, "", BLAME),
    ("您使用不当", "blame", SORRY, "", BLAME),
    ("你使用不当", "blame", SORRY, "", BLAME),
    ("产品没问题", "blame", SORRY, "", BLAME),
    ("是您自己的问题", "blame", TOGETHER, "", WRONG),
    ("是你自己的问题", "blame", TOGETHER, "", WRONG),
    ("这不是我们的问题", "blame", APOLOGY, "", SHIRK),
    ("不是我们的责任", "blame", APOLOGY, "", SHIRK),
    ("不归我管", "blame", ESCALATE, "", SHIRK),
    ("不关我的事", "blame", ESCALATE, "", SHIRK),
    ("是快递的问题", "blame", COURIER, "", THIRD),
    ("是快递公司的问题", "blame", COURIER, "", THIRD),
    ("你自己看", "arguing", TOGETHER, "", IGNORE),
    ("您自己看", "arguing", TOGETHER, "", IGNORE),
    ("你听我说", "arguing", LISTEN, "", ARGUE),
    ("你错了", "arguing", CONFIRM, "", WRONG),
    ("您错了", "arguing", CONFIRM, "", WRONG),
    ("我已经说过了", "arguing", TOGETHER, "", LECTURE),
    ("说了多少遍", "arguing", TOGETHER, "", LECTURE),
    ("你懂不懂", "arguing", TOGETHER, "", LECTURE),
    ("保证", "over_promise", TIME, "保证金", PROMISE),
    ("绝对", "over_promise", TIME, "绝对值", PROMISE),
    ("肯定没问题", "over_promise", TIME, "", PROMISE),
    ("一定没问题", "over_promise", TIME, "", PROMISE),
    ("马上就好", "over_promise", TIME, "", PROMISE),
    ("百分之百", "over_promise", TIME, "", PROMISE),
    ("包您满意", "over_promise", TIME, "", PROMISE),
]


def forwards(apps, schema_editor):
    BannedPhrase = apps.get_model("quality", "BannedPhrase")
    for phrase, category, alternative, exceptions, seed in PHRASES:
        BannedPhrase.objects.get_or_create(
            phrase=phrase,
            defaults=dict(category=category, alternative=alternative, exceptions=exceptions,
                          seed=seed),
        )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
