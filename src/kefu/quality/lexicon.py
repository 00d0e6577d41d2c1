"""The emotion lexicon (G-03): customer-service words for angry, anxious and satisfied, in
Simplified Chinese, with their weights; negators and intensifiers that change them.

Written for this project from the procedures' wording (seed 000 §三(五) 情绪安抚, 003 §3.2) and
everyday after-sales messages; licensed with the project (AGPL-3.0-or-later). A weight of 1 is
one clear cue; a message is labelled once a label's cues add up to ``THRESHOLD``.
"""

from __future__ import annotations

ANGRY = "angry"
ANXIOUS = "anxious"
SATISFIED = "satisfied"
NEUTRAL = "neutral"

THRESHOLD = 1.0

_ANGRY_STRONG = """
气死 气人 火大 恼火 愤怒 生气 忍无可忍 受够 垃圾 骗子 骗人 欺诈 黑心 黑店 奸商 恶心 滚
投诉 差评 曝光 12315 消协 起诉 律师 报警 举报 媒体 工商局 坑人 太坑 抢钱 什么破 破服务
破东西 烂透 欺负 耍我 倒闭 死了吗 有病 没脑子 有没有脑子 废话 敷衍 退钱 还我钱 说话不算话
不负责 不算数 太过分 过分 离谱 无语 搞什么 什么玩意 什么态度 这什么态度 态度恶劣 态度差
态度太差 叫你们领导 找你们领导 差劲 最差 太差 很差 差到 烂 假货 二手货 以次充好 虚假宣传
不满意 不满 没人管 没人理 不理人 摆设 凭什么 推脱 找借口 说辞 呵呵 搞笑吗 迟早 再也不会
再也不 不会再买 有什么用 骂人 泄露 乱扣 一次都没有 想怎样 到底有没有 到底会不会 到底还要
三倍赔偿 说法 比登天还难 开玩笑 好意思 也叫 到极点 耍人 坑了 太坑了 被坑 欺骗 不接受
陪你们耗 脾气 算什么 像话 岂有此理 混蛋 去死 态度很差 骗我 又骗 还敢 这么差 能不能认真 说了三次
说了好几次 说了多少次
"""
_ANGRY_MILD = """
又是 又发错 几遍 别再 不要再 马上给我 必须给我 赶紧给我 立刻给我 给我退 给我处理
给我解决 给个说法 赔偿 不能用 坏了 错的 怎么会有 什么服务 质量差 不行 失望 后悔 碎了 碎的
机器人 不要跟我说 我要的是结果
"""
_ANXIOUS = """
着急 急 急用 急事 焦急 焦虑 担心 害怕 怕 慌 怎么办 赶紧 快点 快一点 加急 催 来不及
等不及 赶不上 怎么还没 等多久 会不会 丢件 丢了 冒领 没收到 收不到 等着用 就要用 明天就要
马上要 今天之内 今天能 在吗 没动 没更新 卡在 冻结 扣了两次 重复扣款 不见了 怎么回事
快过期 截止 还来得及 来得及 求帮忙 拜托 睡不着 等了很久 没人回复 要出发 出国 急死
"""
_ANXIOUS_MILD = """
还没 是不是 等了 什么时候 没消息 好几天 多久才 有问题 尽快
"""
_SATISFIED = """
谢谢 感谢 多谢 谢了 感激 满意 好评 不错 很好 挺好 太好了 太棒 真棒 棒 给力 赞 点赞
辛苦了 辛苦你 解决了 专业 耐心 开心 喜欢 五星 放心 贴心 周到 用心 负责 物有所值 实惠 值得
推荐 好用 及时 顺利 没话说 帮了大忙 体验很好 体验很棒 信赖 继续支持 真快 速度快 没问题了
没什么问题了 可以接受 满意满意 大麻烦 很快 快速 到位
"""
_SATISFIED_MILD = """
麻烦你了 明白了 收到了
"""


def _entries(words: str, label: str, weight: float) -> dict[str, tuple[str, float]]:
    return {word: (label, weight) for word in words.split()}


TERMS: dict[str, tuple[str, float]] = {
    **_entries(_ANXIOUS_MILD, ANXIOUS, 0.6),
    **_entries(_ANXIOUS, ANXIOUS, 1.0),
    **_entries(_SATISFIED_MILD, SATISFIED, 0.5),
    **_entries(_SATISFIED, SATISFIED, 1.0),
    **_entries(_ANGRY_MILD, ANGRY, 0.7),
    **_entries(_ANGRY_STRONG, ANGRY, 1.5),
}

# Declarative negators turn a word around (不满意 → angry, 不着急 → calm); imperative ones
# (别, 不要) calm only worry: 别骗我 and 不要敷衍我 are still angry.
NEGATORS: tuple[str, ...] = (
    "一点也不",
    "一点都不",
    "从来不",
    "从来没",
    "并不",
    "并没",
    "毫不",
    "从不",
    "从没",
    "不是",
    "没有",
    "不太",
    "不怎么",
    "不用",
    "不要",
    "无需",
    "不必",
    "不",
    "没",
    "别",
    "未",
)
IMPERATIVE_NEGATORS = frozenset({"别", "不要", "不用", "无需", "不必"})

INTENSIFIERS: dict[str, float] = {
    "非常非常": 2.5,
    "非常": 2.0,
    "极其": 2.0,
    "极度": 2.0,
    "特别": 1.8,
    "超级": 1.8,
    "十分": 1.8,
    "简直": 1.6,
    "实在": 1.5,
    "相当": 1.5,
    "完全": 1.5,
    "根本": 1.5,
    "严重": 1.6,
    "太": 1.6,
    "超": 1.5,
    "最": 1.5,
    "真": 1.3,
    "很": 1.3,
    "好": 1.2,
    "挺": 1.1,
    "有点": 1.0,
    "有些": 1.0,
}
