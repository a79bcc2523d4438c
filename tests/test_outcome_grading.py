"""One outcome's and one question's certainty, put together (evidence/grading/outcome.py)."""

from __future__ import annotations

import pytest

from evidence.grading import direction_words, grade_question
from evidence.models import Design, Grade, PublishedCertainty

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, record, rr, source

CLEAN = dict(comparator="active_treatment")  # a blinded comparison with another treatment: low risk of bias


def big(key, est=2.0, low=1.6, high=2.5, n=1000, **fields):
    return rr(key, est, low, high, n=n, events_ketamine=200, events_control=150, **fields)


def test_randomised_evidence_starts_high_and_stays_high_with_nothing_to_rate_down():
    graded = grade_one(question(big("a"), big("b"), **CLEAN), rct("a", 1000), rct("b", 1000))
    assert graded.start is Grade.HIGH
    assert graded.certainty is Grade.HIGH
    assert all(a.effect == 0 for a in graded.adjustments)
    assert graded.direction == "favours_ketamine"


def test_non_randomised_evidence_starts_low_and_case_reports_very_low():
    q = question(finding("c", significant=True), **CLEAN)
    assert grade_one(q, source("c", Design.COHORT)).start is Grade.LOW
    assert grade_one(q, source("c", Design.CASE_SERIES)).start is Grade.VERY_LOW


def test_non_randomised_evidence_is_set_aside_when_randomised_evidence_answers_the_outcome():
    q = question(big("a"), finding("c", significant=True), **CLEAN)
    graded = grade_one(q, rct("a", 1000), source("c", Design.COHORT))
    assert [r.key for r in graded.results] == ["a"]
    assert any(key == "c" and "non-randomised" in why for key, why in graded.set_aside)


def test_certainty_never_falls_below_very_low():
    trial = rct("a", 20, blinding=None, design_features=("early_stopping", "high_attrition"))
    q = question(
        rr("a", 1.0, 0.2, 5.0, n=20), missing_trials=("NCT1 unreported",), comparator="inert_placebo"
    )
    graded = grade_one(q, trial)
    assert sum(a.effect for a in graded.adjustments) <= -6
    assert graded.certainty is Grade.VERY_LOW


def test_unverified_and_retracted_sources_do_not_count():
    q = question(big("a"), big("b"), **CLEAN)
    graded = grade_one(q, rct("a", 1000, verified=False), rct("b", 1000, retracted=True))
    assert graded.certainty is Grade.INSUFFICIENT
    assert {k for k, _ in graded.set_aside} == {"a", "b"}


def test_pubmed_marking_a_source_retracted_removes_it():
    q = question(big("a"), **CLEAN)
    graded = grade_one(q, rct("a", 1000, pmid=123), records={123: record(123, retracted=True)})
    assert graded.certainty is Grade.INSUFFICIENT


def test_pubmed_types_that_contradict_a_randomised_design_drop_the_start_to_low():
    q = question(big("pmid:7"), **CLEAN)
    graded = grade_one(q, rct("a", 1000, pmid=7), records={7: record(7, publication_types=("Review",))})
    assert graded.start is Grade.LOW


def test_a_secondary_analysis_of_the_same_participants_counts_once():
    q = question(big("a", n=400), big("b", n=500), **CLEAN)
    graded = grade_one(q, rct("a", 400), rct("b", 500, shares_participants_with=("a",)))
    assert graded.n_participants == 400
    assert [r.key for r in graded.results] == ["a"]


def published(rating="very low", grade="very_low", key="rev", oid="response"):
    return PublishedCertainty(source=key, outcome=oid, rating=rating, scale="GRADE", grade=grade,
                              read_on="https://example.org/sof")  # fmt: skip


def test_a_lower_published_grade_rating_caps_ours_and_says_so():
    review = source(
        "rev", Design.META_ANALYSIS, title="A Cochrane review", journal="Cochrane Database Syst Rev"
    )
    q = question(big("a"), big("b"), published=(published(),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), review)
    assert graded.certainty is Grade.VERY_LOW
    cap = domain(graded, "published_rating")
    assert cap.effect == -3
    assert "our own domains gave high" in cap.reason
    assert graded.published[0].comparison is None  # once capped, ours equals theirs


