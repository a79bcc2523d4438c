"""What a user reads when input is wrong: each error path, with the exact message and exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evidence.cli import main


@pytest.fixture(autouse=True)
def _email(monkeypatch):
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
    for name in ("EVIDENCE_EUTILS_URL", "EVIDENCE_EUTILS_RETRIES", "EVIDENCE_EUTILS_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)


def test_enrich_with_a_pmid_that_is_not_a_number(data_copy: Path, capsys):
    assert main(["enrich", "--data", str(data_copy), "--pmid", "abc"]) == 2
    assert capsys.readouterr().err.strip() == "error: 'abc' is not a PMID (1 to 8 digits)"


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("EVIDENCE_EUTILS_RETRIES", "abc", "a whole number"),
        ("EVIDENCE_EUTILS_RETRIES", "2.5", "a whole number"),  # a number, but not a count of retries
        ("EVIDENCE_EUTILS_HISTORY_THRESHOLD", "2.5", "a whole number"),  # a number, but not a count of PMIDs
        ("EVIDENCE_EUTILS_TIMEOUT", "abc", "a number"),
    ],
)
def test_a_setting_that_is_not_a_number(data_copy: Path, capsys, monkeypatch, setting, value, expected):
    monkeypatch.setenv(setting, value)
    assert main(["enrich", "--data", str(data_copy), "--pmid", "123"]) == 2
    assert capsys.readouterr().err.strip() == f"error: {setting}={value!r} is not {expected}"


@pytest.mark.parametrize("since", ["2020-13-45", "last year", "2021-02-30"])
def test_surveil_since_a_date_that_is_not_a_date(data_copy: Path, capsys, since):
    assert main(["surveil", "--data", str(data_copy), "--since", since]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: --since {since!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_export_to_a_path_that_cannot_be_written(data_copy: Path, capsys, tmp_path):
    target = tmp_path / "no-such-folder" / "sources.csv"
    assert main(["export", "--data", str(data_copy), "--format", "csv", "--out", str(target)]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"error: {target}: cannot write the export (No such file or directory)"
    )
    assert not target.exists()


def test_the_refresh_button_says_when_a_command_line_enrich_holds_the_cache(data_copy: Path, monkeypatch):
    import subprocess
    import sys

    from streamlit.testing.v1 import AppTest

    from .conftest import REPO_ROOT

    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(data_copy))
    # another process holds the cache lock, as `python -m evidence enrich` does while it writes
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from evidence.cache import PubmedCache; lock = PubmedCache(sys.argv[2]).lock(timeout=5); lock.acquire();"
         "print('held', flush=True); time.sleep(60)", str(REPO_ROOT), str(data_copy)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
        at.switch_page("pages/4_Data_quality.py")
        at.run()
        at.button(key="refresh").click().run()
    finally:
        holder.kill()
        holder.wait()
    shown = [i.value for i in at.info]
    assert any(m.startswith("another PubMed refresh is writing the cache") and "Try again when it has finished" in m
               for m in shown), shown  # fmt: skip


def test_sign_off_on_a_date_that_is_not_a_date(data_copy: Path, capsys):
    assert (
        main(
            ["sign-off", "--data", str(data_copy), "--all", "--by", "X", "--role", "Y", "--on", "2026-02-30"]
        )
        == 2
    )
    assert capsys.readouterr().err.strip() == "error: --on '2026-02-30': give the review date as YYYY-MM-DD"
    assert dt.date.today()  # the default date is today's


@pytest.mark.parametrize(
    "command",
    [
        ["grade", "--condition", "crsp"],
        ["sof", "--condition", "crsp"],
        ["summary", "--condition", "crsp"],
        ["export", "--condition", "crsp"],
        ["sign-off", "--condition", "crsp", "--by", "a curator", "--role", "evidence curators"],
    ],
    ids=lambda command: command[0],
)
def test_every_command_words_an_unknown_condition_the_same_way(data_copy: Path, capsys, command):
    reviews = (data_copy / "reviews.yaml").read_bytes()
    assert main([command[0], "--data", str(data_copy), *command[1:]]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: unknown condition 'crsp'; did you mean 'crps'? Known conditions: "
        "treatment-resistant-depression, major-depression-suicidal-ideation, bipolar-depression, ptsd, "
        "social-anxiety-disorder, ocd, alcohol-use-disorder, mecfs, fibromyalgia, crps, chronic-pain, "
        "neuropathic-pain, migraine, perioperative-acute-pain, ketamine-harms"
    )
    assert (data_copy / "reviews.yaml").read_bytes() == reviews, "a refused command writes nothing"


def test_an_unknown_condition_with_no_close_match_lists_the_known_ones(data_copy: Path, capsys):
    assert main(["grade", "--data", str(data_copy), "--condition", "zzz"]) == 2
    assert capsys.readouterr().err.startswith(
        "error: unknown condition 'zzz'. Known conditions: treatment-resistant"
    )
