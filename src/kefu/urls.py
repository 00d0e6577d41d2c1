"""Top-level routes: pages, the admin site, the JSON API and the language switch."""

import os

from django.contrib import admin
from django.urls import include, path

from kefu.api import api
from kefu.core.metrics import metrics_view

urlpatterns = [
    path("", include("kefu.web.urls")),
    path("notifications/", include("kefu.notify.urls")),
    path("knowledge/", include("kefu.knowledge.urls")),
    path("customers/", include("kefu.customers.urls")),
    path("orders/", include("kefu.catalog.urls")),
    path("tickets/", include("kefu.tickets.urls")),
    path("presales/", include("kefu.presales.urls")),
    path("channels/", include("kefu.channels.urls")),
    path("search/", include("kefu.search.urls")),
    path("complaints/", include("kefu.complaints.urls")),
    path("surveys/", include("kefu.surveys.urls")),
    path("callbacks/", include("kefu.callbacks.urls")),
    path("quality/", include("kefu.quality.urls")),
    path("retention/", include("kefu.retention.urls")),
    path("analytics/", include("kefu.analytics.urls")),
    path("s/", include("kefu.surveys.public_urls")),
    path("support/", include("kefu.tickets.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("metrics", metrics_view, name="metrics"),
]

if os.environ.get("KEFU_BENCH") == "1":
    # `make bench` only: a bare JSON endpoint in the same server, the stack's own limit that
    # API throughput is compared with (tests/bench/scale_http.py). Never on otherwise.
    import json

    from django.http import HttpRequest, JsonResponse
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def bench_bare(request: HttpRequest) -> JsonResponse:
        return JsonResponse({"ok": True, "fields": len(json.loads(request.body or b"{}"))})

    urlpatterns.append(path("bench/bare", bench_bare))
