"""Literature surveillance: PubMed records matching each condition's search that are not yet curated.

``run_surveillance`` searches PubMed and keeps the answer in DATA/pubmed/surveillance.json,
so the data-quality page shows the same list (``load_surveillance``) without the network.
A condition whose search fails keeps its previous list, marked with the error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from .cache import PUBMED_DIR, utc_now, write_json_atomic
from .errors import EvidenceError
from .eutils import ESEARCH_LIMIT, EutilsClient, EutilsSettings, EutilsUnavailable, FetchedBatch
from .loading import load_evidence, resolve_data_dir
from .pubmed import PubmedXmlError, parse_pubmed_xml

SURVEILLANCE_FILE = "surveillance.json"


@dataclass(frozen=True)
class NewRecord:
    pmid: int
    title: str | None
    year: int | None
    journal: str | None
    publication_types: tuple[str, ...]


@dataclass(frozen=True)
class ConditionSurveillance:
    """One condition's search: PubMed's total, and the uncurated records among those listed."""

    slug: str
    query: str
    count: int  # PubMed's total for the query
    listed: int  # ids esearch could return (at most 10,000)
    new: tuple[NewRecord, ...]
    error: str | None = None
    searched_at: str | None = None

    @property
    def truncated(self) -> bool:
        return self.count > self.listed

    @property
    def note(self) -> str | None:
        if self.truncated:
            return (
                f"PubMed found {self.count} records but esearch lists at most {ESEARCH_LIMIT}: "
                f"only the first {self.listed} were compared; narrow the query or use --since"
            )
        return None


@dataclass(frozen=True)
class SurveillanceReport:
    ran_at: str
    since: str | None
    conditions: tuple[ConditionSurveillance, ...]

    def as_dict(self) -> dict:
        return {
            "ran_at": self.ran_at,
            "since": self.since,
            "conditions": [{**asdict(c), "truncated": c.truncated, "note": c.note} for c in self.conditions],
        }


def _is_date(text: str) -> bool:
    """A real calendar date written as YYYY, YYYY-MM or YYYY-MM-DD (2020-13-45 is not one)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def run_surveillance(
    data_dir: str | os.PathLike[str] | None,
    settings: EutilsSettings,
    *,
    since: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SurveillanceReport:
    """Search PubMed for every condition; save and return the uncurated records found."""
    settings.require_email()
    if since and not _is_date(since):
        raise EvidenceError(f"--since {since!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")
    root = resolve_data_dir(data_dir)
    base = load_evidence(root).base
    curated = set(base.pmids)
    previous = {c.slug: c for c in (load_surveillance(root) or SurveillanceReport("", None, ())).conditions}
    client = EutilsClient(settings)
    searched: list[tuple[str, str, int, list[int], str | None]] = []
    for done, condition in enumerate(base.conditions):
        try:
            result = client.esearch(condition.pubmed_query, mindate=since)
            searched.append((condition.slug, condition.pubmed_query, result.count, list(result.ids), None))
        except EutilsUnavailable as exc:
            searched.append((condition.slug, condition.pubmed_query, 0, [], str(exc)))
        if progress:
            progress(done + 1, len(base.conditions))
    uncurated = sorted({pmid for *_, ids, _error in searched for pmid in ids if pmid not in curated})
    details, detail_error = _details(client, uncurated)
    now = utc_now().isoformat()
    conditions = []
    for slug, query, count, ids, error in searched:
        if error:
            kept = previous.get(slug)
            conditions.append(
                replace(kept, error=error)
                if kept
                else ConditionSurveillance(slug, query, 0, 0, (), error, None)
            )
            continue
        new = tuple(
            details.get(p) or NewRecord(p, None, None, None, ())
            for p in sorted(ids, reverse=True)
            if p not in curated
        )
        conditions.append(ConditionSurveillance(slug, query, count, len(ids), new, detail_error, now))
    report = SurveillanceReport(ran_at=now, since=since, conditions=tuple(conditions))
    if any(c.error is None for c in conditions):
        write_json_atomic(root / PUBMED_DIR / SURVEILLANCE_FILE, report.as_dict())
    return report


def _details(client: EutilsClient, pmids: list[int]) -> tuple[dict[int, NewRecord], str | None]:
    details: dict[int, NewRecord] = {}
    error = None
    for batch in client.fetch_pubmed_batches(pmids):
        if not isinstance(batch, FetchedBatch):
            error = f"titles of some records could not be fetched: {batch.reason}"
            continue
        try:
            records = parse_pubmed_xml(batch.xml)
        except PubmedXmlError as exc:
            error = f"titles of some records could not be read: {exc}"
            continue
        for r in records:
            details[r.pmid] = NewRecord(r.pmid, r.title, r.year, r.journal, r.publication_types)
    return details, error


def load_surveillance(data_dir: str | os.PathLike[str] | None = None) -> SurveillanceReport | None:
    """The last saved surveillance run, or None if there is none (or it cannot be read)."""
    path = resolve_data_dir(data_dir) / PUBMED_DIR / SURVEILLANCE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        conditions = tuple(
            ConditionSurveillance(
                slug=c["slug"],
                query=c["query"],
                count=c["count"],
                listed=c["listed"],
                new=tuple(
                    NewRecord(n["pmid"], n["title"], n["year"], n["journal"], tuple(n["publication_types"]))
                    for n in c["new"]
                ),
                error=c.get("error"),
                searched_at=c.get("searched_at"),
            )
            for c in data["conditions"]
        )
        return SurveillanceReport(ran_at=data["ran_at"], since=data.get("since"), conditions=conditions)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_surveil_command(args: argparse.Namespace) -> int:
    """``surveil``: the new records per condition; 1 if any search failed."""
    settings = EutilsSettings.from_env()
    report = run_surveillance(args.data, settings, since=args.since)
    if getattr(args, "format", "table") == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for c in report.conditions:
            print(f"{c.slug}: {len(c.new)} not curated of {c.count} PubMed records")
            if c.note:
                print(f"  note: {c.note}")
            if c.error:
                print(f"  error: {c.error}")
            for n in c.new:
                types = "; ".join(n.publication_types) or "?"
                print(f"  {n.pmid:<9} {n.year or '????'}  {n.title or '(title not fetched)'}  [{types}]")
    failed = [c.slug for c in report.conditions if c.error]
    if failed:
        print(f"searches that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0
