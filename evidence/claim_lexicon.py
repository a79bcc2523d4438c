"""The words claim review reads, as curated lexicons: one place to audit and extend them.

Verbs are listed by lemma and matched in every regular inflection (``inflections``: "treat"
also finds "treats", "treated", "treating"), with the few irregular forms written out, so a
lexicon never depends on the tense a page happens to use. Everything here is vocabulary;
what a sentence asserts is decided in ``claims``.
"""

from __future__ import annotations

import re

# -- inflection -------------------------------------------------------------------------------

_IRREGULAR = {
    "grow": ("grew", "grown"),
    "rebuild": ("rebuilt",),
    "fight": ("fought",),
    "bring": ("brought",),
    "give": ("gave", "given"),
    "make": ("made",),
    "undo": ("undid", "undone"),
}
_VOWELS = "aeiou"


def inflections(lemma: str) -> tuple[str, ...]:
    """The regular English forms of a verb: base, third person, past and participles.

    A phrasal verb inflects its verb, not its particle ("fight back", "fights back", "fought back").

    >>> inflections("treat")
    ('treat', 'treats', 'treated', 'treating')
    >>> inflections("relieve")[1:]
    ('relieves', 'relieved', 'relieving')
    """
    word, *particles = lemma.split()
    rest = "".join(" " + p for p in particles)
    if word.endswith("ee"):
        forms = (word, word + "s", word + "d", word + "ing")
    elif word.endswith("e"):
        forms = (word, word + "s", word + "d", word[:-1] + "ing")
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms = (word, word[:-1] + "ies", word[:-1] + "ied", word + "ing")
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms = (word, word + "es", word + "ed", word + "ing")
    elif _doubles(word):
        forms = (word, word + "s", word + word[-1] + "ed", word + word[-1] + "ing")
    else:
        forms = (word, word + "s", word + "ed", word + "ing")
    forms = forms + _IRREGULAR.get(word, ())
    return tuple(f + rest for f in dict.fromkeys(forms))


