"""What a clinician does in a real browser: open each page, pick a condition, filter, share a link, export.

Expected numbers are computed with the ``evidence`` functions on the same data folder the
server reads, so the tests hold whatever the curators add.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import rispy
from playwright.sync_api import expect

from evidence.filters import SourceFilter, filter_sources
from evidence.loading import load_evidence
from evidence.models import Design
from tests.browser.conftest import open_page, serve_dashboard, wait_for_app
from tests.conftest import SHIPPED_DATA

PAGES = {
    "/": "Ketamine and esketamine",
    "/Condition": None,  # titled with the chosen condition's name
    "/Sources": "Sources",
    "/Claim_review": "Claim review",
    "/Data_quality": "Data quality",
}


@pytest.fixture(scope="module")
def base(browser_data_dir: Path):
    return load_evidence(browser_data_dir).base


def selected(base, **params) -> tuple:
    flt = SourceFilter.from_query_params(params, known_conditions=base.condition_by_slug)
    return filter_sources(base, {}, flt)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def expect_no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def choose_in_multiselect(page, label: str, option: str) -> None:
    widget = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    widget.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_errors(page, path: str, base):
    open_page(page, path)
    heading = PAGES[path] or base.conditions[0].name
    expect(page.locator("h1").first).to_contain_text(heading)
    expect_no_exception(page)
    # every page of the dashboard is reachable from the navigation
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a')).to_have_count(len(PAGES))


def test_overview_shows_the_headline_numbers(page, base):
    open_page(page, "/")
    sources = page.locator('[data-testid="stMetric"]').filter(has_text="Sources")
    expect(sources).to_contain_text(str(len(base.sources)))
    conditions = page.locator('[data-testid="stMetric"]').filter(has_text="Conditions")
    expect(conditions).to_contain_text(str(len(base.conditions)))
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("not medical advice", exact=False).first).to_be_attached()


def test_choosing_a_condition_opens_it_and_the_url_says_which(page, base):
    open_page(page, "/")
    condition = base.conditions[-1]
    page.locator('[data-testid="stPageLink"] a').filter(has_text=condition.name).first.click()
    expect(page).to_have_url(re.compile(rf"/Condition\?condition={condition.slug}$"))
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(condition.name)

    # choose another condition on the page itself
    other = base.conditions[0]
    page.locator('[data-testid="stSelectbox"]').first.click()
    # options read "Name · Grade"
    page.get_by_role("option", name=re.compile(rf"^{re.escape(other.name)} · ")).click()
    expect(page).to_have_url(re.compile(rf"condition={other.slug}$"))
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(other.name)
    expect_no_exception(page)


def test_a_filter_on_sources_narrows_the_list_and_goes_into_the_url(page, base):
    open_page(page, "/Sources")
    total = len(base.sources)
    expect(page.get_by_text(f"{total} of {total} sources")).to_be_visible()
    choose_in_multiselect(page, "Design", Design.RCT.label)
    expect(page).to_have_url(re.compile(r"design=rct"))
    wait_for_app(page)
    expected = selected(base, design="rct")
    expect(page.get_by_text(f"{len(expected)} of {total} sources")).to_be_visible()
    assert 0 < len(expected) < total
    assert query(page) == {"design": ["rct"]}


def test_a_shared_link_reproduces_the_view(page, base, dashboard_url: str):
    condition = next(c for c in base.conditions if len(base.sources_for(c.slug)) >= 3)
    params = {"condition": condition.slug, "design": ["rct", "meta_analysis"], "year_from": "2010"}
    open_page(page, "/Sources", **params)
    expected = selected(base, **params)
    expect(page.get_by_text(f"{len(expected)} of {len(base.sources)} sources")).to_be_visible()
    # the widgets show the filter from the link
    conditions = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Condition")
    expect(conditions).to_contain_text(condition.name)
    designs = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Design")
    expect(designs).to_contain_text(Design.RCT.label)
    expect(designs).to_contain_text(Design.META_ANALYSIS.label)
    # and the page keeps the link as it came
    shared = query(page)
    assert shared["condition"] == [condition.slug] and shared["year_from"] == ["2010"]
    assert sorted(shared["design"]) == ["meta_analysis", "rct"]


def test_a_junk_link_still_shows_the_sources(page, base):
    open_page(page, "/Sources", design="no-such-design", year_from="last year", flag="<b>")
    expect(page.get_by_text(f"{len(base.sources)} of {len(base.sources)} sources")).to_be_visible()
    expect_no_exception(page)


def download(page, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_exports_download_the_current_selection(page, base):
    condition = base.conditions[0]
    open_page(page, "/Sources", condition=condition.slug)
    expected = selected(base, condition=condition.slug)

    ris = rispy.loads(download(page, "RIS (Zotero, EndNote)"))
    assert [e["title"] for e in ris] == [" ".join(s.title.split()) for s in expected]
    assert all(e["type_of_reference"] for e in ris)

    rows = list(csv.DictReader(io.StringIO(download(page, "CSV"))))
    assert [r["key"] for r in rows] == [s.key for s in expected]

    markdown = download(page, "Markdown list")
    assert len(markdown.splitlines()) == len(expected) and markdown.startswith("1. ")

    bibtex = download(page, "BibTeX")
    assert bibtex.count("\n@") + bibtex.startswith("@") == len(expected)
    wait_for_app(page)


# -- text from the data is never HTML -------------------------------------------------------------

HOSTILE_TITLE = (
    'Ketamine <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> trial'
)
HOSTILE_SOURCE = f"""\
# written by the browser tests: a title that must show as text, never run
sources:
  - id: hostile-title-test
    title: '{HOSTILE_TITLE}'
    first_author: Tester <b>T</b>
    year: 2020
    journal: <i>Journal</i> of Tests
    url: https://example.org/hostile
    design: case_report
    conditions: [{{slug}}]
    notes: "<a href='javascript:alert(1)'>click</a> **bold** [link](javascript:alert(2))"
    source_url: https://example.org/hostile
