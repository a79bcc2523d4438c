"""What claim review reads of a condition's grades to match a claim to a question and an outcome
(evidence/claim_match.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from evidence.claim_match import Match, match_claim, outcomes_of
from evidence.claims import KetamineForm, assess
from evidence.grading import grade_condition
from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import ConditionEvidence, ReviewContext, build_review_context, review_text

from .grading_helpers import SLUG, outcome, question, questioned_base, rct, rr
from .test_grade_output import LONG_TITLE, evidence
from .test_review import GRADES, REVIEW_DATA
from .test_review_output import PAIN


def test_the_graded_benefit_outcomes_of_each_question_with_what_a_claim_is_matched_on():
    # the base of test_grade_output: an ungraded outcome (relapse) and a harm (dissociation) are left out
    found = [dataclasses.asdict(o) for o in outcomes_of(grade_condition(evidence(), SLUG))]
    same = {"form": "racemic", "routes": ("iv",), "intervention": "IV ketamine", "outcome_id": "response"}
    same |= {
        "outcome": "Response",
        "timepoint": "24 hours",
        "time": "short",
        "critical": True,
        "indirect": False,
    }
    assert found == [
        {
            **same,
            "question_id": "main",
            "question_title": "Ketamine vs active treatment",
            "primary": True,
            "comparator": "active treatment",
            "comparator_class": "active_treatment",
            "certainty": Grade.MODERATE,
            "direction": "favours_ketamine",
            "n_studies": 2,
            "n_participants": 2000,
            "response_rate": 0.4,  # the higher of the two trials' ketamine-arm rates, 200/500 and 190/500
            "headline": True,
        },
        {
            **same,
            "question_id": "placebo",
            "question_title": LONG_TITLE,
            "primary": False,
            "comparator": "inert placebo",
            "comparator_class": "inert_placebo",
            "certainty": Grade.VERY_LOW,
            "direction": "no_clear_difference",
            "n_studies": 1,
            "n_participants": 40,
            "response_rate": None,  # the trial reports no events
            "headline": False,
        },
    ]


def test_ungraded_and_harm_outcomes_listed_first_do_not_hide_the_benefit_outcomes_after_them():
    q = question(
        rr("a", 2.0, 1.6, 2.5, n=1000),
        rr("a", 3.0, 2.0, 4.5, n=1000, oid="dissociation"),
        outcomes=(
            outcome("relapse", critical=False),  # no finding: not graded
            outcome("dissociation", harm=True, favours="lower", critical=False),
            outcome("response"),
        ),
    )
    found = outcomes_of(grade_condition(questioned_base(rct("a", 1000), questions=(q,)), SLUG))
    assert [o.outcome_id for o in found] == ["response"]


def test_a_condition_graded_on_its_own_trials_is_direct_evidence_when_its_headline_is_a_harm(tmp_path):
    # the primary question's only graded critical outcome is a harm, so no benefit outcome is left to match:
    # the condition's grade still rests on trials in its own population
    q = question(
        rr("a", 3.0, 2.0, 4.5, n=1000, oid="dissociation"),
        outcomes=(outcome("response"), outcome("dissociation", harm=True, favours="lower")),
    )
    base = replace(questioned_base(rct("a", 1000), questions=(q,)), data_dir=tmp_path)
    context = build_review_context(base, {}, [grade_condition(base, SLUG)])
    (claim,) = review_text("Ketamine may help test condition.", context).claims
    assert claim.reasons[-1] == (
        "Test condition: evidence grade moderate, direct evidence points to no clear benefit: the graded evidence"
        " does not show benefit, so a claim of benefit is unsupported"
    )


def test_anything_without_questions_has_no_outcomes():
    assert outcomes_of(object()) == ()


PAIN_1_WEEK = "'Ketamine vs placebo', outcome 'Pain intensity, 1 week'"


@pytest.mark.parametrize(
    ("sentence", "verdict", "reason"),
    [
        (
            "Ketamine helps fibromyalgia.",
            "supported",
            "the claim names no form, route or time point, so it is judged on the condition's headline: "
            f"{PAIN_1_WEEK} (high certainty, favours ketamine): asserting moderate is within the evidence",
        ),
        (
            "Esketamine nasal spray helps fibromyalgia.",
            "overstated",
            "matched on esketamine, route intranasal: 'Ketamine vs placebo', outcome 'Response, 1 week' (low certainty,"
            " favours ketamine): the sentence asserts moderate, stronger than the evidence",
        ),
        (
            "Oral ketamine helps fibromyalgia.",
            "unsupported",
            "the claim names route oral, and no graded question of this condition tests it",
        ),
        (
            "Ketamine gives lasting relief of fibromyalgia.",
            "overstated",
            "the claim speaks of lasting benefit ('lasting'), and no graded outcome is at that time point (the latest"
            " is Pain intensity, 1 week); the benefit shown is only at earlier time points",
        ),
        (
            "IV ketamine relieves fibromyalgia within hours.",
            "supported",
            f"matched on route iv, time 'within hours': {PAIN_1_WEEK} (high certainty, favours ketamine): asserting"
            " moderate is within the evidence",
        ),
    ],
)
def test_a_claim_is_judged_on_the_outcome_its_form_route_and_time_point_pick(sentence, verdict, reason):
    base = load_evidence(REVIEW_DATA).base
    evidence = {s: ConditionEvidence(s, base.condition(s).name, g, d) for s, (g, d) in GRADES.items()}
    spray = replace(
        PAIN, question_id="spray", form="esketamine", routes=("intranasal",), intervention="intranasal esketamine",
        headline=False, primary=False, outcome="Response", outcome_id="response", certainty=Grade.LOW,
    )  # fmt: skip
    evidence["fibromyalgia"] = ConditionEvidence(
        "fibromyalgia", "Fibromyalgia", Grade.HIGH, "benefit", True, (PAIN, spray)
    )
    (claim,) = review_text(sentence, ReviewContext(base, evidence)).claims
    assert claim.verdict.value == verdict
    assert f"Fibromyalgia: {reason}" in claim.reasons


def test_the_match_stage_with_no_graded_outcome_says_so():
    assert match_claim(assess("Ketamine helps fibromyalgia."), frozenset(), ()) == Match(
        None, "no graded benefit outcome is curated for this condition"
    )


def test_a_match_on_route_keeps_the_most_certain_outcome_and_every_one_favouring_ketamine():
    response = replace(PAIN, outcome_id="response", outcome="Response", headline=False, certainty=Grade.LOW)
    spray = replace(PAIN, question_id="spray", form="esketamine", routes=("intranasal",), headline=False)
    match = match_claim(
        assess("IV ketamine relieves fibromyalgia."),
        frozenset({KetamineForm.RACEMIC}),
        (response, spray, PAIN),
    )
    assert match == Match(
        PAIN,
        "matched on route iv: 'Ketamine vs placebo', outcome 'Pain intensity, 1 week'",
        favouring=(response, PAIN),
    )
