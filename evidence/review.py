"""Claim review: checks each claim of a draft against the evidence base and says what wording it supports.

A claim is a sentence that names ketamine or esketamine and uses a strength word
(``claims.assess``), or any sentence that cites a PMID. Its conditions are those it
names; a sentence that names none inherits the draft's topic (the condition the draft
names most often), and its reasons say so. Conditions of the 'harm' question are not
claims of benefit and are left out.

One verdict per claim, the worst over its conditions and citations:

- ``citation_problem``: a cited PMID the base does not hold, that PubMed does not know,
  whose cited author or year differs from the source, or that is retracted;
- ``unsupported``: a claim of benefit for a condition with no direct evidence in the base
  (grade insufficient, or a grade that rests on related conditions only), or whose graded
  direct evidence shows no clear benefit or harm;
- ``overstated``: the asserted strength ranks above the condition's grade, or a claimed
  approval that no regulatory source in the base records for that drug and condition;
- ``supported``: none of the above. Negated sentences ("is not a cure") and questions
  assert nothing, so they are listed as supported with the reason "negated" or "question".
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .claims import (
    Assertion,
    Citation,
    ConditionFinder,
    KetamineForm,
    Strength,
    assess,
    find_citations,
    ketamine_forms,
    surname_key,
)
from .drafts import (
    Draft,
    DraftFormat,
    DraftUnreadable,
    decode_draft,
    format_for_name,
    parse_draft,
    read_draft_file,
)
from .loading import EvidenceBase, load_evidence
from .models import Design, Grade, Source, Stance
from .pubmed import PubmedRecord

if TYPE_CHECKING:  # only for annotations: review must not load the dashboard's catalog machinery
    from .catalog import Catalog
    from .grading import ConditionGrade

SOURCES_PER_CONDITION = 4  # the best-designed sources shown per condition; the grade page has them all
NO_BENEFIT_DIRECTIONS = ("no_clear_benefit", "harm")


class Verdict(StrEnum):
    SUPPORTED = "supported"
    OVERSTATED = "overstated"
    UNSUPPORTED = "unsupported"
    CITATION_PROBLEM = "citation_problem"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.SUPPORTED: "Supported",
    Verdict.OVERSTATED: "Overstated",
    Verdict.UNSUPPORTED: "Unsupported",
    Verdict.CITATION_PROBLEM: "Citation problem",
}
# when a claim has several problems, the verdict shown is the first of these that applies
_VERDICT_PRECEDENCE = (Verdict.CITATION_PROBLEM, Verdict.UNSUPPORTED, Verdict.OVERSTATED, Verdict.SUPPORTED)


@dataclass(frozen=True)
class ConditionEvidence:
    """What the base says about one condition, as far as claim review needs it."""

    slug: str
    name: str
    grade: Grade
    direction: str | None = None  # which way the graded evidence points (a Direction value)
    direct: bool | None = None  # graded on direct evidence; None: read it from the grade

    @property
    def has_direct_evidence(self) -> bool:
        # a grade can rest on related conditions alone (fibromyalgia trials for ME/CFS):
        # that is a grade, but not direct evidence that a claim of benefit could stand on
        return self.direct if self.direct is not None else self.grade is not Grade.INSUFFICIENT


@dataclass(frozen=True)
class SourceRef:
    """A source bearing on a claim, with why it is listed and a link to it."""

    key: str
    citation: str  # "Clauw DJ 2014"
    title: str
    design: str
    link: str
    relation: str  # "cited", "regulatory", "direct" or "indirect"
    condition: str | None = None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "citation": self.citation,
            "title": self.title,
            "design": self.design,
            "link": self.link,
            "relation": self.relation,
            "condition": self.condition,
        }


@dataclass(frozen=True)
class ReviewedClaim:
    """One claim of the draft with its verdict, reasons, sources and a wording the grade supports."""

    sentence: str
    start: int
    end: int
    conditions: tuple[str, ...]
    asserted_strength: Strength
    evidence_grade: Grade | None
    verdict: Verdict
    reasons: tuple[str, ...]
    pmids: tuple[int, ...]
    suggestion: str
    sources: tuple[SourceRef, ...] = ()
    topic_inherited: bool = False

    def as_dict(self) -> dict:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "conditions": list(self.conditions),
            "asserted_strength": self.asserted_strength.value,
            "evidence_grade": self.evidence_grade.value if self.evidence_grade else None,
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "pmids": list(self.pmids),
            "suggestion": self.suggestion,
            "sources": [s.as_dict() for s in self.sources],
            "topic_inherited": self.topic_inherited,
        }


@dataclass(frozen=True)
class Review:
    """The review of one draft: its extracted text, its claims, and counts by verdict."""

    text: str
    format: DraftFormat
    sentence_count: int
    claims: tuple[ReviewedClaim, ...]
    topic: str | None
    notes: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(c.verdict for c in self.claims)
        return {v.value: counted.get(v, 0) for v in Verdict}

    @property
    def all_supported(self) -> bool:
        return all(c.verdict is Verdict.SUPPORTED for c in self.claims)

    @property
    def summary(self) -> dict:
        return {
            "claims": len(self.claims),
            **self.counts,
            "sentences": self.sentence_count,
            "characters": len(self.text),
            "format": self.format.value,
            "topic": self.topic,
            "notes": list(self.notes),
        }

    def as_dict(self) -> dict:
        return {"claims": [c.as_dict() for c in self.claims], "summary": self.summary}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        return review_markdown(self)


@dataclass(frozen=True)
class ReviewContext:
    """Everything a review compares against, loaded once: the base, grades, PubMed records."""

    base: EvidenceBase
    evidence: Mapping[str, ConditionEvidence]
    records: Mapping[int, PubmedRecord] = field(default_factory=dict)
    pubmed_unknown: frozenset[int] = frozenset()  # PMIDs a past refresh found PubMed does not know
    notes: tuple[str, ...] = ()
    finder: ConditionFinder = field(init=False, repr=False, compare=False)
    # the best sources per condition, worked out once per context rather than once per claim
    source_refs: dict[str, list[SourceRef]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "finder", ConditionFinder(self.base.conditions))
        object.__setattr__(self, "source_refs", {})

    @property
    def benefit_slugs(self) -> frozenset[str]:
        return frozenset(c.slug for c in self.base.conditions if c.question == "benefit")

    def name_of(self, slug: str) -> str:
        condition = self.base.condition_by_slug.get(slug)
        return condition.name if condition else slug


def load_review_context(data_dir: str | Path | None = None) -> ReviewContext:
    """Loads the base, grades every condition and reads the PubMed cache, for any number of reviews."""
    from .cache import PubmedCache
    from .grading import grade_all

    result = load_evidence(data_dir)
    base = result.base
    records = PubmedCache(base.data_dir).load()
    return build_review_context(base, records, grade_all(base, records), problem_count=len(result.problems))


def review_context_for(catalog: Catalog) -> ReviewContext:
    """The review context of a catalog the dashboard already loaded: nothing is read or graded twice."""
    return build_review_context(
        catalog.base, catalog.records, catalog.grades, problem_count=len(catalog.problems)
    )


def build_review_context(
    base: EvidenceBase,
    records: Mapping[int, PubmedRecord],
    grades: Iterable[ConditionGrade],
    *,
    problem_count: int = 0,
) -> ReviewContext:
    from .cache import PubmedCache

    status = PubmedCache(base.data_dir).read_status_file()
    unknown = frozenset(int(p) for p in status.get("not_found", {}) if str(p).isdigit())
    evidence = {
        g.condition: ConditionEvidence(
            g.condition,
            base.condition(g.condition).name,
            g.grade,
            g.evidence_direction,
            g.graded_on == "direct",
        )
        for g in grades
    }
    notes = []
    if problem_count:
        notes.append(
            f"{problem_count} problems in the curated data; entries with problems were left out "
            "(run 'python -m evidence validate')"
        )
    if not records:
        notes.append("the PubMed cache is empty: PMIDs are checked against the curated sources only")
    return ReviewContext(base, evidence, records, unknown, tuple(notes))


# -- reviewing ------------------------------------------------------------------------


def review_text(raw: str, context: ReviewContext, draft_format: DraftFormat | None = None) -> Review:
    """Reviews a draft given as text; its format is guessed when not given."""
    chosen = draft_format or format_for_name(None, raw)
    return review_draft(parse_draft(raw, chosen), context)


def review_upload(data: bytes, name: str, context: ReviewContext) -> Review:
    """Reviews an uploaded file's bytes; the format comes from its name."""
    text = decode_draft(data, name)
    return review_draft(parse_draft(text, format_for_name(name, text)), context)


