"""The daily customer import: CSV and real XLSX files, re-runnable, per-row errors (C-02)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.customers.import_runs import import_customer_file, import_drop_folder
from kefu.customers.models import Customer, CustomerImport, ImportMode, ImportStatus
from tests.customers.factories import CustomerFactory

pytestmark = [pytest.mark.req("C-02"), pytest.mark.django_db]

HEADER = ["客户编号", "姓名", "手机", "邮箱", "性别", "生日", "省份", "城市", "会员等级"]
GOOD = [
    ["C001", "王芳", "138 1234 5678", "WangFang@Example.cn", "女", "1990-05-12", "广东省", "深圳市",
     "金卡会员"],
    ["C002", "李强", "13900001111", "", "男", "", "浙江省", "杭州市", "会员"],
    ["C003", "张伟", "", "zhangwei@example.cn", "", "", "", "", ""],
]  # fmt: skip


PHONE_ERROR = "手机号码格式不正确，请输入 11 位手机号码或带区号的电话号码。"


def xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def run(path: Path, mode: str = ImportMode.GOOD_ROWS) -> CustomerImport:
    return import_customer_file(actor=None, path=path, mode=mode)


def errors(result: CustomerImport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in result.row_errors.all()]


def test_an_excel_file_creates_its_customers_unassigned_with_normalised_contacts(tmp_path):
    result = run(xlsx(tmp_path / "客户.xlsx", GOOD))

    assert (result.status, result.rows, result.created, result.failed) == ("done", 3, 3, 0)
    wang = Customer.objects.get(external_id="C001")
    assert (wang.name, wang.phone, wang.email) == ("王芳", "+8613812345678", "wangfang@example.cn")
    assert (wang.gender, str(wang.birthday), wang.member_level) == ("female", "1990-05-12", "gold")
    assert (wang.province, wang.city, wang.owner_id, wang.version) == ("广东省", "深圳市", None, 1)
    assert Customer.objects.get(external_id="C002").member_level == "regular"
    assert Customer.objects.get(external_id="C003").phone == ""
    event = Event.objects.get(name="customers.imported")
    assert sorted(event.payload["ids"]) == sorted(Customer.objects.values_list("pk", flat=True))
    audit = AuditEntry.objects.get(action="customers.imported")
    assert audit.data == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "mode": "good_rows",
    }


def test_importing_again_updates_changed_customers_and_never_duplicates(tmp_path):
    run(xlsx(tmp_path / "day1.xlsx", GOOD))
    again = run(xlsx(tmp_path / "day1-again.xlsx", GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    changed = [
        ["C001", "王芳", "13812345678", "", "", "", "广东省", "广州市", "钻石会员"],
        ["", "李强", "+86 139 0000 1111", "liqiang@example.cn", "", "", "", "", ""],
        ["C004", "赵敏", "13700002222", "", "", "", "", "", ""],
    ]
    day2 = run(xlsx(tmp_path / "day2.xlsx", changed))

    assert (day2.created, day2.updated, day2.unchanged, day2.failed) == (1, 2, 0, 0)
    assert Customer.objects.count() == 4
    wang = Customer.objects.get(external_id="C001")
    assert (wang.city, wang.member_level, wang.version) == ("广州市", "diamond", 2)
    assert wang.email == "wangfang@example.cn"  # an empty cell changes nothing
    assert Customer.objects.get(phone="+8613900001111").email == "liqiang@example.cn"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(tmp_path, encoding):
    result = run(csv_file(tmp_path / "客户.csv", GOOD, encoding))

    assert (result.status, result.created, result.failed) == ("done", 3, 0)
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["张伟", "李强", "王芳"]
    assert Customer.objects.get(external_id="C001").province == "广东省"


def test_bad_rows_are_reported_in_chinese_by_row_and_column_and_the_good_rows_kept(tmp_path):
    rows = [
        GOOD[0],
        ["C010", "刘洋", "12345", "", "", "", "", "", ""],
        ["C011", "", "13600003333", "", "", "", "", "", ""],
        ["C012", "陈静", "13600004444", "not-an-email", "", "2999-01-01", "", "", "白金"],
        ["C013", '=HYPERLINK("http://x")', "13600005555", "", "", "", "", "", ""],
        ["C014", "王芳二号", "138-1234-5678", "", "", "", "", "", ""],
        ["C015", "杨洋", "13600006666", "", "", "", "", "", ""],
    ]
    result = run(xlsx(tmp_path / "bad.xlsx", rows))

    assert (result.status, result.rows, result.created, result.failed) == ("done", 7, 2, 5)
    assert sorted(Customer.objects.values_list("external_id", flat=True)) == ["C001", "C015"]
    assert errors(result) == [
        (3, "手机", PHONE_ERROR),
        (4, "姓名", "此单元格不能为空。"),
        (5, "邮箱", "邮箱地址格式不正确。"),
        (5, "生日", "请输入过去的日期，例如 1990-05-12。"),
        (5, "会员等级", "请填写 非会员、会员、银卡会员、金卡会员 或 钻石会员。"),
        (6, "姓名", "不接受公式：请直接填写数值。"),
        (7, "手机", "与上面第 2 行的手机相同：本行未导入。"),
    ]


def test_all_or_nothing_writes_nothing_when_a_row_is_bad_and_says_why(tmp_path):
    rows = [*GOOD, ["C010", "刘洋", "12345", "", "", "", "", "", ""]]
    result = run(xlsx(tmp_path / "bad.xlsx", rows), ImportMode.ALL_OR_NOTHING)

    assert (result.status, result.failed) == (ImportStatus.REFUSED, 1)
    assert result.message == "有些行不正确，因此没有导入任何数据。"
    assert errors(result) == [(5, "手机", PHONE_ERROR)]
    assert Customer.objects.count() == 0
    assert not Event.objects.filter(name="customers.imported").exists()


def test_all_or_nothing_imports_a_file_whose_rows_are_all_good(tmp_path):
    result = run(xlsx(tmp_path / "good.xlsx", GOOD), ImportMode.ALL_OR_NOTHING)

    assert (result.status, result.created, result.percent) == (ImportStatus.DONE, 3, 100)
    assert Customer.objects.count() == 3


def test_a_preview_counts_what_would_happen_and_writes_nothing(tmp_path):
    CustomerFactory(name="王芳", phone="+8613812345678", email="", external_id="C001")
    rows = [*GOOD, ["C010", "刘洋", "12345", "", "", "", "", "", ""]]
    result = run(xlsx(tmp_path / "preview.xlsx", rows), ImportMode.PREVIEW)

    assert (result.status, result.created, result.updated, result.failed) == ("done", 2, 1, 1)
    assert Customer.objects.count() == 1
    assert Customer.objects.get().email == ""
    assert not Event.objects.filter(name="customers.imported").exists()


def test_a_row_whose_phone_and_email_name_two_customers_is_refused(tmp_path):
    one = CustomerFactory(phone="+8613812345678", email="")
    two = CustomerFactory(phone="+8613900001111", email="two@example.cn")
    rows = [["", "王芳", "13812345678", "two@example.cn", "", "", "", "", ""]]
    result = run(xlsx(tmp_path / "clash.xlsx", rows))

    assert result.failed == 1
    assert errors(result) == [
        (2, "手机", f"本行的编号、手机和邮箱属于不同的客户：#{one.pk}、#{two.pk}。")
    ]
    assert Customer.objects.get(pk=one.pk).email == ""


def test_a_file_without_the_needed_columns_is_refused_whole(tmp_path):
    path = xlsx(tmp_path / "cols.xlsx", [["北京"]], header=["城市"])
    result = run(path)

    assert result.status == ImportStatus.REFUSED
    assert result.message == "文件缺少以下列：姓名、客户编号/手机/邮箱"
    assert Customer.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, settings):
    settings.KEFU_CUSTOMER_IMPORT_MAX_BYTES = 100
    path = csv_file(tmp_path / "big.csv", GOOD * 5)

    with pytest.raises(InvalidInput) as refused:
        run(path)

    assert refused.value.code == "file_too_large"
    assert Customer.objects.count() == 0
    assert CustomerImport.objects.count() == 0


def test_a_file_that_is_not_csv_or_excel_is_refused(tmp_path):
    path = tmp_path / "customers.txt"
    path.write_text("姓名\n王芳\n")

    with pytest.raises(InvalidInput) as refused:
        run(path)

    assert refused.value.message == "请上传 CSV 或 Excel（.xlsx）文件。"


def test_a_damaged_excel_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")

    result = run(path)

    assert (result.status, result.message) == (ImportStatus.REFUSED, "无法读取该 Excel 文件。")


def test_the_drop_folder_imports_each_file_once_and_moves_it_aside(tmp_path, settings):
    settings.KEFU_IMPORT_DROP_DIR = tmp_path / "drop"
    settings.KEFU_IMPORT_DROP_DIR.mkdir()
    xlsx(settings.KEFU_IMPORT_DROP_DIR / "2026-01-05.xlsx", GOOD)

    first = import_drop_folder()
    assert [(r.source, r.created) for r in first] == [("drop", 3)]
    assert (settings.KEFU_IMPORT_DROP_DIR / "done" / "2026-01-05.xlsx").exists()
    assert import_drop_folder() == []

    done = settings.KEFU_IMPORT_DROP_DIR / "done" / "2026-01-05.xlsx"
    shutil.copy(done, settings.KEFU_IMPORT_DROP_DIR / "2026-01-05-copy.xlsx")  # same content
    assert import_drop_folder() == []
    assert CustomerImport.objects.count() == 1
    assert Customer.objects.count() == 3


def test_only_supervisors_import(agent, tmp_path):
    with pytest.raises(Forbidden):
        import_customer_file(
            actor=agent, path=xlsx(tmp_path / "a.xlsx", GOOD), mode=ImportMode.GOOD_ROWS
        )

    assert Customer.objects.count() == 0
    assert CustomerImport.objects.count() == 0


def test_imported_customers_are_put_in_the_search_index(tmp_path):
    from kefu.customers.handlers import index_imported
    from kefu.search.models import SearchDocument

    run(xlsx(tmp_path / "客户.xlsx", GOOD))

    index_imported(Event.objects.get(name="customers.imported"))

    titles = SearchDocument.objects.filter(kind="customer").values_list("title", flat=True)
    assert sorted(titles) == ["张伟", "李强", "王芳"]
