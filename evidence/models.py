"""The curated evidence base as immutable, validated value objects.

The YAML files under ``data/`` are parsed into these models; everything downstream
(enrichment, grading, claim review, the pages) reads them and never writes back.
The JSON Schema that editors use is generated from the entry models below
(``python -m evidence schema``), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt
import math
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


class ComparatorClass(str, Enum):
    """What ketamine is compared with; GRADE never pools across these classes."""

    INERT_PLACEBO = "inert_placebo"  # saline, placebo spray: patients can tell they got no drug
    ACTIVE_PLACEBO = "active_placebo"  # e.g. midazolam, chosen to mimic ketamine's felt effects
    ACTIVE_TREATMENT = "active_treatment"  # ECT, an opioid, an antiemetic, another antidepressant
    USUAL_CARE = "usual_care"
    NO_CONTROL = "no_control"

    @property
    def label(self) -> str:
        return COMPARATOR_LABELS[self]


COMPARATOR_LABELS = {
    ComparatorClass.INERT_PLACEBO: "inert placebo",
    ComparatorClass.ACTIVE_PLACEBO: "active placebo",
    ComparatorClass.ACTIVE_TREATMENT: "active treatment",
    ComparatorClass.USUAL_CARE: "usual care",
    ComparatorClass.NO_CONTROL: "no control group",
}


class EffectMeasure(str, Enum):
    MD = "md"
    SMD = "smd"
    RR = "rr"
    OR = "or"
    HR = "hr"
    RD = "rd"
    PROPORTIONS = "proportions"  # events per arm, no estimate published

    @property
    def is_ratio(self) -> bool:
        return self in (EffectMeasure.RR, EffectMeasure.OR, EffectMeasure.HR)

    @property
    def null_value(self) -> float:
        """The value that means no difference between the arms."""
        return 1.0 if self.is_ratio else 0.0

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    EffectMeasure.MD: "MD",
    EffectMeasure.SMD: "SMD",
    EffectMeasure.RR: "RR",
    EffectMeasure.OR: "OR",
    EffectMeasure.HR: "HR",
    EffectMeasure.RD: "RD",
    EffectMeasure.PROPORTIONS: "events per arm",
}

CONTINUOUS_MEASURES = frozenset({EffectMeasure.MD, EffectMeasure.SMD})
DICHOTOMOUS_MEASURES = frozenset(
    {EffectMeasure.RR, EffectMeasure.OR, EffectMeasure.HR, EffectMeasure.RD, EffectMeasure.PROPORTIONS}
)


class OutcomeKind(str, Enum):
    DICHOTOMOUS = "dichotomous"
    CONTINUOUS = "continuous"


class RiskOfBias(str, Enum):
    """A risk-of-bias judgement in the words of Cochrane's RoB 2 tool."""

    LOW = "low"
    SOME_CONCERNS = "some_concerns"
    HIGH = "high"


class IndirectDomain(str, Enum):
    POPULATION = "population"
    INTERVENTION = "intervention"
    COMPARATOR = "comparator"
    OUTCOME = "outcome"


class DesignFeature(str, Enum):
    """Features of a trial's conduct that risk of bias weighs."""

    EARLY_STOPPING = "early_stopping"
    HIGH_ATTRITION = "high_attrition"
    ENRICHED_RESPONDERS = "enriched_responders"
    RANDOMISED_WITHDRAWAL = "randomised_withdrawal"
    CROSSOVER_CARRY_OVER = "crossover_carry_over"
    UNDER_ANAESTHESIA = "under_anaesthesia"


class Funding(str, Enum):
    INDUSTRY = "industry"
    PUBLIC = "public"
    MIXED = "mixed"
    NOT_REPORTED = "not_reported"


SourceKey = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^(pmid:\d{1,8}|[a-z0-9]+(-[a-z0-9]+)*)$")
]


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
    design_features: tuple[DesignFeature, ...] = Field(
        (), description="Conduct that risk of bias weighs: early stopping, high attrition, enrichment ..."
    )
    shares_participants_with: tuple[SourceKey, ...] = Field(
        (), description="Sources reporting the same participants; this one never adds to their count."
    )
    funding: Funding | None = None
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


def _as_tuple(value: object) -> object:
    """Accept a single value where a list is expected (``route: iv`` as well as ``route: [iv]``)."""
    return (value,) if isinstance(value, str) else value


