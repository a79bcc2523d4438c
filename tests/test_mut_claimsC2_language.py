"""What claim review reads in a sentence's words (evidence/claim_lexicon.py, evidence/claims.py): the forms of
a verb it matches."""

from __future__ import annotations

import re

import pytest

from evidence.claim_lexicon import inflections, verb_pattern

# -- the forms of a verb ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("enjoy", ("enjoy", "enjoys", "enjoyed", "enjoying")),  # a vowel before the y keeps it
        ("toy", ("toy", "toys", "toyed", "toying")),
        ("destroy", ("destroy", "destroys", "destroyed", "destroying")),
        ("dry", ("dry", "dries", "dried", "drying")),
    ],
)
def test_a_verb_ending_in_y_changes_it_to_ie_only_after_a_consonant(lemma, forms):
    assert inflections(lemma) == forms


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("calm down", ("calm down", "calms down", "calmed down", "calming down")),
        ("step away from", ("step away from", "steps away from", "stepped away from", "stepping away from")),
        ("fight back", ("fight back", "fights back", "fighted back", "fighting back", "fought back")),
    ],
)
def test_a_phrasal_verb_inflects_its_verb_not_its_particle(lemma, forms):
    # before, "fight back" gave "fight backs" and "fight backed", so a lexicon entry never matched "fought back"
    assert inflections(lemma) == forms


def test_a_phrasal_verb_pattern_finds_the_past_tense_across_any_gap():
    pattern = re.compile(rf"\b(?:{verb_pattern('calm  down')})\b")
    assert pattern.search("The infusion calmed\ndown my thoughts.").group(0) == "calmed\ndown"
