"""The channels router of the JSON API (`/api/v1/`)."""

from ninja import Router

router = Router(tags=["channels"])
