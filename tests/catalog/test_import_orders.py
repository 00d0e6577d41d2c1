"""Order import from Excel and CSV: re-runnable, per-row errors, good rows kept (O-02)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import time_machine
from openpyxl import Workbook

from kefu.catalog.imports import import_orders
from kefu.catalog.models import Order, OrderItem
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.customers.models import Customer
from tests.catalog.factories import ProductFactory
from tests.customers.factories import CustomerFactory

pytestmark = [pytest.mark.req("O-02"), pytest.mark.django_db]

HEADERS = [
    "订单号",
    "客户姓名",
    "手机",
    "邮箱",
    "商品SKU",
    "数量",
    "单价(元)",
    "下单时间",
    "物流状态",
    "物流单号",
    "签收日期",
    "渠道",
]
ROWS = [
    [
        "DD1001",
        "王芳",
        "13812345678",
        "wangfang@example.cn",
        "PHONE-X1",
        1,
        2999,
        "2026-01-05 14:30",
        "已签收",
        "SF1234567890",
        "2026-01-07",
        "官网",
    ],
    [
        "DD1001",
        "王芳",
        "13812345678",
        "wangfang@example.cn",
        "CASE-01",
        2,
        "39.90",
        "2026-01-05 14:30",
        "已签收",
        "SF1234567890",
        "2026-01-07",
        "官网",
    ],
    [
        "DD1002",
        "李强",
        "+86 139 0000 1111",
        "",
        "EARBUD-2",
        1,
        199,
        "2026/01/06 09:15",
        "已发货",
        "YT0000001",
        "",
        "微信",
    ],
]


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2026, 1, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def products(db):
    return {sku: ProductFactory(sku=sku) for sku in ("PHONE-X1", "CASE-01", "EARBUD-2")}


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def csv_file(rows, headers=HEADERS, encoding="utf-8-sig") -> io.BytesIO:
    import csv

    text = io.StringIO()
    csv.writer(text).writerows([headers, *rows])
    return io.BytesIO(text.getvalue().encode(encoding))


def run(actor, data, name="orders.xlsx"):
    return import_orders(actor=actor, file=data, filename=name)


def test_an_excel_file_creates_orders_items_and_customers(supervisor, products):
    report = run(supervisor, xlsx(ROWS))

    assert (report.rows, report.rows_imported, report.errors) == (3, 3, [])
    assert (report.orders_created, report.customers_created) == (2, 2)
    first = Order.objects.get(number="DD1001")
    assert (first.amount_fen, first.delivery_status, first.delivered_on) == (
        299900 + 2 * 3990,
        "delivered",
        date(2026, 1, 7),
    )
    assert (first.tracking_number, first.channel) == ("SF1234567890", "web")
    assert first.purchased_at.isoformat() == "2026-01-05T06:30:00+00:00"
    assert sorted(first.items.values_list("product__sku", "quantity", "unit_price_fen")) == [
        ("CASE-01", 2, 3990),
        ("PHONE-X1", 1, 299900),
    ]
    wang = Customer.objects.get(phone="+8613812345678")
    assert (wang.name, wang.email, wang.owner_id, wang.source_channel) == (
        "王芳",
        "wangfang@example.cn",
        None,
        "web",
    )
    second = Order.objects.get(number="DD1002")
    assert (second.customer.phone, second.channel, second.delivery_status) == (
        "+8613900001111",
        "wechat",
        "shipped",
    )


def test_the_import_records_timeline_events_and_one_audit_line(supervisor, products):
    run(supervisor, xlsx(ROWS))

    wang = Customer.objects.get(phone="+8613812345678")
    names = sorted(Event.objects.filter(customer_id=wang.pk).values_list("name", flat=True))
    assert names == ["customer.created", "order.created", "order.delivered"]
    audit = AuditEntry.objects.get(action="orders.imported")
    assert audit.data == {
        "rows": 3,
        "failed": 0,
        "created": 2,
        "updated": 0,
        "customers_created": 2,
    }


def test_importing_the_same_file_twice_duplicates_nothing(supervisor, products):
    run(supervisor, xlsx(ROWS))
    report = run(supervisor, xlsx(ROWS))

    assert (report.orders_created, report.orders_updated, report.orders_unchanged) == (0, 0, 2)
    assert report.customers_created == 0
    assert (Order.objects.count(), OrderItem.objects.count(), Customer.objects.count()) == (2, 3, 2)
    assert Event.objects.filter(name="order.created").count() == 2
    assert Event.objects.filter(name="order.delivered").count() == 1


def test_a_reimport_applies_changes_to_orders_and_items(supervisor, products):
    run(supervisor, xlsx(ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][5] = 3  # quantity of the case
    changed[2][8], changed[2][10] = "已签收", "2026-01-09"  # DD1002 now delivered

    report = run(supervisor, csv_file(changed), "orders.csv")

    assert (report.orders_created, report.orders_updated, report.orders_unchanged) == (0, 2, 0)
    assert OrderItem.objects.get(product__sku="CASE-01").quantity == 3
    assert Order.objects.get(number="DD1001").amount_fen == 299900 + 3 * 3990
    second = Order.objects.get(number="DD1002")
    assert (second.delivery_status, second.delivered_on) == ("delivered", date(2026, 1, 9))
    assert Event.objects.filter(name="order.delivered").count() == 2
    assert OrderItem.objects.count() == 3


def test_existing_customers_are_matched_by_phone_or_email(supervisor, products):
    by_phone = CustomerFactory(phone="+8613812345678", email="")
    by_email = CustomerFactory(phone="", email="lq@example.cn")
    rows = [
        ROWS[0],
        ["DD1003", "李强", "", "LQ@example.cn", "CASE-01", 1, 39.9, "2026-01-08", "", "", "", ""],
    ]

    report = run(supervisor, xlsx(rows))

    assert report.customers_created == 0
    assert Order.objects.get(number="DD1001").customer == by_phone
    assert Order.objects.get(number="DD1003").customer == by_email


def test_bad_rows_are_reported_in_chinese_and_change_nothing_while_good_rows_are_kept(
    supervisor, products
):
    rows = [
        ROWS[2],
        ["DD2001", "赵敏", "12345", "", "PHONE-X1", 1, 2999, "2026-01-05 10:00", "", "", "", ""],
        ["DD2002", "钱多", "13700000000", "", "NOPE-9", 1, 10, "2026-01-05 10:00", "", "", "", ""],
        ["DD2003", "孙丽", "13700000001", "", "PHONE-X1", 0, "abc", "昨天", "", "", "", "抖音"],
        [
            "DD2004",
            "周杰",
            "13700000002",
            "",
            "PHONE-X1",
            1,
            10,
            "2026-01-05",
            "已签收",
            "",
            "",
            "",
        ],
    ]

    report = run(supervisor, xlsx(rows))

    assert (report.rows, report.rows_imported, report.rows_failed) == (5, 1, 4)
    assert sorted((e.row, e.column) for e in report.errors) == [
        (3, "手机"),
        (4, "商品SKU"),
        (5, "下单时间"),
        (5, "单价(元)"),
        (5, "数量"),
        (5, "渠道"),
        (6, "签收日期"),
    ]
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(3, "手机")].startswith("手机号码格式不正确")
    assert messages[(4, "商品SKU")] == "没有该 SKU 的产品。"
    assert list(Order.objects.values_list("number", flat=True)) == ["DD1002"]
    assert Customer.objects.count() == 1


def test_a_row_group_with_one_bad_row_keeps_the_good_items(supervisor, products):
    rows = [ROWS[0], [*ROWS[1][:4], "NOPE-9", *ROWS[1][5:]]]

    report = run(supervisor, xlsx(rows))

    assert [(e.row, e.column) for e in report.errors] == [(3, "商品SKU")]
    assert list(
        Order.objects.get(number="DD1001").items.values_list("product__sku", flat=True)
    ) == ["PHONE-X1"]


def test_an_order_number_of_another_customer_is_refused(supervisor, products):
    run(supervisor, xlsx([ROWS[2]]))
    hijack = [
        [
            "DD1002",
            "王芳",
            "13812345678",
            "",
            "EARBUD-2",
            1,
            199,
            "2026-01-06 09:15",
            "",
            "",
            "",
            "",
        ]
    ]

    report = run(supervisor, xlsx(hijack))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "订单号", "该订单号属于另一位客户。")
    ]
    assert Order.objects.get(number="DD1002").customer.name == "李强"
    assert Customer.objects.count() == 1  # the new customer of the refused row was not kept


def test_english_headers_and_a_gb18030_csv_are_accepted(supervisor, products):
    headers = [
        "Order number",
        "Customer name",
        "Phone",
        "Email",
        "SKU",
        "Quantity",
        "Unit price (yuan)",
        "Purchased at",
        "Delivery status",
        "Tracking number",
        "Delivered on",
        "Channel",
    ]
    rows = [
        [
            "DD3001",
            "吴敏",
            "13600000000",
            "",
            "PHONE-X1",
            "1",
            "¥2,999.00",
            "2026-01-05 08:00",
            "delivered",
            "",
            "2026-01-06",
            "store",
        ]
    ]

    report = run(supervisor, csv_file(rows, headers, "gb18030"), "orders.csv")

    assert report.errors == []
    order = Order.objects.get()
    assert (order.amount_fen, order.channel, order.customer.name) == (299900, "store", "吴敏")


def test_a_file_without_the_required_columns_is_refused_whole(supervisor, products):
    with pytest.raises(InvalidInput) as refused:
        run(supervisor, xlsx(ROWS, [h if h != "商品SKU" else "备注" for h in HEADERS]))

    assert refused.value.message == "文件缺少以下列：商品SKU"
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("orders.txt", b"abc"),
        ("orders.xlsx", b"not a zip file"),
        ("orders.csv", b""),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(supervisor, name, content):
    with pytest.raises(InvalidInput):
        run(supervisor, io.BytesIO(content), name)

    assert Order.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(supervisor, products, settings):
    settings.KEFU_IMPORT_MAX_BYTES = 1000

    with pytest.raises(InvalidInput) as refused:
        run(supervisor, csv_file(ROWS * 20), "orders.csv")

    assert refused.value.code == "file_too_large"
    assert Order.objects.count() == 0


@pytest.mark.parametrize("role", ["agent", "tech_support"])
def test_only_supervisors_and_above_import(request, role, products):
    with pytest.raises(Forbidden):
        run(request.getfixturevalue(role), xlsx(ROWS))

    assert Order.objects.count() == 0
    assert AuditEntry.objects.count() == 0
