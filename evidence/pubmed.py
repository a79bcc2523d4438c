"""PubMed records: the normalised form of one efetch article, and parsing of efetch XML."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
