"""Risk of bias, indirectness and rating up: the exact judgement and reason a clinician reads for each rule."""

from __future__ import annotations

from evidence.grading.adjustment import Adjustment
from evidence.grading.body import Estimate
from evidence.grading.upgrades import assess_upgrades
from evidence.models import Blinding, Design, EffectMeasure

from .grading_helpers import RELATED, SLUG, domain, grade_one, outcome, question, rct, rr, source

ROB = "GRADE handbook 5.2.1 (study limitations); Cochrane Handbook 5.1, table 12.2.d"
INDIRECTNESS = "GRADE handbook 5.2.3 (indirectness of evidence)"
UPGRADES = "GRADE handbook 5.3 (factors that can increase the quality of evidence)"
RELATED_TRIAL = "curated as evidence for a related condition, not this one"
OBJECTIVE = (outcome(subjective=False),)


def rob(q, *sources) -> Adjustment:
    return domain(grade_one(q, *sources), "risk_of_bias")


def indirectness(q, *sources) -> Adjustment:
    return domain(grade_one(q, *sources), "indirectness")


def high(reasons: str, key: str = "a", effect: int = -1) -> Adjustment:
    """The rating down of one study at high risk of bias, published in 2020."""
    lead = "Very serious" if effect == -2 else "Serious"
    crucial = " for two or more crucial reasons" if effect == -2 else ""
    return Adjustment(
        "risk_of_bias",
        effect,
        f"{lead}: 100% of the weight is at high risk of bias{crucial} (Tester 2020: {reasons}).",
        (key,),
        ROB,
    )


def concerns(reasons: str, key: str = "r") -> Adjustment:
    return Adjustment(
        "risk_of_bias",
        -1,
        f"Serious: 100% of the weight has at least some concerns (Tester 2020: {reasons}); "
        "when in doubt GRADE rates down.",
        (key,),
        ROB,
    )


# -- risk of bias: a single arm ---------------------------------------------------------------------------


def single_arm(**kwargs):
    return source("a", Design.CASE_SERIES, participants=40, **kwargs)


def test_a_single_arm_study_with_a_subjective_outcome_has_one_crucial_limitation_no_control_group():
    """Named once and counted once: one crucial reason rates down one level, not two."""
    q = question(rr("a", 2.0, 1.5, 2.7, n=40), comparator="no_control")
    assert rob(q, single_arm()) == high("no control group")


def test_a_single_arm_study_with_an_objective_outcome_still_has_no_control_group():
    """Blinding does not matter for an objective outcome, but without a control nothing is compared."""
    q = question(rr("a", 2.0, 1.5, 2.7, n=40), comparator="no_control", outcomes=OBJECTIVE)
    assert rob(q, single_arm()) == high("no control group")


def test_an_open_label_single_arm_study_has_two_crucial_limitations():
    q = question(rr("a", 2.0, 1.5, 2.7, n=40), comparator="no_control")
    assert rob(q, single_arm(blinding=Blinding.OPEN_LABEL)) == high(
        "open-label with a subjective outcome, no control group", effect=-2
    )


# -- risk of bias: blinding against each comparator --------------------------------------------------------


def test_a_double_blind_comparison_with_usual_care_is_at_low_risk():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="usual_care")
    assert rob(q, rct("a")) == Adjustment(
        "risk_of_bias",
        0,
        "Not serious: 100% of the weight is at low risk of bias (1 study: Tester 2020).",
        (),
        ROB,
    )


def test_a_comparison_with_usual_care_whose_blinding_is_not_recorded_gives_that_one_reason():
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="usual_care")
    assert rob(q, rct("a", blinding=None)) == high(
        "comparison with another treatment, not shown to be blinded"
    )


def test_an_inert_placebo_trial_whose_blinding_is_not_recorded_is_named_for_unblinding_only():
    """Even a recorded double blind is broken by dissociation, so a missing record adds nothing."""
    q = question(rr("a", 2.0, 1.5, 2.7), comparator="inert_placebo")
    assert rob(q, rct("a", blinding=None)) == high(
        "inert placebo in awake patients: dissociation unblinds patients and raters"
    )


# -- risk of bias: reviews ----------------------------------------------------------------------------------


def review(**kwargs):
    return source(
        "r", Design.META_ANALYSIS, title="Ketamine: a meta-analysis of randomised controlled trials", **kwargs
    )


def pooled(**fields):
    return rr("r", 2.0, 1.5, 2.7, studies=4, participants=500, **fields)


