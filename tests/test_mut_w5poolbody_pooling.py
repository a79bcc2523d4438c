"""Trials pooled here: the random-effects estimate, its interval and I², worked out by hand.

With no review's estimate to show, two or more trials on a common measure are pooled by this
project (Paule-Mandel random effects). The pooled effect is what the reader sees beside the grade,
and its I² is what inconsistency judges, so both are checked against the formulas: each trial's
standard error is its interval's width over 2 x 1.96 (on the log scale for ratios), Cochran's Q is
the inverse-variance weighted sum of squared deviations from the fixed-effect mean, and
I² = (Q - df) / Q, 0 when Q is no more than df (Cochrane Handbook 10.10.2).
"""

from __future__ import annotations

import warnings

import pytest

from evidence.grading.pooling import i_squared

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr

CHANGE = outcome("change", kind="continuous", favours="lower")


def md(key: str, estimate: float, low: float, high: float):
    """A mean difference on the change score, 50 participants an arm."""
    return finding(
        key, "change", measure="md", estimate=estimate, ci_low=low, ci_high=high, n_ketamine=50, n_control=50
    )


def graded_change(*findings):
    return grade_one(question(*findings, outcomes=(CHANGE,)), *(rct(f.source, 100) for f in findings))


def test_two_mean_differences_far_apart_pool_with_their_heterogeneity_in_the_interval():
    # each trial: SE = (high - low) / (2 x 1.96) = 4 / 3.91993 = 1.02043, variance v = 1.04127;
    # Q = (2.5² + 2.5²) / v = 12.00457 on 1 df, so I² = 11.00457 / 12.00457 = 91.7%;
    # Paule-Mandel tau² solves 12.5 / (v + tau²) = 1: tau² = 11.45873; equal weights give the
    # mean -5.5 with SE sqrt((v + tau²) / 2) = 2.5, so -5.5 ± 1.96 x 2.5 = -10.39991 to -0.60009
    graded = graded_change(md("a", -3.0, -5.0, -1.0), md("b", -8.0, -10.0, -6.0))
    pooled = graded.pooled
    assert (pooled.studies, pooled.keys) == (2, ("a", "b"))
    assert (pooled.estimate.estimate, pooled.estimate.ci_low, pooled.estimate.ci_high) == (
        pytest.approx(-5.5),
        pytest.approx(-10.39991, abs=1e-3),
        pytest.approx(-0.60009, abs=1e-3),
    )
    assert pooled.tau2 == pytest.approx(11.45873, rel=1e-4)
    assert pooled.i2 == pytest.approx(0.916698, abs=1e-5)
    assert pooled.as_dict()["i2"] == 91.7
    assert graded.effect_from == "pooled here from 2 trials (random effects)"
    assert domain(graded, "inconsistency").reason == (
        "Serious: pooling 2 trials here gives I² = 92% (50% or more is substantial heterogeneity)."
    )


def test_two_identical_mean_differences_pool_to_their_estimate_with_the_interval_narrowed_by_root_two():
    # SE 1.02043 each, no heterogeneity: the pooled SE is 1.02043 / sqrt(2) = 0.72155, -3 ± 1.41421
    graded = graded_change(md("a", -3.0, -5.0, -1.0), md("b", -3.0, -5.0, -1.0))
    estimate = graded.pooled.estimate
    assert (estimate.estimate, estimate.ci_low, estimate.ci_high) == (
        pytest.approx(-3.0),
        pytest.approx(-4.41421, abs=1e-4),
        pytest.approx(-1.58579, abs=1e-4),
    )
    assert graded.pooled.i2 == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((2.0, 1.5, 2.7), (2.0, 1.2, 3.3)),
        ((1.5, 1.1, 2.0), (1.5, 1.2, 1.9)),
    ],
)
def test_two_trials_with_the_same_estimate_are_consistent_however_wide_their_intervals(a, b):
    """Q is 0 for equal estimates; rounding can leave it a hair below 0, which is still no heterogeneity.

    Read as statsmodels' 1 - df/Q, such a Q gave an I² in the trillions of percent and rated the
    outcome down for serious inconsistency.
    """
    graded = grade_one(question(rr("a", *a), rr("b", *b)), rct("a"), rct("b"))
    assert graded.pooled.i2 == 0.0
    assert graded.pooled.as_dict()["i2"] == 0.0
    assert domain(graded, "inconsistency").reason == "Not serious: pooled I² = 0% and the intervals overlap."
    assert domain(graded, "inconsistency").effect == 0


@pytest.mark.parametrize(
    ("q", "df", "expected"),
    [
        (12.0, 1, 11 / 12),
        (10.0, 4, 0.6),
        (4.0, 4, 0.0),  # Q at its degrees of freedom: no heterogeneity beyond chance
        (2.5, 4, 0.0),  # below them: I² is 0, never negative
        (0.0, 1, 0.0),  # identical estimates
        (-1.8e-15, 1, 0.0),  # identical estimates as rounding leaves them
    ],
)
def test_i_squared_is_the_share_of_q_beyond_its_degrees_of_freedom(q, df, expected):
    assert i_squared(q, df) == pytest.approx(expected)


def test_pooling_identical_trials_prints_no_numpy_warning():
    """The grade command's output is read by people: a division by a Q of 0 must not print a RuntimeWarning."""
    # RR 2.0 (1.5 to 2.7) twice: Q comes out exactly 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graded = grade_one(question(rr("a", 2.0, 1.5, 2.7), rr("b", 2.0, 1.5, 2.7)), rct("a"), rct("b"))
    assert graded.pooled.i2 == 0.0


def test_a_trial_whose_interval_has_no_width_is_not_pooled():
    """-3 (-3 to -3) gives no standard error to weigh it by, so it cannot be pooled (nor given all the weight)."""
    graded = graded_change(md("a", -3.0, -3.0, -3.0), md("b", -4.0, -6.0, -2.0))
    assert graded.pooled is None
    assert (graded.effect, graded.effect_from) == (None, "none")


def test_only_trials_on_the_commonest_measure_are_pooled():
    odds = finding("c", measure="or", estimate=3.0, ci_low=1.5, ci_high=6.0, n_ketamine=125, n_control=125)
    q = question(rr("a", 2.0, 1.5, 2.7), rr("b", 2.0, 1.5, 2.7), odds)
    graded = grade_one(q, rct("a"), rct("b"), rct("c"))
    assert (graded.pooled.studies, graded.pooled.keys) == (2, ("a", "b"))
    assert graded.effect.measure.value == "rr"
    assert graded.effect_from == "pooled here from 2 trials (random effects)"
