"""What one sentence claims (evidence/claims.py): inflections, negation and hypothesis scope, hedges,
loaded questions, anecdotes, time points, numbers, routes, the forms of ketamine named and the PMIDs cited.
Language only: no evidence involved."""

from __future__ import annotations

import pytest

from evidence.claim_lexicon import inflections
from evidence.claims import (
    Citation,
    CueKind,
    KetamineForm,
    Strength,
    assess,
    find_citations,
    ketamine_forms,
    names_other_treatment,
)


def strength(sentence: str) -> Strength:
    return assess(sentence).strength


@pytest.mark.parametrize("form", ["treats", "treated", "treating", "treat"])
def test_benefit_verbs_are_read_in_every_inflection(form):
    assert strength(f"Ketamine {form} depression.") is Strength.MODERATE


def test_inflections_follow_english_spelling():
    assert inflections("relieve") == ("relieve", "relieves", "relieved", "relieving")
    assert inflections("remedy")[1:3] == ("remedies", "remedied")
    assert "stopped" in inflections("stop")
    assert inflections("grow")[-2:] == ("grew", "grown")  # irregular forms are written out


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("treat", ("treat", "treats", "treated", "treating")),
        ("free", ("free", "frees", "freed", "freeing")),
        ("remedy", ("remedy", "remedies", "remedied", "remedying")),
        ("ply", ("ply", "plies", "plied", "plying")),
        ("stay", ("stay", "stays", "stayed", "staying")),
        ("fix", ("fix", "fixes", "fixed", "fixing")),
        ("banish", ("banish", "banishes", "banished", "banishing")),
        ("reach", ("reach", "reaches", "reached", "reaching")),
        ("pass", ("pass", "passes", "passed", "passing")),
        ("buzz", ("buzz", "buzzes", "buzzed", "buzzing")),
        ("stop", ("stop", "stops", "stopped", "stopping")),
        ("rid", ("rid", "rids", "ridded", "ridding")),
        ("show", ("show", "shows", "showed", "showing")),
        ("heal", ("heal", "heals", "healed", "healing")),
        ("aid", ("aid", "aids", "aided", "aiding")),
        ("visit", ("visit", "visits", "visited", "visiting")),
    ],
)
def test_each_spelling_rule_of_the_regular_inflections(lemma, forms):
    # short consonant-vowel-consonant verbs double their last letter; w, x and y never do
    assert inflections(lemma) == forms


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine can fix depression.",
        "It eliminated my pain.",
        "A life-changing breakthrough for PTSD.",
        "Ketamine offers lasting results.",
    ],
)
def test_marketing_vocabulary_asserts_more_than_moderate(sentence):
    assert strength(sentence).rank >= Strength.HIGH.rank


@pytest.mark.parametrize(
    "sentence", ["It helps grow new brain cells.", "Ketamine reverses brain atrophy.", "It resets the brain."]
)
def test_claims_about_the_brain_are_mechanism_claims(sentence):
    assert assess(sentence).mechanism


# -- scope of negation (ConText) --------------------------------------------------------------------


def test_negation_does_not_reach_past_a_comma_and_a_new_clause():
    # "is not a cure" is negated; "it works for fibromyalgia" is a claim of its own
    assertion = assess("Ketamine is not a cure, and it works for fibromyalgia.")
    assert not assertion.negated
    assert assertion.strength is Strength.MODERATE
    assert [c.phrase for c in assertion.asserting_cues] == ["works"]


@pytest.mark.parametrize(
    "sentence",
    [
        "It is not known if ketamine is safe and effective for fibromyalgia in the long run.",
        "Ketamine is not for use as a medicine to relieve pain.",
        "There is no evidence that ketamine cures fibromyalgia or relieves its pain for long.",
        "We don't know who benefits, how long the benefit lasts, or what repeated infusions do.",
    ],
)
def test_long_scope_negation_reaches_however_far_the_claim_sits(sentence):
    assert strength(sentence) is Strength.NONE


def test_a_comma_ends_a_generic_negation():
    assertion = assess("Rather than serotonin, ketamine acts on glutamate and relieves depression.")
    assert assertion.strength is Strength.MODERATE


@pytest.mark.parametrize(
    "sentence", ["Ketamine doesn't just mask symptoms.", "It is not only fast but effective."]
)
def test_pseudo_negations_negate_nothing(sentence):
    assert strength(sentence).rank >= Strength.MODERATE.rank


def test_no_evidence_that_governs_the_rest_of_its_clause_but_not_the_next():
    assertion = assess("There is no evidence that it helps ME/CFS; it works for depression.")
    assert [c.phrase for c in assertion.asserting_cues] == ["works"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Future studies that evaluate the effectiveness of ketamine are needed.",
        "Larger trials should test whether ketamine relieves fibromyalgia pain.",
        "Clinics love to say that ketamine calms brain inflammation.",
    ],
)
def test_hypotheses_and_reported_claims_assert_nothing(sentence):
    assert strength(sentence) is Strength.NONE