def test_a_review_pooling_inert_placebo_trials_in_awake_patients_is_at_high_risk_for_functional_unblinding():
    q = question(pooled(), comparator="inert_placebo")
    assert rob(q, review()) == high(
        "pools trials against an inert placebo in awake patients (functional unblinding)", key="r"
    )


def test_a_review_pooling_active_placebo_trials_has_some_concerns():
    q = question(pooled(), comparator="active_placebo")
    assert rob(q, review()) == concerns(
        "pools trials against an active placebo that only partly masks dissociation"
    )


def test_a_review_pooling_inert_placebo_trials_under_anaesthesia_is_only_in_doubt_for_lack_of_a_judgement():
    """Anaesthesia keeps the blind, so the only reason left is that no risk of bias was recorded."""
    q = question(pooled(), comparator="inert_placebo")
    assert rob(q, review(design_features=("under_anaesthesia",))) == concerns(
        "no risk-of-bias judgement recorded for the pooled trials"
    )


def test_a_review_whose_own_judgement_is_low_is_not_rated_down_for_lack_of_one():
    q = question(pooled(risk_of_bias="low"), comparator="active_treatment")
    assert rob(q, review()) == Adjustment(
        "risk_of_bias",
        0,
        "Not serious: 100% of the weight is at low risk of bias (1 study: Tester 2020).",
        (),
        ROB,
    )


# -- risk of bias: a review's judgement no worse than ours ------------------------------------------------


def test_a_reviews_judgement_equal_to_ours_adds_no_reason_and_no_level():
    """An open-label trial the review also judged at high risk has one crucial reason, not two."""
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="high"), comparator="active_treatment")
    assert rob(q, rct("a", blinding=Blinding.OPEN_LABEL)) == high("open-label with a subjective outcome")


def test_a_trial_we_and_the_review_judge_at_low_risk_is_named_with_no_reason():
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="low"), comparator="active_treatment")
    assert rob(q, rct("a")) == Adjustment(
        "risk_of_bias",
        0,
        "Not serious: 100% of the weight is at low risk of bias (1 study: Tester 2020).",
        (),
        ROB,
    )


def test_a_reviews_milder_judgement_does_not_soften_ours():
    q = question(rr("a", 2.0, 1.5, 2.7, risk_of_bias="some_concerns"), comparator="active_treatment")
    assert rob(q, rct("a", blinding=Blinding.OPEN_LABEL)) == high("open-label with a subjective outcome")


# -- risk of bias across the body ---------------------------------------------------------------------------


def test_a_body_mostly_at_low_risk_names_the_clean_studies_and_every_other_studys_reasons():
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=100), rr("b", 2.0, 1.5, 2.7, n=100), rr("c", 2.0, 1.5, 2.7, n=300),
        comparator="active_treatment",
    )  # fmt: skip
    trials = (
        rct("a", 100, blinding=Blinding.OPEN_LABEL, year=2018),
        rct("b", 100, design_features=("enriched_responders",), year=2019),
        rct("c", 300, year=2021),
    )
    assert rob(q, *trials) == Adjustment(
        "risk_of_bias",
        0,
        "Not serious: 60% of the weight is at low risk of bias (1 study: Tester 2021); "
        "Tester 2018: open-label with a subjective outcome; Tester 2019: enrolled only earlier responders.",
        (),
        ROB,
    )


def test_exactly_half_the_weight_very_seriously_at_risk_is_not_rated_down():
    """ "More than half" is the rule for -2 as for -1: half open-label and stopped early is not serious."""
    q = question(rr("a", 2.0, 1.5, 2.7, n=125), rr("b", 2.0, 1.5, 2.7, n=125), comparator="active_treatment")
    trials = (
        rct("a", 125, blinding=Blinding.OPEN_LABEL, design_features=("early_stopping",), year=2018),
        rct("b", 125, year=2019),
    )
    assert rob(q, *trials) == Adjustment(
        "risk_of_bias",
        0,
        "Not serious: 50% of the weight is at low risk of bias (1 study: Tester 2019); "
        "Tester 2018: open-label with a subjective outcome, stopped early.",
        (),
        ROB,
    )


