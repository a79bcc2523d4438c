"""How claim review judges a claim: against the best evidence for any condition when it names none, against
the regulatory facts or sources when it claims an approval, against a condition's graded outcome and the
response rates of its trials, and which verdict and grade a claim over several conditions shows.

The grades are fixed as in tests/test_review.py on its small invented base, so these pin the review's
rules, not the grading rules.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import ConditionEvidence, ReviewContext, Verdict, review_text

from .test_review import REVIEW_DATA, graded_context
from .test_review_output import PAIN
from .test_review_reasons import with_fibromyalgia_outcomes


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


def with_grades(**grades: tuple[Grade, str | None]) -> ReviewContext:
    """The small test base with only the given conditions graded (slug with '_' for '-')."""
    context = graded_context()
    evidence = {}
    for key, (grade, direction) in grades.items():
        slug = key.replace("_", "-")
        evidence[slug] = ConditionEvidence(slug, context.base.condition(slug).name, grade, direction)
    return ReviewContext(context.base, evidence)


# -- a claim that names no condition ---------------------------------------------------------------------


def test_a_claim_naming_no_condition_is_held_to_the_best_graded_benefit_not_to_better_evidence_of_none():
    # chronic pain's high grade is of no clear benefit: the best evidence of benefit is fibromyalgia's low
    context = with_grades(chronic_pain=(Grade.HIGH, "no_clear_benefit"), fibromyalgia=(Grade.LOW, "benefit"))
    (claim,) = review_text("Ketamine works wonders.", context).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1] == (
        "names no condition: the strongest evidence for any condition is low (Fibromyalgia), below the moderate"
        " the sentence asserts"
    )


def test_a_claim_naming_no_condition_asserting_just_what_the_best_evidence_shows_is_within_it():
    context = with_grades(fibromyalgia=(Grade.MODERATE, "benefit"))
    (claim,) = review_text("Ketamine works wonders.", context).claims
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[-1] == "names no condition; within the moderate certainty of the best evidence"


TEST_FACTS = """facts:
  - id: test-anaesthetic-approval
    agency: Test Agency
    kind: approved
    product: Testalar (ketamine hydrochloride injection)
    form: racemic
    routes: [iv, im]
    use: anaesthesia
    indication: A general anaesthetic for short procedures.
    year: 1970
    read_on: https://example.org/test/label
"""


@pytest.fixture(scope="module")
def with_facts(tmp_path_factory) -> ReviewContext:
    """The small test base with one regulatory fact: racemic ketamine approved as an anaesthetic."""
    data = tmp_path_factory.mktemp("facts") / "review_data"
    shutil.copytree(REVIEW_DATA, data)
    (data / "regulatory.yaml").write_text(TEST_FACTS)
    loaded = load_evidence(data)
    assert loaded.problems == ()
    return ReviewContext(loaded.base, graded_context().evidence)


@pytest.mark.parametrize(
    ("sentence", "verdict", "reason"),
    [
        (
            "Ketamine is FDA-approved.",
            Verdict.SUPPORTED,
            "regulatory: an approval of this form is on record (Test Agency 1970: IV or intramuscular ketamine"
            " (Testalar) for anaesthesia); the sentence does not say for what",
        ),
        (
            "Esketamine is FDA-approved.",
            Verdict.OVERSTATED,
            "regulatory: an approval claimed without saying for what",
        ),
        (
            "Arketamine is FDA-approved.",
            Verdict.OVERSTATED,
            "regulatory: an approval claimed without saying for what",
        ),
    ],
)
def test_an_approval_claimed_for_nothing_named_stands_only_for_a_form_with_an_approval_on_record(
    with_facts, sentence, verdict, reason
):
    (claim,) = review_text(sentence, with_facts).claims
    assert (claim.verdict, claim.reasons[-1]) == (verdict, reason)


ANAESTHESIA_CONDITION = """
  - slug: anaesthesia
    name: Anaesthesia
    category: other
    synonyms: [general anaesthesia]
    description: Ketamine as an anaesthetic.
    pubmed_query: ketamine AND anaesthesia
"""
ANAESTHETIC_LABEL = """
  - id: test-anaesthetic-label
    url: https://example.org/test/anaesthetic-label
    title: "Testalar (ketamine hydrochloride injection) label (test source)"
    first_author: Anaesthetic Regulator
    year: 1970
    journal: Anaesthetic Regulator
    design: regulatory
    conditions: [anaesthesia]
    ketamine_form: racemic
    positions:
      - condition: anaesthesia
        stance: approved
        statement: Ketamine injection approved as a general anaesthetic.
    source_url: https://example.org/test/anaesthetic-label
