"""Customers for tests: realistic Chinese names and +86 mobile numbers, unique per customer."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from kefu.customers.models import Customer, Note

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
]
CITIES = [
    ("广东省", "深圳市"),
    ("浙江省", "杭州市"),
    ("上海市", "上海市"),
    ("北京市", "北京市"),
    ("四川省", "成都市"),
    ("江苏省", "南京市"),
]


class CustomerFactory(DjangoModelFactory):
    """A customer with a valid, unique mobile number (E.164) and no owner unless given."""

    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)] + GIVEN[n * 7 % len(GIVEN)])
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    email = factory.Sequence(lambda n: f"customer{n}@example.cn")
    province = factory.Sequence(lambda n: CITIES[n % len(CITIES)][0])
    city = factory.Sequence(lambda n: CITIES[n % len(CITIES)][1])
    address = factory.LazyAttribute(lambda c: f"{c.city}南山区科技园路{len(c.name) * 11}号")
    source_channel = "web"


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    customer = factory.SubFactory(CustomerFactory)
    text = "客户来电咨询保修政策，已说明。"
