"""What `python -m evidence grade` shows for one small evidence base: the explanation, the table, the JSON.

The base has a primary question capped by a review's GRADE rating, an unverified trial set aside, an
outcome with no findings, a secondary question with a harm outcome, a guideline two levels below the
headline and a condition with no question, so every part of each output appears at least once.
"""

from __future__ import annotations

import json

import pytest

from evidence.grading import format_explanation, format_table, grade_all, grade_condition
from evidence.models import Design, Grade, GradeOverride, PublishedCertainty, Stance

from .grading_helpers import (
    RELATED,
    SLUG,
    condition,
    guideline,
    outcome,
    question,
    questioned_base,
    rct,
    rr,
    source,
)

LONG_TITLE = "Ketamine vs inert placebo, in adults seen in an emergency department"


def evidence(override: GradeOverride | None = None):
    rating = PublishedCertainty(
        source="rev", outcome="response", rating="moderate", scale="GRADE", grade="moderate",
        read_on="https://example.org/read/rev",
    )  # fmt: skip
    main = question(
        rr("a", 2.0, 1.6, 2.5, n=1000, events_ketamine=200, events_control=150),
        rr("b", 1.8, 1.4, 2.3, n=1000, events_ketamine=190, events_control=150),
        rr("c", 0.5, 0.3, 0.9, n=60),
        outcomes=(outcome("response"), outcome("relapse", critical=False)),
        comparator="active_treatment",
        qid="main",
        published=(rating,),
    )
    placebo = question(
        rr("d", 1.0, 0.5, 2.0, n=40),
        rr("d", 3.0, 2.0, 4.5, n=40, oid="dissociation"),
        outcomes=(outcome("response"), outcome("dissociation", harm=True, favours="lower", critical=False)),
        qid="placebo",
        primary=False,
        comparator="inert_placebo",
    ).model_copy(update={"title": LONG_TITLE})
    review = source("rev", Design.META_ANALYSIS, title="A meta-analysis of randomised controlled trials")
    sources = (
        rct("a", 1000), rct("b", 1000), rct("c", 60, verified=False), rct("d", 40), review,
        guideline("g", Stance.INSUFFICIENT_EVIDENCE, year=2015),
    )  # fmt: skip
    base = questioned_base(*sources, questions=(main, placebo))
    if override is None:
        return base
    conditions = (condition(override=override), condition(RELATED))
    return type(base)(base.data_dir, conditions, base.sources, (), base.questions)


NOT_SUSPECTED = (
    "0 publication bias: Not suspected: no review reports small-study effects, no registered trial is known"
    " to be missing, and the trials are not only small or only industry-funded positive ones."
)
DIRECT = (
    "0 indirectness: Not serious: the evidence answers the question's population, intervention, comparator"
    " and outcome directly."
)
STARTS_HIGH = "Starts high: randomised evidence ({}: randomised trial). [GRADE handbook 5.1 (study design sets the starting level)]"
UNBLINDED = (
    "-1 risk of bias: Serious: 100% of the weight is at high risk of bias (Tester 2020: inert placebo in"
    " awake patients: dissociation unblinds patients and raters)."
)
UNVERIFIED = (
    "unverified citation: not counted until a curator confirms it on a page showing its PubMed record"
)

EXPLANATION = [
    "Test condition (test-condition)",
    "Headline: moderate, from the primary question's critical outcome",
    "",
    "Question main: IV ketamine vs active treatment. Certainty moderate, favours ketamine.",
    "  primary: The only question in a test.",
    "  - Response, 24 hours (critical): moderate, favours ketamine; 2 studies, 2000 participants;"
    " effect RR 1.91 (1.62 to 2.25) (pooled here from 2 trials (random effects))",
    "      " + STARTS_HIGH.format("2 studies"),
    "       0 risk of bias: Not serious: 100% of the weight is at low risk of bias (2 studies: Tester 2020, Tester 2020).",
    "       0 inconsistency: Not serious: pooled I² = 0% and the intervals overlap.",
    "       " + DIRECT,
    "       0 imprecision: Not serious: RR 1.91 (95% CI 1.62 to 2.25) excludes no effect and 690 events among"
    " 2000 participants (at least 300 events).",
    "       " + NOT_SUSPECTED,
    "      -1 published rating: Capped at moderate: Tester 2020 rated this outcome moderate (GRADE). Its judgement"
    " rests on trial-level detail not curated here, and GRADE rates down when in doubt; our own domains gave high.",
    "      Published: moderate (GRADE), rev (2020)",
    "      Set aside: c: " + UNVERIFIED,
    "  - Relapse, 24 hours (important): not graded, no effect estimate; 0 studies, participants not reported;"
    " effect - (none)",
    "",
    "Question placebo: IV ketamine vs inert placebo. Certainty very low, no clear difference.",
    "  - Response, 24 hours (critical): very low, no clear difference; 1 study, 40 participants;"
    " effect RR 1.00 (0.50 to 2.00) (one study (Tester 2020))",
    "      " + STARTS_HIGH.format("1 study"),
    "      " + UNBLINDED,
    "       0 inconsistency: Not judged: a single study cannot be inconsistent with itself.",
    "       " + DIRECT,
    "      -3 imprecision: Very serious: RR 1.00 (95% CI 0.50 to 2.00) includes both appreciable benefit and"
    " appreciable harm; 40 participants, events not reported (fewer than 750).",
    "       " + NOT_SUSPECTED,
    "  - Dissociation, 24 hours (important): low, more harm with ketamine; 1 study, 40 participants;"
    " effect RR 3.00 (2.00 to 4.50) (one study (Tester 2020))",
    "      " + STARTS_HIGH.format("1 study"),
    "      " + UNBLINDED,
    "       0 inconsistency: Not judged: a single study cannot be inconsistent with itself.",
    "       " + DIRECT,
    "      -1 imprecision: Serious: 40 participants, events not reported (fewer than 750).",
    "       " + NOT_SUSPECTED,
    "Position: g (2015): insufficient evidence, very low. A made-up position.",
    "  Differs: The headline grade (moderate) is 2 levels above the very low certainty this guideline or"
    " consensus (2015) implies. The document states no certainty of its own; the level is read from its stance.",
    "Not counted: c: " + UNVERIFIED,
    "Not counted: g: position document: shown beside the grade, not counted as a study",
    "If the unverified sources were counted: very low",
]


