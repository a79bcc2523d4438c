"""One GRADE domain's judgement on a body of evidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Adjustment:
    """``effect`` levels (negative rates down, positive up, 0 checked and passed) and why."""

    domain: str
    effect: int
    reason: str
    sources: tuple[str, ...]
    rule: str = ""  # the handbook section the judgement applies

    def as_dict(self) -> dict:
        return {
            "domain": self.domain,
            "effect": self.effect,
            "reason": self.reason,
            "sources": list(self.sources),
            "rule": self.rule,
        }

    @property
    def domain_label(self) -> str:
        return DOMAIN_LABELS.get(self.domain, self.domain.replace("_", " "))


DOMAIN_LABELS = {
    "risk_of_bias": "risk of bias",
    "inconsistency": "inconsistency",
    "indirectness": "indirectness",
    "imprecision": "imprecision",
    "publication_bias": "publication bias",
    "upgrades": "large effect",
    "published_rating": "published rating",
    "publication_type": "publication type",
}
