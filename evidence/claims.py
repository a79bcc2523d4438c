"""Reads what one sentence of a draft claims: the drug, strength, scope, time, numbers and who says so.

This module only reads language (the *extract* stage of claim review); matching a claim to the
evidence and judging it are ``claim_match``'s and ``review``'s jobs. The vocabulary is in
``claim_lexicon``, verbs in every inflection.

Strength follows the words a sentence uses, on a ladder that lines up with GRADE's certainty
levels so the two can be compared (GRADE's own advice on wording, Santesso et al. 2020, pairs
"reduces" with high, "probably" with moderate, "may" with low and "very uncertain" with very low
certainty):

- cure: cure, fix, eliminate, permanent relief, guarantee - stronger than any evidence;
- high: proven, established, strong evidence, breakthrough, life-changing, first-line, approved,
  and claims about the brain (grows new brain cells, resets the brain);
- moderate: works, treats, effective, relieves, improves, helps, results;
- low: may, might, could, emerging, preliminary, promising, short-term, some patients;
- very low: case reports, anecdotes, limited, modest.

Benefit words are weakened by a hedge earlier in the same clause ("may offer relief" asserts low)
and capped by the kind of evidence the sentence names ("case reports have documented
improvements" asserts very low).

Negation and hypothesis follow NegEx/ConText (Chapman et al. 2001; Harkema et al. 2009): a trigger
("not", "no evidence that", "it is not known whether", "future studies") governs the words after
it up to a terminator ("but", "however", a semicolon, ", and", "and it") or the end of the
sentence, however far that is; a backward trigger ("has not been shown") governs the words before
it in its clause; pseudo-triggers ("not only", "no doubt") govern nothing. A sentence whose every
strength word is negated or hypothetical asserts nothing. A question asserts nothing, unless it
presupposes its answer ("Why is ketamine so effective ...?", "How does ketamine heal ...?").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from . import claim_lexicon as lex
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
    MARKETING = "marketing"  # breakthrough, life-changing: asserts high, whatever hedge is near
    MECHANISM = "mechanism"  # grows brain cells, resets the brain: no clinical evidence behind it
    CERTAINTY = "certainty"  # says how good the evidence is
    HEDGE = "hedge"  # may, might, some patients
    APPROVAL = "approval"  # a regulatory claim, checked against the regulatory facts
    SAFETY = "safety"  # no side effects, not addictive: the base records harms
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
    hypothetical: bool = False

    @property
    def asserts(self) -> bool:
        return not self.negated and not self.hypothetical and self.kind is not CueKind.DENIAL


@dataclass(frozen=True)
class Assertion:
    """What a sentence asserts: its strength and scope, and the words that decided them."""

    strength: Strength
    cues: tuple[Cue, ...]
    negated: bool
    question: bool
    claims_approval: bool  # an approval claim that is not negated
    presupposes: bool = False  # a question that asserts its premise ("Why is it so effective?")
    hypothetical: bool = False  # every strength word sits in a future or conditional clause
    anecdote: str | None = None  # "our patients tell us": patient experience, not evidence
    personal: bool = False  # one person's account of their own experience ("I slept ...")
    time: str | None = None  # "short" or "long": the time point the claim speaks of
    time_words: str | None = None
    rate: float | None = None  # a claimed share of patients helped (0.75 for "75% of patients")
    rate_words: str | None = None
    routes: frozenset[str] = frozenset()  # routes the sentence names (iv, intranasal, oral ...)
    # routes named in the approval's own clause ("Ketamine nasal spray is FDA-approved ..."), not in
    # another ("... approved as an anaesthetic since 1970; clinics offer it as lozenges")
    approval_routes: frozenset[str] = frozenset()
    mechanism: bool = False  # claims a brain mechanism no clinical evidence in the base shows
    safety: bool = False  # claims ketamine is free of harm

    @property
    def has_cues(self) -> bool:
        """True when the sentence says something about benefit or evidence; a bare "may" does not."""
        return any(c.kind is not CueKind.HEDGE for c in self.cues)

    @property
    def asserting_cues(self) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if c.asserts)

    def strength_without_approval(self) -> Strength:
        """The strength of the sentence's other words, once its approval claim is verified."""
        return _combine(tuple(c for c in self.cues if c.kind is not CueKind.APPROVAL))


