"""Reading saved efetch answers: each is read with the DTD it names, and one naming none is refused saying why."""

from __future__ import annotations

from evidence.cli import main
from evidence.pubmed import parse_pubmed_articles

# A book chapter as NCBI sent it in 2018: <CitationString> was dropped from book records in the
# 2019 DTD, so only the DTD the answer names can read it.
ANSWER_OF_2018 = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st June 2018//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_180601.dtd">
<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">39000040</PMID><Book>
<BookTitle book="b5">Invented Atlas of Anaesthesia</BookTitle><PubDate><Year>2017</Year></PubDate></Book>
<ArticleTitle>Ketamine, a chapter</ArticleTitle><CitationString>Invented Atlas of Anaesthesia, 2017</CitationString>
</BookDocument></PubmedBookArticle></PubmedArticleSet>
"""


def test_an_answer_saved_under_an_older_dtd_is_read_with_that_dtd():
    """Only a DTD Biopython lacks is replaced by its newest; one it has is used as named."""
    (article,) = parse_pubmed_articles(ANSWER_OF_2018)
    record = article.record
    assert (record.pmid, record.title, record.journal, record.year) == (
        39000040,
        "Ketamine, a chapter",
        "Invented Atlas of Anaesthesia",
        2017,
    )
    # the chapter's own XML, kept for the cache, is exactly as the answer gave it
    text = ANSWER_OF_2018.decode()
    assert article.xml == text[text.index("<PubmedBookArticle>") : text.index("</PubmedArticleSet>")]


def test_parse_refuses_a_saved_answer_that_names_no_dtd_and_says_why(tmp_path, capsys):
    answer = tmp_path / "no doctype.xml"
    answer.write_bytes(ANSWER_OF_2018.replace(ANSWER_OF_2018.splitlines(keepends=True)[1], b""))
    assert b"DOCTYPE" not in answer.read_bytes()
    assert main(["pubmed", "parse", str(answer)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        f"error: {answer}: not a readable PubMed efetch answer (ValueError: As the XML data contained neither a "
        "Document Type Definition (DTD) nor an XML Schema, Bio.Entrez is unable to parse these data."
    )
