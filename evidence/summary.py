"""Per-condition counts of the curated sources, for the overview and `python -m evidence summary`."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from .loading import EvidenceBase
from .models import Design


@dataclass(frozen=True)
class ConditionCount:
    slug: str
    name: str
    category: str
    total: int
    direct: int
    indirect: int
    by_design: dict[str, int]  # design value -> sources, in the order of the design hierarchy

    def as_dict(self) -> dict:
        return asdict(self)


def condition_counts(base: EvidenceBase) -> list[ConditionCount]:
    """One row per condition, in the order of conditions.yaml."""
    rows = []
    for condition in base.conditions:
        direct = base.sources_for(condition.slug, direct=True)
        indirect = base.sources_for(condition.slug, direct=False)
        designs = Counter(s.design for s in direct + indirect)
        rows.append(
            ConditionCount(
                slug=condition.slug,
                name=condition.name,
                category=condition.category.value,
                total=len(direct) + len(indirect),
                direct=len(direct),
                indirect=len(indirect),
                by_design={d.value: designs[d] for d in Design if designs[d]},
            )
        )
    return rows