def review_draft(draft: Draft, context: ReviewContext) -> Review:
    finder = context.finder
    benefit = context.benefit_slugs
    citations = find_citations(draft.text)
    mentions = [m for m in finder.find(draft.text) if m.slug in benefit]
    topic = _topic(mentions)
    claims = []
    mention_index = citation_index = 0
    for sentence in draft.sentences:
        # mentions and citations are in text order, as are sentences: walk them together
        while mention_index < len(mentions) and mentions[mention_index].start < sentence.start:
            mention_index += 1
        named: list[str] = []
        i = mention_index
        while i < len(mentions) and mentions[i].start < sentence.end:
            if mentions[i].slug not in named:
                named.append(mentions[i].slug)
            i += 1
        while citation_index < len(citations) and citations[citation_index].start < sentence.start:
            citation_index += 1
        cited = []
        j = citation_index
        while j < len(citations) and citations[j].start < sentence.end:
            cited.append(citations[j])
            j += 1
        claim = _review_sentence(sentence.text, sentence.start, sentence.end, named, cited, topic, context)
        if claim is not None:
            claims.append(claim)
    return Review(draft.text, draft.format, len(draft.sentences), tuple(claims), topic, context.notes)


def _topic(mentions: Sequence) -> str | None:
    """The condition the draft names most often (the first named wins a tie)."""
    if not mentions:
        return None
    counts = Counter(m.slug for m in mentions)
    first_seen = {}
    for m in mentions:
        first_seen.setdefault(m.slug, m.start)
    return max(counts, key=lambda slug: (counts[slug], -first_seen[slug]))


