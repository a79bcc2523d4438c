"""Crash safety of the PubMed cache, step by step: a fault or a kill at each step of a write leaves
the old record or the new one, never half of each, and no stray temporary file (evidence/cache.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from evidence import cache as cache_module
from evidence.cache import PubmedCache

from .conftest import REPO_ROOT
from .pubmed_records import make_record

PMID = 4242
STEPS = ("write temporary", "fsync", "rename")
TARGETS = (f"{PMID}.xml", f"{PMID}.json", "status.json")
WHEN = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


class Injected(OSError):
    """The fault a test injects (a disk error at one step)."""


def write_new(cache: PubmedCache) -> None:
    cache.write(make_record(PMID, title="The new title"), "<PubmedArticle>new</PubmedArticle>", WHEN)
    cache.write_status(refreshed_at=WHEN, summary={"fetched": 1}, not_found=(), failed={}, fetched=(PMID,))


def seeded(tmp_path: Path) -> PubmedCache:
    cache = PubmedCache(tmp_path / "data")
    cache.write(make_record(PMID, title="The old title"), "<PubmedArticle>old</PubmedArticle>", WHEN)
    cache.write_status(refreshed_at=WHEN, summary={"fetched": 1}, not_found=(), failed={}, fetched=(PMID,))
    return cache


def assert_whole(cache: PubmedCache) -> str:
    """The record reads back as the old or the new one; the new JSON never stands beside the old XML."""
    fresh = PubmedCache(cache.root.parent)
    records = fresh.load()
    title = records[PMID].title
    assert title in ("The old title", "The new title")
    xml = (fresh.records_dir / f"{PMID}.xml").read_text(encoding="utf-8")
    if title == "The new title":
        assert "new" in xml, "the JSON that makes a record count was written before its XML"
    fresh.read_status_file()  # parses
    return title


def temporaries(cache: PubmedCache) -> list[Path]:
    return [p for p in cache.root.parent.rglob("*.tmp")]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("step", STEPS)
def test_a_fault_at_any_step_keeps_the_old_record_and_leaves_no_temporary(
    tmp_path, monkeypatch, step, target
):
    cache = seeded(tmp_path)

    def fault(at: str, path: Path) -> None:
        if at == step and path.name == target:
            if step != "write temporary":
                # the new text is in a hidden temporary beside its target, which the rename then replaces
                # in one step, and which a run killed here leaves for the cleanup to find by its name
                beside = [p.name for p in path.parent.iterdir() if p.name.startswith(f".{target}.")]
                assert len(beside) == 1 and beside[0].endswith(".tmp"), beside
            raise Injected(f"injected at {step} of {target}")

    monkeypatch.setattr(cache_module, "before_step", fault)
    with pytest.raises(Injected):
        write_new(cache)
    monkeypatch.setattr(cache_module, "before_step", cache_module._no_fault)
    title = assert_whole(cache)
    if target != "status.json":
        assert title == "The old title"
    assert temporaries(cache) == [], "a failed write left its temporary file behind"


KILL_AT = """
import datetime as dt, os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from evidence import cache as cache_module
from evidence.cache import PubmedCache
from tests.pubmed_records import make_record

def kill(at, path):
    if at == {step!r} and path.name == {target!r}:
        os._exit(137)  # as sudden as kill -9: nothing after this runs, no cleanup

cache_module.before_step = kill
cache = PubmedCache(Path({data!r}))
when = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
cache.write(make_record({pmid}, title="The new title"), "<PubmedArticle>new</PubmedArticle>", when)
cache.write_status(refreshed_at=when, summary={{"fetched": 1}}, not_found=(), failed={{}}, fetched=({pmid},))
"""


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_a_whole_cache_and_the_next_run_clears_its_temporary(
    tmp_path, step, target
):
    cache = seeded(tmp_path)
    script = KILL_AT.format(
        root=str(REPO_ROOT), step=step, target=target, data=str(cache.root.parent), pmid=PMID
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 137, done.stderr
    assert_whole(cache)
    # a kill can leave a temporary file: readers ignore it, and the next run holding the lock removes it
    with cache.lock(timeout=5):
        cache.remove_stale_temporaries()
    assert [p for p in temporaries(cache) if p.parent == cache.records_dir] == []
    # and nothing else is left beside the records: a temporary that cleanup cannot recognise would stay
    assert sorted(p.name for p in cache.records_dir.iterdir()) == [f"{PMID}.json", f"{PMID}.xml"]


def test_every_write_makes_its_rename_durable_by_syncing_the_folder_after_it(tmp_path, monkeypatch):
    """A rename survives a power cut only once its folder is synced: the records folder once per batch,
    after both files; status.json and every other JSON file straight after their own rename."""
    order: list[str] = []
    monkeypatch.setattr(cache_module, "before_step", lambda step, path: order.append(f"{step} {path.name}"))
    monkeypatch.setattr(cache_module, "_fsync_dir", lambda folder: order.append(f"sync {folder.name}/"))
    write_new(PubmedCache(tmp_path / "data"))
    cache_module.write_json_atomic(tmp_path / "exports" / "grades.json", {"grade": "low"})
    assert [entry for entry in order if entry.startswith(("rename", "sync"))] == [
        f"rename {PMID}.xml",
        f"rename {PMID}.json",
        "sync records/",
        "rename status.json",
        "sync pubmed/",
        "rename grades.json",
        "sync exports/",
    ]
