"""Publication bias, GRADE handbook 5.2.5 (evidence/grading/publication_bias.py)."""

from __future__ import annotations

import pytest

from evidence.models import Design

from .grading_helpers import domain, grade_one, question, rct, rr, source


def publication_bias(q, *sources):
    return domain(grade_one(q, *sources), "publication_bias")


def test_a_review_reporting_small_study_effects_raises_suspicion():
    review = source("r", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")
    q = question(rr("r", 1.5, 1.2, 1.9, studies=8, participants=900, small_study_effects=True))
    assert publication_bias(q, review).effect == -1


def test_a_registered_trial_missing_from_the_record_raises_suspicion():
    q = question(rr("a", 1.5, 1.2, 1.9), missing_trials=("NCT00000001 completed, never reported",))
    judged = publication_bias(q, rct("a"))
    assert judged.effect == -1
    assert "NCT00000001" in judged.reason


@pytest.mark.parametrize(("n", "effect"), [(99, -1), (100, 0)])
def test_only_small_trials_all_favouring_ketamine_raise_suspicion(n, effect):
    q = question(rr("a", 3.0, 1.5, 6.0, n=n), rr("b", 2.5, 1.2, 5.0, n=n))
    assert publication_bias(q, rct("a", n), rct("b", n)).effect == effect


def test_small_trials_that_do_not_all_favour_ketamine_do_not():
    q = question(rr("a", 3.0, 1.5, 6.0, n=40), rr("b", 1.2, 0.6, 2.4, n=40))
    assert publication_bias(q, rct("a", 40), rct("b", 40)).effect == 0


def test_only_industry_funded_trials_all_favouring_ketamine_raise_suspicion():
    q = question(rr("a", 1.5, 1.2, 1.9, n=300), rr("b", 1.4, 1.1, 1.8, n=300))
    judged = publication_bias(q, rct("a", 300, funding="industry"), rct("b", 300, funding="industry"))
    assert judged.effect == -1
    assert "industry-funded" in judged.reason


def test_a_mix_of_funders_does_not():
    q = question(rr("a", 1.5, 1.2, 1.9, n=300), rr("b", 1.4, 1.1, 1.8, n=300))
    assert publication_bias(q, rct("a", 300, funding="industry"), rct("b", 300, funding="public")).effect == 0
