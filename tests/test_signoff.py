"""Review sign-offs and staleness (evidence/signoff.py), worked through on a copy of the shipped data."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from evidence.cli import main
from evidence.loading import load_evidence
from evidence.signoff import review_statuses, sign_off

NEW_SOURCE = """
  - pmid: 99999991
    title: "A new made-up trial of ketamine in fibromyalgia"
    first_author: Newcomer A
    year: 2026
    journal: Journal of Examples
    design: rct
    conditions: [fibromyalgia]
    participants: 40
    blinding: double_blind
    source_url: https://example.org/record/99999991
"""


def statuses(data: Path):
    return {s.condition: s for s in review_statuses(load_evidence(data).base)}


def test_a_condition_never_signed_off_is_stale(data_copy: Path):
    (data_copy / "reviews.yaml").unlink(missing_ok=True)
    status = statuses(data_copy)["fibromyalgia"]
    assert status.stale and status.headline == "never reviewed"


def test_sign_off_then_add_a_source_and_the_condition_is_stale_with_that_change(data_copy: Path):
    base = load_evidence(data_copy).base
    sign_off(base, ["fibromyalgia", "crps"], "A. Reviewer", "clinical pharmacist", dt.date(2026, 11, 20))
    before = statuses(data_copy)
    assert not before["fibromyalgia"].stale and not before["crps"].stale
    assert (
        before["fibromyalgia"].headline
        == "reviewed 20 Nov 2026 by A. Reviewer (clinical pharmacist); no change since"
    )
    with (data_copy / "citations" / "fibromyalgia.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_SOURCE)
    after = statuses(data_copy)
    assert after["fibromyalgia"].stale
    assert [(c.kind, c.source) for c in after["fibromyalgia"].changes] == [("source added", "pmid:99999991")]
    assert not after["crps"].stale, "a source on another condition changes nothing here"


def test_changing_a_finding_or_the_context_makes_it_stale(data_copy: Path):
    base = load_evidence(data_copy).base
    sign_off(base, ["crps"], "A. Reviewer", "clinician", dt.date(2026, 11, 20))
    questions = data_copy / "questions" / "crps.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("critical: true", "critical: false", 1), encoding="utf-8")
    kinds = [c.kind for c in statuses(data_copy)["crps"].changes]
    assert kinds and all(k == "question changed" for k in kinds)


def test_change_dates_come_from_git_history_not_file_times(data_copy: Path):
    def git(*args):
        subprocess.run(["git", *args], cwd=data_copy, check=True, capture_output=True,
                       env={"GIT_AUTHOR_DATE": "2026-11-21T10:00:00", "GIT_COMMITTER_DATE": "2026-11-21T10:00:00",
                            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(data_copy)})  # fmt: skip

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "data")
    sign_off(load_evidence(data_copy).base, ["fibromyalgia"], "A. Reviewer", "curator", dt.date(2026, 11, 20))
    with (data_copy / "citations" / "fibromyalgia.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_SOURCE)
    assert statuses(data_copy)["fibromyalgia"].changes[0].when == "not yet committed"
    git("add", "-A")
    git("commit", "-qm", "a new source")
    assert statuses(data_copy)["fibromyalgia"].changes[0].when == "2026-11-21"


def test_reviews_command_lists_every_condition_and_exits_1_when_any_is_stale(data_copy: Path, capsys):
    base = load_evidence(data_copy).base
    sign_off(base, [c.slug for c in base.conditions], "Curators", "evidence curators", dt.date(2026, 11, 25))
    assert main(["reviews", "--data", str(data_copy), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"condition", "reviewed_by", "reviewed_on", "stale", "changes"} <= set(listed[0])
    assert all(not r["stale"] for r in listed)
    with (data_copy / "citations" / "fibromyalgia.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_SOURCE)
    assert main(["reviews", "--data", str(data_copy), "--format", "json"]) == 1
    listed = {r["condition"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["fibromyalgia"]["changes"] == [
        {"kind": "source added", "source": "pmid:99999991", "when": "after the review"}
    ]


def test_sign_off_command_needs_a_reviewer_and_a_real_date(data_copy: Path, capsys):
    assert (
        main(
            [
                "sign-off",
                "--data",
                str(data_copy),
                "--all",
                "--by",
                "X",
                "--role",
                "curator",
                "--on",
                "2026-13-01",
            ]
        )
        == 2
    )
    assert "give the review date as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["sign-off", "--data", str(data_copy), "--by", "X", "--role", "curator"]) == 2
    assert "--condition SLUG" in capsys.readouterr().err
