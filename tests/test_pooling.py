"""The effect estimate of an outcome: a review's, or trials pooled here (evidence/grading/pooling.py)."""

from __future__ import annotations

import math

import pytest

from evidence.grading.body import risk_ratio
from evidence.models import Design

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr, source


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


def test_identical_trials_pool_with_no_heterogeneity_and_inconsistency_says_so():
    # Cochran's Q is 0 for identical estimates, so I² = 0%; the standard error of the pooled log ratio is
    # each trial's, (ln 2.7 - ln 1.5) / (2 x 1.96) = 0.14995, over sqrt(2) = 0.10603: 2.0 x exp(±1.96 x 0.10603)
    q = question(rr("a", 2.0, 1.5, 2.7), rr("b", 2.0, 1.5, 2.7))
    graded = grade_one(q, rct("a"), rct("b"))
    assert graded.pooled.i2 == 0.0
    assert graded.pooled.as_dict()["i2"] == 0.0
    assert (graded.effect.ci_low, graded.effect.ci_high) == (
        pytest.approx(1.6247, abs=1e-4),
        pytest.approx(2.4620, abs=1e-4),
    )
    assert domain(graded, "inconsistency").reason == "Not serious: pooled I² = 0% and the intervals overlap."


def odds_ratio(key, estimate, low, high, *, n_control=100, events_control):
    return finding(
        key, measure="or", estimate=estimate, ci_low=low, ci_high=high,
        n_ketamine=100, n_control=n_control, events_control=events_control,
    )  # fmt: skip


def test_absolute_effect_per_1000_from_an_odds_ratio_goes_through_the_control_odds():
    # control risk 20/100 = 0.2, odds 0.25; OR 2.0 gives odds 0.5, a risk of 1/3: 333 - 200 = 133 more per 1000;
    # OR 1.5: odds 0.375, risk 0.2727 (73 more); OR 2.7: odds 0.675, risk 0.4030 (203 more)
    graded = grade_one(question(odds_ratio("a", 2.0, 1.5, 2.7, events_control=20)), rct("a", 200))
    assert graded.control_risk == pytest.approx(0.2)
    assert graded.absolute == (133, 73, 203)


def test_when_every_control_had_the_event_an_odds_ratio_changes_nothing_per_1000():
    # a control risk of 1 is infinite odds: any odds ratio leaves everyone with the event
    graded = grade_one(question(odds_ratio("a", 0.5, 0.25, 0.9, events_control=100)), rct("a", 200))
    assert graded.control_risk == 1.0
    assert graded.absolute == (0, 0, 0)


def test_a_risk_ratio_never_gives_more_than_everyone_the_event():
    # control risk 0.6: RR 2.0 and 2.7 would pass a risk of 1, so both stop at 1000 - 600 = 400 more;
    # RR 1.5 gives 0.9, 300 more
    q = question(rr("a", 2.0, 1.5, 2.7, n=200, events_ketamine=100, events_control=60))
    assert grade_one(q, rct("a", 200)).absolute == (400, 300, 400)


@pytest.mark.parametrize(
    "fields",
    [
        dict(measure="hr", estimate=0.6, ci_low=0.4, ci_high=0.9),  # a hazard ratio is not a ratio of risks
        dict(measure="rd", estimate=0.1, ci_low=0.02, ci_high=0.18),  # a risk difference is already absolute
        dict(measure="rr", estimate=2.0),  # no interval to carry over
    ],
)
def test_no_absolute_effect_is_given_where_a_ratio_of_risks_with_its_interval_is_missing(fields):
    q = question(finding("a", n_ketamine=100, n_control=100, events_control=20, **fields))
    graded = grade_one(q, rct("a", 200))
    assert graded.effect is not None and graded.control_risk == pytest.approx(0.2)
    assert graded.absolute is None
