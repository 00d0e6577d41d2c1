from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "kefu.knowledge"
    label = "knowledge"
    verbose_name = "知识库与话术"

    def ready(self) -> None:
        from kefu.core.cache import bump_on_change
        from kefu.knowledge.models import Script
        from kefu.knowledge.queries import SCRIPTS

        bump_on_change(SCRIPTS, Script)
