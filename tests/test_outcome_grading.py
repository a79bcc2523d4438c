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


def meta_analysis(key, year=2020):
    return source(
        key, Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials", year=year
    )


HANDBOOK_START = " [GRADE handbook 5.1 (study design sets the starting level)]"


@pytest.mark.parametrize(
    ("designs", "reason"),
    [
        (
            (Design.META_ANALYSIS, Design.META_ANALYSIS, Design.RCT, Design.CROSSOVER_RCT),
            "Starts high: randomised evidence (2 reviews; 2 studies: crossover randomised trial, randomised trial).",
        ),
        ((Design.META_ANALYSIS,), "Starts high: randomised evidence (1 review)."),
        (
            (Design.COHORT, Design.CASE_SERIES),
            "Starts low: non-randomised evidence only (2 studies: case series, cohort study).",
        ),
        (
            (Design.CASE_REPORT, Design.CASE_SERIES),
            "Starts very low: only case reports, case series or surveys (2 studies: case report, case series).",
        ),
    ],
)
def test_the_starting_level_names_how_many_reviews_and_studies_of_which_designs_set_it(designs, reason):
    keys = [f"s{i}" for i in range(len(designs))]
    sources = [
        meta_analysis(key) if design is Design.META_ANALYSIS else source(key, design)
        for key, design in zip(keys, designs, strict=True)
    ]
    findings = [
        rr(key, 1.5, 1.2, 1.9, studies=4, participants=400)
        if design is Design.META_ANALYSIS
        else finding(key, significant=True, n_ketamine=20, n_control=20)
        for key, design in zip(keys, designs, strict=True)
    ]
    assert grade_one(question(*findings, **CLEAN), *sources).start_reason == reason + HANDBOOK_START


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        # a review with an estimate is shown before a larger, newer one that reports only significance
        (dict(significant=True, participants=900), dict(estimate=1.5, participants=500), "second"),
        # more participants before a newer review
        (dict(estimate=1.5, participants=900), dict(estimate=1.8, participants=500), "first"),
        # as many participants: more pooled studies before a newer review
        (dict(estimate=1.5, participants=500, studies=8), dict(estimate=1.8, participants=500), "first"),
        # as many participants and studies: the newer review
        (dict(estimate=1.5, participants=500), dict(estimate=1.8, participants=500), "second"),
    ],
)
def test_of_two_reviews_the_one_with_an_estimate_most_participants_most_studies_then_newest_is_shown(
    first, second, shown
):
    def review_finding(key, estimate=None, **fields):
        fields.setdefault("studies", 5)
        if estimate is None:
            return finding(key, **fields)
        return finding(key, measure="rr", estimate=estimate, ci_low=1.0, ci_high=2.5, **fields)

    q = question(review_finding("r1", **first), review_finding("r2", **second), **CLEAN)
    graded = grade_one(q, meta_analysis("r1", year=2019), meta_analysis("r2", year=2021))
    chosen, label, fields = (
        ("r1", "Tester 2019", first) if shown == "first" else ("r2", "Tester 2021", second)
    )
    assert graded.effect_from == f"pooled by {label} ({chosen})"
    assert graded.effect.estimate == fields["estimate"]
    assert graded.n_studies == fields.get("studies", 5)


@pytest.mark.parametrize(
    ("p_value", "favours", "direction", "effect", "shown"),
    [
        (0.003, "ketamine", "favours_ketamine", -2, "a significant effect"),
        (0.003, "comparator", "favours_comparator", -2, "a significant effect"),
        # significance is p below 0.05: 0.05 itself is not significant
        (0.05, None, "no_clear_difference", -3, "no significant effect"),
        (0.2, None, "no_clear_difference", -3, "no significant effect"),
    ],
)
def test_a_trial_that_reports_only_a_p_value_is_significant_below_005_and_points_the_way_it_favours(
    p_value, favours, direction, effect, shown
):
    q = question(finding("a", p_value=p_value, favours=favours, n_ketamine=50, n_control=50), **CLEAN)
    graded = grade_one(q, rct("a", 100))
    assert graded.direction == direction
    # no interval (-1), 100 of the 750 participants needed (-1), and -1 more when not significant
    assert domain(graded, "imprecision").effect == effect
    assert domain(graded, "imprecision").reason == (
        "No confidence interval was published, so precision cannot be shown; "
        f"100 participants, events not reported (fewer than 750); {shown}."
    )


