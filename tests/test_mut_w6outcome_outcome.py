"""What one outcome's grade tells a reader beside a published rating, and which findings it sets aside and
why (evidence/grading/outcome.py grade_outcome and its comparison with published ratings): the sentence
that explains why ours differs from a review's rating, which estimate is shown when the trials cannot be
pooled, and the record of an outcome no counted finding answers.
"""

from __future__ import annotations

from evidence.models import Blinding, Design, Grade, PublishedCertainty
from evidence.sof import forest_plot

from .grading_helpers import finding, grade_one, outcome, question, rct, rr, source

CLEAN = dict(comparator="active_treatment")  # a blinded comparison with another treatment: low risk of bias
NOT_CAPPED = "the rating comes from an unverified or retracted source, so it did not cap ours."


def rating(grade: str | None = "high", *, key: str = "rev", scale: str = "GRADE", text: str | None = None):
    return PublishedCertainty(
        source=key, outcome="response", rating=text or (grade or "").replace("_", " "), scale=scale,
        grade=grade, read_on=f"https://example.org/sof/{key}", note="A curator's note.",
    )  # fmt: skip


def review(key: str = "rev", **kwargs):
    return source(key, Design.META_ANALYSIS, title="A review of the trials", **kwargs)


def big(key):
    return rr(key, 2.0, 1.6, 2.5, n=1000, events_ketamine=200, events_control=150)


def cohort(key, **kwargs):
    # blinded, on an objective outcome (below): no study limitation to rate down for
    return source(key, Design.COHORT, participants=1000, blinding=Blinding.DOUBLE_BLIND, **kwargs)


OBJECTIVE = (outcome(subjective=False),)


# -- why ours is lower than a published rating -------------------------------------------------


def test_a_higher_rating_of_non_randomised_evidence_is_explained_by_where_ours_starts():
    """Nothing was rated down: the whole gap is GRADE's low start for evidence that is not randomised."""
    q = question(big("a"), big("b"), outcomes=OBJECTIVE, published=(rating("high"),), **CLEAN)
    graded = grade_one(q, cohort("a"), cohort("b"), review())
    assert graded.certainty is Grade.LOW
    assert [a.effect for a in graded.adjustments] == [0, 0, 0, 0, 0, 0]
    assert graded.published[0].comparison == (
        "Ours is 2 levels lower: ours starts low because no randomised evidence is counted."
    )


def test_a_higher_rating_of_case_series_names_the_very_low_start_and_each_domain_rated_down():
    q = question(big("a"), big("b"), published=(rating("moderate"),), **CLEAN)
    case_series = [source(k, Design.CASE_SERIES, participants=1000) for k in ("a", "b")]
    graded = grade_one(q, *case_series, review())
    assert graded.certainty is Grade.VERY_LOW
    assert graded.published[0].comparison == (
        "Ours is 2 levels lower: ours starts very low because no randomised evidence is counted; "
        "we rated down for risk of bias -1; our rules rate down whenever a domain is in doubt."
    )


def test_a_higher_rating_of_randomised_evidence_is_explained_by_the_domains_alone():
    q = question(rr("a", 2.0, 1.5, 2.7, n=100), published=(rating("high"),), comparator="inert_placebo")
    graded = grade_one(q, rct("a", 100), review())
    assert graded.start is Grade.HIGH
    assert graded.published[0].comparison == (
        "Ours is 2 levels lower: we rated down for risk of bias -1, imprecision -1; "
        "our rules rate down whenever a domain is in doubt."
    )


# -- why ours is higher, or not compared ------------------------------------------------------


def test_an_uncapping_rating_one_level_below_ours_is_explained_too():
    q = question(big("a"), big("b"), published=(rating("moderate"),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), rct("b", 1000), review(verified=False))
    assert graded.certainty is Grade.HIGH
    assert graded.published[0].comparison == f"Ours is 1 level higher: {NOT_CAPPED}"


def test_a_rating_on_another_scale_is_exported_with_every_field_and_why_it_is_not_compared():
    q = question(big("a"), published=(rating(None, key="gl", scale="CANMAT", text="Level 1"),), **CLEAN)
    graded = grade_one(q, rct("a", 1000), source("gl", Design.GUIDELINE, year=2016))
    assert graded.as_dict()["published_certainty"] == [
        {
            "source": "gl",
            "rating": "Level 1",
            "scale": "CANMAT",
            "grade": None,
            "year": 2016,
            "read_on": "https://example.org/sof/gl",
            "comparison": "Not a GRADE certainty rating: shown on its own scale, not compared level for level.",
        }
    ]


def test_an_outcome_with_no_counted_finding_shows_a_published_rating_without_comparing_it():
    q = question(published=(rating("low"),), **CLEAN)
    graded = grade_one(q, review(year=2019))
    assert graded.certainty is Grade.INSUFFICIENT
    assert [(p.source, p.year, p.grade, p.comparison) for p in graded.published] == [
        ("rev", 2019, Grade.LOW, None)
    ]


# -- an outcome no counted finding answers ----------------------------------------------------


def test_an_outcome_no_counted_finding_answers_has_no_studies_no_plot_and_says_why_each_was_set_aside():
    q = question(big("a"), **CLEAN)
    graded = grade_one(q, rct("a", 1000, verified=False))
    assert (graded.certainty, graded.n_studies, graded.effect, graded.effect_from) == (
        Grade.INSUFFICIENT, 0, None, "none",
    )  # fmt: skip
    assert graded.results == ()
    assert forest_plot(graded) is None
    assert graded.set_aside == (
        (
            "a",
            "unverified citation: not counted until a curator confirms it on a page showing its PubMed record",
        ),
    )


# -- what is set aside, and why -----------------------------------------------------------------


def test_non_randomised_findings_are_set_aside_when_randomised_evidence_answers_the_outcome():
    q = question(big("a"), big("b"), **CLEAN)
    graded = grade_one(q, rct("a", 1000), cohort("b"))
    assert [r.key for r in graded.results] == ["a"]
    assert graded.set_aside == (
        ("b", "non-randomised: set aside because randomised evidence answers this outcome"),
    )


def test_non_randomised_evidence_keeps_every_reason_a_finding_was_set_aside():
    """Uncounted sources and second reports of the same participants are both listed, with why."""
    q = question(big("a"), big("b"), big("c"), outcomes=OBJECTIVE, **CLEAN)
    graded = grade_one(
        q, cohort("a"), cohort("b", verified=False), cohort("c", shares_participants_with=("a",))
    )
    assert [r.key for r in graded.results] == ["a"]
    assert graded.set_aside == (
        (
            "b",
            "unverified citation: not counted until a curator confirms it on a page showing its PubMed record",
        ),
        ("c", "shares participants with a: counted once, there"),
    )


# -- which estimate is shown when the trials are not pooled -------------------------------------


def test_the_one_trial_with_an_estimate_is_shown_when_the_others_report_only_significance():
    q = question(rr("a", 1.8, 1.2, 2.7, n=200), finding("b", significant=True), **CLEAN)
    graded = grade_one(q, rct("a", 200), rct("b", 400, year=2021))
    assert graded.effect_from == "one study (Tester 2020)"
    assert (graded.effect.estimate, graded.effect.ci_low, graded.effect.ci_high) == (1.8, 1.2, 2.7)
    assert graded.n_studies == 2


def test_no_estimate_is_shown_when_no_trial_reports_one():
    q = question(finding("a", significant=True), finding("b", significant=False), **CLEAN)
    graded = grade_one(q, rct("a", 200), rct("b", 200))
    assert graded.effect is None
    assert graded.as_dict()["effect_from"] == "none"
