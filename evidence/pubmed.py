"""PubMed records: the normalised form of one efetch article, and parsing of efetch XML."""

from __future__ import annotations

import argparse
import io
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from Bio import Entrez

from .errors import EvidenceError


@dataclass(frozen=True)
class PubmedRecord:
    """One PubMed article as the rest of the package sees it (keys as in `pubmed parse`)."""

    pmid: int
    title: str
    authors: tuple[str, ...]
    first_author: str | None
    journal: str | None
    journal_abbrev: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    abstract: tuple[tuple[str | None, str], ...]  # (section label or None, text)
    doi: str | None
    pmcid: str | None
    publication_types: tuple[str, ...]
    mesh_terms: tuple[str, ...]
    keywords: tuple[str, ...]
    language: str | None
    retracted: bool
    retraction_notice_pmids: tuple[int, ...]
    errata_pmids: tuple[int, ...]
    expression_of_concern: bool

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def abstract_text(self) -> str:
        return "\n\n".join(f"{label}: {text}" if label else text for label, text in self.abstract)


# -- parsing efetch XML ----------------------------------------------------------------

# PubMed's inline markup (%text; in the DTD) and MathML, which Bio.Entrez leaves in the text
_INLINE_MARKUP = re.compile(r"</?(?:i|b|u|sup|sub)(?:\s[^<>]*)?/?>")
_MATHML = re.compile(r"<(?:mml:)?math\b.*?</(?:mml:)?math>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^<>]+>")
_ARTICLE_CHUNK = re.compile(rb"<(PubmedArticle|PubmedBookArticle)>.*?</\1>", re.DOTALL)
_FIRST_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")
_DOCTYPE_DTD = re.compile(rb'(<!DOCTYPE\s+PubmedArticleSet[^>]*?/)(pubmed_\d{6}\.dtd)(")')
_BUNDLED_DTDS = Path(Entrez.__file__).parent / "DTDs"
_RETRACTION_TYPES = {"Retracted Publication"}
_RETRACTION_LINKS = {"RetractionIn", "RetractedandRepublishedIn"}
_CONCERN_TYPES = {"Expression of Concern"}


class PubmedXmlError(EvidenceError):
    """An efetch answer that Bio.Entrez cannot read as a PubmedArticleSet."""


@dataclass(frozen=True)
class ParsedArticle:
    """One article of an efetch answer: its normalised record and its own raw XML."""

    record: PubmedRecord
    xml: str


def parse_pubmed_xml(data: bytes, *, source: str = "efetch answer") -> list[PubmedRecord]:
    """The normalised records of one efetch answer (a PubmedArticleSet), in document order."""
    return [article.record for article in parse_pubmed_articles(data, source=source)]


def parse_pubmed_articles(data: bytes, *, source: str = "efetch answer") -> list[ParsedArticle]:
    """Like ``parse_pubmed_xml``, keeping each article's own XML for the cache."""
    try:
        document = Entrez.read(io.BytesIO(_with_bundled_dtd(data)))
    except Exception as exc:  # Bio.Entrez raises several unrelated types for bad input
        raise PubmedXmlError(
            f"{source}: not a readable PubMed efetch answer ({type(exc).__name__}: {exc})"
        ) from exc
    if not hasattr(document, "get") or "PubmedArticle" not in document:
        raise PubmedXmlError(f"{source}: not a PubmedArticleSet")
    records = [_journal_article(a) for a in document.get("PubmedArticle", [])]
    records += [_book_article(a) for a in document.get("PubmedBookArticle", [])]
    raw_by_pmid = {}
    for match in _ARTICLE_CHUNK.finditer(data):
        pmid = _FIRST_PMID.search(match.group(0))
        if pmid:
            raw_by_pmid.setdefault(int(pmid.group(1)), match.group(0).decode("utf-8"))
    return [ParsedArticle(record, raw_by_pmid.get(record.pmid, "")) for record in records]


def _with_bundled_dtd(data: bytes) -> bytes:
    """Point a DTD newer than Biopython's at the newest it bundles, so parsing never goes online."""
    match = _DOCTYPE_DTD.search(data[:1000])
    if not match or (_BUNDLED_DTDS / match.group(2).decode()).exists():
        return data
    newest = max(p.name for p in _BUNDLED_DTDS.glob("pubmed_*.dtd")).encode()
    return data[: match.start(2)] + newest + data[match.end(2) :]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = _MATHML.sub(lambda m: "".join(_ANY_TAG.sub("", m.group(0)).split()), str(value))
    cleaned = " ".join(_INLINE_MARKUP.sub("", text).split())
    return cleaned or None


def _year(pub_date: Mapping | None) -> int | None:
    if not pub_date:
        return None
    found = re.search(
        r"\b(1[89]\d\d|2\d\d\d)\b", str(pub_date.get("Year") or pub_date.get("MedlineDate") or "")
    )
    return int(found.group(1)) if found else None


def _authors(author_lists: Any) -> tuple[str, ...]:
    if not author_lists:
        return ()
    lists = (
        [author_lists]
        if not isinstance(author_lists, list) or hasattr(author_lists, "attributes")
        else author_lists
    )
    names = []
    for author_list in lists:
        if getattr(author_list, "attributes", {}).get("Type") == "editors":
            continue
        for author in author_list:
            if author.get("CollectiveName"):
                names.append(_text(author["CollectiveName"]))
                continue
            parts = [
                author.get("LastName"),
                author.get("Initials") or author.get("ForeName"),
                author.get("Suffix"),
            ]
            name = " ".join(str(p) for p in parts if p)
            if name:
                names.append(name)
    return tuple(n for n in names if n)


