"""The curated evidence base as immutable, validated value objects.

The YAML files under ``data/`` are parsed into these models; everything downstream
(enrichment, grading, claim review, the pages) reads them and never writes back.
The JSON Schema that editors use is generated from the entry models below
(``python -m evidence schema``), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

CURRENT_YEAR = _dt.date.today().year
EARLIEST_YEAR = 1950  # ketamine was first synthesised in 1962; older years are typos

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMCID_PATTERN = r"^PMC\d{1,9}$"
MAX_PMID = 99_999_999  # PubMed ids are at most eight digits


class Design(str, Enum):
    """Study designs and source kinds, best evidence first within studies."""

    META_ANALYSIS = "meta_analysis"
    SYSTEMATIC_REVIEW = "systematic_review"
    RCT = "rct"
    CROSSOVER_RCT = "crossover_rct"
    NON_RANDOMISED_CONTROLLED = "non_randomised_controlled"
    OPEN_LABEL_TRIAL = "open_label_trial"
    COHORT = "cohort"
    CASE_CONTROL = "case_control"
    CASE_SERIES = "case_series"
    CASE_REPORT = "case_report"
    SURVEY = "survey"
    GUIDELINE = "guideline"
    NARRATIVE_REVIEW = "narrative_review"
    REGULATORY = "regulatory"

    @property
    def label(self) -> str:
        return DESIGN_LABELS[self]

    @property
    def is_randomised(self) -> bool:
        return self in (Design.RCT, Design.CROSSOVER_RCT)

    @property
    def is_position(self) -> bool:
        """Guidelines, consensus statements and regulatory decisions state positions, not data."""
        return self in (Design.GUIDELINE, Design.REGULATORY)


DESIGN_LABELS = {
    Design.META_ANALYSIS: "Meta-analysis",
    Design.SYSTEMATIC_REVIEW: "Systematic review",
    Design.RCT: "Randomised trial",
    Design.CROSSOVER_RCT: "Crossover randomised trial",
    Design.NON_RANDOMISED_CONTROLLED: "Non-randomised controlled study",
    Design.OPEN_LABEL_TRIAL: "Open-label trial",
    Design.COHORT: "Cohort study",
    Design.CASE_CONTROL: "Case-control study",
    Design.CASE_SERIES: "Case series",
    Design.CASE_REPORT: "Case report",
    Design.SURVEY: "Survey",
    Design.GUIDELINE: "Guideline or consensus",
    Design.NARRATIVE_REVIEW: "Narrative review",
    Design.REGULATORY: "Regulatory document",
}


class Direction(str, Enum):
    BENEFIT = "benefit"
    NO_CLEAR_BENEFIT = "no_clear_benefit"
    MIXED = "mixed"
    HARM = "harm"


class Blinding(str, Enum):
    DOUBLE_BLIND = "double_blind"
    SINGLE_BLIND = "single_blind"
    OPEN_LABEL = "open_label"
    NOT_APPLICABLE = "not_applicable"


class KetamineForm(str, Enum):
    RACEMIC = "racemic"
    ESKETAMINE = "esketamine"
    ARKETAMINE = "arketamine"


class Route(str, Enum):
    IV = "iv"
    INTRANASAL = "intranasal"
    ORAL = "oral"
    SUBLINGUAL = "sublingual"
    IM = "im"
    SUBCUTANEOUS = "subcutaneous"
    TOPICAL = "topical"
    MULTIPLE = "multiple"


class Stance(str, Enum):
    """The position a guideline, consensus statement or regulator takes."""

    SUPPORTS = "supports"
    CONDITIONAL = "conditional"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    AGAINST = "against"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"


class Grade(str, Enum):
    """GRADE's four certainty levels, plus 'insufficient' for no direct evidence."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"
    INSUFFICIENT = "insufficient"

    @property
    def rank(self) -> int:
        """4 for high down to 0 for insufficient: grades compare by rank."""
        return GRADE_RANKS[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def from_rank(cls, rank: int) -> Grade:
        clamped = max(0, min(4, rank))
        return next(grade for grade, r in GRADE_RANKS.items() if r == clamped)


GRADE_RANKS = {
    Grade.HIGH: 4,
    Grade.MODERATE: 3,
    Grade.LOW: 2,
    Grade.VERY_LOW: 1,
    Grade.INSUFFICIENT: 0,
}


class Category(str, Enum):
    PSYCHIATRIC = "psychiatric"
    PAIN = "pain"
    OTHER = "other"


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class GradeOverride(_Entry):
    """A curator's override of the computed grade; never silent, always argued."""

    grade: Grade
    rationale: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20)] = Field(
        description="Why the computed grade is wrong for this condition (at least 20 characters)."
    )
    curator: Text | None = None


