"""`kefu import customers FILE`: a progress bar on the terminal, the report, a dry run (C-02)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kefu.customers.models import Customer
from tests.customers.test_import_customers import GOOD, csv_file

pytestmark = [pytest.mark.req("C-02"), pytest.mark.django_db]


def test_the_command_shows_a_progress_bar_and_the_report(tmp_path):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_customers", str(csv_file(tmp_path / "c.csv", GOOD)), stdout=out, stderr=err
    )

    assert "[##############################] 100%" in err.getvalue()
    assert (
        out.getvalue().splitlines()[0]
        == "已完成: rows 3, created 3, updated 0, unchanged 0, with errors 0"
    )
    assert Customer.objects.count() == 3


def test_a_dry_run_writes_nothing(tmp_path):
    out = io.StringIO()

    call_command(
        "import_customers",
        str(csv_file(tmp_path / "c.csv", GOOD)),
        "--dry-run",
        "--quiet",
        stdout=out,
    )

    assert "created 3" in out.getvalue()
    assert Customer.objects.count() == 0


def test_a_refused_file_ends_the_command_with_its_reason(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("城市\n北京\n", encoding="utf-8")

    with pytest.raises(CommandError, match="文件缺少以下列"):
        call_command("import_customers", str(path), "--quiet", stdout=io.StringIO())
