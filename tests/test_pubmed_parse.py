"""`pubmed parse`: efetch XML (hand-written and recorded from NCBI) into normalised records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from evidence.cache import PubmedCache
from evidence.cli import main
from evidence.pubmed import parse_pubmed_articles, parse_pubmed_xml, record_from_dict

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pubmed" / "curated_like.xml"
KEYS = [
    "pmid", "title", "authors", "first_author", "journal", "journal_abbrev", "year", "volume", "issue", "pages",
    "abstract", "doi", "pmcid", "publication_types", "mesh_terms", "keywords", "language", "retracted",
    "retraction_notice_pmids", "errata_pmids", "expression_of_concern",
]  # fmt: skip


def parse_cli(path: Path, capsys) -> list[dict]:
    assert main(["pubmed", "parse", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def by_pmid(records: list[dict]) -> dict[int, dict]:
    return {r["pmid"]: r for r in records}


def test_parse_command_lists_every_article_with_the_documented_keys(capsys):
    records = parse_cli(FIXTURE, capsys)
    assert [r["pmid"] for r in records] == [10686270, 16894061, 23982301, 9500320, 39000001, 39000010]
    assert all(list(r) == KEYS for r in records)


def test_journal_article_fields(capsys):
    berman = by_pmid(parse_cli(FIXTURE, capsys))[10686270]
    assert berman["title"] == "Antidepressant effects of ketamine in depressed patients."
    assert berman["authors"] == ["Berman RM", "Cappiello A", "Krystal JH"]
    assert berman["first_author"] == "Berman RM"
    assert (berman["journal"], berman["journal_abbrev"]) == ("Biological psychiatry", "Biol Psychiatry")
    assert (berman["year"], berman["volume"], berman["issue"], berman["pages"]) == (2000, "47", "4", "351-4")
    assert berman["mesh_terms"] == ["Depressive Disorder, Major", "Ketamine"]
    assert berman["publication_types"] == ["Randomized Controlled Trial", "Journal Article"]
    assert berman["language"] == "eng"
    assert berman["doi"] == "10.1016/s0006-3223(99)00230-9"


def test_structured_abstract_keeps_labels_and_collective_authors_are_named(capsys):
    murrough = by_pmid(parse_cli(FIXTURE, capsys))[23982301]
    assert [label for label, _ in murrough["abstract"]] == ["OBJECTIVE", "METHOD", "RESULTS", "CONCLUSIONS"]
    assert murrough["pmcid"] == "PMC3992936"
    assert murrough["keywords"] == ["ketamine", "midazolam"]
    assert murrough["authors"][1] == "Ketamine Trial Group (test fixture)"


def test_author_suffix_is_part_of_the_name(capsys):
    assert by_pmid(parse_cli(FIXTURE, capsys))[16894061]["first_author"] == "Zarate CA Jr"


def test_retraction_is_read_and_reference_ids_are_not_taken_as_the_article_ids(capsys):
    wakefield = by_pmid(parse_cli(FIXTURE, capsys))[9500320]
    assert wakefield["retracted"] is True
    assert wakefield["retraction_notice_pmids"] == [20137807]
    # the reference list carries a DOI and a PMCID of a cited paper
    assert wakefield["doi"] == "10.1016/s0140-6736(97)11096-0"
    assert wakefield["pmcid"] is None


def test_markup_medline_date_errata_and_expression_of_concern(capsys):
    record = by_pmid(parse_cli(FIXTURE, capsys))[39000001]
    assert record["title"] == "Sub-anaesthetic S-ketamine, CO2 and mood: a made-up trial1."
    assert "<" not in record["title"] and "<" not in record["abstract"][0][1]
    assert record["year"] == 2019  # from MedlineDate "2019 Nov-Dec"
    assert record["errata_pmids"] == [39000003]
    assert record["expression_of_concern"] is True
    assert record["retracted"] is False
    assert record["pages"] is None  # only an ELocationID, no pagination
    assert record["doi"] is None  # ELocationID is not PubmedData/ArticleIdList


def test_book_article(capsys):
    book = by_pmid(parse_cli(FIXTURE, capsys))[39000010]
    assert book["title"] == "Ketamine (a chapter written for the tests)"
    assert book["authors"] == ["Author B"]  # the chapter's authors, not the book's editors
    assert book["journal"] == "Test Pharmacology®"
    assert book["year"] == 2024
    assert book["publication_types"] == ["Review"]
    assert book["abstract"] == [["CONTINUING EDUCATION ACTIVITY", "Placeholder abstract of a book chapter."]]


BOOK_WITHOUT_CHAPTER_AUTHORS = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">39000011</PMID>
<Book><BookTitle book="b2">Invented Handbook of Anaesthesia</BookTitle><PubDate><Year>2021</Year></PubDate>
<AuthorList Type="authors"><Author ValidYN="Y"><LastName>Writer</LastName><ForeName>Wanda</ForeName>
<Initials>W</Initials></Author></AuthorList><Volume>3</Volume></Book>
<Pagination><MedlinePgn>101-9</MedlinePgn></Pagination><Language>fre</Language>
<PublicationType UI="D016454">Review</PublicationType>
<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">ketamine</Keyword></KeywordList>
</BookDocument><PubmedBookData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>
<ArticleId IdType="pubmed">39000011</ArticleId><ArticleId IdType="doi">10.9999/book.39000011</ArticleId>
<ArticleId IdType="pmc">PMC1234567</ArticleId></ArticleIdList></PubmedBookData></PubmedBookArticle></PubmedArticleSet>
"""


