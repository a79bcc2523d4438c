"""Enrichment: fetch the curated PMIDs' PubMed records into the cache, incrementally and safely.

``refresh_pubmed`` is what both the ``enrich`` command and the dashboard's refresh
button call. Only missing or stale records are fetched; each article is written to
the cache as soon as its batch arrives, atomically, so an interrupted run keeps what it
got and a failed one never touches what was there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .cache import CacheBusy, PubmedCache, utc_now
from .errors import EvidenceError
from .eutils import EutilsClient, EutilsSettings, FailedBatch
from .loading import load_evidence, resolve_data_dir
from .pubmed import PubmedXmlError, parse_pubmed_articles

Progress = Callable[[int, int], None]  # (PMIDs handled so far, PMIDs to fetch)


@dataclass(frozen=True)
class EnrichSummary:
    """What one refresh did; every PMID asked for is in exactly one group."""

    fetched: tuple[int, ...]
    already_cached: tuple[int, ...]
    not_found: tuple[int, ...]
    failed: Mapping[int, str] = field(default_factory=dict)  # PMID -> reason
    requests: int = 0  # HTTP requests sent, retries included
    refreshed_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.not_found and not self.failed

    def counts(self) -> dict[str, int]:
        return {
            "fetched": len(self.fetched),
            "already_cached": len(self.already_cached),
            "not_found": len(self.not_found),
            "failed": len(self.failed),
        }

    def as_dict(self) -> dict:
        return {
            **self.counts(),
            "requests": self.requests,
            "not_found_pmids": list(self.not_found),
            "failures": {str(pmid): reason for pmid, reason in self.failed.items()},
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
        }

    def report_lines(self) -> list[str]:
        c = self.counts()
        lines = [
            f"fetched {c['fetched']}, already cached {c['already_cached']}, "
            f"not found {c['not_found']}, failed {c['failed']} ({self.requests} requests)"
        ]
        if self.not_found:
            lines.append("not found in PubMed: " + ", ".join(map(str, self.not_found)))
        by_reason: dict[str, list[int]] = {}
        for pmid, reason in self.failed.items():
            by_reason.setdefault(reason, []).append(pmid)
        for reason, pmids in by_reason.items():
            lines.append(f"failed ({reason}): " + ", ".join(map(str, sorted(pmids))))
        return lines


def refresh_pubmed(
    data_dir: str | os.PathLike[str] | None,
    settings: EutilsSettings,
    *,
    pmids: Iterable[int] | None = None,
    max_age_days: float | None = None,
    force: bool = False,
    progress: Progress | None = None,
    lock_timeout: float = 600.0,
) -> EnrichSummary:
    """Fetch missing or stale PubMed records of ``pmids`` (default: every curated PMID).

    Raises ``EmailMissing`` before touching anything when no contact email is set, and
    ``CacheBusy`` when another refresh holds the cache longer than ``lock_timeout``.
    """
    settings.require_email()
    root = resolve_data_dir(data_dir)
    wanted = (
        list(dict.fromkeys(int(p) for p in pmids))
        if pmids is not None
        else list(load_evidence(root).base.pmids)
    )
    cache = PubmedCache(root)
    lock = cache.lock(timeout=lock_timeout)
    try:
        lock.acquire()
    except TimeoutError:
        raise CacheBusy(cache.lock_path, lock_timeout) from None
    try:
        return _refresh_locked(cache, settings, wanted, max_age_days, force, progress)
    finally:
        lock.release()


def _refresh_locked(
    cache: PubmedCache,
    settings: EutilsSettings,
    wanted: list[int],
    max_age_days: float | None,
    force: bool,
    progress: Progress | None,
) -> EnrichSummary:
    started = utc_now()
    cache.remove_stale_temporaries()
    entries, _ = cache.load_entries()

    def is_fresh(pmid: int) -> bool:
        entry = entries.get(pmid)
        if entry is None or force:
            return False
        return max_age_days is None or entry.age_days(started) < max_age_days

    already = [p for p in wanted if is_fresh(p)]
    to_fetch = [p for p in wanted if not is_fresh(p)]
    fetched: list[int] = []
    not_found: list[int] = []
    failed: dict[int, str] = {}
    history_failure: str | None = None
    client: EutilsClient | None = None
    if to_fetch:
        client = EutilsClient(settings)
        asked = set(to_fetch)
        handled = 0
        if progress:
            progress(0, len(to_fetch))
        for batch in client.fetch_pubmed_batches(to_fetch):
            if isinstance(batch, FailedBatch):
                if batch.requested is None:
                    history_failure = batch.reason
                else:
                    failed.update(dict.fromkeys(batch.requested, batch.reason))
                handled += len(batch.requested or ()) or settings.batch_size
            else:
                readable = True
                try:
                    articles = parse_pubmed_articles(batch.xml)
                except PubmedXmlError as exc:
                    articles, readable = [], False
                    reason = f"the answer could not be read: {exc}"
                    if batch.requested is None:
                        history_failure = reason
                    else:
                        failed.update(dict.fromkeys(batch.requested, reason))
                fresh = {a.record.pmid: a for a in reversed(articles) if a.record.pmid in asked}
                cache.write_many(((a.record, a.xml) for a in fresh.values()), utc_now())
                got = set(fresh)
                fetched += sorted(got)
                if batch.requested is not None and readable:
                    not_found += [p for p in batch.requested if p not in got]
                handled += len(batch.requested) if batch.requested is not None else settings.batch_size
            if progress:
                progress(min(handled, len(to_fetch)), len(to_fetch))
        accounted = set(fetched) | set(not_found) | set(failed)
        for pmid in to_fetch:
            if pmid not in accounted:
                if history_failure:
                    failed[pmid] = history_failure
                else:
                    not_found.append(pmid)
    summary = EnrichSummary(
        fetched=tuple(sorted(fetched)),
        already_cached=tuple(sorted(already)),
        not_found=tuple(sorted(set(not_found))),
        failed=dict(sorted(failed.items())),
        requests=client.requests_sent if client else 0,
        refreshed_at=started,
    )
    cache.write_status(
        refreshed_at=started,
        summary=summary.counts(),
        not_found=summary.not_found,
        failed=summary.failed,
        fetched=summary.fetched,
    )
    return summary


def run_enrich_command(args: argparse.Namespace) -> int:
    """``enrich``: progress bar on standard error, summary on standard output; 1 if anything is missing."""
    from tqdm import tqdm

    settings = EutilsSettings.from_env()
    pmids = [_pmid(p) for p in args.pmid] if getattr(args, "pmid", None) else None
    bar: tqdm | None = None

    def show(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="PMID", desc="enrich", file=sys.stderr, disable=None)
        bar.n = done
        bar.refresh()

    try:
        summary = refresh_pubmed(
            args.data, settings, pmids=pmids, max_age_days=args.max_age, force=args.force, progress=show
        )
    finally:
        if bar is not None:
            bar.close()
    for line in summary.report_lines():
        print(line)
    return 0 if summary.ok else 1


def _pmid(text: str) -> int:
    value = str(text).strip().removeprefix("PMID:").strip()
    if not value.isdigit() or not 0 < int(value) <= 99_999_999:
        raise EvidenceError(f"{text!r} is not a PMID (1 to 8 digits)")
    return int(value)
