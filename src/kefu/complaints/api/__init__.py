"""The complaints app over the API (`/api/v1/complaints`, `/api/v1/incidents`, ...)."""

from ninja import Router

from kefu.complaints.api.complaints import router as complaints_router
from kefu.complaints.api.records import router as records_router
from kefu.complaints.api.reports import router as reports_router

router = Router()
router.add_router("/", complaints_router)
router.add_router("/", records_router)
router.add_router("/", reports_router)

__all__ = ["router"]
