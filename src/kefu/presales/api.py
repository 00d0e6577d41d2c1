"""The presales router of the JSON API (`/api/v1/`)."""

from ninja import Router

router = Router(tags=["presales"])
