"""The claim review page through Streamlit's AppTest: paste a draft, read the verdicts, find the exports.

The page reads the small invented base in tests/review_data (through EVIDENCE_DATA_DIR), and
each figure it shows is compared with the same review run through ``evidence.review``.
Uploads cannot be driven from AppTest; the browser suite covers them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evidence.review import load_review_context, review_text

HERE = Path(__file__).resolve().parent
ENTRY = str(HERE.parent / "dashboard.py")
PAGE = "pages/3_Claim_review.py"
REVIEW_DATA = HERE / "review_data"
DRAFTS = HERE / "drafts"


@pytest.fixture
def page(monkeypatch) -> AppTest:
    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(REVIEW_DATA))
    # opened through the entry point, as a person reaches it, so the shared navigation resolves
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    return app


def html_shown(app: AppTest) -> str:
    return "".join(element.proto.body for element in app.get("html"))


def test_the_page_asks_for_a_draft_first(page):
    assert [i.value for i in page.info] == ["Paste a draft or upload a file to review its claims."]
    assert page.text_area(key="review_text").label == "Draft text"
    assert not page.get("download_button")


def test_a_pasted_draft_is_reviewed(page):
    text = (DRAFTS / "every-verdict.txt").read_text(encoding="utf-8")
    page.text_area(key="review_text").set_value(text).run()
    assert not page.exception and not page.error
    expected = review_text(text, load_review_context(REVIEW_DATA))
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Claims"] == str(len(expected.claims)) == "5"
    for verdict, count in expected.counts.items():
        label = {"supported": "Supported", "overstated": "Overstated", "unsupported": "Unsupported"}.get(
            verdict, "Citation problem"
        )
        assert metrics[label] == str(count)
    table = page.dataframe[0].value
    assert list(table["Sentence"]) == [c.sentence for c in expected.claims]
    assert list(table["Verdict"]) == [c.verdict.label for c in expected.claims]
    shown = html_shown(page)
    assert shown.count("<mark ") == 5 and 'class="claim citation_problem"' in shown
    labels = [b.proto.label for b in page.get("download_button")]
    assert labels == ["Download review as Markdown", "Download review as JSON"]
    # one card per flagged claim, with its reasons and a suggested wording, readable without scrolling sideways
    flagged = [c for c in expected.claims if c.verdict.value != "supported"]
    cards = [m.value for m in page.markdown if m.value.startswith("**Suggested wording:**")]
    assert len(cards) == len(flagged) == 4
    assert any("Overstated" in h for h in shown.split("</span>")), "a legend names each highlight colour"


def test_markup_in_a_pasted_draft_shows_as_text(page):
    page.text_area(key="review_text").set_value(
        'Ketamine cures depression. <img src=x onerror="alert(1)"> and <b>bold</b> stay text.'
    ).run()
    shown = html_shown(page)
    assert "<img" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in shown


def test_scripts_in_pasted_html_are_dropped(page):
    page.text_area(key="review_text").set_value(
        (DRAFTS / "references.html").read_text(encoding="utf-8")
    ).run()
    shown = html_shown(page)
    assert "alert" not in shown and "document.write" not in shown and "<script" not in shown
    assert "Ketamine works for treatment-resistant depression" in shown
    assert {m.label: m.value for m in page.metric}["Citation problem"] == "1"  # the retracted source


def test_a_draft_without_claims(page):
    page.text_area(key="review_text").set_value("Exercise helps fibromyalgia.").run()
    assert [s.value for s in page.success] == [
        "No sentence in this draft claims anything about ketamine or esketamine for a condition."
    ]


def test_a_draft_over_the_size_limit_is_refused_with_a_message(page):
    from evidence.drafts import MAX_DRAFT_BYTES

    page.text_area(key="review_text").set_value("Ketamine works. " * (MAX_DRAFT_BYTES // 16 + 1)).run()
    assert [e.value for e in page.error] == [
        "Not reviewed: The pasted draft is over 2 MB; split it and review the parts."
    ]
    assert not page.info, "the refusal is the page's message, not 'paste a draft'"
    assert not page.get("download_button")


def test_a_review_on_the_shipped_data_shows_no_internal_term(monkeypatch):
    """Verdicts, reasons, suggested wordings and tables in words a reviewer uses, on the real evidence."""
    from tests.conftest import SHIPPED_DATA
    from tests.test_pages import internal_terms

    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(SHIPPED_DATA))
    app = AppTest.from_file(ENTRY, default_timeout=120)
    app.switch_page(PAGE)
    app.run()
    drafts = sorted([*DRAFTS.glob("*.md"), *DRAFTS.glob("*.txt")])
    draft = "\n\n".join(path.read_text(encoding="utf-8") for path in drafts)
    app.text_area(key="review_text").set_value(draft).run()
    assert not app.exception
    assert app.metric, "the draft was reviewed"
    assert not internal_terms(app), internal_terms(app)
