"""Reading efetch XML: author names, MathML, sparse records, retraction status and answers that are not articles."""

from __future__ import annotations

import json

import pytest

from evidence.cli import main
from evidence.pubmed import PubmedXmlError, parse_pubmed_xml

from .pubmed_records import only_pmid


def efetch_answer(*articles: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
        ' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>'
        + "\n".join(articles)
        + "</PubmedArticleSet>\n"
    ).encode()


def journal_article(pmid: int, article: str, *, citation: str = "", pubmed_data: str = "") -> str:
    """An invented article holding only the elements given (PubMed leaves out what it does not know)."""
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f"<Article>{article}</Article>{citation}</MedlineCitation>{pubmed_data}</PubmedArticle>"
    )


def person(last: str, *, initials: str = "", fore: str = "", suffix: str = "") -> str:
    parts = f"<LastName>{last}</LastName>"
    parts += f"<ForeName>{fore}</ForeName>" if fore else ""
    parts += f"<Initials>{initials}</Initials>" if initials else ""
    parts += f"<Suffix>{suffix}</Suffix>" if suffix else ""
    return f'<Author ValidYN="Y">{parts}</Author>'


def collective(name: str) -> str:
    return f'<Author ValidYN="Y"><CollectiveName>{name}</CollectiveName></Author>'


def as_json(record) -> dict:
    return json.loads(json.dumps(record.as_dict()))


# -- authors --------------------------------------------------------------------------------------


def test_every_author_is_named_as_cited_group_names_included_wherever_they_stand():
    """Last name and initials (the fore name when PubMed gives no initials), then any suffix; a group by its name.

    A group in the middle of the list does not end it: the people after it are authors too. An entry
    whose name is blank is left out rather than shown as an empty name.
    """
    authors = (
        person("Berman", initials="RM", fore="Robert M")
        + collective("Ketamine <i>Study</i> Group")
        + person("Nakamura", fore="Aiko")
        + person("Zarate", initials="CA", fore="Carlos A", suffix="Jr")
        + collective("Second Consortium")
        + collective("<i> </i>")
        + person("Okafor", initials="C")
    )
    article = f'<ArticleTitle>Invented</ArticleTitle><AuthorList CompleteYN="Y">{authors}</AuthorList>'
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000040, article)))
    assert record.authors == (
        "Berman RM",
        "Ketamine Study Group",
        "Nakamura Aiko",
        "Zarate CA Jr",
        "Second Consortium",
        "Okafor C",
    )
    assert record.first_author == "Berman RM"


def test_an_author_known_only_by_a_fore_name_is_cited_by_it_not_by_a_bare_last_name():
    article = (
        f"<ArticleTitle>Invented</ArticleTitle><AuthorList>{person('Nakamura', fore='Aiko')}</AuthorList>"
    )
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000041, article)))
    assert (record.authors, record.first_author) == (("Nakamura Aiko",), "Nakamura Aiko")


def author_list(kind: str, *authors: str) -> str:
    return f'<AuthorList Type="{kind}">{"".join(authors)}</AuthorList>'


def test_a_chapter_listing_its_editors_before_its_authors_still_has_its_authors():
    """Editors are passed over wherever they stand; the authors listed after them are the chapter's authors."""
    chapter = (
        '<PubmedBookArticle><BookDocument><PMID Version="1">39000042</PMID><Book>'
        '<BookTitle book="b6">Invented Atlas of Anaesthesia</BookTitle><PubDate><Year>2020</Year></PubDate>'
        f"{author_list('editors', person('Editor', initials='E'))}</Book>"
        "<ArticleTitle>Ketamine, a chapter</ArticleTitle>"
        + author_list("editors", person("Chapter-Editor", initials="C"))
        + author_list("authors", person("Writer", initials="W"), person("Second", initials="S"))
        + "</BookDocument></PubmedBookArticle>"
    )
    (record,) = parse_pubmed_xml(efetch_answer(chapter))
    assert (record.authors, record.first_author) == (("Writer W", "Second S"), "Writer W")


# -- MathML and inline markup -----------------------------------------------------------------------


def test_mathml_in_a_real_abstract_reads_as_its_symbols_run_together(ncbi_fixtures):
    """PMID 30108519 writes V̇O2max in MathML, spread over many indented lines; it reads "V.O2max" each time."""
    (record,) = parse_pubmed_xml((ncbi_fixtures / "pubmed6.xml").read_bytes())
    ((label, text),) = record.abstract
    assert label is None
    assert "maximal oxygen uptake ( V.O2max ) 67.6 ± 4.1 ml·kg-1·min-1] homogeneous" in text
    assert "a maximal ramp incremental running test for V.O2max determination, and 2)" in text
    assert "the best predictors of V.O2max (r = 0.72-0.79; P < 0.001)." in text
    assert "mml" not in text and "\n" not in text


def test_a_title_with_mathml_and_inline_markup_reads_as_plain_text():
    title = (
        "Ketamine and <mml:math><mml:msup>\n  <mml:mi>Ca</mml:mi>\n  <mml:mrow><mml:mn>2</mml:mn>"
        "\n  <mml:mo>+</mml:mo></mml:mrow>\n</mml:msup></mml:math> influx in <i>vitro</i>:"
        ' a <sup>13</sup>C   study of <math display="inline"><mi>x</mi>\n<mo>=</mo> <mn>2</mn></math>.'
    )
    article = f"<ArticleTitle>{title}</ArticleTitle>"
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000043, article)))
    assert record.title == "Ketamine and Ca2+ influx in vitro: a 13C study of x=2."