def _review_sentence(
    text: str,
    start: int,
    end: int,
    named: list[str],
    citations: list[Citation],
    topic: str | None,
    context: ReviewContext,
) -> ReviewedClaim | None:
    forms = ketamine_forms(text)
    assertion = assess(text) if forms else None
    about_ketamine = assertion is not None and assertion.has_cues
    if not about_ketamine and not citations:
        return None
    conditions = list(named)
    inherited = False
    if about_ketamine and not conditions and topic and not (assertion.negated or assertion.question):
        conditions, inherited = [topic], True
    if not conditions and not citations:
        return None  # a general remark about ketamine: nothing to check it against
    findings: list[tuple[Verdict, str | None, Grade | None]] = []
    reasons: list[str] = []
    if inherited:
        reasons.append(f"names no condition; inherits the draft's topic, {context.name_of(topic)}")
    strength = assertion.strength if about_ketamine else Strength.NONE
    if about_ketamine:
        reasons.append(_describe_assertion(assertion))
    sources: list[SourceRef] = []
    for citation in citations:
        problem, source_ref = _check_citation(citation, context)
        if problem:
            findings.append((Verdict.CITATION_PROBLEM, None, None))
            reasons.append(problem)
        else:
            reasons.append(
                f"PMID {citation.pmid}: in the evidence base ({source_ref.citation}, {source_ref.title})"
            )
        if source_ref:
            sources.append(source_ref)
    approval_forms = forms or frozenset({KetamineForm.RACEMIC})
    for slug in conditions:
        evidence = context.evidence.get(slug) or ConditionEvidence(
            slug, context.name_of(slug), Grade.INSUFFICIENT
        )
        verdict, reason, condition_sources = _judge(
            assertion if about_ketamine else None, evidence, approval_forms, context
        )
        findings.append((verdict, slug, evidence.grade))
        reasons.append(reason)
        sources += condition_sources
    verdict, grade = _worst(findings, context)
    drug = "esketamine" if forms == {KetamineForm.ESKETAMINE} else "ketamine"
    suggestion = _suggestion(conditions, citations, findings, drug, assertion, context)
    return ReviewedClaim(
        sentence=text,
        start=start,
        end=end,
        conditions=tuple(conditions),
        asserted_strength=strength,
        evidence_grade=grade,
        verdict=verdict,
        reasons=tuple(reasons),
        pmids=tuple(dict.fromkeys(c.pmid for c in citations)),
        suggestion=suggestion,
        sources=_unique_sources(sources),
        topic_inherited=inherited,
    )


