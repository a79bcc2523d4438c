"""What a batch written to the PubMed cache leaves on disk, and how the times stamped on it read."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from evidence.cache import PubmedCache, utc_now

from .pubmed_records import make_record

FETCHED = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def test_each_article_of_a_batch_is_kept_as_its_xml_ending_in_one_newline_beside_its_json(tmp_path: Path):
    """The XML is what efetch sent, ending in exactly one newline whether or not the answer had one."""
    cache = PubmedCache(tmp_path / "data")
    cache.write_many(
        [
            (make_record(7001), "<PubmedArticle>sans fin de ligne</PubmedArticle>"),
            (make_record(7002, title="Kétamine et douleur"), "<PubmedArticle>Kétamine</PubmedArticle>\n"),
        ],
        FETCHED,
    )
    records = tmp_path / "data" / "pubmed" / "records"
    assert sorted(p.name for p in records.iterdir()) == ["7001.json", "7001.xml", "7002.json", "7002.xml"]
    assert (records / "7001.xml").read_text(
        encoding="utf-8"
    ) == "<PubmedArticle>sans fin de ligne</PubmedArticle>\n"
    assert (records / "7002.xml").read_text(encoding="utf-8") == "<PubmedArticle>Kétamine</PubmedArticle>\n"
    for pmid in (7001, 7002):
        document = json.loads((records / f"{pmid}.json").read_text(encoding="utf-8"))
        assert document["pmid"] == pmid and document["fetched_at"] == "2026-03-04T05:06:07+00:00"
    text = (records / "7002.json").read_text(encoding="utf-8")
    assert '"title": "Kétamine et douleur"' in text  # as written, not \u00e9, so a reviewer can read the diff
    entries, problems = cache.load_entries()
    assert problems == ()
    assert {pmid: (e.record, e.fetched_at) for pmid, e in entries.items()} == {
        7001: (make_record(7001), FETCHED),
        7002: (make_record(7002, title="Kétamine et douleur"), FETCHED),
    }


def test_an_empty_batch_makes_the_records_folder_and_writes_nothing_in_it(tmp_path: Path):
    cache = PubmedCache(tmp_path / "data")
    cache.write_many([], FETCHED)
    assert list((tmp_path / "data" / "pubmed" / "records").iterdir()) == []


def test_the_time_stamped_on_a_fetch_or_a_refresh_is_in_utc_and_whole_seconds():
    """fetched_at and last_refresh read like 2026-03-04T05:06:07+00:00, without a fraction of a second."""
    now = utc_now()
    assert now.utcoffset() == dt.timedelta(0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", now.isoformat())
