"""Inbound email ingestion rate: real encoded messages filed as tickets, replies and robots.

Each batch files ``min(BENCH_CASES, 200)`` fresh messages into the scratch database: 45% new
GB18030 emails with an RFC 2047 subject (each opens a ticket), 45% replies threaded by
In-Reply-To to one of them (quoted history stripped), 5% auto-replies and 5% duplicates.
Timed on the wall clock: the work is database writes (ticket, deadline, events, records).
"""

from __future__ import annotations

import itertools

from tests.bench.registry import Batch, bench

PER_BATCH = 200
BODY = "您好，我上周买的蓝牙耳机左耳没有声音，换了手机也一样，麻烦尽快处理。订单号DD{n}。"
REPLY = "试过恢复出厂设置了，还是不行。\n\n在 2026年6月1日 10:00，客服 写道：\n> 请先恢复出厂设置。"


def _messages(serial: itertools.count, count: int) -> list[bytes]:
    from tests.channels.mail import raw_email

    batch: list[bytes] = []
    last_new = ""
    for i in range(count):
        n = next(serial)
        kind = i % 20
        if kind < 9 or not last_new:
            last_new = f"<new-{n}@example.cn>"
            batch.append(
                raw_email(
                    body=BODY.format(n=n),
                    charset="gb18030",
                    subject=f"耳机没声音 {n}",
                    subject_charset="gb2312",
                    sender=f"=?gb2312?B?wO7A2g==?= <customer{n}@example.cn>",
                    message_id=last_new,
                )
            )
        elif kind < 18:
            batch.append(
                raw_email(
                    body=REPLY,
                    charset="gb18030",
                    message_id=f"<reply-{n}@example.cn>",
                    headers={"In-Reply-To": last_new},
                )
            )
        elif kind == 18:
            batch.append(
                raw_email(
                    message_id=f"<auto-{n}@example.cn>", headers={"Auto-Submitted": "auto-replied"}
                )
            )
        else:
            batch.append(batch[-1])  # the same message delivered again
    return batch


@bench("email", "ingest", "ingest_email: GB18030 mail → tickets, threaded replies", clock="wall")
def bench_ingest(size: int) -> Batch:
    from django.core.management import call_command

    from kefu.channels.services import ingest_email

    call_command("migrate", verbosity=0)
    serial = itertools.count(1)
    count = min(size, PER_BATCH)

    def batch() -> int:
        for raw in _messages(serial, count):
            ingest_email(raw, source="smtp")
        return count

    return batch
