"""Indirectness, GRADE handbook 5.2.3.

A finding is indirect when its population, intervention, comparator or outcome differs from the
question's (curated on the finding: hazardous drinkers offered as alcohol use disorder, a
ketamine + amitriptyline cream, experimental pain), and when its source is curated only as
indirect evidence for the condition (a related condition's trial). More than half the weight
indirect in one domain: -1; in two or more domains: -2.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import IndirectDomain
from .adjustment import Adjustment
from .body import StudyResult, shares
from .rules import HANDBOOK, INDIRECT_SHARE

RULE = HANDBOOK["indirectness"]


def indirect_domains(result: StudyResult) -> dict[IndirectDomain, str]:
    """The domains in which one finding is indirect, with why."""
    found: dict[IndirectDomain, str] = {}
    if result.finding.indirect_domain is not None:
        found[result.finding.indirect_domain] = result.finding.indirect
    if result.indirect_population and IndirectDomain.POPULATION not in found:
        found[IndirectDomain.POPULATION] = "curated as evidence for a related condition, not this one"
    return found


def assess_indirectness(body: Sequence[StudyResult]) -> Adjustment:
    """Indirectness of one outcome's graded body (never empty: an outcome with no body is not graded)."""
    serious: list[tuple[IndirectDomain, float, list[StudyResult]]] = []
    for domain in IndirectDomain:
        affected = [r for r in body if domain in indirect_domains(r)]
        share = shares(body, affected)
        if affected and share > INDIRECT_SHARE:
            serious.append((domain, share, affected))
    if not serious:
        partly = [r for r in body if indirect_domains(r)]
        if partly:
            return Adjustment(
                "indirectness",
                0,
                f"Not serious: only {shares(body, partly):.0%} of the weight is indirect ("
                + "; ".join(f"{r.label}: {', '.join(indirect_domains(r).values())}" for r in partly)
                + ").",
                (),
                RULE,
            )
        return Adjustment(
            "indirectness",
            0,
            "Not serious: the evidence answers the question's population, intervention, "
            "comparator and outcome directly.",
            (),
            RULE,
        )
    parts = []
    keys: set[str] = set()
    for domain, share, affected in serious:
        reasons = "; ".join(sorted({f"{r.label}: {indirect_domains(r)[domain]}" for r in affected}))
        parts.append(f"{domain.value} ({share:.0%} of the weight; {reasons})")
        keys |= {r.key for r in affected}
    effect = -2 if len(serious) >= 2 else -1
    return Adjustment(
        "indirectness",
        effect,
        ("Very serious" if effect == -2 else "Serious") + ": indirect " + " and ".join(parts) + ".",
        tuple(sorted(keys)),
        RULE,
    )
