"""Hand-made evidence bases for the grading tests: sources and conditions built directly."""

from __future__ import annotations

from pathlib import Path

from evidence.loading import EvidenceBase
from evidence.models import (
    Blinding,
    Condition,
    Design,
    Direction,
    Finding,
    GradeOverride,
    Intervention,
    Outcome,
    Position,
    PublishedCertainty,
    Question,
    Source,
    Stance,
)
from evidence.pubmed import PubmedRecord
from tests.pubmed_records import make_record

SLUG = "test-condition"
RELATED = "related-condition"


def condition(
    slug: str = SLUG, *, question: str = "benefit", override: GradeOverride | None = None
) -> Condition:
    return Condition(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        category="other",
        question=question,
        description="A condition made up for a test.",
        pubmed_query="ketamine[tiab]",
        grade_override=override,
    )


def source(
    key: str,
    design: Design,
    *,
    conditions: tuple[str, ...] = (SLUG,),
    indirect: tuple[str, ...] = (),
    participants: int | None = None,
    blinding: Blinding | None = None,
    direction: Direction | None = Direction.BENEFIT,
    verified: bool = True,
    retracted: bool = False,
    pmid: int | None = None,
    title: str | None = None,
    journal: str = "Journal of Tests",
    year: int = 2020,
    positions: tuple[Position, ...] = (),
    design_features: tuple[str, ...] = (),
    shares_participants_with: tuple[str, ...] = (),
    funding: str | None = None,
) -> Source:
    identity = {"pmid": pmid} if pmid is not None else {"id": key}
    return Source(
        **identity,
        title=title or f"A {design.label.lower()} called {key}",
        first_author="Tester A",
        year=year,
        journal=journal,
        url=None if pmid is not None else f"https://example.org/{key}",
        design=design,
        conditions=conditions,
        indirect_conditions=indirect,
        participants=participants,
        blinding=blinding,
        direction=direction,
        verified=verified,
        retracted=retracted,
        positions=positions,
        design_features=design_features,
        shares_participants_with=shares_participants_with,
        funding=funding,
        source_url=f"https://example.org/checked/{key}",
    )


def rct(key: str, n: int | None = 250, *, direction: Direction = Direction.BENEFIT, **kwargs) -> Source:
    kwargs.setdefault("blinding", Blinding.DOUBLE_BLIND)
    return source(key, Design.RCT, participants=n, direction=direction, **kwargs)


def guideline(
    key: str, stance: Stance, *, certainty: str | None = None, year: int = 2018, slug: str = SLUG
) -> Source:
    return source(
        key,
        Design.GUIDELINE,
        conditions=(slug,),
        direction=None,
        year=year,
        positions=(
            Position(condition=slug, stance=stance, certainty=certainty, statement="A made-up position."),
        ),
    )


def base(*sources: Source, conditions: tuple[Condition, ...] | None = None) -> EvidenceBase:
    return EvidenceBase(
        data_dir=Path("."),
        conditions=conditions or (condition(), condition(RELATED)),
        sources=tuple(sources),
    )


def record(
    pmid: int, *, publication_types: tuple[str, ...] = ("Journal Article",), retracted: bool = False
) -> PubmedRecord:
    return make_record(
        pmid,
        title="A record",
        authors=("Tester A",),
        first_author="Tester A",
        volume=None,
        issue=None,
        pages=None,
        publication_types=publication_types,
        retracted=retracted,
    )


# -- questions, outcomes and findings ---------------------------------------------------------

QUESTION = "test-question"


def outcome(
    oid: str = "response",
    *,
    critical: bool = True,
    kind: str = "dichotomous",
    favours: str = "higher",
    harm: bool = False,
    subjective: bool = True,
) -> Outcome:
    return Outcome(
        id=oid,
        name=oid.replace("-", " ").capitalize(),
        timepoint="24 hours",
        critical=critical,
        kind=kind,
        favours_ketamine=favours,
        harm=harm,
        subjective=subjective,
    )


def finding(key: str, oid: str = "response", **fields) -> Finding:
    return Finding(source=key, outcome=oid, read_on=f"https://example.org/read/{key}", **fields)


def rr(
    key: str, estimate: float, low: float, high: float, n: int = 250, oid: str = "response", **fields
) -> Finding:
    """A risk-ratio finding with n split evenly between the arms."""
    return finding(
        key, oid, measure="rr", estimate=estimate, ci_low=low, ci_high=high,
        n_ketamine=n // 2, n_control=n - n // 2, **fields,
    )  # fmt: skip


def question(
    *findings: Finding,
    outcomes: tuple[Outcome, ...] | None = None,
    comparator: str = "active_placebo",
    qid: str = QUESTION,
    slug: str = SLUG,
    primary: bool = True,
    published: tuple[PublishedCertainty, ...] = (),
    missing_trials: tuple[str, ...] = (),
) -> Question:
    return Question(
        id=qid,
        condition=slug,
        title=f"Ketamine vs {comparator.replace('_', ' ')}",
        primary=primary,
        primary_why="The only question in a test." if primary else None,
        intervention=Intervention(form="racemic", route=("iv",)),
        comparator=comparator,
        outcomes=outcomes or (outcome(),),
        findings=findings,
        published_certainty=published,
        missing_trials=missing_trials,
    )


def questioned_base(*sources: Source, questions: tuple[Question, ...] = ()) -> EvidenceBase:
    return EvidenceBase(
        data_dir=Path("."),
        conditions=(condition(), condition(RELATED)),
        sources=tuple(sources),
        questions=questions,
    )


def grade_one(q: Question, *sources: Source, records=None, oid: str | None = None):
    """Grade one outcome of ``q`` (its first by default) against ``sources``."""
    from evidence.grading import grade_outcome

    chosen = q.outcome(oid) if oid else q.outcomes[0]
    return grade_outcome(q, chosen, {s.key: s for s in sources}, records or {})


def domain(graded, name: str):
    found = [a for a in graded.adjustments if a.domain == name]
    assert len(found) == 1, f"expected one {name} judgement, got {graded.adjustments}"
    return found[0]
