"""What the channels tests share: private media in a temp dir, the shop's mail address."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _channel_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = "service@kefu-shop.cn"