def _describe_assertion(assertion: Assertion) -> str:
    if assertion.question:
        return "question: the sentence asks rather than asserts, so it claims nothing"
    if assertion.negated:
        words = ", ".join(f"'{c.phrase}'" for c in assertion.cues)
        return f"negated: the sentence denies rather than asserts ({words}), so it claims no benefit"
    words = []
    for cue in assertion.asserting_cues:
        note = f", weakened by '{cue.hedged_by}'" if cue.hedged_by else ""
        words.append(f"'{cue.phrase}' ({cue.strength.label}{note})")
    return f"asserts {assertion.strength.label}: " + ", ".join(words)


def _judge(
    assertion: Assertion | None,
    evidence: ConditionEvidence,
    forms: frozenset[KetamineForm],
    context: ReviewContext,
) -> tuple[Verdict, str, list[SourceRef]]:
    """The verdict for one condition of a claim, with its reason and the sources behind it."""
    name = evidence.name
    grade_words = f"{name}: evidence grade {evidence.grade.label.lower()}"
    if not evidence.has_direct_evidence and evidence.grade is not Grade.INSUFFICIENT:
        grade_words += " from related conditions only"
    elif evidence.direction:
        grade_words += f", direct evidence points to {evidence.direction.replace('_', ' ')}"
    sources = _condition_sources(evidence.slug, context)
    if assertion is None or assertion.strength is Strength.NONE:
        return Verdict.SUPPORTED, f"{grade_words}; nothing asserted to compare", sources
    strength = assertion.strength
    if assertion.claims_approval:
        approvals = _approvals(evidence.slug, forms, context)
        sources = [*(_ref(s, "regulatory", evidence.slug) for s in approvals[0] + approvals[1]), *sources]
        if not approvals[0]:
            held = "; ".join(f"{s.first_author} {s.year}: {_form_of(s).value}" for s in approvals[1])
            drug = " or ".join(sorted(f.value for f in forms))
            reason = f"regulatory: no source in the base records an approval of {drug} ketamine for {name}"
            reason = reason.replace("esketamine ketamine", "esketamine").replace(
                "arketamine ketamine", "arketamine"
            )
            if held:
                reason += f" (the approvals held are for another form: {held})"
            return Verdict.OVERSTATED, reason, sources
        strength = assertion.strength_without_approval()
        approved_by = "; ".join(f"{s.first_author} {s.year}" for s in approvals[0])
        if strength is Strength.NONE:
            return (
                Verdict.SUPPORTED,
                f"regulatory: the approval is on record ({approved_by}); {grade_words}",
                sources,
            )
    if not evidence.has_direct_evidence:
        return (
            Verdict.UNSUPPORTED,
            f"{grade_words}: the base holds no direct evidence, so no benefit can be claimed",
            sources,
        )
    if evidence.direction in NO_BENEFIT_DIRECTIONS:
        return (
            Verdict.UNSUPPORTED,
            f"{grade_words}: the graded evidence does not show benefit, so a claim of benefit is unsupported",
            sources,
        )
    if strength.rank > evidence.grade.rank:
        return (
            Verdict.OVERSTATED,
            f"{grade_words}: the sentence asserts {strength.label}, stronger than the evidence",
            sources,
        )
    return Verdict.SUPPORTED, f"{grade_words}: asserting {strength.label} is within the evidence", sources


