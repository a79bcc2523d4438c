"""What claim review tells a writer to say instead, and how it describes a claim and its sources.

The suggested wording is the sentence a writer copies into the page, so these pin it word for word for
each way a condition's evidence can stand: its grade, evidence that shows no benefit, benefit shown only
at earlier time points, a brain mechanism, a problem with a cited PMID, an approval. The grades are fixed
as in tests/test_review.py, on the same small invented base, so these test the wording, not the grading.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import ConditionEvidence, ReviewContext, Verdict, review_markdown, review_text

from .test_review import graded_context
from .test_review_output import PAIN, base_with, context_with
from .test_review_reasons import with_fibromyalgia_outcomes


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


def with_fibromyalgia(evidence: ConditionEvidence) -> ReviewContext:
    """The test base, with fibromyalgia's evidence as given (no graded outcomes unless it has them)."""
    context = graded_context()
    return ReviewContext(context.base, {**context.evidence, "fibromyalgia": evidence})


# -- the wording a condition's grade supports -------------------------------------------------------------

WORDING = {
    Grade.HIGH: "High-certainty evidence from randomised trials shows that {drug} improves fibromyalgia for many"
    " patients in the short term; it is not a cure, and the benefit can fade.",
    Grade.MODERATE: "{Drug} probably helps some people with fibromyalgia in the short term, based on randomised"
    " trials of moderate certainty; it is not a cure.",
    Grade.LOW: "{Drug} may help some people with fibromyalgia, but the evidence is of low certainty and the"
    " benefit is uncertain.",
    Grade.VERY_LOW: "It is very uncertain whether {drug} helps fibromyalgia: the evidence comes from small or"
    " uncontrolled studies.",
}


@pytest.mark.parametrize("drug", ["ketamine", "esketamine"])
@pytest.mark.parametrize("grade", list(WORDING))
def test_the_rewording_of_a_claim_says_in_grade_words_how_certain_the_benefit_is(grade, drug):
    """GRADE's informative statements: high 'improves', moderate 'probably', low 'may', very low 'very uncertain'."""
    context = with_fibromyalgia(ConditionEvidence("fibromyalgia", "Fibromyalgia", grade, "benefit"))
    (claim,) = review_text(f"{drug.capitalize()} cures fibromyalgia.", context).claims
    assert claim.suggestion == WORDING[grade].format(drug=drug, Drug=drug.capitalize())


@pytest.mark.parametrize("drug", ["ketamine", "esketamine"])
def test_a_grade_resting_on_related_conditions_only_is_reworded_as_no_direct_evidence(drug):
    related_only = ConditionEvidence("fibromyalgia", "Fibromyalgia", Grade.MODERATE, "benefit", direct=False)
    (claim,) = review_text(f"{drug.capitalize()} cures fibromyalgia.", with_fibromyalgia(related_only)).claims
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.suggestion == (
        f"There is no direct evidence on whether {drug} helps fibromyalgia; any benefit is inferred from other"
        " conditions and is unproven."
    )


@pytest.mark.parametrize(
    ("grade", "direction", "certainty"),
    [(Grade.MODERATE, "no_clear_benefit", "moderate"), (Grade.LOW, "harm", "low")],
)
def test_evidence_that_shows_no_benefit_is_reworded_as_not_a_treatment_with_its_certainty(
    grade, direction, certainty
):
    context = with_fibromyalgia(ConditionEvidence("fibromyalgia", "Fibromyalgia", grade, direction))
    for drug in ("ketamine", "esketamine"):
        (claim,) = review_text(f"{drug.capitalize()} relieves fibromyalgia.", context).claims
        assert claim.verdict is Verdict.UNSUPPORTED
        assert claim.suggestion == (
            f"Studies of {drug} for fibromyalgia have not shown a clear benefit ({certainty} certainty); {drug}"
            " should not be presented as a treatment for it."
        )


