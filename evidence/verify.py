"""Verification: each curated source checked against its cached PubMed record.

A finding is anything a content reviewer must look at: a title, first author, year,
journal or DOI that does not match PubMed, a PMID that PubMed does not know, a
retraction or an expression of concern. Sources whose record is not cached cannot be
checked; they are listed apart, with the reason, and are not findings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz

from .cache import NotEnriched, PubmedCache
from .loading import EvidenceBase, load_evidence
from .models import Source
from .pubmed import PubmedRecord

NOTHING_CHECKED = 3  # exit status of `verify` when no curated PMID has a cached record
TITLE_SIMILARITY_MIN = 90  # rapidfuzz ratio (0-100) of the normalised titles
JOURNAL_SIMILARITY_MIN = 90
FINDING_KINDS = (
    "unknown_pmid",
    "retracted",
    "expression_of_concern",
    "title",
    "first_author",
    "year",
    "journal",
    "doi",
)
# what PubMed says about an article rather than where the curation disagrees with it
NOTICE_KINDS = frozenset({"retracted", "expression_of_concern"})


@dataclass(frozen=True)
class Finding:
    """One disagreement between a curated source and PubMed, in words for the reviewer."""

    source_key: str
    pmid: int
    kind: str  # one of FINDING_KINDS
    curated: str | None
    pubmed: str | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class VerifyReport:
    checked: tuple[int, ...]  # PMIDs with a cached record
    findings: tuple[Finding, ...]
    unverified: tuple[NotEnriched, ...]  # curated PMIDs without a record, and why

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def mismatches(self) -> tuple[Finding, ...]:
        """Findings where the curated metadata disagrees with PubMed (retractions and concerns left out)."""
        return tuple(f for f in self.findings if f.kind not in NOTICE_KINDS)

    def findings_for(self, pmid: int) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.pmid == pmid)

    def as_dict(self) -> dict:
        return {
            "checked": len(self.checked),
            "findings": [f.as_dict() for f in self.findings],
            "unverified": [{"pmid": n.pmid, "reason": n.reason} for n in self.unverified],
        }


def verify_sources(
    sources: Iterable[Source],
    records: Mapping[int, PubmedRecord],
    *,
    not_found: Iterable[int] = (),
    unverified_reasons: Mapping[int, str] | None = None,
) -> VerifyReport:
    """Compare every source that has a PMID with its record; ``not_found`` are PMIDs PubMed denied."""
    denied = set(not_found)
    reasons = unverified_reasons or {}
    findings: list[Finding] = []
    checked: list[int] = []
    unverified: list[NotEnriched] = []
    for source in sources:
        if source.pmid is None:
            continue
        record = records.get(source.pmid)
        if record is not None:
            checked.append(source.pmid)
            findings += compare_source(source, record)
        elif source.pmid in denied:
            findings.append(
                Finding(
                    source.key,
                    source.pmid,
                    "unknown_pmid",
                    str(source.pmid),
                    None,
                    "PubMed has no record with this PMID",
                )
            )
        else:
            unverified.append(NotEnriched(source.pmid, reasons.get(source.pmid, "no PubMed record cached")))
    order = {kind: i for i, kind in enumerate(FINDING_KINDS)}
    findings.sort(key=lambda f: (f.pmid, order[f.kind]))
    return VerifyReport(
        tuple(sorted(checked)), tuple(findings), tuple(sorted(unverified, key=lambda n: n.pmid))
    )


def verify_evidence(data_dir: str | os.PathLike[str] | None = None) -> VerifyReport:
    """Verify a data folder's sources against its PubMed cache (no network)."""
    base: EvidenceBase = load_evidence(data_dir).base
    cache = PubmedCache(base.data_dir)
    status = cache.status(base.pmids)
    denied = [int(p) for p in cache.read_status_file().get("not_found", {})]
    reasons = {n.pmid: n.reason for n in status.not_enriched}
    return verify_sources(base.sources, cache.load(), not_found=denied, unverified_reasons=reasons)


