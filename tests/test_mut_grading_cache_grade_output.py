"""What `python -m evidence grade` shows where the small base of test_grade_output has nothing to show.

Here a condition with no question comes first in conditions.yaml, and the primary question names its
comparator in detail, covers two routes with a co-treatment, has heterogeneous trials pooled here,
two published ratings on scales other than GRADE, and positions for and against.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from evidence.grading import format_explanation, format_table, grade_all
from evidence.loading import EvidenceBase, load_evidence
from evidence.models import Intervention, PublishedCertainty, Stance

from .grading_helpers import RELATED, condition, guideline, question, rct, rr

Z95 = 1.959963984540054
TRIALS = {"a": (4.0, 2.6, 6.2), "b": (1.3, 1.0, 1.7), "c": (2.2, 1.5, 3.2)}
NOT_GRADE = "Not a GRADE certainty rating: shown on its own scale, not compared level for level."
NOT_GRADED = "Not graded: no clinical question is curated for this condition (data/questions/)."


def rating(key: str, text: str, scale: str) -> PublishedCertainty:
    return PublishedCertainty(
        source=key, outcome="response", rating=text, scale=scale, read_on=f"https://example.org/read/{key}"
    )


def graded():
    """[the condition with no question, the condition with one], in the order conditions.yaml lists them."""
    q = question(
        *(rr(key, *trial) for key, trial in TRIALS.items()),
        comparator="active_placebo",
        published=(rating("cebm", "Level 1b", "Oxford CEBM"), rating("sign", "A", "SIGN")),
    ).model_copy(
        update={
            "comparator_detail": "midazolam",
            "population": "adults in a depressive episode",
            "intervention": Intervention(
                form="racemic", route=("iv", "intranasal"), co_treatment="an antidepressant"
            ),
        }
    )
    sources = (
        *(rct(key) for key in TRIALS),
        guideline("cebm", Stance.SUPPORTS, year=2019),
        guideline("sign", Stance.AGAINST, year=2021),
    )
    base = EvidenceBase(
        data_dir=Path("."), conditions=(condition(RELATED), condition()), sources=sources, questions=(q,)
    )
    return grade_all(base)


def i2_percent(trials) -> float:
    """Higgins' I² from Cochran's Q over inverse-variance weights of the log risk ratios, worked out here."""
    logs = [math.log(estimate) for estimate, _, _ in trials]
    weights = [((math.log(high) - math.log(low)) / (2 * Z95)) ** -2 for _, low, high in trials]
    mean = sum(w * y for w, y in zip(weights, logs, strict=True)) / sum(weights)
    q = sum(w * (y - mean) ** 2 for w, y in zip(weights, logs, strict=True))
    return (q - (len(trials) - 1)) / q * 100


def test_a_condition_without_questions_does_not_hide_the_conditions_listed_after_it():
    # the pooled RR 2.21 (1.17 to 4.18) agrees with Paule-Mandel worked out by hand (tau² 0.282)
    rows = format_table(graded()).splitlines()
    assert rows[2:] == [
        "related-condition              (no question curated)                        not graded",
        "test-condition                 * Ketamine vs active placebo                 low        favours ketamine"
        "         3       750    RR 2.21 (1.17 to 4.18)         Level 1b (Oxford CEBM, 2019); A (SIGN, 2021)",
        "* the condition's primary question: its certainty is the condition's headline grade",
    ]


def test_the_explanation_names_the_comparator_in_detail_and_why_a_published_rating_is_not_compared():
    lines = format_explanation(graded()[1]).splitlines()
    assert lines[3] == (
        "Question test-question: IV or intranasal ketamine with an antidepressant vs active placebo (midazolam)."
        " Certainty low, favours ketamine."
    )
    assert [line for line in lines if line.lstrip().startswith(("Published:", "Position:"))] == [
        f"      Published: Level 1b (Oxford CEBM), cebm (2019). {NOT_GRADE}",
        f"      Published: A (SIGN), sign (2021). {NOT_GRADE}",
        # 'against' judges benefit, harm or cost, not certainty: no level is read from it
        "Position: sign (2021): against, no certainty implied. A made-up position.",
        "Position: cebm (2019): supports, moderate. A made-up position.",
    ]


def test_the_explanation_of_a_condition_without_questions_says_where_questions_are_curated():
    assert format_explanation(graded()[0]).splitlines() == [
        "Related condition (related-condition)",
        "Headline: not graded, from the primary question's critical outcome",
        NOT_GRADED,
    ]


def test_the_json_of_a_condition_without_questions_has_every_key_and_no_headline_question():
    assert graded()[0].as_dict() == {
        "condition": "related-condition",
        "name": "Related condition",
        "question": "benefit",
        "grade": "insufficient",
        "computed_grade": "insufficient",
        "starting_level": "insufficient",
        "starting_reason": NOT_GRADED,
        "starting_sources": [],
        "adjustments": [],
        "counts": {
            "sources": 0,
            "by_design": {},
            "randomised_trials": 0,
            "participants_randomised": 0,
            "directions": {},
            "direct": 0,
            "indirect": 0,
        },
        "guideline_positions": [],
        "override": None,
        "graded_on": "none",
        "evidence_direction": None,
        "excluded": [],
        "grade_if_unverified_counted": None,
        "headline_question": None,
        "questions": [],
    }


def test_the_json_of_a_question_on_two_routes_lists_both():
    condition_grade = graded()[1]
    data = condition_grade.as_dict()
    assert data["starting_reason"] == condition_grade.primary.headline.start_reason
    assert data["starting_reason"].startswith("Starts high: randomised evidence (3 studies")
    (q,) = data["questions"]
    assert {k: v for k, v in q.items() if k != "outcomes"} == {
        "id": "test-question",
        "title": "Ketamine vs active placebo",
        "primary": True,
        "primary_why": "The only question in a test.",
        "intervention": {
            "form": "racemic",
            "route": ["iv", "intranasal"],
            "co_treatment": "an antidepressant",
        },
        "comparator": "active_placebo",
        "comparator_detail": "midazolam",
        "population": "adults in a depressive episode",
        "certainty": "low",
        "direction": "favours_ketamine",
        "headline_outcome": "response",
    }
    assert q["outcomes"][0]["published_certainty"] == [
        {
            "source": key,
            "rating": text,
            "scale": scale,
            "grade": None,
            "year": year,
            "read_on": f"https://example.org/read/{key}",
            "comparison": NOT_GRADE,
        }
        for key, text, scale, year in (("cebm", "Level 1b", "Oxford CEBM", 2019), ("sign", "A", "SIGN", 2021))
    ]


def test_the_json_gives_the_i2_of_trials_pooled_here_as_a_percentage_to_one_decimal():
    response = graded()[1].primary.headline
    i2 = i2_percent(list(TRIALS.values()))
    assert 89.8 < i2 < 89.85  # so one decimal, two decimals and none all read differently
    assert response.as_dict()["pooled"]["i2"] == round(i2, 1)
    inconsistency = next(a for a in response.adjustments if a.domain == "inconsistency")
    assert f"I² = {i2:.0f}%" in inconsistency.reason  # the same heterogeneity the reason states


@pytest.mark.parametrize(
    ("line", "written", "message"),
    [
        ("ci_high: 19.0", "ci_high: .inf", "ci_high: must be a finite number (found inf)"),
        ("ci_low: 1.1", "ci_low: -.inf", "ci_low: must be a finite number (found -inf)"),
        ("estimate: 10.1", "estimate: .nan", "estimate: must be a finite number (found nan)"),
    ],
)
def test_a_finding_with_an_infinite_bound_is_refused_not_pooled_into_nan(data_copy, line, written, message):
    """YAML reads .inf and .nan as numbers; grading them gave 'RR nan (nan to nan)' with a direction."""
    path = data_copy / "questions" / "alcohol-use-disorder.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(f"        {line}\n") >= 1
    path.write_text(text.replace(f"        {line}\n", f"        {written}\n", 1), encoding="utf-8")
    problems = [(p.field, p.message) for p in load_evidence(data_copy).problems]
    assert problems[0] == ("findings[0]", message)
