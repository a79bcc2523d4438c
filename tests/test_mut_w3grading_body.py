"""Events per arm read as a risk ratio, and a review that pooled randomised trials starting high.

A curator often has only the number of participants with the event in each arm. Grading turns them
into a risk ratio with the usual log-scale interval (Katz): RR = (a / n1) / (c / n2) and
SE(ln RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2), with 0.5 added to every cell when one is empty. The
interval is what the reader sees beside the grade and what imprecision judges, so it is checked to
four decimals against that formula worked out by hand.
"""

from __future__ import annotations

import pytest

from evidence.grading import format_explanation, grade_condition
from evidence.grading.body import risk_ratio
from evidence.models import Design, EffectMeasure, Grade

from .grading_helpers import SLUG, finding, grade_one, question, questioned_base, rct, source

STARTS_HIGH_REVIEW = (
    "Starts high: randomised evidence (1 review). [GRADE handbook 5.1 (study design sets the starting level)]"
)
STARTS_LOW_REVIEW = (
    "Starts low: non-randomised evidence only (1 review). "
    "[GRADE handbook 5.1 (study design sets the starting level)]"
)


@pytest.mark.parametrize(
    ("arms", "expected"),
    [
        # 30/100 vs 15/100: RR 2; SE sqrt(1/30 - 1/100 + 1/15 - 1/100) = sqrt(0.08) = 0.28284;
        # 2 x exp(±1.96 x 0.28284) = 1.1489 to 3.4817
        ((30, 100, 15, 100), (2.0, 1.1489, 3.4817)),
        # 1/10 vs 3/10: one event in an arm is a small count, not an empty one, so nothing is added:
        # RR 1/3; SE sqrt(1 - 1/10 + 1/3 - 1/10) = 1.06458; 0.0414 to 2.6857
        ((1, 10, 3, 10), (1 / 3, 0.0414, 2.6857)),
        # 9/10 vs 1/10: the same in the control arm: RR 9; SE sqrt(1/9 - 1/10 + 1 - 1/10) = 0.95452;
        # 1.3860 to 58.4430
        ((9, 10, 1, 10), (9.0, 1.3860, 58.4430)),
        # 4/8 vs 0/7: an empty cell, so 0.5 is added to all four: (4.5/9) / (0.5/8) = 8;
        # SE sqrt(1/4.5 - 1/9 + 1/0.5 - 1/8) = 1.40929; 0.5052 to 126.6729
        ((4, 8, 0, 7), (8.0, 0.5052, 126.6729)),
    ],
)
def test_events_per_arm_give_the_risk_ratio_and_interval_of_the_log_method(arms, expected):
    est = risk_ratio(*arms)
    assert est.measure is EffectMeasure.RR
    assert (est.estimate, est.ci_low, est.ci_high) == (
        pytest.approx(expected[0], abs=1e-4),
        pytest.approx(expected[1], abs=1e-4),
        pytest.approx(expected[2], abs=1e-4),
    )


@pytest.mark.parametrize("arms", [(0, 0, 3, 10), (3, 10, 0, 0), (0, 0, 0, 0)])
def test_an_arm_with_no_participants_gives_no_risk_ratio(arms):
    """Half a participant added to an arm nobody was in would make up an effect from no one."""
    assert risk_ratio(*arms) is None


def test_the_interval_from_events_is_what_the_explanation_shows_beside_the_outcome():
    proportions = finding(
        "a", measure="proportions", events_ketamine=30, n_ketamine=100, events_control=15, n_control=100
    )
    base = questioned_base(rct("a", 200), questions=(question(proportions),))
    lines = format_explanation(grade_condition(base, SLUG)).splitlines()
    assert lines[5] == (
        "  - Response, 24 hours (critical): low, favours ketamine; 1 study, 200 participants;"
        " effect RR 2.00 (1.15 to 3.48) (one study (Tester 2020))"
    )


def test_a_finding_with_an_empty_arm_shows_no_effect():
    empty = finding(
        "a", measure="proportions", events_ketamine=0, n_ketamine=0, events_control=3, n_control=10
    )
    graded = grade_one(question(empty), rct("a", 10))
    assert graded.effect is None


def meta_analysis(title: str, *, journal: str = "Journal of Tests", design: Design = Design.META_ANALYSIS):
    return source("rev", design, title=title, journal=journal)


def pooled_finding():
    return finding(
        "rev", measure="rr", estimate=1.8, ci_low=1.4, ci_high=2.3, n_ketamine=300, n_control=300, studies=6
    )


def test_a_meta_analysis_of_randomised_trials_starts_high_and_one_of_cohorts_starts_low():
    of_trials = grade_one(
        question(pooled_finding()), meta_analysis("A meta-analysis of randomised controlled trials")
    )
    assert (of_trials.start, of_trials.start_reason) == (Grade.HIGH, STARTS_HIGH_REVIEW)
    of_cohorts = grade_one(question(pooled_finding()), meta_analysis("A meta-analysis of cohort studies"))
    assert (of_cohorts.start, of_cohorts.start_reason) == (Grade.LOW, STARTS_LOW_REVIEW)


def test_a_cochrane_review_counts_as_pooling_randomised_trials_whatever_its_title_says():
    cochrane = meta_analysis("Ketamine for depression", journal="Cochrane Database Syst Rev")
    graded = grade_one(question(pooled_finding()), cochrane)
    assert (graded.start, graded.start_reason) == (Grade.HIGH, STARTS_HIGH_REVIEW)


def test_a_review_read_again_after_its_curation_is_corrected_starts_where_the_correction_puts_it():
    """The same source key graded twice in one session (the dashboard keeps running) is not remembered stale."""
    q = question(pooled_finding())
    assert grade_one(q, meta_analysis("A meta-analysis of randomised controlled trials")).start is Grade.HIGH
    assert grade_one(q, meta_analysis("A meta-analysis of observational studies")).start is Grade.LOW
    assert grade_one(q, meta_analysis("Ketamine", journal="Cochrane Database Syst Rev")).start is Grade.HIGH
    assert grade_one(q, meta_analysis("Ketamine", journal="Journal of Tests")).start is Grade.LOW
    # a narrative review is no systematic pooling, even of randomised trials
    narrative = meta_analysis("A review of randomised controlled trials", design=Design.NARRATIVE_REVIEW)
    assert grade_one(q, narrative).start is not Grade.HIGH
    assert grade_one(q, meta_analysis("A review of randomised controlled trials")).start is Grade.HIGH
