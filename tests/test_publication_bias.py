"""Publication bias, GRADE handbook 5.2.5 (evidence/grading/publication_bias.py)."""

from __future__ import annotations

import pytest

from evidence.grading.adjustment import Adjustment
from evidence.models import Design

from .grading_helpers import domain, grade_one, question, rct, rr, source

RULE = "GRADE handbook 5.2.5 (publication bias)"
NOT_SUSPECTED = Adjustment(
    "publication_bias",
    0,
    "Not suspected: no review reports small-study effects, no registered trial is known to be missing, "
    "and the trials are not only small or only industry-funded positive ones.",
    (),
    RULE,
)


def publication_bias(q, *sources):
    return domain(grade_one(q, *sources), "publication_bias")


def test_a_review_reporting_small_study_effects_raises_suspicion():
    review = source("r", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")
    q = question(rr("r", 1.5, 1.2, 1.9, studies=8, participants=900, small_study_effects=True))
    assert publication_bias(q, review) == Adjustment(
        "publication_bias",
        -1,
        "Suspected: Tester 2020 reports small-study effects or a bias-corrected effect near no effect.",
        ("r",),
        RULE,
    )


def test_registered_trials_missing_from_the_record_raise_suspicion_and_are_named():
    missing = ("NCT00000001 completed, never reported", "NCT00000002 terminated, no results posted")
    q = question(rr("a", 1.5, 1.2, 1.9), missing_trials=missing)
    assert publication_bias(q, rct("a")) == Adjustment(
        "publication_bias",
        -1,
        "Suspected: registered trials are missing from the published record (NCT00000001 completed, never "
        "reported; NCT00000002 terminated, no results posted).",
        (),
        RULE,
    )


@pytest.mark.parametrize(("n", "effect"), [(99, -1), (100, 0)])
def test_only_small_trials_all_favouring_ketamine_raise_suspicion(n, effect):
    q = question(rr("a", 3.0, 1.5, 6.0, n=n), rr("b", 2.5, 1.2, 5.0, n=n))
    judged = publication_bias(q, rct("a", n, year=2018), rct("b", n, year=2019))
    if effect == 0:
        assert judged == NOT_SUSPECTED
        return
    assert judged == Adjustment(
        "publication_bias",
        -1,
        "Suspected: every trial is small (under 100 participants) and every one favours ketamine (Tester 2018, "
        "Tester 2019), the pattern in which negative small trials go unpublished.",
        ("a", "b"),
        RULE,
    )


def test_one_small_positive_trial_alone_is_not_a_pattern():
    q = question(rr("a", 3.0, 1.5, 6.0, n=40))
    assert publication_bias(q, rct("a", 40)) == NOT_SUSPECTED


def test_small_trials_that_do_not_all_favour_ketamine_do_not():
    q = question(rr("a", 3.0, 1.5, 6.0, n=40), rr("b", 1.2, 0.6, 2.4, n=40))
    assert publication_bias(q, rct("a", 40), rct("b", 40)) == NOT_SUSPECTED


def test_only_industry_funded_trials_all_favouring_ketamine_raise_suspicion():
    q = question(rr("a", 1.5, 1.2, 1.9, n=300), rr("b", 1.4, 1.1, 1.8, n=300))
    trials = rct("a", 300, funding="industry", year=2018), rct("b", 300, funding="industry", year=2019)
    assert publication_bias(q, *trials) == Adjustment(
        "publication_bias",
        -1,
        "Suspected: every trial is industry-funded and favours ketamine (Tester 2018, Tester 2019).",
        ("a", "b"),
        RULE,
    )


def test_a_mix_of_funders_does_not():
    q = question(rr("a", 1.5, 1.2, 1.9, n=300), rr("b", 1.4, 1.1, 1.8, n=300))
    assert (
        publication_bias(q, rct("a", 300, funding="industry"), rct("b", 300, funding="public"))
        == NOT_SUSPECTED
    )