def test_a_hedge_weakens_a_claim_to_low_and_stays_accurate():
    assertion = assess("Might be a reasonable approach for short-term relief, but unsatisfactory long-term.")
    assert assertion.strength is Strength.LOW
    assert assertion.time == "short"


def test_a_hedge_far_from_the_claim_or_behind_a_comma_does_not_weaken_it():
    sentence = "Unlike antidepressants that can take weeks, ketamine often works within hours."
    assert strength(sentence) is Strength.MODERATE


def test_a_population_hedge_opening_the_sentence_weakens_the_claim_in_its_clause():
    assertion = assess("For some patients ketamine relieves fibromyalgia pain.")
    assert assertion.strength is Strength.LOW
    assert [(c.phrase, c.strength, c.hedged_by) for c in assertion.cues] == [
        ("For some", Strength.LOW, None),
        ("relieves", Strength.LOW, "For some"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine may, according to several large trials, relieve fibromyalgia pain.",
        "Ketamine may in the view of many pain clinicians relieve fibromyalgia pain.",
    ],
)
def test_a_modal_hedge_behind_a_comma_or_more_than_four_words_away_leaves_the_claim_moderate(sentence):
    assertion = assess(sentence)
    assert assertion.strength is Strength.MODERATE
    assert [(c.phrase, c.hedged_by) for c in assertion.cues] == [("may", None), ("relieve", None)]


def test_a_stated_low_certainty_calibrates_the_sentence():
    sentence = "Depression scores were lower with esketamine than placebo, although certainty was low."
    assert strength(sentence) is Strength.LOW


# -- questions, anecdotes, numbers, routes ------------------------------------------------------------


def test_a_loaded_question_asserts_its_premise_and_a_plain_one_does_not():
    loaded = assess("Why has ketamine proven effective where other antidepressants failed?")
    assert loaded.presupposes and loaded.strength.rank >= Strength.HIGH.rank
    plain = assess("Can ketamine cure my fibromyalgia?")
    assert plain.question and plain.strength is Strength.NONE


def test_anecdote_and_personal_accounts_are_told_apart():
    generalised = assess("Our patients tell us ketamine works when nothing else has.")
    assert generalised.anecdote and not generalised.personal
    personal = assess("After my third infusion I slept through the night.")
    assert personal.personal and not personal.anecdote
    assert not assess("It saved my life and it will save yours too.").personal


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [
        ("Ketamine is 70-80% effective for depression.", 0.80),
        ("Up to 75% of patients respond.", 0.75),
        ("It works in 4 out of 5 patients.", 0.80),
    ],
)
def test_claimed_response_rates_are_read(sentence, rate):
    assert assess(sentence).rate == pytest.approx(rate)


def test_a_confidence_interval_is_not_a_response_rate():
    assert assess("Response was higher with ketamine (OR 3.9, 95% CI 1.5 to 10.1).").rate is None


def test_routes_of_a_co_treatment_are_not_the_claims_route():
    assert assess("Spravato is approved with an oral antidepressant for TRD.").routes == frozenset()
    assert assess("Ketamine lozenges help anxiety at home.").routes >= {"sublingual", "oral"}


def test_another_treatment_as_subject_is_not_a_ketamine_claim_but_as_object_it_is():
    assert names_other_treatment("Exercise helps fibromyalgia.") == "Exercise"
    assert names_other_treatment("It calms nerve pain that has not responded to gabapentin.") is None
    assert names_other_treatment("Unlike antidepressants, it works within hours.") is None


def test_condition_names_are_found_longest_first_with_abbreviations_only_in_capitals():
    from evidence.claims import ConditionFinder

    from .grading_helpers import condition

    def named(slug, name, *synonyms):
        return condition(slug).model_copy(update={"name": name, "synonyms": synonyms})

    finder = ConditionFinder([
        named("social-anxiety-disorder", "Social anxiety disorder (SAD)", "SAD", "social phobia"),
        named("depression", "Depression", "MDD"),
        named("bipolar-depression", "Bipolar depression"),
        named("bipolar-disorder", "Bipolar disorder", "bipolar"),
        named("other", "Other", "MDD", "Es"),  # MDD is taken already; one capital is not an abbreviation
    ])  # fmt: skip

    def found(text):
        return [(m.slug, m.term) for m in finder.find(text)]

    assert found("I feel sad; SAD is not social phobia.") == [
        ("social-anxiety-disorder", "SAD"),
        ("social-anxiety-disorder", "social phobia"),
    ]
    # the name without its bracketed abbreviation, with a hyphen for a space; the first condition keeps MDD
    assert found("Social-anxiety disorder and MDD") == [
        ("social-anxiety-disorder", "Social-anxiety disorder"),
        ("depression", "MDD"),
    ]
    assert found("bipolar depression or bipolar") == [
        ("bipolar-depression", "bipolar depression"),
        ("bipolar-disorder", "bipolar"),
    ]
    assert found("ES and es") == [("other", "ES"), ("other", "es")]


