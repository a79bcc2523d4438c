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
import bisect
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from . import claim_lexicon as lex
from .claim_match import Match, OutcomeEvidence, match_claim, outcomes_of
from .claims import (
    Assertion,
    Citation,
    ConditionFinder,
    KetamineForm,
    Strength,
    assess,
    find_citations,
    ketamine_forms,
    names_other_treatment,
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
    # the graded benefit outcomes of its questions: a claim is matched to one (``claim_match``)
    outcomes: tuple[OutcomeEvidence, ...] = ()
    curated: bool = True  # False for a condition the base holds no evidence on at all

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
    matched: tuple[str, ...] = ()  # the question and outcome each condition was judged on
    triggers: tuple[str, ...] = ()  # the words that made it a claim
    anecdote: bool = False  # rests on patient experience

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
            "matched": list(self.matched),
            "triggers": list(self.triggers),
            "anecdote": self.anecdote,
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
        """The condition's name; for a condition the base does not hold ('uncurated:<name>'), the name as written."""
        condition = self.base.condition_by_slug.get(slug)
        return condition.name if condition else slug.removeprefix("uncurated:")


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
            g.graded_on == "direct" or any(not o.indirect for o in outcomes_of(g)),
            outcomes_of(g),
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
    """Extract each sentence's claim, match it to the evidence, judge it and explain the verdict."""
    page = _page_reading(draft, context)
    citations = find_citations(draft.text)
    claims = []
    citation_index = 0
    lead: Assertion | None = (
        None  # a heading or lead-in claim ("Conditions ketamine can help:") its list inherits
    )
    for sentence in draft.sentences:
        while citation_index < len(citations) and citations[citation_index].start < sentence.start:
            citation_index += 1
        cited = []
        j = citation_index
        while j < len(citations) and citations[j].start < sentence.end:
            cited.append(citations[j])
            j += 1
        claim = _review_sentence(sentence.text, sentence.start, sentence.end, cited, page, context, lead)
        if claim is not None:
            claims.append(claim)
        lead = _lead_of(sentence.text, page, lead)
    notes = context.notes
    if page.topic is None and page.conditions:
        notes = (
            *notes,
            "no single condition is clearly the page's topic: sentences that name none are checked against "
            "every condition the page names",
        )
    return Review(draft.text, draft.format, len(draft.sentences), tuple(claims), page.topic, notes)


@dataclass(frozen=True)
class _Page:
    """What a whole draft says about itself: whether it is about ketamine, and its topic."""

    about_ketamine: bool
    forms: frozenset  # the forms of ketamine the page names (an approval claim about "it" means these)
    topic: str | None  # the condition the page is clearly about, or None when unclear
    conditions: tuple[str, ...]  # every condition the page names, most named first
    mentions: tuple  # ConditionMention, in text order
    starts: tuple[int, ...] = ()  # where each mention starts, for bisecting


# the title and the opening sentences say what a page is about; a list of symptoms does not
_TITLE_WEIGHT = 3
_OPENING_WEIGHT = 2
_OPENING_SENTENCES = 3
_TOPIC_LEAD = 2.0  # the topic must score at least this many times the next condition


def _page_reading(draft: Draft, context: ReviewContext) -> _Page:
    benefit = context.benefit_slugs
    mentions = tuple(m for m in context.finder.find(draft.text) if m.slug in benefit)
    opening_end = (
        draft.sentences[min(_OPENING_SENTENCES, len(draft.sentences)) - 1].end if draft.sentences else 0
    )
    title_end = draft.sentences[0].end if draft.sentences else 0
    score: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for m in mentions:
        weight = _TITLE_WEIGHT if m.start < title_end else _OPENING_WEIGHT if m.start < opening_end else 1
        score[m.slug] += weight
        first_seen.setdefault(m.slug, m.start)
    ranked = sorted(score, key=lambda slug: (-score[slug], first_seen[slug]))
    topic = None
    if ranked:
        runner_up = score[ranked[1]] if len(ranked) > 1 else 0
        if score[ranked[0]] >= _TOPIC_LEAD * runner_up and score[ranked[0]] >= 2:
            topic = ranked[0]
    forms = ketamine_forms(draft.text)
    # what the page is about: conditions scoring at least half the leader's; a passing mention
    # ("social anxiety" in a list of symptoms) is not one of them
    about = tuple(slug for slug in ranked if score[slug] * 2 >= score[ranked[0]]) if ranked else ()
    return _Page(bool(forms), forms, topic, about, mentions, tuple(m.start for m in mentions))


_LIST_ITEM_WORDS = 12  # a list item under a lead-in is short and rarely a full sentence


def _lead_of(text: str, page: _Page, previous: Assertion | None) -> Assertion | None:
    """The claim a list of items after ``text`` inherits, if ``text`` is a heading or lead-in that makes one.

    "Conditions ketamine can help:" or a heading "Ketamine therapy can help with" makes each short
    item below it ("PTSD and anxiety") a claim that ketamine helps that condition. A full sentence
    that is not a short item ends the list.
    """
    stripped = text.strip()
    ends_sentence = stripped.endswith((".", "!", "?"))
    if not ends_sentence and (page.about_ketamine or ketamine_forms(text)):
        assertion = assess(text)
        if assertion.strength.rank >= Strength.LOW.rank:
            return assertion
    if previous is not None and not ends_sentence and len(stripped.split()) <= _LIST_ITEM_WORDS:
        return previous  # another item of the same list
    return None


_HARM_TOPIC = re.compile(
    r"\b(?:side[\s-]effects?|adverse|risks?|harms?|dissociat\w*|nausea|blood\s+pressure|bladder|addict\w*|misuse|abuse)\b",
    re.IGNORECASE,
)


def _claims_benefit(assertion: Assertion) -> bool:
    return any(
        c.kind.value in ("benefit", "marketing", "mechanism", "approval", "safety")
        for c in assertion.asserting_cues
    )


def _mentioned_in(page: _Page, start: int, end: int) -> list[str]:
    """The conditions named between ``start`` and ``end``, in order (mentions are sorted by start)."""
    named: list[str] = []
    for m in page.mentions[bisect.bisect_left(page.starts, start) :]:
        if m.start >= end:
            break
        if m.slug not in named:
            named.append(m.slug)
    return named


_UNCURATED = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted((re.escape(t) for t in lex.UNCURATED_CONDITIONS), key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_SWEEPS = tuple((re.compile(pattern, re.IGNORECASE), category) for pattern, category in lex.SWEEPS)


def _uncurated_in(text: str) -> list[str]:
    """Conditions named in ``text`` that the base holds no evidence on, as 'uncurated:<name>' slugs."""
    found: list[str] = []
    for match in _UNCURATED.finditer(text):
        slug = "uncurated:" + match.group(0).lower()
        if slug not in found:
            found.append(slug)
    return found


def _swept(text: str, context: ReviewContext) -> tuple[str | None, list[str]]:
    """A sweeping phrase ('a wide range of mental health conditions') and the conditions it sweeps in."""
    for pattern, category in _SWEEPS:
        match = pattern.search(text)
        if match is None:
            continue
        benefit = [c for c in context.base.conditions if c.question == "benefit"]
        if category == "mood":
            slugs = [c.slug for c in benefit if c.slug in lex.MOOD_CONDITIONS]
        elif category is not None:
            slugs = [c.slug for c in benefit if c.category.value == category]
        else:
            slugs = [c.slug for c in benefit]
        return match.group(0), slugs
    return None, []


def _review_sentence(
    text: str,
    start: int,
    end: int,
    citations: list[Citation],
    page: _Page,
    context: ReviewContext,
    lead: Assertion | None = None,
) -> ReviewedClaim | None:
    forms = ketamine_forms(text)
    other = names_other_treatment(text)
    resolved = not forms and page.about_ketamine and other is None
    assertion = assess(text) if (forms or resolved) else None
    inherited_lead = False
    if (
        assertion is not None
        and lead is not None
        and assertion.strength.rank < lead.strength.rank
        and not text.strip().endswith((".", "!", "?"))
        and len(text.split()) <= _LIST_ITEM_WORDS
        and not any(c.kind.value == "denial" for c in assertion.cues)
    ):
        # a list item under a heading that makes a claim: the heading's claim is the item's, with the
        # share of patients (in the item's own words when it names one) and the routes the item names
        rated = assertion if assertion.rate is not None else lead
        assertion = replace(
            lead, rate=rated.rate, rate_words=rated.rate_words, routes=assertion.routes | lead.routes
        )
        inherited_lead = True
    about_ketamine = assertion is not None and (assertion.has_cues or assertion.rate is not None)
    if about_ketamine and _HARM_TOPIC.search(text) and not _claims_benefit(assertion):
        about_ketamine = False  # "well-established side effects" speaks of harms, not of benefit
    if not about_ketamine and not citations:
        return None
    reasons: list[str] = []
    conditions = _mentioned_in(page, start, end) + _uncurated_in(text)
    sweep, swept = _swept(text, context) if about_ketamine else (None, [])
    for slug in swept:
        if slug not in conditions:
            conditions.append(slug)
    if sweep:
        reasons.append(f"sweeping claim ('{sweep}'): checked against every condition it sweeps in")
    silent = assertion is None or assertion.strength is Strength.NONE
    hedged = assertion is not None and assertion.strength.rank <= Strength.LOW.rank
    topic_inherited = False  # the claim is judged on the page's conditions, not on its own words
    if about_ketamine and not conditions and not silent and not (hedged and page.topic is None):
        if page.topic:
            conditions, topic_inherited = [page.topic], True
            reasons.append(f"names no condition; the page's topic is {context.name_of(page.topic)}")
        elif page.conditions:
            conditions, topic_inherited = list(page.conditions), True
            reasons.append(
                "names no condition, and the page has no single clear topic: checked against every condition "
                "the page names"
            )
    if about_ketamine and resolved:
        reasons.insert(0, "names no drug: on a page about ketamine, the sentence is read as about ketamine")
    if inherited_lead:
        reasons.insert(0, "a list item: it inherits the claim of the heading or lead-in above it")
    if not conditions and not citations and silent:
        return None
    findings: list[tuple[Verdict, str | None, Grade | None]] = []
    strength = assertion.strength if about_ketamine else Strength.NONE
    if about_ketamine:
        reasons.append(_describe_assertion(assertion))
        if assertion.anecdote:
            reasons.append(
                f"rests on patient experience ('{assertion.anecdote}'): what patients report is not evidence of effect"
            )
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
    matched: list[tuple[str, Match | None]] = []
    if about_ketamine and not conditions and not silent:
        # a claim about ketamine in general: judged against the strongest evidence for any condition
        # like a claim on a condition, one that names no form speaks of the forms the page names
        verdict, reason, general = _judge_general(assertion, forms or page.forms, text, context)
        findings.append((verdict, None, general))
        reasons.append(reason)
    for slug in conditions:
        evidence = _evidence_for(slug, context)
        verdict, reason, condition_sources, match = _judge(
            assertion if about_ketamine else None,
            evidence,
            forms or page.forms,  # a sentence that names no form (read as about ketamine) means the page's
            text,
            context,
        )
        findings.append((verdict, slug, evidence.grade))
        reasons.append(reason)
        sources += condition_sources
        matched.append((slug, match))
    verdict, grade = _worst(findings, context)
    drug = "esketamine" if forms == {KetamineForm.ESKETAMINE} else "ketamine"
    suggestion = _suggestion(conditions, citations, findings, matched, drug, assertion, text, context)
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
        topic_inherited=topic_inherited,
        matched=tuple(
            f"{context.name_of(slug)}: {m.outcome.label}"
            for slug, m in matched
            if m is not None and m.outcome
        ),
        triggers=tuple(c.phrase for c in assertion.asserting_cues) if about_ketamine else (),
        anecdote=bool(about_ketamine and assertion.anecdote),
    )


def _evidence_for(slug: str, context: ReviewContext) -> ConditionEvidence:
    if slug.startswith("uncurated:"):
        return ConditionEvidence(slug, slug.split(":", 1)[1], Grade.INSUFFICIENT, curated=False)
    return context.evidence.get(slug) or ConditionEvidence(slug, context.name_of(slug), Grade.INSUFFICIENT)


def _describe_assertion(assertion: Assertion) -> str:
    if assertion.question:
        return "question: the sentence asks rather than asserts, so it claims nothing"
    if assertion.hypothetical:
        return "hypothetical: the sentence speaks of what research should test, so it claims nothing"
    if assertion.negated:
        words = ", ".join(f"'{c.phrase}'" for c in assertion.cues)
        return f"negated: the sentence denies rather than asserts ({words}), so it claims no benefit"
    words = []
    for cue in assertion.asserting_cues:
        note = f", weakened by '{cue.hedged_by}'" if cue.hedged_by else ""
        words.append(f"'{cue.phrase}' ({cue.strength.label}{note})")
    lead = "a question that presupposes its answer; it " if assertion.presupposes else ""
    text = f"{lead}asserts {assertion.strength.label}: " + (", ".join(words) or "no strength word")
    if assertion.rate is not None:
        text += f"; claims a share of patients helped ('{assertion.rate_words}')"
    if assertion.time is not None:
        text += f"; speaks of {'lasting' if assertion.time == 'long' else 'rapid'} benefit ('{assertion.time_words}')"
    return text


def _judge_general(
    assertion: Assertion, forms: frozenset[KetamineForm], text: str, context: ReviewContext
) -> tuple[Verdict, str, Grade]:
    """A claim that names no condition, on a page that names none: the best evidence for any condition."""
    best = max(
        (e for e in context.evidence.values() if e.has_direct_evidence and e.direction == "benefit"),
        key=lambda e: e.grade.rank,
        default=None,
    )
    grade = best.grade if best else Grade.INSUFFICIENT
    if assertion.safety:
        return Verdict.OVERSTATED, _SAFETY_REASON, grade
    if assertion.mechanism:
        return Verdict.UNSUPPORTED, _MECHANISM_REASON, grade
    if assertion.personal and assertion.strength is not Strength.CURE:
        return (
            Verdict.SUPPORTED,
            "one person's account of their own experience, not a claim about others",
            grade,
        )
    if assertion.claims_approval:
        anaesthesia = bool(_ANAESTHESIA_WORDS.search(text))
        facts = [f for f in context.base.regulatory if f.kind == "approved" and f.verified]
        if anaesthesia:
            verdict, reason, _ = _judge_approval(
                "anaesthesia", "anaesthesia", forms, assertion, text, context
            )
            if verdict is not None:
                return verdict, reason, grade
            return Verdict.SUPPORTED, reason, grade
        named = set(f.value for f in forms) or {"racemic"}
        if any(f.form.value in named for f in facts):
            return (
                Verdict.SUPPORTED,
                "regulatory: an approval of this form is on record ("
                + "; ".join(
                    f"{f.agency} {f.year}: {f.product_words} for {f.use}"
                    for f in facts
                    if f.form.value in named
                )
                + "); the sentence does not say for what",
                grade,
            )
        return Verdict.OVERSTATED, "regulatory: an approval claimed without saying for what", grade
    if assertion.strength.rank > grade.rank:
        return (
            Verdict.OVERSTATED,
            f"names no condition: the strongest evidence for any condition is {grade.label.lower()} "
            f"({best.name if best else 'none'}), below the {assertion.strength.label} the sentence asserts",
            grade,
        )
    return (
        Verdict.SUPPORTED,
        f"names no condition; within the {grade.label.lower()} certainty of the best evidence",
        grade,
    )


_SAFETY_REASON = (
    "claims ketamine is free of harm or of addiction: the base records its harms (dissociation, raised blood "
    "pressure, bladder toxicity, misuse), so the claim is overstated"
)
_MECHANISM_REASON = (
    "claims a brain mechanism (new brain cells, a reset brain): no clinical evidence in the base shows it in "
    "patients, so it is unsupported"
)


def _judge(
    assertion: Assertion | None,
    evidence: ConditionEvidence,
    forms: frozenset[KetamineForm],
    text: str,
    context: ReviewContext,
) -> tuple[Verdict, str, list[SourceRef], Match | None]:
    """The verdict for one condition of a claim, with its reason, the sources and the matched evidence."""
    name = evidence.name
    if not evidence.curated:
        if assertion is None or assertion.strength is Strength.NONE:
            return Verdict.SUPPORTED, f"{name}: nothing asserted to compare", [], None
        return (
            Verdict.UNSUPPORTED,
            f"{name}: no evidence is curated for it, so no benefit can be claimed",
            [],
            None,
        )
    grade_words = f"{name}: evidence grade {evidence.grade.label.lower()}"
    if not evidence.has_direct_evidence and evidence.grade is not Grade.INSUFFICIENT:
        grade_words += " from related conditions only"
    elif evidence.direction:
        grade_words += f", direct evidence points to {evidence.direction.replace('_', ' ')}"
    sources = _condition_sources(evidence.slug, context)
    if assertion is None or assertion.strength is Strength.NONE:
        return Verdict.SUPPORTED, f"{grade_words}; nothing asserted to compare", sources, None
    if assertion.safety:
        return Verdict.OVERSTATED, f"{name}: {_SAFETY_REASON}", sources, None
    if assertion.mechanism:
        return Verdict.UNSUPPORTED, f"{name}: {_MECHANISM_REASON}", sources, None
    if assertion.personal and assertion.strength is not Strength.CURE and not assertion.claims_approval:
        return (
            Verdict.SUPPORTED,
            f"{name}: one person's account of their own experience, not a claim about others; "
            "it is patient experience, not evidence of effect",
            sources,
            None,
        )
    strength = assertion.strength
    if assertion.claims_approval:
        verdict, reason, regulatory = _judge_approval(evidence.slug, name, forms, assertion, text, context)
        sources = [*regulatory, *sources]
        if verdict is not None:
            return verdict, reason, sources, None
        strength = assertion.strength_without_approval()
        if strength is Strength.NONE:
            return Verdict.SUPPORTED, f"{reason}; {grade_words}", sources, None
    first_line = _first_line_claim(assertion, evidence.slug, context)
    if first_line:
        return Verdict.OVERSTATED, f"{name}: {first_line}", sources, None
    if not evidence.has_direct_evidence:
        return (
            Verdict.UNSUPPORTED,
            f"{grade_words}: the base holds no direct evidence, so no benefit can be claimed",
            sources,
            None,
        )
    match = match_claim(assertion, forms, evidence.outcomes) if evidence.outcomes else None
    if match is None:  # no question-level evidence: the condition's grade and direction decide
        certainty, favours, basis = (
            evidence.grade,
            evidence.direction not in NO_BENEFIT_DIRECTIONS,
            grade_words,
        )
    elif match.outcome is None:
        if match.mismatch == "time" and match.favouring:
            return (
                Verdict.OVERSTATED,
                f"{name}: {match.basis}; the benefit shown is only at earlier time points",
                sources,
                match,
            )
        return Verdict.UNSUPPORTED, f"{name}: {match.basis}", sources, match
    else:
        outcome = match.outcome
        certainty, favours = outcome.certainty, outcome.favours_ketamine
        basis = (
            f"{name}: {match.basis} ({outcome.certainty.label.lower()} certainty, "
            f"{(outcome.direction or 'no direction').replace('_', ' ')})"
        )
        hedged = strength.rank <= Strength.LOW.rank
        if not favours and hedged and match.favouring:
            # "may help" needs only some graded outcome of what the claim speaks of to favour ketamine
            outcome = max(match.favouring, key=lambda o: o.certainty.rank)
            certainty, favours = outcome.certainty, True
            basis += (
                f"; another outcome favours ketamine: {outcome.label} ({outcome.certainty.label.lower()})"
            )
    if assertion.rate is not None:
        rate_verdict = _judge_rate(assertion, evidence, name)
        if rate_verdict is not None:
            return Verdict.OVERSTATED, rate_verdict, sources, match
    if not favours:
        return (
            Verdict.UNSUPPORTED,
            f"{basis}: the graded evidence does not show benefit, so a claim of benefit is unsupported",
            sources,
            match,
        )
    # GRADE words "may" for low certainty; hedged wording is accepted one level below it too, since
    # "may help" is how careful pages describe very-low-certainty benefit
    allowed = certainty.rank + (1 if strength is Strength.LOW and certainty is Grade.VERY_LOW else 0)
    if strength.rank > allowed:
        return (
            Verdict.OVERSTATED,
            f"{basis}: the sentence asserts {strength.label}, stronger than the evidence",
            sources,
            match,
        )
    return Verdict.SUPPORTED, f"{basis}: asserting {strength.label} is within the evidence", sources, match


_FIRST_LINE = re.compile(r"first[\s-]line|frontline|first\s+(?:treatment|option|choice|step)", re.IGNORECASE)


def _first_line_claim(assertion: Assertion, slug: str, context: ReviewContext) -> str | None:
    """A reason when a claim puts ketamine first in care and the condition's curated context does not."""
    if not any(_FIRST_LINE.search(c.phrase) for c in assertion.asserting_cues):
        return None
    care = context.base.context_by_slug.get(slug)
    if care is None:
        return "claims a first-line place in care, and no guideline in the base puts ketamine first"
    if any(_KETAMINE_WORD.search(step.treatment) for step in care.first_line):
        return None
    firsts = "; ".join(step.treatment for step in care.first_line) or "none curated"
    return f"claims a first-line place in care, but first-line care as the guidelines place it is: {firsts}"


_KETAMINE_WORD = re.compile(r"ketamine|spravato", re.IGNORECASE)


def _judge_rate(assertion: Assertion, evidence: ConditionEvidence, name: str) -> str | None:
    """A reason when the share of patients a sentence claims is more than any curated trial arm shows."""
    rates = [o.response_rate for o in evidence.outcomes if o.response_rate is not None]
    claimed = assertion.rate
    if not rates:
        return (
            f"{name}: the sentence claims '{assertion.rate_words}', and no curated finding reports how many "
            "patients responded: the number cannot be shown"
        )
    best = max(rates)
    # in whole percentage points, as the reason shows them, with five points of leeway for a rounded figure
    # (as fractions, 0.12 + 0.05 falls short of 0.17 in floating point, while 0.50 + 0.05 is 0.55)
    if round(claimed * 100) > round(best * 100) + 5:
        return (
            f"{name}: the sentence claims '{assertion.rate_words}', but at most {best:.0%} responded in any curated "
            "trial arm"
        )
    return None


_ANAESTHESIA_WORDS = re.compile(r"an(?:a)?esthe\w*|sedat\w*|surgery|surgical", re.IGNORECASE)


def _judge_approval(
    slug: str,
    name: str,
    forms: frozenset[KetamineForm],
    assertion: Assertion,
    text: str,
    context: ReviewContext,
) -> tuple[Verdict | None, str, list[SourceRef]]:
    """Check an approval claim against the regulatory facts (or, without them, the regulatory sources).

    Returns a verdict when the approval claim decides it (not on record), else None and a reason.
    """
    facts = context.base.regulatory
    if not facts:
        approvals = _approvals(slug, forms or frozenset({KetamineForm.RACEMIC}), context)
        refs = [_ref(s, "regulatory", slug) for s in approvals[0] + approvals[1]]
        if not approvals[0]:
            held = "; ".join(f"{s.first_author} {s.year}: {_form_of(s).value}" for s in approvals[1])
            drug = " or ".join(sorted(f.value for f in forms)) or "racemic"
            reason = f"regulatory: no source in the base records an approval of {drug} ketamine for {name}"
            reason = reason.replace("esketamine ketamine", "esketamine").replace(
                "arketamine ketamine", "arketamine"
            )
            if held:
                reason += f" (the approvals held are for another form: {held})"
            return Verdict.OVERSTATED, reason, refs
        return (
            None,
            "regulatory: the approval is on record ("
            + "; ".join(f"{s.first_author} {s.year}" for s in approvals[0])
            + ")",
            refs,
        )
    use = "anaesthesia" if _ANAESTHESIA_WORDS.search(text) else slug
    claimed_forms = set(forms) or {KetamineForm.RACEMIC}
    if "intranasal" in assertion.routes:
        claimed_forms.add(KetamineForm.ESKETAMINE)  # the approved nasal spray is esketamine
    approved = [f for f in facts if f.kind == "approved" and f.verified]
    # routes matter for a treatment (IV ketamine is not the approved spray); for the anaesthetic, any
    # form counts and only a route named in the approval's own clause ("ketamine nasal spray is
    # approved as an anaesthetic"), not one of off-label use named beside it
    routes = set(assertion.approval_routes) if use == "anaesthesia" else set(assertion.routes)
    matching = [
        f for f in approved
        if f.use == use and (f.form.value in claimed_forms or use == "anaesthesia")
        and (not routes or routes & {r.value for r in f.routes})
    ]  # fmt: skip
    if matching:
        on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in matching)
        return None, f"regulatory: on record ({on_record})", []
    for_use = [f for f in approved if f.use == use]
    what = "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in for_use)
    drug = "esketamine" if claimed_forms == {KetamineForm.ESKETAMINE} else "ketamine"
    named = "/".join(sorted(routes)) + " " if routes else ""
    reason = (
        f"regulatory: no approval of {named}{drug} for {name if use == slug else 'anaesthesia'} is on record"
    )
    if what:
        reason += f"; the approvals on record for it are {what}"
    return Verdict.OVERSTATED, reason, []


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
    """The sources a reviewer is pointed to for a condition: the best designed first, never a retracted one."""

    def usable(source: Source) -> bool:
        record = context.records.get(source.pmid) if source.pmid is not None else None
        return not (source.retracted or (record is not None and record.retracted))

    direct = [
        s for s in context.base.sources_for(slug, direct=True) if not s.design.is_position and usable(s)
    ]
    chosen, relation = (
        (direct, "direct")
        if direct
        else ([s for s in context.base.sources_for(slug, direct=False) if usable(s)], "indirect")
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
    matched: list[tuple[str, Match | None]],
    drug: str,
    assertion: Assertion | None,
    text: str,
    context: ReviewContext,
) -> str:
    """A wording the evidence supports, built from the matched question and the regulatory facts."""
    parts = []
    if assertion is not None and assertion.claims_approval:
        parts.append(_approval_wording(conditions, text, context))
    match_by_slug = dict(matched)
    for slug in conditions:
        evidence = _evidence_for(slug, context)
        cond = _plain_name(evidence.name)
        match = match_by_slug.get(slug)
        if not evidence.curated:
            parts.append(
                f"No evidence on {drug} for {cond} is curated: do not present it as a treatment for it."
            )
        elif assertion is not None and assertion.mechanism:
            parts.append(
                "Describe what trials measured (symptom scores at stated time points), not effects on brain cells."
            )
        elif not evidence.has_direct_evidence:
            parts.append(_WORDING[Grade.INSUFFICIENT].format(drug=drug, cond=cond))
        elif match is not None and match.outcome is not None:
            parts.append(_outcome_wording(match.outcome, cond))
        elif match is not None and match.mismatch == "time" and match.favouring:
            shown = max(match.favouring, key=lambda o: o.certainty.rank)
            parts.append(
                _outcome_wording(shown, cond) + " Benefit beyond that time point has not been shown."
            )
        elif evidence.direction in NO_BENEFIT_DIRECTIONS:
            parts.append(_NO_BENEFIT_WORDING.format(drug=drug, cond=cond, grade=evidence.grade.label.lower()))
        else:
            parts.append(_WORDING[evidence.grade].format(drug=drug, Drug=drug.capitalize(), cond=cond))
    if any(v is Verdict.CITATION_PROBLEM for v, _, _ in findings):
        # only the PMIDs with a problem, each once: a writer is not sent to check a correct reference
        problems = dict.fromkeys(c.pmid for c in citations if _check_citation(c, context)[0])
        pmids = ", ".join(str(pmid) for pmid in problems)
        parts.append(
            f"Check the reference (PMID {pmids}) on PubMed and cite it as the evidence base records it, "
            "or add it to the base first."
        )
    if not parts and assertion is not None and assertion.strength.rank > Grade.LOW.rank:
        parts.append(
            "Say what the trials measured and how certain the evidence is, as a condition's page shows it."
        )
    return " ".join(dict.fromkeys(parts))


