"""The effect estimate of an outcome: a review's, or trials pooled here (evidence/grading/pooling.py)."""

from __future__ import annotations

import math

import pytest

from evidence.grading.body import risk_ratio
from evidence.models import Design

from .grading_helpers import finding, grade_one, outcome, question, rct, rr, source


def test_two_identical_trials_pool_to_their_common_estimate_with_a_narrower_interval():
    q = question(rr("a", 2.0, 1.5, 2.7), rr("b", 2.0, 1.5, 2.7))
    graded = grade_one(q, rct("a"), rct("b"))
    pooled = graded.pooled
    assert pooled is not None and pooled.studies == 2
    assert pooled.estimate.estimate == pytest.approx(2.0)
    assert 1.5 < pooled.estimate.ci_low < pooled.estimate.ci_high < 2.7
    assert pooled.tau2 == pytest.approx(0.0)
    assert "pooled here" in graded.effect_from


def test_pooling_weighs_by_inverse_variance_on_the_log_scale():
    # with no heterogeneity the random-effects estimate is the inverse-variance mean of log ratios
    a, b = (2.0, 1.6, 2.5), (1.5, 1.0, 2.25)
    q = question(rr("a", *a), rr("b", *b))
    pooled = grade_one(q, rct("a"), rct("b")).pooled

    def log_and_weight(est, low, high):
        se = (math.log(high) - math.log(low)) / (2 * 1.959963984540054)
        return math.log(est), 1 / se**2

    (la, wa), (lb, wb) = log_and_weight(*a), log_and_weight(*b)
    expected = math.exp((la * wa + lb * wb) / (wa + wb))
    if pooled.tau2 == pytest.approx(0.0, abs=1e-9):
        assert pooled.estimate.estimate == pytest.approx(expected, rel=1e-6)


def test_a_reviews_estimate_is_shown_instead_of_pooling_its_trials_again():
    review = source("r", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")
    q = question(
        rr("a", 2.0, 1.5, 2.7), rr("b", 2.0, 1.5, 2.7), rr("r", 1.8, 1.4, 2.3, studies=6, participants=900)
    )
    graded = grade_one(q, rct("a"), rct("b"), review)
    assert graded.pooled is None
    assert graded.effect.estimate == 1.8
    assert graded.n_participants == 900  # the review's 900, not 500 + 900
    assert graded.n_studies == 6


def test_trials_on_different_measures_are_not_pooled_together():
    md = finding("b", "change", measure="md", estimate=-3, ci_low=-5, ci_high=-1, n_ketamine=50, n_control=50)
    smd = finding(
        "a", "change", measure="smd", estimate=-0.5, ci_low=-0.9, ci_high=-0.1, n_ketamine=50, n_control=50
    )
    q = question(md, smd, outcomes=(outcome("change", kind="continuous", favours="lower"),))
    graded = grade_one(q, rct("a", 100), rct("b", 100))
    assert graded.pooled is None
    assert graded.effect is None  # two studies, no common measure: no single estimate is shown


def test_events_per_arm_become_a_risk_ratio():
    est = risk_ratio(30, 100, 15, 100)
    assert est.estimate == pytest.approx(2.0)
    assert est.ci_low < 2.0 < est.ci_high


def test_an_empty_cell_gets_half_a_participant_added():
    est = risk_ratio(4, 8, 0, 7)
    assert est.estimate == pytest.approx((4.5 / 9) / (0.5 / 8))


def test_absolute_effect_per_1000_from_the_control_risk():
    q = question(rr("a", 2.0, 1.5, 2.7, n=200, events_ketamine=40, events_control=20))
    graded = grade_one(q, rct("a", 200))
    assert graded.control_risk == pytest.approx(0.2)
    assert graded.absolute == (200, 100, 340)
