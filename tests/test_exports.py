"""Exports a reader takes to a spreadsheet, Zotero or EndNote: each format read back by a real parser."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from markdown_it import MarkdownIt

from evidence.cli import main
from evidence.exports import FORMATS, export_sources
from evidence.loading import load_evidence
from tests.pubmed_records import make_record
from tests.test_filters import make_source

TRICKY_TITLE = "Ketamine {and} 50% & $5 #1 dose_a ~b \\c <script>alert(1)</script> in Zürich: ÆØ β-arrestin"
TRICKY = make_source(
    pmid=2001,
    title=TRICKY_TITLE,
    first_author="Müller-Łukasz ÅB",
    year=2021,
    journal="Revue médicale & santé",
    doi="10.1000/xyz_1",
    pmcid="PMC123",
    notes='=HYPERLINK("http://evil") <img src=x onerror=alert(1)>',
)
RETRACTED = make_source(pmid=2002, title="A retracted trial", retracted=True, year=2012)
UNVERIFIED_GUIDELINE = make_source(
    id="who-guideline-2020",
    design="guideline",
    title="Guideline on anaesthesia",
    first_author="World Health Organization",
    journal="WHO",
    url="https://example.org/who",
    verified=False,
    positions=[{"condition": "alpha", "stance": "conditional", "statement": "Use with care."}],
)
ENRICHED = make_source(pmid=2003, title="An enriched trial", first_author="Smith J", year=2019)
SOURCES = (TRICKY, RETRACTED, UNVERIFIED_GUIDELINE, ENRICHED)
RECORDS = {
    2003: make_record(
        2003,
        authors=("Smith J", "Jones AB", "Ólafsdóttir K"),
        abstract=(("BACKGROUND", "Short."),),
        retracted=False,
    )
}


def test_csv_has_one_row_per_source_with_fields_links_and_flags():
    rows = list(csv.DictReader(io.StringIO(export_sources(SOURCES, RECORDS, "csv"))))
    assert [r["key"] for r in rows] == ["pmid:2001", "pmid:2002", "who-guideline-2020", "pmid:2003"]
    tricky = rows[0]
    assert tricky["title"] == TRICKY_TITLE
    assert tricky["first_author"] == "Müller-Łukasz ÅB"
    assert tricky["pubmed_url"] == "https://pubmed.ncbi.nlm.nih.gov/2001/"
    assert tricky["pmc_url"] == "https://pmc.ncbi.nlm.nih.gov/articles/PMC123/"
    assert tricky["doi_url"] == "https://doi.org/10.1000/xyz_1"
    assert tricky["design"] == "rct"
    assert tricky["flags"] == "not_enriched"
    # a spreadsheet must not run curated text as a formula
    assert tricky["notes"].startswith("'=HYPERLINK")
    assert rows[1]["retracted"] == "True" and rows[1]["flags"] == "retracted; not_enriched"
    assert rows[2]["verified"] == "False" and rows[2]["positions"] == "alpha: conditional"
    assert rows[3]["authors"] == "Smith J; Jones AB; Ólafsdóttir K" and rows[3]["pages"] == "100-110"


def test_ris_reads_back_in_rispy_with_types_ids_and_flags():
    entries = rispy.loads(export_sources(SOURCES, RECORDS, "ris"))
    assert len(entries) == 4
    tricky, retracted, guideline, enriched = entries
    assert tricky["type_of_reference"] == "JOUR"
    assert tricky["title"] == TRICKY_TITLE
    assert tricky["authors"] == ["Müller-Łukasz, Å. B."]
    assert tricky["year"] == "2021"
    assert tricky["journal_name"] == "Revue médicale & santé"
    assert tricky["doi"] == "10.1000/xyz_1"
    assert tricky["accession_number"] == "2001"
    assert "https://pubmed.ncbi.nlm.nih.gov/2001/" in tricky["urls"]
    assert "Retracted." in retracted["notes"][0]
    assert "Retracted" in retracted["keywords"]
    assert guideline["type_of_reference"] == "RPRT"
    assert guideline["authors"] == ["World Health Organization"]
    assert "Unverified." in guideline["notes"][0]
    assert guideline["urls"] == ["https://example.org/who"]
    assert enriched["authors"] == ["Smith, J.", "Jones, A. B.", "Ólafsdóttir, K."]
    assert enriched["volume"] == "12" and enriched["abstract"] == "BACKGROUND: Short."


def test_bibtex_escapes_special_characters_and_reads_back_intact():
    text = export_sources(SOURCES, RECORDS, "bibtex")
    assert "<script>" not in text and "50%" not in text  # raw, they would break LaTeX
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    tricky = entries["MullerLukasz2021-2001"]
    assert tricky.entry_type == "article"
    assert tricky["title"].strip("{}") == TRICKY_TITLE
    assert tricky["journal"] == "Revue médicale & santé"
    assert tricky["doi"] == "10.1000/xyz_1"
    assert tricky["pmid"] == "2001"
    assert entries["Smith2019-2003"]["author"] == "Smith, J. and Jones, A. B. and Ólafsdóttir, K."
    assert entries["Smith2019-2003"]["pages"] == "100–110"
    guideline = entries["who-guideline-2020"]
    assert guideline.entry_type == "misc"
    # braces make a group author one name, not "Organization, World Health"
    assert "author = {{World Health Organization}}" in text
    assert "Unverified" in guideline["note"]
    assert "Retracted" in entries["Smith2012-2002"]["note"]


def test_bibtex_keys_are_unique_and_do_not_depend_on_the_selection():
    full = bibtexparser.parse_string(export_sources(SOURCES, RECORDS, "bibtex"))
    alone = bibtexparser.parse_string(export_sources((ENRICHED,), RECORDS, "bibtex"))
    keys = [e.key for e in full.entries]
    assert len(set(keys)) == len(keys)
    assert alone.entries[0].key == keys[3]
    twice = bibtexparser.parse_string(export_sources((ENRICHED, ENRICHED), RECORDS, "bibtex"))
    assert not twice.failed_blocks and len({e.key for e in twice.entries}) == 2


def test_markdown_is_a_numbered_reference_list_that_never_renders_html():
    text = export_sources(SOURCES, RECORDS, "markdown")
    lines = text.splitlines()
    assert [line.split(".", 1)[0] for line in lines] == ["1", "2", "3", "4"]
    assert lines[1].startswith("2. **RETRACTED.**")
    assert "Unverified" in lines[2]
    assert lines[3].startswith(
        "4. Smith J, Jones AB, Ólafsdóttir K. An enriched trial. Journal of Tests. 2019;12(3):100-110."
    )
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ol>" in html and html.count("<li>") == 4


def test_markdown_cuts_long_author_lists_vancouver_style():
    record = make_record(2003, authors=tuple(f"Author{i} X" for i in range(8)))
    line = export_sources((ENRICHED,), {2003: record}, "markdown")
    assert "Author5 X, et al." in line and "Author6" not in line


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_exports_an_empty_document(fmt: str):
    text = export_sources((), {}, fmt)
    assert text.strip() in (
        "",
        ",".join(csv.DictReader(io.StringIO(export_sources((), {}, "csv"))).fieldnames),
    )


def test_export_command_writes_a_condition_to_a_file(data_copy: Path, tmp_path: Path, capsys):
    base = load_evidence(data_copy).base
    slug = base.conditions[0].slug
    out = tmp_path / "refs.ris"
    assert (
        main(["export", "--data", str(data_copy), "--format", "ris", "--condition", slug, "--out", str(out)])
        == 0
    )
    entries = rispy.loads(out.read_text(encoding="utf-8"))
    assert [e["title"] for e in entries] == [" ".join(s.title.split()) for s in base.sources_for(slug)]


def test_export_command_prints_every_source_by_default(data_copy: Path, capsys):
    assert main(["export", "--data", str(data_copy), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(load_evidence(data_copy).base.sources)


def test_export_command_names_an_unknown_condition(data_copy: Path, capsys):
    assert main(["export", "--data", str(data_copy), "--condition", "no-such-thing"]) == 2
    assert "unknown condition 'no-such-thing'" in capsys.readouterr().err