class Intervention(_Entry):
    form: KetamineForm
    route: tuple[Route, ...] = Field(min_length=1, description="One or more routes.")
    co_treatment: Text | None = Field(
        None, description="A co-treatment that matters, e.g. a newly started oral antidepressant."
    )

    _route_list = field_validator("route", mode="before")(_as_tuple)

    @property
    def label(self) -> str:
        routes = " or ".join(ROUTE_LABELS[r] for r in self.route)
        form = {KetamineForm.RACEMIC: "ketamine"}.get(self.form, self.form.value)
        text = f"{routes} {form}"
        return f"{text} with {self.co_treatment}" if self.co_treatment else text


ROUTE_LABELS = {
    Route.IV: "IV",
    Route.INTRANASAL: "intranasal",
    Route.ORAL: "oral",
    Route.SUBLINGUAL: "sublingual",
    Route.IM: "intramuscular",
    Route.SUBCUTANEOUS: "subcutaneous",
    Route.TOPICAL: "topical",
    Route.MULTIPLE: "various routes",
}


class Outcome(_Entry):
    """One outcome of a question at one time point."""

    id: Slug
    name: Text
    timepoint: Text
    critical: bool = Field(description="Critical for a decision (true) or important (false).")
    kind: OutcomeKind
    favours_ketamine: Literal["higher", "lower"] = Field(
        description="Which side of no effect favours ketamine, for ratios (ketamine over control) and differences (ketamine minus control)."
    )
    harm: bool = False
    subjective: bool = Field(True, description="Rated by the patient or a clinician, so blinding matters.")

    @property
    def label(self) -> str:
        return f"{self.name}, {self.timepoint}"