# -- sparse records -----------------------------------------------------------------------------------


def test_an_article_pubmed_says_nothing_about_but_its_pmid_is_still_read_with_every_field_empty():
    """No journal, no publication types, no ids: the record is read, and nothing is made up."""
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000044, "")))
    assert as_json(record) == only_pmid(39000044)


def test_a_journal_without_its_issue_still_gives_its_name():
    """A journal PubMed names without volume, issue or date: the name is kept, the rest left empty."""
    article = "<Journal><Title>Journal of invented articles</Title><ISOAbbreviation>J Invent</ISOAbbreviation></Journal>"
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000045, article)))
    assert as_json(record) == only_pmid(39000045) | {
        "journal": "Journal of invented articles",
        "journal_abbrev": "J Invent",
    }


def test_blank_journal_fields_are_missing_not_empty_text():
    """A title, volume or issue of nothing but spaces or markup is shown as missing, like one PubMed left out."""
    article = (
        "<Journal><JournalIssue><Volume> </Volume><Issue><i></i></Issue><PubDate><Year>2023</Year></PubDate>"
        "</JournalIssue><Title>\n </Title><ISOAbbreviation></ISOAbbreviation></Journal>"
    )
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000050, article)))
    assert as_json(record) == only_pmid(39000050) | {"year": 2023}


def test_an_abstract_holding_only_a_copyright_notice_is_no_abstract():
    article = "<Abstract><CopyrightInformation>© 2024 Invented Publisher.</CopyrightInformation></Abstract>"
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000046, article)))
    assert (record.abstract, record.abstract_text) == ((), "")


def test_abstract_sections_keep_their_labels_and_empty_sections_are_dropped():
    article = (
        "<Abstract>"
        '<AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Why <i>ketamine</i>.</AbstractText>'
        '<AbstractText Label="METHODS" NlmCategory="METHODS">   </AbstractText>'
        '<AbstractText Label="">An unlabelled   closing section.</AbstractText>'
        "</Abstract>"
    )
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000047, article)))
    assert record.abstract == (("BACKGROUND", "Why ketamine."), (None, "An unlabelled closing section."))
    assert record.abstract_text == "BACKGROUND: Why ketamine.\n\nAn unlabelled closing section."


# -- article ids -------------------------------------------------------------------------------------


def test_the_first_doi_and_pmcid_pubmed_lists_are_the_articles_without_surrounding_spaces():
    ids = (
        "<ArticleIdList>"
        '<ArticleId IdType="pubmed">39000048</ArticleId>'
        '<ArticleId IdType="doi">\n  10.9999/first.39000048 </ArticleId>'
        '<ArticleId IdType="pmc"> PMC7654321</ArticleId>'
        '<ArticleId IdType="doi">10.9999/second.39000048</ArticleId>'
        "</ArticleIdList>"
    )
    answer = efetch_answer(
        journal_article(
            39000048, "<ArticleTitle>Invented</ArticleTitle>", pubmed_data=f"<PubmedData>{ids}</PubmedData>"
        )
    )
    (record,) = parse_pubmed_xml(answer)
    assert (record.doi, record.pmcid) == ("10.9999/first.39000048", "PMC7654321")


# -- retractions and expressions of concern ------------------------------------------------------------


def typed(*types: str) -> str:
    listed = "".join(f"<PublicationType>{t}</PublicationType>" for t in types)
    return f"<ArticleTitle>Invented</ArticleTitle><PublicationTypeList>{listed}</PublicationTypeList>"


@pytest.mark.parametrize(
    ("types", "retracted", "concern"),
    [
        (("Journal Article", "Retracted Publication"), True, False),
        (("Journal Article", "Expression of Concern"), False, True),
        (("Journal Article", "Retraction of Publication", "Published Erratum"), False, False),
    ],
    ids=["typed retracted", "typed expression of concern", "a notice is not itself retracted"],
)
def test_the_publication_type_alone_marks_an_article_retracted_or_of_concern(types, retracted, concern):
    """PubMed may type an article before it links the notice; the type alone is enough to warn the reader."""
    (record,) = parse_pubmed_xml(efetch_answer(journal_article(39000049, typed(*types))))
    assert (record.publication_types, record.retracted, record.expression_of_concern) == (
        types,
        retracted,
        concern,
    )
    assert (record.retraction_notice_pmids, record.errata_pmids) == ((), ())


# -- answers that are not a PubmedArticleSet -------------------------------------------------------------


@pytest.mark.parametrize("recorded", ["esearch1.xml", "esummary1.xml", "epost1.xml"])
def test_another_e_utilities_answer_is_named_as_not_a_pubmed_article_set(ncbi_fixtures, recorded):
    """A well-formed answer of another E-utility (a search, a summary) is an error, not an empty list of articles."""
    with pytest.raises(PubmedXmlError) as failed:
        parse_pubmed_xml((ncbi_fixtures / recorded).read_bytes(), source=f"saved {recorded}")
    assert str(failed.value) == f"saved {recorded}: not a PubmedArticleSet"


def test_parse_names_a_saved_search_answer_as_not_a_pubmed_article_set(ncbi_fixtures, capsys):
    saved = ncbi_fixtures / "esearch1.xml"
    assert main(["pubmed", "parse", str(saved), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"error: {saved}: not a PubmedArticleSet\n")
