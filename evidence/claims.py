"""Reads what one sentence of a draft claims: the drug, the conditions, the strength asserted, the PMIDs cited.

This module only reads language; comparing a claim with the evidence is ``review``'s job.

Strength follows the words a sentence uses, on a ladder that lines up with GRADE's
certainty levels so the two can be compared (GRADE's own advice on wording, Santesso
et al. 2020, pairs "reduces" with high, "probably" with moderate, "may" with low and
"very uncertain" with very low certainty):

- cure: cure, guarantee, miracle, permanent relief - stronger than any evidence;
- high: proven, established, strong / robust / consistent evidence, FDA-approved;
- moderate: works, effective, shown to, relief, improves, helps, success;
- low: may, might, could, emerging, preliminary, promising, some patients;
- very low: case reports, anecdotes, surveys, patient reports, limited, modest.

Benefit words ("works", "relief", "cure") are weakened by a hedge earlier in the same
clause ("may offer relief" asserts low, not moderate) and capped by the kind of evidence
the sentence names ("case reports have documented improvements" asserts very low).
A negated word ("is not a cure", "no evidence that it works") asserts nothing; a sentence
whose every strength word is negated is a negation, and one ending in "?" a question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .models import Condition


class Strength(StrEnum):
    """How strongly a sentence asserts benefit, comparable with a grade through ``rank``."""

    CURE = "cure"
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"
    NONE = "none"  # negated, a question, or a reference that asserts nothing

    @property
    def rank(self) -> int:
        """5 for a cure down to 0 for no assertion; ranks 4..1 equal the grade ranks."""
        return _STRENGTH_RANKS[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_STRENGTH_RANKS = {
    Strength.CURE: 5,
    Strength.HIGH: 4,
    Strength.MODERATE: 3,
    Strength.LOW: 2,
    Strength.VERY_LOW: 1,
    Strength.NONE: 0,
}


class CueKind(StrEnum):
    BENEFIT = "benefit"  # says the drug helps: weakened by hedges, capped by weak evidence
    CERTAINTY = "certainty"  # says how good the evidence is
    HEDGE = "hedge"  # may, might, some patients
    APPROVAL = "approval"  # a regulatory claim, checked against the regulatory sources
    DENIAL = "denial"  # unproven, ineffective, no evidence: the sentence denies benefit


@dataclass(frozen=True)
class Cue:
    """One strength word found in a sentence, with what its context did to it."""

    phrase: str
    start: int
    end: int
    kind: CueKind
    strength: Strength
    negated: bool = False
    hedged_by: str | None = None


@dataclass(frozen=True)
class Assertion:
    """What a sentence asserts: its strength, and why."""

    strength: Strength
    cues: tuple[Cue, ...]
    negated: bool
    question: bool
    claims_approval: bool  # an approval claim that is not negated

    @property
    def has_cues(self) -> bool:
        """True when the sentence says something about benefit or evidence; a bare "may" or "can" does not."""
        return any(c.kind is not CueKind.HEDGE for c in self.cues)

    @property
    def asserting_cues(self) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if not c.negated and c.kind is not CueKind.DENIAL)

    def strength_without_approval(self) -> Strength:
        """The strength of the sentence's other words, once its approval claim is verified."""
        return _combine(tuple(c for c in self.cues if c.kind is not CueKind.APPROVAL))


def _words(*alternatives: str) -> str:
    return r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"


