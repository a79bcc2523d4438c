"""Page-specific checks in a real browser: the evidence map, the grade card, flags, and the refresh action.

The shared flows (every page loads, shared links, exports, hostile text) are in
test_browser_dashboard.py; these cover what only a person looking at a page would notice.
Expected values come from the ``evidence`` functions on the data folder the server reads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from evidence.cache import PubmedCache
from evidence.catalog import load_catalog
from evidence.filters import SourceFilter, filter_sources
from evidence.sof import certainty_label, forest_plot, summary_of_findings
from tests.browser.conftest import open_page, serve_dashboard, wait_for_app
from tests.conftest import SHIPPED_DATA
from tests.pubmed_records import make_record


@pytest.fixture(scope="module")
def catalog(browser_data_dir: Path):
    return load_catalog(browser_data_dir)


def no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_clicking_a_bubble_of_the_evidence_map_opens_that_condition(page, catalog):
    open_page(page, "/")
    bubbles = page.locator(".js-plotly-plot .scatterlayer .trace .points path")
    expect(bubbles.first).to_be_visible()
    bubbles.first.click(force=True)
    expect(page).to_have_url(re.compile(r"/Condition\?condition=[a-z0-9-]+$"))
    wait_for_app(page)
    slug = parse_qs(urlparse(page.url).query)["condition"][0]
    # the first bubble drawn belongs to the strongest grade's first condition
    strongest = catalog.grade_of(catalog.conditions_by_grade[0].slug)
    assert catalog.grade_of(slug) is strongest
    expect(page.locator("h1").first).to_contain_text(catalog.base.condition(slug).name)
    no_exception(page)


def test_headline_summary_of_findings_and_forest_plot_are_on_screen(page, catalog):
    graded = next(
        g for g in catalog.grades if g.guideline_positions and g.primary and forest_plot_of(g.primary)
    )
    open_page(page, "/Condition", condition=graded.condition)
    badge = page.locator(".grade-badge").first
    expect(badge).to_have_text(certainty_label(graded.grade))
    expect(page.get_by_text(graded.primary.direction_label).first).to_be_visible()
    table = page.locator("table.sof-table").first
    expect(table).to_be_visible()
    for row in summary_of_findings(graded.primary).rows:
        expect(table).to_contain_text(row.outcome)
    # the primary question's forest plot is drawn, with one point per study
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("Published positions", exact=True)).to_be_visible()
    for position in graded.guideline_positions:
        expect(page.get_by_text(position.title[:40]).first).to_be_visible()
    no_exception(page)


def test_indirect_evidence_and_abstracts_have_their_own_tabs(page, catalog):
    slug = next(c.slug for c in catalog.base.conditions if catalog.base.sources_for(c.slug, direct=False))
    indirect = catalog.base.sources_for(slug, direct=False)
    open_page(page, "/Condition", condition=slug)
    page.get_by_role("tab", name=f"Indirect evidence ({len(indirect)})").click()
    expect(page.get_by_text("Evidence from related conditions")).to_be_visible()
    page.get_by_role("tab", name="Abstracts").click()
    if not catalog.records:
        expect(
            page.get_by_text("Abstracts appear here, under each source, after a PubMed refresh")
        ).to_be_visible()
    page.get_by_role("tab", name="Timeline and participants").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    no_exception(page)


def test_flag_filter_on_sources_shows_the_unverified_entries(page, catalog):
    open_page(page, "/Sources")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Unverified", exact=True).click()
    expect(page).to_have_url(re.compile(r"flag=unverified"))
    wait_for_app(page)
    expected = filter_sources(catalog.base, catalog.records, SourceFilter(flags=("unverified",)))
    expect(page.get_by_text(f"{len(expected)} of {len(catalog.base.sources)} sources")).to_be_visible()
    assert len(expected) == len(catalog.unverified_sources)
    no_exception(page)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def offline_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server with a contact email set but NCBI out of reach (a closed local port)."""
    data = tmp_path_factory.mktemp("offline") / "data"
    shutil.copytree(SHIPPED_DATA, data, ignore=shutil.ignore_patterns(".lock"))
    # one record already cached, so the test can see that a failed refresh keeps it byte for byte
    pmid = min(s.pmid for s in load_catalog(data).base.sources if s.pmid is not None)
    PubmedCache(data).write(
        make_record(pmid, title="Cached before the refresh"),
        f"<PubmedArticle><PMID>{pmid}</PMID></PubmedArticle>",
        dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    )
    settings = {
        "NCBI_EMAIL": "curator@example.org",
        "EVIDENCE_EUTILS_URL": f"http://127.0.0.1:{_closed_port()}/entrez/eutils/",
        "EVIDENCE_EUTILS_RETRIES": "0",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with serve_dashboard(data, "streamlit-offline.log") as url:
            yield url, data
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_refresh_with_ncbi_unreachable_says_so_calmly(page, offline_dashboard):
    url, data = offline_dashboard
    records = data / "pubmed" / "records"
    before = {p.name: p.read_bytes() for p in records.iterdir()}
    assert before, "the fixture seeds one cached record"
    page.goto(f"{url}/Data_quality")
    wait_for_app(page)
    page.get_by_role("button", name="Refresh from PubMed").click()
    expect(page.get_by_text("PubMed could not be reached from here")).to_be_visible()
    wait_for_app(page)
    no_exception(page)
    after = {p.name: p.read_bytes() for p in records.iterdir()}
    assert after == before, (
        "a failed refresh keeps every cached record as it was and leaves no temporary file"
    )


def forest_plot_of(question) -> bool:
    return any(forest_plot(o) for o in question.outcomes)


# -- the Condition page's newer sections, one test each (screenshots saved by the page fixture) --------


def test_where_ketamine_fits_is_on_screen_before_the_evidence(page, catalog):
    context = catalog.base.context[0]
    open_page(page, "/Condition", condition=context.condition)
    heading = page.get_by_text("Where ketamine fits in this condition's care")
    expect(heading).to_be_visible()
    expect(page.get_by_text("First-line care", exact=True)).to_be_visible()
    sof = page.get_by_text("Clinical questions: Summary of Findings")
    assert heading.bounding_box()["y"] < sof.bounding_box()["y"], "context comes before the evidence"
    no_exception(page)


def test_case_reports_have_their_own_section(page, catalog):
    slug = next(
        s.conditions[0]
        for s in catalog.base.sources
        if s.design.value in ("case_report", "case_series") and s.conditions
    )
    open_page(page, "/Condition", condition=slug)
    heading = page.get_by_text(re.compile(r"^Case reports and case series \(\d+\)$"))
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    expect(page.get_by_text("very low certainty: useful for rare harms", exact=False)).to_be_visible()
    no_exception(page)


def test_patient_experience_is_kept_apart_and_labelled(page, catalog):
    entry = catalog.base.patient_experience[0]
    open_page(page, "/Condition", condition=entry.conditions[0])
    heading = page.get_by_text(re.compile(r"^What patients report \(\d+\)$"))
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    expect(page.get_by_text("Patient experience, not evidence of effect", exact=False)).to_be_visible()
    expect(page.get_by_text(entry.title[:30], exact=False).first).to_be_visible()
    no_exception(page)


def test_harms_for_the_conditions_routes_are_shown_with_their_certainty(page, catalog):
    open_page(page, "/Condition", condition="treatment-resistant-depression")
    heading = page.get_by_text("Harms that matter here", exact=True)
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name="Open the harms entry")).to_be_visible()
    no_exception(page)


