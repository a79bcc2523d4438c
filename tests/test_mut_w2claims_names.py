"""The conditions and the PMIDs a draft names (evidence/claims.py ``ConditionFinder``, ``find_citations``):
which condition a longer name belongs to, which abbreviations count only in capitals, and which author and
year a PMID is cited with. Claim review checks a claim against the condition it names and a PMID against the
author written beside it, so each of these decides a verdict."""

from __future__ import annotations

from evidence.claims import Citation, ConditionFinder, ConditionMention, find_citations

from .grading_helpers import condition


def named(slug: str, name: str, *synonyms: str):
    return condition(slug).model_copy(update={"name": name, "synonyms": synonyms})


# -- conditions ------------------------------------------------------------------------------------------------


def test_a_longer_name_starting_with_an_abbreviation_is_one_mention_of_its_own_condition():
    finder = ConditionFinder([
        named("depression", "Treatment-resistant depression", "MDD", "depression"),
        named("suicidal-ideation", "Major depression with suicidal ideation", "MDD with suicidal ideation"),
        named("ptsd", "Post-traumatic stress disorder (PTSD)", "PTSD"),
    ])  # fmt: skip
    text = "Ketamine for MDD with suicidal ideation, and for PTSD."
    longer = text.index("MDD")
    ptsd = text.index("PTSD")
    # not "MDD" (depression) inside it, and the mention after it is still found
    assert finder.find(text) == [
        ConditionMention("suicidal-ideation", longer, longer + len("MDD with suicidal ideation"), "MDD with suicidal ideation"),
        ConditionMention("ptsd", ptsd, ptsd + 4, "PTSD"),
    ]  # fmt: skip


def test_a_two_letter_abbreviation_counts_only_in_capitals_and_a_capitalised_name_in_any_case():
    finder = ConditionFinder([
        named("fibromyalgia", "Fibromyalgia", "FM"),
        named("crps", "Complex Regional Pain Syndrome", "CRPS"),
    ])  # fmt: skip
    text = "Ketamine for FM, not the fm radio; and for complex regional pain syndrome."
    assert [(m.slug, m.term) for m in finder.find(text)] == [
        ("fibromyalgia", "FM"),
        ("crps", "complex regional pain syndrome"),
    ]


# -- citations -------------------------------------------------------------------------------------------------


def test_a_study_named_two_lines_before_a_pmid_is_not_its_cited_author():
    text = "Ketamine for pain\nSmith 2019 studied fibromyalgia.\nKetamine helps depression (PMID 11111111)."
    start = text.index("PMID")
    assert find_citations(text) == [Citation(11111111, start, start + 13, None, None)]


def test_an_author_named_far_before_a_pmid_on_the_same_line_is_not_its_cited_author():
    text = (
        "Murrough 2013 was the first randomised trial of ketamine against an active placebo in depression, "
        + "and since then many clinics have described it in glowing terms on their websites " * 3
        + "(PMID 11111111)."
    )
    start = text.index("PMID")
    assert start - text.index("2013") > 300
    assert find_citations(text) == [Citation(11111111, start, start + 13, None, None)]


def test_each_pmid_on_a_line_takes_only_the_author_written_after_the_pmid_before_it():
    text = "Murrough 2013 (PMID 23982301) and a later trial (PMID 11111111) found the same."
    first = text.index("PMID 2")
    second = text.index("PMID 1")
    assert find_citations(text) == [
        Citation(23982301, first, first + 13, "Murrough", 2013),
        Citation(11111111, second, second + 13, None, None),
    ]