# Each entry: the words, their kind, and the strength they assert on their own.
_CUE_TABLE: tuple[tuple[str, CueKind, Strength], ...] = (
    (
        _words(
            r"cur(?:e|es|ed|ing|ative)",
            r"guarantee[sd]?",
            r"miracle",
            r"permanent(?:ly)?\s+(?:relief|fix|fixes|remission|results?)",
            r"100\s?%\s+(?:effective|success)",
        ),
        CueKind.BENEFIT,
        Strength.CURE,
    ),
    (
        _words(
            r"(?:FDA|EMA|MHRA|TGA|Health\s+Canada)[\s-]*(?:approv\w*|clear\w*|licen[cs]\w*)",
            r"approv(?:ed|al)",
            r"licen[cs]ed\s+(?:for|to|in)",
        ),
        CueKind.APPROVAL,
        Strength.HIGH,
    ),
    (
        _words(
            r"proven",
            r"(?:well[\s-])?established",
            r"(?:strong|robust|solid|compelling)(?:est|ly)?(?:[\s-]+[\w-]+){0,2}?[\s-]+evidence",
            r"consistent(?:ly)?",
            r"conclusive(?:ly)?",
            r"definitive(?:ly)?",
            r"gold[\s-]standard",
            r"highly\s+effective",
            r"clearly\s+(?:effective|works|shown|demonstrated)",
        ),
        CueKind.CERTAINTY,
        Strength.HIGH,
    ),
    (
        _words(
            r"works?",
            r"effective(?:ly|ness)?",
            r"efficacious",
            r"efficacy",
            r"shown\s+to",
            r"(?:has|have|had)\s+shown",
            r"showed",
            r"demonstrat(?:ed|es|e)",
            r"relie(?:f|ve|ves|ved|ving)",
            r"reduc(?:e|es|ed|ing|tions?)",
            r"improv(?:e|es|ed|ing|ements?)",
            r"help(?:s|ed|ing)?",
            r"benefits?",
            r"beneficial",
            r"success(?:ful|fully)?",
            r"treats?",
            r"alleviat(?:e|es|ed|ing)",
            r"resolv(?:e|es|ed)",
            r"restor(?:e|es|ed)",
            r"eas(?:e|es|ed)",
        ),
        CueKind.BENEFIT,
        Strength.MODERATE,
    ),
    (
        _words(
            r"emerging",
            r"preliminary",
            r"early\s+(?:evidence|research|results|studies|data|trials?|signs?)",
            r"pilot",
            r"promising",
            r"small\s+(?:studies|study|trials?|samples?)",
            r"suggestive",
            r"potential(?:ly)?",
            r"investigational",
            r"experimental",
            r"under\s+investigation",
            r"being\s+studied",
        ),
        CueKind.CERTAINTY,
        Strength.LOW,
    ),
    (
        _words(
            r"may",
            r"might",
            r"could",
            r"can(?!['’]t)",
            r"possibl[ey]",
            r"perhaps",
            r"suggest(?:s|ed|ing)?",
            r"appears?\s+to",
            r"seems?\s+to",
            r"some\s+(?:patients|people|individuals|adults|sufferers)",
            r"for\s+some",
        ),
        CueKind.HEDGE,
        Strength.LOW,
    ),
    (
        _words(
            r"case\s+reports?",
            r"case\s+series",
            r"small\s+series",
            r"anecdot\w*",
            r"patient\s+reports?",
            r"patients?\s+(?:describe|report)",
            r"testimonials?",
            r"surveys?",
            r"self[\s-]reported",
            r"uncontrolled",
            r"limited",
            r"modest",
            r"short[\s-]lived",
            r"very\s+uncertain",
        ),
        CueKind.CERTAINTY,
        Strength.VERY_LOW,
    ),
    (
        _words(
            r"unproven",
            r"ineffective",
            r"no\s+(?:\w+\s+)?evidence",
            r"not\s+(?:been\s+)?(?:shown|proven)",
            r"insufficient",
        ),
        CueKind.DENIAL,
        Strength.NONE,
    ),
)
_CUE_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), kind, strength) for pattern, kind, strength in _CUE_TABLE
)

# a clause ends at these; hedges and negations do not reach across them
_CLAUSE_BREAK = re.compile(r";|\b(?:but|however|whereas|although|though|yet)\b", re.IGNORECASE)
# a negation reaches the few words after it, not across a comma or bracket
_NEGATOR = re.compile(
    r"(?<![\w-])(?:not|no|never|cannot|can't|\w+n't|without|lacks?|lacking|neither|nor|none|nothing|rather\s+than|fails?\s+to|failed\s+to)(?![\w-])",
    re.IGNORECASE,
)
_NEGATION_REACH_WORDS = 5
_NEGATION_STOP = re.compile(r"[,:()\[\]—–]")
# "no good evidence that ketamine cures" negates the whole rest of its clause
_DENIAL_SCOPE = re.compile(
    r"(?<![\w-])(?:no\s+(?:\w+\s+)?evidence\s+(?:that|for|of)|not\s+true\s+that)(?![\w-])", re.IGNORECASE
)

_KETAMINE = re.compile(r"(?<![\w-])(?:(es|s-|ar|r-)?ketamine|(spravato)|ketalar)(?![\w])", re.IGNORECASE)


