"""The dashboard pages through Streamlit's AppTest: what a reader sees, clicks and downloads.

Each test points the app at its own data folder (EVIDENCE_DATA_DIR), so the shipped data
can change under the curators without changing what these tests mean: expected numbers
come from the same ``evidence`` functions the CLI prints, never from hard-coded counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import shutil
import socket
from pathlib import Path

import pytest
import rispy
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import dashboard_ui
from evidence.cache import PubmedCache
from evidence.catalog import headline, load_catalog
from evidence.exports import export_sources
from evidence.filters import SourceFilter, filter_sources
from evidence.models import Design, Route
from evidence.pubmed import PubmedRecord
from evidence.sof import summary_of_findings
from tests.conftest import REPO_ROOT, SHIPPED_DATA
from tests.pubmed_records import make_record

ENTRY = REPO_ROOT / "dashboard.py"
CONDITION = "pages/1_Condition.py"
SOURCES = "pages/2_Sources.py"
DATA_QUALITY = "pages/4_Data_quality.py"
DISCLAIMER_WORDS = "not medical advice"
TIMEOUT = 60  # seconds per script run; generous for a loaded CI machine, never reached normally


@pytest.fixture
def data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped data with an empty PubMed cache (the shipped state), used by the app."""
    shutil.rmtree(data_copy / "pubmed", ignore_errors=True)
    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(data_copy))
    for name in ("NCBI_EMAIL", "NCBI_API_KEY", "EVIDENCE_EUTILS_URL"):
        monkeypatch.delenv(name, raising=False)
    return data_copy


def open_page(page: str | None = None, **query: str | list[str]) -> AppTest:
    """Run the app on ``page`` (a path under the app folder) with ``query`` as the URL's query string."""
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    if page is not None:
        at.switch_page(page)
    at.query_params.update(query)
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page says in Markdown, captions and alerts, as one string."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    parts += [e.proto.label for e in at.get("expander")]
    return "\n".join(str(p) for p in parts)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert DISCLAIMER_WORDS in texts(at), "every page ends with the medical disclaimer"


def page_links(at: AppTest) -> list:
    return [e.proto for e in at.get("page_link")]


def a_record(pmid: int, *, title: str, abstract: str, retracted: bool = False) -> PubmedRecord:
    return make_record(
        pmid,
        title=title,
        authors=("Tester A", "Writer B"),
        first_author="Tester A",
        volume="1",
        issue="1",
        pages="1-2",
        abstract=(("BACKGROUND", abstract),),
        mesh_terms=("Ketamine",),
        retracted=retracted,
    )


# -- overview -------------------------------------------------------------------------------------


def test_overview_shows_the_headline_numbers_the_catalog_computes(data: Path) -> None:
    at = open_page()
    assert_clean(at)
    expected = headline(load_catalog(data))
    shown = {m.label: m.value for m in at.metric}
    assert shown["Conditions"] == str(expected.conditions)
    assert shown["Sources"] == str(expected.sources)
    assert shown["Randomised trials"] == str(expected.randomised_trials)
    assert shown["Participants"] == f"{expected.participants:,}"
    assert shown["PubMed data last refreshed"] == "never"
    assert "abstracts and PubMed flags appear after a refresh" in texts(at)
    assert at.get("plotly_chart"), "the evidence map is drawn"


def test_overview_links_every_condition_to_its_page_strongest_grade_first(data: Path) -> None:
    at = open_page()
    catalog = load_catalog(data)
    links = [p for p in page_links(at) if p.query_string.startswith("condition=")]
    linked = [p.query_string.removeprefix("condition=") for p in links]
    assert linked == [c.slug for c in catalog.conditions_by_grade]
    ranks = [catalog.grade_of(slug).rank for slug in linked]
    assert ranks == sorted(ranks, reverse=True)
    assert all(p.page == "Condition" for p in links)


def test_overview_says_when_pubmed_was_last_refreshed(data: Path) -> None:
    cache = PubmedCache(data)
    cache.write(
        a_record(23982301, title="A trial", abstract="Text."),
        "<PubmedArticle/>",
        dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC),
    )
    cache.write_status(
        refreshed_at=dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC),
        summary={"fetched": 1},
        not_found=(),
        failed={},
        fetched=(23982301,),
    )
    at = open_page()
    shown = {m.label: m.value for m in at.metric}
    assert shown["PubMed data last refreshed"] == "04 Mar 2026, 05:06 UTC"


