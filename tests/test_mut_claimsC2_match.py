"""The match stage of claim review (evidence/claim_match.py): which graded outcome a claim is judged on,
and the sentence that says why, for each thing a claim can name or leave out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.claim_match import Match, match_claim, time_class
from evidence.claims import KetamineForm, assess
from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import ConditionEvidence, ReviewContext, Verdict, review_text

from .test_review import GRADES, REVIEW_DATA
from .test_review_output import PAIN

RACEMIC = frozenset({KetamineForm.RACEMIC})
# an esketamine nasal-spray question beside the IV ketamine headline (PAIN)
SPRAY = replace(
    PAIN, question_id="spray", question_title="Esketamine spray vs placebo", form="esketamine",
    routes=("intranasal",), intervention="intranasal esketamine", headline=False, primary=False,
    outcome="Response", outcome_id="response", certainty=Grade.LOW,
)  # fmt: skip
WEEK_4 = replace(PAIN, outcome_id="pain-4", timepoint="week 4", time="medium", headline=False)
MONTH_6 = replace(
    PAIN, outcome_id="relapse", outcome="Relapse", timepoint="month 6", time="long", headline=False
)


def match(sentence: str, *outcomes, forms=RACEMIC) -> Match:
    return match_claim(assess(sentence), forms, outcomes)


def reviewed(sentence: str, *outcomes):
    """The one claim of ``sentence`` reviewed with fibromyalgia's graded outcomes set to ``outcomes``."""
    base = load_evidence(REVIEW_DATA).base
    evidence = {s: ConditionEvidence(s, base.condition(s).name, g, d) for s, (g, d) in GRADES.items()}
    evidence["fibromyalgia"] = ConditionEvidence(
        "fibromyalgia", "Fibromyalgia", Grade.HIGH, "benefit", True, outcomes
    )
    (claim,) = review_text(sentence, ReviewContext(base, evidence)).claims
    return claim


def test_a_claim_about_esketamine_on_a_route_no_question_tests_says_both_and_matches_nothing():
    assert match(
        "Esketamine tablets relieve fibromyalgia.", PAIN, SPRAY, forms=frozenset({KetamineForm.ESKETAMINE})
    ) == Match(
        None,
        "the claim names esketamine and route oral, and no graded question of this condition tests it",
        mismatch="route",
    )


def test_a_claim_naming_two_routes_is_matched_on_the_questions_of_either():
    assert match("IV or nasal ketamine relieves fibromyalgia.", PAIN, SPRAY) == Match(
        PAIN,
        "matched on route intranasal/iv: 'Ketamine vs placebo', outcome 'Pain intensity, 1 week'",
        favouring=(PAIN, SPRAY),
    )


def test_a_claim_of_lasting_benefit_is_judged_on_the_long_term_outcome():
    assert match("Ketamine gives lasting relief of fibromyalgia.", PAIN, MONTH_6) == Match(
        MONTH_6,
        "matched on time 'lasting': 'Ketamine vs placebo', outcome 'Relapse, month 6'",
        favouring=(MONTH_6,),
    )


def test_a_claim_of_rapid_benefit_with_only_later_outcomes_names_the_latest_and_matches_nothing():
    assert match("Ketamine relieves fibromyalgia within hours.", WEEK_4, MONTH_6) == Match(
        None,
        "the claim speaks of rapid benefit ('within hours'), and no graded outcome is at that time point"
        " (the latest is Relapse, month 6)",
        mismatch="time",
        favouring=(WEEK_4, MONTH_6),
    )


def test_a_claim_naming_nothing_when_no_headline_is_graded_is_matched_on_the_condition():
    # the headline outcome is a harm, so no benefit outcome carries the headline
    low = replace(WEEK_4, certainty=Grade.LOW)
    assert match("Ketamine relieves fibromyalgia.", low, WEEK_4) == Match(
        WEEK_4,
        "matched on the condition: 'Ketamine vs placebo', outcome 'Pain intensity, week 4'",
        favouring=(low, WEEK_4),
    )


HEADLINE_NO_DIFFERENCE = replace(PAIN, direction="no_clear_difference")


def test_a_claim_naming_nothing_is_judged_on_the_headline_and_keeps_every_outcome_favouring_ketamine():
    assert match("Ketamine relieves fibromyalgia.", HEADLINE_NO_DIFFERENCE, SPRAY) == Match(
        HEADLINE_NO_DIFFERENCE,
        "the claim names no form, route or time point, so it is judged on the condition's headline: "
        "'Ketamine vs placebo', outcome 'Pain intensity, 1 week'",
        favouring=(SPRAY,),
    )


@pytest.mark.parametrize(
    ("sentence", "verdict", "reason"),
    [
        (
            "Ketamine may help some people with fibromyalgia.",
            Verdict.SUPPORTED,
            "; another outcome favours ketamine: 'Esketamine spray vs placebo', outcome 'Response, 1 week' (low):"
            " asserting low is within the evidence",
        ),
        (
            "Ketamine relieves fibromyalgia.",
            Verdict.UNSUPPORTED,
            ": the graded evidence does not show benefit, so a claim of benefit is unsupported",
        ),
    ],
)
def test_a_hedged_claim_passes_on_another_outcome_favouring_ketamine_when_the_headline_does_not(
    sentence, verdict, reason
):
    claim = reviewed(sentence, HEADLINE_NO_DIFFERENCE, SPRAY)
    assert claim.verdict is verdict
    assert claim.reasons[-1] == (
        "Fibromyalgia: the claim names no form, route or time point, so it is judged on the condition's headline:"
        " 'Ketamine vs placebo', outcome 'Pain intensity, 1 week' (high certainty, no clear difference)"
        + reason
    )


