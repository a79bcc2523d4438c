"""Who reviewed each condition's evidence view, when, and what has changed since.

A sign-off (``data/reviews.yaml``) records the reviewer, their role, the date and a content hash
of every entry in its scope: each source bearing on the condition, each clinical question (with
its findings), the condition's context and the grading rules. A condition is **stale** when any
of these differs from the sign-off's snapshot, when PubMed marks one of its sources retracted,
when surveillance found new PubMed records for it after the review date, or when it was never
reviewed.

Change dates come from the data itself: the content hashes say *what* changed, and the git
history of the file that holds the entry says *when* (the date of the last commit touching it);
an edit not yet committed is reported as such. File modification times are never used: a fresh
clone would make everything look changed today.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import EvidenceError, UnknownCondition
from .loading import (
    CONTEXT_DIR,
    QUESTIONS_DIR,
    REVIEWS_FILE,
    EvidenceBase,
    load_evidence,
)
from .models import ReviewSignOff
from .pubmed import PubmedRecord

SCOPE = ("sources", "questions", "grade", "context", "harms")


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def snapshot(
    base: EvidenceBase, slug: str, records: Mapping[int, PubmedRecord] | None = None
) -> dict[str, str]:
    """The content hash of every entry a review of ``slug`` covers, keyed 'kind:name'."""
    from .grading import GRADING_RULES

    records = records or {}
    found: dict[str, str] = {}
    for source in base.sources:
        if source.bears_on(slug) or any(p.condition == slug for p in source.positions):
            record = records.get(source.pmid) if source.pmid is not None else None
            found[f"source:{source.key}"] = _digest(
                {
                    "entry": source.model_dump(mode="json"),
                    "pubmed_retracted": bool(record and record.retracted),
                }
            )
    for question in base.questions_for(slug):
        found[f"question:{question.id}"] = _digest(question.model_dump(mode="json"))
    context = base.context_by_slug.get(slug)
    if context is not None:
        found["context:context"] = _digest(context.model_dump(mode="json"))
    found["rules:grading"] = _digest(GRADING_RULES)
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class Change:
    kind: str  # source added, source changed, source removed, source retracted, question changed, ...
    source: str  # the entry: a source key, a question id, "context", "grading rules", a PMID
    when: str  # a date, "not yet committed", or "after the review"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "when": self.when}


@dataclass(frozen=True)
class ReviewStatus:
    condition: str
    name: str
    reviewed_by: str | None
    role: str | None
    reviewed_on: dt.date | None
    scope: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def stale(self) -> bool:
        return bool(self.changes)

    @property
    def headline(self) -> str:
        """'reviewed 25 Nov 2026 by ...; 3 changes since' or 'never reviewed'."""
        if self.reviewed_on is None:
            return "never reviewed"
        when = self.reviewed_on.strftime("%d %b %Y").lstrip("0")
        changes = (
            f"{len(self.changes)} change{'s' if len(self.changes) != 1 else ''} since"
            if self.changes
            else ("no change since")
        )
        return f"reviewed {when} by {self.reviewed_by} ({self.role}); {changes}"

    def as_dict(self) -> dict:
        return {
            "condition": self.condition,
            "reviewed_by": self.reviewed_by,
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None,
            "role": self.role,
            "scope": list(self.scope),
            "stale": self.stale,
            "changes": [c.as_dict() for c in self.changes],
        }


def review_statuses(
    base: EvidenceBase, records: Mapping[int, PubmedRecord] | None = None, surveillance: object | None = None
) -> list[ReviewStatus]:
    """Every condition's sign-off and what changed since, in the order of conditions.yaml."""
    records = records or {}
    dates = _GitDates(base.data_dir)
    found = []
    new_records = _new_records(surveillance)
    for condition in base.conditions:
        slug = condition.slug
        sign_off = base.review_by_slug.get(slug)
        if sign_off is None:
            found.append(
                ReviewStatus(
                    slug, condition.name, None, None, None, (), (Change("never reviewed", slug, "-"),)
                )
            )
            continue
        now = snapshot(base, slug, records)
        changes = []
        for key in sorted(set(now) | set(sign_off.snapshot)):
            before, after = sign_off.snapshot.get(key), now.get(key)
            if before == after:
                continue
            kind, name = key.split(":", 1)
            what = {
                "source": "source",
                "question": "question",
                "context": "context",
                "rules": "grading rules",
            }[kind]
            verb = "added" if before is None else "removed" if after is None else "changed"
            if kind == "source" and after is not None and _retracted_now(base, name, records):
                verb = "retracted"
            changes.append(Change(f"{what} {verb}", name if kind in ("source", "question") else what,
                                  dates.when(base, kind, name)))  # fmt: skip
        for pmid, found_on in new_records.get(slug, ()):
            if found_on is None or found_on > sign_off.reviewed_on:
                changes.append(
                    Change("new PubMed record", f"pmid:{pmid}", found_on.isoformat() if found_on else "-")
                )
        found.append(
            ReviewStatus(
                slug,
                condition.name,
                sign_off.reviewed_by,
                sign_off.role,
                sign_off.reviewed_on,
                sign_off.scope,
                tuple(changes),
            )  # fmt: skip
        )
    return found


def _retracted_now(base: EvidenceBase, key: str, records: Mapping[int, PubmedRecord]) -> bool:
    source = base.source_by_key.get(key)
    if source is None:
        return False
    record = records.get(source.pmid) if source.pmid is not None else None
    return source.retracted or bool(record and record.retracted)


