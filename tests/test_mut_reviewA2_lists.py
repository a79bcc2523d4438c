"""Which sentences of a page claim something about ketamine: headings and lead-ins whose claim a list below
them inherits, where such a list ends, and sentences on harms, other treatments or citations alone.

The grades are fixed as in tests/test_review.py (fibromyalgia low, depression high, social anxiety very
low), so these pin which lines the review reads as claims and what it says of them.
"""

from __future__ import annotations

import pytest

from evidence.review import ReviewContext, Verdict, review_text

from .test_review import graded_context
from .test_review_output import PAIN
from .test_review_reasons import with_fibromyalgia_outcomes

LIST_ITEM = "a list item: it inherits the claim of the heading or lead-in above it"
NO_DRUG = "names no drug: on a page about ketamine, the sentence is read as about ketamine"
FIBROMYALGIA_CURE = (
    "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts cure, stronger"
    " than the evidence"
)


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


def claims_of(page: str, context: ReviewContext) -> dict:
    return {c.sentence: c for c in review_text(page, context).claims}


# -- what makes a heading or lead-in -----------------------------------------------------------------


def test_an_item_under_a_lead_in_that_names_no_drug_inherits_its_claim_on_a_page_about_ketamine(context):
    claims = claims_of("Ketamine therapy at our clinic.\nIt can cure:\n- Fibromyalgia", context)
    assert claims["Fibromyalgia"].reasons == (
        LIST_ITEM,
        NO_DRUG,
        "asserts cure: 'cure' (cure)",
        FIBROMYALGIA_CURE,
    )


def test_a_hedged_lead_in_makes_its_items_hedged_claims(context):
    claims = claims_of("Conditions ketamine may help:\n- Fibromyalgia", context)
    item = claims["Fibromyalgia"]
    assert (item.verdict, item.asserted_strength.value, item.triggers) == (
        Verdict.SUPPORTED,
        "low",
        ("may", "help"),
    )
    assert item.reasons[0] == LIST_ITEM


def test_an_all_capitals_heading_claims_what_its_last_word_says(context):
    # "FIX" before the colon is a word that claims a cure
    claims = claims_of("WHAT KETAMINE CAN FIX:\n- Fibromyalgia", context)
    assert claims["Fibromyalgia"].reasons == (
        LIST_ITEM,
        NO_DRUG,
        "asserts cure: 'FIX' (cure)",
        FIBROMYALGIA_CURE,
    )


def test_a_question_heading_asks_though_a_colon_follows_it_so_neither_it_nor_its_list_claims_anything(
    context,
):
    for heading in ("Can ketamine help?", "Can ketamine help (or is it hype?):"):
        assert review_text(f"{heading}\n- Fibromyalgia", context).claims == ()


@pytest.mark.parametrize("sentence", ["Ketamine can cure depression!", "Why is ketamine so effective?"])
def test_a_full_sentence_that_makes_a_claim_is_not_a_lead_in(context, sentence):
    # it ends with "!" or "?": a sentence of its own, not a heading for the short line after it
    assert list(claims_of(f"{sentence}\n- Fibromyalgia", context)) == [sentence]


# -- where a list ends -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence", ["Ask us about depression.", "Call us about depression today!", "What about depression?"]
)
def test_a_short_full_sentence_after_a_list_is_not_an_item_and_ends_the_list(context, sentence):
    page = f"Conditions ketamine can cure:\n- Fibromyalgia\n{sentence}\n- Social anxiety"
    assert list(claims_of(page, context)) == ["Conditions ketamine can cure:", "Fibromyalgia"]


TWELVE_WORDS = "Fibromyalgia, a common condition of widespread pain, tiredness, poor sleep and fog"


def test_an_item_of_up_to_twelve_words_inherits_the_claim_and_keeps_the_list_going(context):
    assert len(TWELVE_WORDS.split()) == 12
    claims = claims_of(f"Conditions ketamine can cure:\n- {TWELVE_WORDS}\n- Social anxiety", context)
    assert list(claims) == ["Conditions ketamine can cure:", TWELVE_WORDS, "Social anxiety"]
    assert claims[TWELVE_WORDS].reasons == (
        LIST_ITEM,
        NO_DRUG,
        "asserts cure: 'cure' (cure)",
        FIBROMYALGIA_CURE,
    )
    assert claims["Social anxiety"].reasons[0] == LIST_ITEM


def test_a_line_of_thirteen_words_is_not_an_item_and_ends_the_list(context):
    thirteen = TWELVE_WORDS + " mornings"
    page = f"Conditions ketamine can cure:\n- {thirteen}\n- Social anxiety"
    assert list(claims_of(page, context)) == ["Conditions ketamine can cure:"]


