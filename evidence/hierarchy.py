"""The hierarchy of study designs, and the cross-check of curated designs against PubMed's types.

The levels follow the spirit of the Oxford CEBM 2011 table: reviews of randomised trials,
then randomised trials, then controlled non-randomised studies, then uncontrolled studies,
then reports and opinion. Guidelines, consensus statements and regulatory decisions are not
on the ladder at all: they are positions on the evidence, shown beside a grade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .models import Design, Source
from .pubmed import PubmedRecord

REVIEW_DESIGNS = frozenset({Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW})

# The model has no field saying which designs a review pooled, so we read it from the two
# places that state it reliably: a title that names randomised trials, or a Cochrane
# intervention review (which includes randomised trials by method). Notes are free text
# written for people and are deliberately not parsed.
_RANDOMISED_TITLE = re.compile(r"random|\brcts?\b|controlled trials?|placebo", re.IGNORECASE)


@dataclass(frozen=True)
class DesignLevel:
    """One rung of the design hierarchy, best evidence at level 1."""

    level: int
    name: str
    designs: str


HIERARCHY: tuple[DesignLevel, ...] = (
    DesignLevel(
        1, "Reviews of randomised trials", "systematic reviews and meta-analyses of randomised trials"
    ),
    DesignLevel(2, "Randomised trials", "parallel-group and crossover randomised trials"),
    DesignLevel(
        3,
        "Controlled non-randomised studies",
        "non-randomised controlled studies, cohort studies, and reviews that do not say they are of randomised trials",
    ),
    DesignLevel(
        4, "Uncontrolled and case-control studies", "open-label trials, case-control studies, case series"
    ),
    DesignLevel(5, "Reports and opinion", "case reports, surveys, expert opinion and narrative reviews"),
)

_LEVEL_OF_DESIGN = {
    Design.RCT: 2,
    Design.CROSSOVER_RCT: 2,
    Design.NON_RANDOMISED_CONTROLLED: 3,
    Design.COHORT: 3,
    Design.OPEN_LABEL_TRIAL: 4,
    Design.CASE_CONTROL: 4,
    Design.CASE_SERIES: 4,
    Design.CASE_REPORT: 5,
    Design.SURVEY: 5,
    Design.NARRATIVE_REVIEW: 5,
}


def is_review_of_randomised_trials(source: Source) -> bool:
    """True for a systematic review or meta-analysis that says it pooled randomised trials."""
    if source.design not in REVIEW_DESIGNS:
        return False
    return bool(_RANDOMISED_TITLE.search(source.title)) or "cochrane" in source.journal.lower()


def design_level(source: Source) -> int | None:
    """The hierarchy level (1 best to 5) of a source, or None for a position document."""
    if source.design.is_position:
        return None
    if source.design in REVIEW_DESIGNS:
        return 1 if is_review_of_randomised_trials(source) else 3
    return _LEVEL_OF_DESIGN[source.design]


# -- PubMed publication types ----------------------------------------------------------

# Publication types that say something about design, strongest claim first, with the curated
# designs each is compatible with. PubMed indexing lags and is coarse ("Clinical Trial" for
# many randomised trials, "Review" for systematic reviews not yet tagged), so each type
# accepts every design it could honestly describe; only a clear contradiction is reported.
_TYPE_COMPATIBLE_DESIGNS: tuple[tuple[str, frozenset[Design]], ...] = (
    ("Meta-Analysis", frozenset({Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW})),
    ("Systematic Review", frozenset({Design.SYSTEMATIC_REVIEW, Design.META_ANALYSIS})),
    ("Randomized Controlled Trial", frozenset({Design.RCT, Design.CROSSOVER_RCT})),
    (
        "Controlled Clinical Trial",
        frozenset({Design.RCT, Design.CROSSOVER_RCT, Design.NON_RANDOMISED_CONTROLLED}),
    ),
    (
        "Clinical Trial",
        frozenset(
            {Design.RCT, Design.CROSSOVER_RCT, Design.NON_RANDOMISED_CONTROLLED, Design.OPEN_LABEL_TRIAL}
        ),
    ),
    ("Practice Guideline", frozenset({Design.GUIDELINE})),
    ("Guideline", frozenset({Design.GUIDELINE})),
    ("Consensus Development Conference", frozenset({Design.GUIDELINE})),
    (
        "Observational Study",
        frozenset(
            {
                Design.COHORT,
                Design.CASE_CONTROL,
                Design.CASE_SERIES,
                Design.SURVEY,
                Design.NON_RANDOMISED_CONTROLLED,
                Design.OPEN_LABEL_TRIAL,
            }
        ),
    ),
    ("Case Reports", frozenset({Design.CASE_REPORT, Design.CASE_SERIES})),
    (
        "Review",
        frozenset(
            {Design.NARRATIVE_REVIEW, Design.SYSTEMATIC_REVIEW, Design.META_ANALYSIS, Design.GUIDELINE}
        ),
    ),
)
# "Clinical Trial, Phase III" and friends carry the same information as "Clinical Trial".
_PHASE_TYPE = re.compile(r"^Clinical Trial, Phase [IV]+$")


@dataclass(frozen=True)
class DesignDisagreement:
    """A curated design that PubMed's publication types contradict."""

    source_key: str
    pmid: int
    curated_design: Design
    publication_types: tuple[str, ...]
    deciding_type: str
    compatible_designs: tuple[Design, ...]

    @property
    def message(self) -> str:
        expected = ", ".join(d.value for d in self.compatible_designs)
        return (
            f"curated as {self.curated_design.value}, but PubMed indexes it as '{self.deciding_type}' "
            f"(compatible designs: {expected}); check the design in the YAML"
        )

    def as_dict(self) -> dict:
        return {
            "source": self.source_key,
            "pmid": self.pmid,
            "curated_design": self.curated_design.value,
            "publication_types": list(self.publication_types),
            "deciding_type": self.deciding_type,
            "compatible_designs": [d.value for d in self.compatible_designs],
            "message": self.message,
        }


def deciding_publication_type(publication_types: tuple[str, ...]) -> tuple[str, frozenset[Design]] | None:
    """PubMed's strongest design claim among ``publication_types``, with its compatible designs."""
    present = {"Clinical Trial" if _PHASE_TYPE.match(t) else t for t in publication_types}
    for name, designs in _TYPE_COMPATIBLE_DESIGNS:
        if name in present:
            return name, designs
    return None


def design_disagreement(source: Source, record: PubmedRecord) -> DesignDisagreement | None:
    """The disagreement between a source's curated design and its PubMed record, if any."""
    decided = deciding_publication_type(record.publication_types)
    if decided is None:
        return None
    name, designs = decided
    if source.design in designs:
        return None
    return DesignDisagreement(
        source_key=source.key,
        pmid=record.pmid,
        curated_design=source.design,
        publication_types=tuple(record.publication_types),
        deciding_type=name,
        compatible_designs=tuple(d for d in Design if d in designs),
    )


def design_disagreements(
    sources: tuple[Source, ...], records: Mapping[int, PubmedRecord] | None
) -> list[DesignDisagreement]:
    """Every curated design that the cached PubMed publication types contradict, by source key."""
    if not records:
        return []
    found = []
    for source in sources:
        record = records.get(source.pmid) if source.pmid is not None else None
        if record is None:
            continue
        disagreement = design_disagreement(source, record)
        if disagreement is not None:
            found.append(disagreement)
    return sorted(found, key=lambda d: d.source_key)