def test_a_whole_book_takes_its_title_and_authors_from_the_book_and_its_ids_from_pubmed_book_data():
    (book,) = parse_pubmed_xml(BOOK_WITHOUT_CHAPTER_AUTHORS)
    assert json.loads(json.dumps(book.as_dict())) == {
        "pmid": 39000011,
        "title": "Invented Handbook of Anaesthesia",
        "authors": ["Writer W"],
        "first_author": "Writer W",
        "journal": "Invented Handbook of Anaesthesia",
        "journal_abbrev": None,
        "year": 2021,
        "volume": "3",
        "issue": None,
        "pages": "101-9",
        "abstract": [],
        "doi": "10.9999/book.39000011",
        "pmcid": "PMC1234567",
        "publication_types": ["Review"],
        "mesh_terms": [],
        "keywords": ["ketamine"],
        "language": "fre",
        "retracted": False,
        "retraction_notice_pmids": [],
        "errata_pmids": [],
        "expression_of_concern": False,
    }


def test_real_ncbi_answers(ncbi_fixtures, capsys):
    markup = parse_cli(ncbi_fixtures / "pubmed6.xml", capsys)[0]
    assert markup["pmid"] == 30108519
    assert markup["title"].startswith('A "Blood Relationship" Between')
    assert markup["pmcid"] == "PMC6079548"
    assert "<math" not in markup["abstract"][0][1]
    pmc = parse_cli(ncbi_fixtures / "pubmed5.xml", capsys)[0]
    assert (pmc["pmcid"], pmc["doi"]) == ("PMC5771820", "10.1136/oemed-2017-104431")
    review = by_pmid(parse_cli(ncbi_fixtures / "pubmed1.xml", capsys))[12091962]
    assert review["publication_types"] == ["Journal Article", "Review"]
    assert review["year"] == 1990
    two = parse_cli(ncbi_fixtures / "pubmed2.xml", capsys)
    assert [r["doi"] for r in two] == ["10.1006/cryo.2001.2328", "10.1006/jmre.2001.2429"]


def test_unreadable_file_is_a_user_error(tmp_path, capsys):
    page = tmp_path / "page.xml"
    page.write_text("<html><body>Service unavailable</body></html>")
    assert main(["pubmed", "parse", str(page)]) == 2
    assert "not a readable PubMed efetch answer" in capsys.readouterr().err
    assert main(["pubmed", "parse", str(tmp_path / "missing.xml")]) == 2


def test_records_survive_the_cache_round_trip():
    for record in parse_pubmed_xml(FIXTURE.read_bytes()):
        assert record_from_dict(json.loads(json.dumps(record.as_dict()))) == record


def efetch_answer(*articles: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
        b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>'
        + b"\n".join(articles)
        + b"</PubmedArticleSet>\n"
    )


def journal_article(
    pmid: int,
    *,
    pub_date: str = "<Year>2023</Year>",
    pagination: str = "",
    corrections: str = "",
    types: tuple[str, ...] = ("Journal Article",),
    opening: str = "<PubmedArticle>",
    title: str | None = None,
    vernacular_title: str | None = None,
) -> bytes:
    """An invented article of the fields under test; everything else is left out, as PubMed may."""
    listed = "".join(f"<PublicationType>{t}</PublicationType>" for t in types)
    title = f"Invented article {pmid}" if title is None else title
    vernacular = "" if vernacular_title is None else f"<VernacularTitle>{vernacular_title}</VernacularTitle>"
    return (
        f'{opening}<MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f"<Article><Journal><JournalIssue><PubDate>{pub_date}</PubDate></JournalIssue>"
        f"<Title>Journal of invented articles</Title></Journal><ArticleTitle>{title}</ArticleTitle>"
        f"{pagination}<PublicationTypeList>{listed}</PublicationTypeList>{vernacular}</Article>"
        f"<CommentsCorrectionsList>{corrections}</CommentsCorrectionsList></MedlineCitation>"
        "</PubmedArticle>"
    ).encode()


