"""The PubMed cache under DATA/pubmed/: what NCBI returned, kept as files a reviewer can read.

Layout (one pair of files per PMID, so a pull request shows each record's change):

    DATA/pubmed/records/<PMID>.json  {"pmid", "fetched_at", "record": {normalised fields}}
    DATA/pubmed/records/<PMID>.xml   the article's own XML exactly as efetch returned it
    DATA/pubmed/status.json          the last refresh: when, its summary, and per PMID why
                                     it is not enriched (not found in PubMed, or the failure)

Every file is written to a temporary file beside it, flushed to disk and renamed over
the old one, so a process killed at any moment leaves either the old file or the new
one. The JSON file is the record of truth and is written after the XML. A lock file
(``.lock``, not committed) keeps two refreshes from writing at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from .errors import EvidenceError
from .pubmed import PubmedRecord, record_from_dict

PUBMED_DIR = "pubmed"
RECORDS_DIR = "records"
STATUS_FILE = "status.json"
LOCK_FILE = ".lock"


class CacheBusy(EvidenceError):
    def __init__(self, lock_path: Path, waited: float):
        super().__init__(
            f"another PubMed refresh is writing the cache (lock {lock_path}); waited {waited:.0f} s. "
            "Try again when it has finished."
        )


@dataclass(frozen=True)
class CachedRecord:
    """One cached article: the normalised record and when NCBI sent it."""

    record: PubmedRecord
    fetched_at: dt.datetime

    @property
    def pmid(self) -> int:
        return self.record.pmid

    def age_days(self, now: dt.datetime | None = None) -> float:
        return ((now or utc_now()) - self.fetched_at).total_seconds() / 86400


@dataclass(frozen=True)
class CacheProblem:
    """A cache file that could not be read; it is skipped and its PMID counts as not enriched."""

    file: str
    message: str
    summary: str  # what is wrong with the file, for its PMID's reason: "is unreadable", "holds PMID 4"

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class NotEnriched:
    pmid: int
    reason: str


@dataclass(frozen=True)
class CacheStatus:
    """What the dashboard shows about enrichment: coverage, gaps with reasons, last refresh."""

    enriched: tuple[int, ...]
    not_enriched: tuple[NotEnriched, ...]
    last_refresh: dt.datetime | None
    last_summary: Mapping[str, int]
    problems: tuple[CacheProblem, ...]


@dataclass
class _Contents:
    entries: dict[int, CachedRecord] = field(default_factory=dict)
    problems: list[CacheProblem] = field(default_factory=list)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class PubmedCache:
    """The cache of one data folder; reading never needs NCBI, writing is atomic."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.root = Path(data_dir) / PUBMED_DIR
        self.records_dir = self.root / RECORDS_DIR
        self.lock_path = self.root / LOCK_FILE

    # -- reading ----------------------------------------------------------------------

    def load(self) -> dict[int, PubmedRecord]:
        """Every readable cached record by PMID (unreadable files are skipped; see ``status``)."""
        return {pmid: entry.record for pmid, entry in self.load_entries()[0].items()}

    def load_entries(self) -> tuple[dict[int, CachedRecord], tuple[CacheProblem, ...]]:
        contents = _Contents()
        if self.records_dir.is_dir():
            for path in sorted(self.records_dir.glob("*.json")):
                self._read_entry(path, contents)
        return contents.entries, tuple(contents.problems)

    def _read_entry(self, path: Path, contents: _Contents) -> None:
        shown = self._display(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = CachedRecord(
                record=record_from_dict(data["record"]),
                fetched_at=dt.datetime.fromisoformat(data["fetched_at"]),
            )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            contents.problems.append(
                CacheProblem(shown, f"unreadable ({exc}); run enrich to fetch it again", "is unreadable")
            )
            return
        except (KeyError, TypeError, ValueError) as exc:
            contents.problems.append(
                CacheProblem(
                    shown,
                    f"not a cache record ({exc!r}); run enrich to fetch it again",
                    "is not a cache record",
                )
            )
            return
        if path.stem != str(entry.pmid):
            contents.problems.append(
                CacheProblem(
                    shown,
                    f"holds PMID {entry.pmid}, not {path.stem}; skipped",
                    f"holds the record of PMID {entry.pmid}",
                )
            )
            return
        contents.entries[entry.pmid] = entry

    def read_status_file(self) -> dict:
        path = self.root / STATUS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def status(
        self,
        pmids: Iterable[int],
        loaded: tuple[dict[int, CachedRecord], tuple[CacheProblem, ...]] | None = None,
    ) -> CacheStatus:
        """Which of ``pmids`` (the curated ones) are enriched, which are not and why.

        ``loaded`` is what ``load_entries`` returned, when the caller already read the cache.
        """
        entries, problems = loaded if loaded is not None else self.load_entries()
        recorded = self.read_status_file()
        not_found = recorded.get("not_found", {})
        failed = recorded.get("failed", {})
        broken = {Path(p.file).stem: p for p in problems}
        enriched, missing = [], []
        for pmid in sorted(set(pmids)):
            key = str(pmid)
            if pmid in entries:
                enriched.append(pmid)
            elif key in broken:
                missing.append(
                    NotEnriched(pmid, f"its cache file {broken[key].summary}; run enrich to fetch it again")
                )
            elif key in not_found:
                missing.append(NotEnriched(pmid, f"PubMed does not know this PMID (asked {not_found[key]})"))
            elif key in failed:
                missing.append(NotEnriched(pmid, f"last refresh failed: {failed[key]}"))
            else:
                missing.append(
                    NotEnriched(
                        pmid, "never fetched: run 'python -m evidence enrich' where NCBI is reachable"
                    )
                )
        last = recorded.get("last_refresh")
        return CacheStatus(
            enriched=tuple(enriched),
            not_enriched=tuple(missing),
            last_refresh=dt.datetime.fromisoformat(last) if last else None,
            last_summary=recorded.get("last_summary", {}),
            problems=problems,
        )

    # -- writing ----------------------------------------------------------------------

    def lock(self, timeout: float) -> filelock.BaseFileLock:
        """Held for a whole refresh; the OS drops it if the process dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(str(self.lock_path), timeout=timeout)

    def remove_stale_temporaries(self) -> None:
        """Temporary files a killed run left behind; call only while holding the lock."""
        if self.records_dir.is_dir():
            for leftover in self.records_dir.glob(".*.tmp"):
                leftover.unlink(missing_ok=True)

    def write(self, record: PubmedRecord, xml: str, fetched_at: dt.datetime) -> None:
        self.write_many([(record, xml)], fetched_at)

    def write_many(self, articles: Iterable[tuple[PubmedRecord, str]], fetched_at: dt.datetime) -> None:
        """Store a batch of articles: for each, the XML first, then the JSON that makes it count."""
        self.records_dir.mkdir(parents=True, exist_ok=True)
        for record, xml in articles:
            _write_atomic(
                self.records_dir / f"{record.pmid}.xml",
                xml if xml.endswith("\n") else xml + "\n",
                sync_dir=False,
            )
            document = {"pmid": record.pmid, "fetched_at": fetched_at.isoformat(), "record": record.as_dict()}
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            _write_atomic(self.records_dir / f"{record.pmid}.json", text, sync_dir=False)
        _fsync_dir(self.records_dir)  # once per batch: makes the renames themselves durable

    def write_status(
        self,
        *,
        refreshed_at: dt.datetime,
        summary: Mapping[str, int],
        not_found: Iterable[int],
        failed: Mapping[int, str],
        fetched: Iterable[int],
    ) -> None:
        """Record the run: new not-found/failed reasons replace old ones, fetched PMIDs clear them."""
        previous = self.read_status_file()
        stamp = refreshed_at.date().isoformat()
        not_found_map = dict(previous.get("not_found", {}))
        failed_map = dict(previous.get("failed", {}))
        for pmid in fetched:
            not_found_map.pop(str(pmid), None)
            failed_map.pop(str(pmid), None)
        for pmid in not_found:
            not_found_map[str(pmid)] = stamp
            failed_map.pop(str(pmid), None)
        for pmid, reason in failed.items():
            failed_map[str(pmid)] = reason
        document = {
            "last_refresh": refreshed_at.isoformat(),
            "last_summary": dict(summary),
            "not_found": dict(sorted(not_found_map.items(), key=lambda kv: int(kv[0]))),
            "failed": dict(sorted(failed_map.items(), key=lambda kv: int(kv[0]))),
        }
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.root / STATUS_FILE, json.dumps(document, indent=2) + "\n")

    def _display(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(path)


def write_json_atomic(path: Path, document: object) -> None:
    """Write a JSON document so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _no_fault(step: str, path: Path) -> None:
    """The default of the fault seam below: every step goes ahead."""


# A seam for tests: called before each step of every write with the step's name ("write
# temporary", "fsync", "rename") and the file being written. A test makes it raise, or end the
# process, to fail or kill a write at exactly that step; production never changes it.
before_step: Callable[[str, Path], None] = _no_fault


def _write_atomic(path: Path, text: str, *, sync_dir: bool = True) -> None:
    before_step("write temporary", path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            before_step("fsync", path)
            os.fsync(handle.fileno())
        before_step("rename", path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if sync_dir:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
