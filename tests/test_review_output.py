"""The claim review as a reader gets it: the Markdown report, the highlighted draft, the JSON.

The grades are fixed as in tests/test_review.py, on the same small invented base, so these pin the
wording and layout of the outputs, not the review's rules.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from evidence.claim_match import OutcomeEvidence
from evidence.drafts import DraftUnreadable
from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import (
    ConditionEvidence,
    ReviewContext,
    highlight_html,
    review_markdown,
    review_text,
    review_upload,
)

from .pubmed_records import make_record
from .test_review import GRADES, REVIEW_DATA, graded_context

EMPTY_CACHE = "the PubMed cache is empty: PMIDs are checked against the curated sources only"
DRAFT = (
    "Ketamine may help some people with fibromyalgia.\n"
    "Ketamine is proven to cure fibromyalgia & ME/CFS <b>now</b>.\n"
    "Ketamine is a miracle cure.\n"
    "The weather was fine."
)
LOW_WORDING = "Ketamine may help some people with fibromyalgia, but the evidence is of low certainty and the benefit is uncertain."
FIBROMYALGIA_CURE = (
    "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts cure, stronger than"
    " the evidence"
)
# the retracted trial (Retractus A 2016, curated as retracted) is never offered as a source
SOURCES = [
    "- Source (direct): [Clauw DJ 2014, Fibromyalgia: a clinical review (test source)]"
    "(https://pubmed.ncbi.nlm.nih.gov/22222222/)",
]


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context(notes=(EMPTY_CACHE,))


def test_the_markdown_report_counts_tabulates_then_explains_each_claim(context):
    assert review_markdown(review_text(DRAFT, context)).split("\n") == [
        "# Claim review",
        "",
        "3 claims in 4 sentences: 1 supported, 1 overstated, 1 unsupported, 0 citation problem.",
        "",
        "Topic of the draft (the condition it names most often): fibromyalgia.",
        "",
        f"Note: {EMPTY_CACHE}.",
        "",
        "| # | Sentence | Conditions | Asserted | Evidence grade | Verdict |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 1 | Ketamine may help some people with fibromyalgia. | fibromyalgia | low | low | Supported |",
        r"| 2 | Ketamine is proven to cure fibromyalgia & ME/CFS \<b\>now\</b\>. | fibromyalgia, mecfs | cure |"
        " insufficient | Unsupported |",
        "| 3 | Ketamine is a miracle cure. | fibromyalgia | cure | low | Overstated |",
        "",
        "## 1. Supported",
        "",
        "> Ketamine may help some people with fibromyalgia.",
        "",
        "- Characters 0-48 of the extracted text",
        "- asserts low: 'may' (low), 'help' (low, weakened by 'may'), 'some people' (low)",
        "- Fibromyalgia: evidence grade low, direct evidence points to benefit: asserting low is within the evidence",
        f"- Suggested wording: {LOW_WORDING}",
        *SOURCES,
        "",
        "## 2. Unsupported",
        "",
        r"> Ketamine is proven to cure fibromyalgia & ME/CFS \<b\>now\</b\>.",
        "",
        "- Characters 49-109 of the extracted text",
        "- asserts cure: 'proven' (high), 'cure' (cure)",
        f"- {FIBROMYALGIA_CURE}",
        "- ME/CFS: evidence grade insufficient: the base holds no direct evidence, so no benefit can be claimed",
        f"- Suggested wording: {LOW_WORDING} There is no direct evidence on whether ketamine helps ME/CFS; any"
        " benefit is inferred from other conditions and is unproven.",
        *SOURCES,
        "",
        "## 3. Overstated",
        "",
        "> Ketamine is a miracle cure.",
        "",
        "- Characters 110-137 of the extracted text",
        "- names no condition; the page's topic is Fibromyalgia",
        "- asserts cure: 'miracle' (cure), 'cure' (cure)",
        f"- {FIBROMYALGIA_CURE}",
        f"- Suggested wording: {LOW_WORDING}",
        *SOURCES,
        "",
    ]


def test_a_claim_without_a_condition_or_a_grade_shows_dashes_in_the_table(context):
    lines = review_markdown(review_text("Ketamine is a miracle cure.", context)).splitlines()
    assert "| 1 | Ketamine is a miracle cure. | - | cure | - | Overstated |" in lines


def test_the_highlighted_draft_marks_each_claim_in_its_verdicts_colour_and_escapes_the_draft(context):
    def mark(verdict, colour, title, text, number):
        return (
            f'<mark class="claim {verdict}" title="{title}" style="background:{colour}33;border-bottom:3px solid'
            f' {colour};padding:0 2px">{text}<sup style="color:{colour};font-weight:600">&nbsp;{number}</sup></mark>'
        )

    cure = "&#x27;cure&#x27; (cure) | " + FIBROMYALGIA_CURE
    assert highlight_html(review_text(DRAFT, context)) == (
        '<div class="draft" style="white-space:pre-wrap;line-height:1.6">'
        + mark(
            "supported",
            "#1a5e9a",
            "#1 Supported: asserts low: &#x27;may&#x27; (low), &#x27;help&#x27; (low, weakened by &#x27;may&#x27;),"
            " &#x27;some people&#x27; (low) | Fibromyalgia: evidence grade low, direct evidence points to benefit:"
            " asserting low is within the evidence",
            "Ketamine may help some people with fibromyalgia.",
            1,
        )
        + "\n"
        + mark(
            "unsupported",
            "#b3261e",
            f"#2 Unsupported: asserts cure: &#x27;proven&#x27; (high), {cure} | ME/CFS: evidence grade"
            " insufficient: the base holds no direct evidence, so no benefit can be claimed",
            "Ketamine is proven to cure fibromyalgia &amp; ME/CFS &lt;b&gt;now&lt;/b&gt;.",
            2,
        )
        + "\n"
        + mark(
            "overstated",
            "#d9782d",
            "#3 Overstated: names no condition; the page&#x27;s topic is Fibromyalgia | asserts cure:"
            f" &#x27;miracle&#x27; (cure), {cure}",
            "Ketamine is a miracle cure.",
            3,
        )
        + "\nThe weather was fine.</div>"
    )


def test_a_verdict_without_a_colour_is_marked_grey(context):
    html = highlight_html(review_text(DRAFT, context), colours={"supported": "#000000"})
    assert html.count("border-bottom:3px solid #000000") == 1
    assert html.count("border-bottom:3px solid #888888") == 2


def test_the_json_of_a_claim_says_where_it_is_what_it_asserts_and_what_backs_it(context):
    review = review_text(DRAFT, context)
    assert review.claims[2].as_dict() == {
        "sentence": "Ketamine is a miracle cure.",
        "start": 110,
        "end": 137,
        "conditions": ["fibromyalgia"],
        "asserted_strength": "cure",
        "evidence_grade": "low",
        "verdict": "overstated",
        "reasons": [
            "names no condition; the page's topic is Fibromyalgia",
            "asserts cure: 'miracle' (cure), 'cure' (cure)",
            FIBROMYALGIA_CURE,
        ],
        "pmids": [],
        "suggestion": LOW_WORDING,
        "sources": [
            {
                "key": "pmid:22222222",
                "citation": "Clauw DJ 2014",
                "title": "Fibromyalgia: a clinical review (test source)",
                "design": "Narrative review",
                "link": "https://pubmed.ncbi.nlm.nih.gov/22222222/",
                "relation": "direct",
                "condition": "fibromyalgia",
            },
        ],
        "topic_inherited": True,
        "matched": [],
        "triggers": ["miracle", "cure"],
        "anecdote": False,
    }
    assert review.as_dict()["summary"] == {
        "claims": 3,
        "supported": 1,
        "overstated": 1,
        "unsupported": 1,
        "citation_problem": 0,
        "sentences": 4,
        "characters": len(DRAFT),
        "format": "text",
        "topic": "fibromyalgia",
        "notes": [EMPTY_CACHE],
    }


def test_the_json_report_is_indented_by_two_and_keeps_non_ascii_text_as_it_is(context):
    review = review_text("Ketamine may help some people with fibromyalgia — “really”.", context)
    out = review.to_json()
    assert out.startswith('{\n  "claims": [\n    {\n      "sentence": "Ketamine may help some people')
    assert "fibromyalgia — “really”." in out
    assert out.endswith("\n  }\n}\n")
    assert json.loads(out) == review.as_dict()


PAIN = OutcomeEvidence(
    question_id="q", question_title="Ketamine vs placebo", primary=True, form="racemic", routes=("iv",),
    intervention="IV ketamine", comparator="placebo", comparator_class="inert_placebo", outcome_id="pain",
    outcome="Pain intensity", timepoint="1 week", time="short", critical=True, certainty=Grade.HIGH,
    direction="favours_ketamine", n_studies=1, n_participants=1200, response_rate=None, headline=True, indirect=False,
)  # fmt: skip
WHERE = "pain intensity (1 week) compared with placebo in fibromyalgia"


@pytest.mark.parametrize(
    ("certainty", "direction", "studies", "verdict", "suggestion"),
    [
        (Grade.HIGH, "favours_ketamine", 1, "supported",
         f"High-certainty evidence shows that IV ketamine improves {WHERE} (1 study, 1,200 participants); it is not a cure."),
        (Grade.MODERATE, "favours_ketamine", 3, "supported",
         f"Moderate-certainty evidence suggests that IV ketamine probably improves {WHERE} (3 studies, 1,200"
         " participants); it is not a cure."),
        (Grade.LOW, "favours_ketamine", 2, "overstated",
         f"Low-certainty evidence suggests that IV ketamine may improve {WHERE} (2 studies, 1,200 participants); it is"
         " not a cure."),
        (Grade.VERY_LOW, "favours_ketamine", 2, "overstated",
         f"It is very uncertain whether IV ketamine improves {WHERE} (2 studies, 1,200 participants); it is not a cure."),
        (Grade.LOW, "no_clear_difference", 2, "unsupported",
         "In fibromyalgia, IV ketamine has not shown a clear difference from placebo in pain intensity (1 week) (low"
         " certainty; 2 studies, 1,200 participants)."),
    ],
)  # fmt: skip
def test_the_rewording_of_a_matched_claim_says_the_outcome_with_its_certainty_in_grade_words(
    certainty, direction, studies, verdict, suggestion
):
    base = load_evidence(REVIEW_DATA).base
    evidence = {s: ConditionEvidence(s, base.condition(s).name, g, d) for s, (g, d) in GRADES.items()}
    outcome = replace(PAIN, certainty=certainty, direction=direction, n_studies=studies)
    favours = "benefit" if direction == "favours_ketamine" else "no_clear_benefit"
    evidence["fibromyalgia"] = ConditionEvidence(
        "fibromyalgia", "Fibromyalgia", certainty, favours, True, (outcome,)
    )
    (claim,) = review_text("IV ketamine improves pain in fibromyalgia.", ReviewContext(base, evidence)).claims
    assert (claim.verdict.value, claim.suggestion) == (verdict, suggestion)


@pytest.mark.parametrize(
    ("name", "draft_format", "text"),
    [
        ("page.md", "markdown", "Ketamine\nKetamine may help some people with fibromyalgia."),
        ("page.txt", "text", "# Ketamine\n\nKetamine *may help* some people with fibromyalgia."),
    ],
)
def test_an_uploaded_draft_is_read_in_the_format_its_name_says(context, name, draft_format, text):
    review = review_upload(b"# Ketamine\n\nKetamine *may help* some people with fibromyalgia.", name, context)
    assert (review.format.value, review.text) == (draft_format, text)


def test_an_upload_that_is_not_text_is_refused_by_its_name(context):
    with pytest.raises(
        DraftUnreadable,
        match=r"^scan\.pdf looks like a binary file, not text; give a \.txt, \.md or \.html draft$",
    ):
        review_upload(b"\x00\x01\x02\xff\xfe binary", "scan.pdf", context)


def test_the_review_command_reads_a_draft_from_standard_input(monkeypatch, capsys):
    import io
    import sys

    from evidence.cli import main

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Ketamine cures fibromyalgia.\n")))
    assert main(["review", "-", "--data", str(REVIEW_DATA), "--format", "json"]) == 1
    claim = json.loads(capsys.readouterr().out)["claims"][0]
    assert (claim["sentence"], claim["verdict"]) == ("Ketamine cures fibromyalgia.", "overstated")


def base_with(tmp_path, conditions: str = "", sources: str = ""):
    """The small test base in ``tmp_path`` with more conditions and sources appended to its YAML."""
    data = tmp_path / "review_data"
    shutil.copytree(REVIEW_DATA, data)
    (data / "conditions.yaml").write_text((data / "conditions.yaml").read_text() + conditions)
    citations = data / "citations" / "review-tests.yaml"
    citations.write_text(citations.read_text() + sources)
    return load_evidence(data).base


def context_with(tmp_path, sources: str, records=None) -> ReviewContext:
    """A review context on the small test base with ``sources`` appended, graded as GRADES says."""
    base = base_with(tmp_path, sources=sources)
    evidence = {s: ConditionEvidence(s, base.condition(s).name, g, d) for s, (g, d) in GRADES.items()}
    return ReviewContext(base, evidence, records or {})


# a newer randomised trial in fibromyalgia: an invented test source
NEWER_TRIAL = """
  - pmid: 55555556
    title: "A newer trial of ketamine in fibromyalgia (test source)"
    first_author: Newer B
    year: 2021
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555556
"""


def test_a_claims_sources_are_the_best_designed_and_among_those_the_newest_first_never_retracted(tmp_path):
    (claim,) = review_text(
        "Ketamine may help some people with fibromyalgia.", context_with(tmp_path, NEWER_TRIAL)
    ).claims
    # Retractus A 2016, a randomised trial curated as retracted, is left out
    assert [(s.citation, s.design) for s in claim.sources] == [
        ("Newer B 2021", "Randomised trial"),
        ("Clauw DJ 2014", "Narrative review"),
    ]


def test_a_trial_pubmed_marks_retracted_is_not_offered_as_a_claims_source(tmp_path):
    records = {55555556: make_record(55555556, retracted=True)}
    (claim,) = review_text(
        "Ketamine may help some people with fibromyalgia.", context_with(tmp_path, NEWER_TRIAL, records)
    ).claims
    assert [s.citation for s in claim.sources] == ["Clauw DJ 2014"]


def test_the_rewording_keeps_the_capitals_of_a_condition_named_by_an_abbreviation(tmp_path):
    fatigue = """
  - slug: ms-fatigue
    name: MS-related fatigue
    category: other
    synonyms: [MS fatigue]
    description: Fatigue in multiple sclerosis.
    pubmed_query: ketamine AND multiple sclerosis fatigue
