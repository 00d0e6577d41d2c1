"""Prometheus metrics at /metrics: request latency, outbox backlog and what apps add.

Request latency is a histogram per process; under gunicorn set ``PROMETHEUS_MULTIPROC_DIR``
to an empty directory so every worker's figures are summed at scrape time. Gauges an app
declares with ``@gauge`` (and the outbox backlog) are read from the database when scraped,
so every process reports the same value. /metrics answers staff users and requests with
``Authorization: Bearer KEFU_METRICS_TOKEN``; everyone else gets 404.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from kefu.core import ops

LATENCY = Histogram(
    "kefu_request_seconds",
    "Time to answer a request, by route and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
_gauges: dict[str, tuple[str, Callable[[], float]]] = {}


def gauge(name: str, documentation: str) -> Callable[[Callable[[], float]], Callable[[], float]]:
    """Declare a gauge read from the database at each scrape."""

    def register(func: Callable[[], float]) -> Callable[[], float]:
        _gauges[name] = (documentation, func)
        return func

    return register


@gauge("kefu_outbox_pending", "Outbox deliveries waiting to run.")
def _pending() -> float:
    return ops.outbox_backlog()[0]


@gauge("kefu_outbox_oldest_pending_seconds", "Age of the oldest waiting outbox delivery.")
def _oldest() -> float:
    return ops.outbox_backlog()[1] or 0.0


class DatabaseGauges:
    """The ``@gauge`` functions as one collector."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, (documentation, func) in sorted(_gauges.items()):
            family = GaugeMetricFamily(name, documentation)
            family.add_metric([], float(func()))
            yield family


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        MultiProcessCollector(registry)
    else:
        registry.register(_ProcessLatency())
    registry.register(DatabaseGauges())
    return registry


class _ProcessLatency:
    def collect(self) -> Iterator[object]:
        return iter(LATENCY.collect())


def _may_read(request: HttpRequest) -> bool:
    token = settings.KEFU_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given, token):
        return True
    return bool(getattr(request.user, "is_authenticated", False) and request.user.is_staff)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _may_read(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


class LatencyMiddleware:
    """Times every request into ``kefu_request_seconds`` (the route pattern, not the path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "unmatched"
        LATENCY.labels(route, request.method).observe(time.perf_counter() - started)
        return response
