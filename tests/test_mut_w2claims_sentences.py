"""What claim review reads in one sentence (evidence/claims.py ``assess``): a question however it is
punctuated, a denial beside a hedge or a call for research, the phrase that wins where two of equal
length overlap, and the routes of an approval claim. Checked on the review's reasons where a writer reads
them, and on the sentence's reading (``Assertion``) where the next stage relies on it."""

from __future__ import annotations

import pytest

from evidence.claims import Assertion, Cue, CueKind, Strength, assess
from evidence.review import Verdict

from .test_review import graded_context, one_claim

_FIBROMYALGIA = (
    "Fibromyalgia: evidence grade low, direct evidence points to benefit; nothing asserted to compare"
)
_QUESTION = "question: the sentence asks rather than asserts, so it claims nothing"


@pytest.fixture(scope="module")
def context():
    return graded_context()


# -- a question, however it is punctuated -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Can ketamine cure fibromyalgia?",
        '"Can ketamine cure fibromyalgia?"',  # quoted
        "**Can ketamine cure fibromyalgia?**",  # a bold Markdown heading
        "Can ketamine cure fibromyalgia (or is it hype?):",  # a heading that leads into what follows
        "Can ketamine cure fibromyalgia？",  # the full-width question mark of Chinese or Japanese keyboards
    ],
)
def test_a_question_claims_nothing_whatever_closes_it(context, sentence):
    claim = one_claim(sentence, context)
    assert (claim.verdict, claim.reasons) == (Verdict.SUPPORTED, (_QUESTION, _FIBROMYALGIA))


def test_the_same_words_as_a_statement_claim_a_cure(context):
    # the contrast that makes the test above mean something: without its question mark it is a claim
    claim = one_claim('"Ketamine can cure fibromyalgia."', context)
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[0] == "asserts cure: 'cure' (cure)"


# -- a denial beside other words ------------------------------------------------------------------------------


def test_a_denial_beside_a_call_for_research_is_a_hypothesis_not_a_denial(context):
    sentence = (
        "Trials found no clear difference, so future studies should test whether ketamine helps fibromyalgia."
    )
    claim = one_claim(sentence, context)
    assert claim.reasons == (
        "hypothetical: the sentence speaks of what research should test, so it claims nothing",
        _FIBROMYALGIA,
    )
    assertion = assess(sentence)
    assert assertion.cues == (
        Cue("no clear difference", 13, 32, CueKind.DENIAL, Strength.NONE),
        Cue("helps", 81, 86, CueKind.BENEFIT, Strength.MODERATE, hypothetical=True),
    )
    assert (assertion.strength, assertion.negated, assertion.hypothetical) == (Strength.NONE, False, True)


def test_words_of_evidence_and_hedges_in_a_sentence_that_denies_benefit_are_read_as_negated_in_place():
    # "small trials suggest" qualifies the denial, not a benefit: every word keeps its place, kind and strength
    assertion = assess("Small trials suggest no clear benefit for pain.")
    assert assertion.cues == (
        Cue("Small trials", 0, 12, CueKind.CERTAINTY, Strength.LOW, negated=True),
        Cue("suggest", 13, 20, CueKind.HEDGE, Strength.LOW, negated=True),
        Cue("no clear benefit", 21, 37, CueKind.DENIAL, Strength.NONE),
    )
    assert (assertion.strength, assertion.negated, assertion.asserting_cues) == (Strength.NONE, True, ())


def test_of_two_overlapping_phrases_of_equal_length_the_denial_wins_over_a_word_of_certainty(context):
    # "No good studies" (a denial) and "studies confirm" (certainty) are both 15 characters long: the
    # earlier kind in the table of cues wins, so the sentence reads as the denial it is
    claim = one_claim("No good studies confirm that ketamine cures fibromyalgia.", context)
    assert claim.reasons == (
        "negated: the sentence denies rather than asserts ('No good studies', 'cures'), so it claims no benefit",
        _FIBROMYALGIA,
    )


# -- the whole reading of an approval sentence ---------------------------------------------------------------


def test_a_question_about_an_approval_claims_no_approval_and_no_approval_route():
    assert assess("Is ketamine nasal spray FDA-approved for depression?") == Assertion(
        strength=Strength.NONE,
        cues=(Cue("FDA-approved", 24, 36, CueKind.APPROVAL, Strength.HIGH),),
        negated=False,
        question=True,
        claims_approval=False,
        routes=frozenset({"intranasal"}),
        approval_routes=frozenset(),
    )


def test_an_approval_claim_names_only_the_routes_of_its_own_clause():
    sentence = "Ketamine nasal spray is FDA-approved for depression; clinics also offer it as lozenges."
    assert assess(sentence) == Assertion(
        strength=Strength.HIGH,
        cues=(Cue("FDA-approved", 24, 36, CueKind.APPROVAL, Strength.HIGH),),
        negated=False,
        question=False,
        claims_approval=True,
        routes=frozenset({"intranasal", "sublingual"}),
        approval_routes=frozenset({"intranasal"}),
    )


def test_a_claim_of_benefit_naming_a_route_names_no_approval_route():
    assertion = assess("Ketamine nasal spray relieves depression within hours.")
    assert (assertion.routes, assertion.approval_routes) == (frozenset({"intranasal"}), frozenset())
    assert (assertion.strength, assertion.claims_approval, assertion.time) == (
        Strength.MODERATE,
        False,
        "short",
    )