"""
    base = base_with(tmp_path, conditions=fatigue)
    evidence = {"ms-fatigue": ConditionEvidence("ms-fatigue", "MS-related fatigue", Grade.LOW, "benefit")}
    (claim,) = review_text("Ketamine cures MS-related fatigue.", ReviewContext(base, evidence)).claims
    assert claim.suggestion == (
        "Ketamine may help some people with MS-related fatigue, but the evidence is of low certainty and the"
        " benefit is uncertain."
    )


# a trial in fibromyalgia that also reports fatigue, and a guideline on ME/CFS: invented test sources
FATIGUE_TRIAL_AND_GUIDELINE = """
  - pmid: 55555557
    title: "A trial of ketamine in fibromyalgia that also reports fatigue (test source)"
    first_author: Fatigue C
    year: 2022
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    indirect_conditions: [mecfs]
    source_url: https://example.org/test/55555557

  - id: test-mecfs-guideline
    url: https://example.org/test/mecfs-guideline
    title: "A guideline on ME/CFS that does not mention ketamine (test source)"
    first_author: Test Society
    year: 2021
    journal: Test Society
    design: guideline
    conditions: [mecfs]
    source_url: https://example.org/test/mecfs-guideline
"""


def claim_sources(tmp_path, sentence: str) -> list[tuple[str, str, str | None]]:
    (claim,) = review_text(sentence, context_with(tmp_path, FATIGUE_TRIAL_AND_GUIDELINE)).claims
    return [(s.citation, s.relation, s.condition) for s in claim.sources]


def test_a_condition_with_only_indirect_trials_points_to_them_as_indirect_and_not_to_its_guidelines(tmp_path):
    # ME/CFS has no trial of its own: the fibromyalgia trial that reports fatigue is its indirect evidence;
    # the ME/CFS guideline is a published position, not evidence for the claim
    assert claim_sources(tmp_path, "Ketamine may help ME/CFS.") == [("Fatigue C 2022", "indirect", "mecfs")]


def test_a_condition_with_direct_trials_points_only_to_them(tmp_path):
    # fibromyalgia's own sources, newest randomised first; the retracted trial is left out
    assert claim_sources(tmp_path, "Ketamine may help some people with fibromyalgia.") == [
        ("Fatigue C 2022", "direct", "fibromyalgia"),
        ("Clauw DJ 2014", "direct", "fibromyalgia"),
    ]


def test_a_trial_indirect_for_a_condition_is_not_listed_among_its_direct_sources(tmp_path):
    indirect_only = """
  - pmid: 55555558
    title: "A trial of ketamine in chronic pain that includes some people with fibromyalgia (test source)"
    first_author: Broad D
    year: 2023
    journal: Test Pain
    design: rct
    conditions: [chronic-pain]
    indirect_conditions: [fibromyalgia]
    source_url: https://example.org/test/55555558
