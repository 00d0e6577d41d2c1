"""The analytics router of the JSON API (`/api/v1/`): every analysis as its tables (Y-01..Y-04)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kefu.analytics.customers import customer_report
from kefu.analytics.effect import DEFAULT_DAYS, callback_touch, effect_report
from kefu.analytics.period import parse_period
from kefu.analytics.products import product_report
from kefu.analytics.service import service_report
from kefu.callbacks import queries as callback_queries
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.core.reports import as_json

router = Router(tags=["analytics"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/analytics/service", response=dict[str, Any])
def service(request: HttpRequest, start: str = "", end: str = "") -> dict[str, Any]:
    """The service dashboard (Y-01) of a period (ISO dates; default the last 30 days)."""
    period = parse_period(start or None, end or None)
    return as_json(service_report(actor=_actor(request), period=period))


@router.get("/analytics/customers", response=dict[str, Any])
def customers(request: HttpRequest, start: str = "", end: str = "") -> dict[str, Any]:
    """Customers by region, age and gender, member level; new and returning buyers (Y-02)."""
    period = parse_period(start or None, end or None)
    return as_json(customer_report(actor=_actor(request), period=period))


@router.get("/analytics/products", response=dict[str, Any])
def products(request: HttpRequest, start: str = "", end: str = "") -> dict[str, Any]:
    """Popularity, tickets per 100 units and products bought together (Y-03)."""
    period = parse_period(start or None, end or None)
    return as_json(product_report(actor=_actor(request), period=period))


@router.get("/analytics/campaigns/{campaign_id}/effect", response=dict[str, Any])
def campaign_effect(
    request: HttpRequest, campaign_id: int, days: int = DEFAULT_DAYS
) -> dict[str, Any]:
    """A callback campaign's before/after against the customers it did not reach (Y-04)."""
    require(_actor(request), "analytics.view")  # before the lookup: an agent learns nothing
    campaign = callback_queries.campaign(_actor(request), campaign_id)
    return as_json(effect_report(actor=_actor(request), touch=callback_touch(campaign), days=days))
