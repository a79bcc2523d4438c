"""Inconsistency between two trials, GRADE handbook 5.2.2 (evidence/grading/inconsistency.py).

Two trials clash when their confidence intervals do not overlap; intervals that share an end
still overlap. A trial whose interval excludes no effect is a significant result, and so can
clash with a trial that reports significance alone in the other direction.
"""

from __future__ import annotations

import math

import pytest

from evidence.grading.adjustment import Adjustment

from .grading_helpers import domain, finding, grade_one, question, rct, rr

RULE = "GRADE handbook 5.2.2 (inconsistency of results)"


def odds(key: str, estimate: float, low: float, high: float):
    return finding(
        key, measure="or", estimate=estimate, ci_low=low, ci_high=high, n_ketamine=125, n_control=125
    )


def two_odds_ratios_beside_three_agreeing_risk_ratios(d, e):
    """Trials d and e report odds ratios; a, b and c pool as risk ratios with no heterogeneity."""
    q = question(
        rr("a", 1.5, 1.2, 1.9), rr("b", 1.6, 1.25, 2.0), rr("c", 1.55, 1.2, 2.0), odds("d", *d), odds("e", *e)
    )
    trials = rct("a"), rct("b"), rct("c"), rct("d", year=2018), rct("e", year=2021)
    return domain(grade_one(q, *trials), "inconsistency")


@pytest.mark.parametrize(
    ("d", "e"),
    [((1.0, 0.6, 1.6), (2.4, 1.6, 3.6)), ((2.4, 1.6, 3.6), (1.0, 0.6, 1.6))],
    ids=["lower-first", "higher-first"],
)
def test_two_intervals_that_share_an_end_overlap(d, e):
    assert two_odds_ratios_beside_three_agreeing_risk_ratios(d, e) == Adjustment(
        "inconsistency", 0, "Not serious: pooled I² = 0% and the intervals overlap.", (), RULE
    )


@pytest.mark.parametrize(
    ("d", "e"),
    [((1.0, 0.6, 1.59), (2.4, 1.6, 3.6)), ((2.4, 1.6, 3.6), (1.0, 0.6, 1.59))],
    ids=["lower-first", "higher-first"],
)
def test_two_intervals_a_hair_apart_do_not_overlap_whichever_trial_comes_first(d, e):
    def shown(estimate, low, high):
        return f"OR {estimate:g}, {low:g} to {high:g}"

    assert two_odds_ratios_beside_three_agreeing_risk_ratios(d, e) == Adjustment(
        "inconsistency",
        -1,
        f"Serious: Tester 2018 ({shown(*d)}) and Tester 2021 ({shown(*e)}): "
        "their confidence intervals do not overlap.",
        ("d", "e"),
        RULE,
    )


@pytest.mark.parametrize(
    ("interval", "judged"),
    [
        # RR 1.5 (1.2 to 1.9) is significant in favour of ketamine; b is significant the other way
        ((1.5, 1.2, 1.9), Adjustment("inconsistency", -1, "Serious: the studies report significant effects "
                                     "in opposite directions.", ("a", "b"), RULE)),
        # RR 1.5 (0.9 to 2.5) includes no effect: not significant, so nothing to clash with
        ((1.5, 0.9, 2.5), Adjustment("inconsistency", 0, "Not judged: fewer than two studies report an effect "
                                     "with a confidence interval.", (), RULE)),
    ],
)  # fmt: skip
def test_an_interval_counts_as_significance_against_a_trial_that_reports_only_significance(interval, judged):
    q = question(
        rr("a", *interval),
        finding("b", significant=True, favours="comparator", n_ketamine=20, n_control=20),
    )
    assert domain(grade_one(q, rct("a"), rct("b", 40)), "inconsistency") == judged


def i_squared(*intervals: tuple[float, float, float]) -> float:
    """Higgins' I² in percent from ratios and their 95% CIs, worked out by hand on the log scale."""
    logs = [
        (math.log(est), (math.log(high) - math.log(low)) / (2 * 1.959964)) for est, low, high in intervals
    ]
    weights = [1 / se**2 for _, se in logs]
    mean = sum(w * y for w, (y, _) in zip(weights, logs, strict=True)) / sum(weights)
    q = sum(w * (y - mean) ** 2 for w, (y, _) in zip(weights, logs, strict=True))
    return max(0.0, (q - (len(logs) - 1)) / q) * 100


def test_trials_pooled_here_with_substantial_heterogeneity_rate_down_and_say_the_pooled_i2():
    intervals = (4.0, 2.6, 6.2), (1.3, 1.0, 1.7), (2.2, 1.5, 3.2)
    q = question(*(rr(key, *ci) for key, ci in zip("abc", intervals, strict=True)))
    i2 = i_squared(*intervals)
    assert i2 >= 50
    assert domain(grade_one(q, rct("a"), rct("b"), rct("c")), "inconsistency") == Adjustment(
        "inconsistency",
        -1,
        f"Serious: pooling 3 trials here gives I² = {i2:.0f}% (50% or more is substantial heterogeneity).",
        ("a", "b", "c"),
        RULE,
    )


def test_trials_pooled_here_below_50_percent_say_the_pooled_i2_and_that_they_overlap():
    intervals = (1.9, 1.4, 2.6), (1.3, 1.0, 1.7), (1.6, 1.2, 2.1)
    q = question(*(rr(key, *ci) for key, ci in zip("abc", intervals, strict=True)))
    i2 = i_squared(*intervals)
    assert 0 < i2 < 50
    assert domain(grade_one(q, rct("a"), rct("b"), rct("c")), "inconsistency") == Adjustment(
        "inconsistency", 0, f"Not serious: pooled I² = {i2:.0f}% and the intervals overlap.", (), RULE
    )


def test_a_single_study_is_not_judged_and_the_reason_says_why():
    assert domain(grade_one(question(rr("a", 2.0, 1.4, 2.9)), rct("a")), "inconsistency") == Adjustment(
        "inconsistency", 0, "Not judged: a single study cannot be inconsistent with itself.", (), RULE
    )
