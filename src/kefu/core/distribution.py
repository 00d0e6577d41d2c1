"""Share work evenly among agents: each item goes to whoever has the least at that moment.

按照负责客户数量均衡的原则分配 (004 §一). The caller says what "load" means (open callback
calls, open telemarketing leads); the sharing rule is this one function for every app.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def share_evenly(
    items: Sequence[T], agent_ids: Sequence[int], load: Mapping[int, int]
) -> list[tuple[T, int]]:
    """Each item, in order, to the agent with the smallest load so far (ties: lowest id).

    ``load`` is each agent's current work; an agent missing from it starts at zero.
    """
    if not agent_ids:
        return []
    heap = [(load.get(agent_id, 0), agent_id) for agent_id in sorted(set(agent_ids))]
    heapq.heapify(heap)
    plan = []
    for item in items:
        count, agent_id = heapq.heappop(heap)
        plan.append((item, agent_id))
        heapq.heappush(heap, (count + 1, agent_id))
    return plan
