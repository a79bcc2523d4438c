"""Exports a selection of sources as CSV, BibTeX, RIS (Zotero, EndNote) or a Markdown reference list.

Every format carries the reader-facing flags (retracted, unverified, not enriched), so a
reference manager never receives a retracted paper without saying so. Authors, volume,
issue and pages come from the cached PubMed record when there is one; the curated title,
year and journal always win, because curators checked them.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from .cache import PubmedCache
from .errors import EvidenceError, UnknownCondition
from .filters import (
    FLAG_LABELS,
    NOT_ENRICHED,
    RETRACTED,
    UNVERIFIED,
    SourceFilter,
    filter_sources,
    source_flags,
)
from .loading import load_evidence
from .models import Design, Source
from .pubmed import PubmedRecord

FORMATS = ("csv", "bibtex", "ris", "markdown")
FILE_EXTENSIONS = {"csv": "csv", "bibtex": "bib", "ris": "ris", "markdown": "md"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "markdown": "text/markdown",
}

Records = Mapping[int, PubmedRecord]


def export_sources(sources: Sequence[Source], records: Records, fmt: str) -> str:
    """The sources, in the order given, as one document in ``fmt`` (one of ``FORMATS``)."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise EvidenceError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(sources, records)


def run_export_command(args: argparse.Namespace) -> int:
    """``export [--format F] [--condition SLUG] [--out FILE]``: the (selected) sources in one format."""
    result = load_evidence(args.data)
    base = result.base
    selection = SourceFilter()
    if args.condition:
        if args.condition not in base.condition_by_slug:
            raise UnknownCondition(args.condition, [c.slug for c in base.conditions])
        selection = SourceFilter(conditions=(args.condition,))
    records = PubmedCache(base.data_dir).load()
    text = export_sources(filter_sources(base, records, selection), records, args.format)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise EvidenceError(f"{args.out}: cannot write the export ({exc.strerror})") from None
    else:
        sys.stdout.write(text)
    if result.problems:
        print(
            f"note: {len(result.problems)} validation problems left entries out; run 'validate'",
            file=sys.stderr,
        )
    return 0


def export_filename(stem: str, fmt: str) -> str:
    """A download name such as ``ketamine-sources.ris``."""
    return f"{stem}.{FILE_EXTENSIONS[fmt]}"


# -- CSV ----------------------------------------------------------------------------

CSV_COLUMNS = (
    "key", "pmid", "id", "title", "authors", "first_author", "year", "journal", "volume", "issue",
    "pages", "doi", "pmcid", "url", "pubmed_url", "pmc_url", "doi_url", "design", "design_label",
    "conditions", "indirect_conditions", "participants", "studies_included", "blinding", "comparator",
    "ketamine_form", "route", "dose", "primary_outcome", "direction", "durability", "adverse_effects",
    "positions", "notes", "retracted", "verified", "flags", "source_url", "also_checked",
)  # fmt: skip

# a spreadsheet runs a cell starting with one of these as a formula (CSV injection)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv(sources: Sequence[Source], records: Records) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for source in sources:
        record = _record(source, records)
        flags = source_flags(source, records)
        row = {
            "key": source.key,
            "pmid": source.pmid,
            "id": source.id,
            "title": source.title,
            "authors": "; ".join(record.authors) if record else "",
            "first_author": source.first_author,
            "year": source.year,
            "journal": source.journal,
            "volume": record.volume if record else None,
            "issue": record.issue if record else None,
            "pages": record.pages if record else None,
            "doi": source.doi,
            "pmcid": source.pmcid,
            "url": source.url,
            "pubmed_url": source.pubmed_url,
            "pmc_url": source.pmc_url,
            "doi_url": source.doi_url,
            "design": source.design.value,
            "design_label": source.design.label,
            "conditions": "; ".join(source.conditions),
            "indirect_conditions": "; ".join(source.indirect_conditions),
            "participants": source.participants,
            "studies_included": source.studies_included,
            "blinding": _value(source.blinding),
            "comparator": source.comparator,
            "ketamine_form": _value(source.ketamine_form),
            "route": _value(source.route),
            "dose": source.dose,
            "primary_outcome": source.primary_outcome,
            "direction": _value(source.direction),
            "durability": source.durability,
            "adverse_effects": source.adverse_effects,
            "positions": "; ".join(f"{p.condition}: {p.stance.value}" for p in source.positions),
            "notes": source.notes,
            "retracted": RETRACTED in flags,
            "verified": source.verified,
            "flags": "; ".join(flags),
            "source_url": source.source_url,
            "also_checked": "; ".join(source.also_checked),
        }
        writer.writerow({name: _csv_cell(value) for name, value in row.items()})
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


