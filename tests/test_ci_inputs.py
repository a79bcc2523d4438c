"""A test that needs ../shared skips on a developer's machine without it, and fails under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import missing_input


def test_missing_shared_input_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="broken setup"):
        missing_input("example pages", tmp_path / "nowhere")


def test_missing_shared_input_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not found"):
        missing_input("example pages", tmp_path / "nowhere")