def _new_records(surveillance: object | None) -> dict[str, list[tuple[int, dt.date | None]]]:
    found: dict[str, list[tuple[int, dt.date | None]]] = {}
    if surveillance is None:
        return found
    for condition in getattr(surveillance, "conditions", ()):
        searched = getattr(condition, "searched_at", None) or getattr(surveillance, "ran_at", None)
        when = _parse_date(searched)
        for record in condition.new:
            found.setdefault(condition.slug, []).append((record.pmid, when))
    return found


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date() if text else None
    except ValueError:
        return None


class _GitDates:
    """When the file holding an entry last changed, from git; 'not yet committed' for a dirty file."""

    def __init__(self, data_dir: Path):
        self.root = data_dir
        self._cache: dict[str, str] = {}

    def when(self, base: EvidenceBase, kind: str, name: str) -> str:
        relative = self._file_of(base, kind, name)
        if relative is None:
            return "after the review"
        if relative not in self._cache:
            self._cache[relative] = self._git_date(relative)
        return self._cache[relative]

    def _file_of(self, base: EvidenceBase, kind: str, name: str) -> str | None:
        if kind == "source":
            origin = base.origin_by_key.get(name)
            return os.path.abspath(origin[0]) if origin else None
        if kind == "question":
            question = next((q for q in base.questions if q.id == name), None)
            return str(self.root / QUESTIONS_DIR / f"{question.condition}.yaml") if question else None
        if kind == "context":
            return str(self.root / CONTEXT_DIR)
        return None

    def _git_date(self, path: str) -> str:
        try:
            dirty = subprocess.run(
                ["git", "status", "--porcelain", "--", path],
                cwd=self.root,
                capture_output=True,
                text=True,
                timeout=10,
            )
            if dirty.returncode == 0 and dirty.stdout.strip():
                return "not yet committed"
            done = subprocess.run(
                ["git", "log", "-1", "--format=%cs", "--", path], cwd=self.root, capture_output=True, text=True,
                timeout=10,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return "after the review"
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "after the review"


# -- signing off -----------------------------------------------------------------------------------


def sign_off(
    base: EvidenceBase,
    slugs: list[str],
    reviewed_by: str,
    role: str,
    on: dt.date,
    records: Mapping[int, PubmedRecord] | None = None,
    scope: tuple[str, ...] = SCOPE,
) -> Path:
    """Record a sign-off for ``slugs`` in reviews.yaml (others kept), written atomically."""
    known = {c.slug for c in base.conditions}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise UnknownCondition(unknown[0], [c.slug for c in base.conditions])
    if not reviewed_by.strip() or not role.strip():
        raise EvidenceError("a sign-off names the reviewer (--by) and their role (--role)")
    kept = [r for r in base.reviews if r.condition not in slugs]
    signed = [
        ReviewSignOff(
            condition=slug,
            reviewed_by=reviewed_by,
            role=role,
            reviewed_on=on,
            scope=scope,
            snapshot=snapshot(base, slug, records),
        )  # fmt: skip
        for slug in slugs
    ]
    order = {c.slug: i for i, c in enumerate(base.conditions)}
    reviews = sorted([*kept, *signed], key=lambda r: order.get(r.condition, len(order)))
    path = base.data_dir / REVIEWS_FILE
    text = (
        "# Who reviewed each condition's evidence view, and when. Written by 'python -m evidence sign-off':\n"
        "# the snapshot holds a content hash of every entry reviewed, so later changes can be listed.\n"
        + yaml.safe_dump(
            {"reviews": [r.model_dump(mode="json") for r in reviews]}, sort_keys=False, width=110
        )
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path


# -- commands ----------------------------------------------------------------------------------------


def run_reviews_command(args: argparse.Namespace) -> int:
    """`python -m evidence reviews [--format json]`: exit 1 when any condition is stale."""
    from .cache import PubmedCache
    from .surveil import load_surveillance

    base = load_evidence(args.data).base
    statuses = review_statuses(base, PubmedCache(base.data_dir).load(), load_surveillance(base.data_dir))
    if args.format == "json":
        print(json.dumps([s.as_dict() for s in statuses], indent=2, ensure_ascii=False))
    else:
        for status in statuses:
            mark = "STALE" if status.stale else "ok   "
            print(f"{mark} {status.condition:36} {status.headline}")
            for change in status.changes:
                print(f"        {change.kind}: {change.source} ({change.when})")
    stale = sum(s.stale for s in statuses)
    print(f"{stale} of {len(statuses)} conditions stale", file=sys.stderr)
    return 1 if stale else 0


def run_sign_off_command(args: argparse.Namespace) -> int:
    """`python -m evidence sign-off (--condition SLUG | --all) --by NAME --role ROLE [--on YYYY-MM-DD]`."""
    from .cache import PubmedCache

    base = load_evidence(args.data).base
    try:
        on = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    except ValueError as exc:
        raise EvidenceError(f"--on {args.on!r}: give the review date as YYYY-MM-DD") from exc
    slugs = [c.slug for c in base.conditions] if args.all else list(args.condition or [])
    if not slugs:
        raise EvidenceError("name the conditions reviewed with --condition SLUG (repeatable), or --all")
    path = sign_off(base, slugs, args.by, args.role, on, PubmedCache(base.data_dir).load())
    print(f"signed off {len(slugs)} condition{'s' if len(slugs) != 1 else ''} on {on.isoformat()} in {path}")
    return 0