def _doubles(word: str) -> bool:
    """Short verbs ending consonant-vowel-consonant double it: stop -> stopped, rid -> ridding."""
    return (
        len(word) <= 4
        and len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def verb_pattern(*lemmas: str) -> str:
    """A regular-expression alternation of every inflection of ``lemmas`` (spaces match any gap)."""
    forms = sorted({f for lemma in lemmas for f in inflections(lemma)}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


# -- what a sentence asserts ------------------------------------------------------------------

# verbs that say the drug helps: moderate on their own ("ketamine treats depression")
BENEFIT_VERBS = (
    "treat", "help", "work", "relieve", "reduce", "improve", "ease", "alleviate", "resolve", "restore",
    "lift", "boost", "benefit", "manage", "soothe", "fight", "tackle", "lessen", "diminish", "decrease",
    "heal", "repair", "succeed", "transform", "respond", "stabilise", "stabilize", "rescue", "uplift",
    "brighten", "unlock", "save", "outperform",
)  # fmt: skip
# nouns and adjectives with the same force
BENEFIT_WORDS = (
    r"effective(?:ly|ness)?", r"efficacious", r"efficacy", r"relief", r"improvements?", r"benefits?",
    r"beneficial", r"success(?:ful|fully)?", r"results?", r"recovery", r"remission", r"breakthrough\s+relief",
    r"shown\s+to", r"(?:has|have|had)\s+shown", r"showed", r"demonstrat(?:ed|es|e)", r"proven\s+effective",
    r"rapid[\s-]acting", r"fast[\s-]acting", r"antidepressant\s+effects?", r"reliev\w*", r"recover\w*",
    r"response\s+rates?", r"responders?", r"turn(?:ed|s)?\s+(?:my|their|your|his|her)\s+life\s+around",
    r"(?:feel|felt|feeling)\s+(?:like\s+)?(?:myself|themselves|yourself)\s+again", r"new\s+lease\s+on\s+life",
    r"calm(?:s|ed|ing)", r"quiet(?:s|ed|ing|ens|ened)", r"lower(?:s|ed|ing)", r"controls?", r"eas(?:ier|es)",
    r"(?:feel|feels|felt|feeling)\s+(?:a\s+)?(?:difference|better|lighter|calmer|hopeful|noticeably\s+\w+|relief)",
    r"get(?:s|ting)?\s+better", r"better\s+(?:mood|sleep|focus|days|quality\s+of\s+life)", r"sharper\s+focus",
    r"clearer\s+(?:thinking|head|mind)", r"less\s+(?:pain|anxiety|depression|fatigue|brain\s+fog)",
    r"pain[\s-]free", r"symptom[\s-]free", r"(?:get|gets|got|getting)\s+results", r"shut(?:s|ting)?\s+down",
    r"switch(?:es|ed)?\s+off", r"break(?:s|ing)?\s+(?:\w+\s+){0,3}(?:cycles?|grip|hold)", r"support\s+for",
    r"clear(?:s|ed)?\s+(?:it|them|my|your|their|the)\s+(?:\w+\s+)?(?:up|away|fog)", r"clear(?:s|ed)?\s+up",
    r"cut(?:s|ting)?\s+(?:\w+\s+){0,3}dose", r"(?:completely\s+)?disappear\w*", r"beat(?:s|ing)?\s+(?:it|depression|pain)",
    r"better\s+than",
)  # fmt: skip
# verbs and phrases that claim more than any trial shows: a cure, or its equivalent
CURE_VERBS = ("cure", "fix", "eliminate", "eradicate", "erase", "banish", "conquer", "reverse")
CURE_WORDS = (
    r"cur(?:e|es|ed|ing|ative)", r"guarantee[sd]?", r"miracle", r"miraculous",
    r"permanent(?:ly)?(?:\s+\w+){0,2}?\s+(?:relief|fix|fixes|remission|results?|cure)",
    r"permanently", r"100\s?%\s+(?:effective|success)", r"for\s+good", r"once\s+and\s+for\s+all",
    r"never\s+(?:again|return|come\s+back)", r"gone\s+for\s+good", r"ends?\s+(?:your|the|their|my)\s+(?:suffering|pain|depression)",
)  # fmt: skip
# the vocabulary of marketing: asserts high certainty that nothing in the base reaches
MARKETING_WORDS = (
    r"breakthrough", r"revolutionary", r"revolution(?:ise|ize|ising|izing)s?", r"game[\s-]?chang\w*",
    r"life[\s-]?chang\w*", r"life[\s-]?sav\w*", r"transformative", r"profound(?:ly)?", r"remarkabl[ey]",
    r"dramatic(?:ally)?", r"incredibl[ey]", r"astonishing(?:ly)?", r"extraordinar\w*", r"unparalleled",
    r"unmatched", r"powerful", r"lasting\s+(?:results?|relief|change|improvements?|healing|benefits?)",
    r"long[\s-]lasting", r"long[\s-]term\s+(?:relief|results?|remission|healing|benefits?)", r"sustained\s+relief",
    r"best(?:\s+\w+)?\s+(?:treatment|option|therapy|medicine)", r"most\s+effective", r"first[\s-]line", r"frontline",
    r"(?:as\s+)?(?:a|the)\s+first\s+(?:treatment|option|choice|step)", r"preferred\s+(?:alternative|option|treatment)",
    r"(?:should|must)\s+be\s+(?:offered|used|tried|given)\s+(?:early|first|sooner|before)",
    r"(?:so\s+much|far|much|way|so)\s+better\s+than", r"so\s+good", r"worth\s+every\s+penny",
    r"(?:only|one)\s+(?:thing|treatment|option|medicine)\s+that\s+(?:\w+\s+)?(?:works?|helps?|helped|worked)",
    r"(?:doesn['’]t|does\s+not|won['’]t|will\s+not)\s+(?:leave|keep|make)\s+you\s+wait\w*", r"br(?:eak|oke|oken)\s+free",
    r"owes?\s+it\s+to\s+(?:themselves|yourself|himself|herself)", r"(?:give|gives|gave|giving|get|gets|got|getting)"
    r"\s+(?:\w+\s+)?(?:their|your|my|our|his|her)\s+li(?:fe|ves)\s+back", r"sav(?:es|ed|ing)\s+li(?:fe|ves)",
    r"saved\s+my\s+life", r"(?:doesn['’]t|does\s+not|don['’]t|do\s+not|not)\s+(?:just|only|merely|simply)\s+"
    r"(?:mask|treat|manage|cover|numb|hide)\w*", r"superior\s+to",
    r"highly\s+effective", r"clearly\s+(?:effective|works|shown|demonstrated)", r"success\s+rates?",
    r"works?\s+when\s+nothing\s+else", r"where\s+(?:other|traditional)\s+\w+\s+(?:have\s+)?failed",
)  # fmt: skip
# claims about the brain with no clinical evidence in the base behind them
MECHANISM_PATTERNS = (
    rf"(?:{verb_pattern('grow', 'regrow', 'regenerate', 'rebuild', 'create', 'build', 'sprout', 'form')})"
    r"\s+(?:the\s+|new\s+)?(?:brain\s+cells|neurons|synapses|neural\s+connections|connections)",
    rf"(?:{verb_pattern('rewire', 'reset', 'reboot', 'repair', 'heal', 'restore', 'rebuild', 'regenerate')})"
    r"\s+(?:the\s+|your\s+|their\s+)?(?:\w+\s+){0,2}?(?:brain|neurons|pathways|nervous\s+system|mind|circuits?|"
    r"connections|mood|thought\s+patterns)",
    r"reset\s+button", r"(?:reach\w*|address\w*|treat\w*|target\w*|fix\w*)\s+(?:the\s+)?root\s+causes?",
    rf"(?:{verb_pattern('build', 'grow', 'regrow', 'form')})\s+new\s+connections", r"repair\w*\s+the\s+damage",
    r"(?:heal|heals|healing)\s+itself", r"brain\s+inflammation",
    rf"(?:{verb_pattern('reverse', 'undo', 'repair')})\s+(?:the\s+)?(?:brain\s+)?(?:atrophy|damage|shrinkage)",
    r"neuroplasticity", r"neurogenesis", r"synaptogenesis", r"brain\s+(?:regrowth|repair|reset)",
)  # fmt: skip
# strong statements about the evidence itself
CERTAINTY_HIGH = (
    r"proven", r"(?:well[\s-])?established", r"(?:strong|robust|solid|compelling|overwhelming)(?:ly)?"
    r"(?:[\s-]+[\w-]+){0,2}?[\s-]+(?:evidence|research|data|science)",
    r"consistent(?:ly)?\s+(?:shown|effective|improv\w*|reduc\w*|benefits?|evidence|results|findings)", r"conclusive(?:ly)?", r"definitive(?:ly)?", r"gold[\s-]standard",
    r"evidence[\s-]based", r"scientifically\s+(?:proven|validated|backed)", r"clinically\s+(?:proven|validated)",
    r"research\s+(?:shows|proves|confirms)", r"studies\s+(?:show|prove|confirm)", r"science\s+(?:shows|proves)",
)  # fmt: skip
CERTAINTY_LOW = (
    r"emerging", r"preliminary", r"early\s+(?:evidence|research|results|studies|data|trials?|signs?|findings)",
    r"pilot", r"promising", r"small\s+(?:studies|study|trials?|samples?)", r"suggestive", r"potential(?:ly)?",
    r"early\s+work", r"being\s+(?:tried|tested|explored)", r"low[\s-]certainty", r"certainty\s+(?:\w+\s+){0,5}low",
    r"(?:in|across|from)\s+(?:one|two|three|four|five|six|seven|eight|\d+|a\s+single|several|a\s+few)\s+"
    r"(?:\w+[\s-]+){0,3}?(?:trials?|studies)", r"(?:one|a|two|three|\d+|a\s+single)\s+(?:\w+[\s-]+){0,4}?"
    r"(?:trials?|study|studies)\s+(?:\w+\s+){0,5}?(?:found|showed|reported|suggests?|suggested)",
    r"investigational", r"experimental", r"under\s+investigation", r"being\s+studied", r"encouraging",
    r"short[\s-]term", r"temporar(?:y|ily)", r"for\s+(?:a\s+)?(?:few\s+)?(?:days?|hours?)",
)  # fmt: skip
CERTAINTY_VERY_LOW = (
    r"case\s+reports?", r"case\s+series", r"small\s+series", r"anecdot\w*", r"uncontrolled", r"limited",
    r"modest", r"short[\s-]lived", r"very\s+uncertain", r"very\s+little\s+evidence", r"little\s+evidence",
    r"weak\s+evidence", r"low[\s-]quality", r"scant", r"scarce", r"fad(?:e|es|ed|ing)", r"wears?\s+off",
    r"very\s+low[\s-]certainty", r"certainty\s+(?:\w+\s+){0,5}very\s+low",
)  # fmt: skip
HEDGES = (
    r"may", r"might", r"could", r"possibl[ey]", r"perhaps", r"suggest(?:s|ed|ing)?",
    r"appears?\s+to", r"seems?\s+to", r"some\s+(?:patients|people|individuals|adults|sufferers|studies)",
    r"for\s+some", r"in\s+some\s+(?:cases|people|patients)", r"reportedly", r"is\s+thought\s+to",
    r"are\s+thought\s+to", r"believed\s+to", r"hope(?:s|d)?\s+(?:that|to)", r"a\s+reasonable\s+(?:option|approach)",
)  # fmt: skip
DENIALS = (
    r"unproven", r"ineffective", r"no\s+(?:good\s+|strong\s+|clear\s+|reliable\s+|solid\s+|high-quality\s+)?evidence",
    r"not\s+(?:been\s+)?(?:shown|proven|established|demonstrated)", r"insufficient", r"inconclusive",
    r"(?:has\s+|have\s+)?(?:failed|fail)\s+to\s+(?:show|help|work|improve)", r"did\s+not\s+(?:help|work|improve)",
    r"no\s+(?:better|different)\s+than", r"not\s+(?:a\s+)?(?:cure|miracle)",
    r"no\s+(?:clear\s+|real\s+|significant\s+|meaningful\s+|lasting\s+)?(?:benefit|effect|improvement|difference)",
    r"(?:less|worse)\s+(?:well\s+|effective(?:ly)?\s+)?than", r"did\s+(?:not|n['’]t)\s+(?:differ|beat|outperform)",
    r"no\s+(?:\w+\s+)?(?:research|studies|trials|data)", r"too\s+(?:soon|early)\s+to\s+(?:say|call|know|tell|recommend)",
    r"(?:not|no)\s+enough\s+(?:research|evidence|data|studies)", r"(?:came|comes|come)\s+back",
)  # fmt: skip
APPROVALS = (
    r"(?:FDA|EMA|MHRA|TGA|Health\s+Canada)[\s-]*(?:approv\w*|clear\w*|licen[cs]\w*|authori[sz]\w*)",
    r"approv(?:ed|al)", r"licen[cs]ed\s+(?:for|to|in)", r"authori[sz]ed\s+(?:for|to|in)",
)  # fmt: skip

# -- negation and hypothesis, in the style of NegEx/ConText (Chapman et al. 2001; Harkema et al. 2009)

# a trigger negates what follows it up to a terminator; however far, inside its clause
NEGATION_FORWARD = (
    # long scope: to the next terminator, however far
    r"(?:is\s+)?not\s+(?:yet\s+|really\s+|fully\s+)?(?:known|clear|certain|understood)",
    r"(?:don['’]t|do\s+not|doesn['’]t|does\s+not)\s+(?:yet\s+)?know", r"(?:it\s+is\s+)?unknown\s+(?:if|whether)",
    r"unclear\s+(?:if|whether)", r"uncertain\s+(?:if|whether)", r"no\s+one\s+knows\s+(?:if|whether)",
    r"not\s+for\s+use", r"not\s+(?:approved|recommended|indicated)\s+(?:for|to)", r"nobody", r"no\s+one", r"none\s+of",
    r"(?:be\s+careful|beware\s+of|don['’]t\s+believe|stop)\s+(?:\w+\s+)?(?:telling|saying|claiming|promising)",
    r"fails?\s+to", r"failed\s+to",
    # generic: their own phrase only (a comma ends them too)
    r"not", r"no", r"never", r"cannot", r"can['’]t", r"\w+n['’]t", r"without", r"lacks?", r"lacking",
    r"neither", r"nor", r"none", r"nothing", r"rather\s+than",
)  # fmt: skip
# a trigger after the words it negates: "relief ... has not been shown"
NEGATION_BACKWARD = (
    r"(?:has|have|had)\s+not\s+been\s+(?:shown|proven|established|demonstrated|confirmed)",
    r"(?:is|are|was|were|remains?)\s+(?:unproven|unclear|uncertain|unknown|not\s+proven|not\s+established)",
    r"(?:is|are)\s+not\s+supported", r"lacks?\s+(?:evidence|support)",
    r"(?:is|are|remains?)\s+(?:scant|scarce|weak|thin|lacking|sparse)", r"which\s+(?:it|they)\s+(?:is|are|was|were)\s+not",
    r"(?:which\s+)?I\s+(?:couldn['’]t|could\s+not|can['’]t|cannot)\s+(?:find|trace|confirm|verify)",
)  # fmt: skip
# words that look like triggers but negate nothing
PSEUDO_NEGATION = (
    r"not\s+only", r"not\s+just", r"no\s+doubt", r"nothing\s+short\s+of", r"no\s+longer", r"not\s+alone",
    r"no\s+wonder", r"never\s+(?:been|felt)\s+(?:better|happier)",
    r"(?:doesn['’]t|does\s+not|don['’]t|do\s+not|not)\s+(?:just|only|merely|simply)",
    r"(?:don['’]t|do\s+not|doesn['’]t|does\s+not)\s+(?:need|have\s+to)",
)  # fmt: skip
# future or conditional statements: what follows is a question for research, not a claim
HYPOTHETICAL = (
    r"future\s+(?:studies|research|trials|work)", r"(?:further|more|larger|better|longer)\s+(?:research|studies|trials)",
    r"(?:learn|know|find\s+out|understand|predict)\s+(?:who|which\s+\w+|whether|how)",
    r"(?:studies|research|trials)\s+(?:are|is|will\s+be)\s+(?:needed|required|under\s*way|ongoing|planned)",
    r"remains?\s+to\s+be\s+(?:seen|determined|established|shown)", r"(?:should|must|need\s+to)\s+be\s+"
    r"(?:studied|tested|evaluated|investigated|confirmed)", r"to\s+(?:determine|establish|test|find\s+out)\s+"
    r"(?:whether|if)", r"(?:investigating|testing|studying|evaluating|examining|exploring)\s+(?:whether|if)",
    r"(?:is|are)\s+being\s+(?:tested|studied|investigated|evaluated)", r"whether\s+or\s+not",
    r"if\s+(?:it|ketamine|esketamine|the\s+treatment)\s+(?:works?|helps?)", r"in\s+the\s+hope",
    r"whether", r"(?:when|if)\s+(?:\w+\s+){0,3}(?:does|do)(?=\s+(?:help|work))",
    r"(?:a|any|the|some)?\s*(?:clinic|website|ad|advert|provider|seller|company)s?\s+(?:\w+\s+)?"
    r"(?:says?|claims?|promises?|tells?\s+you)",
    # claims the writer reports in order to question them
    r"(?:clinics|websites|ads|adverts|marketers|sellers|some\s+(?:clinics|people|sites))\s+(?:\w+\s+)?"
    r"(?:say|says|claim|claims|promise|promises|tell\s+you|love\s+to\s+say|like\s+to\s+say)",
    r"(?:anyone|anybody|those|people)\s+(?:who|that)\s+(?:tells?|says?|claims?|promises?)",
    r"(?:the|a|this)\s+claims?\s+that", r"(?:is|are)\s+(?:often\s+)?(?:advertised|marketed|promoted|sold)\s+as",
)  # fmt: skip
# these end a trigger's scope: a new clause begins
TERMINATORS = (
    r";", r"\bbut\b", r"\bhowever\b", r"\bwhereas\b", r"\balthough\b", r"\bthough\b", r"\byet\b",
    r"\bexcept\b", r"\bwhile\b", r",\s*and\b", r",\s*which\b", r",\s*so\b", r"\band\s+(?:it|ketamine|"
    r"esketamine|this|they|the\s+(?:drug|treatment|infusions?|spray))\b", r"\bstill\b", r"\binstead\b",
)  # fmt: skip

# phrases that contain a strength word but claim nothing: masked before cues are read
NOT_CLAIMS = (
    r"how\s+(?:it|ketamine|esketamine|the\s+(?:drug|treatment|medicine))\s+works", r"works?\s+(?:differently|by|through)",
    r"works?\s+on\s+(?:the|a|your)", r"(?:individual\s+)?results\s+(?:may\s+|will\s+|can\s+)?var(?:y|ies)",
    r"responses?\s+var(?:y|ies)", r"end\s+up", r"set\s+off", r"(?:back\s+to|at|from|off)\s+work",
    r"work\s+with\s+(?:a|your|our|the)", r"(?:placebo|saline|midazolam)[\s-]controlled", r"animal\s+(?:research|studies)",
    r"free\s+(?:consultation|call|assessment)", r"(?:to|can|may|will)\s+help\s+you\s+(?:decide|understand|find|book|choose)",
    r"help\s+(?:line|desk)", r"benefits?\s+and\s+(?:risks|harms)", r"(?:risks|harms)\s+and\s+benefits?",
)  # fmt: skip
# claims that ketamine is free of harm: the base records harms, so these are always overstated
SAFETY = (
    r"no\s+(?:serious\s+|major\s+|significant\s+|real\s+|known\s+|bad\s+|lasting\s+)?(?:side[\s-]effects|risks?|downsides?)",
    r"none\s+of\s+the\s+(?:\w+\s+)?side[\s-]effects", r"(?:isn['’]t|is\s+not|aren['’]t|are\s+not)\s+addictive",
    r"non[\s-]?addictive", r"not\s+habit[\s-]forming", r"(?:completely|totally|perfectly|100\s?%|entirely|extremely)\s+safe",
    r"nothing\s+to\s+worry\s+about", r"free\s+(?:of|from)\s+side[\s-]effects", r"risk[\s-]free", r"zero\s+side[\s-]effects",
    r"no\s+risk\s+of\s+(?:addiction|dependence|abuse)", r"without\s+(?:any\s+)?side[\s-]effects",
)  # fmt: skip
# co-treatments and other drugs whose route words are not the claim's route
NOT_ROUTES = (
    r"oral\s+antidepressants?", r"antidepressant\s+(?:tablets?|pills?)", r"(?:usual|regular|daily|other|traditional|"
    r"standard)\s+(?:pills?|tablets?|medications?|medicines?)", r"sleeping\s+(?:pills?|tablets?)",
)  # fmt: skip

# -- whose claim it is ------------------------------------------------------------------------

# on a page about ketamine these stand for it ("It works within hours", "The infusions ...")
KETAMINE_ANAPHORA = (
    r"it", r"its", r"this\s+(?:treatment|therapy|medication|medicine|drug|approach|option)",
    r"the\s+(?:treatment|therapy|medication|medicine|drug|infusions?|spray|nasal\s+spray|lozenges?|troches?|sessions?)",
    r"infusions?", r"these\s+(?:treatments|infusions|sessions|medicines)", r"our\s+(?:treatment|infusions?|protocol|program(?:me)?)",
)  # fmt: skip
# other treatments: a sentence that names one of these, and not ketamine, is about that one
OTHER_TREATMENTS = (
    r"antidepressants?", r"SSRIs?", r"SNRIs?", r"ECT", r"electroconvulsive", r"TMS", r"magnetic\s+stimulation",
    r"psychotherapy", r"CBT", r"cognitive\s+behaviou?ral\s+therapy", r"talking\s+therap\w+", r"counsell?ing",
    r"exercise", r"physical\s+therapy", r"physiotherapy", r"yoga", r"acupuncture", r"opioids?", r"morphine",
    r"gabapentin", r"pregabalin", r"duloxetine", r"amitriptyline", r"milnacipran", r"lithium", r"lamotrigine",
    r"quetiapine", r"naltrexone", r"prazosin", r"sertraline", r"paroxetine", r"fluoxetine", r"venlafaxine",
    r"psilocybin", r"MDMA", r"esketamine\s+alternatives?", r"nerve\s+blocks?", r"spinal\s+cord\s+stimulation",
    r"lidocaine", r"metoclopramide", r"prochlorperazine", r"triptans?", r"sleep\s+hygiene", r"graded\s+exercise",
    r"pacing", r"benzodiazepines?", r"placebo", r"midazolam", r"saline",
)  # fmt: skip

# -- who says so --------------------------------------------------------------------------------

ANECDOTE = (
    r"(?:our|my|many|most|some|several)\s+(?:patients|clients|members|customers|readers|followers)\s+"
    r"(?:have\s+)?(?:found|find|tell|told|say|said|report(?:ed)?|describe[sd]?|notice[sd]?|share[sd]?|feel|felt)",
    r"patients\s+(?:have\s+)?(?:tell\s+us|told\s+us|often\s+say|often\s+tell)",
    r"(?:patients|clients|members)\s+who\s+(?:\w+\s+){0,4}(?:tell|told)\s+us",
    r"(?:every|each)\s+(?:week|day|month)\s+we\s+see", r"(?:thousands|hundreds|dozens)\s+of\s+(?:patients|clients|members)",
    r"(?:most|many)\s+(?:of\s+)?(?:our\s+)?(?:patients|clients|members)", r"(?:patients|clients)\s+(?:tell|told)\s+me",
    r"people\s+(?:have\s+)?(?:told|tell)\s+us", r"in\s+our\s+(?:clinic|practice|experience|centre|center)",
    r"we(?:['’]ve|\s+have)\s+(?:seen|watched|witnessed)", r"testimonials?", r"success\s+stor(?:y|ies)",
    r"reviews?\s+from\s+(?:patients|clients)", r"(?:one|a)\s+(?:patient|client)\s+(?:told|said|wrote)",
    r"(?:clients|patients)\s+(?:rave|swear)",
)  # fmt: skip
FIRST_PERSON_ACCOUNT = r"(?<![\w'’])(?:I|I['’]ve|I['’]m|I['’]d|[Mm]y|[Mm]e|[Mm]ine)(?![\w'’])"

# -- time points and numbers ---------------------------------------------------------------------

SHORT_TERM = (
    r"within\s+(?:minutes|hours|a\s+day|a\s+few\s+(?:hours|days)|24\s+hours|one\s+day|a\s+single\s+day|a\s+day\s+or\s+two)",
    r"in\s+(?:minutes|hours)", r"(?:same|next)\s+day", r"overnight", r"immediate(?:ly)?", r"rapid(?:ly)?",
    r"fast(?:er)?", r"quick(?:ly|er)?", r"instant(?:ly)?", r"24\s+hours", r"one\s+infusion", r"single\s+(?:dose|infusion)",
    r"first\s+(?:infusion|session|dose)", r"during\s+the\s+infusion", r"short[\s-]term",
)  # fmt: skip
LONG_TERM = (
    r"lasting", r"long[\s-]lasting", r"long[\s-]term", r"durable", r"sustained", r"for\s+(?:months|years)",
    r"months", r"years", r"permanent(?:ly)?", r"for\s+good", r"maintenance", r"stay\s+well", r"relapse",
    r"keeps?\s+\w+\s+away", r"weeks\s+after", r"long\s+after",
)  # fmt: skip
PERCENT_CLAIM = re.compile(
    r"(?:up\s+to\s+|about\s+|around\s+|over\s+|more\s+than\s+|nearly\s+|almost\s+)?"
    r"(\d{1,3})(?:\s*(?:-|–|to)\s*(\d{1,3}))?\s*(?:%|per\s*cent|percent)"
    r"|(\d{1,2}|one|two|three|four|five|six|seven|eight|nine)\s+(?:out\s+of|in)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
}
# a percentage only claims a response rate when it talks about patients or success
RATE_CONTEXT = re.compile(
    r"patients|people|clients|respond|response|success|effective|improv|relief|remission|better|benefit|works?",
    re.IGNORECASE,
)

# -- forms and routes the claim is about ---------------------------------------------------------

ROUTE_WORDS = {
    "iv": (r"IV", r"intravenous(?:ly)?", r"infusions?", r"drips?"),
    "intranasal": (r"nasal(?:\s+spray)?", r"intranasal(?:ly)?", r"spray"),
    "oral": (r"oral(?:ly)?", r"tablets?", r"pills?", r"capsules?", r"at[\s-]home", r"by\s+mouth"),
    "sublingual": (r"sublingual(?:ly)?", r"lozenges?", r"troches?", r"rapid\s+dissolve\s+tablets?", r"RDTs?"),
    "im": (r"IM", r"intramuscular(?:ly)?", r"injections?", r"shots?"),
    "topical": (r"topical(?:ly)?", r"creams?", r"gels?"),
}

# -- conditions a page may name that the base holds no evidence for -------------------------------

UNCURATED_CONDITIONS = (
    "restless legs syndrome", "restless legs", "restless leg syndrome", "RLS", "Lyme disease", "chronic Lyme", "tinnitus",
    "eating disorders", "eating disorder", "anorexia", "anorexia nervosa", "bulimia", "binge eating", "ADHD",
    "autism", "Parkinson's", "Parkinson's disease", "Alzheimer's", "Alzheimer's disease", "dementia",
    "long COVID", "postpartum depression", "post-partum depression", "perinatal depression", "schizophrenia",
    "insomnia", "multiple sclerosis", "lupus", "arthritis", "rheumatoid arthritis", "endometriosis", "IBS",
    "irritable bowel syndrome", "opioid use disorder", "opioid addiction", "cocaine use disorder",
    "substance use disorders", "addiction", "addictions", "smoking", "Tourette syndrome", "cancer pain",
    "sciatica", "Ehlers-Danlos syndrome", "POTS", "chronic Lyme disease", "mold illness", "Gulf War illness",
    "burnout", "grief", "stress", "panic disorder", "panic attacks", "phobias", "trichotillomania",
)  # fmt: skip
# sweeping phrases and the category of conditions they sweep in (None: every benefit condition)
SWEEPS = (
    (r"(?:a\s+)?(?:wide|broad|whole|long)\s+(?:range|variety|array|list|spectrum)\s+of\s+(?:\w+\s+){0,4}?"
     r"(?:conditions|disorders|illnesses|diseases|problems|issues)", None),
    (r"(?:many|numerous|various|multiple|countless|several)\s+(?:\w+\s+){0,3}?(?:conditions|disorders|illnesses|diseases)", None),
    (r"mental\s+health\s+(?:conditions|disorders|issues|problems|challenges|struggles)", "psychiatric"),
    (r"psychiatric\s+(?:conditions|disorders|illnesses)", "psychiatric"),
    (r"mood\s+disorders?", "mood"),
    (r"(?:chronic\s+)?pain\s+(?:conditions|disorders|syndromes)", "pain"),
)  # fmt: skip
MOOD_CONDITIONS = (
    "treatment-resistant-depression",
    "bipolar-depression",
    "major-depression-suicidal-ideation",
)
