"""Background work of the customers app: uploads, the drop folder, retention (C-02, C-05)."""

from django_tasks import task

from kefu.core.periodic import periodic
from kefu.customers.models import CustomerImport, ImportStatus
from kefu.customers.retention_policy import erase_inactive_customers

__all__ = ["erase_inactive_customers", "import_drop_folder", "run_customer_import"]


@task()
def run_customer_import(run_id: int) -> str:
    """Carry out an uploaded import once; a run already taken by another worker is left alone."""
    from kefu.customers.imports import run_import

    claimed = CustomerImport.objects.filter(pk=run_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "taken"
    return run_import(CustomerImport.objects.get(pk=run_id)).status


@periodic("customers.import_drop_folder", seconds=15 * 60)
def import_drop_folder() -> int:
    """Files dropped in KEFU_IMPORT_DROP_DIR, each imported once (C-02)."""
    from kefu.customers.import_runs import import_drop_folder as run

    return len(run())