# -- BibTeX -------------------------------------------------------------------------

_LATEX = UnicodeToLatexEncoder(
    non_ascii_only=False,  # also escape { } \ % & $ # _ ~ ^
    replacement_latex_protection="braces-almost-all",
    unknown_char_policy=lambda char: char,  # e.g. CJK: keep as UTF-8, which biber and Zotero read
)


def _bibtex(sources: Sequence[Source], records: Records) -> str:
    entries = []
    used_keys: set[str] = set()
    for source in sources:
        record = _record(source, records)
        key = _unique_key(_citation_key(source), used_keys)
        kind = _bibtex_type(source)
        fields: dict[str, str | None] = {
            "author": " and ".join(_bibtex_name(n) for n in _authors(source, record)),
            # double braces keep the title's capitals (PTSD, Ketamine) in every bibliography style
            "title": "{" + _latex(source.title) + "}",
            "year": str(source.year),
            _BIBTEX_PUBLISHER_FIELD[kind]: _latex(source.journal),
            "volume": _latex(record.volume) if record and record.volume else None,
            "number": _latex(record.issue) if record and record.issue else None,
            "pages": _latex(record.pages.replace("-", "--")) if record and record.pages else None,
            "doi": _latex(source.doi) if source.doi else None,
            "pmid": str(source.pmid) if source.pmid is not None else None,
            "pmcid": source.pmcid,
            "url": _latex(source.link),
            "keywords": _latex(", ".join([source.design.label, *source_flags(source, records)])),
            # printed in bibliographies, so only what a reader must know about the paper itself
            "note": _latex(_flag_sentence(source, records, printed=True)) or None,
            "annote": _latex(source.notes) if source.notes else None,
            "abstract": _latex(record.abstract_text) if record and record.abstract_text else None,
        }
        entries.append(Entry(kind, key, [Field(name, value) for name, value in fields.items() if value]))
    return bibtexparser.write_string(bibtexparser.Library(entries))


_BIBTEX_PUBLISHER_FIELD = {"article": "journal", "techreport": "institution", "misc": "howpublished"}


def _bibtex_type(source: Source) -> str:
    if source.design is Design.REGULATORY:
        return "techreport"
    return "article" if _is_journal_article(source) else "misc"


def _latex(text: str) -> str:
    return _LATEX.unicode_to_latex(" ".join(text.split()))


def _bibtex_name(name: str) -> str:
    surname, initials = _split_name(name)
    if initials is None:  # a group author: braces stop BibTeX reading it as first and last names
        return "{" + _latex(surname) + "}"
    return f"{_latex(surname)}, {_latex(_dotted(initials))}"


def _citation_key(source: Source) -> str:
    """Stable across exports: built from the source's own identity, never from its neighbours."""
    if source.pmid is None:
        return str(source.id)
    surname = _ascii(_split_name(source.first_author)[0]) or "source"
    return f"{surname}{source.year}-{source.pmid}"


def _unique_key(key: str, used: set[str]) -> str:
    candidate, suffix = key, 1
    while candidate in used:  # only when a caller passes the same source twice
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate)
    return candidate


# letters that Unicode does not decompose into an ASCII base letter
_UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "Œ": "OE",
        "œ": "oe",
    }
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded)


# -- RIS ----------------------------------------------------------------------------