_CERTAINTY_LEADS = {
    Grade.HIGH: "High-certainty evidence shows that",
    Grade.MODERATE: "Moderate-certainty evidence suggests that",
    Grade.LOW: "Low-certainty evidence suggests that",
    Grade.VERY_LOW: "It is very uncertain whether",
}


def _outcome_wording(o: OutcomeEvidence, cond: str) -> str:
    """'Low-certainty evidence from 3 trials (364 people) suggests that intranasal esketamine ... may improve
    change in MADRS score at day 28 compared with placebo spray in treatment-resistant depression.'"""
    size = f"{o.n_studies} {'study' if o.n_studies == 1 else 'studies'}"
    if o.n_participants:
        size += f", {o.n_participants:,} participants"
    outcome = o.outcome[0].lower() + o.outcome[1:]
    where = f"{outcome} ({o.timepoint})"
    if o.direction != "favours_ketamine":
        return (
            f"In {cond}, {o.intervention} has not shown a clear difference from {o.comparator} in {where} "
            f"({o.certainty.label.lower()} certainty; {size})."
        )
    if o.certainty is Grade.VERY_LOW:
        return (
            f"It is very uncertain whether {o.intervention} improves {where} compared with {o.comparator} in "
            f"{cond} ({size}); it is not a cure."
        )
    verb = (
        "improves"
        if o.certainty is Grade.HIGH
        else "probably improves"
        if o.certainty is Grade.MODERATE
        else "may improve"
    )
    return (
        f"{_CERTAINTY_LEADS[o.certainty]} {o.intervention} {verb} {where} compared with {o.comparator} in {cond} "
        f"({size}); it is not a cure."
    )


