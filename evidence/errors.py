"""The errors a user of the evidence package can meet, each with a message written for them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class EvidenceError(Exception):
    """Base of every error the project raises on purpose; its message is for the user."""


@dataclass(frozen=True, order=True)
class DataProblem:
    """One problem in the curated data, located as precisely as the input allows."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class DataInvalid(EvidenceError):
    """The curated data has problems; ``problems`` lists every one found in the run."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataDirMissing(EvidenceError):
    def __init__(self, path: Path):
        super().__init__(
            f"{path}: no evidence data folder here (expected conditions.yaml and citations/). "
            "Point --data or EVIDENCE_DATA_DIR at a folder laid out like data/."
        )


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely meant to be (a typo, a wrong case), or None.

    One rule for every "did you mean" the project prints: data files, commands and links.
    """
    matches = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


class UnknownCondition(EvidenceError):
    """A condition slug that is not curated; every command words it the same way."""

    def __init__(self, slug: str, known: Sequence[str]):
        close = closest(slug, known)
        hint = f"; did you mean '{close}'?" if close else "."
        super().__init__(f"unknown condition '{slug}'{hint} Known conditions: {', '.join(known)}")