def test_a_verb_pattern_matches_every_inflection_of_each_lemma_longest_first():
    import re

    from evidence.claim_lexicon import verb_pattern

    forms = verb_pattern("stop", "heal").split("|")
    assert sorted(forms) == sorted([*inflections("stop"), *inflections("heal")])
    assert [len(f) for f in forms] == sorted((len(f) for f in forms), reverse=True)  # "stopped" before "stop"
    pattern = re.compile(rf"\b(?:{verb_pattern('fight back')})\b")
    assert pattern.search("they fight\n back").group(0) == "fight\n back"  # a space matches any gap


# -- the drug named, what each word did, citations ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "forms"),
    [
        ("Ketamine infusions help.", {KetamineForm.RACEMIC}),
        ("Ketalar is the anaesthetic.", {KetamineForm.RACEMIC}),
        ("Esketamine is a nasal spray.", {KetamineForm.ESKETAMINE}),
        ("S-ketamine is a nasal spray.", {KetamineForm.ESKETAMINE}),
        ("Spravato is a nasal spray.", {KetamineForm.ESKETAMINE}),
        ("Arketamine is being tested.", {KetamineForm.ARKETAMINE}),
        ("R-ketamine is being tested.", {KetamineForm.ARKETAMINE}),
        ("Unlike esketamine, ketamine is given IV.", {KetamineForm.ESKETAMINE, KetamineForm.RACEMIC}),
        ("Exercise helps fibromyalgia.", set()),
    ],
)
def test_each_way_of_writing_a_form_of_ketamine_names_that_form(sentence, forms):
    assert ketamine_forms(sentence) == forms


def test_each_word_read_keeps_its_place_in_the_sentence_and_a_denial_silences_only_its_own_clause():
    sentence = "Ketamine improves mood, but showed no clear benefit for pain."
    assertion = assess(sentence)
    assert [(sentence[c.start : c.end], c.kind, c.strength, c.negated) for c in assertion.cues] == [
        ("improves", CueKind.BENEFIT, Strength.MODERATE, False),
        ("showed", CueKind.BENEFIT, Strength.MODERATE, True),
        ("no clear benefit", CueKind.DENIAL, Strength.NONE, False),
    ]
    assert assertion.strength is Strength.MODERATE
    assert [c.phrase for c in assertion.asserting_cues] == ["improves"]


def test_a_denial_right_after_a_semicolon_with_no_space_leaves_the_claim_before_it_standing():
    assertion = assess("Ketamine relieves pain;unproven for depression.")
    assert [c.phrase for c in assertion.asserting_cues] == ["relieves"]
    assert assertion.strength is Strength.MODERATE


def test_a_modal_hedge_counts_the_words_from_where_it_ends_not_from_the_start_of_the_sentence():
    # a long opening does not put "may" out of reach of "relieve" two words after it
    assertion = assess(
        "According to several large and careful trials ketamine may relieve fibromyalgia pain."
    )
    assert assertion.strength is Strength.LOW
    assert [(c.phrase, c.hedged_by) for c in assertion.cues] == [("may", None), ("relieve", "may")]


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [("It worked in 5 out of 5 patients.", 1.0), ("It worked in five out of five patients.", 1.0)],
)
def test_a_claim_that_every_patient_responded_is_a_rate_of_one(sentence, rate):
    assert assess(sentence).rate == rate


@pytest.mark.parametrize(
    "sentence",
    [
        "A breakthrough for depression, though certainty is low.",
        "Ketamine is a proven treatment, with low-certainty evidence.",
    ],
)
def test_a_sentence_stating_its_own_low_certainty_asserts_no_more_than_low(sentence):
    assert strength(sentence) is Strength.LOW


def test_naming_weak_evidence_without_stating_a_certainty_does_not_tone_down_marketing():
    # "case reports" caps a benefit word, but a breakthrough is a marketing claim whatever evidence is named
    assert strength("A breakthrough for depression, according to case reports.") is Strength.HIGH


def test_every_pmid_is_found_with_the_author_and_year_written_before_it_on_its_own_line():
    text = "Murrough 2013, PMID 11111111.\nSee PMIDs 22222222 and 44444444; also pubmed.ncbi.nlm.nih.gov/33333333"
    listed = text.index("PMIDs")
    link = text.index("pubmed.")
    assert find_citations(text) == [
        Citation(11111111, 15, 28, "Murrough", 2013),
        # Murrough 2013 is on the line before: not the author of these
        Citation(22222222, listed, text.index("22222222") + 8, None, None),
        Citation(44444444, listed, text.index("44444444") + 8, None, None),
        Citation(33333333, link, len(text), None, None),
    ]


def test_a_study_named_on_the_line_before_is_not_taken_for_the_author_of_a_pmid():
    text = "Smith 2019 studied fibromyalgia.\nKetamine helps depression (PMID 11111111)."
    start = text.index("PMID")
    assert find_citations(text) == [Citation(11111111, start, start + 13, None, None)]
