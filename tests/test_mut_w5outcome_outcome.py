"""How one outcome's grade uses its reviews and trials (evidence/grading/outcome.py): whether the body
shows a significant effect when no interval was published, which review's estimate is shown, whose
events count towards the information size, and when a published GRADE rating caps ours.
"""

from __future__ import annotations

import pytest

from evidence.models import Design, Grade, PublishedCertainty

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr, source

CLEAN = dict(comparator="active_treatment")  # a blinded comparison with another treatment: low risk of bias

NO_INTERVAL = "No confidence interval was published, so precision cannot be shown; "


def meta_analysis(key: str, year: int = 2020):
    return source(
        key, Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials", year=year
    )


# -- significance when no interval was published ----------------------------------------------

SHOWN = {True: "a significant effect", False: "no significant effect", None: "no significance reported"}


@pytest.mark.parametrize(
    ("reported", "significant"),
    [
        ((True, True), True),
        # every trial must be significant: one that is not makes the body not significant
        ((True, False), False),
        # one trial not significant is enough to say so, though another reported nothing
        ((False, None), False),
        ((None, False), False),
        # one trial significant and one unreported: whether the body is significant is not known
        ((True, None), None),
        ((None, True), None),
        ((None, None), None),
    ],
)
def test_without_an_interval_the_trials_show_a_significant_effect_only_when_each_reports_one(
    reported, significant
):
    findings = [
        finding(key, n_ketamine=50, n_control=50, **({} if s is None else dict(significant=s)))
        for key, s in zip(("a", "b"), reported, strict=True)
    ]
    graded = grade_one(question(*findings, **CLEAN), rct("a", 100), rct("b", 100))
    assert graded.effect is None
    imprecision = domain(graded, "imprecision")
    # no interval (-1), 200 of the 750 participants needed (-1), and -1 more unless significant
    assert imprecision.effect == (-2 if significant is True else -3)
    assert imprecision.reason == (
        NO_INTERVAL + f"200 participants, events not reported (fewer than 750); {SHOWN[significant]}."
    )
    assert imprecision.sources == ("a", "b")


@pytest.mark.parametrize(("review_says", "trial_says", "significant"), [
    (True, None, True),  # a review that reports only significance, and no trial
    (False, None, False),
    (False, "unreported", False),  # the review's 'not significant' is not undone by a trial that is silent
    (True, "unreported", None),
    (True, True, True),
    (True, False, False),
])  # fmt: skip
def test_a_review_that_reports_only_significance_counts_towards_whether_the_effect_is_significant(
    review_says, trial_says, significant
):
    findings = [finding("r", significant=review_says, studies=4, participants=100)]
    sources = [meta_analysis("r")]
    if trial_says is not None:
        says = {} if trial_says == "unreported" else dict(significant=trial_says)
        findings.append(finding("t", n_ketamine=50, n_control=50, **says))
        sources.append(rct("t", 100))
    graded = grade_one(question(*findings, **CLEAN), *sources)
    assert graded.effect is None
    imprecision = domain(graded, "imprecision")
    assert imprecision.reason == (
        NO_INTERVAL + f"100 participants, events not reported (fewer than 750); {SHOWN[significant]}."
    )
    assert imprecision.effect == (-2 if significant is True else -3)


# -- which review's estimate is shown ---------------------------------------------------------


def review_finding(key: str, *, participants: int | None, studies: int | None, estimate: float):
    return finding(
        key,
        measure="rr",
        estimate=estimate,
        ci_low=1.0,
        ci_high=2.5,
        participants=participants,
        studies=studies,
    )


def test_a_review_that_does_not_state_its_participants_is_never_preferred_to_one_that_states_even_one():
    # a missing count is never kinder than a small one: the stated 1 beats the unstated number,
    # though the newer review pooled more studies
    q = question(
        review_finding("r1", participants=1, studies=5, estimate=1.5),
        review_finding("r2", participants=None, studies=8, estimate=1.8),
        **CLEAN,
    )
    graded = grade_one(q, meta_analysis("r1", 2019), meta_analysis("r2", 2021))
    assert graded.effect_from == "pooled by Tester 2019 (r1)"
    assert graded.effect.estimate == 1.5
    assert (graded.n_studies, graded.n_participants) == (5, 1)


def test_a_review_that_does_not_state_how_many_studies_it_pooled_is_not_preferred_to_one_that_pooled_one():
    # as many participants: the review that says it pooled one study before a newer one that does not say
    q = question(
        review_finding("r1", participants=500, studies=1, estimate=1.5),
        review_finding("r2", participants=500, studies=None, estimate=1.8),
        **CLEAN,
    )
    graded = grade_one(q, meta_analysis("r1", 2019), meta_analysis("r2", 2021))
    assert graded.effect_from == "pooled by Tester 2019 (r1)"
    assert graded.effect.estimate == 1.5
    assert graded.n_studies == 1


# -- whose events count towards the information size ------------------------------------------