def _ris(sources: Sequence[Source], records: Records) -> str:
    entries = []
    for source in sources:
        record = _record(source, records)
        flags = source_flags(source, records)
        entry: dict = {
            "type_of_reference": _ris_type(source),
            "authors": [_ris_name(n) for n in _authors(source, record)],
            "year": str(source.year),
            "title": _one_line(source.title),
            "journal_name": _one_line(source.journal),
            "urls": [u for u in (source.pubmed_url, source.pmc_url, source.doi_url, source.url) if u]
            or [source.source_url],
            "keywords": [source.design.label, *(FLAG_LABELS[f] for f in flags)],
            "notes": [_one_line(n) for n in (_flag_sentence(source, records), source.notes) if n],
        }
        if source.doi:
            entry["doi"] = source.doi
        if source.pmid is not None:
            entry["accession_number"] = str(source.pmid)
            entry["name_of_database"] = "PubMed"
        if record is not None:
            entry |= {
                k: v
                for k, v in {
                    "volume": record.volume,
                    "number": record.issue,
                    "start_page": record.pages,
                    "alternate_title1": record.journal_abbrev,
                    "abstract": _one_line(record.abstract_text) or None,
                }.items()
                if v
            }
        entries.append(entry)
    return rispy.dumps(entries, implementation=_PlainRisWriter)


class _PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's numbered line before each record, which some importers show as junk."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_type(source: Source) -> str:
    if source.design is Design.REGULATORY:
        return "GOVDOC"
    if _is_journal_article(source):
        return "JOUR"
    return "RPRT" if source.design is Design.GUIDELINE else "GEN"


def _ris_name(name: str) -> str:
    surname, initials = _split_name(name)
    return surname if initials is None else f"{surname}, {_dotted(initials)}"


# -- Markdown -----------------------------------------------------------------------

# characters that could start Markdown or HTML inside a line; escaping them keeps text as text
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$!#])")


def _markdown(sources: Sequence[Source], records: Records) -> str:
    lines = []
    for number, source in enumerate(sources, start=1):
        record = _record(source, records)
        flags = source_flags(source, records)
        names = _authors(source, record)
        authors = ", ".join(_md(n) for n in names[:6]) + (", et al" if len(names) > 6 else "")
        parts = []
        if RETRACTED in flags:
            parts.append("**RETRACTED.**")
        parts += [f"{authors}.", f"{_md(_sentence(source.title))}", f"{_md(source.journal)}."]
        parts.append(_md(_publication_details(source, record)) + ".")
        if source.doi:
            parts.append(f"doi:{_md(source.doi)}.")
        if source.pmid is not None:
            parts.append(f"PMID: [{source.pmid}]({source.pubmed_url}).")
        elif source.url:
            parts.append(f"Available from: <{source.url}>.")
        if UNVERIFIED in flags:
            parts.append("*(Unverified: not fully checked against a public record.)*")
        lines.append(f"{number}. " + " ".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")


def _publication_details(source: Source, record: PubmedRecord | None) -> str:
    text = str(source.year)
    if record is not None and record.volume:
        text += f";{record.volume}"
        if record.issue:
            text += f"({record.issue})"
        if record.pages:
            text += f":{record.pages}"
    return text


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if text.endswith((".", "?", "!")) else text + "."


# -- shared -------------------------------------------------------------------------


def _record(source: Source, records: Records) -> PubmedRecord | None:
    return records.get(source.pmid) if source.pmid is not None else None


def _authors(source: Source, record: PubmedRecord | None) -> tuple[str, ...]:
    """Every author from PubMed when cached; otherwise the curated first author alone."""
    if record is not None and record.authors:
        return record.authors
    return (source.first_author,)


def _split_name(name: str) -> tuple[str, str | None]:
    """'Dakwar E' -> ('Dakwar', 'E'); a group such as 'World Health Organization' -> (name, None)."""
    words = name.split()
    if len(words) >= 2 and len(words[-1]) <= 4 and words[-1].isalpha() and words[-1].isupper():
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), None


def _dotted(initials: str) -> str:
    return " ".join(f"{letter}." for letter in initials)


def _is_journal_article(source: Source) -> bool:
    return source.pmid is not None or (source.doi is not None and not source.design.is_position)


def _flag_sentence(source: Source, records: Records, *, printed: bool = False) -> str:
    flags = source_flags(source, records)
    if printed:  # "not enriched" is about this project's cache, not about the paper
        flags = tuple(f for f in flags if f != NOT_ENRICHED)
    return " ".join(f"{FLAG_LABELS[f]}." for f in flags)


def _value(member: object) -> str | None:
    return getattr(member, "value", None)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_WRITERS: dict[str, Callable[[Sequence[Source], Records], str]] = {
    "csv": _csv,
    "bibtex": _bibtex,
    "ris": _ris,
    "markdown": _markdown,
}
