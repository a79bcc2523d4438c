"""Where one claim ends and the next begins (evidence/claims.py): the clause an approval speaks of, the
reach of a denial, of a negation written after its words and of a hedge. Language only, except the
few tests that show the verdict a reader gets from it."""

from __future__ import annotations

import pytest

from evidence.claims import Cue, CueKind, Strength, assess
from evidence.loading import SHIPPED_DATA_DIR
from evidence.review import ReviewContext, Verdict, load_review_context, review_text


@pytest.fixture(scope="module")
def shipped() -> ReviewContext:
    return load_review_context(SHIPPED_DATA_DIR)


# -- the clause of an approval claim ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "routes"),
    [
        # a route in an earlier clause, ended by ';' or ':', is not the approval's
        ("Clinics now offer lozenges; ketamine is approved as an anaesthetic.", set()),
        ("Clinics now offer lozenges: ketamine is approved as an anaesthetic.", set()),
        # only the last ';' or ':' before the approval opens its clause
        (
            "Clinics offer lozenges; infusions are common; ketamine nasal spray is approved as an anaesthetic.",
            {"intranasal"},
        ),
        ("Fact check: clinics sell nasal sprays: ketamine is the approved anaesthetic.", set()),
        # a ';' after the approval ends its clause; a ':' after it goes on to say what was approved
        (
            "Ketamine nasal spray is FDA-approved as an anaesthetic; clinics offer IV infusions.",
            {"intranasal"},
        ),
        ("Ketamine nasal spray is FDA-approved for one use: anaesthesia.", {"intranasal"}),
        ("Ketamine is FDA-approved for one use: anaesthesia given IV or as an injection.", {"iv", "im"}),
        ("Lozenges of ketamine are approved as an anaesthetic.", {"sublingual"}),
        # a route named before a turn to another subject is not the approval's either
        ("Clinics now offer lozenges, but ketamine is approved as an anaesthetic.", set()),
        ("Clinics now offer lozenges while ketamine is approved as an anaesthetic.", set()),
    ],
)
def test_the_routes_of_an_approval_are_those_named_in_its_own_clause(sentence, routes):
    assertion = assess(sentence)
    assert assertion.claims_approval
    assert assertion.approval_routes == routes


@pytest.mark.parametrize(
    "sentence",
    [
        "Clinics now offer lozenges; ketamine is approved as an anaesthetic.",
        "Clinics now offer lozenges, but ketamine is approved as an anaesthetic.",
        "Fact check: clinics sell nasal sprays: ketamine is the approved anaesthetic.",
    ],
)
def test_an_anaesthetic_approval_stands_beside_a_route_of_off_label_use_named_before_it(shipped, sentence):
    (claim,) = review_text(sentence, shipped).claims
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[-1].startswith("regulatory: on record (FDA 1970: IV or intramuscular ketamine")


@pytest.mark.parametrize(
    ("sentence", "route"),
    [
        ("Ketamine nasal spray is FDA-approved for one use: anaesthesia.", "intranasal"),
        (
            "Clinics offer lozenges; infusions are common; ketamine nasal spray is approved as an anaesthetic.",
            "intranasal",
        ),
    ],
)
def test_an_anaesthetic_approval_claimed_for_the_route_in_its_own_clause_is_overstated(
    shipped, sentence, route
):
    (claim,) = review_text(sentence, shipped).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1].startswith(
        f"regulatory: no approval of {route} ketamine for anaesthesia is on record; the approvals on record"
        " for it are FDA 1970: IV or intramuscular ketamine"
    )


# -- a denial silences the benefit words of its own clause --------------------------------------------


def test_a_denial_leaves_a_benefit_word_opening_the_sentence_in_another_clause_standing():
    assertion = assess("Works for depression, but unproven for pain.")
    assert (assertion.strength, assertion.negated) == (Strength.MODERATE, False)
    assert [c.phrase for c in assertion.asserting_cues] == ["Works"]


def test_a_denial_opening_the_clause_silences_the_benefit_word_after_it():
    assertion = assess("Unproven: ketamine relieves fibromyalgia pain.")
    assert (assertion.strength, assertion.negated) == (Strength.NONE, True)
    assert assertion.asserting_cues == ()


def test_a_denial_reaches_a_benefit_word_written_right_after_a_semicolon():
    sentence = "Ketamine eases pain;relief of depression was inconclusive."
    assert assess(sentence).cues == (
        Cue("eases", 9, 14, CueKind.BENEFIT, Strength.MODERATE),
        Cue("relief", 20, 26, CueKind.BENEFIT, Strength.MODERATE, negated=True),
        Cue("inconclusive", 45, 57, CueKind.DENIAL, Strength.NONE),
    )
    assert assess(sentence).strength is Strength.MODERATE


def test_a_denial_of_benefit_leaves_an_approval_in_its_clause_standing():
    """The approval is a claim of its own, checked against the regulatory facts; the denial speaks of benefit."""
    assertion = assess("Ketamine is an approved anaesthetic, ineffective for fibromyalgia.")
    assert (assertion.strength, assertion.claims_approval, assertion.negated) == (Strength.HIGH, True, False)
    assert assertion.cues == (
        Cue("approved", 15, 23, CueKind.APPROVAL, Strength.HIGH),
        Cue("ineffective", 37, 48, CueKind.DENIAL, Strength.NONE),
    )


