"""Inconsistency between two trials, GRADE handbook 5.2.2 (evidence/grading/inconsistency.py).

Two trials clash when their confidence intervals do not overlap; intervals that share an end
still overlap. A trial whose interval excludes no effect is a significant result, and so can
clash with a trial that reports significance alone in the other direction.
"""

from __future__ import annotations

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