def test_an_item_that_claims_as_much_as_its_heading_is_judged_on_its_own_words(context):
    claims = claims_of("Conditions ketamine can cure:\n- Fibromyalgia, cured for good", context)
    item = claims["Fibromyalgia, cured for good"]
    assert item.triggers == ("cured", "for good")
    assert item.reasons == (
        NO_DRUG,
        "asserts cure: 'cured' (cure), 'for good' (cure); speaks of lasting benefit ('for good')",
        FIBROMYALGIA_CURE,
    )


# -- what an item adds to the claim it inherits ----------------------------------------------------------


def no_rate_shown(words: str, condition: str) -> str:
    return (
        f"{condition}: the sentence claims '{words}', and no curated finding reports how many patients responded:"
        " the number cannot be shown"
    )


def test_an_item_naming_a_share_of_patients_is_judged_on_that_share_in_its_own_words(context):
    claims = claims_of("Conditions ketamine can cure:\n- Fibromyalgia, in 90% of patients", context)
    item = claims["Fibromyalgia, in 90% of patients"]
    assert item.verdict is Verdict.OVERSTATED
    assert item.reasons == (
        LIST_ITEM,
        NO_DRUG,
        "asserts cure: 'cure' (cure); claims a share of patients helped ('90%')",
        no_rate_shown("90%", "Fibromyalgia"),
    )


def test_an_item_inherits_the_share_of_patients_its_lead_in_claims_unless_it_names_its_own(context):
    page = "Ketamine helps 90% of patients with:\n- Fibromyalgia\n- Social anxiety, in 4 out of 5 patients"
    claims = claims_of(page, context)
    assert claims["Fibromyalgia"].reasons[2:] == (
        "asserts moderate: 'helps' (moderate); claims a share of patients helped ('90%')",
        no_rate_shown("90%", "Fibromyalgia"),
    )
    assert claims["Social anxiety, in 4 out of 5 patients"].reasons[2:] == (
        "asserts moderate: 'helps' (moderate); claims a share of patients helped ('4 out of 5')",
        no_rate_shown("4 out of 5", "Social anxiety disorder"),
    )


def test_an_item_is_judged_on_the_route_it_names_and_on_the_route_its_lead_in_names():
    # fibromyalgia's one graded outcome is of IV ketamine
    context = with_fibromyalgia_outcomes(PAIN)
    nasal = claims_of("Conditions ketamine can relieve:\n- Fibromyalgia, by nasal spray", context)
    assert nasal["Fibromyalgia, by nasal spray"].verdict is Verdict.UNSUPPORTED
    assert nasal["Fibromyalgia, by nasal spray"].reasons[-1] == (
        "Fibromyalgia: the claim names route intranasal, and no graded question of this condition tests it"
    )
    iv = claims_of("Conditions IV ketamine can relieve:\n- Fibromyalgia", context)
    assert iv["Fibromyalgia"].verdict is Verdict.SUPPORTED
    assert iv["Fibromyalgia"].reasons[-1] == (
        "Fibromyalgia: matched on route iv: 'Ketamine vs placebo', outcome 'Pain intensity, 1 week' (high"
        " certainty, favours ketamine): asserting moderate is within the evidence"
    )


# -- sentences about harms, other treatments, or a citation alone ------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Ketamine relieves fibromyalgia pain, with few side effects.", "relieves"),  # benefit
        ("Ketamine is a breakthrough for fibromyalgia, despite its risks.", "breakthrough"),  # marketing
        ("Ketamine regrows brain cells, with few side effects.", "regrows brain cells"),  # mechanism
        ("Ketamine is FDA-approved for depression despite the risk of misuse.", "FDA-approved"),  # approval
        ("Ketamine is non-addictive.", "non-addictive"),  # safety
    ],
)
def test_a_sentence_naming_harms_is_still_a_claim_when_it_claims_benefit_approval_or_safety(
    context, sentence, trigger
):
    (claim,) = review_text(sentence, context).claims
    assert claim.triggers == (trigger,)
    assert claim.verdict is not Verdict.SUPPORTED


def test_a_sentence_about_another_treatment_on_a_page_about_ketamine_is_not_a_claim_about_ketamine(context):
    review = review_text("Ketamine for fibromyalgia.\nAntidepressants help fibromyalgia.", context)
    assert review.claims == ()


def test_a_cited_sentence_about_harms_is_checked_for_its_citation_only_not_for_conditions_it_sweeps_in(
    context,
):
    (claim,) = review_text(
        "Ketamine's side effects across many conditions are reviewed in PMID 22222222.", context
    ).claims
    assert (claim.verdict, claim.conditions, claim.evidence_grade) == (Verdict.SUPPORTED, (), None)
    assert claim.reasons == (
        "PMID 22222222: in the evidence base (Clauw DJ 2014, Fibromyalgia: a clinical review (test source))",
    )


def test_a_page_that_never_names_ketamine_claims_nothing_about_it_in_its_headings_or_lists(context):
    assert (
        review_text("Conditions exercise can cure:\n- Fibromyalgia\n- Social anxiety", context).claims == ()
    )