class Finding(_Entry):
    """What one source reports for one outcome of one question."""

    source: SourceKey
    outcome: Slug
    n_ketamine: int | None = Field(None, ge=0)
    n_control: int | None = Field(None, ge=0)
    measure: EffectMeasure | None = None
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = Field(None, ge=0, le=1)
    events_ketamine: int | None = Field(None, ge=0)
    events_control: int | None = Field(None, ge=0)
    significant: bool | None = None
    favours: Literal["ketamine", "comparator"] | None = Field(
        None, description="Which arm a significant result favours, when no estimate shows it."
    )
    studies: int | None = Field(None, ge=1)
    participants: int | None = Field(None, ge=0)
    i2: float | None = Field(None, ge=0, le=100)
    small_study_effects: bool | None = None
    risk_of_bias: RiskOfBias | None = None
    indirect: Text | None = None
    indirect_domain: IndirectDomain | None = None
    read_on: Url = Field(description="The public page every number of this finding was read on.")
    where: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Finding:
        # YAML reads .inf and .nan as numbers; pooled, they would give a nan effect and a made-up direction
        for name in ("estimate", "ci_low", "ci_high"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ValueError(f"{name}: must be a finite number (found {value:g})")
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValueError("give both ci_low and ci_high, or neither")
        if self.ci_low is not None and self.estimate is None:
            raise ValueError("a confidence interval needs its 'estimate'")
        if self.estimate is not None and self.measure is None:
            raise ValueError("an 'estimate' needs its 'measure' (md, smd, rr, or, hr, rd)")
        if self.measure is EffectMeasure.PROPORTIONS and self.estimate is not None:
            raise ValueError("measure 'proportions' takes events and numbers per arm, not an 'estimate'")
        if self.ci_low is not None and not (self.ci_low <= self.estimate <= self.ci_high):
            raise ValueError(
                f"the estimate {self.estimate:g} lies outside its confidence interval "
                f"{self.ci_low:g} to {self.ci_high:g}"
            )
        if self.measure is not None and self.measure.is_ratio:
            for name in ("estimate", "ci_low", "ci_high"):
                value = getattr(self, name)
                if value is not None and value <= 0:
                    raise ValueError(f"{name}: a {self.measure.label} is above 0 (found {value:g})")
        for events, n, arm in (
            (self.events_ketamine, self.n_ketamine, "ketamine"),
            (self.events_control, self.n_control, "control"),
        ):
            if events is not None and n is not None and events > n:
                raise ValueError(f"events_{arm} ({events}) is more than n_{arm} ({n})")
        if self.measure is EffectMeasure.PROPORTIONS and None in (
            self.events_ketamine,
            self.events_control,
            self.n_ketamine,
            self.n_control,
        ):
            raise ValueError(
                "measure 'proportions' needs events_ketamine, events_control, n_ketamine and n_control"
            )
        if self.favours is not None and self.significant is False:
            raise ValueError("'favours' goes with a significant result; this one is marked not significant")
        if (self.indirect is None) != (self.indirect_domain is None):
            raise ValueError("give 'indirect' (why) together with 'indirect_domain', or neither")
        return self

    @property
    def n(self) -> int | None:
        """Participants behind this finding: the arms' sum, or a review's pooled number."""
        if self.participants is not None:
            return self.participants
        if self.n_ketamine is not None and self.n_control is not None:
            return self.n_ketamine + self.n_control
        if self.n_ketamine is not None and self.measure is None and self.estimate is None:
            return self.n_ketamine  # an uncontrolled report: everyone was given ketamine
        return None

    @property
    def has_interval(self) -> bool:
        return self.ci_low is not None and self.estimate is not None


class PublishedCertainty(_Entry):
    """A review's or guideline's own rating of a question's outcome, on its own scale."""

    source: SourceKey
    outcome: Slug | None = Field(
        None, description="The outcome rated; none when it rates the question as a whole."
    )
    rating: Text
    scale: Text
    grade: Literal["high", "moderate", "low", "very_low"] | None = Field(
        None, description="The GRADE level, only when the rating is a GRADE certainty rating."
    )
    read_on: Url
    note: Text | None = None


class Question(_Entry):
    """A clinical question: population, intervention and comparator, with its outcomes and findings."""

    id: Slug
    condition: Slug | None = Field(
        None, description="Taken from the file's top-level 'condition'; leave it out of each question."
    )
    title: Text
    primary: bool = False
    primary_why: Text | None = None
    intervention: Intervention
    comparator: ComparatorClass
    comparator_detail: Text | None = None
    population: Text | None = None
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    findings: tuple[Finding, ...] = ()
    published_certainty: tuple[PublishedCertainty, ...] = ()
    missing_trials: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Question:
        if self.primary and not self.primary_why:
            raise ValueError("a primary question says why in 'primary_why'")
        ids = [o.id for o in self.outcomes]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"outcome ids must be unique within a question: {', '.join(duplicates)}")
        known = set(ids)
        for i, finding in enumerate(self.findings):
            if finding.outcome not in known:
                raise ValueError(
                    f"findings[{i}].outcome: '{finding.outcome}' is not an outcome of this question "
                    f"({', '.join(ids)})"
                )
            outcome = self.outcome(finding.outcome)
            if finding.measure is not None:
                allowed = (
                    CONTINUOUS_MEASURES if outcome.kind is OutcomeKind.CONTINUOUS else DICHOTOMOUS_MEASURES
                )
                if finding.measure not in allowed:
                    raise ValueError(
                        f"findings[{i}].measure: '{finding.measure.value}' does not fit the "
                        f"{outcome.kind.value} outcome '{outcome.id}' (use {', '.join(sorted(m.value for m in allowed))})"
                    )
        for i, rating in enumerate(self.published_certainty):
            if rating.outcome is not None and rating.outcome not in known:
                raise ValueError(
                    f"published_certainty[{i}].outcome: '{rating.outcome}' is not an outcome of this question"
                )
        return self

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    def findings_for(self, outcome_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome == outcome_id)


class QuestionsFile(_Entry):
    """The layout of each data/questions/*.yaml file."""

    condition: Slug
    questions: tuple[Question, ...]


class RegulatoryFact(_Entry):
    """One agency's decision on one ketamine product and use, verified on the page in ``read_on``."""

    id: Slug
    agency: Text
    kind: Literal["approved", "not_approved", "restricted"]
    product: Text
    form: KetamineForm
    routes: tuple[Route, ...] = Field(min_length=1)
    use: Slug = Field(description="'anaesthesia', or the slug of a condition in conditions.yaml.")
    indication: Text
    co_treatment: Text | None = None
    year: int
    date: _dt.date | None = None
    read_on: Url
    where: Text | None = None
    verified: bool = True

    _route_list = field_validator("routes", mode="before")(_as_tuple)

    @property
    def product_words(self) -> str:
        """The product as a sentence names it: 'esketamine nasal spray (Spravato)'."""
        routes = " or ".join(ROUTE_LABELS[r] for r in self.routes)
        form = "ketamine" if self.form is KetamineForm.RACEMIC else self.form.value
        return f"{routes} {form} ({self.product.split(' (')[0]})"


