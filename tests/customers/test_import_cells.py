"""The import's fast paths for phones and emails agree with the profile's full checks (C-02)."""

from __future__ import annotations

import pytest

from kefu.core.errors import InvalidInput
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.import_read import PARSERS

pytestmark = pytest.mark.req("C-02")


def outcome(parse, value):
    try:
        return parse(value)
    except InvalidInput as exc:
        return exc.code


@pytest.mark.parametrize(
    "value",
    ["13812345678", "138 1234 5678", "+86 138-1234-5678", "8613812345678", 13812345678.0,
     "12345", "010-62345678", "+1 650 253 0000", "1381234567"],
)  # fmt: skip
def test_a_phone_cell_reads_as_the_profile_would_store_it(value):
    expected = outcome(normalise_phone, str(int(value)) if isinstance(value, float) else value)
    assert outcome(PARSERS["phone"], value) == expected


@pytest.mark.parametrize(
    "value",
    ["WangFang@Example.cn", "a.b+c@mail-x.example.com", "a..b@x.cn", ".a@x.cn", "a@-x.cn",
     "a@x.c", "王芳@例子.中国", "no-at-sign"],
)  # fmt: skip
def test_an_email_cell_reads_as_the_profile_would_store_it(value):
    assert outcome(PARSERS["email"], value) == outcome(normalise_email, value)