def test_the_shipped_style_grades_give_the_rewording_of_their_own_condition(context):
    """Chronic pain is graded moderate with no clear benefit; social anxiety very low with benefit."""
    (pain,) = review_text("Ketamine relieves chronic pain.", context).claims
    assert pain.suggestion == (
        "Studies of ketamine for chronic pain have not shown a clear benefit (moderate certainty); ketamine"
        " should not be presented as a treatment for it."
    )
    (anxiety,) = review_text("Esketamine treats social anxiety disorder.", context).claims
    assert anxiety.suggestion == (
        "It is very uncertain whether esketamine helps social anxiety disorder: the evidence comes from small"
        " or uncontrolled studies."
    )


def test_lasting_benefit_shown_only_earlier_is_reworded_as_the_most_certain_earlier_benefit():
    """The rewording names what was shown, and says that nothing later was."""
    response = replace(PAIN, outcome_id="response", outcome="Response", certainty=Grade.LOW, n_studies=2)
    context = with_fibromyalgia_outcomes(response, PAIN)
    (claim,) = review_text("Ketamine gives lasting relief of fibromyalgia.", context).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.suggestion == (
        "High-certainty evidence shows that IV ketamine improves pain intensity (1 week) compared with placebo in"
        " fibromyalgia (1 study, 1,200 participants); it is not a cure. Benefit beyond that time point has not"
        " been shown."
    )


def test_lasting_benefit_where_nothing_earlier_favours_ketamine_is_reworded_on_the_grade():
    flat = replace(PAIN, direction="no_clear_difference")
    context = with_fibromyalgia_outcomes(flat)  # fibromyalgia is graded high, with benefit
    (claim,) = review_text("Ketamine gives lasting relief of fibromyalgia.", context).claims
    assert claim.suggestion == WORDING[Grade.HIGH].format(drug="ketamine")


def test_a_brain_mechanism_is_reworded_once_as_what_trials_measured(context):
    (claim,) = review_text(
        "Ketamine grows new brain cells in fibromyalgia and in depression.", context
    ).claims
    assert claim.conditions == ("fibromyalgia", "treatment-resistant-depression")
    assert claim.suggestion == (
        "Describe what trials measured (symptom scores at stated time points), not effects on brain cells."
    )


# -- a problem with a cited PMID -------------------------------------------------------------------------


def test_a_citation_problem_asks_to_check_each_problem_pmid_once_and_no_other(context):
    """11111111 is in the base and cited correctly: the writer is not sent to check it."""
    (claim,) = review_text(
        "Ketamine cures fibromyalgia (PMID 11111111, PMID 99999999, PMID 88888888, PMID 99999999).", context
    ).claims
    assert claim.verdict is Verdict.CITATION_PROBLEM
    assert claim.suggestion == (
        WORDING[Grade.LOW].format(Drug="Ketamine")
        + " Check the reference (PMID 99999999, 88888888) on PubMed and cite it as the evidence base records it,"
        " or add it to the base first."
    )


def test_a_citation_alone_with_no_problem_needs_no_rewording(context):
    (claim,) = review_text("See PMID 11111111.", context).claims
    assert (claim.verdict, claim.suggestion) == (Verdict.SUPPORTED, "")


# -- a claim that names no condition ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "suggestion"),
    [
        (
            "Ketamine is effective.",
            "Say what the trials measured and how certain the evidence is, as a condition's page shows it.",
        ),
        # "may help" is low: it needs no rewording when nothing names a condition to word it for
        ("Ketamine may help.", ""),
    ],
)
def test_a_claim_naming_no_condition_is_asked_for_the_trials_only_when_it_asserts_more_than_low(
    context, sentence, suggestion
):
    (claim,) = review_text(sentence, context).claims
    assert (claim.conditions, claim.suggestion) == ((), suggestion)


# -- approvals, without regulatory facts -----------------------------------------------------------------