class RegulatoryFile(_Entry):
    """The layout of data/regulatory.yaml."""

    facts: tuple[RegulatoryFact, ...]


class CareStep(_Entry):
    """One line of care for a condition, as a guideline places it."""

    treatment: Text
    evidence: Text | None = Field(None, description="The guideline's own words for its strength.")
    sources: tuple[SourceKey, ...] = Field(min_length=1)


class Difference(_Entry):
    """How a condition differs from a look-alike."""

    condition: Text
    how: Text
    sources: tuple[SourceKey, ...] = ()


class ConditionContext(_Entry):
    """Where ketamine fits in a condition's care: definition, look-alikes, first- and second-line care."""

    condition: Slug
    definition: Text
    definition_sources: tuple[SourceKey, ...] = Field(min_length=1)
    differs_from: tuple[Difference, ...] = ()
    first_line: tuple[CareStep, ...] = ()
    second_line: tuple[CareStep, ...] = ()
    ketamine_fit: Text
    ketamine_fit_sources: tuple[SourceKey, ...] = Field(min_length=1)

    @property
    def cited(self) -> tuple[str, ...]:
        """Every source key the context cites, once each, in order."""
        keys = [
            *self.definition_sources,
            *(k for d in self.differs_from for k in d.sources),
            *(k for step in (*self.first_line, *self.second_line) for k in step.sources),
            *self.ketamine_fit_sources,
        ]
        return tuple(dict.fromkeys(keys))


class PatientExperience(_Entry):
    """What patients report: kept apart from evidence, never graded."""

    id: Slug
    title: Text
    publisher: Text
    kind: Literal["survey", "testimonial", "patient_network", "forum", "clinic_page", "published_survey"]
    url: Url
    date: _dt.date | None = None
    year: int | None = None
    conditions: tuple[Slug, ...] = Field(min_length=1)
    people: int | None = Field(None, ge=1)
    reports: Text
    themes: tuple[Literal["onset", "relief", "side_effects", "cost", "course", "access", "other"], ...] = ()
    conflict_of_interest: Text | None = None
    pmid: int | None = None
    verified: bool = True
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_grade(cls, data: object) -> object:
        if isinstance(data, dict):
            graded = sorted(
                k for k in data if k in ("grade", "certainty", "verdict", "direction", "evidence_grade")
            )
            if graded:
                raise ValueError(
                    f"{', '.join(graded)}: patient experience is what patients report, not evidence of effect; "
                    "it never carries a grade, a certainty or a direction"
                )
        return data

    @model_validator(mode="after")
    def _dated(self) -> PatientExperience:
        if self.date is None and self.year is None:
            raise ValueError("give the 'date' (or 'year') the page shows")
        return self

    @property
    def when(self) -> str:
        return self.date.isoformat() if self.date else str(self.year)


class ReviewSignOff(_Entry):
    """Who reviewed a condition's evidence view, when, and the content they saw (to tell what changed)."""

    condition: Slug
    reviewed_by: Text
    role: Text
    reviewed_on: _dt.date
    scope: tuple[Literal["sources", "questions", "grade", "context", "harms"], ...] = Field(min_length=1)
    snapshot: dict[str, str] = Field(
        default_factory=dict,
        description="Content hash of every entry in scope at sign-off (written by 'python -m evidence sign-off').",
    )


class ContextFile(ConditionContext):
    """The layout of each data/context/*.yaml file."""


class PatientExperienceFile(_Entry):
    """The layout of data/patient_experience.yaml."""

    entries: tuple[PatientExperience, ...]


class ReviewsFile(_Entry):
    """The layout of data/reviews.yaml."""

    reviews: tuple[ReviewSignOff, ...]


class ConditionsFile(_Entry):
    """The layout of data/conditions.yaml."""

    conditions: tuple[Condition, ...]


class CitationsFile(_Entry):
    """The layout of each data/citations/*.yaml file."""

    sources: tuple[Source, ...]
