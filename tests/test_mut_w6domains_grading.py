"""What grading says about an uncurated source and about trials it could not pool
(evidence/grading/body.py, evidence/grading/inconsistency.py).

A finding may name a source that is not curated (validate reports it); grading sets it aside
with a reason that sends the curator to validate, and still judges every other finding. When
no pooled estimate stands in for the trials (a review without an I² is chosen, or the trials
were not pooled), two trials whose intervals do not overlap still rate inconsistency down.
"""

from __future__ import annotations

import pytest

from evidence.grading.adjustment import Adjustment
from evidence.grading.body import Estimate
from evidence.grading.inconsistency import assess_inconsistency
from evidence.grading.pooling import PooledEffect
from evidence.models import Design, EffectMeasure

from .grading_helpers import domain, grade_one, question, rct, record, rr, source

RULE = "GRADE handbook 5.2.2 (inconsistency of results)"


def test_a_finding_of_an_uncurated_source_is_set_aside_and_the_findings_after_it_still_count():
    q = question(rr("ghost", 1.5, 1.2, 1.9), rr("a", 2.0, 1.4, 2.9), rr("b", 1.6, 1.1, 2.3))
    graded = grade_one(q, rct("a"), rct("b"))
    assert graded.set_aside == (("ghost", "source not curated (see validate)"),)
    assert [r.key for r in graded.results] == ["a", "b"]
    assert (graded.n_studies, graded.n_participants) == (2, 500)
    assert graded.effect_from == "pooled here from 2 trials (random effects)"


def test_two_uncurated_sources_are_each_set_aside_once_in_key_order():
    q = question(rr("zed", 1.5, 1.2, 1.9), rr("a", 2.0, 1.4, 2.9), rr("ghost", 1.5, 1.2, 1.9))
    graded = grade_one(q, rct("a"))
    assert graded.set_aside == (
        ("ghost", "source not curated (see validate)"),
        ("zed", "source not curated (see validate)"),
    )
    assert [r.key for r in graded.results] == ["a"]


def review_without_i2():
    return source("r", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")


def test_trials_beside_a_review_without_i2_whose_intervals_do_not_overlap_rate_inconsistency_down():
    # the review's estimate is shown, so the trials are not pooled here; they are compared pairwise
    q = question(
        rr("r", 1.8, 1.3, 2.5, studies=4, participants=800),
        rr("a", 3.0, 2.0, 4.5),
        rr("b", 1.1, 0.8, 1.5),
    )
    graded = grade_one(q, review_without_i2(), rct("a", year=2018), rct("b", year=2021))
    assert graded.pooled is None
    assert domain(graded, "inconsistency") == Adjustment(
        "inconsistency",
        -1,
        "Serious: Tester 2018 (RR 3, 2 to 4.5) and Tester 2021 (RR 1.1, 0.8 to 1.5): "
        "their confidence intervals do not overlap.",
        ("a", "b"),
        RULE,
    )


def test_trials_beside_a_review_without_i2_whose_intervals_overlap_are_consistent():
    q = question(
        rr("r", 1.8, 1.3, 2.5, studies=4, participants=800),
        rr("a", 2.0, 1.4, 2.9),
        rr("b", 1.6, 1.1, 2.3),
        rr("c", 1.7, 1.2, 2.4),
    )
    graded = grade_one(q, review_without_i2(), rct("a"), rct("b"), rct("c"))
    assert domain(graded, "inconsistency") == Adjustment(
        "inconsistency", 0, "Not serious: the confidence intervals of the 3 studies overlap.", (), RULE
    )


def pooled_with(i2: float) -> PooledEffect:
    return PooledEffect(
        estimate=Estimate(EffectMeasure.RR, 1.6, 1.2, 2.1), tau2=0.05, i2=i2, studies=2, keys=("a", "b")
    )


@pytest.mark.parametrize(
    ("i2", "judged"),
    [
        # an I² of exactly 50% is substantial heterogeneity, as the reason itself says
        (0.5, Adjustment("inconsistency", -1, "Serious: pooling 2 trials here gives I² = 50% "
                         "(50% or more is substantial heterogeneity).", ("a", "b"), RULE)),
        (0.49, Adjustment("inconsistency", 0, "Not serious: pooled I² = 49% and the intervals overlap.",
                          (), RULE)),
    ],
)  # fmt: skip
def test_a_pooled_i2_of_50_percent_or_more_is_substantial(i2, judged):
    assert assess_inconsistency((), None, pooled_with(i2)) == judged


UNVERIFIED = (
    "unverified citation: not counted until a curator confirms it on a page showing its PubMed record"
)


def graded_with_unverified(count_unverified: bool):
    """One counted trial, one unverified, one retracted and unverified, one retracted in PubMed."""
    from evidence.grading import grade_outcome

    q = question(
        rr("a", 2.0, 1.4, 2.9),
        rr("new", 1.6, 1.1, 2.3),
        rr("gone", 1.7, 1.2, 2.4),
        rr("pmid:12", 1.8, 1.3, 2.5),
    )
    sources = (
        rct("a"),
        rct("new", verified=False),
        rct("gone", verified=False, retracted=True),
        rct("pm", pmid=12, verified=False),
    )
    records = {12: record(12, retracted=True)}
    return grade_outcome(
        q, q.outcomes[0], {s.key: s for s in sources}, records, count_unverified=count_unverified
    )


def test_an_unverified_citation_is_set_aside_with_what_the_curator_must_do():
    graded = graded_with_unverified(count_unverified=False)
    assert graded.set_aside == (
        ("gone", "retracted (curated flag): never counted"),
        ("new", UNVERIFIED),
        ("pmid:12", "retracted (PubMed marks it retracted): never counted"),
    )
    assert [r.key for r in graded.results] == ["a"]


def test_counting_unverified_citations_never_counts_a_retracted_one():
    # the 'if verified' grade counts what a curator could still confirm, never what is withdrawn
    graded = graded_with_unverified(count_unverified=True)
    assert graded.set_aside == (
        ("gone", "retracted (curated flag): never counted"),
        ("pmid:12", "retracted (PubMed marks it retracted): never counted"),
    )
    assert [r.key for r in graded.results] == ["a", "new"]
