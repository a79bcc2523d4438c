"""Imprecision, GRADE handbook 5.2.4: the optimal information size and the confidence interval.

- *Information size.* Without a better calculation, GRADE's rule of thumb: about 400
  participants for a continuous outcome and about 300 events for a dichotomous one (750
  participants when events are not reported). Only the distinct participants of the question's
  own comparison count: ketamine and control arms, never another drug's arm, never the same
  people twice (see ``body``), crossover participants once.
- *The interval.* A 95% CI that includes no effect leaves the decision open.
- -1 when one of the two fails, -2 when both fail, -2 when the interval is very wide (it includes
  both an appreciable benefit and an appreciable harm: a ratio of 0.75 and 1.25, an SMD of -0.2
  and 0.2), -3 when it is very wide and the information size is not met.
- No interval at all (only a p-value or "not significant"): precision cannot be shown, so -1 to
  start, and -1 more for each of a missing information size and no significant effect.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import EffectMeasure, Outcome, OutcomeKind
from .adjustment import Adjustment
from .body import Estimate
from .rules import (
    APPRECIABLE_RATIO_HIGH,
    APPRECIABLE_RATIO_LOW,
    APPRECIABLE_SMD,
    HANDBOOK,
    OIS_CONTINUOUS_PARTICIPANTS,
    OIS_DICHOTOMOUS_EVENTS,
    OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS,
)

RULE = HANDBOOK["imprecision"]


def information_size_met(outcome: Outcome, participants: int | None, events: int | None) -> tuple[bool, str]:
    """Whether the body reaches GRADE's optimal information size, and the sentence saying so."""
    if participants is None:
        return (
            False,
            "the number of participants is not recorded (a missing count is never kinder than a small one)",
        )
    if outcome.kind is OutcomeKind.CONTINUOUS:
        met = participants >= OIS_CONTINUOUS_PARTICIPANTS
        return (
            met,
            f"{participants} participants ({'at least' if met else 'fewer than'} {OIS_CONTINUOUS_PARTICIPANTS} for a continuous outcome)",
        )
    if events is not None:
        met = events >= OIS_DICHOTOMOUS_EVENTS
        return (
            met,
            f"{events} events among {participants} participants ({'at least' if met else 'fewer than'} {OIS_DICHOTOMOUS_EVENTS} events)",
        )
    met = participants >= OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS
    return met, (
        f"{participants} participants, events not reported ({'at least' if met else 'fewer than'} "
        f"{OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS})"
    )


def very_wide(effect: Estimate) -> bool:
    """True when the CI includes both an appreciable benefit and an appreciable harm."""
    if not effect.has_interval:
        return False
    if effect.measure.is_ratio:
        return effect.ci_low <= APPRECIABLE_RATIO_LOW and effect.ci_high >= APPRECIABLE_RATIO_HIGH
    if effect.measure is EffectMeasure.SMD:
        return effect.ci_low <= -APPRECIABLE_SMD and effect.ci_high >= APPRECIABLE_SMD
    if effect.measure is EffectMeasure.MD and effect.crosses_null() and effect.estimate != 0:
        # no scale-free threshold for a mean difference: very wide when the interval reaches as far
        # past no effect, the other way, as half the point estimate
        reach = abs(effect.estimate) / 2
        return effect.ci_low <= -reach and effect.ci_high >= reach
    return False


def _no_interval(effect: Estimate | None, unpooled: Sequence[Estimate]) -> str:
    """Why there is no interval to judge: none published, or the trials' own could not be pooled."""
    if effect is not None or not unpooled:
        return "No confidence interval was published"
    measures = sorted({e.measure.label for e in unpooled})
    if len(measures) > 1:
        return f"The trials' confidence intervals are on different measures ({', '.join(measures)}) and cannot be pooled"
    return "Only one trial's confidence interval was published, too few to pool with the others"


def assess_imprecision(
    outcome: Outcome,
    effect: Estimate | None,
    participants: int | None,
    events: int | None,
    significant: bool | None,
    keys: tuple[str, ...],
    unpooled: Sequence[Estimate] = (),
) -> Adjustment:
    """GRADE's imprecision judgement for one outcome's body.

    ``unpooled`` holds the trials' own intervals when no single estimate could be made of them.
    """
    met, size = information_size_met(outcome, participants, events)
    if effect is None or not effect.has_interval:
        # -1 to start, and -1 more for each of a missing information size and no significant effect
        effect_size = -1 - (not met) - (significant is not True)
        shown = {
            True: "a significant effect",
            False: "no significant effect",
            None: "no significance reported",
        }[significant]
        return Adjustment(
            "imprecision",
            effect_size,
            f"{_no_interval(effect, unpooled)}, so precision cannot be shown; {size}; {shown}.",
            keys,
            RULE,
        )
    crosses = effect.crosses_null()
    wide = very_wide(effect)
    interval = (
        f"{effect.measure.label} {effect.estimate:.2f} (95% CI {effect.ci_low:.2f} to {effect.ci_high:.2f})"
    )
    if wide:
        effect_size = -3 if not met else -2
        return Adjustment(
            "imprecision",
            effect_size,
            f"Very serious: {interval} includes both appreciable benefit and appreciable harm; {size}.",
            keys,
            RULE,
        )
    failures = [
        why
        for why, failed in ((f"the interval {interval} includes no effect", crosses), (size, not met))
        if failed
    ]
    if not failures:
        return Adjustment(
            "imprecision", 0, f"Not serious: {interval} excludes no effect and {size}.", (), RULE
        )
    return Adjustment(
        "imprecision",
        -len(failures),
        ("Very serious: " if len(failures) == 2 else "Serious: ") + "; ".join(failures) + ".",
        keys,
        RULE,
    )
