"""Hand-made evidence bases for the grading tests: sources and conditions built directly."""

from __future__ import annotations

from pathlib import Path

from evidence.loading import EvidenceBase
from evidence.models import (
    Blinding,
    Condition,
    Design,
    Direction,
    GradeOverride,
    Position,
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
