"""Fixtures shared by every test module: where the shipped data and the shared fixtures live."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = REPO_ROOT / "data"
# ../shared sits beside the clone in development and in CI; tests that read it skip without it
SHARED = REPO_ROOT.parent / "shared"
NCBI_FIXTURES = SHARED / "fixtures" / "ncbi"
EXAMPLES = SHARED / "examples"


@pytest.fixture
def shipped_data() -> Path:
    return SHIPPED_DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data/ folder that a test may change freely."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target, ignore=shutil.ignore_patterns(".lock"))
    return target


@pytest.fixture
def ncbi_fixtures() -> Path:
    if not NCBI_FIXTURES.is_dir():
        pytest.skip(f"recorded NCBI answers not found at {NCBI_FIXTURES}")
    return NCBI_FIXTURES


@pytest.fixture
def examples_dir() -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip(f"example pages not found at {EXAMPLES}")
    return EXAMPLES
