"""Writes a synthetic data folder, laid out like data/, for benchmarks at scale.

Nothing here is evidence: PMIDs start at 90,000,000 (far above any real PubMed id in
use), titles say "Synthetic", and every source points at example.org. The mix of designs
follows the curated base: many trials and case reports, few meta-analyses and guidelines.
The same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import EvidenceError
from .loading import CITATIONS_DIR, CONDITIONS_FILE, QUESTIONS_DIR
from .models import Blinding, Category, Design, Direction, KetamineForm, Route, Stance

SYNTHETIC_PMID_START = 90_000_000
SYNTHETIC_HOST = "https://example.org"
YEARS = (1995, 2025)

try:  # libyaml's emitter is several times faster for 10,000 sources
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - libyaml missing
    _Dumper = yaml.SafeDumper

# relative frequency of each design among synthetic sources
DESIGN_WEIGHTS: dict[Design, int] = {
    Design.META_ANALYSIS: 3,
    Design.SYSTEMATIC_REVIEW: 4,
    Design.RCT: 22,
    Design.CROSSOVER_RCT: 6,
    Design.NON_RANDOMISED_CONTROLLED: 4,
    Design.OPEN_LABEL_TRIAL: 14,
    Design.COHORT: 9,
    Design.CASE_CONTROL: 3,
    Design.CASE_SERIES: 10,
    Design.CASE_REPORT: 16,
    Design.SURVEY: 3,
    Design.GUIDELINE: 2,
    Design.NARRATIVE_REVIEW: 3,
    Design.REGULATORY: 1,
}
_TRIALS = {Design.RCT, Design.CROSSOVER_RCT, Design.NON_RANDOMISED_CONTROLLED, Design.OPEN_LABEL_TRIAL}
_REVIEWS = {Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW}
_SURNAMES = (
    "Abbott", "Berman", "Chen", "Dubois", "Eriksson", "Fernández", "García", "Hansen", "Ivanova", "Jensen",
    "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Papadopoulos", "Quinn", "Rossi", "Singh", "Tanaka",
    "Umarov", "Varga", "Wójcik", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip
_OUTCOMES = (
    "change in symptom score at 24 hours",
    "response rate at one week",
    "remission at four weeks",
    "pain intensity at 48 hours",
    "relapse within three months",
)
_WORDS = (
    "infusion", "dose", "response", "tolerability", "maintenance", "rapid", "adjunctive",
    "outcomes", "safety", "repeated", "single", "real-world", "pilot", "efficacy",
)  # fmt: skip


@dataclass(frozen=True)
class SynthSummary:
    out: Path
    conditions: int
    sources: int
    files: int


def write_synthetic_data(out: Path, *, sources: int, conditions: int, seed: int = 1) -> SynthSummary:
    """Write ``conditions.yaml`` and ``citations/*.yaml`` under ``out`` (created if missing)."""
    if sources < 0 or conditions < 1:
        raise EvidenceError("synth needs at least 1 condition and a non-negative number of sources")
    if sources > 1_000_000:
        raise EvidenceError("synth writes at most 1,000,000 sources")
    rng = random.Random(seed)
    slugs = [f"synthetic-condition-{i:03d}" for i in range(1, conditions + 1)]
    citations = out / CITATIONS_DIR
    citations.mkdir(parents=True, exist_ok=True)
    (out / "pubmed").mkdir(exist_ok=True)
    for stale in citations.glob("*.yaml"):
        stale.unlink()
    _dump(
        out / CONDITIONS_FILE,
        {"conditions": [_condition(rng, slug, i, slugs) for i, slug in enumerate(slugs)]},
    )
    by_file: dict[str, list[dict]] = {slug: [] for slug in slugs}
    designs, weights = list(DESIGN_WEIGHTS), list(DESIGN_WEIGHTS.values())
    for number in range(sources):
        design = rng.choices(designs, weights)[0]
        entry = _source(rng, number, design, slugs)
        by_file[(entry.get("conditions") or entry["indirect_conditions"])[0]].append(entry)
    for slug, entries in by_file.items():
        if entries:
            _dump(citations / f"{slug}.yaml", {"sources": entries})
    questions = out / QUESTIONS_DIR
    questions.mkdir(exist_ok=True)
    for stale in questions.glob("*.yaml"):
        stale.unlink()
    for slug, entries in by_file.items():
        _dump(questions / f"{slug}.yaml", _questions(rng, slug, entries))
    return SynthSummary(out, conditions, sources, sum(1 for entries in by_file.values() if entries))


def run_synth_command(args: argparse.Namespace) -> int:
    """``synth --sources N --conditions M --out DIR [--seed S]``."""
    summary = write_synthetic_data(
        Path(args.out), sources=args.sources, conditions=args.conditions, seed=args.seed
    )
    print(
        f"wrote {summary.sources} synthetic sources for {summary.conditions} conditions "
        f"in {summary.files} files under {summary.out}"
    )
    return 0


def _condition(rng: random.Random, slug: str, index: int, slugs: list[str]) -> dict:
    number = index + 1
    others = [s for s in slugs if s != slug]
    return {
        "slug": slug,
        "name": f"Synthetic condition {number:03d}",
        "category": rng.choice(list(Category)).value,
        "synonyms": [f"synthetic disorder {number}", f"SC{number}"],
        "description": f"A made-up condition for benchmarks (number {number}); not evidence of anything.",
        "related": rng.sample(others, min(2, len(others))),
        "pubmed_query": f"ketamine[tiab] AND synthetic condition {number}[tiab]",
    }


def _source(rng: random.Random, number: int, design: Design, slugs: list[str]) -> dict:
    year = rng.randint(*YEARS)
    author = f"{rng.choice(_SURNAMES)} {rng.choice('ABCDEFGHJKLMNPRST')}{rng.choice(('', 'A', 'J', 'M'))}"
    direct = rng.sample(slugs, 1 if rng.random() < 0.85 or len(slugs) == 1 else 2)
    entry: dict = {}
    if design is Design.REGULATORY or (design is Design.GUIDELINE and rng.random() < 0.5):
        entry["id"] = f"synthetic-document-{number + 1}"
        entry["url"] = f"{SYNTHETIC_HOST}/documents/{number + 1}"
    else:
        entry["pmid"] = SYNTHETIC_PMID_START + number
    words = " ".join(rng.sample(_WORDS, 3))
    entry |= {
        "title": f"Synthetic {design.label.lower()} {number + 1} of ketamine: {words}",
        "first_author": author,
        "year": year,
        "journal": f"Journal of Synthetic Studies {rng.randint(1, 40)}",
        "design": design.value,
        "conditions": direct,
    }
    if rng.random() < 0.4:
        entry["doi"] = f"10.5555/synthetic.{number + 1}"
    if rng.random() < 0.1:
        others = [s for s in slugs if s not in direct]
        if others:
            entry["indirect_conditions"] = [rng.choice(others)]
    entry |= _study_details(rng, design)
    if design.is_position:
        entry["positions"] = [
            {
                "condition": slug,
                "stance": rng.choice(list(Stance)).value,
                "statement": "A made-up position statement for benchmarks.",
            }
            for slug in direct
        ]
    if rng.random() < 0.3:
        entry["notes"] = f"Synthetic entry {number + 1}; {rng.choice(_OUTCOMES)} was {rng.choice(_WORDS)}."
    if rng.random() < 0.01:
        entry["retracted"] = True
    entry["source_url"] = f"{SYNTHETIC_HOST}/sources/{number + 1}"
    if rng.random() < 0.05:
        entry["verified"] = False
    return entry


def _study_details(rng: random.Random, design: Design) -> dict:
    if design.is_position or design is Design.NARRATIVE_REVIEW:
        return {}
    details: dict = {}
    if design in _REVIEWS:
        details["studies_included"] = rng.randint(3, 40)
        details["participants"] = rng.randint(100, 4000)
    elif design is Design.CASE_REPORT:
        details["participants"] = rng.choice((1, 1, 1, 2))
    elif design is Design.CASE_SERIES:
        details["participants"] = rng.randint(3, 30)
    else:
        details["participants"] = rng.randint(10, 400)
    if design in _TRIALS:
        details["blinding"] = (
            Blinding.OPEN_LABEL if design is Design.OPEN_LABEL_TRIAL else rng.choice(list(Blinding)[:2])
        ).value
        details["comparator"] = rng.choice(("saline placebo", "midazolam", "usual care"))
    details["ketamine_form"] = rng.choice(list(KetamineForm)[:2]).value
    details["route"] = rng.choice(list(Route)).value
    details["primary_outcome"] = rng.choice(_OUTCOMES)
    details["direction"] = rng.choice(list(Direction)).value
    if rng.random() < 0.3:
        details["adverse_effects"] = "transient dissociation and raised blood pressure"
    return details


# the five comparator classes, one question each, so every condition has about five questions
_COMPARATORS = ("inert_placebo", "active_placebo", "active_treatment", "usual_care", "no_control")


def _questions(rng: random.Random, slug: str, entries: list[dict]) -> dict:
    """About five questions for one condition, and a finding on each of its studies."""
    questions = []
    for index, comparator in enumerate(_COMPARATORS):
        questions.append(
            {
                "id": f"{slug}-q{index + 1}",
                "title": f"Synthetic ketamine vs {comparator.replace('_', ' ')}",
                "primary": index == 0,
                **({"primary_why": "The first synthetic question."} if index == 0 else {}),
                "intervention": {"form": "racemic", "route": [rng.choice(("iv", "intranasal", "oral"))]},
                "comparator": comparator,
                "outcomes": [
                    {
                        "id": "response",
                        "name": "Response",
                        "timepoint": "24 hours",
                        "critical": True,
                        "kind": "dichotomous",
                        "favours_ketamine": "higher",
                    },
                    {
                        "id": "symptoms",
                        "name": "Symptom score",
                        "timepoint": "1 week",
                        "critical": False,
                        "kind": "continuous",
                        "favours_ketamine": "lower",
                    },
                ],  # fmt: skip
                "findings": [],
            }
        )
    for entry in entries:
        design = Design(entry["design"])
        if design.is_position or design is Design.NARRATIVE_REVIEW or slug not in entry.get("conditions", ()):
            continue
        key = f"pmid:{entry['pmid']}" if "pmid" in entry else entry["id"]
        question = rng.choice(questions)
        question["findings"].append(_finding(rng, key, design, entry.get("participants") or 2))
    return {"condition": slug, "questions": questions}


def _finding(rng: random.Random, key: str, design: Design, participants: int) -> dict:
    finding: dict = {"source": key, "read_on": f"{SYNTHETIC_HOST}/findings/{key.replace(':', '-')}"}
    if design in _REVIEWS:
        finding |= {"studies": rng.randint(3, 40), "participants": participants, "i2": rng.randint(0, 90)}
    elif design is Design.CROSSOVER_RCT:
        finding |= {"n_ketamine": participants, "n_control": participants}
    else:
        half = max(1, participants // 2)
        finding |= {"n_ketamine": half, "n_control": max(0, participants - half)}
    if rng.random() < 0.5:
        estimate = round(rng.lognormvariate(0.3, 0.5), 2)
        spread = rng.uniform(1.2, 3.0)
        finding |= {"outcome": "response", "measure": "rr", "estimate": estimate,
                    "ci_low": round(estimate / spread, 2), "ci_high": round(estimate * spread, 2)}  # fmt: skip
    else:
        estimate = round(rng.gauss(-3, 3), 1)
        spread = round(rng.uniform(0.5, 6), 1)
        finding |= {"outcome": "symptoms", "measure": "md", "estimate": estimate,
                    "ci_low": round(estimate - spread, 1), "ci_high": round(estimate + spread, 1)}  # fmt: skip
    return finding


def _dump(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text("# Synthetic data for benchmarks: not evidence.\n" + text, encoding="utf-8")