class KetamineForm(StrEnum):
    """What a sentence names: racemic ketamine, or esketamine (Spravato), or arketamine."""

    RACEMIC = "racemic"
    ESKETAMINE = "esketamine"
    ARKETAMINE = "arketamine"


def ketamine_forms(text: str) -> frozenset[KetamineForm]:
    """The forms of ketamine a sentence names; empty when it names none."""
    forms: set[KetamineForm] = set()
    for match in _KETAMINE.finditer(text):
        prefix = (match.group(1) or "").lower()
        if match.group(2) or prefix in ("es", "s-"):
            forms.add(KetamineForm.ESKETAMINE)
        elif prefix in ("ar", "r-"):
            forms.add(KetamineForm.ARKETAMINE)
        else:
            forms.add(KetamineForm.RACEMIC)
    return frozenset(forms)


def assess(sentence: str) -> Assertion:
    """The strength a sentence asserts, with the words that decided it."""
    question = sentence.rstrip(" \"'”’)]*_").endswith(("?", "？"))
    clause_starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]
    denial_starts = [m.start() for m in _DENIAL_SCOPE.finditer(sentence)]
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind, strength in _CUE_PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue  # a longer phrase already claimed these words ("strong evidence" over "may")
            taken.append((start, end))
            clause_start = max(s for s in clause_starts if s <= start)
            negated = kind is not CueKind.DENIAL and (
                _negated(sentence, clause_start, start)
                or any(clause_start <= d < start for d in denial_starts)
            )
            found.append(Cue(match.group(0), start, end, kind, strength, negated))
    found.sort(key=lambda c: c.start)
    cues = tuple(_hedged(found, cue, clause_starts) for cue in found)
    asserting = [c for c in cues if not c.negated and c.kind is not CueKind.DENIAL]
    negated = bool(cues) and not asserting
    strength = Strength.NONE if (negated or question) else _combine(cues)
    claims_approval = any(c.kind is CueKind.APPROVAL for c in asserting)
    return Assertion(strength, cues, negated, question, claims_approval and not question)


def _negated(sentence: str, clause_start: int, cue_start: int) -> bool:
    window = sentence[clause_start:cue_start]
    stop = list(_NEGATION_STOP.finditer(window))
    if stop:
        window = window[stop[-1].end() :]
    words = window.split()
    reach = " ".join(words[-_NEGATION_REACH_WORDS:])
    return bool(_NEGATOR.search(reach))


def _hedged(cues: list[Cue], cue: Cue, clause_starts: list[int]) -> Cue:
    """A benefit word after a hedge in the same clause asserts only what the hedge allows."""
    if cue.kind is not CueKind.BENEFIT or cue.negated:
        return cue
    clause_start = max(s for s in clause_starts if s <= cue.start)
    hedge = next(
        (
            c
            for c in cues
            if c.kind is CueKind.HEDGE and not c.negated and clause_start <= c.start < cue.start
        ),
        None,
    )
    if hedge is None:
        return cue
    weakened = Strength.MODERATE if cue.strength is Strength.CURE else Strength.LOW
    return Cue(cue.phrase, cue.start, cue.end, cue.kind, weakened, False, hedge.phrase)


def _combine(cues: Iterable[Cue]) -> Strength:
    """The sentence's strength: its strongest word, once benefit words are capped by weak evidence."""
    asserting = [c for c in cues if not c.negated and c.kind is not CueKind.DENIAL]
    if not asserting:
        return Strength.NONE
    weak_evidence = [
        c.strength.rank
        for c in asserting
        if c.kind is CueKind.CERTAINTY and c.strength.rank <= Strength.LOW.rank
    ]
    cap = min(weak_evidence) if weak_evidence else Strength.CURE.rank
    ranks = []
    for cue in asserting:
        rank = cue.strength.rank
        if cue.kind is CueKind.HEDGE or (cue.kind is CueKind.BENEFIT and cue.strength is not Strength.CURE):
            rank = min(rank, cap)  # "case reports suggest it may help" is a very-low claim
        ranks.append(rank)
    return _strength_of_rank(max(ranks))


def _strength_of_rank(rank: int) -> Strength:
    return next(s for s, r in _STRENGTH_RANKS.items() if r == rank)


# -- conditions ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionMention:
    slug: str
    start: int
    end: int
    term: str