def compare_source(source: Source, record: PubmedRecord) -> list[Finding]:
    assert source.pmid is not None
    found: list[Finding] = []

    def add(kind: str, curated: object, pubmed: object, message: str) -> None:
        shown = (None if curated is None else str(curated), None if pubmed is None else str(pubmed))
        found.append(Finding(source.key, source.pmid, kind, *shown, message))

    if record.retracted:
        notices = ", ".join(f"PMID {p}" for p in record.retraction_notice_pmids) or (
            "PublicationType"
            if "Retracted Publication" in record.publication_types
            else "linked, with no PMID"
        )
        add("retracted", None, notices, f"PubMed marks this article as retracted (notice: {notices})")
    if record.expression_of_concern:
        add("expression_of_concern", None, None, "PubMed lists an expression of concern about this article")
    similarity = title_similarity(source.title, record.title)
    if similarity < TITLE_SIMILARITY_MIN:
        add("title", source.title, record.title, f"titles differ (similarity {similarity:.0f} of 100)")
    if record.first_author and _surname(source.first_author) != _surname(record.first_author):
        add("first_author", source.first_author, record.first_author, "first author differs")
    if record.year is not None and record.year != source.year:
        add("year", source.year, record.year, "publication year differs")
    if record.journal and not journal_matches(source.journal, record):
        shown = record.journal + (f" ({record.journal_abbrev})" if record.journal_abbrev else "")
        add("journal", source.journal, shown, "journal differs")
    if source.doi and record.doi and source.doi.casefold() != record.doi.casefold():
        add("doi", source.doi, record.doi, "DOI differs")
    return found


def title_similarity(curated: str, pubmed: str) -> float:
    return fuzz.ratio(
        _normalise(curated), _normalise(re.sub(r"^\s*(retracted|withdrawn)\s*:\s*", "", pubmed, flags=re.I))
    )


def journal_matches(curated: str, record: PubmedRecord) -> bool:
    wanted = _normalise_journal(curated)
    for name in (record.journal, record.journal_abbrev):
        if name and fuzz.ratio(wanted, _normalise_journal(name)) >= JOURNAL_SIMILARITY_MIN:
            return True
    return False


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _plain(text)).split())


def _normalise_journal(name: str) -> str:
    without_place = re.sub(r"\([^)]*\)", " ", name)  # "Lancet (London, England)"
    words = _normalise(without_place.replace("&", " and ")).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _surname(name: str) -> str:
    """'Zarate CA Jr' -> 'zarate'; collective names are kept whole."""
    words = name.replace(",", " ").split()
    while words and words[-1].rstrip(".") in ("Jr", "Sr", "II", "III", "IV", "2nd", "3rd"):
        words.pop()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:
        words.pop()
    return _normalise(" ".join(words))


def run_verify_command(args: argparse.Namespace) -> int:
    """``verify``: 1 when there is any finding, 3 when nothing could be checked, else 0.

    Unverified sources are listed, not counted; but a run that checked nothing is not a
    clean run, so a pipeline gating on 0 cannot pass on an empty cache.
    """
    report = verify_evidence(args.data)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for f in report.findings:
            detail = ""
            if f.curated is not None or f.pubmed is not None:
                detail = f"\n    curated: {f.curated}\n    PubMed:  {f.pubmed}"
            print(f"PMID {f.pmid:<9} {f.kind:<22} {f.message}{detail}")
        print(
            f"{len(report.checked)} sources checked against PubMed, {len(report.findings)} finding"
            f"{'s' if len(report.findings) != 1 else ''}, {len(report.unverified)} not verifiable"
        )
        if report.unverified:
            reasons: dict[str, list[int]] = {}
            for n in report.unverified:
                reasons.setdefault(n.reason, []).append(n.pmid)
            for reason, pmids in reasons.items():
                print(f"  not verified ({reason}): {', '.join(map(str, pmids))}")
    if report.findings:
        return 1
    if not report.checked:
        print(
            "nothing verified: no curated PMID has a cached PubMed record "
            "(run 'python -m evidence enrich' where NCBI is reachable); exit status 3",
            file=sys.stderr,
        )
        return NOTHING_CHECKED
    return 0