def test_the_review_stamp_is_at_the_top_of_the_condition_page(page, catalog):
    slug = catalog.base.conditions[0].slug
    status = catalog.review_status_by_slug[slug]
    open_page(page, "/Condition", condition=slug)
    expect(
        page.get_by_text(status.headline[:1].upper() + status.headline[1:20], exact=False).first
    ).to_be_visible()
    no_exception(page)


GRID_OVERFLOW = """(grid) => {
    const scroller = grid.querySelector('.dvn-scroller');
    return scroller ? scroller.scrollWidth - scroller.clientWidth : -1;
}"""


@pytest.mark.parametrize("width", [1280, 1440])
@pytest.mark.parametrize("path", ["/Sources", "/Condition?condition=treatment-resistant-depression"])
def test_source_tables_need_no_sideways_scrolling_on_a_laptop_screen(page, catalog, width, path):
    """Every column of a source table (title, design, n, route, direction, flags, link) is in view."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    wait_for_app(page)
    grids = page.locator('[data-testid="stDataFrame"]:visible')
    expect(grids.first).to_be_visible()
    measured = 0
    for index in range(grids.count()):
        grid = grids.nth(index)
        grid.scroll_into_view_if_needed()
        overflow = grid.evaluate(GRID_OVERFLOW)
        assert overflow != -1, "the table's grid was not found: the check below would check nothing"
        assert overflow <= 1, f"table {index + 1} on {path} at {width} px scrolls sideways by {overflow} px"
        measured += 1
    assert measured
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_clicking_a_row_of_the_sources_table_shows_its_details(page, catalog):
    source = catalog.base.sources[0]  # the first row of the unfiltered table
    page.goto("/Sources")
    wait_for_app(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 36 + 40)  # below the header, in the first row
    wait_for_app(page)
    details = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="First author, year:")
    expect(details).to_contain_text(source.title)
    expect(details).to_contain_text(source.journal)