class ConditionFinder:
    """Finds condition names, synonyms and abbreviations in text, longest match first.

    Matching is by whole word and ignores case, except for short all-capital abbreviations
    (SAD, TRD, CFS), which must be written in capitals so that "sad" or "aud" in ordinary
    prose are not taken for conditions. Spaces and hyphens inside a term are interchangeable.
    """

    def __init__(self, conditions: Iterable[Condition]):
        self._slug_by_key: dict[str, str] = {}
        exact: list[str] = []
        folded: list[str] = []
        for condition in conditions:
            names = [re.sub(r"\s*\([^)]*\)", "", condition.name), *condition.synonyms]
            for term in (t.strip() for t in names):
                abbreviation = _is_abbreviation(term)
                key = _term_key(term, abbreviation)
                if not term or key in self._slug_by_key:
                    continue  # the first condition to list a term keeps it
                self._slug_by_key[key] = condition.slug
                (exact if abbreviation else folded).append(term)
        self._exact = _alternation(exact, 0)
        self._folded = _alternation(folded, re.IGNORECASE)

    def find(self, text: str) -> list[ConditionMention]:
        matches = []
        for pattern, abbreviation in ((self._exact, True), (self._folded, False)):
            if pattern is not None:
                matches += [(m.start(), m.end(), m.group(0), abbreviation) for m in pattern.finditer(text)]
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        mentions: list[ConditionMention] = []
        last_end = -1
        for start, end, found, abbreviation in matches:
            if start < last_end:
                continue  # inside a longer term already taken: "depression" in "bipolar depression"
            mentions.append(
                ConditionMention(self._slug_by_key[_term_key(found, abbreviation)], start, end, found)
            )
            last_end = end
        return mentions


def _is_abbreviation(term: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9/\-]{2,8}", term)) and sum(ch.isupper() for ch in term) >= 2


def _term_key(term: str, abbreviation: bool) -> str:
    spaced = re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", term)
    return spaced if abbreviation else spaced.casefold()


def _alternation(terms: list[str], flags: int) -> re.Pattern[str] | None:
    if not terms:
        return None
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[\s\-]+", term) if w]
        parts.append(r"[\s\-\u2010\u2011\u2013]+".join(words))
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", flags)


# -- citations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A PMID written in the draft, with the author and year written just before it, if any."""

    pmid: int
    start: int
    end: int
    cited_author: str | None
    cited_year: int | None


_PMID_WRITTEN = re.compile(r"\bPMIDs?\s*[:#]?\s*(\d{1,8}(?:\s*(?:,|and|&)\s*\d{1,8})*)\b", re.IGNORECASE)
_PMID_LINK = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,8})\b", re.IGNORECASE
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
# "Clauw DJ 2014", "Cohen SP et al. 2018", "Murrough et al. (2013)": surname, initials, year
_AUTHOR_YEAR = re.compile(
    rf"(?<![\w'’-])([{_UPPER}][\w'’-]*[a-zà-ÿ][\w'’-]*)(?:\s+[{_UPPER}]{{1,3}}\b\.?)?(?:\s*,?\s*et\s+al\b\.?)?\s*,?\s*\(?((?:19|20)\d\d)\b"
)
_REFERENCE_REACH = 300  # characters before a PMID searched for its author and year


def find_citations(text: str) -> list[Citation]:
    """Every PMID in the text, in any common form, with the author and year cited beside it."""
    spans: list[tuple[int, int, int]] = []
    for match in _PMID_WRITTEN.finditer(text):
        for number in re.finditer(r"\d{1,8}", match.group(1)):
            spans.append((int(number.group(0)), match.start(), match.start(1) + number.end()))
    for match in _PMID_LINK.finditer(text):
        spans.append((int(match.group(1)), match.start(), match.end()))
    spans.sort(key=lambda s: s[1])
    citations = []
    previous_end = 0
    for pmid, start, end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        window_start = max(line_start, start - _REFERENCE_REACH, previous_end)
        author, year = _author_year(text[window_start:start])
        citations.append(Citation(pmid, start, end, author, year))
        previous_end = max(previous_end, end)
    return citations


def _author_year(window: str) -> tuple[str | None, int | None]:
    matches = list(_AUTHOR_YEAR.finditer(window))
    if not matches:
        return None, None
    last = matches[-1]
    return last.group(1), int(last.group(2))


def surname_key(name: str) -> str:
    """A surname for comparison: initials dropped, accents and case folded ('Clauw DJ' -> 'clauw')."""
    name = re.sub(r"\s+[A-Z]{1,3}\.?$", "", name.strip())
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
