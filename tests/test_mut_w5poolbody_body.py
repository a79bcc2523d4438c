"""Which findings count once, and which way a finding with no interval points (evidence/grading/body.py).

Reports that share participants (``shares_participants_with``) count once: the report that declares
no link is kept first, then the larger, and the one set aside says where its participants are
counted. A finding with no confidence interval points the way its estimate lies from no effect, or
the way the curator noted it favours, but only when it is significant (p below 0.05).
"""

from __future__ import annotations

import pytest

from evidence.models import Design

from .grading_helpers import finding, grade_one, outcome, question, rct, rr, source

CLEAN = dict(comparator="active_treatment")  # a blinded comparison with another treatment


def test_a_report_sharing_participants_with_two_trials_is_set_aside_naming_both():
    q = question(rr("a", 2.0, 1.5, 2.7, n=300), rr("b", 1.8, 1.2, 2.7, n=200), rr("c", 1.9, 1.3, 2.8, n=500))
    graded = grade_one(q, rct("a", 300), rct("b", 200), rct("c", 500, shares_participants_with=("a", "b")))
    assert [r.key for r in graded.results] == ["a", "b"]
    assert graded.set_aside == (("c", "shares participants with a, b: counted once, there"),)
    assert graded.n_participants == 500


def test_after_one_report_is_set_aside_the_reports_after_it_are_still_judged():
    # b and d report a's participants again; c is a later report of a trial (z) with no finding here,
    # so c counts: it shares no participants with anything graded
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=300),
        rr("b", 2.0, 1.5, 2.7, n=200),
        rr("c", 1.5, 1.1, 2.1, n=100),
        rr("d", 2.0, 1.5, 2.7, n=50),
    )
    graded = grade_one(
        q,
        rct("a", 300),
        rct("b", 200, shares_participants_with=("a",)),
        rct("c", 100, shares_participants_with=("z",)),
        rct("d", 50, shares_participants_with=("a",)),
    )
    assert [r.key for r in graded.results] == ["a", "c"]
    assert graded.set_aside == (
        ("b", "shares participants with a: counted once, there"),
        ("d", "shares participants with a: counted once, there"),
    )
    assert graded.n_participants == 400


def test_of_two_reports_that_name_each_other_the_larger_counts():
    q = question(rr("a", 2.0, 1.5, 2.7, n=100), rr("b", 2.0, 1.5, 2.7, n=300))
    graded = grade_one(
        q, rct("a", 100, shares_participants_with=("b",)), rct("b", 300, shares_participants_with=("a",))
    )
    assert [r.key for r in graded.results] == ["b"]
    assert graded.set_aside == (("a", "shares participants with b: counted once, there"),)
    assert graded.n_participants == 300


def test_of_two_reports_of_one_case_the_one_that_states_its_size_counts():
    """A report of one patient is larger than one that does not say how many it reports on."""
    case = dict(significant=True, favours="ketamine")
    q = question(finding("a", **case), finding("b", n_ketamine=1, **case))
    graded = grade_one(
        q,
        source("a", Design.CASE_REPORT, shares_participants_with=("b",)),
        source("b", Design.CASE_REPORT, shares_participants_with=("a",)),
    )
    assert [r.key for r in graded.results] == ["b"]
    assert graded.set_aside == (("a", "shares participants with b: counted once, there"),)
    assert graded.n_participants == 1


def test_a_review_and_the_trial_it_pools_are_both_kept_whichever_declares_the_link():
    """A review's participants are never added to its trials', so neither need be set aside."""
    review = source("r", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")
    q = question(rr("a", 2.0, 1.5, 2.7, n=300), rr("r", 1.8, 1.4, 2.3, studies=6, participants=900))
    for trial, pooled in (
        (rct("a", 300, shares_participants_with=("r",)), review),
        (rct("a", 300), review.model_copy(update={"shares_participants_with": ("a",)})),
    ):
        graded = grade_one(q, trial, pooled)
        assert sorted(r.key for r in graded.results) == ["a", "r"]
        assert graded.set_aside == ()


def direction(fields: dict, favours: str = "higher") -> str | None:
    """The direction shown for one trial, 50 participants an arm, reporting ``fields`` and no interval."""
    q = question(
        finding("a", n_ketamine=50, n_control=50, **fields), outcomes=(outcome(favours=favours),), **CLEAN
    )
    return grade_one(q, rct("a", 100)).direction


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        (dict(p_value=0.01, favours="ketamine"), "favours_ketamine"),
        (dict(p_value=0.01, favours="comparator"), "favours_comparator"),
        # significance is p below 0.05: a favoured arm noted beside p = 0.05 or more points nowhere
        (dict(p_value=0.05, favours="ketamine"), "no_clear_difference"),
        (dict(p_value=0.2, favours="ketamine"), "no_clear_difference"),
        (dict(significant=True, favours="comparator"), "favours_comparator"),
        # significant with no side noted: the trial says something happened, not which way
        (dict(significant=True), "no_clear_difference"),
    ],
)
def test_a_trial_with_no_estimate_points_the_way_the_curator_noted_only_when_significant(fields, shown):
    assert direction(fields) == shown


@pytest.mark.parametrize(
    ("estimate", "favours", "shown"),
    [
        (2.0, "higher", "favours_ketamine"),
        (0.5, "higher", "favours_comparator"),
        (0.5, "lower", "favours_ketamine"),
        # an estimate of no effect points neither way, whatever significance was reported
        (1.0, "higher", "no_clear_difference"),
        (1.0, "lower", "no_clear_difference"),
    ],
)
def test_a_significant_estimate_with_no_interval_points_the_way_it_lies_from_no_effect(
    estimate, favours, shown
):
    assert direction(dict(measure="rr", estimate=estimate, significant=True), favours=favours) == shown


def test_a_trial_that_names_its_measure_but_gives_no_estimate_points_the_way_it_favours():
    """An RR named with only its significance published is no estimate: there is no effect to show."""
    q = question(
        finding("a", measure="rr", significant=True, favours="ketamine", n_ketamine=50, n_control=50)
    )
    graded = grade_one(q, rct("a", 100))
    assert graded.effect is None and graded.effect_from == "none"
    assert graded.direction == "favours_ketamine"