"""


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory, base) -> tuple[str, str]:
    """A second server whose data holds a source with HTML and script in its text."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(SHIPPED_DATA, data, ignore=shutil.ignore_patterns(".lock"))
    # the condition with fewest sources, so the hostile one is on the first page of abstracts
    slug = min(base.conditions, key=lambda c: len(base.sources_for(c.slug))).slug
    (data / "citations" / "zz-hostile.yaml").write_text(HOSTILE_SOURCE.format(slug=slug), encoding="utf-8")
    assert not load_evidence(data).problems, "the hostile test source must be valid data"
    with serve_dashboard(data, "streamlit-hostile.log") as url:
        yield url, slug


def test_html_in_curated_text_shows_as_text(page, hostile_dashboard):
    url, slug = hostile_dashboard
    page.goto(f"{url}/Condition?condition={slug}")
    wait_for_app(page)
    page.get_by_role("tab", name=re.compile("Abstracts")).click()
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="window.__pwned")
    expect(expander.first).to_contain_text("<script>window.__pwned = 1</script>")
    expander.first.locator("summary").click()
    expect(expander.first).to_contain_text("<a href='javascript:alert(1)'>click</a>")
    page.goto(f"{url}/Sources?q=pwned")
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"^1 of \d+ sources$"))).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator('img[src="x"], a[href^="javascript:"]').count() == 0


# -- claim review (its own page) -------------------------------------------------------------------

DRAFT = (
    "Ketamine cures treatment-resistant depression in every patient.\n\n"
    "Esketamine nasal spray is approved for treatment-resistant depression (PMID 99999999).\n"
)


def test_claim_review_of_a_pasted_draft_and_its_export(page, browser_data_dir: Path):
    from evidence.review import load_review_context, review_text

    expected = review_text(DRAFT, load_review_context(browser_data_dir))
    open_page(page, "/Claim_review")
    box = page.get_by_label("Draft text")
    box.fill(DRAFT)
    box.press("Control+Enter")
    expect(page.get_by_role("button", name="Download review as Markdown")).to_be_visible()
    wait_for_app(page)
    claims = page.locator('[data-testid="stMetric"]').filter(has_text="Claims")
    expect(claims).to_contain_text(str(len(expected.claims)))
    exported = download(page, "Download review as Markdown")
    assert exported == expected.to_markdown()
    for claim in expected.claims:
        assert claim.sentence in exported and claim.verdict.label in exported


def test_claim_review_of_an_uploaded_markdown_file(page, tmp_path: Path, browser_data_dir: Path):
    from evidence.review import load_review_context, review_upload

    draft = tmp_path / "draft.md"
    draft.write_text("# Patient leaflet\n\n" + DRAFT, encoding="utf-8")
    expected = review_upload(draft.read_bytes(), draft.name, load_review_context(browser_data_dir))
    open_page(page, "/Claim_review")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(draft))
    expect(page.get_by_text("Reviewing the uploaded file draft.md")).to_be_visible()
    wait_for_app(page)
    exported = download(page, "Download review as JSON")
    assert exported == expected.to_json()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "big.txt",
            b"Ketamine cures depression. " * 120_000,
            "big.txt is 3.2 MB; claim review reads drafts up to 2 MB",
        ),
        ("draft.pdf", b"%PDF-1.4 ketamine", "claim review reads .txt, .md or .html drafts, not '.pdf' files"),
        ("notes", b"Ketamine cures depression.", "notes: the file has no extension"),
    ],
)
def test_an_upload_the_review_refuses_says_why_on_the_page(page, tmp_path: Path, name, content, reason):
    """Over the size limit or of a type the review cannot read: the reason is in the page, not on hover."""
    draft = tmp_path / name
    draft.write_bytes(content)
    open_page(page, "/Claim_review")
    # the widget's own limit line ("50MB per file", or "Limit 50MB per file" in older Streamlit) would
    # contradict the review's limit in the label; it shows while no file is chosen
    expect(page.get_by_text("Or upload a draft (.txt, .md or .html, up to 2 MB)")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+\s?MB per file"))).to_be_hidden()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(draft))
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("Not reviewed")
    expect(error).to_contain_text(reason)
    expect(page.get_by_text("Paste a draft or upload a file")).to_have_count(0)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect_no_exception(page)
    expect(page.get_by_text(re.compile(r"\d+\s?MB per file"))).to_be_hidden()
