"""Fixtures shared by every test module: where the shipped data and the shared fixtures live."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = REPO_ROOT / "data"
# ../shared sits beside the clone in development and in CI; tests that read it skip without it on a
# developer's machine, and fail under CI=true, where a silent skip would turn a missing input green.
# EVIDENCE_SHARED names it when the tests run from a copy of the repository elsewhere (mutation testing
# runs them from mutants/, whose parent is the clone, not the folder beside it)
SHARED = Path(os.environ.get("EVIDENCE_SHARED") or REPO_ROOT.parent / "shared")
NCBI_FIXTURES = SHARED / "fixtures" / "ncbi"
EXAMPLES = SHARED / "examples"


@pytest.fixture(autouse=True)
def cold_grading_memo():
    """Each test grades from a cold memo, so what it sees never depends on which tests ran before it."""
    from evidence.grading import body

    body._POOLS_RANDOMISED.clear()


@pytest.fixture
def shipped_data() -> Path:
    return SHIPPED_DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data/ folder that a test may change freely."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def missing_input(what: str, where: Path) -> None:
    """Skip when ``where`` is absent on a developer's machine; fail under CI, which must have it."""
    message = f"{what} not found at {where}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: CI runs with ../shared beside the clone, so this is a broken setup")
    pytest.skip(message)


@pytest.fixture
def ncbi_fixtures() -> Path:
    if not NCBI_FIXTURES.is_dir():
        missing_input("recorded NCBI answers", NCBI_FIXTURES)
    return NCBI_FIXTURES


@pytest.fixture
def examples_dir() -> Path:
    if not EXAMPLES.is_dir():
        missing_input("example pages", EXAMPLES)
    return EXAMPLES


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the claim-review corpus figures after the run, as the issue asks."""
    from tests.test_claim_corpus import REPORTS

    for report in REPORTS:
        terminalreporter.write_sep("-", "claim review on the labelled corpus")
        terminalreporter.write_line(report)