# -- condition ------------------------------------------------------------------------------------


def test_condition_page_follows_the_query_string_and_writes_its_choice_back(data: Path) -> None:
    catalog = load_catalog(data)
    crps = catalog.base.condition("crps")
    at = open_page(CONDITION, condition="crps")
    assert_clean(at)
    assert at.title[0].value == dashboard_ui.md_text(crps.name)
    assert at.selectbox(key="condition_choice").value == "crps"
    grade = catalog.grade_by_slug["crps"]
    page = texts(at)
    # the headline names its primary question and which way it points, never a bare badge
    assert dashboard_ui.md_text(grade.primary.question.title) in page
    assert html.escape(grade.primary.direction_label) in page
    # one Summary of Findings table per question, with every footnote and effect the CLI prints
    for question in grade.questions:
        table = summary_of_findings(question)
        assert html.escape(table.rows[0].effect) in page
        for number, note in enumerate(table.footnotes, start=1):
            assert f"{number}. {dashboard_ui.md_text(note)}" in page
    assert len(at.expander) >= len(grade.questions)

    at.selectbox(key="condition_choice").set_value("ptsd").run()
    assert at.title[0].value == dashboard_ui.md_text(catalog.base.condition("ptsd").name)
    assert at.query_params["condition"] == "ptsd"


def test_unknown_condition_in_a_link_says_so_and_shows_a_condition(data: Path) -> None:
    at = open_page(CONDITION, condition="no-such-thing")
    assert_clean(at)
    assert any("no condition 'no-such-thing'" in w.value for w in at.warning)
    assert at.query_params["condition"] == load_catalog(data).base.conditions[0].slug


def test_condition_page_lists_direct_and_indirect_evidence_apart_with_links(data: Path) -> None:
    catalog = load_catalog(data)
    slug = next(c.slug for c in catalog.base.conditions if catalog.base.sources_for(c.slug, direct=False))
    at = open_page(CONDITION, condition=slug)
    assert_clean(at)
    source_tables = [t.value for t in at.dataframe if "Source" in t.value.columns]
    want_direct = [dashboard_ui.source_heading(s) for s in catalog.base.sources_for(slug, direct=True)]
    want_indirect = [dashboard_ui.source_heading(s) for s in catalog.base.sources_for(slug, direct=False)]
    # one table of direct evidence and one of indirect (a case-report table may list some of them again)
    direct = next(t for t in source_tables if list(t["Source"]) == want_direct)
    assert any(list(t["Source"]) == want_indirect for t in source_tables)
    # each row links to PubMed when the source has a PMID, else to its PMC, DOI or own page
    for source, link in zip(catalog.base.sources_for(slug, direct=True), direct["Link"], strict=True):
        assert link == (source.pubmed_url or source.pmc_url or source.doi_url or source.url or "")
    assert list(direct.columns) == ["Source", "Design", "n", "Route", "Direction", "Flags", "Link"]


def test_unverified_sources_are_flagged_in_the_sources_table(data: Path) -> None:
    catalog = load_catalog(data)
    unverified = catalog.unverified_sources
    if not unverified:
        pytest.skip("the shipped data holds no unverified source at the moment")
    source = unverified[0]
    slug = (source.conditions or source.indirect_conditions)[0]
    at = open_page(CONDITION, condition=slug)
    frames = [t.value for t in at.dataframe if "Source" in t.value.columns]
    rows = [f[f["Source"] == dashboard_ui.source_heading(source)] for f in frames]
    row = next(r for r in rows if len(r))
    assert "Unverified" in row["Flags"].iloc[0]


def test_empty_cache_says_where_abstracts_will_appear(data: Path) -> None:
    at = open_page(CONDITION, condition="treatment-resistant-depression")
    assert_clean(at)
    assert "Abstracts appear here, under each source, after a PubMed refresh" in texts(at)
    assert "The abstract will appear here after a PubMed refresh." in texts(at)