def test_no_direction_is_claimed_while_one_trials_result_is_unknown():
    # one trial significantly favours ketamine, the other reports no result: the direction is not known
    q = question(
        finding("a", significant=True, favours="ketamine", n_ketamine=50, n_control=50),
        finding("b", n_ketamine=50, n_control=50),
        **CLEAN,
    )
    graded = grade_one(q, rct("a", 100), rct("b", 100))
    assert graded.direction is None
    assert graded.direction_label == "no effect estimate"


CAP_TAIL = (
    ". Its judgement rests on trial-level detail not curated here, and GRADE rates down when in doubt; "
    "our own domains gave high."
)


def test_of_two_lower_published_ratings_the_lowest_caps_ours():
    ratings = (published("low", "low", key="rev1"), published("very low", "very_low", key="rev2"))
    q = question(big("a"), big("b"), published=ratings, **CLEAN)
    graded = grade_one(
        q, rct("a", 1000), rct("b", 1000), meta_analysis("rev1", 2019), meta_analysis("rev2", 2021)
    )
    assert graded.certainty is Grade.VERY_LOW
    cap = domain(graded, "published_rating")
    assert (cap.effect, cap.sources) == (-3, ("rev2",))
    assert cap.reason == "Capped at very low: Tester 2021 rated this outcome very low (GRADE)" + CAP_TAIL


@pytest.mark.parametrize("order", [("rev-a", "rev-b"), ("rev-b", "rev-a")])
def test_two_equally_low_ratings_cap_ours_in_the_same_words_whichever_was_curated_first(order):
    ratings = tuple(published("low", "low", key=key) for key in order)
    q = question(big("a"), big("b"), published=ratings, **CLEAN)
    reviews = meta_analysis("rev-a", 2019), meta_analysis("rev-b", 2021)
    cap = domain(grade_one(q, rct("a", 1000), rct("b", 1000), *reviews), "published_rating")
    assert (cap.effect, cap.sources) == (-2, ("rev-a",))
    assert cap.reason == "Capped at low: Tester 2019 rated this outcome low (GRADE)" + CAP_TAIL


def test_a_rating_of_the_question_as_a_whole_says_it_rated_the_question():
    q = question(big("a"), big("b"), published=(published("low", "low", oid=None),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), meta_analysis("rev"))
    assert graded.certainty is Grade.LOW
    assert domain(graded, "published_rating").reason == (
        "Capped at low: Tester 2020 rated this question low (GRADE)" + CAP_TAIL
    )


def test_no_direction_is_claimed_when_significant_results_point_opposite_ways():
    q = question(
        finding("a", significant=True, favours="ketamine", n_ketamine=50, n_control=50),
        finding("b", significant=True, favours="comparator", n_ketamine=50, n_control=50),
        **CLEAN,
    )
    graded = grade_one(q, rct("a", 100), rct("b", 100))
    assert graded.direction is None
    assert domain(graded, "inconsistency").reason == (
        "Serious: the studies report significant effects in opposite directions."
    )


def test_an_estimate_without_an_interval_says_its_direction_is_unclear_not_that_there_is_no_estimate():
    # one trial gives a risk ratio but no interval and no stated significance: an estimate is shown,
    # so the label must not say there is none, and it cannot say which way the effect points
    q = question(finding("a", measure="rr", estimate=0.5, n_ketamine=50, n_control=50), **CLEAN)
    graded = grade_one(q, rct("a", 100))
    assert graded.effect is not None and graded.direction is None
    assert graded.direction_label == "direction unclear: no confidence interval"