@pytest.mark.parametrize(
    ("pagination", "pages"),
    [
        ("<Pagination><StartPage>12</StartPage><EndPage>19</EndPage></Pagination>", "12-19"),
        ("<Pagination><StartPage>e1234</StartPage></Pagination>", "e1234"),
        ("<Pagination><StartPage>351</StartPage><EndPage>354</EndPage><MedlinePgn>351-4</MedlinePgn></Pagination>",
         "351-4"),
        ("", None),
        ("<Pagination><MedlinePgn></MedlinePgn></Pagination>", None),
    ],
    ids=["start and end page", "start page only", "MEDLINE pagination first", "no pagination", "empty pagination"],
)  # fmt: skip
def test_pages_come_from_medline_pagination_or_else_the_start_and_end_page(pagination, pages):
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000020, pagination=pagination)))
    assert record.pages == pages


@pytest.mark.parametrize(
    ("pub_date", "year"),
    [
        ("<Year>2023</Year><Month>Mar</Month>", 2023),
        ("<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", 1998),
        ("<MedlineDate>Winter</MedlineDate>", None),
    ],
)
def test_the_year_is_the_first_year_of_the_publication_date_and_none_when_it_has_none(pub_date, year):
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000021, pub_date=pub_date)))
    assert record.year == year


def test_a_retraction_notice_marks_an_article_retracted_before_pubmed_retypes_it():
    """PubMed links the notice first; the "Retracted Publication" type can come later."""
    corrections = (
        '<CommentsCorrections RefType="RetractionIn"><RefSource>J Invented. 2024;1:1</RefSource>'
        '<PMID Version="1">39000099</PMID></CommentsCorrections>'
        '<CommentsCorrections RefType="RetractedandRepublishedIn"><RefSource>J Invented. 2024;1:2</RefSource>'
        '<PMID Version="1">39000098</PMID></CommentsCorrections>'
        '<CommentsCorrections RefType="RetractionIn"><RefSource>J Invented. 2024;1:1</RefSource>'
        '<PMID Version="1">39000099</PMID></CommentsCorrections>'
        '<CommentsCorrections RefType="ErratumIn"><RefSource>J Invented. 2024;1:3</RefSource>'
        '<PMID Version="1">39000097</PMID></CommentsCorrections>'
        '<CommentsCorrections RefType="CommentIn"><RefSource>J Invented. 2024;1:4</RefSource>'
        '<PMID Version="1">39000096</PMID></CommentsCorrections>'
    )
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000022, corrections=corrections)))
    assert record.publication_types == ("Journal Article",)
    assert (
        record.retracted,
        record.retraction_notice_pmids,
        record.errata_pmids,
        record.expression_of_concern,
    ) == (True, (39000099, 39000098), (39000097,), False)


def test_a_retraction_notice_without_a_pmid_still_marks_the_article_retracted():
    """A notice in a journal PubMed does not index is linked by its reference alone."""
    corrections = (
        '<CommentsCorrections RefType="RetractionIn"><RefSource>Uncatalogued J. 2024;1:1</RefSource>'
        "</CommentsCorrections>"
    )
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000025, corrections=corrections)))
    assert (record.retracted, record.retraction_notice_pmids) == (True, ())


def test_an_answer_with_no_article_is_an_empty_list_not_an_error():
    """What efetch answers when none of the PMIDs asked for exists: enrich reports them not found."""
    assert parse_pubmed_articles(efetch_answer()) == []


def test_each_article_keeps_its_own_xml_for_the_cache():
    first, second = journal_article(39000023), journal_article(39000024)
    articles = parse_pubmed_articles(efetch_answer(first, second))
    assert [(a.record.pmid, a.xml) for a in articles] == [
        (39000023, first.decode()),
        (39000024, second.decode()),
    ]