# a second approval for treatment-resistant depression, of racemic ketamine: an invented test source
RACEMIC_APPROVAL = """
  - id: test-racemic-approval
    url: https://example.org/test/racemic-approval
    title: "Ketamine infusion approved for treatment-resistant depression (test source)"
    first_author: Other Regulator
    year: 2024
    journal: Other Regulator
    design: regulatory
    conditions: [treatment-resistant-depression]
    ketamine_form: racemic
    positions:
      - condition: treatment-resistant-depression
        stance: approved
        statement: Ketamine infusion approved for treatment-resistant depression.
    source_url: https://example.org/test/racemic-approval
"""


def test_without_facts_the_rewording_of_an_approval_lists_every_approving_document(tmp_path):
    context = context_with(tmp_path, RACEMIC_APPROVAL)
    (claim,) = review_text("Ketamine is approved for treatment-resistant depression.", context).claims
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.suggestion == (
        "For treatment-resistant depression, the approvals on record are: Esketamine nasal spray approved for"
        " treatment-resistant depression (test source) (Test Regulator, 2019); Ketamine infusion approved for"
        " treatment-resistant depression (test source) (Other Regulator, 2024). Say which product that is;"
        " other forms and routes of ketamine are used off-label."
        " High-certainty evidence from randomised trials shows that ketamine improves treatment-resistant"
        " depression for many patients in the short term; it is not a cure, and the benefit can fade."
    )


# -- how a claim is described ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "described"),
    [
        (
            "Ketamine for fibromyalgia: 7 in 10 patients.",
            "asserts none: no strength word; claims a share of patients helped ('7 in 10')",
        ),
        (
            "Ketamine relieves fibromyalgia for months.",
            "asserts moderate: 'relieves' (moderate); speaks of lasting benefit ('for months')",
        ),
        (
            "Ketamine gives lasting relief of fibromyalgia.",
            "asserts high: 'lasting relief' (high); speaks of lasting benefit ('lasting')",
        ),
    ],
)
def test_a_claims_first_reason_says_what_it_asserts_its_share_of_patients_and_how_long(
    context, sentence, described
):
    (claim,) = review_text(sentence, context).claims
    assert claim.reasons[0] == described


def test_the_markdown_table_cuts_a_long_sentence_mid_word_to_89_characters_and_an_ellipsis(context):
    sentence = (
        "Ketamine may help some people with fibromyalgia, although all the trials so far were rather small."
    )
    assert sentence[87:90] == "the"  # the cut after 89 characters falls inside "rather": nothing is trimmed
    (row,) = [
        line
        for line in review_markdown(review_text(sentence, context)).splitlines()
        if line.startswith("| 1 |")
    ]
    assert row == (
        "| 1 | Ketamine may help some people with fibromyalgia, although all the trials so far were rath… |"
        " fibromyalgia | low | low | Supported |"
    )


# -- the sources a claim points to -----------------------------------------------------------------------

# fibromyalgia's own evidence, of several designs and years, and a guideline: invented test sources
FIBROMYALGIA_SOURCES = """
  - pmid: 55555570
    title: "An older meta-analysis of ketamine in fibromyalgia (test source)"
    first_author: Pooled A
    year: 2015
    journal: Test Pain
    design: meta_analysis
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555570

  - pmid: 55555571
    title: "A 2018 trial of ketamine in fibromyalgia (test source)"
    first_author: Early B
    year: 2018
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555571

  - pmid: 55555573
    title: "A second 2021 trial of ketamine in fibromyalgia (test source)"
    first_author: Late D
    year: 2021
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555573

  - pmid: 55555572
    title: "A first 2021 trial of ketamine in fibromyalgia (test source)"
    first_author: Late C
    year: 2021
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555572

  - id: test-fibromyalgia-guideline
    url: https://example.org/test/fibromyalgia-guideline
    title: "A guideline on fibromyalgia (test source)"
    first_author: Test Society
    year: 2024
    journal: Test Society
    design: guideline
    conditions: [fibromyalgia]
    source_url: https://example.org/test/fibromyalgia-guideline
"""