class Condition(_Entry):
    """A condition ketamine is offered for, or the harms of ketamine as their own entry."""

    slug: Slug
    name: Text
    category: Category
    question: Literal["benefit", "harm"] = Field(
        "benefit",
        description="'harm' for the entry that collects ketamine's harms; graded separately from benefit.",
    )
    synonyms: tuple[Text, ...] = Field(
        (), description="Names, synonyms and abbreviations used in patient-facing text."
    )
    description: Text
    related: tuple[Slug, ...] = Field((), description="Overlapping conditions (slugs).")
    pubmed_query: Text = Field(description="PubMed search term for literature surveillance.")
    grade_override: GradeOverride | None = None


class Position(_Entry):
    """What one guideline or regulator says about ketamine for one condition."""

    condition: Slug
    stance: Stance
    certainty: Literal["high", "moderate", "low", "very_low"] | None = Field(
        None, description="The certainty the document itself states, in GRADE words."
    )
    statement: Text


class Source(_Entry):
    """One curated source: a PubMed-indexed paper (pmid) or another document (id)."""

    pmid: int | None = Field(None, description="PubMed id, digits only.")
    id: Slug | None = Field(None, description="Stable id for a source outside PubMed.")
    title: Text
    first_author: Text
    year: int
    journal: Text = Field(description="Journal, or publisher / agency for other documents.")
    doi: Annotated[str, StringConstraints(strip_whitespace=True, pattern=DOI_PATTERN)] | None = None
    pmcid: Annotated[str, StringConstraints(strip_whitespace=True, pattern=PMCID_PATTERN)] | None = None
    url: Url | None = None
    design: Design
    conditions: tuple[Slug, ...] = Field(description="Conditions this is direct evidence for.")
    indirect_conditions: tuple[Slug, ...] = Field((), description="Conditions this bears on only indirectly.")
    participants: int | None = Field(None, ge=0)
    studies_included: int | None = Field(None, ge=0)
    blinding: Blinding | None = None
    comparator: Text | None = None
    ketamine_form: KetamineForm | None = None
    route: Route | None = None
    dose: Text | None = None
    primary_outcome: Text | None = None
    direction: Direction | None = None
    durability: Text | None = None
    adverse_effects: Text | None = None
    positions: tuple[Position, ...] = ()
    notes: Text | None = None
    retracted: bool = Field(False, description="Curated retraction flag (PubMed's flag is read too).")
    source_url: Url = Field(description="Public page on which the PMID, title and authors were checked.")
    also_checked: tuple[Url, ...] = ()
    verified: bool = True

    @field_validator("pmid", mode="before")
    @classmethod
    def _pmid_digits(cls, value: object) -> object:
        if isinstance(value, str):
            if not re.fullmatch(r"\d{1,8}", value.strip()):
                raise ValueError(
                    "a PMID is 1 to 8 digits, with no prefix (write 23982301, not PMID:23982301)"
                )
            return int(value)
        if isinstance(value, bool):
            raise ValueError("a PMID is 1 to 8 digits")
        if isinstance(value, int) and not 0 < value <= MAX_PMID:
            raise ValueError("a PMID is 1 to 8 digits")
        return value

    @field_validator("year")
    @classmethod
    def _year_in_range(cls, value: int) -> int:
        if not EARLIEST_YEAR <= value <= CURRENT_YEAR + 1:
            raise ValueError(f"year must be between {EARLIEST_YEAR} and {CURRENT_YEAR + 1}")
        return value

    @model_validator(mode="after")
    def _identity_and_kind(self) -> Source:
        if self.pmid is None and self.id is None:
            raise ValueError(
                "give 'pmid' for a PubMed-indexed source, or 'id' plus 'doi' or 'url' for another"
            )
        if self.pmid is not None and self.id is not None:
            raise ValueError("give either 'pmid' or 'id', not both")
        if self.pmid is None and self.doi is None and self.url is None:
            raise ValueError("a source outside PubMed needs a 'doi' or a 'url'")
        if self.positions and not self.design.is_position:
            raise ValueError("'positions' belong only to design guideline or regulatory")
        if not self.conditions and not self.indirect_conditions:
            raise ValueError("list at least one condition in 'conditions' or 'indirect_conditions'")
        return self

    @property
    def key(self) -> str:
        """The identity used everywhere: 'pmid:123' or the curated id."""
        return f"pmid:{self.pmid}" if self.pmid is not None else str(self.id)

    @property
    def pubmed_url(self) -> str | None:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid is not None else None

    @property
    def pmc_url(self) -> str | None:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/" if self.pmcid else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def link(self) -> str:
        """The best public link to the source itself."""
        return self.pubmed_url or self.doi_url or self.url or self.source_url

    def bears_on(self, slug: str) -> bool:
        return slug in self.conditions or slug in self.indirect_conditions

    def is_direct_for(self, slug: str) -> bool:
        return slug in self.conditions


class ConditionsFile(_Entry):
    """The layout of data/conditions.yaml."""

    conditions: tuple[Condition, ...]


class CitationsFile(_Entry):
    """The layout of each data/citations/*.yaml file."""

    sources: tuple[Source, ...]
