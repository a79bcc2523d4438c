"""Claim review's outputs and inputs beyond standard input: uploads, the data folder, JSON and Markdown.

The command reviews against the data folder it is given, with the PubMed cache's retractions; an
upload's format comes from its name and, for a .txt, from a look at its text; the JSON and the
Markdown report say what the review found in a form a pipeline and a reader can rely on.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from evidence.cache import PubmedCache
from evidence.cli import main
from evidence.drafts import DraftFormat
from evidence.review import review_markdown, review_text, review_upload

from .pubmed_records import make_record
from .test_review import REVIEW_DATA, graded_context
from .test_review_output import EMPTY_CACHE, context_with

# -- uploads ------------------------------------------------------------------------------------------


def test_a_txt_upload_holding_a_saved_web_page_is_read_as_html():
    context = graded_context(notes=(EMPTY_CACHE,))
    page = b"<p>Ketamine may help some people with fibromyalgia.</p><script>document.write('Ketamine cures all.')</script>"
    review = review_upload(page, "saved-page.txt", context)
    assert (review.format, review.text) == (
        DraftFormat.HTML,
        "Ketamine may help some people with fibromyalgia.",
    )
    assert [c.sentence for c in review.claims] == ["Ketamine may help some people with fibromyalgia."]


# -- the data folder reviewed against ----------------------------------------------------------------------

CLAIM = "Ketamine may help some people with fibromyalgia."


@pytest.fixture
def review_data_copy(tmp_path):
    data = tmp_path / "review_data"
    shutil.copytree(REVIEW_DATA, data)
    draft = tmp_path / "draft.txt"
    draft.write_text(CLAIM + "\n", encoding="utf-8")
    return data, draft


def test_the_review_grades_the_data_folder_it_is_given(review_data_copy, capsys):
    # the folder's fibromyalgia finding rests on one invented review: very low certainty, favours ketamine
    data, draft = review_data_copy
    assert main(["review", str(draft), "--data", str(data), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    (claim,) = json.loads(out)["claims"]
    assert (claim["evidence_grade"], claim["verdict"]) == ("very_low", "supported")
    assert [s["key"] for s in claim["sources"]] == ["pmid:22222222"]
    assert err == f"note: {EMPTY_CACHE}\n"


def test_a_source_the_pubmed_cache_marks_retracted_does_not_count_toward_the_grade_a_claim_meets(
    review_data_copy, capsys
):
    data, draft = review_data_copy
    PubmedCache(data).write(
        make_record(22222222, retracted=True), "<PubmedArticle/>", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert main(["review", str(draft), "--data", str(data), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # the cache is not empty and the data has no problem: nothing to note
    assert json.loads(out)["claims"] == [
        {
            "sentence": CLAIM,
            "start": 0,
            "end": 48,
            "conditions": ["fibromyalgia"],
            "asserted_strength": "low",
            "evidence_grade": "insufficient",
            "verdict": "unsupported",
            "reasons": [
                "asserts low: 'may' (low), 'help' (low, weakened by 'may'), 'some people' (low)",
                "Fibromyalgia: evidence grade insufficient: the base holds no direct evidence, so no benefit can be"
                " claimed",
            ],
            "pmids": [],
            "suggestion": "There is no direct evidence on whether ketamine helps fibromyalgia; any benefit is"
            " inferred from other conditions and is unproven.",
            "sources": [],
            "topic_inherited": False,
            "matched": [],
            "triggers": ["may", "help", "some people"],
            "anecdote": False,
        }
    ]
    assert main(["review", str(draft), "--data", str(data)]) == 1
    assert capsys.readouterr().out.splitlines()[:9] == [
        "# Claim review",
        "",
        "1 claims in 1 sentences: 0 supported, 0 overstated, 1 unsupported, 0 citation problem.",
        "",
        "Topic of the draft (the condition it names most often): fibromyalgia.",
        "",
        "| # | Sentence | Conditions | Asserted | Evidence grade | Verdict |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| 1 | {CLAIM} | fibromyalgia | low | insufficient | Unsupported |",
    ]


# -- outputs ------------------------------------------------------------------------------------------------


def test_a_claim_on_no_graded_condition_has_no_evidence_grade_in_the_json():
    review = review_text("See Murrough JW 2013 (PMID 99999999).", graded_context(notes=(EMPTY_CACHE,)))
    (claim,) = json.loads(review.to_json())["claims"]
    assert claim == {
        "sentence": "See Murrough JW 2013 (PMID 99999999).",
        "start": 0,
        "end": 37,
        "conditions": [],
        "asserted_strength": "none",
        "evidence_grade": None,
        "verdict": "citation_problem",
        "reasons": ["PMID 99999999: not in the evidence base; cannot be checked against PubMed offline"],
        "pmids": [99999999],
        "suggestion": "Check the reference (PMID 99999999) on PubMed and cite it as the evidence base records it,"
        " or add it to the base first.",
        "sources": [],
        "topic_inherited": False,
        "matched": [],
        "triggers": [],
        "anecdote": False,
    }
    assert '"evidence_grade": null,' in review.to_json()


TWO_LINE_TITLE = """
  - pmid: 55555557
    title: |-
      A trial of ketamine in fibromyalgia,
      its title written over two lines (test source)
    first_author: Linebreak C
    year: 2022
    journal: Test Pain
    design: rct
    conditions: [fibromyalgia]
    source_url: https://example.org/test/55555557
"""


def test_a_source_title_written_over_two_lines_is_one_line_of_the_markdown_report(tmp_path):
    context = context_with(tmp_path, TWO_LINE_TITLE)
    report = review_markdown(review_text(CLAIM, context))
    assert report.splitlines()[-2:] == [
        "- Source (direct): [Linebreak C 2022, A trial of ketamine in fibromyalgia, its title written over two"
        " lines (test source)](https://pubmed.ncbi.nlm.nih.gov/55555557/)",
        "- Source (direct): [Clauw DJ 2014, Fibromyalgia: a clinical review (test source)]"
        "(https://pubmed.ncbi.nlm.nih.gov/22222222/)",
    ]