def test_the_explanation_of_one_condition_reads_in_full():
    assert format_explanation(grade_condition(evidence(), SLUG)).splitlines() == EXPLANATION


def test_an_override_is_the_headline_with_the_computed_grade_and_the_rationale_beside_it():
    override = GradeOverride(
        grade=Grade.LOW, rationale="The trials enrolled a population unlike the one treated."
    )
    graded = grade_condition(evidence(override), SLUG)
    assert format_explanation(graded).splitlines()[1] == (
        "Headline: low (curator override; computed moderate). "
        "Rationale: The trials enrolled a population unlike the one treated."
    )
    assert graded.as_dict()["override"] == {
        "grade": "low",
        "rationale": "The trials enrolled a population unlike the one treated.",
        "curator": None,
    }
    table = format_table(grade_all(evidence(override))).splitlines()
    assert table[-1] == "test-condition: headline overridden by a curator to low"


def test_a_condition_without_questions_explains_why_it_is_not_graded():
    lines = format_explanation(grade_condition(evidence(), RELATED)).splitlines()
    assert lines[:2] == ["Related condition (related-condition)", "Headline: not graded, from the primary question's critical outcome"]  # fmt: skip
    assert lines[2].startswith("Not graded: no clinical question is curated")


def test_the_table_has_one_aligned_row_per_question_and_shortens_long_titles():
    header = (
        "condition                      question                                     certainty  direction       "
        "         studies n      effect (95% CI)                published rating"
    )
    assert format_table(grade_all(evidence())).splitlines() == [
        header,
        "-" * len(header),
        "test-condition                 * Ketamine vs active treatment               moderate   favours ketamine"
        "         2       2,000  RR 1.91 (1.62 to 2.25)         moderate (GRADE, 2020)",
        "                                 Ketamine vs inert placebo, in adults seen… very low   no clear differ"
        "ence      1       40     RR 1.00 (0.50 to 2.00)         -",
        "related-condition              (no question curated)                        not graded",
        "* the condition's primary question: its certainty is the condition's headline grade",
    ]


def test_the_json_of_a_condition_names_its_positions_counts_and_exclusions():
    data = grade_condition(evidence(), SLUG).as_dict()
    assert data["guideline_positions"] == [
        {
            "source": "g",
            "title": "A guideline or consensus called g",
            "year": 2015,
            "stance": "insufficient_evidence",
            "certainty": None,
            "statement": "A made-up position.",
            "implied_grade": "very_low",
            "disagreement": "The headline grade (moderate) is 2 levels above the very low certainty this guideline"
            " or consensus (2015) implies. The document states no certainty of its own; the level is read from its"
            " stance.",
            "verified": True,
            "link": "https://example.org/g",
        }
    ]
    assert data["counts"] == {
        "sources": 4,
        "by_design": {"meta_analysis": 1, "rct": 3},
        "randomised_trials": 3,
        "participants_randomised": 2040,
        "directions": {"benefit": 4},
        "direct": 4,
        "indirect": 0,
    }
    assert data["excluded"] == [
        {"source": "c", "reason": UNVERIFIED},
        {"source": "g", "reason": "position document: shown beside the grade, not counted as a study"},
    ]
    assert {
        k: data[k] for k in ("condition", "name", "question", "grade", "computed_grade", "starting_level")
    } == {
        "condition": "test-condition",
        "name": "Test condition",
        "question": "benefit",
        "grade": "moderate",
        "computed_grade": "moderate",
        "starting_level": "high",
    }
    assert data["starting_sources"] == ["a", "b"]
    assert (data["graded_on"], data["evidence_direction"], data["headline_question"]) == (
        "direct",
        "benefit",
        "main",
    )
    assert data["grade_if_unverified_counted"] == "very_low"
    assert json.loads(json.dumps(data)) == data


