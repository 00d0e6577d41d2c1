"""The home page: the signed-in user's open deadlines, soonest first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kefu.sla.queries import deadline_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    deadlines = deadline_list(request.user, status="open")[:20]  # type: ignore[arg-type]
    return render(request, "web/home.html", {"deadlines": deadlines})