def test_a_benefit_word_a_denial_silences_is_recorded_as_negated_and_nothing_else():
    sentence = "The trial showed no clear benefit for pain."
    assertion = assess(sentence)
    assert assertion.cues == (
        Cue("showed", 10, 16, CueKind.BENEFIT, Strength.MODERATE, negated=True),
        Cue("no clear benefit", 17, 33, CueKind.DENIAL, Strength.NONE),
    )
    assert (assertion.strength, assertion.negated, assertion.hypothetical) == (Strength.NONE, True, False)


# -- a negation written after the words it negates ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("That ketamine cures depression remains unclear.", "cures"),
        ("Relief that lasts for months remains unclear.", "Relief"),
        ("Lasting relief is uncertain.", "Lasting relief"),
    ],
)
def test_a_backward_negation_silences_the_words_before_it_from_the_start_of_its_clause(sentence, phrase):
    assertion = assess(sentence)
    assert (assertion.strength, assertion.negated) == (Strength.NONE, True)
    assert [(c.phrase, c.negated) for c in assertion.cues] == [(phrase, True)]


def test_a_backward_negation_reaches_back_only_to_the_start_of_its_own_clause():
    assertion = assess("Ketamine relieves pain, but whether relief lasts is uncertain.")
    assert [c.phrase for c in assertion.asserting_cues] == ["relieves"]
    assert assertion.strength is Strength.MODERATE


def test_a_backward_negation_written_right_after_a_semicolon_negates_nothing_before_it():
    assertion = assess("Ketamine relieves pain in trials;remains unclear to me.")
    assert [c.phrase for c in assertion.asserting_cues] == ["relieves"]
    assert assertion.strength is Strength.MODERATE


def test_a_sentence_opening_with_a_backward_negation_is_read_as_a_denial():
    """'I couldn't find ...' opens the sentence: the negation has nothing before it to govern."""
    assertion = assess("I couldn't find a trial showing ketamine works for tinnitus.")
    assert (assertion.strength, assertion.negated) == (Strength.NONE, True)
    assert [(c.phrase, c.negated) for c in assertion.cues] == [("works", True)]


# -- a hedge weakens the benefit word it governs ------------------------------------------------------


def test_a_population_hedge_after_a_benefit_word_opening_the_sentence_weakens_it():
    sentence = "Helps some patients with depression."
    assert assess(sentence).cues == (
        Cue("Helps", 0, 5, CueKind.BENEFIT, Strength.LOW, hedged_by="some patients"),
        Cue("some patients", 6, 19, CueKind.HEDGE, Strength.LOW),
    )
    assert assess(sentence).strength is Strength.LOW


def test_a_population_hedge_in_the_next_clause_does_not_weaken_the_claim():
    # clauses part at a semicolon, with or without a space after it
    for sentence in (
        "Ketamine helps;some patients relapse within weeks.",
        "Ketamine helps; some patients relapse.",
    ):
        assertion = assess(sentence)
        assert assertion.strength is Strength.MODERATE
        assert [(c.phrase, c.hedged_by) for c in assertion.cues] == [("helps", None), ("some patients", None)]


def test_a_modal_hedge_weakens_a_benefit_word_up_to_four_words_after_it():
    sentence = "Ketamine may also rapidly and substantially relieve depression."
    assertion = assess(sentence)
    assert assertion.cues == (
        Cue("may", 9, 12, CueKind.HEDGE, Strength.LOW),
        Cue("relieve", 44, 51, CueKind.BENEFIT, Strength.LOW, hedged_by="may"),
    )
    assert assertion.strength is Strength.LOW


def test_a_modal_hedge_five_words_before_a_benefit_word_leaves_it_moderate():
    assertion = assess("Ketamine may also very rapidly and substantially relieve depression.")
    assert [(c.phrase, c.strength, c.hedged_by) for c in assertion.cues] == [
        ("may", Strength.LOW, None),
        ("relieve", Strength.MODERATE, None),
    ]
    assert assertion.strength is Strength.MODERATE


def test_a_modal_hedge_on_a_verb_before_a_comma_does_not_weaken_the_benefit_after_it():
    # "may" governs "follow", not the relief
    assertion = assess("Nausea may follow, relief comes within hours.")
    assert [(c.phrase, c.strength, c.hedged_by) for c in assertion.cues] == [
        ("may", Strength.LOW, None),
        ("relief", Strength.MODERATE, None),
    ]
    assert assertion.strength is Strength.MODERATE


def test_a_hedged_cure_is_a_moderate_claim_and_says_what_weakened_it():
    sentence = "Ketamine may cure depression."
    assertion = assess(sentence)
    assert assertion.cues == (
        Cue("may", 9, 12, CueKind.HEDGE, Strength.LOW),
        Cue("cure", 13, 17, CueKind.BENEFIT, Strength.MODERATE, hedged_by="may"),
    )
    assert assertion.strength is Strength.MODERATE
