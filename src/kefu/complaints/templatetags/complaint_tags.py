"""Filters of the complaint pages: money in yuan from integer fen."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """``20000`` → ``200``; ``1999`` → ``19.99``."""
    if fen is None:
        return ""
    whole, cents = divmod(fen, 100)
    return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"
