"""`kefu import tickets FILE`: another helpdesk's tickets in bulk — idempotent by external id,
per-row errors in Chinese with row and column, customers matched, no notices, searchable."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from kefu.core.errors import Forbidden
from kefu.core.models import Event
from kefu.customers.models import Customer
from kefu.notify.models import Message
from kefu.search.queries import search
from kefu.tickets.imports import import_tickets
from kefu.tickets.models import Ticket, TicketMessage
from tests.customers.factories import CustomerFactory
from tests.tickets.conftest import SH

pytestmark = [pytest.mark.req("A-01"), pytest.mark.django_db]

HEADERS = ["外部编号", "客户姓名", "手机", "邮箱", "主题", "状态", "渠道", "创建时间", "关闭时间"]
HEADERS += ["消息时间", "发送方", "消息内容"]
ROWS = [
    [
        "ZD-1",
        "王伟",
        "13912345678",
        "",
        "耳机左耳没声音",
        "已关闭",
        "微信",
        "2025-03-01 10:00",
        "2025-03-02 18:00",
        "2025-03-01 10:00",
        "客户",
        "左耳没有声音了",
    ],
    ["ZD-1", "", "", "", "", "", "", "", "", "2025-03-01 10:20", "客服", "请您重置耳机试试"],
    [
        "ZD-2",
        "李娜",
        "",
        "lina@example.cn",
        "快递一直没到",
        "处理中",
        "官网",
        "2025-03-05 09:30",
        "",
        "",
        "",
        "",
    ],
]


def table(rows, headers=HEADERS, kind="csv") -> io.BytesIO:
    if kind == "xlsx":
        book = Workbook()
        for row in [headers, *rows]:
            book.active.append(row)
        data = io.BytesIO()
        book.save(data)
    else:
        text = io.StringIO()
        csv.writer(text).writerows([headers, *rows])
        data = io.BytesIO(text.getvalue().encode("utf-8-sig"))
    data.seek(0)
    return data


def run(data, name="export.csv", actor=None):
    return import_tickets(actor=actor, file=data, filename=name, workers=1)


def test_a_csv_export_makes_tickets_messages_and_customers(supervisor):
    known = CustomerFactory(name="王伟", phone="+8613912345678")

    report = run(table(ROWS))

    assert (report.rows, report.rows_failed, report.errors) == (3, 0, [])
    assert (report.tickets_created, report.tickets_updated, report.customers_created) == (2, 0, 1)
    first = Ticket.objects.get(external_id="ZD-1")
    assert (first.customer_id, first.description, first.status, first.channel) == (
        known.pk,
        "耳机左耳没声音",
        "closed",
        "wechat",
    )
    assert first.created_at == datetime(2025, 3, 1, 10, 0, tzinfo=SH)
    assert first.closed_at == datetime(2025, 3, 2, 18, 0, tzinfo=SH)
    assert (first.number, first.queue_due_at) == ("T2503010001", None)
    assert list(first.messages.values_list("direction", "body")) == [
        ("inbound", "左耳没有声音了"),
        ("outbound", "请您重置耳机试试"),
    ]
    second = Ticket.objects.get(external_id="ZD-2")
    assert (second.customer.name, second.customer.email, second.status) == (
        "李娜",
        "lina@example.cn",
        "in_progress",
    )
    assert [h.object_id for h in search(supervisor, "重置耳机").items] == [first.pk]
    assert [h.object_id for h in search(supervisor, "李娜", kinds=["customer"]).items] == [
        second.customer_id
    ]


def test_a_phone_and_an_email_of_two_different_customers_refuse_the_row():
    CustomerFactory(name="王伟", phone="+8613912345678")
    CustomerFactory(name="李娜", email="lina@example.cn")
    row = [*ROWS[0][:3], "lina@example.cn", *ROWS[0][4:]]

    with translation.override("zh-hans"):
        report = run(table([row, ROWS[2]]))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "手机", "该电话号码和邮箱分别属于两个不同的客户。")
    ]
    assert list(Ticket.objects.values_list("external_id", flat=True)) == ["ZD-2"]
    assert Customer.objects.count() == 2


def test_importing_the_same_file_again_updates_and_never_duplicates(supervisor):
    third = ["ZD-3", "钱多", "13800001111", "", "退货", "", "", "2025-03-06 08:00", "", "", "", ""]
    run(table([*ROWS, third]))
    first = Ticket.objects.get(external_id="ZD-1")
    changed = [[*ROWS[0][:5], "处理中", *ROWS[0][6:8], "", *ROWS[0][9:]], ROWS[2], third]

    report = run(table(changed))

    assert (report.tickets_created, report.tickets_updated, report.customers_created) == (0, 3, 0)
    assert report.errors == []
    assert Ticket.objects.count() == 3
    assert Customer.objects.count() == 3
    again = Ticket.objects.get(external_id="ZD-1")
    assert (again.pk, again.number, again.status, again.closed_at) == (
        first.pk,
        first.number,
        "in_progress",
        None,
    )
    assert list(again.messages.values_list("body", flat=True)) == ["左耳没有声音了"]
    assert TicketMessage.objects.count() == 1
    assert [h.object_id for h in search(supervisor, "重置耳机").items] == []
    assert [h.object_id for h in search(supervisor, "左耳").items] == [first.pk]


def test_bad_rows_are_reported_in_chinese_by_row_and_column_and_the_good_ones_kept():
    rows = [
        ["ZD-7", "赵敏", "12345", "", "屏幕碎了", "", "", "2025-03-01 10:00", "", "", "", ""],
        ["ZD-8", "钱多", "13800001111", "", "", "已关闭", "", "昨天", "", "", "", ""],
        ["ZD-9", "孙丽", "13800002222", "", "少发配件", "搁置", "", "2025-03-01", "", "", "", ""],
        [
            "ZD-10",
            "周杰",
            "13800003333",
            "",
            "开不了机",
            "",
            "",
            "2025-03-02 08:00",
            "",
            "",
            "",
            "",
        ],
    ]
    with translation.override("zh-hans"):
        report = run(table(rows, kind="xlsx"), name="export.xlsx")

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "手机", "手机号码格式不正确，请输入 11 位手机号码或带区号的电话号码。"),
        (3, "创建时间", "请按 2026-01-05 14:30 的格式填写时间。"),
        (4, "状态", "请填写 新建、处理中、已解决 或 已关闭。"),
    ]
    assert list(Ticket.objects.values_list("external_id", flat=True)) == ["ZD-10"]


def test_json_lines_give_each_ticket_with_its_messages_and_report_bad_lines():
    lines = [
        {
            "external_id": "HD-1",
            "customer": {"name": "吴昊", "phone": "13700001234"},
            "subject": "充电器坏了",
            "status": "solved",
            "channel": "app",
            "created_at": "2025-04-01 09:00",
            "closed_at": "2025-04-02 09:00",
            "messages": [
                {"at": "2025-04-01 09:00", "from": "customer", "body": "充电器不充电"},
                {"at": "2025-04-01 09:05", "from": "agent", "body": "给您补发一个"},
            ],
        },
        {"external_id": "HD-2", "customer": {"name": "郑爽"}, "subject": "退款"},
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    with translation.override("zh-hans"):
        report = run(io.BytesIO(data.encode()), name="export.jsonl")

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "created_at", "此单元格不能为空。"),
        (2, "phone", "请提供客户的电话或邮箱。"),
        (3, "", "这一行不是 JSON 对象。"),
    ]
    ticket = Ticket.objects.get()
    assert (ticket.external_id, ticket.status, ticket.resolved_at, ticket.closed_at) == (
        "HD-1",
        "resolved",
        datetime(2025, 4, 2, 9, 0, tzinfo=SH),
        None,
    )
    assert list(ticket.messages.values_list("direction", "body")) == [
        ("inbound", "充电器不充电"),
        ("outbound", "给您补发一个"),
    ]


def test_imported_tickets_send_no_notice_and_record_no_ticket_event():
    report = run(table(ROWS))

    assert report.tickets_created == 2
    assert not Event.objects.filter(name__startswith="ticket.").exists()
    assert Message.objects.count() == 0


def test_the_command_prints_the_report_with_each_refused_row(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(table([*ROWS, ["ZD-3", "钱多", "", "", "退货", "", "", "2025-03-01"]]).read())
    out = StringIO()

    call_command("import_tickets", str(path), "--workers", "1", stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines() == [
        "rows 4, failed 1; tickets created 2, updated 0; new customers 2; indexed 2",
        "  第 5 行 [手机]：请提供客户的电话或邮箱。",
    ]


def test_an_agent_may_not_import(agent):
    with pytest.raises(Forbidden):
        run(table(ROWS), actor=agent)

    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 0