"""
    (claim,) = review_text(
        "Ketamine may help some people with fibromyalgia.", context_with(tmp_path, indirect_only)
    ).claims
    assert [(s.citation, s.relation) for s in claim.sources] == [("Clauw DJ 2014", "direct")]


@pytest.mark.parametrize(
    ("sentence", "drug"),
    [
        ("Esketamine treats restless legs syndrome.", "esketamine"),
        ("Ketamine treats restless legs syndrome.", "ketamine"),
    ],
)
def test_the_wording_for_an_uncurated_condition_names_the_drug_the_sentence_names(context, sentence, drug):
    (claim,) = review_text(sentence, context).claims
    assert claim.suggestion == (
        f"No evidence on {drug} for restless legs syndrome is curated: do not present it as a treatment for it."
    )


def test_the_markdown_table_shows_a_sentence_of_up_to_90_characters_whole_and_cuts_a_longer_one(context):
    whole = "Ketamine may help some people with fibromyalgia, though the trials so far were small ones."
    longer = (
        "Ketamine may help some people with fibromyalgia, though all the trials so far were small and few."
    )
    assert (len(whole), len(longer)) == (90, 97)
    lines = review_markdown(review_text(f"{whole}\n{longer}", context)).splitlines()
    rows = [line for line in lines if line.startswith(("| 1 |", "| 2 |"))]
    assert rows == [
        f"| 1 | {whole} | fibromyalgia | low | low | Supported |",
        "| 2 | Ketamine may help some people with fibromyalgia, though all the trials so far were small… |"
        " fibromyalgia | low | low | Supported |",
    ]
    assert f"> {longer}" in lines  # the claim in full, under its heading