def _words(*alternatives: str) -> str:
    return r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"


# Each entry: the words, their kind, and the strength they assert on their own; earlier entries
# win where two overlap ("strong evidence" over "evidence", "permanent relief" over "relief").
_CUE_TABLE: tuple[tuple[str, CueKind, Strength], ...] = (
    (_words(*lex.SAFETY), CueKind.SAFETY, Strength.HIGH),
    (_words(*lex.CURE_WORDS, lex.verb_pattern(*lex.CURE_VERBS)), CueKind.BENEFIT, Strength.CURE),
    (_words(*lex.APPROVALS), CueKind.APPROVAL, Strength.HIGH),
    (_words(*lex.DENIALS), CueKind.DENIAL, Strength.NONE),
    (_words(*lex.MECHANISM_PATTERNS), CueKind.MECHANISM, Strength.HIGH),
    (_words(*lex.MARKETING_WORDS), CueKind.MARKETING, Strength.HIGH),
    (_words(*lex.CERTAINTY_HIGH), CueKind.CERTAINTY, Strength.HIGH),
    (_words(*lex.CERTAINTY_VERY_LOW), CueKind.CERTAINTY, Strength.VERY_LOW),
    (_words(*lex.CERTAINTY_LOW), CueKind.CERTAINTY, Strength.LOW),
    (_words(*lex.BENEFIT_WORDS, lex.verb_pattern(*lex.BENEFIT_VERBS)), CueKind.BENEFIT, Strength.MODERATE),
    (_words(*lex.HEDGES), CueKind.HEDGE, Strength.LOW),
)
_CUE_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), kind, strength) for pattern, kind, strength in _CUE_TABLE
)

_PSEUDO = re.compile(_words(*lex.PSEUDO_NEGATION), re.IGNORECASE)
_NOT_CLAIMS = re.compile(_words(*lex.NOT_CLAIMS), re.IGNORECASE)
_NOT_ROUTES = re.compile(_words(*lex.NOT_ROUTES), re.IGNORECASE)
_CI = re.compile(r"95\s*%\s*(?:CI|confidence|credible)|p\s*[<=>]\s*0?\.\d+", re.IGNORECASE)
# generic triggers ("not", "no", "without") govern only their own phrase: a comma ends them too
_GENERIC_TRIGGERS = re.compile(
    r"^(?:not|no|never|cannot|can['’]t|\w+n['’]t|without|lacks?|lacking|neither|nor|none|nothing|rather\s+than|"
    r"fails?\s+to|failed\s+to)$",
    re.IGNORECASE,
)
_POPULATION_HEDGE = re.compile(r"some|for\s+some|in\s+some", re.IGNORECASE)
_BENEFIT_KINDS = frozenset({"benefit", "marketing", "mechanism", "approval", "safety"})
_NEG_FORWARD = re.compile(_words(*lex.NEGATION_FORWARD), re.IGNORECASE)
_NEG_BACKWARD = re.compile(_words(*lex.NEGATION_BACKWARD), re.IGNORECASE)
_HYPOTHETICAL = re.compile(_words(*lex.HYPOTHETICAL), re.IGNORECASE)
_TERMINATOR = re.compile("|".join(lex.TERMINATORS), re.IGNORECASE)
_PRESUPPOSING = re.compile(
    r"^\W*(?:why\b|how\s+come\b|what\s+makes\b|how\s+(?:quickly|soon|fast|long\s+(?:until|before))\b)"
    r"|\bso\s+(?:effective|well|fast|quickly|powerful|successful|helpful)\b"
    r"|^\W*how\s+(?:does|do|can|will|did|has|have)\b.*\b(?:"
    + lex.verb_pattern(
        "help", "relieve", "treat", "heal", "cure", "fix", "transform", "improve", "ease", "reverse"
    )
    + r")\b",
    re.IGNORECASE,
)
_ANECDOTE = re.compile(_words(*lex.ANECDOTE), re.IGNORECASE)
_FIRST_PERSON = re.compile(lex.FIRST_PERSON_ACCOUNT)
_GENERALISES = re.compile(
    r"\b(?:you|your|yours|you['’]ll|everyone|everybody|anyone|anybody|every|patients|people|most|many|all|others)\b",
    re.IGNORECASE,
)
_SHORT = re.compile(_words(*lex.SHORT_TERM), re.IGNORECASE)
_LONG = re.compile(_words(*lex.LONG_TERM), re.IGNORECASE)
_ROUTES = {
    route: re.compile(_words(*words), 0 if route == "im" else re.IGNORECASE)
    for route, words in lex.ROUTE_WORDS.items()
}

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