"""


def test_without_facts_an_anaesthetic_approval_is_on_record_when_a_regulator_approves_it_for_anaesthesia(
    tmp_path,
):
    data = tmp_path / "review_data"
    shutil.copytree(REVIEW_DATA, data)
    (data / "conditions.yaml").write_text((data / "conditions.yaml").read_text() + ANAESTHESIA_CONDITION)
    citations = data / "citations" / "review-tests.yaml"
    citations.write_text(citations.read_text() + ANAESTHETIC_LABEL)
    loaded = load_evidence(data)
    assert (loaded.problems, loaded.base.regulatory) == ((), ())
    context = ReviewContext(loaded.base, graded_context().evidence)
    # "an anaesthetic" is not the condition's name: the claim names none, and is read as an anaesthetic approval
    (claim,) = review_text("Ketamine is approved as an anaesthetic.", context).claims
    assert (claim.conditions, claim.verdict) == ((), Verdict.SUPPORTED)
    assert claim.reasons[-1] == "regulatory: the approval is on record (Anaesthetic Regulator 1970)"


# -- a claim about one condition -------------------------------------------------------------------------


def test_a_denial_about_a_condition_the_base_holds_nothing_on_asserts_nothing_to_compare(context):
    (claim,) = review_text("Ketamine does not cure Lyme disease.", context).claims
    assert (claim.verdict, claim.conditions) == (Verdict.SUPPORTED, ("uncurated:lyme disease",))
    assert claim.reasons[-1] == "lyme disease: nothing asserted to compare"


def test_a_cited_sentence_naming_a_condition_the_base_holds_nothing_on_checks_the_citation(context):
    (claim,) = review_text("Lyme disease (PMID 22222222).", context).claims
    assert (claim.verdict, claim.conditions) == (Verdict.SUPPORTED, ("uncurated:lyme disease",))
    assert claim.reasons[-1] == "lyme disease: nothing asserted to compare"


def test_an_outcome_graded_without_a_direction_says_so_and_shows_no_benefit():
    context = with_fibromyalgia_outcomes(replace(PAIN, direction=None))
    (claim,) = review_text("Ketamine relieves fibromyalgia.", context).claims
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.reasons[-1] == (
        "Fibromyalgia: the claim names no form, route or time point, so it is judged on the condition's headline:"
        " 'Ketamine vs placebo', outcome 'Pain intensity, 1 week' (high certainty, no direction): the graded"
        " evidence does not show benefit, so a claim of benefit is unsupported"
    )


@pytest.mark.parametrize(
    ("best_arm", "claimed", "verdict"),
    [
        (0.5, "55%", Verdict.SUPPORTED),
        (0.5, "56%", Verdict.OVERSTATED),
        (0.12, "17%", Verdict.SUPPORTED),
        (0.12, "18%", Verdict.OVERSTATED),
        # the reason would show the arm as 74%: 79% is five points above it
        (0.736, "79%", Verdict.SUPPORTED),
        (0.736, "80%", Verdict.OVERSTATED),
        (0.6, "65%", Verdict.SUPPORTED),
        (0.6, "66%", Verdict.OVERSTATED),
        (0.5, "4 out of 5", Verdict.OVERSTATED),
        (0.75, "4 out of 5", Verdict.SUPPORTED),
    ],
)
def test_a_claimed_response_rate_up_to_five_points_above_the_best_trial_arm_as_shown_passes_at_any_rate(
    best_arm, claimed, verdict
):
    context = with_fibromyalgia_outcomes(replace(PAIN, response_rate=best_arm))
    (claim,) = review_text(f"Ketamine helps {claimed} of patients with fibromyalgia.", context).claims
    assert claim.verdict is verdict


# -- the verdict and grade of a claim over several conditions ----------------------------------------------


def test_the_grade_shown_is_that_of_the_condition_that_decided_the_verdict(context):
    # chronic pain (moderate, no clear benefit) makes it unsupported; fibromyalgia's low grade only overstated
    (claim,) = review_text("Ketamine relieves chronic pain and fibromyalgia.", context).claims
    assert (claim.verdict, claim.evidence_grade) == (Verdict.UNSUPPORTED, Grade.MODERATE)


def test_of_conditions_with_the_same_verdict_the_weakest_grade_is_shown(context):
    (claim,) = review_text("Ketamine cures depression and fibromyalgia.", context).claims
    assert (claim.verdict, claim.evidence_grade) == (Verdict.OVERSTATED, Grade.LOW)


def test_a_citation_problem_shows_the_grade_of_the_condition_the_claim_names(context):
    (claim,) = review_text("Ketamine relieves fibromyalgia (PMID 99999999).", context).claims
    assert (claim.verdict, claim.evidence_grade) == (Verdict.CITATION_PROBLEM, Grade.LOW)
