"""Reading efetch XML: an unreadable answer is named where it came from, and a sparse book record is still read."""

from __future__ import annotations

import json

import pytest

from evidence.cli import main
from evidence.eutils import EutilsSettings
from evidence.pubmed import PubmedXmlError, parse_pubmed_xml
from evidence.surveil import run_surveillance

from .fake_eutils import FakeEutils, Fault, write_data_dir
from .pubmed_records import only_pmid

# starts as XML and ends as a PubmedArticleSet, so it is not retried; Bio.Entrez cannot read it
CORRUPTED_ANSWER = (
    b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet><PubmedArticle></PubmedArticleSet>\n"
)
WHY_UNREADABLE = (
    "not a readable PubMed efetch answer (CorruptedXMLError: Failed to parse the XML data"
    " (mismatched tag: line 3, column 35). Please make sure that the input data are not corrupted.)"
)


def test_parse_names_the_file_it_could_not_read_as_pubmed_xml(tmp_path, capsys):
    answer = tmp_path / "saved answer.xml"
    answer.write_bytes(CORRUPTED_ANSWER)
    assert main(["pubmed", "parse", str(answer), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"error: {answer}: {WHY_UNREADABLE}\n")


def test_parse_names_a_file_that_is_not_there_and_says_why(tmp_path, capsys):
    missing = tmp_path / "missing.xml"
    assert main(["pubmed", "parse", str(missing)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        f"error: {missing}: cannot read (No such file or directory)\n",
    )


def test_an_unreadable_answer_without_a_file_is_called_the_efetch_answer():
    with pytest.raises(PubmedXmlError) as failed:
        parse_pubmed_xml(CORRUPTED_ANSWER)
    assert str(failed.value) == f"efetch answer: {WHY_UNREADABLE}"
    with pytest.raises(PubmedXmlError) as failed:
        parse_pubmed_xml(CORRUPTED_ANSWER, source="batch 3")
    assert str(failed.value) == f"batch 3: {WHY_UNREADABLE}"


def test_surveillance_says_why_the_new_records_have_no_titles_when_their_answer_cannot_be_read(tmp_path):
    """The uncurated PMIDs are still listed; the condition's error says the titles could not be read, and why."""
    data = write_data_dir(tmp_path / "data", [], query="ketamine[tiab]")
    with FakeEutils() as fake:
        fake.searches["ketamine[tiab]"] = (2, [39000002, 39000001])
        fake.inject(Fault("ok"), Fault("body", body=CORRUPTED_ANSWER))  # the search, then the titles
        settings = EutilsSettings(email="tests@example.org", api_key="test-key", base_url=fake.url)
        report = run_surveillance(data, settings)
    (condition,) = report.conditions
    assert [(n.pmid, n.title) for n in condition.new] == [(39000002, None), (39000001, None)]
    assert condition.error == f"titles of some records could not be read: efetch answer: {WHY_UNREADABLE}"


def efetch_answer(*articles: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
        b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>'
        + b"\n".join(articles)
        + b"</PubmedArticleSet>\n"
    )


@pytest.mark.parametrize(
    "book",
    [
        '<Book><BookTitle book="b9"></BookTitle></Book>',
        "",
    ],
    ids=["a book whose title is empty", "no book element at all"],
)
def test_a_book_record_with_no_title_anywhere_has_an_empty_title_not_an_invented_one(book):
    """No chapter title and no book title: the title is left empty (shown as missing), and nothing else is made up."""
    chapter = (
        f'<PubmedBookArticle><BookDocument><PMID Version="1">39000015</PMID>{book}'
        "</BookDocument></PubmedBookArticle>"
    ).encode()
    (record,) = parse_pubmed_xml(efetch_answer(chapter))
    assert json.loads(json.dumps(record.as_dict())) == only_pmid(39000015)
