"""Scores claim review on the labelled drafts in tests/claim_corpus (recall on overclaims, false alarms).

Each NAME.labels.yaml lists sentences of NAME.md with the verdict a content reviewer expects:
``flag`` (overstates the evidence), ``pass`` (accurate) or ``either`` (debatable, not scored).
A label is found in the draft's extracted text (Markdown rendered, marks removed); the claim whose
span overlaps it decides: flagged when its verdict is anything but supported. A labelled sentence
that yields no claim counts as passed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from evidence.drafts import format_for_name, parse_draft
from evidence.review import ReviewContext, Verdict, review_draft

CORPUS = Path(__file__).resolve().parent / "claim_corpus"
# written by a teammate who saw neither the rules nor the corpus above: never tuned against
HELD_OUT = Path(__file__).resolve().parent / "claim_corpus_heldout"
_MARKS = re.compile(r"[*_`#>]+")


@dataclass(frozen=True)
class Scored:
    draft: str
    text: str
    expected: str  # flag, pass, either
    pattern: str
    flagged: bool
    verdict: str  # the claim's verdict, or "no claim"
    reasons: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.expected == "either" or self.flagged == (self.expected == "flag")


def _locate(label: str, text: str) -> tuple[int, int] | None:
    wanted = " ".join(_MARKS.sub("", label).split())
    flat, index = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            if flat and flat[-1] == " ":
                continue
            flat.append(" ")
        elif ch in "*_`#>":
            continue
        else:
            flat.append(ch)
        index.append(i)
    at = "".join(flat).find(wanted)
    if at < 0:
        return None
    return index[at], index[at + len(wanted) - 1] + 1


def score_corpus(context: ReviewContext, folder: Path = CORPUS) -> list[Scored]:
    scored = []
    for labels_file in sorted(folder.glob("*.labels.yaml")):
        spec = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
        raw = (folder / spec["draft"]).read_text(encoding="utf-8")
        draft = parse_draft(raw, format_for_name(spec["draft"], raw))
        review = review_draft(draft, context)
        for label in spec["labels"]:
            span = _locate(label["text"], draft.text)
            if span is None:
                raise AssertionError(
                    f"{labels_file.name}: label not found in the extracted text: {label['text']!r}"
                )
            start, end = span
            hits = [c for c in review.claims if c.start < end and start < c.end]
            worst = next((c for v in _WORST_FIRST for c in hits if c.verdict is v), None)
            scored.append(
                Scored(
                    draft=spec["draft"],
                    text=label["text"],
                    expected=label["expected"],
                    pattern=label.get("pattern", "plain"),
                    flagged=worst is not None and worst.verdict is not Verdict.SUPPORTED,
                    verdict=worst.verdict.value if worst else "no claim",
                    reasons=worst.reasons if worst else (),
                )
            )
    return scored


_WORST_FIRST = (Verdict.CITATION_PROBLEM, Verdict.UNSUPPORTED, Verdict.OVERSTATED, Verdict.SUPPORTED)


def summary(scored: list[Scored], name: str = "claim corpus") -> tuple[float, float, str]:
    """Recall on flags, false-alarm rate on passes, and a report by pattern."""
    flags = [s for s in scored if s.expected == "flag"]
    passes = [s for s in scored if s.expected == "pass"]
    recall = sum(s.flagged for s in flags) / len(flags)
    false_alarms = sum(s.flagged for s in passes) / len(passes)
    lines = [
        f"{name}: {len(scored)} labels in {len({s.draft for s in scored})} drafts "
        f"({len(flags)} flag, {len(passes)} pass, {len(scored) - len(flags) - len(passes)} either)",
        f"recall on overclaims {recall:.1%} (target >= 90%); false alarms on accurate claims {false_alarms:.1%} "
        "(target <= 5%)",
        f"{'pattern':22} {'flag caught':>12} {'pass flagged':>13}",
    ]
    patterns = Counter(s.pattern for s in scored)
    for pattern in sorted(patterns):
        f = [s for s in flags if s.pattern == pattern]
        p = [s for s in passes if s.pattern == pattern]
        lines.append(
            f"{pattern:22} {sum(s.flagged for s in f):>5} of {len(f):<5} {sum(s.flagged for s in p):>5} of {len(p):<5}"
        )
    return recall, false_alarms, "\n".join(lines)