_OTHER_TREATMENT = re.compile(_words(*lex.OTHER_TREATMENTS), re.IGNORECASE)
_ANAPHORA = re.compile(_words(*lex.KETAMINE_ANAPHORA), re.IGNORECASE)


_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:to|than|unlike|like|with|after|when|where|instead\s+of|over|versus|vs|from|their|your|my|off)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NOT_SUBJECT_AFTER = re.compile(
    r"^\s*(?:doses?|use|consumption|requirements?|medications?|withdrawal)\b", re.IGNORECASE
)


def names_other_treatment(sentence: str) -> str | None:
    """Another treatment the sentence is about (it names one as its subject, and neither ketamine nor 'it')."""
    if ketamine_forms(sentence):
        return None
    other = next(
        (
            m
            for m in _OTHER_TREATMENT.finditer(sentence)
            if not _NOT_SUBJECT_BEFORE.search(sentence[: m.start()])
            and not _NOT_SUBJECT_AFTER.match(sentence[m.end() :])
        ),
        None,
    )
    if other is None:
        return None
    anaphor = _ANAPHORA.search(sentence)
    if anaphor is not None and anaphor.start() < other.start():
        return None  # "It works where antidepressants failed": ketamine is still the subject
    return other.group(0)


def assess(sentence: str) -> Assertion:
    """The strength and scope a sentence asserts, with the words that decided them."""
    # a heading's colon after its question ("Can ketamine help (or is it hype?):") leaves it a question
    question = sentence.rstrip(" \"'”’)]*_:").endswith(("?", "？"))
    presupposes = question and bool(_PRESUPPOSING.search(sentence))
    clause_starts = [0] + [m.end() for m in _TERMINATOR.finditer(sentence)]
    masked = _PSEUDO.sub(_blank, sentence)
    negation = _scopes(masked, _NEG_FORWARD, _NEG_BACKWARD)
    hypothesis = _scopes(masked, _HYPOTHETICAL, None)
    readable = _NOT_CLAIMS.sub(_blank, sentence)
    # every candidate phrase of every kind; where two overlap the longer wins, then the earlier kind
    candidates = [
        (match.span(), rank, kind, strength, match.group(0))
        for rank, (pattern, kind, strength) in enumerate(_CUE_PATTERNS)
        for match in pattern.finditer(readable)
    ]
    candidates.sort(key=lambda c: (-(c[0][1] - c[0][0]), c[1], c[0][0]))
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for (start, end), _, kind, strength, phrase in candidates:
        if any(s < end and start < e for s, e in taken):
            continue  # a longer phrase already claimed these words
        taken.append((start, end))
        negated = kind is not CueKind.DENIAL and _inside(start, negation)
        found.append(
            Cue(phrase, start, end, kind, strength, negated, hypothetical=_inside(start, hypothesis))
        )
    found.sort(key=lambda c: c.start)
    found = _denied(found, clause_starts)
    cues = tuple(_hedged(found, cue, clause_starts, sentence) for cue in found)
    asserting = [c for c in cues if c.asserts]
    if any(c.kind is CueKind.DENIAL for c in cues) and not any(
        c.kind.value in _BENEFIT_KINDS for c in asserting
    ):
        asserting = []  # "a small trial found no clear difference" asserts no benefit
        cues = tuple(
            c
            if c.kind is CueKind.DENIAL or not c.asserts
            else Cue(c.phrase, c.start, c.end, c.kind, c.strength, True)
            for c in cues
        )
    negated = bool(cues) and not asserting and not any(c.hypothetical for c in cues)
    hypothetical = bool(cues) and not asserting and any(c.hypothetical for c in cues)
    silent = negated or hypothetical or (question and not presupposes)
    strength = Strength.NONE if silent else _combine(cues)
    claims_approval = any(c.kind is CueKind.APPROVAL for c in asserting) and not silent
    anecdote = _ANECDOTE.search(sentence)
    personal = anecdote is None and bool(_FIRST_PERSON.search(sentence)) and not _GENERALISES.search(sentence)
    time, time_words = _time_point(sentence, negation, asserting)
    rate, rate_words = _claimed_rate(_CI.sub(_blank, sentence))
    route_text = _NOT_ROUTES.sub(_blank, sentence)
    routes = frozenset(route for route, pattern in _ROUTES.items() if pattern.search(route_text))
    approval = next((c for c in asserting if c.kind is CueKind.APPROVAL), None)
    approval_routes = frozenset()
    if claims_approval and approval is not None:
        clause = _approval_clause(route_text, approval.start)
        approval_routes = frozenset(route for route, pattern in _ROUTES.items() if pattern.search(clause))
    return Assertion(
        strength=strength,
        cues=cues,
        negated=negated,
        question=question and not presupposes,
        claims_approval=claims_approval,
        presupposes=presupposes,
        hypothetical=hypothetical,
        anecdote=anecdote.group(0) if anecdote else None,
        personal=personal,
        time=time,
        time_words=time_words,
        rate=rate,
        rate_words=rate_words,
        routes=routes,
        approval_routes=approval_routes,
        mechanism=any(c.kind is CueKind.MECHANISM for c in asserting) and not silent,
        safety=any(c.kind is CueKind.SAFETY for c in asserting) and not silent,
    )