def _approvals(
    slug: str, forms: frozenset[KetamineForm], context: ReviewContext
) -> tuple[list[Source], list[Source]]:
    """Regulatory approvals for ``slug``: those of a form the sentence names, and those of other forms."""
    matching, other = [], []
    for source in context.base.sources:
        if source.design is not Design.REGULATORY or source.retracted:
            continue
        if not any(p.condition == slug and p.stance is Stance.APPROVED for p in source.positions):
            continue
        (matching if _form_of(source) in forms else other).append(source)
    return matching, other


def _form_of(source: Source) -> KetamineForm:
    if source.ketamine_form is not None:
        return KetamineForm(source.ketamine_form.value)
    # older entries leave the form blank; the label's title names the product
    return next(iter(ketamine_forms(source.title)), KetamineForm.RACEMIC)


def _check_citation(citation: Citation, context: ReviewContext) -> tuple[str | None, SourceRef | None]:
    """A problem with one cited PMID (or None), and the source it points to when the base holds it."""
    pmid = citation.pmid
    source = context.base.source_by_pmid.get(pmid)
    record = context.records.get(pmid)
    if source is None:
        if pmid in context.pubmed_unknown:
            return f"PMID {pmid}: PubMed does not know this PMID, and it is not in the evidence base", None
        if record is not None:
            return f"PMID {pmid}: not in the evidence base (PubMed has it: {record.title})", None
        return f"PMID {pmid}: not in the evidence base; cannot be checked against PubMed offline", None
    ref = _ref(source, "cited")
    if source.retracted or (record is not None and record.retracted):
        return f"PMID {pmid}: retracted ({ref.citation}, {source.title})", ref
    problems = []
    if citation.cited_author:
        known = {surname_key(source.first_author)}
        if record is not None and record.first_author:
            known.add(surname_key(record.first_author))
        if surname_key(citation.cited_author) not in known:
            problems.append(
                f"cited as {citation.cited_author}, but its first author is {source.first_author}"
            )
    if citation.cited_year is not None:
        years = {source.year} | ({record.year} if record is not None and record.year else set())
        if citation.cited_year not in years:
            problems.append(f"cited as {citation.cited_year}, but it was published in {source.year}")
    if problems:
        return f"PMID {pmid}: " + "; ".join(problems) + f" ({source.title})", ref
    return None, ref


def _condition_sources(slug: str, context: ReviewContext) -> list[SourceRef]:
    if slug not in context.source_refs:
        context.source_refs[slug] = _best_sources(slug, context)
    return context.source_refs[slug]


def _best_sources(slug: str, context: ReviewContext) -> list[SourceRef]:
    direct = [s for s in context.base.sources_for(slug, direct=True) if not s.design.is_position]
    chosen, relation = (
        (direct, "direct") if direct else (list(context.base.sources_for(slug, direct=False)), "indirect")
    )
    order = list(Design)
    chosen.sort(key=lambda s: (order.index(s.design), -s.year, s.key))
    return [_ref(s, relation, slug) for s in chosen[:SOURCES_PER_CONDITION]]


def _ref(source: Source, relation: str, condition: str | None = None) -> SourceRef:
    return SourceRef(
        key=source.key,
        citation=f"{source.first_author} {source.year}",
        title=source.title,
        design=source.design.label,
        link=source.link,
        relation=relation,
        condition=condition,
    )


