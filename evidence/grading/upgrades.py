"""Rating up, GRADE handbook 5.3: only for non-randomised evidence, and only with no serious
limitation elsewhere. A large effect (a ratio of 2 or more, or 0.5 or less, with a confidence
interval that excludes no effect) rates up one level, a very large one (5, or 0.2) two. A
dose-response gradient would also count, but no curated finding records one, so it is never
applied.
"""

from __future__ import annotations

from collections.abc import Sequence

from .adjustment import Adjustment
from .body import Estimate
from .rules import HANDBOOK, LARGE_EFFECT_RATIO, VERY_LARGE_EFFECT_RATIO

RULE = HANDBOOK["upgrades"]


def assess_upgrades(
    randomised: bool, effect: Estimate | None, downgrades: Sequence[Adjustment], keys: tuple[str, ...]
) -> Adjustment | None:
    if randomised:
        return None
    if any(a.effect < 0 for a in downgrades):
        return Adjustment(
            "upgrades", 0, "Not rated up: the evidence is already rated down in another domain.", (), RULE
        )
    if effect is None or not effect.measure.is_ratio or not effect.has_interval or effect.crosses_null():
        return Adjustment(
            "upgrades", 0, "Not rated up: no large effect on a ratio scale with a clear interval.", (), RULE
        )
    # how far the interval's nearer end lies from no effect, as a ratio of at least 1
    nearest = effect.ci_low if effect.ci_low > 1 else 1 / effect.ci_high
    if nearest >= VERY_LARGE_EFFECT_RATIO:
        levels, size = 2, "very large"
    elif nearest >= LARGE_EFFECT_RATIO:
        levels, size = 1, "large"
    else:
        return Adjustment(
            "upgrades",
            0,
            "Not rated up: the effect is not large (ratio under 2 at the interval's nearer end).",
            (),
            RULE,
        )
    return Adjustment(
        "upgrades",
        levels,
        f"Rated up {levels}: a {size} effect ({effect.measure.label} {effect.estimate:.2f}, "
        f"95% CI {effect.ci_low:.2f} to {effect.ci_high:.2f}).",
        keys,
        RULE,
    )