# where the clause of an approval ends: a semicolon, or a conjunction that turns to another subject
_CLAUSE_END = re.compile(r";|,?\s+\b(?:but|while|whereas|although|though|yet)\b", re.IGNORECASE)


def _approval_clause(text: str, at: int) -> str:
    """The clause of ``text`` around the approval word at ``at``: from the end of the clause before it (a ';',
    a turn to another subject, or a ':') to its own end (a ';' or a turn to another subject)."""
    ends_before = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    start = max([text.rfind(":", 0, at) + 1, *ends_before])
    end = _CLAUSE_END.search(text, at)
    return text[start : end.start() if end else len(text)]


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of a match, so offsets into the sentence stay the same."""
    return " " * len(match.group(0))


def _denied(cues: list[Cue], clause_starts: list[int]) -> list[Cue]:
    """A benefit word in the same clause as a denial ("showed no clear benefit") asserts nothing."""
    denials = [c for c in cues if c.kind is CueKind.DENIAL and not c.negated]
    if not denials:
        return cues
    ends = sorted(clause_starts[1:]) + [10**9]
    out = []
    for cue in cues:
        if cue.kind is CueKind.BENEFIT and cue.asserts:
            start = max(s for s in clause_starts if s <= cue.start)
            end = min(e for e in ends if e > cue.start)
            if any(start <= d.start < end for d in denials):
                cue = Cue(
                    cue.phrase,
                    cue.start,
                    cue.end,
                    cue.kind,
                    cue.strength,
                    True,
                    cue.hedged_by,
                    cue.hypothetical,
                )
        out.append(cue)
    return out


def _scopes(
    sentence: str, forward: re.Pattern[str], backward: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """Character spans governed by the triggers: forward to the next terminator, backward to the last."""
    triggers = list(forward.finditer(sentence))
    backs = list(backward.finditer(sentence)) if backward is not None else []
    if not triggers and not backs:
        return []
    terminators = list(_TERMINATOR.finditer(sentence))
    ends = [m.start() for m in terminators] + [len(sentence)]
    starts = [0] + [m.end() for m in terminators]
    commas = [m.start() for m in _COMMA.finditer(sentence)]
    spans = []
    for trigger in triggers:
        stops = ends + (commas if _GENERIC_TRIGGERS.match(trigger.group(0).strip()) else [])
        stop = min(e for e in stops if e >= trigger.end())
        spans.append((trigger.end(), stop))
    for trigger in backs:
        begin = max(s for s in starts if s <= trigger.start())
        spans.append((begin, trigger.start()))
    return spans


_COMMA = re.compile(r"[,:()\[\]—–]")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _time_point(
    sentence: str, negation: list[tuple[int, int]], asserting: list[Cue]
) -> tuple[str | None, str | None]:
    """'long' for lasting benefit, 'short' for hours or days: the time words nearest a claim of benefit."""
    found = [
        (name, match)
        for pattern, name in ((_LONG, "long"), (_SHORT, "short"))
        for match in pattern.finditer(sentence)
        if not _inside(match.start(), negation)
    ]
    if not found:
        return None, None
    anchors = [c.start for c in asserting] or [0]
    name, match = min(found, key=lambda f: (min(abs(f[1].start() - a) for a in anchors), f[1].start()))
    return name, match.group(0)


def _claimed_rate(sentence: str) -> tuple[float | None, str | None]:
    """The largest share of patients a sentence says respond ("70-80%", "4 out of 5")."""
    if not lex.RATE_CONTEXT.search(sentence):
        return None, None
    best: tuple[float, str] | None = None
    for match in lex.PERCENT_CLAIM.finditer(sentence):
        if match.group(1):
            high = int(match.group(2) or match.group(1))
            share = high / 100
        else:
            top = _number(match.group(3))
            bottom = _number(match.group(4))
            if not bottom or top > bottom:
                continue
            share = top / bottom
        if 0 < share <= 1 and (best is None or share > best[0]):
            best = (share, match.group(0))
    return best if best else (None, None)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else lex.NUMBER_WORDS.get(word.lower(), 0)


def _hedged(cues: list[Cue], cue: Cue, clause_starts: list[int], sentence: str) -> Cue:
    """A benefit word asserts only what a hedge on it allows.

    A modal hedge ("may", "might", "could") governs a benefit word a few words after it, with no
    comma between; a population hedge ("some patients", "for some") governs its whole clause.
    """
    if cue.kind is not CueKind.BENEFIT or not cue.asserts:
        return cue
    clause_start = max(s for s in clause_starts if s <= cue.start)
    clause_end = min([s for s in clause_starts if s > cue.start] + [len(sentence)])

    def governs(hedge: Cue) -> bool:
        if not (hedge.kind is CueKind.HEDGE and hedge.asserts and clause_start <= hedge.start < clause_end):
            return False
        if _POPULATION_HEDGE.match(hedge.phrase):
            return True
        between = sentence[hedge.end : cue.start]
        return hedge.start < cue.start and len(between.split()) <= 4 and "," not in between

    hedge = next((c for c in cues if governs(c)), None)
    if hedge is None:
        return cue
    weakened = Strength.MODERATE if cue.strength is Strength.CURE else Strength.LOW
    return Cue(cue.phrase, cue.start, cue.end, cue.kind, weakened, False, hedge.phrase)


def _combine(cues: Iterable[Cue]) -> Strength:
    """The sentence's strength: its strongest word, once benefit words are capped by weak evidence."""
    asserting = [c for c in cues if c.asserts]
    if not asserting:
        return Strength.NONE
    weak_evidence = [
        c.strength.rank
        for c in asserting
        if c.kind is CueKind.CERTAINTY and c.strength.rank <= Strength.LOW.rank
    ]
    cap = min(weak_evidence) if weak_evidence else Strength.CURE.rank
    # a sentence that states its own certainty ("low certainty") is calibrated: nothing in it asserts more
    stated = [
        c.strength.rank for c in asserting if c.kind is CueKind.CERTAINTY and "certainty" in c.phrase.lower()
    ]
    ranks = []
    for cue in asserting:
        rank = cue.strength.rank
        if cue.kind is CueKind.HEDGE or (cue.kind is CueKind.BENEFIT and cue.strength is not Strength.CURE):
            rank = min(rank, cap)  # "case reports suggest it may help" is a very-low claim
        if stated and cue.kind in (CueKind.BENEFIT, CueKind.MARKETING, CueKind.CERTAINTY, CueKind.HEDGE):
            rank = min(rank, min(stated))
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