def test_an_article_whose_own_xml_cannot_be_cut_out_is_still_cached(tmp_path):
    """XML allows ``<PubmedArticle >``; the record is what counts, the cached XML is then empty."""
    answer = efetch_answer(journal_article(39000025, opening="<PubmedArticle >"))
    (article,) = parse_pubmed_articles(answer)
    assert article.xml == ""
    cache = PubmedCache(tmp_path / "data")
    cache.write_many([(article.record, article.xml)], dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert cache.load()[39000025].title == "Invented article 39000025"
    assert (cache.records_dir / "39000025.xml").read_text(encoding="utf-8").strip() == ""


def test_a_book_without_pubmed_book_data_has_no_article_ids():
    answer = efetch_answer(
        b'<PubmedBookArticle><BookDocument><PMID Version="1">39000012</PMID><Book>'
        b'<BookTitle book="b3">Invented Pocket Guide</BookTitle><PubDate><Year>2022</Year></PubDate></Book>'
        b"</BookDocument></PubmedBookArticle>"
    )
    (book,) = parse_pubmed_xml(answer)
    assert (book.pmid, book.title, book.journal, book.year, book.doi, book.pmcid) == (
        39000012,
        "Invented Pocket Guide",
        "Invented Pocket Guide",
        2022,
        None,
        None,
    )


def test_parse_prints_json_a_person_can_read_with_letters_beyond_ascii_as_they_are(capsys):
    """`pubmed parse` is for looking at what PubMed holds: one field per line, and ® as ® (not \\u00ae)."""
    assert main(["pubmed", "parse", str(FIXTURE), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "[\n"
        "  {\n"
        '    "pmid": 10686270,\n'
        '    "title": "Antidepressant effects of ketamine in depressed patients.",\n'
        '    "authors": [\n'
        '      "Berman RM",\n'
        '      "Cappiello A",\n'
        '      "Krystal JH"\n'
        "    ],\n"
    )
    assert '\n    "journal": "Test Pharmacology®",\n' in out
    assert out.endswith("  }\n]\n")


@pytest.mark.parametrize(
    ("title", "vernacular_title", "shown"),
    [
        ("[Ketamine in depression].", "La kétamine dans la dépression.", "[Ketamine in depression]."),
        ("", "La kétamine dans la dépression.", "La kétamine dans la dépression."),
        ("", None, ""),
    ],
    ids=["English title first", "original-language title when there is no English one", "no title at all"],
)
def test_an_article_without_an_english_title_is_shown_by_its_original_language_title(
    title, vernacular_title, shown
):
    answer = efetch_answer(journal_article(39000026, title=title, vernacular_title=vernacular_title))
    (record,) = parse_pubmed_xml(answer)
    assert record.title == shown


def book_chapter(pmid: int, *, book_author_lists: str, chapter_author_lists: str) -> bytes:
    return (
        f'<PubmedBookArticle><BookDocument><PMID Version="1">{pmid}</PMID><Book>'
        '<BookTitle book="b5">Invented Atlas of Anaesthesia</BookTitle><PubDate><Year>2020</Year></PubDate>'
        f"{book_author_lists}</Book><ArticleTitle>Ketamine, a chapter</ArticleTitle>{chapter_author_lists}"
        "</BookDocument></PubmedBookArticle>"
    ).encode()


def author_list(kind: str, *names: tuple[str, str]) -> str:
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{last}</LastName><Initials>{initials}</Initials></Author>'
        for last, initials in names
    )
    return f'<AuthorList Type="{kind}">{authors}</AuthorList>'


def test_a_chapters_editors_are_not_its_authors():
    """A chapter may list its authors and its editors; only the authors are cited as its authors."""
    chapter = book_chapter(
        39000013,
        book_author_lists=author_list("editors", ("Editor", "E")),
        chapter_author_lists=author_list("authors", ("Writer", "W"), ("Second", "S"))
        + author_list("editors", ("Chapter-Editor", "C")),
    )
    (record,) = parse_pubmed_xml(efetch_answer(chapter))
    assert (record.authors, record.first_author) == (("Writer W", "Second S"), "Writer W")


def test_a_book_with_only_editors_has_no_authors():
    """An edited book with no chapter authors has no first author to cite, not its editor."""
    chapter = book_chapter(
        39000014,
        book_author_lists=author_list("editors", ("Editor", "E")),
        chapter_author_lists=author_list("editors", ("Chapter-Editor", "C")),
    )
    (record,) = parse_pubmed_xml(efetch_answer(chapter))
    assert (record.authors, record.first_author) == ((), None)


def test_an_answer_citing_a_dtd_newer_than_biopython_bundles_is_parsed_without_going_online(monkeypatch):
    """NCBI dates its DTD each year; an answer citing one Biopython does not have yet still parses, offline."""
    from Bio.Entrez import Parser

    def offline(url, *args, **kwargs):
        raise OSError(f"the test is offline: {url}")

    monkeypatch.setattr(Parser, "urlopen", offline)
    answer = efetch_answer(journal_article(39000027)).replace(b"pubmed_250101.dtd", b"pubmed_990101.dtd")
    assert b"pubmed_990101.dtd" in answer
    (record,) = parse_pubmed_xml(answer)
    assert (record.pmid, record.title, record.year) == (39000027, "Invented article 39000027", 2023)