def _approval_wording(conditions: list[str], text: str, context: ReviewContext) -> str:
    """What is approved, from the regulatory facts in the data (or the regulatory sources without them)."""
    facts = [f for f in context.base.regulatory if f.kind == "approved" and f.verified]
    uses = ["anaesthesia"] if _ANAESTHESIA_WORDS.search(text) else conditions
    if facts:
        lines = []
        for use in uses:
            on_record = [f for f in facts if f.use == use]
            name = "anaesthesia" if use == "anaesthesia" else _plain_name(context.name_of(use))
            if on_record:
                lines.append(
                    f"For {name}, the approvals on record are: "
                    + "; ".join(
                        f"{f.agency} {f.year}, {f.product_words}"
                        + (f" with {f.co_treatment}" if f.co_treatment else "")
                        for f in on_record
                    )
                    + ". Other forms and routes of ketamine are used off-label."
                )
            else:
                lines.append(f"No ketamine product is approved for {name}; it is used off-label.")
        return " ".join(lines)
    lines = []
    for slug in conditions:  # no regulatory facts curated: the approving documents among the sources
        matching, other = _approvals(slug, frozenset(KetamineForm), context)
        name = _plain_name(context.name_of(slug))
        documents = [*matching, *other]
        if documents:
            lines.append(
                f"For {name}, the approvals on record are: "
                + "; ".join(f"{d.title} ({d.first_author}, {d.year})" for d in documents)
                + ". Say which product that is; other forms and routes of ketamine are used off-label."
            )
        else:
            lines.append(
                f"No approval of ketamine for {name} is on record in the sources held; it is used off-label."
            )
    return " ".join(lines) or "Say which product is approved, for what, and by whom."