def _abstract(abstract: Mapping | None) -> tuple[tuple[str | None, str], ...]:
    if not abstract:
        return ()
    sections = []
    for part in abstract.get("AbstractText", []):
        text = _text(part)
        if text:
            label = getattr(part, "attributes", {}).get("Label")
            sections.append((label or None, text))
    return tuple(sections)


def _article_ids(id_list: Any) -> dict[str, str]:
    ids: dict[str, str] = {}
    for article_id in id_list or ():
        kind = getattr(article_id, "attributes", {}).get("IdType")
        if kind:
            ids.setdefault(kind, str(article_id).strip())
    return ids


def _status(citation: Mapping, publication_types: tuple[str, ...]) -> dict:
    retraction_notices, errata, concern, retraction_linked = [], [], False, False
    for link in citation.get("CommentsCorrectionsList", []):
        kind = getattr(link, "attributes", {}).get("RefType")
        pmid = link.get("PMID")
        if kind in _RETRACTION_LINKS:
            retraction_linked = True  # a notice PubMed has not indexed has no PMID, but retracts all the same
            if pmid:
                retraction_notices.append(int(pmid))
        elif kind == "ErratumIn" and pmid:
            errata.append(int(pmid))
        elif kind == "ExpressionOfConcernIn":
            concern = True
    return {
        "retracted": retraction_linked or bool(_RETRACTION_TYPES & set(publication_types)),
        "retraction_notice_pmids": tuple(dict.fromkeys(retraction_notices)),
        "errata_pmids": tuple(dict.fromkeys(errata)),
        "expression_of_concern": concern or bool(_CONCERN_TYPES & set(publication_types)),
    }


def _pages(pagination: Mapping | None) -> str | None:
    if not pagination:
        return None
    if pagination.get("MedlinePgn"):
        return str(pagination["MedlinePgn"])
    start, end = pagination.get("StartPage"), pagination.get("EndPage")
    return f"{start}-{end}" if start and end else (str(start) if start else None)


def _keywords(keyword_lists: Any) -> tuple[str, ...]:
    words = (_text(k) for keyword_list in keyword_lists or () for k in keyword_list)
    return tuple(dict.fromkeys(w for w in words if w))


def _journal_article(entry: Mapping) -> PubmedRecord:
    citation = entry["MedlineCitation"]
    article = citation["Article"]
    journal = article.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    authors = _authors(article.get("AuthorList"))
    publication_types = tuple(str(t) for t in article.get("PublicationTypeList", []))
    ids = _article_ids(entry.get("PubmedData", {}).get("ArticleIdList"))
    return PubmedRecord(
        pmid=int(citation["PMID"]),
        title=_text(article.get("ArticleTitle")) or _text(article.get("VernacularTitle")) or "",
        authors=authors,
        first_author=authors[0] if authors else None,
        journal=_text(journal.get("Title")),
        journal_abbrev=_text(journal.get("ISOAbbreviation")),
        year=_year(issue.get("PubDate")),
        volume=_text(issue.get("Volume")),
        issue=_text(issue.get("Issue")),
        pages=_pages(article.get("Pagination")),
        abstract=_abstract(article.get("Abstract")),
        doi=ids.get("doi"),
        pmcid=ids.get("pmc"),
        publication_types=publication_types,
        mesh_terms=tuple(str(h["DescriptorName"]) for h in citation.get("MeshHeadingList", [])),
        keywords=_keywords(citation.get("KeywordList")),
        language=str(article["Language"][0]) if article.get("Language") else None,
        **_status(citation, publication_types),
    )


def _book_article(entry: Mapping) -> PubmedRecord:
    document = entry["BookDocument"]
    book = document.get("Book", {})
    authors = _authors(document.get("AuthorList")) or _authors(book.get("AuthorList"))
    publication_types = tuple(str(t) for t in document.get("PublicationType", []))
    ids = _article_ids(entry.get("PubmedBookData", {}).get("ArticleIdList"))
    book_title = _text(book.get("BookTitle"))
    return PubmedRecord(
        pmid=int(document["PMID"]),
        title=_text(document.get("ArticleTitle")) or book_title or "",
        authors=authors,
        first_author=authors[0] if authors else None,
        journal=book_title,  # a book chapter's "journal" is the book
        journal_abbrev=None,
        year=_year(book.get("PubDate")),
        volume=_text(book.get("Volume")),
        issue=None,
        pages=_pages(document.get("Pagination")),
        abstract=_abstract(document.get("Abstract")),
        doi=ids.get("doi"),
        pmcid=ids.get("pmc"),
        publication_types=publication_types,
        mesh_terms=(),
        keywords=_keywords(document.get("KeywordList")),
        language=str(document["Language"][0]) if document.get("Language") else None,
        **_status(document, publication_types),
    )


def record_from_dict(data: Mapping[str, Any]) -> PubmedRecord:
    """The inverse of ``PubmedRecord.as_dict`` (JSON lists back into tuples)."""
    values = dict(data)
    for name in (
        "authors",
        "publication_types",
        "mesh_terms",
        "keywords",
        "retraction_notice_pmids",
        "errata_pmids",
    ):
        values[name] = tuple(values.get(name) or ())
    values["abstract"] = tuple((label, text) for label, text in values.get("abstract") or ())
    known = {f.name for f in fields(PubmedRecord)}
    return PubmedRecord(**{k: v for k, v in values.items() if k in known})


def parse_command(args: argparse.Namespace) -> int:
    """``pubmed parse FILE.xml --format json``: the normalised records as a JSON list."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot read ({exc.strerror})") from None
    records = parse_pubmed_xml(data, source=str(path))
    print(json.dumps([r.as_dict() for r in records], indent=2, ensure_ascii=False))
    return 0