def _unique_sources(sources: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    seen: dict[str, SourceRef] = {}
    for source in sources:
        seen.setdefault(source.key, source)
    return tuple(seen.values())


def _worst(
    findings: list[tuple[Verdict, str | None, Grade | None]], context: ReviewContext
) -> tuple[Verdict, Grade | None]:
    """The claim's verdict and the grade behind it (the weakest grade among conditions that decided it)."""
    if not findings:
        return Verdict.SUPPORTED, None
    for verdict in _VERDICT_PRECEDENCE:
        decided = [grade for v, slug, grade in findings if v is verdict and slug is not None]
        if any(v is verdict for v, _, _ in findings):
            if not decided:
                decided = [grade for _, slug, grade in findings if slug is not None]
            return verdict, min(decided, key=lambda g: g.rank) if decided else None
    raise AssertionError("unreachable: every verdict is in the precedence list")


# -- suggested wording ----------------------------------------------------------------

# Wording per grade in the spirit of GRADE's informative statements (Santesso et al. 2020):
# high "improves", moderate "probably", low "may", very low "very uncertain".
_WORDING = {
    Grade.HIGH: "High-certainty evidence from randomised trials shows that {drug} improves {cond} for many "
    "patients in the short term; it is not a cure, and the benefit can fade.",
    Grade.MODERATE: "{Drug} probably helps some people with {cond} in the short term, based on randomised "
    "trials of moderate certainty; it is not a cure.",
    Grade.LOW: "{Drug} may help some people with {cond}, but the evidence is of low certainty and the benefit "
    "is uncertain.",
    Grade.VERY_LOW: "It is very uncertain whether {drug} helps {cond}: the evidence comes from small or "
    "uncontrolled studies.",
    Grade.INSUFFICIENT: "There is no direct evidence on whether {drug} helps {cond}; any benefit is inferred "
    "from other conditions and is unproven.",
}
_NO_BENEFIT_WORDING = (
    "Studies of {drug} for {cond} have not shown a clear benefit ({grade} certainty); {drug} should not be "
    "presented as a treatment for it."
)


def _suggestion(
    conditions: list[str],
    citations: list[Citation],
    findings: list[tuple[Verdict, str | None, Grade | None]],
    drug: str,
    assertion: Assertion | None,
    context: ReviewContext,
) -> str:
    parts = []
    if assertion is not None and assertion.claims_approval:
        if (
            "treatment-resistant-depression" in conditions
            or "major-depression-suicidal-ideation" in conditions
        ):
            parts.append(
                "Only esketamine nasal spray (Spravato) is approved, with an oral antidepressant, for "
                "treatment-resistant depression (and depressive symptoms with acute suicidal ideation in the US); "
                "racemic ketamine is used off-label."
            )
        elif conditions:
            parts.append(
                f"Ketamine is not approved for {_plain_names(conditions, context)}; it is used off-label."
            )
    for slug in conditions:
        evidence = context.evidence.get(slug) or ConditionEvidence(
            slug, context.name_of(slug), Grade.INSUFFICIENT
        )
        cond = _plain_name(evidence.name)
        if not evidence.has_direct_evidence:
            text = _WORDING[Grade.INSUFFICIENT].format(drug=drug, cond=cond)
        elif evidence.direction in NO_BENEFIT_DIRECTIONS:
            text = _NO_BENEFIT_WORDING.format(drug=drug, cond=cond, grade=evidence.grade.label.lower())
        else:
            text = _WORDING[evidence.grade].format(drug=drug, Drug=drug.capitalize(), cond=cond)
        parts.append(text)
    if any(v is Verdict.CITATION_PROBLEM for v, _, _ in findings):
        pmids = ", ".join(str(c.pmid) for c in citations)
        parts.append(
            f"Check the reference (PMID {pmids}) on PubMed and cite it as the evidence base records it, "
            "or add it to the base first."
        )
    return " ".join(parts)


def _plain_name(name: str) -> str:
    """A condition name as it reads mid-sentence: 'Fibromyalgia' -> 'fibromyalgia', 'ME/CFS' kept."""
    name = name.split(" (")[0]
    first_word = name.split()[0]
    if first_word.isupper() or any(ch.isupper() for ch in first_word[1:]):
        return name
    return name[0].lower() + name[1:]


def _plain_names(slugs: list[str], context: ReviewContext) -> str:
    names = [_plain_name(context.name_of(s)) for s in slugs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


# -- output ---------------------------------------------------------------------------


def review_markdown(review: Review) -> str:
    """The review as a Markdown report: counts, a table of claims, then each claim in full."""
    counts = review.counts
    lines = [
        "# Claim review",
        "",
        f"{len(review.claims)} claims in {review.sentence_count} sentences: "
        + ", ".join(f"{n} {Verdict(v).label.lower()}" for v, n in counts.items())
        + ".",
    ]
    if review.topic:
        lines += ["", f"Topic of the draft (the condition it names most often): {review.topic}."]
    for note in review.notes:
        lines += ["", f"Note: {_md(note)}."]
    lines += [
        "",
        "| # | Sentence | Conditions | Asserted | Evidence grade | Verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for number, claim in enumerate(review.claims, 1):
        grade = claim.evidence_grade.label.lower() if claim.evidence_grade else "-"
        lines.append(
            f"| {number} | {_md(_gist(claim.sentence))} | {_md(', '.join(claim.conditions)) or '-'} | "
            f"{claim.asserted_strength.label} | {grade} | {claim.verdict.label} |"
        )
    for number, claim in enumerate(review.claims, 1):
        lines += ["", f"## {number}. {claim.verdict.label}", "", f"> {_md(claim.sentence)}", ""]
        lines.append(f"- Characters {claim.start}-{claim.end} of the extracted text")
        lines += [f"- {_md(reason)}" for reason in claim.reasons]
        lines.append(f"- Suggested wording: {_md(claim.suggestion)}")
        for source in claim.sources:
            lines.append(
                f"- Source ({source.relation}): [{_md(source.citation)}, {_md(source.title)}]({source.link})"
            )
    return "\n".join(lines) + "\n"


def _gist(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    """Draft and data text made inert in Markdown: no markup, no HTML, no table breaks."""
    return text.translate(_MD_SPECIAL).replace("\n", " ")


def highlight_html(review: Review, colours: Mapping[str, str] | None = None) -> str:
    """The extracted draft as HTML with each claim marked by its verdict; every character of the draft is escaped."""
    from .palette import VERDICT_COLOURS

    colours = colours or VERDICT_COLOURS
    parts = []
    cursor = 0
    for number, claim in enumerate(review.claims, 1):
        if claim.start < cursor:
            continue
        parts.append(html.escape(review.text[cursor : claim.start]))
        colour = colours.get(claim.verdict.value, "#888888")
        title = html.escape(f"#{number} {claim.verdict.label}: " + " | ".join(claim.reasons), quote=True)
        parts.append(
            f'<mark class="claim {claim.verdict.value}" title="{title}" '
            f'style="background:{colour}33;border-bottom:3px solid {colour};padding:0 2px">'
            f"{html.escape(review.text[claim.start : claim.end])}"
            f'<sup style="color:{colour};font-weight:600">&nbsp;{number}</sup></mark>'
        )
        cursor = claim.end
    parts.append(html.escape(review.text[cursor:]))
    return '<div class="draft" style="white-space:pre-wrap;line-height:1.6">' + "".join(parts) + "</div>"


# -- command --------------------------------------------------------------------------


def read_draft_argument(file: str) -> tuple[str, DraftFormat]:
    """The draft named on the command line ('-' reads standard input)."""
    if file == "-":
        from .drafts import MAX_DRAFT_BYTES

        data = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
        text = decode_draft(data, "standard input")
        return text, format_for_name(None, text)
    return read_draft_file(file)


def run_review_command(args: argparse.Namespace) -> int:
    """`python -m evidence review FILE`: 0 when every claim is supported, 1 otherwise, 2 on bad input."""
    try:
        raw, draft_format = read_draft_argument(args.file)
    except DraftUnreadable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    context = load_review_context(args.data)
    review = review_draft(parse_draft(raw, draft_format), context)
    output = review.to_json() if getattr(args, "format", "md") == "json" else review.to_markdown()
    sys.stdout.write(output)
    for note in review.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0 if review.all_supported else 1