def test_the_json_of_a_question_and_its_outcomes():
    main, placebo = grade_condition(evidence(), SLUG).as_dict()["questions"]
    assert {k: v for k, v in placebo.items() if k != "outcomes"} == {
        "id": "placebo",
        "title": LONG_TITLE,
        "primary": False,
        "primary_why": None,
        "intervention": {"form": "racemic", "route": "iv", "co_treatment": None},
        "comparator": "inert_placebo",
        "comparator_detail": None,
        "population": None,
        "certainty": "very_low",
        "direction": "no_clear_difference",
        "headline_outcome": "response",
    }
    response, relapse = main["outcomes"]
    assert response["pooled"] == {
        "measure": "rr",
        "estimate": pytest.approx(1.908, abs=5e-4),
        "ci_low": pytest.approx(1.616, abs=5e-4),
        "ci_high": pytest.approx(2.252, abs=5e-4),
        "tau2": 0.0,
        "i2": 0.0,
        "studies": 2,
        "pooled_by": "this project (random effects, Paule-Mandel)",
    }
    assert response["published_certainty"] == [
        {
            "source": "rev",
            "rating": "moderate",
            "scale": "GRADE",
            "grade": "moderate",
            "year": 2020,
            "read_on": "https://example.org/read/rev",
            "comparison": None,  # capped: ours now equals theirs
        }
    ]
    assert response["absolute_per_1000"] == [272, 185, 376]
    assert response["set_aside"] == [{"source": "c", "reason": UNVERIFIED}]
    assert [a["domain"] for a in response["adjustments"]] == [
        "risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias", "published_rating",
    ]  # fmt: skip
    assert response["adjustments"][-1]["sources"] == ["rev"]
    assert {k: v for k, v in relapse.items() if k != "adjustments"} == {
        "outcome": "Relapse",
        "outcome_id": "relapse",
        "timepoint": "24 hours",
        "critical": False,
        "harm": False,
        "certainty": "insufficient",
        "starting_level": "insufficient",
        "n_studies": 0,
        "n_participants": None,
        "effect": None,
        "effect_from": "none",
        "pooled": None,
        "direction": None,
        "absolute_per_1000": None,
        "published_certainty": [],
        "set_aside": [],
    }
    dissociation = placebo["outcomes"][1]
    assert (dissociation["harm"], dissociation["direction"], dissociation["certainty"]) == (
        True,
        "favours_comparator",
        "low",
    )
    assert dissociation["effect"] == {"measure": "rr", "estimate": 3.0, "ci_low": 2.0, "ci_high": 4.5}


def test_the_grade_command_prints_indented_json_with_its_symbols_and_notes_problems_on_stderr(
    data_copy, capsys
):
    from evidence.cli import main
    from evidence.loading import load_evidence

    citations = sorted((data_copy / "citations").glob("*.yaml"))[0]
    citations.write_text(citations.read_text() + "  - pmid: not-a-number\n")
    problems = len(load_evidence(data_copy).problems)
    assert main(["grade", "--data", str(data_copy), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith('[\n  {\n    "condition": ')
    assert "I²" in out  # as written, not \u00b2
    assert [g["condition"] for g in json.loads(out)] == [
        g.condition for g in grade_all(load_evidence(data_copy).base)
    ]
    assert err == f"note: {problems} validation problems; invalid entries were left out (run 'validate')\n"


@pytest.mark.parametrize("one_condition", [True, False])
def test_the_grade_command_leaves_out_a_trial_the_pubmed_cache_marks_retracted(
    data_copy, capsys, one_condition
):
    import datetime as dt

    from evidence.cache import PubmedCache
    from evidence.cli import main
    from evidence.loading import load_evidence

    from .pubmed_records import make_record

    base = load_evidence(data_copy).base
    counted = grade_condition(base, "crps").primary.headline.results[0].key
    pmid = base.source_by_key[counted].pmid
    cache = PubmedCache(data_copy)
    cache.write(make_record(pmid, retracted=True), "<PubmedArticle/>", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    command = ["grade", "--data", str(data_copy), "--format", "json"]
    assert main(command + (["--condition", "crps"] if one_condition else [])) == 0
    (crps,) = [g for g in json.loads(capsys.readouterr().out) if g["condition"] == "crps"]
    assert {"source": counted, "reason": "retracted (PubMed marks it retracted): never counted"} in crps[
        "excluded"
    ]


def test_a_question_with_nothing_counted_shows_dashes_not_a_direction_in_the_table():
    # no counted finding for the critical outcome: no direction, studies, participants, effect or rating to show
    ungraded = question(comparator="active_treatment")
    rows = format_table(grade_all(questioned_base(questions=(ungraded,)))).splitlines()
    assert rows[2] == (
        "test-condition                 * Ketamine vs active treatment               not graded "
        "-                        -       -      -                              -"
    )
