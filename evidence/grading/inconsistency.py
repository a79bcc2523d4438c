"""Inconsistency of results, GRADE handbook 5.2.2.

Judged from effect estimates, within one comparison (one question's outcome) and only across
independent studies, never across reviews that pool the same trials:

- a review's reported I-squared of 50% or more (substantial heterogeneity): -1;
- when this project pooled the trials itself, the pooled I-squared, likewise;
- otherwise two trials whose confidence intervals do not overlap (as two intervals that both
  exclude no effect on opposite sides never do): -1.

A single study cannot be inconsistent with itself: not judged (its imprecision is). A credible
subgroup explanation (route, form, comparator, diagnosis) is curated as separate questions, not
taken off here.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from .adjustment import Adjustment
from .body import StudyResult, plural
from .pooling import PooledEffect
from .rules import HANDBOOK, I2_SUBSTANTIAL

RULE = HANDBOOK["inconsistency"]


def assess_inconsistency(
    trials: Sequence[StudyResult], review: StudyResult | None, pooled: PooledEffect | None
) -> Adjustment:
    """Inconsistency across the independent studies of one outcome."""
    if review is not None and review.finding.i2 is not None:
        i2 = review.finding.i2
        if i2 >= I2_SUBSTANTIAL:
            return Adjustment(
                "inconsistency",
                -1,
                f"Serious: {review.label} reports I² = {i2:g}% across its pooled studies "
                f"({I2_SUBSTANTIAL:g}% or more is substantial heterogeneity).",
                (review.key,),
                RULE,
            )
        return Adjustment("inconsistency", 0, f"Not serious: {review.label} reports I² = {i2:g}%.", (), RULE)
    if pooled is not None:
        i2 = pooled.i2 * 100
        if i2 >= I2_SUBSTANTIAL:
            return Adjustment(
                "inconsistency",
                -1,
                f"Serious: pooling {plural(pooled.studies, 'trial')} here gives I² = {i2:.0f}% "
                f"({I2_SUBSTANTIAL:g}% or more is substantial heterogeneity).",
                pooled.keys,
                RULE,
            )
        clash = _clashing_pair(trials)
        if clash is None:
            return Adjustment(
                "inconsistency", 0, f"Not serious: pooled I² = {i2:.0f}% and the intervals overlap.", (), RULE
            )
        return _clash(clash)
    estimated = [t for t in trials if (e := t.estimate()) is not None and e.has_interval]
    if len(estimated) < 2:
        if len(trials) >= 2:
            sides = {t.significance_side() for t in trials if t.is_significant()}
            sides.discard(None)
            if len(sides) == 2:
                return Adjustment(
                    "inconsistency",
                    -1,
                    "Serious: the studies report significant effects in opposite directions.",
                    tuple(sorted(t.key for t in trials)),
                    RULE,
                )
        why = (
            "a single study cannot be inconsistent with itself"
            if len(trials) <= 1
            else "fewer than two studies report an effect with a confidence interval"
        )
        return Adjustment("inconsistency", 0, f"Not judged: {why}.", (), RULE)
    clash = _clashing_pair(estimated)
    if clash is not None:
        return _clash(clash)
    # at least two studies reach this line, so the count is always plural
    return Adjustment(
        "inconsistency",
        0,
        f"Not serious: the confidence intervals of the {len(estimated)} studies overlap.",
        (),
        RULE,
    )


def _clashing_pair(trials: Sequence[StudyResult]) -> tuple[StudyResult, StudyResult, str] | None:
    usable = [t for t in trials if (e := t.estimate()) is not None and e.has_interval]
    for a, b in combinations(usable, 2):
        ea, eb = a.estimate(), b.estimate()
        if ea.measure is not eb.measure:
            continue
        # two intervals that exclude no effect on opposite sides never overlap, so this covers them too
        if ea.ci_high < eb.ci_low or eb.ci_high < ea.ci_low:
            return a, b, "their confidence intervals do not overlap"
    return None


def _clash(clash: tuple[StudyResult, StudyResult, str]) -> Adjustment:
    a, b, why = clash
    ea, eb = a.estimate(), b.estimate()
    return Adjustment(
        "inconsistency",
        -1,
        f"Serious: {a.label} ({ea.measure.label} {ea.estimate:g}, {ea.ci_low:g} to {ea.ci_high:g}) and "
        f"{b.label} ({eb.measure.label} {eb.estimate:g}, {eb.ci_low:g} to {eb.ci_high:g}): {why}.",
        tuple(sorted((a.key, b.key))),
        RULE,
    )
