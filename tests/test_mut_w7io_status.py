"""What the cache's status file says about PMIDs across refreshes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from evidence.cache import PubmedCache

FIRST = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
SECOND = dt.datetime(2026, 3, 9, 1, 2, 3, tzinfo=dt.UTC)


def test_a_pmid_fetched_now_loses_the_failure_and_the_not_found_an_earlier_refresh_recorded(tmp_path: Path):
    cache = PubmedCache(tmp_path / "data")
    cache.write_status(
        refreshed_at=FIRST,
        summary={"fetched": 0},
        not_found=[31],
        failed={42: "efetch of 2 PMIDs: HTTP 500 Internal Server Error (after 5 attempts)", 50: "timed out"},
        fetched=[],
    )
    cache.write_status(refreshed_at=SECOND, summary={"fetched": 2}, not_found=[], failed={}, fetched=[42, 31])
    status = json.loads((tmp_path / "data" / "pubmed" / "status.json").read_text(encoding="utf-8"))
    assert status == {
        "last_refresh": "2026-03-09T01:02:03+00:00",
        "last_summary": {"fetched": 2},
        "not_found": {},
        "failed": {"50": "timed out"},
    }
