"""PubMed records for tests: every field set to a plain default, any of them overridden by name."""

from __future__ import annotations

from evidence.pubmed import PubmedRecord


def make_record(pmid: int, **fields) -> PubmedRecord:
    """A record for ``pmid``; ``fields`` replace the defaults (title, authors, abstract, retracted, ...)."""
    values = {
        "pmid": pmid,
        "title": "A PubMed title",
        "authors": ("Smith J", "Jones AB"),
        "first_author": "Smith J",
        "journal": "Journal of Tests",
        "journal_abbrev": "J Tests",
        "year": 2020,
        "volume": "12",
        "issue": "3",
        "pages": "100-110",
        "abstract": (),
        "doi": None,
        "pmcid": None,
        "publication_types": ("Journal Article",),
        "mesh_terms": (),
        "keywords": (),
        "language": "eng",
        "retracted": False,
        "retraction_notice_pmids": (),
        "errata_pmids": (),
        "expression_of_concern": False,
    }
    values.update(fields)
    return PubmedRecord(**values)


def only_pmid(pmid: int) -> dict:
    """The record of an article PubMed says nothing about but its PMID: every other field empty."""
    return {
        "pmid": pmid,
        "title": "",
        "authors": [],
        "first_author": None,
        "journal": None,
        "journal_abbrev": None,
        "year": None,
        "volume": None,
        "issue": None,
        "pages": None,
        "abstract": [],
        "doi": None,
        "pmcid": None,
        "publication_types": [],
        "mesh_terms": [],
        "keywords": [],
        "language": None,
        "retracted": False,
        "retraction_notice_pmids": [],
        "errata_pmids": [],
        "expression_of_concern": False,
    }
