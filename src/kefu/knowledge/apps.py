from typing import Any

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "kefu.knowledge"
    label = "knowledge"
    verbose_name = "知识库与话术"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kefu.knowledge.models import Script

        post_save.connect(_forget_scripts, sender=Script, dispatch_uid="scripts-saved")
        post_delete.connect(_forget_scripts, sender=Script, dispatch_uid="scripts-gone")


def _forget_scripts(**_kwargs: Any) -> None:
    from kefu.core.cache import bump
    from kefu.knowledge.queries import SCRIPTS

    bump(SCRIPTS)