def test_a_reviews_pooled_events_count_towards_the_information_size_when_its_estimate_is_shown():
    review = finding(
        "r", measure="rr", estimate=1.5, ci_low=1.2, ci_high=1.9,
        participants=600, studies=4, events_ketamine=200, events_control=150,
    )  # fmt: skip
    graded = grade_one(question(review, **CLEAN), meta_analysis("r"))
    assert graded.effect_from == "pooled by Tester 2020 (r)"
    imprecision = domain(graded, "imprecision")
    # 350 events meet the 300 needed, though 600 participants would miss the 750 needed without events
    assert imprecision.effect == 0
    assert imprecision.reason == (
        "Not serious: RR 1.50 (95% CI 1.20 to 1.90) excludes no effect and 350 events among 600 participants "
        "(at least 300 events)."
    )


def test_the_trials_events_count_when_the_only_review_reports_no_estimate():
    def trial(key):
        return rr(key, 1.6, 1.2, 2.2, n=300, events_ketamine=100, events_control=60)

    review = finding("r", significant=True, studies=2)  # says neither its estimate nor its events
    graded = grade_one(
        question(review, trial("a"), trial("b"), **CLEAN), meta_analysis("r"), rct("a"), rct("b")
    )
    assert graded.effect_from == "pooled here from 2 trials (random effects)"
    imprecision = domain(graded, "imprecision")
    assert imprecision.effect == 0
    assert imprecision.reason.endswith(
        "excludes no effect and 320 events among 600 participants (at least 300 events)."
    )


def test_events_are_not_reported_when_one_trial_does_not_report_its_own():
    q = question(
        rr("a", 1.6, 1.2, 2.2, n=300, events_ketamine=100, events_control=60),
        rr("b", 1.6, 1.2, 2.2, n=300),
        **CLEAN,
    )
    imprecision = domain(grade_one(q, rct("a", 300), rct("b", 300)), "imprecision")
    # the 160 events of one trial are not the body's events: judged on 600 participants, short of 750
    assert imprecision.effect == -1
    assert imprecision.reason == "Serious: 600 participants, events not reported (fewer than 750)."


# -- when a published GRADE rating caps ours --------------------------------------------------


def rating(grade: str, *, key: str = "rev", oid: str | None = "response") -> PublishedCertainty:
    return PublishedCertainty(
        source=key, outcome=oid, rating=grade.replace("_", " "), scale="GRADE", grade=grade,
        read_on="https://example.org/sof",
    )  # fmt: skip


def big(key, oid="response"):
    return rr(key, 2.0, 1.6, 2.5, n=1000, oid=oid, events_ketamine=200, events_control=150)


DOMAINS = ["risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"]


def test_a_published_rating_as_high_as_ours_leaves_ours_alone_and_adds_no_cap():
    q = question(big("a"), big("b"), published=(rating("high"),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), meta_analysis("rev"))
    assert graded.certainty is Grade.HIGH
    assert [a.domain for a in graded.adjustments] == DOMAINS
    assert graded.published[0].comparison is None  # the same level: nothing to explain


def test_a_cap_is_exported_with_every_field_and_the_rule_it_applies():
    q = question(big("a"), big("b"), published=(rating("moderate"),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), meta_analysis("rev"))
    assert graded.certainty is Grade.MODERATE
    assert [a.domain for a in graded.adjustments] == [*DOMAINS, "published_rating"]
    assert graded.as_dict()["adjustments"][-1] == {
        "domain": "published_rating",
        "effect": -1,
        "reason": "Capped at moderate: Tester 2020 rated this outcome moderate (GRADE). Its judgement rests on "
        "trial-level detail not curated here, and GRADE rates down when in doubt; our own domains gave high.",
        "sources": ["rev"],
        "rule": "GRADE handbook 5 (when in doubt, rate down); the review's own GRADE judgement",
    }


def test_a_cap_names_the_reviews_first_author_by_surname_and_its_year():
    review = source("rev", Design.META_ANALYSIS, title="A Cochrane review", year=2017)
    review = review.model_copy(update={"first_author": "Smith-Jones AB"})
    q = question(big("a"), big("b"), published=(rating("low"),), **CLEAN)
    cap = domain(grade_one(q, rct("a", 1000), rct("b", 1000), review), "published_rating")
    assert cap.effect == -2
    assert cap.reason.startswith("Capped at low: Smith-Jones 2017 rated this outcome low (GRADE). ")


def test_a_lower_rating_of_an_important_outcome_caps_that_outcome():
    dropouts = outcome("dropouts", critical=False, favours="lower", harm=True)
    q = question(
        big("a", oid="dropouts"), big("b", oid="dropouts"),
        outcomes=(dropouts,), published=(rating("low", oid="dropouts"),), **CLEAN,
    )  # fmt: skip
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), meta_analysis("rev"))
    assert graded.certainty is Grade.LOW
    cap = domain(graded, "published_rating")
    assert (cap.effect, cap.sources) == (-2, ("rev",))
    assert cap.reason.startswith("Capped at low: Tester 2020 rated this outcome low (GRADE). ")


def test_events_reported_for_one_arm_only_are_not_the_trials_events():
    q = question(
        rr("a", 1.6, 1.2, 2.2, n=300, events_ketamine=100, events_control=60),
        rr("b", 1.6, 1.2, 2.2, n=300, events_ketamine=100),
        **CLEAN,
    )
    imprecision = domain(grade_one(q, rct("a", 300), rct("b", 300)), "imprecision")
    assert imprecision.reason == "Serious: 600 participants, events not reported (fewer than 750)."
