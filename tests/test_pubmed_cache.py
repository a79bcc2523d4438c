"""The PubMed cache: readable after kill -9, safe under two runs at once, tolerant of a broken file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence.cache import PubmedCache
from evidence.enrich import refresh_pubmed
from evidence.eutils import EutilsSettings

from .conftest import REPO_ROOT, SHIPPED_DATA
from .fake_eutils import FakeEutils

PMIDS = list(range(7000, 7600))  # three batches of at most 200


@pytest.fixture
def fake():
    with FakeEutils() as server:
        server.add_synthetic(PMIDS)
        yield server


def enrich_process(fake: FakeEutils, data: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "NCBI_EMAIL": "tests@example.org",
        "NCBI_API_KEY": "test-key",
        "EVIDENCE_EUTILS_URL": fake.url,
        "EVIDENCE_EUTILS_BACKOFF": "0.01",
    }
    command = [sys.executable, "-m", "evidence", "enrich", "--data", str(data), "--pmid", *map(str, PMIDS)]
    return subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_kill_9_mid_run_leaves_a_loadable_cache_and_a_rerun_completes_it(fake, tmp_path):
    data = tmp_path / "data"
    records = data / "pubmed" / "records"
    fake.slow_seconds = 0.4  # three batches: the process is killed while it still has some to go
    process = enrich_process(fake, data)
    deadline = time.monotonic() + 60
    while not (records.is_dir() and any(records.glob("*.json"))) and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    entries, problems = PubmedCache(data).load_entries()
    assert problems == ()
    assert 0 < len(entries) < len(PMIDS)
    for pmid, entry in entries.items():
        assert entry.record.title.startswith(f"Synthetic record {pmid}")
        assert (records / f"{pmid}.xml").read_text().startswith("<PubmedArticle>")

    fake.slow_seconds = 0
    rerun = enrich_process(fake, data)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"already cached {len(entries)}" in out
    assert set(PubmedCache(data).load()) == set(PMIDS)
    assert not list(records.glob(".*.tmp"))  # leftovers of the killed run are cleared


def test_two_runs_at_once_share_the_work_without_corrupting_the_cache(fake, tmp_path):
    data = tmp_path / "data"
    first, second = enrich_process(fake, data), enrich_process(fake, data)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    entries, problems = PubmedCache(data).load_entries()
    assert problems == () and set(entries) == set(PMIDS)
    # the second waited for the first's lock, then found everything cached
    assert len(fake.requests_to("efetch")) == len(PMIDS) // 200
    assert sorted(f"already cached {len(PMIDS)}" in out for out, _ in outputs) == [False, True]


def test_a_broken_cache_file_is_reported_skipped_and_refetched(fake, tmp_path):
    data = tmp_path / "data"
    settings = EutilsSettings(email="tests@example.org", api_key="k", base_url=fake.url, backoff_base=0.01)
    refresh_pubmed(data, settings, pmids=PMIDS[:3])
    broken = data / "pubmed" / "records" / f"{PMIDS[0]}.json"
    broken.write_text('{"pmid": 70')  # as a bad merge or a full disk might leave it
    cache = PubmedCache(data)
    assert set(cache.load()) == set(PMIDS[1:3])
    status = cache.status(PMIDS[:3])
    assert [p.file for p in status.problems] == [os.path.relpath(broken)]
    assert status.not_enriched[0].pmid == PMIDS[0] and "unreadable" in status.not_enriched[0].reason
    summary = refresh_pubmed(data, settings, pmids=PMIDS[:3])
    assert summary.fetched == (PMIDS[0],)
    assert set(PubmedCache(data).load()) == set(PMIDS[:3])


def test_status_explains_what_is_not_enriched_and_when_the_last_refresh_was(fake, tmp_path):
    data = tmp_path / "data"
    settings = EutilsSettings(email="tests@example.org", api_key="k", base_url=fake.url, backoff_base=0.01)
    refresh_pubmed(data, settings, pmids=[PMIDS[0], 123])
    status = PubmedCache(data).status([PMIDS[0], 123, 456])
    assert status.enriched == (PMIDS[0],)
    reasons = {n.pmid: n.reason for n in status.not_enriched}
    assert "PubMed does not know" in reasons[123]
    assert "never fetched" in reasons[456]
    assert status.last_refresh is not None
    assert status.last_summary == {"fetched": 1, "already_cached": 0, "not_found": 1, "failed": 0}
    cached = json.loads((data / "pubmed" / "records" / f"{PMIDS[0]}.json").read_text())
    assert set(cached) == {"pmid", "fetched_at", "record"}


def test_the_shipped_cache_holds_nothing_written_for_the_tests():
    # NCBI is out of reach where this project is built, so the shipped cache may be empty;
    # whatever it holds must have come from NCBI, never from tests/fixtures
    records = SHIPPED_DATA / "pubmed" / "records"
    for path in records.glob("*.xml") if records.is_dir() else ():
        text = path.read_text()
        assert (
            "written for the test" not in text
            and "Placeholder" not in text
            and "Synthetic record" not in text
        )
    entries, problems = PubmedCache(SHIPPED_DATA).load_entries()
    assert problems == ()


def test_a_refresh_that_cannot_get_the_lock_says_who_holds_the_cache_and_what_to_do(data_copy: Path):
    from evidence.cache import CacheBusy

    cache = PubmedCache(data_copy)
    settings = EutilsSettings(email="tests@example.org", base_url="http://127.0.0.1:9")
    # the first lock stands for another refresh, as far as this one can tell
    with cache.lock(timeout=1), pytest.raises(CacheBusy) as busy:
        refresh_pubmed(data_copy, settings, pmids=[7000], lock_timeout=0.2)
    assert str(busy.value) == (
        f"another PubMed refresh is writing the cache (lock {cache.lock_path}); waited 0 s. "
        "Try again when it has finished."
    )


def test_a_record_is_cached_as_readable_json_in_a_folder_made_for_it_and_knows_its_age(tmp_path: Path):
    import datetime as dt

    from .pubmed_records import make_record

    cache = PubmedCache(tmp_path / "new" / "data")  # neither the data folder nor pubmed/records exists yet
    fetched = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cache.write(make_record(7000, title="Kétamine et douleur ²"), "<PubmedArticle/>", fetched)
    text = (tmp_path / "new" / "data" / "pubmed" / "records" / "7000.json").read_text(encoding="utf-8")
    assert text.startswith(
        '{\n  "pmid": 7000,\n  "fetched_at": "2026-01-01T00:00:00+00:00",\n  "record": {\n'
    )
    assert '"title": "Kétamine et douleur ²"' in text and text.endswith("}\n")
    (entry,) = cache.load_entries()[0].values()
    assert entry.record.title == "Kétamine et douleur ²"
    assert entry.age_days(dt.datetime(2026, 1, 3, 12, tzinfo=dt.UTC)) == 2.5
    assert entry.age_days() > 300  # without a date given, its age is counted to now (November 2026 or later)


def test_the_status_file_keeps_each_pmids_latest_reason_until_it_is_fetched(tmp_path: Path):
    """status.json is committed with the cache: a reviewer reads it, and the Data quality page shows it."""
    import datetime as dt

    from .pubmed_records import make_record

    cache = PubmedCache(tmp_path / "data")
    january = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
    cache.write_status(
        refreshed_at=january,
        summary={"fetched": 0, "already_cached": 0, "not_found": 2, "failed": 4},
        not_found=(300, 10),
        failed={9: "HTTP 502 Bad Gateway", 4000: "the connection was reset", 12: "HTTP 503", 100: "HTTP 503"},
        fetched=(),
    )
    february = dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC)
    cache.write(make_record(300), "<PubmedArticle/>", february)
    cache.write_status(
        refreshed_at=february,
        summary={"fetched": 1, "already_cached": 0, "not_found": 2, "failed": 1},
        not_found=(4000, 9),  # failed in January, unknown to PubMed now
        failed={11: "timed out waiting for E-utilities"},
        fetched=(300,),  # not found in January, fetched now
    )
    assert (cache.root / "status.json").read_text(encoding="utf-8") == (
        "{\n"
        '  "last_refresh": "2026-02-01T08:00:00+00:00",\n'
        '  "last_summary": {\n'
        '    "fetched": 1,\n'
        '    "already_cached": 0,\n'
        '    "not_found": 2,\n'
        '    "failed": 1\n'
        "  },\n"
        '  "not_found": {\n'
        '    "9": "2026-02-01",\n'
        '    "10": "2026-01-05",\n'
        '    "4000": "2026-02-01"\n'
        "  },\n"
        '  "failed": {\n'
        '    "11": "timed out waiting for E-utilities",\n'
        '    "12": "HTTP 503",\n'
        '    "100": "HTTP 503"\n'
        "  }\n"
        "}\n"
    )
    status = cache.status([9, 10, 11, 12, 300, 4000, 5])
    assert status.enriched == (300,)
    assert {n.pmid: n.reason for n in status.not_enriched} == {
        5: "never fetched: run 'python -m evidence enrich' where NCBI is reachable",
        9: "PubMed does not know this PMID (asked 2026-02-01)",
        10: "PubMed does not know this PMID (asked 2026-01-05)",
        11: "last refresh failed: timed out waiting for E-utilities",
        12: "last refresh failed: HTTP 503",
        4000: "PubMed does not know this PMID (asked 2026-02-01)",
    }
    assert (status.last_refresh, status.last_summary) == (
        february,
        {"fetched": 1, "already_cached": 0, "not_found": 2, "failed": 1},
    )


def test_a_refresh_locks_its_own_data_folder_and_no_other(tmp_path: Path):
    one, other = PubmedCache(tmp_path / "one"), PubmedCache(tmp_path / "other")
    with one.lock(timeout=0):
        assert one.lock_path == tmp_path / "one" / "pubmed" / ".lock" and one.lock_path.is_file()
        with other.lock(timeout=0):  # a refresh of another data folder goes ahead at once
            assert other.lock_path.is_file()


def test_each_kind_of_broken_cache_file_is_named_with_what_is_wrong_and_what_to_do(tmp_path: Path):
    import datetime as dt

    from .pubmed_records import make_record

    cache = PubmedCache(tmp_path / "data")
    for pmid in (1, 2, 3, 4, 6):
        cache.write(make_record(pmid), "<PubmedArticle/>", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    records = cache.records_dir
    (records / "1.json").write_text('{"pmid": 1', encoding="utf-8")  # cut short
    (records / "2.json").write_text('{"pmid": 2}', encoding="utf-8")  # valid JSON, not a record
    (records / "3.json").write_bytes(b"\xff\xfe")  # not text at all
    os.replace(records / "4.json", records / "5.json")  # a record under another PMID's name
    entries, problems = cache.load_entries()
    assert list(entries) == [6]
    assert [str(p) for p in problems] == [
        f"{os.path.relpath(records / '1.json')}: unreadable (Expecting ',' delimiter: line 1 column 11 (char 10));"
        " run enrich to fetch it again",
        f"{os.path.relpath(records / '2.json')}: not a cache record (KeyError('record')); run enrich to fetch it again",
        f"{os.path.relpath(records / '3.json')}: unreadable ('utf-8' codec can't decode byte 0xff in position 0:"
        " invalid start byte); run enrich to fetch it again",
        f"{os.path.relpath(records / '5.json')}: holds PMID 4, not 5; skipped",
    ]
    reasons = {n.pmid: n.reason for n in cache.status([1, 2, 3, 5, 6], (entries, problems)).not_enriched}
    assert reasons == {
        1: "its cache file is unreadable; run enrich to fetch it again",
        2: "its cache file is not a cache record; run enrich to fetch it again",
        3: "its cache file is unreadable; run enrich to fetch it again",
        5: "its cache file holds the record of PMID 4; run enrich to fetch it again",
    }


def test_a_cache_never_refreshed_says_every_pmid_was_never_fetched_and_has_no_last_refresh(tmp_path: Path):
    from evidence.cache import CacheStatus, NotEnriched

    never = "never fetched: run 'python -m evidence enrich' where NCBI is reachable"
    assert PubmedCache(tmp_path / "data").status([12, 5, 12]) == CacheStatus(
        enriched=(),
        not_enriched=(NotEnriched(5, never), NotEnriched(12, never)),
        last_refresh=None,
        last_summary={},
        problems=(),
    )


@pytest.mark.parametrize(
    "text",
    ['{"last_refresh": "2026-01-05T09:30:00+00:00", "not_fou', '["not", "a", "status"]', "\udcff"],
    ids=["cut short", "not an object", "not text"],
)
def test_a_broken_status_file_counts_as_no_refresh_yet(tmp_path: Path, text: str):
    """status.json is committed and may be mangled by a bad merge; the cache is still read, the
    status file only loses what it would have said."""
    import datetime as dt

    from .pubmed_records import make_record

    cache = PubmedCache(tmp_path / "data")
    cache.write(make_record(7000), "<PubmedArticle/>", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    (cache.root / "status.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    assert cache.read_status_file() == {}
    status = cache.status([7000, 7001])
    assert (status.enriched, status.last_refresh, status.last_summary, status.problems) == (
        (7000,),
        None,
        {},
        (),
    )
    assert [(n.pmid, n.reason) for n in status.not_enriched] == [
        (7001, "never fetched: run 'python -m evidence enrich' where NCBI is reachable")
    ]


def test_a_cached_record_with_a_field_this_version_does_not_know_or_an_empty_list_left_out_is_read(
    tmp_path: Path,
):
    """The cache is committed and shared: a record written by another version of the dashboard still loads."""
    import datetime as dt

    from .pubmed_records import make_record

    cache = PubmedCache(tmp_path / "data")
    record = make_record(7000, keywords=("ketamine",), mesh_terms=())
    cache.write(record, "<PubmedArticle/>", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    path = cache.records_dir / "7000.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["record"]["citation_count"] = 12  # a field this version does not know
    del document["record"]["mesh_terms"]  # an empty list another version left out
    document["record"]["errata_pmids"] = None  # or wrote as null
    path.write_text(json.dumps(document), encoding="utf-8")
    entries, problems = cache.load_entries()
    assert problems == ()
    assert entries[7000].record == record
