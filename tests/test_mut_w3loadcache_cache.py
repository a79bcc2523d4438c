"""Reading the committed PubMed cache: on any machine, named as the reader sees it, and as read once."""

from __future__ import annotations

import datetime as dt
import locale
import os
from pathlib import Path

import pytest

from evidence.cache import NotEnriched, PubmedCache

from .pubmed_records import make_record

FETCHED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NEVER = "never fetched: run 'python -m evidence enrich' where NCBI is reachable"


@pytest.fixture
def ascii_locale():
    """The process's text encoding is plain ASCII, as on a server whose locale is C without UTF-8."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_a_record_with_accented_names_reads_back_the_same_where_the_locale_is_not_utf8(
    tmp_path, ascii_locale
):
    """The cache is committed and read on other machines; its files are UTF-8 whatever the reader's locale."""
    cache = PubmedCache(tmp_path / "data")
    record = make_record(
        7000, title="Kétamine et douleur", authors=("Müller K", "Šimić N"), first_author="Müller K"
    )
    cache.write(record, "<PubmedArticle/>", FETCHED)
    entries, problems = cache.load_entries()
    assert problems == ()
    assert entries[7000].record == record


def test_status_reports_the_cache_as_it_was_read_not_as_a_refresh_has_since_left_it(tmp_path: Path):
    """The catalog reads the cache once and shows its records beside this status: the two must agree,
    even when a refresh writes a record or breaks one in between."""
    cache = PubmedCache(tmp_path / "data")
    cache.write(make_record(1), "<PubmedArticle/>", FETCHED)
    loaded = cache.load_entries()
    cache.write(make_record(2), "<PubmedArticle/>", FETCHED)  # a refresh finishing meanwhile
    (cache.records_dir / "1.json").write_text('{"pmid": 1', encoding="utf-8")
    status = cache.status([1, 2], loaded)
    assert (status.enriched, status.not_enriched, status.problems) == ((1,), (NotEnriched(2, NEVER),), ())


def test_a_cache_on_another_drive_than_the_current_folder_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """On Windows a path on another drive has no relative form (relpath raises ValueError): the
    problem still names the file, in full, so the reader can find it."""

    def other_drive(path, start=None):
        raise ValueError(f"path is on mount 'D:', start on mount 'C:' ({path})")

    cache = PubmedCache(tmp_path / "data")
    cache.write(make_record(1), "<PubmedArticle/>", FETCHED)
    broken = cache.records_dir / "1.json"
    broken.write_text('{"pmid": 1}', encoding="utf-8")
    monkeypatch.setattr(os.path, "relpath", other_drive)
    (problem,) = cache.load_entries()[1]
    assert str(problem) == f"{broken}: not a cache record (KeyError('record')); run enrich to fetch it again"
