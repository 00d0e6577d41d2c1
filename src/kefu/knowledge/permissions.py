"""Everyone on staff reads scripts and published articles; supervisors and above edit them."""

from kefu.core.permissions import STAFF, SUPERVISORS, register, register_scope
from kefu.knowledge.models import KnowledgeArticle, Script

register("knowledge.view", roles=STAFF)
register("article.edit", roles=SUPERVISORS)
register("script.edit", roles=SUPERVISORS)

register_scope(
    KnowledgeArticle,
    lambda actor, qs: qs if actor.role in SUPERVISORS else qs.filter(published=True),
)
register_scope(
    Script,
    lambda actor, qs: qs if actor.role in SUPERVISORS else qs.filter(active=True),
)
