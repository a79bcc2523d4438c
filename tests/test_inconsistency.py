"""Inconsistency, GRADE handbook 5.2.2 (evidence/grading/inconsistency.py)."""

from __future__ import annotations

import pytest

from evidence.grading.adjustment import Adjustment
from evidence.models import Design

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr, source

RULE = "GRADE handbook 5.2.2 (inconsistency of results)"


def inconsistency(q, *sources):
    return domain(grade_one(q, *sources), "inconsistency")


def review(key="r"):
    return source(key, Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")


@pytest.mark.parametrize(
    ("i2", "judged"),
    [
        (50, Adjustment("inconsistency", -1, "Serious: Tester 2020 reports I² = 50% across its pooled studies "
                        "(50% or more is substantial heterogeneity).", ("r",), RULE)),
        (49.9, Adjustment("inconsistency", 0, "Not serious: Tester 2020 reports I² = 49.9%.", (), RULE)),
    ],
)  # fmt: skip
def test_a_reviews_i2_of_50_percent_or_more_is_substantial(i2, judged):
    q = question(rr("r", 1.5, 1.2, 1.9, studies=5, participants=900, i2=i2))
    assert inconsistency(q, review()) == judged


def test_trials_whose_intervals_do_not_overlap_are_inconsistent():
    q = question(rr("a", 3.0, 2.0, 4.5), rr("b", 1.1, 0.8, 1.5))
    judged = inconsistency(q, rct("a"), rct("b"))
    assert judged.effect == -1
    assert set(judged.sources) == {"a", "b"}


def test_trials_with_only_significance_are_inconsistent_when_significant_both_ways():
    from .grading_helpers import finding

    q = question(
        finding("a", significant=True, measure="rr", estimate=2.0, n_ketamine=20, n_control=20),
        finding("b", significant=True, measure="rr", estimate=0.5, n_ketamine=20, n_control=20),
    )
    assert inconsistency(q, rct("a", 40), rct("b", 40)) == Adjustment(
        "inconsistency",
        -1,
        "Serious: the studies report significant effects in opposite directions.",
        ("a", "b"),
        RULE,
    )


def test_trials_whose_intervals_overlap_are_consistent():
    q = question(rr("a", 2.0, 1.4, 2.9), rr("b", 1.6, 1.1, 2.3))
    assert inconsistency(q, rct("a"), rct("b")).effect == 0


def test_a_single_study_is_not_judged():
    judged = inconsistency(question(rr("a", 2.0, 1.4, 2.9)), rct("a"))
    assert judged.effect == 0
    assert "single study" in judged.reason


def test_reviews_of_the_same_trials_are_never_compared_with_each_other():
    # two reviews that disagree pool overlapping trials: not independent, so not inconsistency
    q = question(
        rr("r1", 3.0, 2.0, 4.5, studies=3, participants=300),
        rr("r2", 1.1, 0.8, 1.5, studies=4, participants=400),
    )
    assert inconsistency(q, review("r1"), review("r2")).effect == 0


def test_heterogeneous_trials_pooled_here_are_judged_by_their_i2():
    q = question(rr("a", 4.0, 2.6, 6.2), rr("b", 1.3, 1.0, 1.7), rr("c", 2.2, 1.5, 3.2))
    graded = grade_one(q, rct("a"), rct("b"), rct("c"))
    assert graded.pooled is not None and graded.pooled.i2 >= 0.5
    assert domain(graded, "inconsistency").effect == -1


def test_two_trials_that_clash_on_another_measure_rate_down_even_when_the_pooled_trials_agree():
    # three risk ratios pool with no heterogeneity; two odds ratios, not pooled with them, do not overlap
    def odds(key, estimate, low, high):
        return finding(
            key, measure="or", estimate=estimate, ci_low=low, ci_high=high, n_ketamine=125, n_control=125
        )

    q = question(
        rr("a", 1.5, 1.2, 1.9), rr("b", 1.6, 1.25, 2.0), rr("c", 1.55, 1.2, 2.0),
        odds("d", 3.0, 2.0, 4.5), odds("e", 1.1, 0.8, 1.5),
    )  # fmt: skip
    trials = rct("a"), rct("b"), rct("c"), rct("d", year=2018), rct("e", year=2021)
    judged = inconsistency(q, *trials)
    assert (judged.effect, judged.sources, judged.rule) == (
        -1,
        ("d", "e"),
        "GRADE handbook 5.2.2 (inconsistency of results)",
    )
    assert judged.reason == (
        "Serious: Tester 2018 (OR 3, 2 to 4.5) and Tester 2021 (OR 1.1, 0.8 to 1.5): "
        "their confidence intervals do not overlap."
    )


@pytest.mark.parametrize(
    ("favours", "first", "second", "direction"),
    [
        # response (higher favours ketamine): RR 0.6 and "favours the comparator" both point lower
        ("higher", dict(estimate=0.6), dict(favours="comparator"), "favours_comparator"),
        # relapse (lower favours ketamine): RR 1.6 and "favours the comparator" both point higher
        ("lower", dict(estimate=1.6), dict(favours="comparator"), "favours_comparator"),
        # relapse: RR 0.6 and "favours ketamine" both point lower
        ("lower", dict(estimate=0.6), dict(favours="ketamine"), "favours_ketamine"),
    ],
)
def test_two_significant_results_without_intervals_that_point_the_same_way_agree(
    favours, first, second, direction
):
    """An estimate's side of no effect and a curated 'favours' are read on the same scale."""
    arms = dict(n_ketamine=20, n_control=20, significant=True)
    q = question(
        finding("a", "relapse", measure="rr", **first, **arms),
        finding("b", "relapse", **second, **arms),
        outcomes=(outcome("relapse", favours=favours),),
    )
    graded = grade_one(q, rct("a", 40), rct("b", 40))
    assert domain(graded, "inconsistency") == Adjustment(
        "inconsistency",
        0,
        "Not judged: fewer than two studies report an effect with a confidence interval.",
        (),
        RULE,
    )
    assert graded.direction == direction


def test_two_trials_on_different_measures_are_not_pooled_and_rate_nothing_down_when_their_intervals_overlap():
    odds = finding("b", measure="or", estimate=1.8, ci_low=1.3, ci_high=2.5, n_ketamine=125, n_control=125)
    graded = grade_one(question(rr("a", 1.5, 1.2, 1.9), odds), rct("a"), rct("b"))
    assert graded.pooled is None
    assert domain(graded, "inconsistency") == Adjustment(
        "inconsistency", 0, "Not serious: the confidence intervals of the 2 studies overlap.", (), RULE
    )
