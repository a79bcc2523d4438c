"""What claim review reads in a sentence's words (evidence/claim_lexicon.py, evidence/claims.py): the forms of
a verb it matches, the time point a claim speaks of, the share of patients it says respond, and the cited
author's surname."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from evidence.claim_lexicon import inflections, verb_pattern
from evidence.claims import assess, surname_key
from evidence.review import Verdict
from tests.pubmed_records import make_record

from .test_review import graded_context, one_claim

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


# -- the time point a claim speaks of ----------------------------------------------------------------------------


def test_the_time_point_is_the_one_nearest_the_claim_of_benefit_not_the_first_in_the_sentence():
    assertion = assess("After months of failed drugs, ketamine worked within hours.")
    assert (assertion.time, assertion.time_words) == ("short", "within hours")
    assertion = assess("Within days of the first infusion we knew: ketamine gives relief for months.")
    assert (assertion.time, assertion.time_words) == ("long", "for months")


def test_a_time_point_the_sentence_denies_is_not_the_time_point_it_claims():
    assertion = assess("Ketamine does not give lasting relief, but it works within hours.")
    assert (assertion.time, assertion.time_words) == ("short", "within hours")


# -- the share of patients a sentence says respond -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "rate", "words"),
    [
        ("Nine in ten patients feel better.", 0.9, "Nine in ten"),
        ("Up to 70-80% of patients respond.", 0.8, "Up to 70-80%"),
        ("Between 50% and 70% of patients respond.", 0.7, "70%"),  # the largest share claimed
        (
            "4 out of 5 patients (80%) respond to ketamine.",
            0.8,
            "4 out of 5",
        ),  # the same share: as first written
        ("Patients receive 6 in 2 weeks, and 4 out of 5 respond.", 0.8, "4 out of 5"),  # 6 in 2 is no share
        ("Response rates rose 150% with ketamine.", None, None),  # more than everyone is no share of patients
        (
            "Ketamine works, and 0% of patients needed a hospital stay.",
            None,
            None,
        ),  # nobody is no share helped
        ("Ketamine helped 0 out of 0 patients.", None, None),  # a placeholder left in a draft
        ("It costs 80% less than therapy.", None, None),  # not about patients or success
    ],
)
def test_the_share_of_patients_a_sentence_claims_respond(sentence, rate, words):
    assertion = assess(sentence)
    assert (assertion.rate, assertion.rate_words) == (rate, words)


# -- the cited author --------------------------------------------------------------------------------------------


def test_a_surname_is_compared_without_initials_accents_or_case():
    assert surname_key("Clauw DJ") == "clauw"
    assert surname_key(" Müller K. ") == "muller"
    assert surname_key("GARCÍA-MÁRQUEZ") == surname_key("García-Marquez") == "garcia-marquez"
    assert surname_key("Strauß A") == surname_key("Strauss") == "strauss"


def test_a_surname_written_with_ss_for_sharp_s_is_the_same_first_author():
    context = graded_context()
    record = make_record(11111111, first_author="Strauß A", authors=("Strauß A",), year=2013)
    enriched = replace(context, records={11111111: record})
    claim = one_claim("Ketamine works for depression (Strauss et al. 2013, PMID 11111111).", enriched)
    assert claim.verdict is Verdict.SUPPORTED
    wrong = one_claim("Ketamine works for depression (Straus et al. 2013, PMID 11111111).", enriched)
    assert wrong.reasons[1] == (
        "PMID 11111111: cited as Straus, but its first author is Murrough JW (A randomised trial of ketamine in"
        " treatment-resistant depression (test source))"
    )
