"""What claim review reads of a condition's grades to match a claim to a question and an outcome
(evidence/claim_match.py)."""

from __future__ import annotations

import dataclasses

from evidence.claim_match import outcomes_of
from evidence.grading import grade_condition
from evidence.models import Grade

from .grading_helpers import SLUG
from .test_grade_output import LONG_TITLE, evidence


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


def test_anything_without_questions_has_no_outcomes():
    assert outcomes_of(object()) == ()
