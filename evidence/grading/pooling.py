"""The effect estimate of one outcome: a review's pooled estimate, or the trials pooled here.

Where no curated review pooled an outcome but two or more trials report it on a common measure
with a confidence interval, they are pooled with a random-effects model (statsmodels'
``combine_effects``, Paule-Mandel estimate of tau², the method Cochrane's guidance now prefers
over DerSimonian-Laird), on the log scale for ratios. The result says that this project pooled it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import EffectMeasure
from .body import Z95, Estimate, StudyResult


@dataclass(frozen=True)
class PooledEffect:
    """A random-effects pooled estimate of two or more trials, made by this project."""

    estimate: Estimate
    tau2: float
    i2: float  # a fraction, 0 to 1
    studies: int
    keys: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            **self.estimate.as_dict(),
            "tau2": self.tau2,
            "i2": round(self.i2 * 100, 1),
            "studies": self.studies,
            "pooled_by": "this project (random effects, Paule-Mandel)",
        }


def pool_trials(trials: Sequence[StudyResult]) -> PooledEffect | None:
    """Pool the trials that share the commonest measure; None when fewer than two can be."""
    usable = [(t, e) for t in trials if (e := t.estimate()) is not None and e.log_scale() is not None]
    if len(usable) < 2:
        return None
    measure, count = Counter(e.measure for _, e in usable).most_common(1)[0]
    if count < 2:
        return None
    chosen = sorted(((t, e) for t, e in usable if e.measure is measure), key=lambda te: te[0].key)
    import numpy as np
    from statsmodels.stats.meta_analysis import combine_effects

    effects = np.array([e.log_scale()[0] for _, e in chosen])
    variances = np.array([e.log_scale()[1] ** 2 for _, e in chosen])
    # identical estimates make Cochran's Q zero, and statsmodels' own I² then divides by it
    with np.errstate(divide="ignore"):
        result = combine_effects(effects, variances, method_re="pm", use_t=False)
    mean = float(result.mean_effect_re)
    se = float(result.sd_eff_w_re)
    low, high = mean - Z95 * se, mean + Z95 * se
    if measure.is_ratio:
        mean, low, high = math.exp(mean), math.exp(low), math.exp(high)
    return PooledEffect(
        estimate=Estimate(measure, mean, low, high),
        tau2=float(result.tau2),
        i2=i_squared(float(result.q), len(chosen) - 1),
        studies=len(chosen),
        keys=tuple(t.key for t, _ in chosen),
    )


def i_squared(q: float, df: int) -> float:
    """Higgins' I² as a fraction: (Q - df) / Q, and 0 when Q is no more than df (Cochrane Handbook 10.10.2).

    Not statsmodels' ``1 - df / Q``: trials with the same estimate leave Q at 0 or, by rounding, a hair
    below it, which that turns into minus infinity or an I² in the trillions.
    """
    return (q - df) / q if q > df else 0.0


def proportion_control(results: Sequence[StudyResult]) -> float | None:
    """The control-group risk across results that report events, for an absolute effect."""
    events = n = 0
    for r in results:
        f = r.finding
        if f.events_control is not None and f.n_control:
            events += f.events_control
            n += f.n_control
    return events / n if n else None


def absolute_per_1000(effect: Estimate, control_risk: float) -> tuple[float, float, float] | None:
    """Illustrative difference per 1,000 people treated, from a ratio and a control-group risk."""

    def risk(ratio: float) -> float:
        if effect.measure is EffectMeasure.OR:
            if control_risk >= 1:
                return 1.0  # every control had the event: infinite odds, whatever the odds ratio
            odds = control_risk / (1 - control_risk) * ratio
            return odds / (1 + odds)
        return min(1.0, control_risk * ratio)

    if not effect.measure.is_ratio or effect.measure is EffectMeasure.HR or not effect.has_interval:
        return None
    return tuple(
        round((risk(x) - control_risk) * 1000) for x in (effect.estimate, effect.ci_low, effect.ci_high)
    )