def test_a_claim_about_arketamine_is_not_judged_on_trials_of_other_forms():
    assert match(
        "Arketamine relieves fibromyalgia.", PAIN, SPRAY, forms=frozenset({KetamineForm.ARKETAMINE})
    ) == Match(
        None,
        "the claim names arketamine, and no graded question of this condition tests it",
        mismatch="route",
    )
    arketamine = replace(PAIN, question_id="ark", form="arketamine", headline=False, certainty=Grade.VERY_LOW)
    assert match(
        "Arketamine relieves fibromyalgia.", PAIN, arketamine, forms=frozenset({KetamineForm.ARKETAMINE})
    ) == Match(
        arketamine,
        "matched on arketamine: 'Ketamine vs placebo', outcome 'Pain intensity, 1 week'",
        favouring=(arketamine,),
    )
    enantiomers = frozenset({KetamineForm.ARKETAMINE, KetamineForm.ESKETAMINE})
    assert match("Arketamine and esketamine relieve fibromyalgia.", PAIN, SPRAY, forms=enantiomers) == Match(
        SPRAY,
        "matched on arketamine or esketamine: 'Esketamine spray vs placebo', outcome 'Response, 1 week'",
        favouring=(SPRAY,),
    )


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Arketamine relieves fibromyalgia.", "the claim names arketamine"),
        ("Arketamine nasal spray relieves fibromyalgia.", "the claim names arketamine and route intranasal"),
    ],
)
def test_the_review_of_an_arketamine_claim_says_no_graded_question_tests_it(sentence, reason):
    # before, the first passed on the IV ketamine headline and the second on the esketamine spray trials
    claim = reviewed(sentence, PAIN, SPRAY)
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.reasons[-1] == f"Fibromyalgia: {reason}, and no graded question of this condition tests it"


# -- which of the matching outcomes a claim of benefit is judged on --------------------------------------------

ACTIVE = replace(PAIN, comparator="ECT", comparator_class="active_treatment", headline=False)
PLAIN = replace(PAIN, headline=False)


@pytest.mark.parametrize(
    ("first", "second", "rule"),
    [
        (ACTIVE, replace(PLAIN, certainty=Grade.VERY_LOW), "an inert placebo comparison, however uncertain"),
        (
            ACTIVE,
            replace(PLAIN, comparator_class="active_placebo", certainty=Grade.LOW),
            "an active placebo too",
        ),
        (
            replace(PLAIN, certainty=Grade.LOW),
            replace(PLAIN, certainty=Grade.MODERATE, critical=False),
            "certainty",
        ),
        (replace(PLAIN, critical=False), replace(PLAIN, primary=False), "then a critical outcome"),
        (
            replace(PLAIN, primary=False, n_participants=5000),
            replace(PLAIN, n_participants=40),
            "then the primary",
        ),
        (replace(PLAIN, n_participants=40), replace(PLAIN, n_participants=41), "then the larger"),
        (
            replace(PLAIN, n_participants=None),
            replace(PLAIN, n_participants=1),
            "a size not reported counts as none",
        ),
    ],
)
def test_among_outcomes_favouring_ketamine_the_claim_is_judged_on_the_placebo_controlled_most_certain(
    first, second, rule
):
    assert match("IV ketamine relieves fibromyalgia.", first, second).outcome is second, rule
    assert match("IV ketamine relieves fibromyalgia.", second, first).outcome is second, rule


def test_an_outcome_favouring_ketamine_is_preferred_and_without_one_the_best_of_the_rest():
    no_difference = replace(PLAIN, certainty=Grade.HIGH, direction="no_clear_difference")
    favouring = replace(PLAIN, certainty=Grade.VERY_LOW)
    assert match("IV ketamine relieves fibromyalgia.", no_difference, favouring).outcome is favouring
    worse = replace(no_difference, certainty=Grade.LOW)
    assert match("IV ketamine relieves fibromyalgia.", worse, no_difference) == Match(
        no_difference, "matched on route iv: 'Ketamine vs placebo', outcome 'Pain intensity, 1 week'"
    )


# -- the time class of a curated time point: what "within hours" and "lasting" are matched against --------------


@pytest.mark.parametrize(
    ("timepoint", "time"),
    [
        ("40 minutes after one infusion", "short"),
        ("24 hours after one infusion", "short"),
        ("first 48 hours after surgery", "short"),
        ("day 3, after two infusions at baseline and 24 hours", "short"),
        ("end of the first week, just after the infusion", "medium"),
        ("21 days after the infusion", "medium"),
        ("end of the 3-week treatment phase", "medium"),
        ("week 8", "medium"),
        ("week 12", "long"),
        ("over the 12-week follow-up", "long"),
        ("6-month follow-up", "long"),
        ("maintenance phase after 16 weeks of open esketamine (variable follow-up, time to relapse)", "long"),
    ],
)
def test_a_curated_time_point_is_short_up_to_three_days_and_long_from_twelve_weeks(timepoint, time):
    # time points as the shipped questions word them
    assert time_class(timepoint) == time