def test_cached_abstracts_are_shown_on_demand(data: Path) -> None:
    pmid = load_catalog(data).base.sources_for("treatment-resistant-depression", direct=True)[0].pmid
    assert pmid is not None
    record = a_record(pmid, title="A cached title", abstract="Ketamine lowered scores at 24 hours.")
    PubmedCache(data).write(record, "<PubmedArticle/>", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    at = open_page(CONDITION, condition="treatment-resistant-depression")
    assert_clean(at)
    page = texts(at)
    assert "Ketamine lowered scores at 24 hours" in page
    assert "Abstracts appear here, under each source" not in page


def test_curator_override_is_shown_with_both_grades(data: Path) -> None:
    conditions = data / "conditions.yaml"
    text = conditions.read_text(encoding="utf-8")
    anchor = "  - slug: ocd\n"
    assert anchor in text
    override = (
        "    grade_override:\n"
        "      grade: very_low\n"
        "      rationale: Test rationale long enough to be accepted by validation.\n"
        "      curator: Test Curator\n"
    )
    block_end = text.index("\n\n", text.index(anchor))
    conditions.write_text(
        text[:block_end] + "\n" + override.rstrip("\n") + text[block_end:], encoding="utf-8"
    )
    catalog = load_catalog(data)
    assert not catalog.problems, catalog.problems
    computed = catalog.grade_by_slug["ocd"].computed_grade
    at = open_page(CONDITION, condition="ocd")
    assert_clean(at)
    badges = "\n".join(m.value for m in at.markdown if m.proto.allow_html)
    assert "curator override" in badges
    assert ">Very low<" in badges and f">{computed.label}<" in badges
    assert "Test rationale long enough" in texts(at)


# -- text from the data is never markup -------------------------------------------------------------

HOSTILE_SOURCE = """\
sources:
  - id: hostile-probe-2024
    title: "Ketamine <script>alert('t')</script> and <img src=x onerror=alert(1)> in CRPS"
    first_author: "<b>Probe</b> A"
    year: 2024
    journal: "Journal of <i>Probes</i>"
    url: https://example.org/probe
    design: rct
    conditions: [crps]
    participants: 12
    direction: benefit
    notes: "**not bold** $x^2$ :red[not red] <img src=x onerror=alert(2)>"
    source_url: https://example.org/probe
    verified: false
"""


def test_titles_with_html_are_text_on_every_page(data: Path) -> None:
    (data / "citations" / "zz-hostile.yaml").write_text(HOSTILE_SOURCE, encoding="utf-8")
    conditions = data / "conditions.yaml"
    conditions.write_text(
        conditions.read_text(encoding="utf-8").replace(
            "name: Complex regional pain syndrome", 'name: "CRPS <script>alert(3)</script>"'
        ),
        encoding="utf-8",
    )
    assert not load_catalog(data).problems
    runs = [open_page(), open_page(CONDITION, condition="crps"), open_page(SOURCES), open_page(DATA_QUALITY)]
    escaped_mentions = 0
    for at in runs:
        assert_clean(at)
        for element in at.markdown:
            body = element.value
            if element.proto.allow_html:
                assert "<script" not in body and "<img" not in body and "<b>Probe" not in body, body
            # Markdown that mentions the probe shows it escaped, i.e. as literal text
            if "alert" in body:
                assert "<script>" not in body and (r"\<script\>" in body or r"\<img" in body), body
                escaped_mentions += 1
    assert escaped_mentions, "no page showed the probe text; the escaping check above checked nothing"
    condition_page = runs[1]
    title = condition_page.title[0].value
    # the name is the title, escaped so that it shows as text
    assert title == dashboard_ui.md_text("CRPS <script>alert(3)</script>") and "<script>" not in title
    titles = [
        t
        for frame in condition_page.dataframe
        if "Source" in frame.value.columns
        for t in frame.value["Source"]
    ]
    assert any(
        t.endswith(" · Ketamine <script>alert('t')</script> and <img src=x onerror=alert(1)> in CRPS")
        for t in titles
    ), "the table shows the title as text, exactly"


# -- broken data -------------------------------------------------------------------------------------


def test_broken_data_shows_its_problems_not_a_traceback(data: Path) -> None:
    first = sorted((data / "citations").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    design = re.search(r"design: (\w+)", text)
    assert design
    first.write_text(text.replace(design.group(0), "design: randomised_trail", 1), encoding="utf-8")
    (data / "citations" / "zz-broken.yaml").write_text("sources:\n  - pmid: [unclosed\n", encoding="utf-8")
    problems = load_catalog(data).problems
    assert len(problems) >= 2
    for page in (None, CONDITION, SOURCES):
        at = open_page(page)
        assert_clean(at)
        assert any(f"{len(problems)} problems in the curated data" in w.value for w in at.warning)
    at = open_page(DATA_QUALITY)
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Validation problems"] == str(len(problems))
    listed = at.dataframe[0].value
    assert len(listed) == len(problems)
    assert any("randomised_trail" in message for message in listed["Problem"])
    assert any("zz-broken.yaml" in file for file in listed["File"])


def test_missing_data_folder_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(tmp_path / "nowhere"))
    for page in (None, CONDITION, SOURCES, DATA_QUALITY):
        at = open_page(page)
        assert not at.exception
        assert "no evidence data folder here" in at.error[0].value


# -- sources: filters, shareable state, exports ------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What each download button would serve, by file name (deferred data is produced on demand)."""
    served: dict[str, object] = {}
    deferred = MediaFileManager.add_deferred
    immediate = MediaFileManager.add

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = data_callable
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    def add(self, data, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = data
        return immediate(self, data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    monkeypatch.setattr(MediaFileManager, "add", add)
    return served


def content(served: object) -> str:
    data = served() if callable(served) else served
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


def shown_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if " sources" in m.value and m.value.startswith("**"))
    return int(line.split("**")[1])


def test_sources_page_filters_and_keeps_the_filter_in_the_url(data: Path) -> None:
    catalog = load_catalog(data)
    at = open_page(SOURCES)
    assert_clean(at)
    assert shown_count(at) == len(catalog.base.sources)
    assert len(at.dataframe[0].value) == len(catalog.base.sources)

    at.multiselect(key="f_conditions").set_value(["crps"]).run()
    at.multiselect(key="f_designs").set_value([Design.RCT, Design.META_ANALYSIS]).run()
    expected = filter_sources(
        catalog.base,
        catalog.records,
        SourceFilter(conditions=("crps",), designs=(Design.RCT, Design.META_ANALYSIS)),
    )
    assert shown_count(at) == len(expected)
    assert list(at.dataframe[0].value["Source"]) == [dashboard_ui.source_heading(s) for s in expected]
    assert at.query_params == {"condition": "crps", "design": ["rct", "meta_analysis"]}


def test_one_choice_in_the_design_filter_selects_every_randomised_trial(data: Path) -> None:
    """'Randomised trial' alone leaves out crossover trials; the grouped choice takes both."""
    catalog = load_catalog(data)
    randomised = [s for s in catalog.base.sources if s.design in (Design.RCT, Design.CROSSOVER_RCT)]
    assert any(s.design is Design.CROSSOVER_RCT for s in randomised), "the shipped data has crossover trials"
    at = open_page(SOURCES)
    assert "Randomised trial and Crossover randomised trial" in at.multiselect(key="f_designs").help
    at.button(key="f_all_randomised").click().run()
    assert set(at.multiselect(key="f_designs").value) == {Design.RCT, Design.CROSSOVER_RCT}
    assert shown_count(at) == len(randomised)
    assert at.query_params == {"design": ["rct", "crossover_rct"]}
    at.multiselect(key="f_designs").set_value([Design.RCT]).run()
    assert shown_count(at) < len(randomised)
    # the same group in a hand-written link
    assert shown_count(open_page(SOURCES, design="randomised")) == len(randomised)


def test_a_link_with_unknown_filters_keeps_the_valid_ones_and_says_what_it_ignored(data: Path) -> None:
    catalog = load_catalog(data)
    at = open_page(
        SOURCES, condition=["crps", "no-such-condition"], design="rtc", year_from="soon", route="iv"
    )
    assert_clean(at)
    kept = SourceFilter(conditions=("crps",), routes=(Route.IV,))
    assert shown_count(at) == len(filter_sources(catalog.base, catalog.records, kept)) > 0
    assert at.query_params == {"condition": "crps", "route": "iv"}
    notice = next(w.value for w in at.warning if "Part of this link could not be used" in w.value).replace(
        "\\", ""
    )
    assert "condition=no-such-condition: not a condition in the evidence base" in notice
    assert "design=rtc: not a study design; did you mean 'rct'?" in notice
    assert "year_from=soon: not a year" in notice
    assert "condition=crps" not in notice and "route" not in notice  # what was applied is not listed
    # the notice stays while the link's filter is on screen, and goes when the reader changes it
    at.run()
    assert any("Part of this link could not be used" in w.value for w in at.warning)
    at.multiselect(key="f_designs").set_value([Design.RCT]).run()
    assert not any("Part of this link could not be used" in w.value for w in at.warning)


def test_a_valid_link_shows_no_ignored_notice(data: Path) -> None:
    at = open_page(SOURCES, condition="crps", design="rct")
    assert not any("Part of this link could not be used" in w.value for w in at.warning)


def click_row(at: AppTest, key: str, row: int) -> AppTest:
    """What a click on a cell of row ``row`` of the table ``key`` sends to the app."""
    at.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": [[row, "Source"]]}}
    return at.run()


def test_a_click_on_a_source_shows_what_the_table_leaves_out(data: Path) -> None:
    """The table keeps to columns that fit; the details under it give the rest of the row clicked."""
    catalog = load_catalog(data)
    flt = SourceFilter(conditions=("alcohol-use-disorder",))
    expected = filter_sources(catalog.base, catalog.records, flt)
    # a source with a DOI and a PMC id, indirect conditions and notes, somewhere after the first row
    row, source = next((i, s) for i, s in enumerate(expected) if i > 0 and s.doi and s.notes and s.journal)
    at = open_page(SOURCES, **flt.to_query_params())
    assert any("Click a row to see" in c.value for c in at.caption)
    click_row(at, "sources_table", row)
    assert_clean(at)
    details = next(m.value for m in at.markdown if "**First author, year:**" in m.value)
    assert f"**Title:** {dashboard_ui.md_text(source.title)}" in details
    assert dashboard_ui.md_text(source.journal) in details
    assert source.doi_url in details.replace("\\", "")
    assert dashboard_ui.md_text(source.notes) in details
    other = expected[0]
    assert dashboard_ui.md_text(other.title) not in details, (
        "the details are of the row clicked, not the first"
    )


def test_a_source_that_is_only_indirect_evidence_says_so_in_the_conditions_column(data: Path) -> None:
    catalog = load_catalog(data)
    source = next(s for s in catalog.base.sources if not s.conditions and s.indirect_conditions)
    at = open_page(SOURCES, q=source.title)
    row = at.dataframe[0].value
    match = row[row["Source"] == dashboard_ui.source_heading(source)]
    names = ", ".join(catalog.base.condition(c).name for c in source.indirect_conditions)
    assert match["Conditions"].iloc[0] == f"indirect: {names}"


def test_a_shared_sources_link_reproduces_the_view(data: Path) -> None:
    catalog = load_catalog(data)
    shared = SourceFilter(designs=(Design.RCT,), year_from=2015, text="ketamine", flags=("unverified",))
    at = open_page(SOURCES, **shared.to_query_params())
    assert_clean(at)
    assert at.multiselect(key="f_designs").value == [Design.RCT]
    assert at.slider(key="f_years").value[0] == 2015
    assert at.text_input(key="f_text").value == "ketamine"
    expected = filter_sources(catalog.base, catalog.records, shared)
    assert shown_count(at) == len(expected)
    assert at.query_params == {
        k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in shared.to_query_params().items()
    }


def test_free_text_search_and_clearing_the_filters(data: Path) -> None:
    catalog = load_catalog(data)
    at = open_page(SOURCES)
    at.text_input(key="f_text").input("midazolam").run()
    expected = filter_sources(catalog.base, catalog.records, SourceFilter(text="midazolam"))
    assert 0 < shown_count(at) == len(expected) < len(catalog.base.sources)
    assert at.query_params == {"q": "midazolam"}
    at.button(key="clear_filters").click().run()
    assert shown_count(at) == len(catalog.base.sources)
    assert at.query_params == {}
    at.text_input(key="f_text").input("zzzz-no-such-word").run()
    assert any("No source matches this filter" in i.value for i in at.info)
    assert not at.download_button


def test_exports_hold_exactly_the_filtered_sources(data: Path, downloads: dict[str, object]) -> None:
    catalog = load_catalog(data)
    flt = SourceFilter(conditions=("treatment-resistant-depression",))
    selection = filter_sources(catalog.base, catalog.records, flt)
    at = open_page(SOURCES, **flt.to_query_params())
    assert_clean(at)
    assert [b.proto.label for b in at.download_button] == [
        "CSV",
        "BibTeX",
        "RIS (Zotero, EndNote)",
        "Markdown list",
    ]

    exported = {name: content(served) for name, served in downloads.items()}
    for fmt, name in (
        ("csv", "ketamine-sources.csv"),
        ("bibtex", "ketamine-sources.bib"),
        ("ris", "ketamine-sources.ris"),
        ("markdown", "ketamine-sources.md"),
    ):
        assert exported[name] == export_sources(selection, catalog.records, fmt)

    rows = list(csv.DictReader(io.StringIO(exported["ketamine-sources.csv"])))
    assert [r["title"] for r in rows] == [s.title for s in selection]
    entries = rispy.loads(exported["ketamine-sources.ris"])
    assert len(entries) == len(selection)
    assert exported["ketamine-sources.bib"].count("\n@") + exported["ketamine-sources.bib"].startswith(
        "@"
    ) == len(selection)
    assert all(
        s.title.split(":")[0][:30] in exported["ketamine-sources.md"] for s in selection if "*" not in s.title
    )


# -- data quality and the refresh button ----------------------------------------------------------------


def test_data_quality_lists_what_needs_attention(data: Path) -> None:
    catalog = load_catalog(data)
    at = open_page(DATA_QUALITY)
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Validation problems"] == "0"
    assert shown["Not enriched from PubMed"] == str(len(catalog.base.pmids))
    assert shown["Unverified"] == str(len(catalog.unverified_sources))
    assert any("Refresh from PubMed" in b.proto.label for b in at.button)
    # nothing is cached, so the checks against PubMed never ran: no zero, no green box
    assert not catalog.records
    assert shown["PubMed mismatches"] == shown["Design disagreements"] == "not checked"
    assert sum("Not checked: no PubMed records are cached" in w.value for w in at.warning) == 2
    assert not any("No mismatch" in s.value or "No curated design" in s.value for s in at.success)
    assert "No literature surveillance has been run yet" in texts(at)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refresh_without_an_email_explains_and_changes_nothing(data: Path) -> None:
    at = open_page(DATA_QUALITY)
    at.button(key="refresh").click().run()
    assert_clean(at)
    assert any("contact email" in i.value for i in at.info)
    assert not (data / "pubmed" / "records").exists()


def test_refresh_with_ncbi_unreachable_is_calm_and_keeps_the_cache(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = PubmedCache(data)
    kept = a_record(23982301, title="Kept", abstract="Kept abstract.")
    cache.write(kept, "<PubmedArticle/>", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    monkeypatch.setenv("EVIDENCE_EUTILS_URL", f"http://127.0.0.1:{closed_port()}/entrez/eutils/")
    monkeypatch.setenv("EVIDENCE_EUTILS_RETRIES", "0")
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    at.secrets["ncbi_email"] = "curator@example.org"  # read from secrets by the page, not the environment
    at.switch_page(DATA_QUALITY).run()
    at.button(key="refresh").click().run()
    assert_clean(at)
    assert any("PubMed could not be reached" in i.value for i in at.info), [i.value for i in at.info]
    assert cache.load() == {23982301: kept}


def test_a_refresh_that_fetched_nothing_is_not_called_a_refresh(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCBI_EMAIL", "curator@example.org")
    monkeypatch.setenv("EVIDENCE_EUTILS_URL", f"http://127.0.0.1:{closed_port()}/entrez/eutils/")
    monkeypatch.setenv("EVIDENCE_EUTILS_RETRIES", "0")
    at = open_page(DATA_QUALITY)
    at.button(key="refresh").click().run()
    assert PubmedCache(data).status([]).last_refresh is not None, "the attempt is recorded"
    at = open_page()
    assert {m.label: m.value for m in at.metric}["PubMed data last refreshed"] == "never"
    assert "fetched nothing" in texts(at)


def test_refresh_fetches_records_and_the_pages_use_them(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import fake_eutils as fake  # the project's own module: an import error must fail

    with fake.FakeEutils() as server:
        served = set(server.articles)
        curated = set(load_catalog(data).base.pmids)
        if not served & curated:
            pytest.skip("the fake server's fixtures hold no curated PMID")
        monkeypatch.setenv("EVIDENCE_EUTILS_URL", server.url)
        monkeypatch.setenv("NCBI_EMAIL", "curator@example.org")
        at = open_page(DATA_QUALITY)
        at.button(key="refresh").click().run()
        assert_clean(at)
    assert any("Refresh finished" in s.value for s in at.success), [s.value for s in at.success]
    assert set(PubmedCache(data).load()) == served & curated
    shown = {m.label: m.value for m in at.metric}
    assert shown["Not enriched from PubMed"] == str(len(curated - served)), (
        "the page shows the new counts at once"
    )
    assert shown["PubMed mismatches"] != "not checked" and shown["Design disagreements"] != "not checked"
    assert not any("Not checked" in w.value for w in at.warning)
    at = open_page()
    assert {m.label: m.value for m in at.metric}["PubMed data last refreshed"] != "never"


# -- loading once, reloading on change ---------------------------------------------------------------

EXTRA_SOURCE = """\
sources:
  - id: reload-probe-2025
    title: A source added while the dashboard runs
    first_author: Probe A
    year: 2025
    journal: Journal of Tests
    url: https://example.org/reload-probe
    design: case_report
    conditions: [crps]
    source_url: https://example.org/reload-probe
"""


def test_data_is_loaded_once_and_again_when_a_file_changes(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import evidence.catalog

    loads: list[Path] = []
    real_load = evidence.catalog.load_evidence

    def counting_load(data_dir=None):
        loads.append(Path(data_dir))
        return real_load(data_dir)

    monkeypatch.setattr(evidence.catalog, "load_evidence", counting_load)
    at = open_page()
    before = int({m.label: m.value for m in at.metric}["Sources"])
    at.run()
    at.switch_page(SOURCES).run()
    assert len(loads) == 1, "three page runs, one load"

    (data / "citations" / "zz-added.yaml").write_text(EXTRA_SOURCE, encoding="utf-8")
    at.switch_page("dashboard.py").run()
    assert len(loads) == 2
    assert {m.label: m.value for m in at.metric}["Sources"] == str(before + 1)


def test_a_large_selection_shows_the_first_rows_and_exports_all(
    data: Path, monkeypatch: pytest.MonkeyPatch, downloads: dict[str, object]
) -> None:
    import dashboard_ui

    monkeypatch.setattr(dashboard_ui, "TABLE_ROW_LIMIT", 5)
    catalog = load_catalog(data)
    at = open_page(SOURCES)
    assert_clean(at)
    assert len(at.dataframe[0].value) == 5
    assert f"first 5 of {len(catalog.base.sources):,} sources" in texts(at)
    rows = list(csv.DictReader(io.StringIO(content(downloads["ketamine-sources.csv"]))))
    assert len(rows) == len(catalog.base.sources)


# -- context, case reports, patient experience, harms and review stamps (the Condition page) --------


def test_condition_page_shows_where_ketamine_fits_before_the_evidence(data: Path) -> None:
    catalog = load_catalog(data)
    slug = next(c.condition for c in catalog.base.context)
    context = catalog.base.context_by_slug[slug]
    at = open_page(CONDITION, condition=slug)
    assert_clean(at)
    page = texts(at)
    assert "Where ketamine fits in this condition" in page
    assert dashboard_ui.md_text(context.ketamine_fit) in page
    for step in context.first_line:
        assert dashboard_ui.md_text(step.treatment) in page


def test_case_reports_and_patient_experience_have_sections_of_their_own(data: Path) -> None:
    catalog = load_catalog(data)
    slug = next(e.conditions[0] for e in catalog.base.patient_experience)
    at = open_page(CONDITION, condition=slug)
    assert_clean(at)
    page = texts(at)
    experience = catalog.base.experience_for(slug)
    assert f"What patients report ({len(experience)})" in [h.value for h in at.subheader]
    assert "not evidence of effect" in page
    for entry in experience:
        assert dashboard_ui.md_text(entry.reports) in page
    reports = [s for s in catalog.sources_for(slug, direct=True) + catalog.sources_for(slug, direct=False)
               if s.design.value in ("case_report", "case_series")]  # fmt: skip
    assert f"Case reports and case series ({len(reports)})" in [h.value for h in at.subheader]


def test_harms_that_matter_for_the_routes_are_linked_with_their_certainty(data: Path) -> None:
    catalog = load_catalog(data)
    at = open_page(CONDITION, condition="treatment-resistant-depression")
    assert_clean(at)
    harms = next(t.value for t in at.dataframe if "Harm" in t.value.columns)
    expected = catalog.harms_for("treatment-resistant-depression")
    assert len(harms) == len(expected) > 0
    assert set(harms["Why it matters here"]) >= {"intranasal dosing", "repeated dosing"}


def test_the_review_stamp_says_who_reviewed_when_and_what_changed(data_copy: Path, monkeypatch) -> None:
    import datetime as dt

    from evidence.loading import load_evidence
    from evidence.signoff import sign_off

    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(data_copy))
    sign_off(load_evidence(data_copy).base, ["crps"], "A. Reviewer", "pain physician", dt.date(2026, 5, 31))
    at = open_page(CONDITION, condition="crps")
    stamp = dashboard_ui.md_text("Reviewed 31 May 2026 by A. Reviewer (pain physician); no change since")
    assert [s.value for s in at.success if stamp in s.value]
    with (data_copy / "citations" / "crps.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "\n  - pmid: 99999993\n    title: A made-up case of ketamine in CRPS\n    first_author: Case A\n"
            "    year: 2026\n    journal: Journal of Examples\n    design: case_report\n    conditions: [crps]\n"
            "    participants: 1\n    source_url: https://example.org/record/99999993\n"
        )
    at = open_page(CONDITION, condition="crps")
    warnings = [w.value for w in at.warning if "Reviewed 31 May 2026" in w.value]
    assert warnings and "1 change since" in warnings[0]
    assert "- source added: " + dashboard_ui.md_text("pmid:99999993") in texts(at)


# -- words a clinician uses -----------------------------------------------------------------------------
# An identifier from the data files or the code (no_clear_benefit, verified: false, grade_override,
# insufficient_evidence/very_low) on screen means the page printed a value instead of its label.
INTERNAL_TERM = re.compile(r"(?<![\w/.#?=&-])[a-z]+(?:_[a-z]+)+(?![\w.(-])|\b[a-z_]+: (?:true|false)\b")


def everything_shown(at: AppTest) -> list[str]:
    """Every piece of text a page shows: Markdown, alerts, labels, metrics, tabs and table cells.

    Code spans are left out: there a page names a setting for whoever configures the server
    (`ncbi_email` in `.streamlit/secrets.toml`), which must be written exactly.
    """
    parts = [texts(at)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [t.label for t in at.tabs]
    for frame in at.dataframe:
        table = frame.value
        parts += [str(c) for c in table.columns]
        parts += [str(v) for column in table.columns for v in table[column].tolist() if isinstance(v, str)]
    # Markdown escapes are not part of the words
    return [re.sub(r"`[^`]*`", "", p.replace("\\", "")) for p in parts]


def internal_terms(at: AppTest) -> set[str]:
    return {m.group(0) for part in everything_shown(at) for m in INTERNAL_TERM.finditer(part)}


def test_the_internal_term_check_finds_what_it_looks_for() -> None:
    for shown in ("Direction: no_clear_benefit", "verified: false", "grade insufficient_evidence/very_low"):
        assert INTERNAL_TERM.search(shown), shown
    for fine in ("no clear benefit", "https://pmc.ncbi.nlm.nih.gov/articles/PMC1/", "?condition=ptsd_x"):
        assert not INTERNAL_TERM.search(fine), fine


@pytest.mark.parametrize(
    "page, query",
    [
        (None, {}),
        (SOURCES, {}),
        ("pages/4_Data_quality.py", {}),
        *[(CONDITION, {"condition": slug}) for slug in load_catalog(SHIPPED_DATA).base.condition_by_slug],
    ],
)
def test_no_page_shows_an_internal_term(data: Path, page, query) -> None:
    at = open_page(page, **query)
    assert_clean(at)
    assert not internal_terms(at), internal_terms(at)


@pytest.mark.parametrize("slug", list(load_catalog(SHIPPED_DATA).base.condition_by_slug))
def test_published_positions_never_say_none_while_a_guideline_is_curated(data: Path, slug: str) -> None:
    """The harms entry once said 'no guideline is curated' above a table listing one and a label."""
    catalog = load_catalog(data)
    documents = [
        s
        for s in [*catalog.sources_for(slug, direct=True), *catalog.sources_for(slug, direct=False)]
        if s.design.is_position
    ]
    at = open_page(CONDITION, condition=slug)
    shown = texts(at)
    says_none = "No guideline, consensus statement or regulatory decision on this condition is curated yet."
    assert (says_none in shown) == (not documents)
    for document in documents:
        assert dashboard_ui.md_text(document.title) in shown, document.title