def _plain_name(name: str) -> str:
    """A condition name as it reads mid-sentence: 'Fibromyalgia' -> 'fibromyalgia', 'ME/CFS' kept."""
    name = name.split(" (")[0]
    first_word = name.split()[0]
    if first_word.isupper() or any(ch.isupper() for ch in first_word[1:]):
        return name
    return name[0].lower() + name[1:]


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
        from .drafts import MAX_DRAFT_BYTES, MAX_DRAFT_LABEL

        # one byte over the limit is enough to refuse: standard input may never end, so its size is not known
        data = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
        if len(data) > MAX_DRAFT_BYTES:
            raise DraftUnreadable(
                f"standard input holds more than {MAX_DRAFT_LABEL}; claim review reads drafts up to"
                f" {MAX_DRAFT_LABEL}. Split the draft and review the parts."
            )
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
    draft = parse_draft(raw, draft_format)
    if not draft.sentences:
        # an empty export must not pass a publishing gate as a clean review
        print(f"error: {args.file}: nothing to review (no sentence in the draft)", file=sys.stderr)
        return 2
    context = load_review_context(args.data)
    review = review_draft(draft, context)
    output = review.to_json() if getattr(args, "format", "md") == "json" else review.to_markdown()
    sys.stdout.write(output)
    for note in review.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0 if review.all_supported else 1
