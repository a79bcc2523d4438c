"""Risk of bias, GRADE handbook 5.2.1 and Cochrane Handbook 5.1 table 12.2.d (evidence/grading/risk_of_bias.py)."""

from __future__ import annotations

from evidence.grading.adjustment import Adjustment
from evidence.models import Blinding, Design

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr, source


def rob(q, *sources):
    return domain(grade_one(q, *sources), "risk_of_bias")


def test_inert_placebo_in_awake_patients_with_a_subjective_outcome_is_functional_unblinding():
    # 5.2.1: lack of effective blinding with a subjective outcome is a crucial limitation
    judged = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="inert_placebo"), rct("a"))
    assert judged.effect == -1
    assert "dissociation unblinds" in judged.reason


def test_under_general_anaesthesia_an_inert_placebo_keeps_the_blind():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="inert_placebo")
    assert rob(q, rct("a", design_features=("under_anaesthesia",))).effect == 0


def test_an_objective_outcome_is_not_at_risk_from_unblinding():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="inert_placebo", outcomes=(outcome(subjective=False),))
    assert rob(q, rct("a")).effect == 0


def test_an_active_placebo_only_partly_mitigates_and_is_some_concerns():
    # table 12.2.d: potential limitations likely to lower confidence: rate down one level
    judged = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="active_placebo"), rct("a"))
    assert judged.effect == -1
    assert "some concerns" in judged.reason


def test_a_blinded_comparison_with_another_treatment_is_low_risk():
    judged = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment"), rct("a"))
    assert judged.effect == 0


def test_open_label_and_stopped_early_is_very_serious():
    # table 12.2.d: crucial limitations for more than one criterion: rate down two levels
    trial = rct("a", blinding=Blinding.OPEN_LABEL, design_features=("early_stopping",))
    judged = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment"), trial)
    assert judged.effect == -2
    assert "stopped early" in judged.reason and "open-label" in judged.reason


def test_half_the_weight_at_high_risk_is_not_yet_most_of_it():
    # the threshold is "more than half": 125 of 250 participants at high risk does not rate down
    q = question(rr("a", 2.0, 1.5, 2.7, n=125), rr("b", 2.0, 1.5, 2.7, n=125), comparator="active_treatment")
    judged = rob(q, rct("a", 125, blinding=Blinding.OPEN_LABEL), rct("b", 125))
    assert judged.effect == 0
    # the reason says exactly how much is at low risk: half, not "most"
    assert judged.reason.startswith("Not serious: 50% of the weight is at low risk of bias (1 study: ")


def test_just_over_half_the_weight_at_high_risk_rates_down():
    q = question(rr("a", 2.0, 1.5, 2.7, n=126), rr("b", 2.0, 1.5, 2.7, n=124), comparator="active_treatment")
    judged = rob(q, rct("a", 126, blinding=Blinding.OPEN_LABEL), rct("b", 124))
    assert judged.effect == -1
    assert judged.sources == ("a",)
    # 126 of 250 is 50.4%: shown so, since "50%" beside a rating down would read as exactly half
    assert judged.reason.startswith("Serious: 50.4% of the weight is at high risk of bias (")


def test_unrecorded_blinding_counts_as_not_shown_blinded():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment")
    assert rob(q, rct("a", blinding=None)).effect == -1


def test_a_reviews_own_judgement_is_used_when_worse_than_ours():
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="high"), comparator="active_treatment")
    judged = rob(q, rct("a"))
    assert judged.effect == -1
    assert "the review judged it at high risk" in judged.reason


def test_a_review_with_no_risk_of_bias_recorded_is_rated_down_when_in_doubt():
    review = source(
        "r", Design.META_ANALYSIS, title="Ketamine: a meta-analysis of randomised controlled trials"
    )
    q = question(rr("r", 2.0, 1.5, 2.7, studies=4, participants=500), comparator="active_treatment")
    judged = rob(q, review)
    assert judged.effect == -1
    assert "no risk-of-bias judgement recorded" in judged.reason


def test_significance_only_findings_are_judged_like_any_other():
    q = question(finding("a", significant=True, n_ketamine=50, n_control=50), comparator="inert_placebo")
    assert rob(q, rct("a", 100)).effect == -1


RULE = "GRADE handbook 5.2.1 (study limitations); Cochrane Handbook 5.1, table 12.2.d"


def test_each_rating_down_names_its_share_its_studies_and_their_reasons():
    some = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="active_placebo"), rct("a"))
    assert some == Adjustment(
        "risk_of_bias",
        -1,
        "Serious: 100% of the weight has at least some concerns (Tester 2020: active placebo only partly masks "
        "dissociation); when in doubt GRADE rates down.",
        ("a",),
        RULE,
    )
    q = question(rr("a", 2.0, 1.5, 2.7, n=150), rr("b", 2.0, 1.5, 2.7, n=100), comparator="active_treatment")
    high = rob(q, rct("a", 150, blinding=Blinding.OPEN_LABEL, year=2018), rct("b", 100, year=2019))
    assert high == Adjustment(
        "risk_of_bias",
        -1,
        "Serious: 60% of the weight is at high risk of bias (Tester 2018: open-label with a subjective outcome).",
        ("a",),
        RULE,
    )
    trial = rct("a", blinding=Blinding.OPEN_LABEL, design_features=("early_stopping",))
    very = rob(question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment"), trial)
    assert very == Adjustment(
        "risk_of_bias",
        -2,
        "Very serious: 100% of the weight is at high risk of bias for two or more crucial reasons (Tester 2020: "
        "open-label with a subjective outcome, stopped early).",
        ("a",),
        RULE,
    )


def serious(reasons: str, key: str = "a") -> Adjustment:
    return Adjustment(
        "risk_of_bias",
        -1,
        f"Serious: 100% of the weight is at high risk of bias (Tester 2020: {reasons}).",
        (key,),
        RULE,
    )


def concerns(reasons: str, key: str = "a") -> Adjustment:
    return Adjustment(
        "risk_of_bias",
        -1,
        f"Serious: 100% of the weight has at least some concerns (Tester 2020: {reasons}); "
        "when in doubt GRADE rates down.",
        (key,),
        RULE,
    )


def test_a_comparison_with_another_treatment_whose_blinding_is_not_recorded_says_so():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment")
    assert rob(q, rct("a", blinding=None)) == serious(
        "comparison with another treatment, not shown to be blinded"
    )


def test_an_active_placebo_trial_whose_blinding_is_not_recorded_is_at_high_risk():
    # the active placebo's own concern is kept beside the crucial one
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="active_placebo")
    assert rob(q, rct("a", blinding=None)) == serious(
        "blinding not recorded, active placebo only partly masks dissociation"
    )


def test_responder_enrichment_randomised_withdrawal_and_carry_over_are_some_concerns_each_named():
    trial = rct("a", design_features=("enriched_responders", "randomised_withdrawal", "crossover_carry_over"))
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment")
    assert rob(q, trial) == concerns(
        "enrolled only earlier responders, randomised withdrawal of responders, crossover with possible carry-over"
    )


def test_high_attrition_alone_is_a_crucial_limitation():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="active_treatment")
    assert rob(q, rct("a", design_features=("high_attrition",))) == serious("high attrition")


def test_a_reviews_judgement_worse_than_ours_sets_the_level_and_is_named():
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="high"), comparator="active_treatment")
    assert rob(q, rct("a")) == serious("the review judged it at high risk of bias")
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="some_concerns"), comparator="active_treatment")
    assert rob(q, rct("a")) == concerns("the review judged it at some concerns")