@pytest.mark.parametrize("flag", [dict(verified=False), dict(retracted=True)])
@pytest.mark.parametrize("oid", ["response", None])  # a rating of this critical outcome, or of the question
def test_a_rating_from_an_unverified_or_retracted_source_is_shown_but_does_not_cap(flag, oid):
    review = source("rev", Design.META_ANALYSIS, title="A Cochrane review", **flag)
    q = question(big("a"), big("b"), published=(published(oid=oid),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), review)
    assert graded.certainty is Grade.HIGH
    assert [a.domain for a in graded.adjustments if a.domain == "published_rating"] == []
    assert graded.published[0].comparison == (
        "Ours is 3 levels higher: the rating comes from an unverified or retracted source, so it did not cap ours."
    )


def test_a_higher_published_rating_is_explained_by_our_downgrades():
    review = source("rev", Design.META_ANALYSIS, title="A review")
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=100), published=(published("high", "high"),), comparator="inert_placebo"
    )
    graded = grade_one(q, rct("a", 100), review)
    # an inert placebo unblinds (risk of bias -1) and 100 participants miss the information size (-1)
    assert graded.certainty is Grade.LOW
    assert graded.published[0].comparison == (
        "Ours is 2 levels lower: we rated down for risk of bias -1, imprecision -1; "
        "our rules rate down whenever a domain is in doubt."
    )


def test_a_rating_on_another_scale_is_shown_without_comparing_levels():
    guideline = source("gl", Design.GUIDELINE)
    rating = PublishedCertainty(
        source="gl", rating="Level 1", scale="CANMAT", read_on="https://example.org/g"
    )
    graded = grade_one(question(big("a"), published=(rating,), **CLEAN), rct("a", 1000), guideline)
    assert graded.published[0].grade is None
    assert "Not a GRADE certainty rating" in graded.published[0].comparison


def test_a_question_takes_the_lowest_certainty_of_its_critical_outcomes():
    outcomes = (outcome("response"), outcome("relapse"), outcome("dropouts", critical=False))
    q = question(
        big("a"), big("b"),
        big("a", oid="relapse"), rr("b", 1.1, 0.9, 1.3, n=1000, oid="relapse"),
        rr("a", 1.0, 0.3, 3.0, n=20, oid="dropouts"),
        outcomes=outcomes, **CLEAN,
    )  # fmt: skip
    graded = grade_question(q, {s.key: s for s in (rct("a", 1000), rct("b", 1000))}, {})
    by_id = {o.outcome.id: o for o in graded.outcomes}
    assert by_id["dropouts"].certainty is Grade.VERY_LOW  # important only: does not set the question's grade
    assert graded.certainty is min(
        (by_id["response"].certainty, by_id["relapse"].certainty), key=lambda g: g.rank
    )
    assert graded.headline.outcome.critical


def test_a_harm_outcome_that_favours_the_comparator_reads_as_more_harm():
    harm = (outcome("dissociation", harm=True, favours="lower"),)
    q = question(rr("a", 5.0, 3.0, 8.0, n=400, oid="dissociation"), outcomes=harm, **CLEAN)
    graded = grade_one(q, rct("a", 400))
    assert graded.direction == "favours_comparator"
    assert graded.direction_label == "more harm with ketamine"


def test_a_finding_belongs_only_to_the_question_it_is_curated_under():
    q1 = question(big("a"), qid="q-one", **CLEAN)
    q2 = question(qid="q-two", primary=False, **CLEAN)
    sources = {"a": rct("a", 1000)}
    assert grade_question(q1, sources, {}).outcomes[0].n_studies == 1
    assert grade_question(q2, sources, {}).certainty is Grade.INSUFFICIENT