def test_some_concerns_or_worse_over_half_the_weight_names_every_study_not_at_low_risk_largest_first():
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=100), rr("b", 2.0, 1.5, 2.7, n=200), rr("c", 2.0, 1.5, 2.7, n=100),
        comparator="active_treatment",
    )  # fmt: skip
    trials = (
        rct("a", 100, blinding=Blinding.OPEN_LABEL, year=2018),
        rct("b", 200, design_features=("crossover_carry_over",), year=2019),
        rct("c", 100, year=2021),
    )
    assert rob(q, *trials) == Adjustment(
        "risk_of_bias",
        -1,
        "Serious: 75% of the weight has at least some concerns (Tester 2019: crossover with possible "
        "carry-over; Tester 2018: open-label with a subjective outcome); when in doubt GRADE rates down.",
        ("a", "b"),
        ROB,
    )


def test_a_very_serious_body_lists_only_the_studies_with_two_crucial_limitations():
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=300), rr("b", 2.0, 1.5, 2.7, n=100), rr("c", 2.0, 1.5, 2.7, n=100),
        comparator="active_treatment",
    )  # fmt: skip
    trials = (
        rct("a", 300, blinding=Blinding.SINGLE_BLIND, design_features=("high_attrition",), year=2018),
        rct("b", 100, design_features=("early_stopping",), year=2019),
        rct("c", 100, year=2021),
    )
    assert rob(q, *trials) == Adjustment(
        "risk_of_bias",
        -2,
        "Very serious: 60% of the weight is at high risk of bias for two or more crucial reasons (Tester 2018: "
        "single-blind with a subjective outcome, high attrition; Tester 2019: stopped early).",
        ("a",),
        ROB,
    )


# -- indirectness -------------------------------------------------------------------------------------------


def test_a_partly_indirect_body_names_every_way_each_study_is_indirect():
    """A related condition's trial of a different product is indirect twice over; both are named."""
    q = question(
        rr(
            "a",
            2.0,
            1.5,
            2.7,
            n=100,
            indirect="a ketamine and amitriptyline cream",
            indirect_domain="intervention",
        ),
        rr("b", 2.0, 1.5, 2.7, n=300),
    )
    trials = rct("a", 100, conditions=(RELATED,), indirect=(SLUG,), year=2018), rct("b", 300, year=2019)
    assert indirectness(q, *trials) == Adjustment(
        "indirectness",
        0,
        f"Not serious: only 25% of the weight is indirect (Tester 2018: a ketamine and amitriptyline cream, "
        f"{RELATED_TRIAL}).",
        (),
        INDIRECTNESS,
    )


def test_two_serious_domains_name_each_studys_reason_and_rate_down_every_study_involved():
    # population: a and b, 80% of the weight; intervention: a and c, 60%
    q = question(
        rr(
            "a",
            2.0,
            1.5,
            2.7,
            n=200,
            indirect="a ketamine and amitriptyline cream",
            indirect_domain="intervention",
        ),
        rr("b", 2.0, 1.5, 2.7, n=200, indirect="hazardous drinkers", indirect_domain="population"),
        rr("c", 2.0, 1.5, 2.7, n=100, indirect="a topical gel", indirect_domain="intervention"),
    )
    trials = (
        rct("a", 200, conditions=(RELATED,), indirect=(SLUG,), year=2018),
        rct("b", 200, year=2019),
        rct("c", 100, year=2021),
    )
    assert indirectness(q, *trials) == Adjustment(
        "indirectness",
        -2,
        f"Very serious: indirect population (80% of the weight; Tester 2018: {RELATED_TRIAL}; "
        "Tester 2019: hazardous drinkers) and intervention (60% of the weight; "
        "Tester 2018: a ketamine and amitriptyline cream; Tester 2021: a topical gel).",
        ("a", "b", "c"),
        INDIRECTNESS,
    )


# -- rating up ----------------------------------------------------------------------------------------------

NO_CLEAR_LARGE_EFFECT = Adjustment(
    "upgrades", 0, "Not rated up: no large effect on a ratio scale with a clear interval.", (), UPGRADES
)


def test_the_rating_up_rule_never_rates_up_a_ratio_whose_interval_includes_no_effect_or_is_missing():
    """Handbook 5.3 asks for an interval that excludes no effect; without one the size cannot be judged.

    (grade_outcome asks only after imprecision, which rates such an interval down, but the rule
    is written to stand alone, as a methodologist audits it.)
    """
    crossing = Estimate(EffectMeasure.RR, 3.0, 0.8, 11.0)
    missing = Estimate(EffectMeasure.RR, 3.0, None, None)
    for effect in (crossing, missing, None):
        assert assess_upgrades(False, effect, [], ("c",)) == NO_CLEAR_LARGE_EFFECT