def test_a_claim_points_to_four_sources_best_design_first_then_newest_then_by_pmid(tmp_path):
    """The narrative review (2014) is fifth and left out; a guideline states a position and is no evidence."""
    (claim,) = review_text(
        "Ketamine may help some people with fibromyalgia.", context_with(tmp_path, FIBROMYALGIA_SOURCES)
    ).claims
    assert [(s.citation, s.design, s.relation, s.condition) for s in claim.sources] == [
        ("Pooled A 2015", "Meta-analysis", "direct", "fibromyalgia"),
        ("Late C 2021", "Randomised trial", "direct", "fibromyalgia"),
        ("Late D 2021", "Randomised trial", "direct", "fibromyalgia"),
        ("Early B 2018", "Randomised trial", "direct", "fibromyalgia"),
    ]


def test_a_condition_the_base_holds_but_has_not_graded_still_points_to_its_sources(context):
    ungraded = ReviewContext(context.base, {k: v for k, v in context.evidence.items() if k != "fibromyalgia"})
    (claim,) = review_text("Ketamine helps fibromyalgia.", ungraded).claims
    assert [(s.citation, s.relation, s.condition) for s in claim.sources] == [
        ("Clauw DJ 2014", "direct", "fibromyalgia")
    ]
    assert claim.suggestion == (
        "There is no direct evidence on whether ketamine helps fibromyalgia; any benefit is inferred from other"
        " conditions and is unproven."
    )


# -- approvals, from regulatory facts --------------------------------------------------------------------

# an approval on record with its co-treatment, one not yet verified, and a decision that is no approval:
# invented test facts
REGULATORY_FACTS = """
facts:
  - id: test-spray-approval
    agency: FDA
    kind: approved
    product: Spravato (esketamine nasal spray)
    form: esketamine
    routes: [intranasal]
    use: treatment-resistant-depression
    indication: Treatment-resistant depression in adults (test fact).
    co_treatment: an oral antidepressant
    year: 2019
    read_on: https://example.org/test/spray-approval
  - id: test-unverified-approval
    agency: EMA
    kind: approved
    product: Ketafibro (ketamine tablets)
    form: racemic
    routes: [oral]
    use: fibromyalgia
    indication: Fibromyalgia (test fact, not yet checked on its page).
    year: 2024
    read_on: https://example.org/test/unverified-approval
    verified: false
  - id: test-not-approved
    agency: FDA
    kind: not_approved
    product: ketamine (racemic ketamine)
    form: racemic
    routes: [iv]
    use: fibromyalgia
    indication: Ketamine is not approved for fibromyalgia (test fact).
    year: 2023
    read_on: https://example.org/test/not-approved
"""


def test_with_facts_the_rewording_lists_each_conditions_verified_approvals_and_nothing_else(tmp_path):
    """An unverified fact and a decision not to approve are not approvals a writer may cite."""
    data = base_with(tmp_path).data_dir
    (data / "regulatory.yaml").write_text(REGULATORY_FACTS)
    context = ReviewContext(load_evidence(data).base, graded_context().evidence)
    (claim,) = review_text("Ketamine is approved for fibromyalgia and for depression.", context).claims
    assert claim.conditions == ("fibromyalgia", "treatment-resistant-depression")
    assert claim.suggestion == (
        "No ketamine product is approved for fibromyalgia; it is used off-label."
        " For treatment-resistant depression, the approvals on record are: FDA 2019, intranasal esketamine"
        " (Spravato) with an oral antidepressant. Other forms and routes of ketamine are used off-label. "
        + WORDING[Grade.LOW].format(Drug="Ketamine")
        + " High-certainty evidence from randomised trials shows that ketamine improves treatment-resistant"
        " depression for many patients in the short term; it is not a cure, and the benefit can fade."
    )