@pytest.mark.parametrize(
    ("direction", "benefit_words", "harm_words"),
    [
        ("favours_ketamine", "favours ketamine", "less harm with ketamine"),
        ("no_clear_difference", "no clear difference", "no clear difference in harm"),
        ("favours_comparator", "favours the comparator", "more harm with ketamine"),
        (None, "no effect estimate", "no effect estimate"),
    ],
)
def test_a_direction_is_said_as_a_clinician_says_it_and_for_a_harm_as_more_or_less_harm(
    direction, benefit_words, harm_words
):
    assert direction_words(direction, outcome()) == benefit_words
    assert direction_words(direction) == benefit_words
    assert direction_words(direction, outcome(harm=True, favours="lower")) == harm_words


@pytest.mark.parametrize(
    ("design", "studies", "shown_studies"),
    [
        (Design.META_ANALYSIS, None, 1),  # a review that does not say how many studies it pooled
        (Design.RCT, 3, 3),  # a pooled analysis of three trials, published under a trial's design
    ],
)
def test_a_review_or_a_finding_that_pools_studies_shows_its_own_pooled_estimate(
    design, studies, shown_studies
):
    pooled = source("p", design, title="A meta-analysis of randomised controlled trials")
    q = question(rr("p", 1.5, 1.2, 1.9, n=900, participants=900, studies=studies), **CLEAN)
    graded = grade_one(q, pooled)
    assert graded.start is Grade.HIGH  # it pools randomised trials
    assert graded.effect_from == "pooled by Tester 2020 (p)"
    assert graded.n_studies == shown_studies


def test_two_later_reports_of_one_trial_count_once_though_each_names_a_different_partner():
    # a names b as sharing its participants, b names the original report c (which has no finding here):
    # a and b are the same people, so only the larger, a, counts
    q = question(big("a", n=500), big("b", n=400), **CLEAN)
    graded = grade_one(
        q, rct("a", 500, shares_participants_with=("b",)), rct("b", 400, shares_participants_with=("c",))
    )
    assert [r.key for r in graded.results] == ["a"]
    assert graded.set_aside == (("b", "shares participants with a: counted once, there"),)
    assert graded.n_participants == 500


def test_a_rating_of_the_question_as_a_whole_is_not_shown_beside_an_important_outcome():
    review = source("rev", Design.META_ANALYSIS, title="A Cochrane review")
    outcomes = (outcome("response"), outcome("dropouts", critical=False))
    q = question(
        big("a"), big("a", oid="dropouts"), published=(published(oid=None),), outcomes=outcomes, **CLEAN
    )
    by_id = {o.outcome.id: o for o in grade_question(q, {"a": rct("a", 1000), "rev": review}, {}).outcomes}
    assert [p.source for p in by_id["response"].published] == ["rev"]
    assert by_id["response"].certainty is Grade.VERY_LOW  # capped: the question's rating speaks for it
    assert by_id["dropouts"].published == ()
    assert by_id["dropouts"].certainty is Grade.HIGH  # one large blinded trial: nothing to rate down


def test_a_design_corrected_while_the_app_runs_is_graded_as_corrected():
    # the same source key, title and journal, first curated as a meta-analysis, then corrected to a cohort
    # (the dashboard re-grades in the same process after an edit): only a review's title can make it randomised
    title = "A pooled analysis of randomised controlled trials"
    q = question(rr("p", 1.5, 1.2, 1.9, n=900, participants=900, studies=3), **CLEAN)
    assert grade_one(q, source("p", Design.META_ANALYSIS, title=title)).start is Grade.HIGH
    assert grade_one(q, source("p", Design.COHORT, title=title)).start is Grade.LOW


def test_a_rating_from_a_review_pubmed_marks_retracted_does_not_cap():
    review = source("rev", Design.META_ANALYSIS, title="A Cochrane review", pmid=555)
    q = question(big("a"), big("b"), published=(published(key="pmid:555"),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), review, records={555: record(555, retracted=True)})
    assert graded.certainty is Grade.HIGH
    assert graded.published[0].comparison == (
        "Ours is 3 levels higher: the rating comes from an unverified or retracted source, so it did not cap ours."
    )
