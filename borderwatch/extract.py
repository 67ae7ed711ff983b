"""Pure functions from an Article and its place mentions to Incidents, each figure tied to a quote."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

import ahocorasick
from dateutil.relativedelta import relativedelta
from text_to_num import text2num

from borderwatch import vocabulary as vocab
from borderwatch.admin import former_district
from borderwatch.dates import ANCHORED_NOTE, SURFACED_NOTE, EventDate, count_on, filed_day, find_event_dates
from borderwatch.gazetteer import load_gazetteer, normalize_name
from borderwatch.model import DATE_PRECISION_RANK, Article, DatePrecision, GeoPrecision, Incident, Mention, Place

MAX_EVIDENCE_WORDS = 25

# The trigger vocabulary is data (vocabulary.py); this module reads it.
CASUALTY_STEMS = ("kill", "dead", "died", "martyr", "slain", "lives", "life", "perish", "death", "injur", "wound",
                  "hurt", "succumb", "gunned", "shot", "bodies", "shahadat", "toll", "casualt", "fatalit",
                  "body", "hell", "neutrali", "eliminat",
                  *(verb.rstrip("e") for verb in vocab.KILLING_VERBS))  # fmt: skip
# Where a closure or reopening trigger needs a border context in its sentence.
BORDER_CONTEXT = re.compile(
    r"\b(?:crossings?|border|trade|transit|route|gate|terminal|traffic|passage|movement)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Markers:
    """A set of marker phrases, with the last words they can end on (a cheap first test)."""

    phrases: frozenset[str]
    last_words: frozenset[str]
    longest: int
    # per last word, the word counts of the phrases ending on it, shortest first: the only lengths to try
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, phrases: tuple[str, ...]) -> Markers:
        lengths: dict[str, set[int]] = {}
        for p in phrases:
            lengths.setdefault(p.split()[-1], set()).add(len(p.split()))
        return cls(
            frozenset(phrases),
            frozenset(lengths),
            max(len(p.split()) for p in phrases),
            {word: tuple(sorted(n)) for word, n in lengths.items()},
        )


_HEDGES = Markers.of(vocab.HEDGES)
_AGGREGATES = Markers.of(vocab.AGGREGATE_MARKERS)
_TOPICS = Markers.of(vocab.TOPIC_MARKERS)
_GRIEVANCES = Markers.of(vocab.GRIEVANCE_MARKERS)
_CROWD = re.compile(vocab.words_pattern(vocab.CROWD_NOUNS))
_SUBSETS = Markers.of(vocab.SUBSET_MARKERS)
_SUBEVENT = Markers.of(vocab.SUBEVENT_MARKERS)
_DENIALS_AND_ROLES = Markers.of(vocab.NEGATORS + vocab.ROLE_MARKERS)
_TALKS_PLANNED = Markers.of(vocab.TALKS_PLANNED)
_FREQUENCY = frozenset(vocab.FREQUENCY_MARKERS)
# "27 attacks", "three separate operations": a number right before a plural event word counts events.
_MANY = re.compile(r"[3-9]|\d\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty")
_DEFINITE = re.compile(r"(?<![\w-])(?:the|this)\s+$")  # "the blast", "this raid": an event told before
_WORD_BEFORE = re.compile(r"[\w'’-]+")
# everything up to the last punctuation mark: one greedy match instead of a loop over the marks
_UP_TO_LAST_PUNCTUATION = re.compile(r'(?s:.*)[,;:.()"“”!?]')
# "in 2024" with no month before the year: a whole year's events ("in March 2024" is one month)
_IN_A_YEAR = r"\bin (?:19|20)\d\d\b"
_TOTAL = re.compile("|".join(re.escape(m) for m in vocab.TOTAL_MARKERS) + "|" + _IN_A_YEAR)
_SEVERAL_INCIDENTS = re.compile("|".join(re.escape(m) for m in vocab.SEVERAL_INCIDENTS))
_SERIES_OPENER = re.compile(vocab.words_pattern(vocab.SERIES_OPENERS))


def words_before(low: str, lo: int, hi: int) -> list[str]:
    """The words between the last punctuation mark before ``hi`` and ``hi``, at most 80
    characters back: the run a marker must stand in to govern a trigger."""
    start = max(lo, hi - 80)
    punctuation = _UP_TO_LAST_PUNCTUATION.match(low, start, hi)
    return _WORD_BEFORE.findall(low, punctuation.end() if punctuation else start, hi)


def marker_before(words: list[str], markers: Markers, gap: int) -> int | None:
    """Index in ``words`` of the first word of a marker phrase that ends at most ``gap`` words
    before the end of ``words``, or None."""
    if markers.last_words.isdisjoint(words[-gap - 1 :]):
        return None  # no word the loop looks at can end a phrase: most calls end here
    lengths = markers.lengths
    for end in range(len(words), max(0, len(words) - gap - 1), -1):
        tried = lengths.get(words[end - 1])
        if tried is None:
            continue
        for length in tried:  # no phrase ending on this word has another length
            if length > end:
                break
            if " ".join(words[end - length : end]) in markers.phrases:
                return end - length
    return None


_PROTEST_REASON = re.compile(r"\s+(?:against|at|over|of)\b")
NAME_TAIL = re.compile(r"\s*" + vocab.words_pattern(vocab.NAME_TAILS), re.IGNORECASE)

# Number words the casualty grammar reads; their values come from text2num, not a hand table.
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DOZENS = {"a dozen": 12, "dozen": 12, "half a dozen": 6, "two dozen": 24, "a couple of": 2, "a pair of": 2}
_NUMBER_WORD = rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|(?:{'|'.join(_UNITS)}) hundred|" + "|".join(
    sorted((*_TEENS, *_UNITS, *map(re.escape, _DOZENS), "hundred"), key=len, reverse=True)
)
_NUMBER_ONLY = re.compile(rf"\d+|{_NUMBER_WORD}", re.IGNORECASE)
# never a year ("in January 2023 killed 80"): a toll of 1900 to 2099 written without a comma is not news
_NUM = rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+\b|(?!(?:19|20)\d\d\b)\d{{1,4}}|{_NUMBER_WORD})"  # "1,200": one figure
_NUM_OR_A = _NUM[:-1] + r"|an?)"
_QUALIFIER = rf"(?:{'|'.join(map(re.escape, vocab.QUALIFIERS))})\s+"
# The characters a figure ("at least 12", "five") can start with: a cheap test before the alternations.
_FIGURE_START = (
    "(?=[0-9"
    + "".join(sorted({w[0] for w in (*vocab.QUALIFIERS, *_UNITS, *_TEENS, *_TENS, *_DOZENS, "hundred")}))
    + "])"
)
# the victims' ages after them: "three children aged between 8 and 12 were killed" (not 8 to 12 dead)
_AGED = r"(?:aged\s+(?:between\s+)?\d{1,3}(?:\s*(?:and|to|-|–)\s*\d{1,3})?\s+(?:years?\s+)?)?"
_VICTIM_NOUN = r"(?:(?!(?:days?|weeks?|months?|hours?|years?|after|before|since|when|and)\b)[\w'’-]+\s+){0,3}?" + _AGED
# the words naming one victim: "an officer of the anti-terrorist force (ATF)"
_ONE_VICTIM = (
    r"(?:(?!(?:after|before|since|when|and|which|who|that|while|in|on|days?|weeks?|months?|years?|hours?|later)\b)"
    r"[\w'’()-]+\s+){0,8}?"
)
_RANGE = r"(?:\s*(?:to|-|–|or)\s*\d{1,4}|\s+(?:to|or)\s+[a-z]+)?"
_VERB = r"(?:(?:were|was|have been|had been|has been|are|got)\s+)?"
_BETWEEN = rf"(?:between\s+(?P<lo>\d{{1,4}}|{_NUMBER_WORD})\s+and\s+)?"  # "injuring between 10 and 12": 10, at most 12
_NOT_TIME = r"(?!\s+(?:days?|weeks?|months?|years?|hours?|minutes?|nights?|ago)\b)"  # "kidnapped two years ago"
# a participle phrase after the victims, before an auxiliary: "30 militants trying to cross from
# Afghanistan were killed", "two men travelling in the van were shot dead"
_PARTICIPLE_PHRASE = (
    r"(?:(?:(?!(?:killing|injuring|wounding)\b)[a-z]+ing|of)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?=(?:were|was|have been|had been|has been)\s))?"
)  # and an "of" phrase: "four members of a peace committee were killed"
# an aside between the victims and the verb: "ten civilians, including women and children, were killed"
_ASIDE_WORDS = (
    r",\s*(?:including|aged|among them|mostly|most of them|all of them|[\w-]+ of (?:them|whom))\s[^,;.()]{1,60},\s+"
)
_ASIDE = rf"(?:[\w'’-]+{_ASIDE_WORDS})?"
# the same aside right after the number: "at least seven, including a child, were killed"
_NUM_ASIDE = rf"(?:\s+|{_ASIDE_WORDS})"
_KILLED_HEADS = vocab.CASUALTY_HEADS["killed"]
# the verbs of finding the dead: "six bodies were recovered", "pulled out nine bodies"
_BODIES_FOUND = "|".join(f for verb in vocab.BODIES_FOUND_VERBS for f in vocab.verb_forms(verb)[1:])
# "murdered three labourers", "beheading a driver": the verbs of KILLING_VERBS before their dead
_KILLING = "|".join(f for verb in vocab.KILLING_VERBS for f in vocab.verb_forms(verb)[1:])
# Each casualty pattern with the words one of which it needs (lower case): a sentence with none of
# them skips the pattern (speed).
KILLED = tuple(  # matched against lowered text
    (re.compile(p), words)
    for p, words in (
        (
            # not "between the two sides": the sides of a fight, not its victims
            rf"\b(?<!between )(?<!between the ){_FIGURE_START}(?:{_QUALIFIER})?{_NUM}{_RANGE}{_NUM_ASIDE}"
            rf"{_VICTIM_NOUN}{_PARTICIPLE_PHRASE}{_ASIDE}{_VERB}"
            rf"(?:{'|'.join(h for h in _KILLED_HEADS if h != 'bodies')})\b",
            tuple(h for h in _KILLED_HEADS if h != "bodies"),
        ),
        (
            # one victim named by a noun: "a policeman was martyred", "an elder was shot dead"; with
            # "were" only as the last of a list ("two guards and a civilian were killed")
            rf"\b(?P<n>an?)\s+{_ONE_VICTIM}(?:(?P<aux>was|has been|had been|were)\s+"
            r"(?:killed|martyred|slain|shot dead|gunned down|beheaded|assassinated|murdered|lynched|executed)|"
            r"(?:died|lost (?:his|her) life|succumbed|embraced martyrdom|embraced shahadat))\b",
            (
                "killed",
                "martyred",
                "slain",
                "shot dead",
                "gunned down",
                "beheaded",
                "assassinated",
                "murdered",
                "lynched",
                "executed",
                "died",
                "lost",
                "succumbed",
                "embraced",
            ),
        ),
        # (before the figure after a verb, which would read "killing a" as one)
        # "killing a family of four": the family's number
        (
            r"\b(?:killing|killed|kills|wiping out|wiped out)\s+(?:an?|the|an entire|a whole)\s+family\s+of\s+"
            rf"{_NUM}\b",
            ("family of",),
        ),
        (  # "killing a five-member family", "wiped out a 7-member family"
            rf"\b(?:killing|killed|kills|wiping out|wiped out|{_KILLING})\s+(?:an?|the|an entire|a whole)\s+"
            rf"{_NUM}-member\s+family\b",
            ("member family",),
        ),
        (
            r"\b(?:killing|killed|kills|kill|martyring|martyred|claimed the lives of|left|eliminated|neutrali[sz]ed|"
            rf"shot dead|gunned down|{_KILLING})\s+(?:(?:his|her|their)\s+)?{_BETWEEN}(?:{_QUALIFIER})?{_NUM_OR_A}\b"
            rf"{_NOT_TIME}",
            (
                "kill",
                "martyr",
                "claimed the lives of",
                "left",
                "eliminated",
                "neutrali",
                "shot dead",
                "gunned down",
                *(verb.rstrip("e") for verb in vocab.KILLING_VERBS),
            ),
        ),
        (
            rf"\b(?:the )?(?:deaths?|killing|martyrdom) of\s+(?:{_QUALIFIER})?{_NUM_OR_A}\b",
            ("death", "killing of", "martyrdom"),
        ),
        (
            # "the death toll rose to 14", "the toll from Saturday's blast at the market climbed to 14"
            r"\b(?:death )?toll\b(?:\s+(?:\w+\s+){0,2}(?:to|at|reached)\s+|[^.;:]{0,120}?\b(?:rose|rises|has risen|"
            r"had risen|climbed|climbs|jumped|increased|mounted|stood|stands|reached|reaches)\s+(?:to\s+|at\s+)?)"
            rf"(?:{_QUALIFIER})?{_NUM}\b",
            ("toll",),
        ),
        (rf"\b(?:the )?bodies of\s+(?:{_QUALIFIER})?{_NUM}\b", ("bodies",)),
        # "six bodies were recovered", "rescuers pulled out nine bodies": the dead found (not "two
        # religious bodies", which no one finds)
        (
            rf"\b{_FIGURE_START}(?:{_QUALIFIER})?{_NUM}\s+(?:[\w'’-]+\s+){{0,2}}?bodies\s+"
            rf"(?:(?:were|have been|had been|was|are)\s+)?(?:{_BODIES_FOUND})\b",
            ("bodies",),
        ),
        (
            rf"\b(?:{_BODIES_FOUND})\s+(?:out\s+)?(?:the\s+)?(?:{_QUALIFIER})?{_NUM}\s+(?:[\w'’-]+\s+){{0,2}}?bodies\b",
            ("bodies",),
        ),
        # "the body of a kidnapped trader was recovered": one dead
        (r"\b(?:the |a )?(?:dead |bullet-riddled |mutilated |lifeless )?body of\s+(?P<n>an?|the)\b", ("body of",)),
    )
)
# "Cop martyred in Mardan attack" (a headline or bullet): one dead
_HEADLINE_VICTIM = re.compile(
    r"\b(?:[a-z]+\s+)?" + vocab.words_pattern(vocab.SINGLE_VICTIMS)[: -len(r"(?![\w-])")] + r"(?![\w-])\s+"
    r"(?:martyred|killed|shot dead|gunned down|slain)\b"
)
# its part from the victim on: every match of it holds one, and one search is 2.5x cheaper than its scan
_HEADLINE_CORE = re.compile(
    vocab.words_pattern(vocab.SINGLE_VICTIMS) + r"\s+(?:martyred|killed|shot dead|gunned down|slain)\b"
)
KILLED = (*KILLED, (_HEADLINE_VICTIM, ("martyred", "killed", "shot dead", "gunned down", "slain")))
_VICTIM_FIRST = frozenset([*(pattern for pattern, _ in KILLED[:2]), _HEADLINE_VICTIM])
# One victim named by name (matched against the text as written: a name is its capitals). Two
# capitalised words, or a title and one ("Maulana Abdul Rauf", "Sepoy Gul"), then a word that ends
# the name: not "killed Lakki Marwat residents".
_NAME_WORD = r"[A-Z][a-z]+(?:-[A-Za-z]+)*"
_TITLE = vocab.words_pattern(vocab.PERSONAL_TITLES)
_NAME = rf"(?P<name>{_TITLE}\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}|{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
_NAME_ENDS = r"(?=\s*[,.;:()]|\s+(?:and|in|on|near|at|who|outside|inside|while|when|after|during|from|of)\b|\s*$)"
_KILLED_ONE = (
    rf"(?:killed|martyred|slain|shot dead|gunned down|{'|'.join(f for f in _KILLING.split('|') if f.endswith('ed'))})"
)
_NAMED_VICTIM_AFTER = re.compile(  # "gunmen shot dead Malik Zar Khan", "killed TTP commander Qari Zahid"
    rf"\b(?:killing|{_KILLED_ONE})\s+(?:(?:[\w-]+\s+){{0,2}}?"  # the verb in lower case: not a Title Case headline
    rf"(?i:{vocab.words_pattern(vocab.SINGLE_VICTIMS)})\s+)?{_NAME}{_NAME_ENDS}"
)
_NAMED_VICTIM_BEFORE = re.compile(  # "Malik Zar Khan, a tribal elder, was shot dead"
    rf"(?<![\w-]){_NAME}(?:,\s[^,;.]{{1,60}},)?\s+(?:was|has been|had been)\s+{_KILLED_ONE}\b"
)
# "two of the injured later died": deaths besides those counted before (first: before "two … died")
_DIED_OF_WOUNDS = re.compile(
    rf"\b{_FIGURE_START}{_NUM}\s+(?:more\s+)?of\s+the\s+(?:injured|wounded)\s+(?:[\w'’-]+\s+){{0,3}}?"
    r"(?:died|succumbed|lost (?:their|his|her) li(?:ves|fe))\b"
)
# "two children were among the dead": some of a toll, at least that many
_AMONG_THE_DEAD = re.compile(
    rf"\b{_FIGURE_START}(?:{_QUALIFIER})?{_NUM}\s+{_VICTIM_NOUN}(?:were|was|are|is)\s+among\s+(?:the\s+)?"
    r"(?:dead|those killed|killed|victims|fatalities|deceased|martyrs|martyred)\b"
)
_NAMED = frozenset((_NAMED_VICTIM_AFTER, _NAMED_VICTIM_BEFORE))
# the figures that count a part of a toll: they count only when the event has no other
_PARTS = _NAMED | {_AMONG_THE_DEAD}
_VICTIM_FIRST |= {_AMONG_THE_DEAD}
_NOT_NAME_WORDS = frozenset(vocab.NOT_NAME_WORDS)
_KILLED_ONE_WORDS = ("kill", "martyr", "slain", "shot", "gunned", *(v.rstrip("e") for v in vocab.KILLING_VERBS))
KILLED = (
    (_DIED_OF_WOUNDS, ("died", "succumbed", "lost")),
    *KILLED,
    (_AMONG_THE_DEAD, ("among",)),
    (_NAMED_VICTIM_AFTER, _KILLED_ONE_WORDS),
    (_NAMED_VICTIM_BEFORE, _KILLED_ONE_WORDS),
)
# "three were injured", "two others sustained injuries" (a bare "injuries" counts nobody)
_INJURED_HEADS = "|".join(  # "sustained bullet injuries", "received critical wounds": a word may come between
    h.replace(" ", r"\s+(?:[\w-]+\s+)?") for h in vocab.CASUALTY_HEADS["injured"] if h not in ("injuries", "wounds")
)
INJURED = tuple(
    (re.compile(p), words)
    for p, words in (
        (
            rf"\b(?<!between )(?<!between the ){_FIGURE_START}(?:{_QUALIFIER})?{_NUM}{_NUM_ASIDE}{_VICTIM_NOUN}"
            rf"(?:others?\s+)?{_PARTICIPLE_PHRASE}{_ASIDE}{_VERB}(?:{_INJURED_HEADS})\b",
            ("injured", "wounded", "hurt", "injuries", "wounds"),
        ),
        (
            rf"\b(?:injuring|wounding|injured|wounded)\s+(?:(?:his|her|their)\s+)?{_BETWEEN}(?:{_QUALIFIER})?{_NUM_OR_A}\b"
            rf"{_NOT_TIME}",
            ("injuring", "wounding", "injured", "wounded"),
        ),
        (
            # one victim named by a noun: "a soldier was injured", "two guards and a driver were wounded"
            rf"\b(?P<n>an?)\s+{_ONE_VICTIM}(?:was|has been|had been|were)\s+(?:injured|wounded|hurt)\b",
            ("injured", "wounded", "hurt"),
        ),
    )
)

# People missing or taken (abducted, kidnapped, held hostage, seized): not deaths, counted apart.
_PERSON = vocab.words_pattern(vocab.PERSON_NOUNS)
_MISSING_VERB = rf"(?:{vocab.words_pattern(vocab.MISSING_VERBS)}\s+){{0,3}}"
_ABDUCTED_HEADS = "|".join(map(re.escape, vocab.CASUALTY_HEADS["abducted"])).replace(r"\ ", r"\s+")
_ABDUCTING = "|".join(f for verb in vocab.ABDUCTION_VERBS for f in vocab.verb_forms(verb) if f.endswith(("ed", "ing")))
MISSING = tuple(
    (re.compile(p), words)
    for p, words in (
        (
            # "four guards remain missing", "two others are unaccounted for"; not "two missing persons"
            rf"\b{_FIGURE_START}(?:{_QUALIFIER})?{_NUM}\s+{_VICTIM_NOUN}{_MISSING_VERB}"
            rf"(?:{'|'.join(map(re.escape, vocab.CASUALTY_HEADS['missing']))})\b(?!\s+{_PERSON}|\s+cases?\b)",
            vocab.CASUALTY_HEADS["missing"],
        ),
    )
)
ABDUCTED = tuple(
    (re.compile(p), words)
    for p, words in (
        (
            # "three engineers were kidnapped", "a trader was abducted"
            rf"\b(?:{_FIGURE_START}(?:{_QUALIFIER})?{_NUM}\s+{_VICTIM_NOUN}{_VERB}|"
            rf"(?P<a>an?)\s+{_ONE_VICTIM}(?:was|has been|had been)\s+)(?:{_ABDUCTED_HEADS})\b(?!\s+{_PERSON})",
            vocab.CASUALTY_HEADS["abducted"],
        ),
        (
            # "gunmen kidnapped two engineers", "abducting a trader"
            rf"\b(?:{_ABDUCTING})\s+(?:{_QUALIFIER})?{_NUM_OR_A}\b{_NOT_TIME}",
            tuple(vocab.ABDUCTION_VERBS),
        ),
        (
            # "the kidnapping of two engineers"
            rf"\b(?:abductions?|kidnappings?)\s+of\s+(?:{_QUALIFIER})?{_NUM_OR_A}\b{_NOT_TIME}",
            ("abduction", "kidnapping"),
        ),
        (
            # "took six passengers hostage", "taking 30 travellers, among them two soldiers, hostage"
            rf"\b(?:{'|'.join(vocab.HOSTAGE_VERBS)})\s+(?:{_QUALIFIER})?{_NUM}\s+"
            rf"(?:{_VICTIM_NOUN}|[\w'’-]+(?:\s+[\w'’-]+){{0,2}},[^,;.]{{1,60}},\s+)(?:hostages?|captives?)\b",
            ("hostage", "captive"),
        ),
    )
)
# the words whose presence lets a sentence hold a missing or abducted figure (a cheap first test)
TAKEN_STEMS = ("missing", "unaccounted", "abduct", "kidnap", "hostage", "captive", "seiz")
# "killing seven to eight", "seven or eight were killed": the high end of a stated range
_RANGE_AFTER = re.compile(rf"(?:\s*(?:to|-|–)\s*|\s+or\s+){_NUM}\b")
_SUBSET_AFTER = re.compile(  # "ten were killed, including three militants"
    rf"(?:\s+[\w'’-]+){{0,12}}?\s*,?\s*(?:{'|'.join(map(re.escape, vocab.SUBSET_MARKERS))})\s+(?:the\s+)?"
    rf"(?:{_QUALIFIER})?{_NUM}\s+(?P<noun>(?:[\w'’-]+\s*){{1,3}})"
)
_NEGATORS = Markers.of(vocab.NEGATORS)
# the words naming the victims after a number: "five militants" of "killing five militants and fleeing"
_NOUN_PHRASE = re.compile(
    r"(?:\s+(?!(?:and|or|who|which|that|as|while|in|on|at|near|during|after|before|when|by|from|with|were|was|"
    r"are|had|have|has|been)\b)[\w'’-]+){0,4}"
)
# "five went missing and six were abducted", "five dead and nine injured": the five are not of the six
_OTHER_HEAD = re.compile(vocab.words_pattern(tuple(h for heads in vocab.CASUALTY_HEADS.values() for h in heads)))
_NEGATED = re.compile(r"\b(?:not|never|no longer|none)\b|n['’]t\b")
_LEFT_HURT = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:injured|wounded|hurt|stranded|homeless|missing)\b")
_NONE_OF_BEFORE = re.compile(r"\bnone\s+of\s+(?:the\s+|them\s+|those\s+)?$")
NO_DEATHS = re.compile(
    r"\bno (?:one|body) (?:was|were|had been) (?:killed|hurt|injured)\b|\bno casualties\b|"
    r"\bno loss of (?:life|lives)\b|"
    r"\bwithout (?:any )?casualties\b|\bno deaths\b|\bno fatalities\b|\bnot yet been any casualties\b|"
    r"\bno (?:reports? of )?casualties\b",
    re.IGNORECASE,
)


def _no_deaths(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` says no one died; every NO_DEATHS phrase holds "no" or "without"
    (and its case-blind letters here lower to ASCII), so a plain substring test skips most spans."""
    span = text[start:end].lower()
    if "no" not in span and "thout" not in span:
        return False
    return NO_DEATHS.search(text, start, end) is not None


CLAIMED = re.compile(r"\bclaim(?:ed|s|ing)?\b(?:\s+[\w'’-]+){0,4}\s*$", re.IGNORECASE)
ATTACKER_NOUNS = re.compile(
    r"\b(?:militants?|terrorists?|attackers?|bombers?|insurgents?|fighters?|assailants?|gunmen|hostage-takers)\b",
    re.IGNORECASE,
)
# attackers named by the words of a figure (not "an officer of the Anti-Terrorist Force")
_ATTACKERS_NAMED = re.compile(vocab.words_pattern(vocab.ATTACKERS), re.IGNORECASE)
# Curated actor list: normalised name -> the phrases the press uses for it (matched case-insensitively,
# as whole words; where phrases nest, the longest wins).
ACTOR_PHRASES: dict[str, tuple[str, ...]] = {
    "TTP": ("tehreek-e-taliban pakistan", "tehrik-e-taliban pakistan", "tehrik-i-taliban pakistan",
            "tehreek-i-taliban pakistan", "ttp", "pakistani taliban", "pakistan taliban"),
    "BLA": ("baloch liberation army", "balochistan liberation army", "bla"),
    "ISKP": ("islamic state khorasan", "islamic state-khorasan", "islamic state", "is-k", "isk", "iskp", "isis-k",
             "daesh"),
    "Jaish al-Adl": ("jaish al-adl",),
    "Hafiz Gul Bahadur group": ("hafiz gul bahadur",),
    "Pakistani security forces": (
        "pakistani security forces", "pakistani forces", "pakistani troops", "pakistani military", "pakistani army",
        "pakistani soldiers", "pakistani border forces", "pakistani air force", "pakistani jets",
        "pakistan's security forces", "pakistan's forces", "pakistan's military", "pakistan's army",
        "pakistan army", "pakistan air force", "frontier corps", "fc", "security forces"),
    "Pakistani police": ("police", "policemen", "levies", "ctd", "counter terrorism department"),
    "Afghan Taliban forces": (
        "afghan forces", "afghan taliban forces", "afghan security forces", "afghan troops", "afghan border forces",
        "afghan border guards", "taliban forces", "taliban fighters", "taliban troops", "taliban border guards",
        "afghan taliban"),
    "Iranian forces": ("iranian forces", "iranian military", "revolutionary guards", "revolutionary guard", "irgc"),
    "Government of Pakistan": ("pakistani government", "pakistani authorities", "pakistani officials",
                               "pakistani delegation", "pakistan's government", "islamabad"),
    "Taliban government": ("taliban government", "taliban-led government", "taliban authorities",
                           "taliban administration", "taliban officials", "taliban delegation", "kabul"),
    "traders": ("trader", "traders", "transporter", "transporters"),
    "civilians": ("civilian", "civilians"),
}  # fmt: skip


@cache
def _casualty_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for stem in (*CASUALTY_STEMS, *TAKEN_STEMS):  # a sentence of people taken has figures too
        automaton.add_word(stem, len(stem))
    automaton.make_automaton()
    return automaton


@cache
def _actor_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name, phrases in ACTOR_PHRASES.items():
        for phrase in phrases:
            automaton.add_word(phrase, (len(phrase), name))
    automaton.make_automaton()
    return automaton


# Most specific first: the place of an incident is the most specific location named for it.
_SPECIFICITY = {"crossing": 0, "village": 1, "town": 1, "other": 2, "city": 2, "tehsil": 3, "district": 4}
_SPECIFICITY |= {"region": 5, "province": 6, "border": 7, "country": 8}
BACKGROUND_DAYS = 7


@dataclass
class _Candidate:
    type: str
    trigger_start: int
    trigger_end: int
    sentence: tuple[int, int]
    index: int  # sentence number in the article
    places: list[Mention] = field(default_factory=list)
    dates: list[EventDate] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    clause: tuple[int, int] = (0, 0)  # the clause of the trigger: its date, place and figures come from it
    trigger_class: str = ""
    antecedent: _Candidate | None = None  # the event a definite mention ("the blast") refers back to
    figures: list[_Figure] = field(default_factory=list)
    tolls_memo: tuple[int, dict[bool, set[int]] | None] | None = None  # (figures counted, _tolls)
    place: Place | None = None
    date: EventDate | None = None
    date_note: str = ""
    another: bool = False  # its sentence opens on "Separately", "Hours later": not an event told before


VIOLENT = frozenset({"attack", "airstrike", "clash", "operation"})
TOLLED = VIOLENT | {"protest"}  # the events a casualty figure can belong to
LOCATIVE_PREPOSITION = re.compile(
    r"\b(?:in|inside|near|at|along|across|on|from|into|of|outside|around|to)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w-]+['’]s|eastern|western|northern|southern|northwestern|northeastern|southwestern|"
    r"southeastern|north-western|north-eastern|south-western|south-eastern|central|restive|border|"
    r"neighbouring|neighboring|(?:[A-Z][\w-]+\s+|provincial\s+|district\s+)?(?:capital|headquarters))\s+)*$"
)  # "in Punjab capital Lahore", "in the provincial capital Quetta": the city is the place
DAYS_AFTER = re.compile(  # "three days after", and with no number "days after", "a few weeks after"
    rf"\b(?:(?P<n>a|\d{{1,3}}|{_NUMBER_WORD}) |(?:a few |several |some )?)(?P<unit>days?|weeks?) "
    r"(?:after|following)\s+(?:[\w'’-]+,?\s+){0,10}$",  # "days after militants, on motorcycles, raided"
    re.IGNORECASE,
)
ANAPHORIC_PLACE = re.compile(
    r"\b(?:in|near|across|from) the (?:area|region|district|village|town|province)\b|\bthere\b"
)
# Classes whose place is a venue ("talks in Doha"), never a country or province they concern.
VENUE_CLASSES = frozenset({"TALKS", "DIPLOMATIC"})


# One character class first, so the regex engine skips straight to candidate ends (4x faster).
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<=[.!?])[.!?]*[\"”’')\]]*(?:(?=\s+[A-Z0-9“\"‘'(•\[])|\s*$))")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col maj capt brig sgt gov sen rep st no vol jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.n u.k d.i d.g e.g i.e etc vs""".split()
)


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, surrounding blanks trimmed.

    A sentence ends at . ! ? followed by a space and a capital, digit or quote, or at a line
    break; not after an abbreviation or an initial ("Gen. Asim", "Dec. 6", "D.I. Khan"), and
    not inside a token ("window.location", "3.5").
    """
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() != "\n":
            # six characters back tell an abbreviation (the longest has four) or an initial
            token = _token_before(text, match.start(), max(start, match.start() - 6)).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        end = match.end()
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


# the leftmost start of a run of word characters and dots that reaches the end (\w is isalnum() or "_")
_TOKEN_AT_END = re.compile(r"[\w.]*\Z")


def _token_before(text: str, end: int, lo: int) -> str:
    """The run of word characters and dots that ends at ``end`` (not before ``lo``)."""
    return _TOKEN_AT_END.search(text, lo, end).group()


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    kept = chunk.strip()  # str.strip() drops exactly what str.isspace() calls blank
    if len(kept) > 3:
        start += len(chunk) - len(chunk.lstrip())
        spans.append((start, start + len(kept)))


def number_value(word: str) -> int:
    """Integer of '12', 'twelve', 'twenty-one', 'a dozen' or 'a' (one)."""
    word = word.lower()
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    if word in ("a", "an", "the"):  # "the" only from "the body of the teacher": one
        return 1
    if word in _DOZENS:
        return _DOZENS[word]
    return text2num(word.replace("-", " "), "en")


_AND_MORE_AFTER = re.compile(  # "killed a commander and his two guards"
    rf"\s+(?:[\w-]+\s+){{1,2}}?and\s+(?:(?:his|her|their|its)\s+)?(?:{_QUALIFIER})?{_NUM_OR_A}\s+[a-z]", re.IGNORECASE
)
# "shot dead Haji Gul and his two sons": the sons besides the one named
_AND_MORE_RIGHT_AFTER = re.compile(
    rf"\s+and\s+(?:(?:his|her|their|its)\s+)?(?:{_QUALIFIER})?{_NUM_OR_A}\s+[a-z]", re.IGNORECASE
)
# "a commander was killed along with four of his guards": the four besides him
_ALONG_WITH_AFTER = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,4}}?(?:along|together)\s+with\s+(?:(?:his|her|their|its)\s+)?(?:{_QUALIFIER})?"
    rf"{_NUM_OR_A}\s+(?!(?:days?|weeks?|months?|years?|hours?|number|few|lot|host|group|series)\b)[a-z]",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(rf"\bbetween\s+{_NUM}\s+and\s+$")
# "one Pakistani soldier and two guards": the words between are the victims' noun, not a verb
_NOUN_WORD = r"(?!(?:were|was|are|is|had|have|has|been)\b)(?:armed|(?![\w-]+ed\b)[\w-]+)"
_AND_ONE_BEFORE = re.compile(rf"\b(?P<n>an?)\s+{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}}\s+and\s+$", re.IGNORECASE)
_AND_MORE_BEFORE = re.compile(rf"\b{_NUM}\s+{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}}\s+and\s+$", re.IGNORECASE)


_DATELINE = re.compile(r"(?:date \S+\s+)?[A-Z][A-Z .,/'-]{2,60}(?:\s*[:–—-]\s|,\s*\w+ \d)")


def dateline_span(text: str) -> tuple[int, int]:
    """Span of the dateline ("PESHAWAR:", "KABUL, AFGHANISTAN –", "KABUL/ISLAMABAD, Oct 15") that
    opens the text or one of its first lines (after a headline), or (0, 0)."""
    at = 0
    for _ in range(4):  # the headline, a byline or a date line may come first
        while at < len(text) and text[at].isspace():
            at += 1
        match = _DATELINE.match(text, at)
        if match:
            return at, match.end()
        at = text.find("\n", at)
        if at < 0:
            break
    return 0, 0


@cache
def _trigger_automaton() -> ahocorasick.Automaton:
    """One lexical pass over an article finds every trigger: each gapless form of every class maps
    to (length, its class or -1, (class, its gapped forms that can start with that word) of each
    class that has some)."""
    forms: dict[str, int] = {}
    anchors: dict[str, set[int]] = {}
    gapped_forms: dict[int, list[str]] = {}
    for order, trigger_class in enumerate(vocab.TRIGGER_CLASSES):
        for form in vocab.class_forms(trigger_class):
            if "…" in form:
                anchors.setdefault(form.split(" ")[0], set()).add(order)
                gapped_forms.setdefault(order, []).append(form)
            else:
                forms.setdefault(form, order)
    automaton = ahocorasick.Automaton()
    for word in {*forms, *anchors}:
        gapped = tuple(
            (order, _anchored_gap_pattern(gapped_forms[order], word)) for order in sorted(anchors.get(word, ()))
        )
        automaton.add_word(word, (len(word), forms.get(word, -1), gapped))
    automaton.make_automaton()
    return automaton


def _anchored_gap_pattern(forms: list[str], anchor: str) -> re.Pattern[str]:
    """A class's gapped ``forms`` as one regex, cut to those that can match where the automaton
    found ``anchor`` as a whole word (one class has hundreds of forms; a word starts a few). A form
    whose first word does not start with the anchor (' and ’ alike) cannot match there, and the
    forms kept stay in order, so the first that matches is the same."""
    key = anchor.replace("’", "'")
    kept = [f for f in forms if f.split(" ")[0].replace("’", "'").startswith(key)]
    alternatives = "|".join(vocab.form_pattern(f) for f in kept)
    return re.compile(rf"(?:{alternatives})(?![\w-])")


def trigger_hits(low: str) -> list[tuple[int, int, int]]:
    """(start, end, class order) of every trigger form in the lowered text, overlaps resolved:
    the longest form at a position wins, then the class listed first."""
    hits = []
    size = len(low)
    for last, (length, order, anchored) in _trigger_automaton().iter(low):
        start = last - length + 1
        # at word edges (tested inline: the automaton reports tens of hits per article)
        if start > 0 and ((c := low[start - 1]).isalnum() or c in "_-"):
            continue
        if last + 1 < size and ((c := low[last + 1]).isalnum() or c in "_-"):
            continue
        if order >= 0:
            hits.append((start, last + 1, order))
        for gap_order, gapped in anchored:
            match = gapped.match(low, start)
            if match:
                hits.append((start, match.end(), gap_order))
    hits.sort(key=lambda h: (h[0], h[0] - h[1], h[2]))
    kept: list[tuple[int, int, int]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    return kept


def lowered(text: str) -> str:
    """``text`` in lower case, with the same length: the offsets of one are the offsets of the other.

    The few characters that lengthen when lowered are kept as they are, but 'İ', which becomes 'i'.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    low = text.replace("İ", "I").lower()  # Turkish dotted capital I, the usual one ('İstanbul')
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# passive: "a bomber was killed", or a headline's "bomber killed during raid" (not "gunmen killed two")
_UNDONE = vocab.words_pattern(vocab.AGENT_UNDONE)
_AGENT_UNDONE = re.compile(
    rf"\s+(?:(?:was|were|has been|have been|had been|got)\s+{_UNDONE}"
    rf"|{_UNDONE}(?=\s*(?:$|[,.;:]|(?:in|during|at|near|by|after|as|while|on|inside)\b)))"
)
_UNDONE_BEFORE = re.compile(rf"{_UNDONE}\s+(?:(?:a|an|the|two|three|four|five|several|\d+)\s+)?$")  # "killed a bomber"
# the event word's own phrase, then a future verb: "talks between the two sides will be held"
_FUTURE_AFTER = re.compile(  # not across another speaker's clause ("closed, and officials said it will reopen")
    r"(?:(?!\b(?:said|says|say|told|added|but|while|whereas|and it|and they)\b)[^,;:.!?()]){0,120}?\s"
    + vocab.words_pattern(vocab.FUTURE_AFTER)
)
# the last word of a future phrase somewhere after the event word: a cheap test before the regex
_FUTURE_LAST_WORD = re.compile("|".join(sorted({re.escape(p.split()[-1]) for p in vocab.FUTURE_AFTER})))
# "officials in Kabul said": the place of the source, not of the event
_SOURCE_BEFORE = re.compile(
    r"(?<![\w-])(?<!local )(?:" + "|".join(vocab.SOURCE_NOUNS) + r")\s+(?:in|from|at)\s+(?:the\s+)?$", re.IGNORECASE
)
_SOURCE_AFTER = re.compile(r"\s*,?\s*" + vocab.words_pattern(vocab.REPORTING_VERBS))
# "it was closed", "they remained shut": a closure told of the crossing named before
_PRONOUN_SUBJECT = re.compile(
    r"(?<![\w'’-])(?:it|they)\s+(?:was|were|is|are|has been|have been|had been|remained|remains|stayed|got)\s+"
    r"(?:[a-z]+ly\s+)?$"
)
_STATE_PK = re.compile(vocab.words_pattern(vocab.STATE_PK))
_STATE_AF = re.compile(vocab.words_pattern(vocab.STATE_AF))
_MILITANT = re.compile(vocab.words_pattern(vocab.MILITANTS))
_AIRCRAFT = re.compile(vocab.words_pattern(vocab.AIRCRAFT))
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are|got|get)\s+(?:[a-z]+ly\s+)?$")
# a number that counts the actor: only its modifiers between ("five Pakistani soldiers"), not a verb
# or a conjunction ("five militants killed as troops ...": the five are not the troops)
_COUNTED_BEFORE = re.compile(
    r"(?<![\w-])(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+teen|[a-z]+ty)"
    r"\s+(?:(?!(?:as|when|while|after|before|and|in|on|at|by|during|were|was|are|is|the|this|that|its|their|his|her|"
    r"earlier|later|ago|said|says)\s)"
    r"(?:armed|(?![\w'’-]+ed\s)[\w'’-]+)\s+){0,3}$"
)
_ON_TARGET = re.compile(r"\s*(?:on|against|targeting|at)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,2}?")
_BY_AGENT = re.compile(r"^(?:[\w'’-]+\s+){0,8}?by\s+(?:the\s+)?")


def _nearest_actor(before: str, neighbours: bool, first: bool = False) -> tuple[int, str] | None:
    """(offset, role) of the last (or ``first``) actor named in ``before``: "state", "militant", or
    with ``neighbours`` also "other state" (the Afghan side's forces)."""
    actors = [(m.start(), "state") for m in _STATE_PK.finditer(before)]
    actors += [(m.start(), "militant") for m in _MILITANT.finditer(before)]
    if neighbours:
        actors += [(m.start(), "other state") for m in _STATE_AF.finditer(before)]
    if not actors:
        return None
    return min(actors) if first else max(actors)


_ON_MIGRANTS = re.compile(
    r"\s+(?:(?:on|against|targeting)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?" + vocab.words_pattern(vocab.MIGRANT_NOUNS)
)
_UNDERGONE = frozenset(vocab.UNDERGONE_MARKERS + vocab.RECORD_MARKERS)  # a place's ordeal, a person's record
_SEQUENCE = re.compile(vocab.words_pattern(vocab.SEQUENCE_WORDS))
_ORDERED = re.compile(
    vocab.words_pattern(tuple(w for w in vocab.SEQUENCE_WORDS if w != "since"))
)  # "since 2022": a time
_PLANNED_FOR = re.compile(
    r"\b(?:to|will|would|shall)\s+(?:be\s+)?(?:" + "|".join(vocab.PLANNED_VERBS) + r")\w*\s+(?:[\w'’-]+\s+){0,9}?"
    r"(?:from|on|by|starting|beginning|as of)\s+(?:next\s+)?$"
)


def _planned_for(low: str, start: int, at: int) -> bool:
    """Whether the date at ``at`` follows a planned verb ("to reopen … from"), not one done ("were forced to close")."""
    plan = _PLANNED_FOR.search(low, start, at)
    if plan is None or not low.startswith("to", plan.start()):
        return plan is not None
    before = _WORD_BEFORE.findall(low, max(0, plan.start() - 20), plan.start())
    return not (before and before[-1] in _DONE_BEFORE_TO)


_VIOLENCE_AFTER = re.compile(r"\s+(?:bombing|bomb|blast|attack|explosion|shooting|massacre)s?\b")
_TARGET_BEFORE = re.compile(r"\b(?:at|on|targeting|targeted|hit|struck|into)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}$")
# "accused Islamabad of carrying out strikes on Thursday": events of one day, not a record
_ON_A_DAY_AFTER = re.compile(
    r"(?:\s+(?!(?:in|on|at|against)\s)[\w'’-]+){0,3}?\s+(?:on|late on|early on)\s+"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}\s|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)
_PLURAL_WORD = re.compile(r"[a-z]{3,}s\b")  # the head of a trigger that opens on it ("attacks on")
_VERB_FIRST = re.compile(r"[a-z]+(?:ing|ed)\s")  # "firing dozens of rockets": a verb and its object
_BARE_STRIKE = re.compile(r"(?:the |this )?strikes?")  # no air word: what it names depends on the event before
_NOT_A_BLAST_AFTER = re.compile(r"[\s-]+" + vocab.words_pattern(vocab.NOT_A_BLAST_AFTER))
_NOT_A_BLAST_BEFORE = frozenset(vocab.NOT_A_BLAST_BEFORE)
_BASE_VERBS = vocab.base_verbs()
_DONE_BEFORE_TO = frozenset(vocab.DONE_BEFORE_TO)
_PERIOD_AFTER = re.compile(vocab.words_pattern(vocab.PERIOD_MARKERS) + "|" + _IN_A_YEAR)
_ATTACK_DOERS = re.compile(vocab.words_pattern(vocab.ATTACK_DOERS))
_PARTICIPLE = re.compile(r"[a-z]+ing\b")
# "troops killed six militants in a raid": the raid is the subject's, not the object's
_IN_PHRASE = re.compile(r"\b(?:in|during)\s+(?:an?|the|this)\s+(?:[\w-]+\s+){0,2}$")


def type_by_roles(low: str, clause: tuple[int, int], start: int, end: int) -> str:
    """The type of a killing or raid told without an attack word, from who acted and how.

    Aircraft, drones or missiles → airstrike; forces of both states → clash; security forces
    acting (as the subject, or "by" them), or militants killed with no one named → operation;
    anyone else or no one → attack.
    """
    words = low[clause[0] : clause[1]]
    if _AIRCRAFT.search(words):
        return "airstrike"
    if _STATE_PK.search(words) and _STATE_AF.search(words):
        return "clash"
    before, after = low[clause[0] : start], low[end : clause[1]]
    agent = _BY_AGENT.match(after)
    if agent:
        rest = after[agent.end() :]
        if _STATE_PK.match(rest) or _STATE_AF.match(rest):
            return "operation"
        if _MILITANT.match(rest):
            return "attack"
    target = _ON_TARGET.match(after)
    if target and _STATE_PK.match(after, target.end()) and not _STATE_AF.search(words):
        return "attack"  # "a raid on a military base": the forces were its target, not its doers
    if _IN_PHRASE.search(before):
        subject = _nearest_actor(before, neighbours=True, first=True)
        if subject is not None and not _COUNTED_BEFORE.search(low, clause[0], clause[0] + subject[0]):
            return {"state": "operation", "militant": "attack", "other state": "clash"}[subject[1]]
    actor = _nearest_actor(before, neighbours=True)
    if actor is None:
        return "operation" if _MILITANT.search(after[:60]) and not _PASSIVE_BEFORE.search(before) else "attack"
    nearest_at, nearest = actor
    if nearest == "other state":
        return "clash"  # the neighbour's forces acting on this side: fire between the two states
    counted = _COUNTED_BEFORE.search(low, clause[0], clause[0] + nearest_at)  # "five soldiers martyred": the victims
    if _PASSIVE_BEFORE.search(before) or low[start:end] == "slain" or counted:
        return "operation" if nearest == "militant" else "attack"  # the nearest actor is the victim
    return "operation" if nearest == "state" else "attack"  # the nearest actor is the doer


def _both_states_only(low: str, clause: tuple[int, int]) -> bool:
    """Whether a clause names the forces of both states and no militants."""
    words = low[clause[0] : clause[1]]
    return bool(_STATE_PK.search(words) and _STATE_AF.search(words) and not _MILITANT.search(words))


def _roles_named(words: str) -> bool:
    return bool(_STATE_PK.search(words) or _STATE_AF.search(words) or _MILITANT.search(words))


def _fire_type(low: str, clause: tuple[int, int], start: int) -> str:
    """Fire exchanged between the two states' forces is a clash; with militants on one side it is
    their attack (when they fired) or the forces' operation."""
    words = low[clause[0] : clause[1]]
    if not _MILITANT.search(words) or (_STATE_PK.search(words) and _STATE_AF.search(words)):
        return "clash"
    if low.startswith(vocab.RECIPROCAL_FIRE, start) and (_STATE_PK.search(words) or _STATE_AF.search(words)):
        return "operation"  # "militants clashed with police": a battle with the state's forces
    actor = _nearest_actor(low[clause[0] : start], neighbours=False)
    return "attack" if actor is not None and actor[1] == "militant" else "operation"


# Where a sentence divides into clauses: each clause carries its own date, place and figures.
_CLAUSE_BREAK = re.compile(
    r";|\s[–—-]\s|\n|,\s+(?=(?:which|who|whom|when|while|whereas|as|even as|after|before|following|"
    r"a day after|days after|hours after|a week after|weeks after|meanwhile)\b)|"
    r"\s+(?=(?:after|before|following|while|whereas|days after|hours after|a day after)\s)"
)


def clauses_of(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Clause spans of one sentence: split at ';', a spaced dash, and before a subordinate clause
    (', which', ', when', 'after', 'before', 'while'…)."""
    start, end = sentence
    spans, at = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > at:
            spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [s for s in spans if s[1] > s[0]] or [sentence]


def _clause_of(clauses: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for clause in clauses:
        if clause[0] <= offset < clause[1]:
            return clause
    return clauses[-1]


# per class order, its rank for _trigger_order: computed once, not per hit
_CLASS_RANK = tuple((c.name == "KILL", c.type is None) for c in vocab.TRIGGER_CLASSES)


def _trigger_order(hit: tuple[int, int, int]) -> tuple[bool, bool, int]:
    """Words that name their event first, then role-typed ones, killings last."""
    return (*_CLASS_RANK[hit[2]], hit[0])


def _triggers(
    text: str,
    low: str,
    sentence: tuple[int, int],
    hits: list[tuple[int, int, int]],
    clauses: list[tuple[int, int]],
    earlier_type: str | None = None,
    crossing_told: bool = False,
    crossing_named: bool = False,
) -> list[tuple[str, int, int, str]]:
    """(type, start, end, class) of each event word of one sentence that reports an event: not
    denied, hedged or planned, not a topic ("talks on reopening"), not part of a name.

    A role-typed word with no actor in its clause and a definite article ("the raid") refers back
    to the violent event just told, ``earlier_type``. A closure or reopening whose subject is a
    pronoun ("it was shut on ...") refers to the crossing just told when ``crossing_told``; a
    crossing named in the sentence (``crossing_named``) is border context, as "border" is."""
    start, end = sentence
    chunk = text[start:end]
    found: list[tuple[str, int, int, str]] = []
    planned_talks: int | None = None  # where talks to come were named
    # words that name their event come first: a killing beside them is their toll, not another event
    for s, e, order in sorted(hits, key=_trigger_order):
        trigger_class = vocab.TRIGGER_CLASSES[order]
        if trigger_class.name == "KILL" and any(c != "KILL" and k in TOLLED for k, _, _, c in found):
            continue  # a killing beside a word that names its event is that event's toll (killings come last)
        if trigger_class.type is None and (
            (_PARTICIPLE.match(low, s) and any(k in VIOLENT and 0 < s - a < 100 for k, a, _, _ in found))
            or any(k in VIOLENT and 0 <= s - z <= 2 for k, _, z, _ in found)
        ):
            # "attacks on Tuesday, targeting the bases": the participle tells the same event, and so
            # does a verb whose subject is the event ("the strikes targeted hideouts")
            continue
        before = words_before(low, start, s)
        if marker_before(before, _DENIALS_AND_ROLES, 3) is not None:
            continue  # denied, or part of someone's role ("a member of the jirga")
        if trigger_class.name not in vocab.HEDGE_EXEMPT:
            hedge = marker_before(before, _HEDGES, 3)
            if hedge is not None and words_before(text, start, s)[hedge : hedge + 1] != ["May"]:
                continue  # a hedge ("may", "reportedly"), but not the month May
        elif marker_before(before, _TALKS_PLANNED, 2) is not None:
            planned_talks = s
            continue  # "agreed to hold fresh talks": talks to come
        elif before[-1:] == ["to"] and planned_talks is not None and _clause_of(clauses, planned_talks)[1] >= s:
            continue  # "will hold a jirga … to discuss the closure": the purpose of talks to come
        if (
            trigger_class.name not in vocab.HEDGE_EXEMPT
            and trigger_class.name != "TRUCE_END"  # a truce is ended by saying so ("announced to call off")
            and before[-1:] == ["to"]
            and low[s:e].split()[0] in _BASE_VERBS
            and not (len(before) > 1 and before[-2] in _DONE_BEFORE_TO)
        ):
            continue  # "agreed on Saturday to reopen the crossing": planned, not done
        if trigger_class.name == "ATTACK" and (
            _NOT_A_BLAST_AFTER.match(low, e) or any(w in _NOT_A_BLAST_BEFORE for w in before[-4:])
        ):
            continue  # "a bomb disposal squad", "defused an explosive device": no blast
        if low.startswith("resum", s) and (
            not any(w in vocab.RESUMED_THINGS for w in before[-6:]) or any(w in vocab.RESUMED_NOT for w in before[-6:])
        ):
            continue  # "talks resumed", "work resumed": not a crossing reopened
        if trigger_class.name in ("CLOSE", "REOPEN"):
            bare = before[:-1] if before and before[-1] == "the" else before
            pronoun = crossing_told and _PRONOUN_SUBJECT.search(low, max(start, s - 30), s) is not None
            context = pronoun or crossing_named or BORDER_CONTEXT.search(chunk)
            if not context or marker_before(bare, _TOPICS, 0) is not None:
                continue  # no crossing in sight, or "talks on reopening": a topic
        if low.startswith(vocab.ARSON_WORDS, s) and _CROWD.search(chunk.lower()):
            continue  # "the crowd marched on, setting fire to tents": part of the protest
        clause = _clause_of(clauses, s)
        bare = before[:-1] if before and before[-1] in ("the", "these", "recent", "last") else before
        if trigger_class.name in ("EXPEL", "CLOSE", "REOPEN", "FENCE"):
            if marker_before(bare[-3:], _GRIEVANCES, 0) is not None:
                continue  # "a protest against the deportation drive": what is protested, not an event told
        elif trigger_class.type in VIOLENT and (
            marker_before(bare[-3:], _GRIEVANCES, 0) is not None or marker_before(bare[-3:], _TOPICS, 0) is not None
        ):
            clause_rest = low[e : clause[1]]
            if not any(stem in clause_rest for stem in CASUALTY_STEMS):
                continue  # "summoned the envoy over the strikes": what the step is about, told without a toll
        if low[s:e] in vocab.AGENT_TRIGGERS and (
            _AGENT_UNDONE.match(low, e) or _UNDONE_BEFORE.search(low, max(start, s - 40), s)
        ):
            continue  # "a suicide bomber was killed during the raid": the attacker's fate, not an attack
        if text[s : s + 1].isupper() and s > start and NAME_TAIL.match(text, e):
            continue  # "Military Operations Directorate": a name
        if trigger_class.name == "PROTEST" and before[-1:] == ["in"] and _PROTEST_REASON.match(low, e):
            continue  # "stopped in protest against the fence": a reason given, not a protest held
        if trigger_class.name == "PROTEST" and (
            _VIOLENCE_AFTER.match(low, e)
            or (_TARGET_BEFORE.search(low, max(start, s - 40), s) and any(k in VIOLENT for k, _, _, _ in found))
        ):
            continue  # "a rally bombing", "a blast at a political rally": the gathering was the target
        if trigger_class.type in VIOLENT and (
            marker_before(before, _AGGREGATES, 2) is not None
            or (
                # a plural event noun ("attacks", "attacks on"), not a verb's object ("fired rockets")
                ((low[e - 1] == "s" and not _VERB_FIRST.match(low, s)) or _PLURAL_WORD.match(low, s) is not None)
                and (
                    any(_MANY.fullmatch(w) or w in _FREQUENCY for w in before[-2:])
                    or (any(w in _UNDERGONE for w in before[-5:]) and not _ON_A_DAY_AFTER.match(low, e))
                    or _PERIOD_AFTER.search(low, e, min(clause[1], e + 60))
                )
            )
        ):
            # "a series of operations", "27 attacks", "recent attacks", "attacks in recent months": many
            # events, not one
            continue
        if (
            trigger_class.name != "KILL"
            and _FUTURE_LAST_WORD.search(low, e, min(clause[1], e + 160))
            and _FUTURE_AFTER.match(low, e, clause[1])
        ):
            continue  # "talks will be held next week": planned, not done
        if trigger_class.type is None and any(word in low[s:e] for word in vocab.DISCOVERY_WORDS):
            kind = type_by_roles(low, (s, clause[1]), s, e)  # the finder of the dead is not their killer
        else:
            kind = trigger_class.type or type_by_roles(low, clause, s, e)
        if trigger_class.type is None and earlier_type and before and before[-1] in ("the", "this"):
            if not _roles_named(low[clause[0] : clause[1]]):
                kind = earlier_type
        if trigger_class.name == "STATE_FIRE":
            kind = _fire_type(low, clause, s)
        elif kind == "attack" and trigger_class.type == "attack" and _both_states_only(low, clause):
            kind = "clash"  # "Afghan forces opened fire on Pakistani posts": the two states' forces
        elif kind == "operation" and _ON_MIGRANTS.match(low, e, clause[1]):
            kind = "deportation"  # "a crackdown on undocumented migrants": a deportation drive
        if any(
            k == kind and abs(s - a) < 40 and not _SEQUENCE.search(low, min(s, a), max(s, a)) for k, a, _, _ in found
        ):
            continue  # the same event named twice in a breath (not "the attack came a day after gunmen killed")
        found.append((kind, s, e, trigger_class.name))
    return sorted(found, key=lambda t: t[1])


def _located(text: str, mentions: list[Mention], dateline: tuple[int, int]) -> tuple[list[Mention], list[int]]:
    """The resolved locative mentions outside the dateline, in text order, and their offsets; not
    the place of a source ("officials in Kabul said")."""
    located = sorted(
        (
            m
            for m in mentions
            if m.place is not None
            and m.locative
            and not dateline[0] <= m.start < dateline[1]
            and not _source_place(text, m)
        ),
        key=lambda m: m.start,
    )
    return located, [m.start for m in located]


def _source_place(text: str, mention: Mention) -> bool:
    return bool(  # the anchored test first: most places are followed by no verb of saying
        _SOURCE_AFTER.match(text, mention.end)
        and _SOURCE_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    )


def _date_owner(trigger_starts: list[int], when: EventDate | Mention) -> int:
    """The trigger a date (or place) of its clause belongs to: the nearest before it, else the nearest after."""
    before = [t for t in trigger_starts if t <= when.start]
    return max(before) if before else min(trigger_starts)


def _clause_local(items: list, offset, clause: tuple[int, int], others: set[tuple[int, int]]) -> list:
    """The items of the trigger's own clause; failing that, those of the sentence outside the
    clauses of other events."""
    inside = [x for x in items if clause[0] <= offset(x) < clause[1]]
    if inside:
        return inside
    return [x for x in items if not any(a <= offset(x) < b for a, b in others)]


def _has_between(offsets: list[int], start: int, end: int) -> bool:
    """Whether the sorted ``offsets`` hold one in [start, end)."""
    at = bisect.bisect_left(offsets, start)
    return at < len(offsets) and offsets[at] < end


def _in_span(items: list, span: tuple[int, int]) -> bool:
    return any(span[0] <= x.start < span[1] for x in items)


_ORIGIN = re.compile(r"\b(?:residents?|natives?|hail(?:s|ed|ing)?|belong(?:s|ed|ing)?|resident)\s+(?:of|from|to)\s+$")


def _has_locative_preposition(text: str, mention: Mention) -> bool:
    # No cache: one keyed on id(text) returned stale answers once a freed text's address was reused.
    if _ORIGIN.search(text, max(0, mention.start - 30), mention.start):
        return False  # "a resident of Karachi": where a person is from, not where it happened
    return bool(LOCATIVE_PREPOSITION.search(text, max(0, mention.start - 60), mention.start))


# a country or province is a venue only when the talks are said to be held in it, not about it
_VENUE_BEFORE = re.compile(r"\b(?:in|inside)\s+(?:the\s+)?$")
# "a delegation from Quetta held talks", "elders of a tribe in Bajaur held
# talks": where the participants come from, not where they met
# "talks on the closure of Torkham", "to discuss trade through Chaman": what the talks are about, not
# where they were held (a date after "on" is no topic; "in Kabul" after the topic is still the venue)
_NOT_DATE = r"(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+\d|\d))"
_NOT_LOCATIVE = r"(?!(?:in|at|inside|near|on|from)\s)"
_TOPIC_BEFORE = re.compile(
    rf"^[\w'’-]+\s+(?:on\s+{_NOT_DATE}[^,;.()]{{0,60}}?\b(?:of|at|through|across|via)"
    rf"|(?:(?:over|about|regarding)\s+)?(?:{_NOT_LOCATIVE}[\w'’-]+\s+){{1,4}}?(?:of|through|across|via))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ROUTE_END_BEFORE = re.compile(r"\b(?:from|to|for|towards)\s+(?:the\s+)?$")
_JOURNEY = re.compile(vocab.words_pattern(vocab.JOURNEY_WORDS))


def _route_end(text: str, m: Mention) -> bool:
    """Whether ``m`` ends a journey told in its clause ("a van bound for Tank from Kulachi")."""
    low = text[max(0, m.start - 80) : m.start].lower()
    if not _ROUTE_END_BEFORE.search(low):
        return False
    punctuation = _UP_TO_LAST_PUNCTUATION.match(low)
    return _JOURNEY.search(low, punctuation.end() if punctuation else 0) is not None


_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:the\s+)?$|\b(?:" + "|".join(vocab.PARTICIPANT_NOUNS) + r")\s+"
    r"(?:of\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3})?(?:in|of)\s+(?:the\s+)?$"
)
_GRIEVANCE_BETWEEN = re.compile(vocab.words_pattern(vocab.ABOUT_WORDS))
_CONTAINER_BEFORE = re.compile(r"['’]s\s+$")  # "Afghanistan's Kunar province"
_CONTAINER_AFTER = re.compile(r",\s*$")  # "Barmal, Paktika"


def _without_containers(text: str, places: list[Mention]) -> list[Mention]:
    """Drop a place named only to situate another ("Afghanistan's Kunar province", "Wana, South
    Waziristan"): it qualifies the finer place beside it and is not where the event was."""
    ordered = sorted(places, key=lambda m: m.start)
    containers = set()
    for a, b in itertools.pairwise(ordered):
        between = text[a.end : b.start]
        if len(between) > 4:
            continue
        rank_a, rank_b = _SPECIFICITY.get(a.place.kind, 6), _SPECIFICITY.get(b.place.kind, 6)
        if _CONTAINER_BEFORE.fullmatch(between) and rank_a > rank_b:
            containers.add(id(a))
        elif _CONTAINER_AFTER.fullmatch(between) and rank_b > rank_a:
            containers.add(id(b))
    kept = [m for m in places if id(m) not in containers]
    return kept or places


# "Pezu area of Lakki Marwat", "Kot Azam village in Tank", "Pezu, Lakki Marwat", "X (Tank)": the name, then its unit
_LOCALITY_THEN_UNIT = re.compile(
    r"(?:\s+(?:" + "|".join(vocab.LOCALITY_NOUNS) + r"))?(?:\s*,\s*|\s*\(\s*|\s+(?:of|in|near)\s+(?:the\s+)?)",
    re.IGNORECASE,
)
_UNIT_THEN_LOCALITY = re.compile(r"['’]s\s+(?:the\s+)?")  # "Lakki Marwat's Pezu area"
_CONTAINING_KINDS = frozenset({"village", "town", "city", "other", "tehsil", "district", "province"})


def _unlisted_localities(text: str, mentions: list[Mention], located: list[Mention]) -> dict[int, Place]:
    """Per start of a resolved mention, the place it is the unit of: a locality the gazetteer lacks,
    named beside it ("the Pezu area of Lakki Marwat"). It keeps its own name and takes the unit's
    point and admin units, at the unit's precision (never finer than near a point): the text says
    where it lies, not its coordinates."""
    unlisted = [m for m in mentions if m.place is None and m.text[:1].isupper()]
    if not unlisted:
        return {}
    out: dict[int, Place] = {}
    starts = [m.start for m in located]
    for name in unlisted:
        at = bisect.bisect_left(starts, name.end)  # the unit right after the name
        unit = located[at] if at < len(located) else None
        if unit is None or not _LOCALITY_THEN_UNIT.fullmatch(text, name.end, unit.start):
            unit = located[at - 1] if at > 0 else None  # else right before it ("Tank's Pezu area")
            if unit is None or unit.end > name.start or not _UNIT_THEN_LOCALITY.fullmatch(text, unit.end, name.start):
                continue
        container = unit.place
        if container.kind not in _CONTAINING_KINDS:
            continue
        out[unit.start] = Place(
            id=f"unlisted:{normalize_name(name.text).replace(' ', '-')}@{container.id}",
            name=name.text,
            kind="other",
            country=container.country,
            lat=container.lat,
            lon=container.lon,
            precision=max(container.precision, GeoPrecision.NEAR),
            source=f"not in the gazetteer: at the point of {container.name} ({container.kind}), its unit in the text",
            admin1=container.admin1 or (container.name if container.kind == "province" else None),
            admin2=container.admin2 or (container.name if container.kind == "district" else None),
            admin3=container.admin3 or (container.name if container.kind == "tehsil" else None),
        )
    return out


@cache
def _crossings_by_unit() -> dict[str, tuple[Place, ...]]:
    """The crossings of each town (by the crossing's "Chaman crossing" alias) and district."""
    out: dict[str, dict[str, Place]] = {}
    for place in load_gazetteer().places:
        if place.kind != "crossing":
            continue
        for alias in place.aliases:
            key = normalize_name(alias)
            tail = next((t for t in (" border crossing", " crossing", " border") if key.endswith(t)), None)
            if tail is not None and key[: -len(tail)] != normalize_name(place.name):
                out.setdefault(key[: -len(tail)], {})[place.id] = place
        if place.admin2:
            out.setdefault(normalize_name(place.admin2), {})[place.id] = place
    return {k: tuple(v.values()) for k, v in out.items()}


def _crossing_of(place: Place) -> Place | None:
    """The one crossing of a town or district, if it has exactly one."""
    if place.kind not in ("city", "town", "village", "district"):
        return None
    crossings = _crossings_by_unit().get(normalize_name(place.name), ())
    return crossings[0] if len(crossings) == 1 else None


def _best_place(
    text: str, places: list[Mention], kind: str, trigger_start: int, trigger_class: str = ""
) -> Place | None:
    """The place of an event: a crossing for a closure; else a place the text puts it in ('in X'),
    near the trigger, the most specific first. Talks and diplomatic events need a named venue."""
    locative: dict[int, bool] = {}  # per mention start, for this call only: the venue test and the rank both ask

    def has_locative(m: Mention) -> bool:
        if m.start not in locative:
            locative[m.start] = _has_locative_preposition(text, m)
        return locative[m.start]

    if kind in ("closure", "reopening"):
        at_crossing = [m for m in places if m.place.kind in ("crossing", "border")]
        if not at_crossing:
            # "trade through Chaman", "the Khyber border": a town or district with one crossing
            served = {c.id: c for m in places if (c := _crossing_of(m.place)) is not None}
            if len(served) == 1:
                return next(iter(served.values()))
        places = at_crossing  # else the article's crossing
    elif kind == "protest":
        # "a protest in Quetta against the closure of Torkham": the grievance names no venue
        places = [m for m in places if not _GRIEVANCE_BETWEEN.search(text, trigger_start, max(trigger_start, m.start))]
    elif kind == "deportation":
        # sent back "through Torkham to Afghanistan": the crossing is where it happened
        places = [m for m in places if m.place.kind == "crossing"] or places
    else:
        places = [m for m in places if not _route_end(text, m)]
    if trigger_class in VENUE_CLASSES:
        places = [
            m
            for m in places
            if not text.startswith(("'s ", "’s "), m.end)  # "Islamabad's demand": a government, not a venue
            # "summoned the envoy over the attack in Chitral": where the grievance was, not the venue
            and not (
                m.start > trigger_start
                and (
                    _GRIEVANCE_BETWEEN.search(text, trigger_start, m.start)
                    or _TOPIC_BEFORE.match(text[trigger_start : m.start])
                )
            )
            and (
                _VENUE_BEFORE.search(text, max(0, m.start - 12), m.start)
                if m.place.kind in ("country", "province")
                else has_locative(m) and not _FROM_BEFORE.search(text, max(0, m.start - 60), m.start)
            )
        ]
    if len(places) < 2:
        return places[0].place if places else None
    places = _without_containers(text, places)

    def rank(m: Mention) -> tuple[int, int, int, int]:
        specificity = _SPECIFICITY.get(m.place.kind, 6)
        if kind in ("closure", "reopening") and m.place.kind == "crossing":
            return (-1, 0, 0, m.start)
        near = abs(m.start - trigger_start) // 80
        return (0 if has_locative(m) else 1, near, specificity, m.start)

    return min(places, key=rank).place


def _compatible_places(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.id == b.id:
        return True
    if "country" in (a.kind, b.kind) or "border" in (a.kind, b.kind):
        return True  # a country or the border is too vague to tell two events apart
    # 'Upper South Waziristan' lies in the South Waziristan the press still names
    names_a = {former_district(n) for n in (a.name, a.admin1, a.admin2) if n}
    names_b = {former_district(n) for n in (b.name, b.admin1, b.admin2) if n}
    return former_district(a.name) in names_b or former_district(b.name) in names_a


def _compatible_dates(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None or a.reported or b.reported:
        return True
    if DatePrecision.WEEK in (a.precision, b.precision) and a.day is not None and b.day is not None:
        return abs((a.day - b.day).days) <= 6  # "earlier this week" and "on Tuesday" can be one day
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _first(dates: list[EventDate], trigger_start: int = 0) -> EventDate | None:
    """The most precise resolved date of a clause, the nearest to the event word among equals
    ("agreed on Monday to reopen the crossing, shut since Wednesday": Wednesday dates the closure);
    its first when all are unresolved."""
    dated = [d for d in dates if d.date is not None and not d.reported] or [d for d in dates if d.date is not None]
    if dated:
        return min(dated, key=lambda d: (DATE_PRECISION_RANK.get(d.precision, 4), abs(d.start - trigger_start)))
    return dates[0] if dates else None


_WORD = re.compile(r"\S+")


def _evidence(text: str, sentence: tuple[int, int], trigger_start: int) -> tuple[int, int]:
    """A quote of at most 25 words from the sentence, around the trigger."""
    chunk = text[sentence[0] : sentence[1]]
    count = len(chunk.split())
    if count <= MAX_EVIDENCE_WORDS:  # the whole sentence, blanks trimmed
        return sentence[0] + len(chunk) - len(chunk.lstrip()), sentence[0] + len(chunk.rstrip())
    before = text[sentence[0] : trigger_start]
    at = len(before.split()) - (1 if before and not before[-1].isspace() else 0)  # the trigger's word
    first = max(0, min(at - 8, count - MAX_EVIDENCE_WORDS))
    quote = [m.span() for m in itertools.islice(_WORD.finditer(chunk), first, first + MAX_EVIDENCE_WORDS)]
    return sentence[0] + quote[0][0], sentence[0] + quote[-1][1]


@dataclass(frozen=True)
class _Figure:
    """One casualty figure of the text: where it stands, how many, of what kind, and whether attackers."""

    start: int
    end: int
    value: int
    attackers: bool  # the victims named are attackers ("five militants were killed"): a toll of its own
    kind: str  # "killed", "injured", "missing" or "abducted"
    additive: bool = False  # "two more were additionally killed": adds to the others
    claimed: bool = False  # "the Taliban claimed that 19 soldiers were killed": one side's claim
    update: bool = False  # "the death toll rose to 12": replaces an earlier figure of the event
    high: int | None = None  # the high end of a range ("seven to eight killed": 8); None when none
    attacker_part: int = 0  # how many of ``value`` the text names as attackers ("two soldiers and three militants")
    part: bool = False  # a named victim, "two children were among the dead": often some of a toll given apart

    @property
    def injured(self) -> bool:
        return self.kind == "injured"

    @property
    def death(self) -> bool:
        """A count of the dead: what an event's death toll is made of."""
        return self.kind == "killed"


TAKEN = ("missing", "abducted")  # people missing or taken: not deaths
_KINDS = (("killed", KILLED), ("injured", INJURED), ("missing", MISSING), ("abducted", ABDUCTED))
_CORES = {_HEADLINE_VICTIM: _HEADLINE_CORE}  # a pattern with no match of its core in a sentence has none there
# each pattern with the set of its needed words, tested against the words one scan finds in a sentence
_KINDS_NEEDING = tuple(
    (kind, tuple((pattern, frozenset(words), _CORES.get(pattern)) for pattern, words in patterns))
    for kind, patterns in _KINDS
)
_CASUALTY_STEM_SET = frozenset(CASUALTY_STEMS)
_TAKEN_STEM_SET = frozenset(TAKEN_STEMS)


@cache
def _figure_word_automaton() -> ahocorasick.Automaton:
    """Every stem and needed word of the figure patterns: one scan tells which a sentence holds
    (as substrings, as ``in`` tests would)."""
    automaton = ahocorasick.Automaton()
    needed = {w for _, patterns in _KINDS for _, words in patterns for w in words}
    for word in {*CASUALTY_STEMS, *TAKEN_STEMS, *needed}:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


# patterns whose victims come before the verb: a figure before them joined by "and" is summed
_SUMS_BEFORE = frozenset([*_VICTIM_FIRST, INJURED[0][0], INJURED[2][0], MISSING[0][0], ABDUCTED[0][0]])
# ... and those that name them before it
_NAMES_BEFORE = frozenset([*_VICTIM_FIRST, INJURED[2][0], MISSING[0][0], ABDUCTED[0][0]])


_FOLLOWING = re.compile(r"[^;,.:()]{0,40}")
_PERSON_RE = re.compile(_PERSON)
# "two more were killed" adds; "more than 500" is a bound, not more dead
_ADDITIVE = re.compile(r"\b(?:additionally|further|another|more(?!\s+than))\b", re.IGNORECASE)


_SAID = re.compile(vocab.words_pattern(vocab.REPORTING_VERBS))
_SIDE_SPEAKERS = {side: re.compile(vocab.words_pattern(words)) for side, words in vocab.SIDE_SPEAKERS.items()}
_SIDE_VICTIMS = {side: re.compile(vocab.words_pattern(words)) for side, words in vocab.SIDE_VICTIMS.items()}


def _told_by_the_other_side(low: str, start: int, at: int, victims: str) -> bool:
    """Whether a figure is one side's word on the other's losses ("the Taliban's spokesman said 15
    Pakistani soldiers had been killed"): a claim, used only when no other figure is given."""
    said = list(_SAID.finditer(low, start, at))
    if not said:
        return False
    speaker = low[start : said[-1].start()]
    speakers = {side for side, words in _SIDE_SPEAKERS.items() if words.search(speaker)}
    named = {side for side, words in _SIDE_VICTIMS.items() if words.search(victims)}
    return len(speakers) == 1 and len(named) == 1 and speakers != named


def casualty_figures(
    text: str, start: int, end: int, low: str | None = None, clauses: list[tuple[int, int]] | None = None
) -> list[_Figure]:
    """Every 'N killed' / 'killing N' / 'N injured' / 'N missing' / 'abducted N' figure of ``text[start:end]``.

    A range ('seven to eight') gives its lower bound as the value and its upper one as ``high``;
    'a woman and nine children' sums its parts; 'eleven people, among them four boys' is 11, not
    15 (and 'among them four militants' tells the attackers among the 11). ``low`` is
    ``lowered(text)``, and ``clauses`` ``clauses_of(text, (start, end))``, when the caller has them.
    """
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []
    low = lowered(text) if low is None else low
    present = {word for _, word in _figure_word_automaton().iter(low, start, end)}
    tolls = not present.isdisjoint(_CASUALTY_STEM_SET)
    if not tolls and present.isdisjoint(_TAKEN_STEM_SET):
        return out
    for kind, patterns in _KINDS_NEEDING:
        if kind in ("killed", "injured") and not tolls:
            continue
        for pattern, words, core in patterns:
            if present.isdisjoint(words) or (core is not None and core.search(low, start, end) is None):
                continue
            for match in pattern.finditer(text if pattern in _NAMED else low, start, end):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                if _AGE_BEFORE.search(low, max(start, match.start() - 40), match.start()):
                    continue  # "a boy aged 12 was killed": an age, not a count (a later pattern reads "a boy")
                taken.append(match.span())
                if low.endswith(("no ", "not "), start, match.start()):
                    continue  # "no one was hurt": nobody
                if (
                    "aux" in pattern.groupindex
                    and match.group("aux") == "were"
                    and not low.endswith("and ", 0, match.start())
                ):
                    continue  # "a number of people were killed": no count
                before_words = words_before(low, start, match.start())  # read by two marker tests
                if marker_before(before_words, _SUBSETS, 0) is not None:
                    continue  # "ten people, including two children": a part of a figure already counted
                if kind == "killed" and low.startswith("left", match.start()) and _LEFT_HURT.match(low, match.end()):
                    continue  # "the blast left five injured": not dead
                if (
                    _NEGATED.search(low, match.start(), match.end())
                    or _NONE_OF_BEFORE.search(low, max(start, match.start() - 20), match.start())
                    or marker_before(before_words, _NEGATORS, 1) is not None
                ):
                    continue  # "two guards were not abducted", "none of the five is missing"
                if clauses is None:
                    clauses = clauses_of(text, (start, end))
                if _total_over_time(low, _clause_of(clauses, match.start()), match.end()):
                    continue  # "killed 300 people this year": a total over time, not this event's toll
                phrase = text[match.start() : match.end()]
                count = "n" if match.groupdict().get("n") is not None else "a"
                if pattern is _HEADLINE_VICTIM:
                    if low[start : match.start()].strip(" •*-–\n\t"):
                        continue  # only at the head of a headline or bullet
                    value = 1
                elif pattern in _NAMED:
                    if not _NOT_NAME_WORDS.isdisjoint(low[match.start("name") : match.end("name")].split()):
                        continue  # "killed Afghan Taliban": a side, not a person
                    value = 1  # a named victim
                else:
                    value = number_value(text[match.start(count) : match.end(count)])
                following = _FOLLOWING.match(text, match.end(), min(end, match.end() + 40)).group()
                # "five soldiers were killed" names its victims; "killing five militants" after
                victims = phrase if pattern in _NAMES_BEFORE else phrase + following
                if any(w in vocab.PERSON_ONLY_HEADS for w in phrase.lower().split()):
                    if not _PERSON_RE.search(victims.lower()):
                        continue  # "seized two trucks": things, not people
                # the parts of the figure (value, the words naming them): whose deaths are the attackers'
                named_before = pattern in _NAMES_BEFORE and pattern is not _HEADLINE_VICTIM
                words = low[match.end(count) : match.end()] if named_before else _words_after(low, match.end())
                parts = [(value, words)]
                spread = 0  # high end minus low end of a stated range
                if count == "n" and kind == "killed":
                    stated = _RANGE_AFTER.match(low, match.end("n"))
                    if stated and number_value(stated.group("n")) > value:
                        spread = number_value(stated.group("n")) - value
                more = (
                    _AND_MORE_AFTER.match(text, match.end(), end)
                    or _ALONG_WITH_AFTER.match(text, match.end(), end)
                    or (_AND_MORE_RIGHT_AFTER.match(text, match.end(), end) if pattern in _NAMED else None)
                )
                if more and kind in ("killed", "abducted"):
                    extra = number_value(more.group("n"))
                    value += extra
                    if pattern not in _NAMES_BEFORE:  # "killing five militants and two soldiers"
                        parts = [(parts[0][0], low[match.end() : more.start("n")])]
                    parts.append((extra, _words_after(low, more.end("n"))))
                between = _BETWEEN_BEFORE.search(low, max(start, match.start() - 40), match.start())
                if between or match.groupdict().get("lo"):
                    # "between eight and ten were killed", "injuring between 10 and 12": the low end
                    lowest = number_value(between.group("n") if between else match.group("lo"))
                    if lowest < value:
                        spread, value = value - lowest, lowest
                        parts = [(value, parts[0][1])]
                before = _AND_MORE_BEFORE.search(text, max(start, match.start() - 40), match.start())
                if before is None and pattern in _SUMS_BEFORE:
                    # "a constable and five militants were killed": one more, when the list opens its clause
                    one = _AND_ONE_BEFORE.search(text, max(start, match.start() - 40), match.start())
                    if one and not text[start : one.start()].strip(" \t\n•*-–—:;,"):
                        before = one
                if before and pattern in _SUMS_BEFORE and not _OTHER_HEAD.search(before.group()):
                    # "a woman and nine children were killed" sums; in "killed two and wounded five"
                    # the two are the object of another verb
                    value += number_value(before.group("n"))
                    parts.append((number_value(before.group("n")), low[before.end("n") : before.end()]))
                attackers = bool(ATTACKER_NOUNS.search(victims))
                attacker_part = _attacker_part(parts) if kind == "killed" else 0
                if kind == "killed" and not attacker_part:
                    subset = _SUBSET_AFTER.match(low, match.end(), end)
                    if subset and _ATTACKERS_NAMED.search(subset.group("noun")):
                        attacker_part = number_value(subset.group("n"))  # "including three militants"
                additive = bool(_ADDITIVE.search(phrase)) or pattern is _DIED_OF_WOUNDS
                claimed = bool(CLAIMED.search(text, max(start, match.start() - 50), match.start()))
                claimed = claimed or _told_by_the_other_side(low, start, match.start(), victims.lower())
                out.append(
                    _Figure(
                        match.start(),
                        match.end(),
                        value,
                        attackers,
                        kind,
                        additive,
                        claimed,
                        "toll" in phrase.lower(),
                        value + spread if spread else None,
                        min(attacker_part, value),
                        pattern in _PARTS,
                    )
                )
    return out


_AGE_BEFORE = re.compile(r"\b(?:aged|ages? of)\s+(?:between\s+\S+\s+and\s+|from\s+\S+\s+to\s+)?$")
_OWN_ASIDE = re.compile(_ASIDE_WORDS)  # ", including two children, ": still the figure's words


def _total_over_time(low: str, clause: tuple[int, int], end: int) -> bool:
    """Whether the figure ending at ``end`` is a total over time or over several events: a total
    marker in its clause, but after the figure only up to a comma that opens no aside of its own
    ("killed two soldiers, the third attack this year": the year counts attacks), and never past a
    remark on a series ("amid a wave of attacks")."""
    opener = _SERIES_OPENER.search(low, end, clause[1])
    stop = opener.start() if opener else clause[1]
    if _SEVERAL_INCIDENTS.search(low, clause[0], stop):
        return True  # "five were killed, in separate incidents": a toll of several events
    at = end
    while (comma := low.find(",", at, stop)) >= 0:
        aside = _OWN_ASIDE.match(low, comma, stop)
        if aside is None:
            stop = comma
            break
        at = aside.end()
    return _TOTAL.search(low, clause[0], stop) is not None


def _words_after(low: str, at: int) -> str:
    return _NOUN_PHRASE.match(low, at).group()


def _attacker_part(parts: list[tuple[int, str]]) -> int:
    """How many of a figure's parts (count, words naming them) are attackers; 'a leader and three
    other militants' makes the leader one too."""
    named = [bool(_ATTACKERS_NAMED.search(words)) for _, words in parts]
    if any(n and words.split()[:1] in (["other"], ["others"]) for n, (_, words) in zip(named, parts, strict=True)):
        return sum(v for v, _ in parts)
    return sum(v for n, (v, _) in zip(named, parts, strict=True) if n)


@dataclass(frozen=True)
class _Casualties:
    """What one incident's figures add up to; None where the text gives no figure."""

    fatalities: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    attackers_killed: int | None = None
    missing: int | None = None
    abducted: int | None = None


def _casualties(text: str, figures: list[_Figure], spans: list[tuple[int, int]]) -> _Casualties:
    """Deaths (attackers included; the highest figure per group, groups added), the high end of a
    stated range, the attackers among the dead, and the injured, missing and abducted (the highest
    figure of each). A side's claim counts only when no other figure of its kind is given."""

    def told(kind: str) -> list[_Figure]:
        return [f for f in figures if f.kind == kind and not f.claimed] or [f for f in figures if f.kind == kind]

    deaths = told("killed")
    # a victim told by name, or "two children were among the dead", is some of the dead a count
    # gives ("four were killed … commander X was killed"): counted only when no count is
    deaths = [f for f in deaths if not f.part] or deaths
    injured = [f for f in figures if f.injured]
    injured_total = max((f.value for f in injured), default=None)
    missing = max((f.value for f in told("missing")), default=None)
    abducted = max((f.value for f in told("abducted")), default=None)
    named = [f for f in told("killed") if f.attacker_part]  # "two militants were among the dead" too
    attackers = None
    if named:
        attackers = max((f.attacker_part for f in named if not f.additive), default=0)
        attackers += sum(f.attacker_part for f in named if f.additive)
    updates = [f for f in deaths if f.update]
    if updates:
        # "the toll rose to 14": it counts the deaths told before
        low, high = max(f.value for f in updates), max(f.high or f.value for f in updates)
    elif deaths:
        lows: dict[bool, int] = {}
        highs: dict[bool, int] = {}
        for f in deaths:
            if not f.additive:
                lows[f.attackers] = max(lows.get(f.attackers, 0), f.value)
                highs[f.attackers] = max(highs.get(f.attackers, 0), f.high or f.value)
        low = sum(lows.values()) + sum(f.value for f in deaths if f.additive)
        high = sum(highs.values()) + sum(f.high or f.value for f in deaths if f.additive)
    elif injured or any(_no_deaths(text, s, e) for s, e in spans):  # the cheap test first
        low, high = 0, 0  # the text reports no deaths, or only injuries
    else:
        low = high = None
    return _Casualties(
        fatalities=low,
        fatalities_high=high if low is not None and high is not None and high > low else None,
        injured=injured_total,
        attackers_killed=None if attackers is None else min(attackers, low) if low is not None else attackers,
        missing=missing,
        abducted=abducted,
    )


def actor_mentions(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, str]]:
    """(offset, normalised actor) for every actor of the curated list in ``text`` (or in ``spans``)."""
    hits = []
    automaton = _actor_automaton()
    for start, end in spans if spans is not None else [(0, len(text))]:
        low = text[start:end].lower().replace("’", "'")
        taken_end = -1
        for last, (length, name) in sorted(automaton.iter(low), key=lambda m: (m[0] - m[1][0], -m[1][0])):
            first = last - length + 1
            if first <= taken_end:
                continue  # nested in a longer phrase: "afghan taliban forces", not "afghan taliban"
            if (first > 0 and low[first - 1].isalnum()) or (last + 1 < len(low) and low[last + 1].isalnum()):
                continue
            hits.append((start + first, name))
            taken_end = last
    return sorted(hits)


def _actors(hits: list[tuple[int, str]], spans: list[tuple[int, int]]) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for start, end in spans:
        for k in range(bisect.bisect_left(hits, (start, "")), len(hits)):  # no slice: a copy per span
            offset, name = hits[k]
            if offset >= end:
                break
            found.setdefault(name, offset)
    return tuple(sorted(found, key=found.__getitem__))


def _role(event_date: EventDate | None, published: date | None) -> str:
    if event_date is None or event_date.date is None or published is None:
        return "main"
    day = event_date.day
    if event_date.precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        same_period = event_date.date == published.isoformat()[: len(event_date.date)]
        return "main" if same_period else "background"
    return "background" if day is not None and published - day > timedelta(days=BACKGROUND_DAYS) else "main"


def incident_id(article_id: str, kind: str, trigger_start: int) -> str:
    """Stable id of one article's incident: the same article always gives the same ids.

    Keyed on the offset of the words that name the event, which no two incidents share (two
    incidents of one short sentence may share its whole text as their quote).
    """
    digest = hashlib.sha1(f"{article_id}|{kind}|{trigger_start}".encode()).hexdigest()[:12]
    return f"inc-{digest}"


def extract_incidents(article: Article, mentions: list[Mention]) -> list[Incident]:
    """Every incident the article reports, one per real event: type, date, place, figures, quote."""
    text = article.text
    if (filed := filed_day(text, article.published)) is not None and filed != article.published:
        article = replace(article, published=filed)  # a wire report's "on Tuesday" counts from its dateline
    dateline = dateline_span(text)
    candidates: list[_Candidate] = []
    body = [(max(s, article.body_start), e) for s, e in sentences_of(text) if e > article.body_start]
    low = lowered(text)
    located, starts = _located(text, mentions, dateline)
    hits = trigger_hits(low)
    hit_starts = [h[0] for h in hits]
    last_of_type: dict[str, _Candidate] = {}  # the latest event of each type, for "the attack"
    # one scan (Aho-Corasick, 3x a regex alternation): sentences without a casualty stem skip the figures
    casualty_at = sorted(end - size + 1 for end, size in _casualty_automaton().iter(low))
    for index, sentence in enumerate(body):
        in_sentence = hits[bisect.bisect_left(hit_starts, sentence[0]) : bisect.bisect_left(hit_starts, sentence[1])]
        recent = [c for c in candidates[-6:] if c.type in VIOLENT and index - c.index <= 2]
        if not in_sentence and not recent:
            continue  # no event word, and no event just told for a figure to belong to
        clauses = clauses_of(text, sentence) if in_sentence else [sentence]
        triggers = []
        if in_sentence:
            earlier_type = recent[-1].type if recent else None
            crossing_told = any(c.type in ("closure", "reopening") and index - c.index <= 2 for c in candidates[-4:])
            crossing_named = any(
                m.place.kind == "crossing"
                for m in located[bisect.bisect_left(starts, sentence[0]) : bisect.bisect_left(starts, sentence[1])]
            )
            triggers = _triggers(text, low, sentence, in_sentence, clauses, earlier_type, crossing_told, crossing_named)
        counted = (triggers or recent) and _has_between(casualty_at, *sentence)
        figures = (
            casualty_figures(text, *sentence, low=low, clauses=clauses if in_sentence else None) if counted else []
        )
        new = []
        toll_of: _Candidate | None = None  # the attack told before whose doers this sentence's killing names
        if triggers:
            at = sentence[0]  # the sentence's dates, moved to offsets of the whole text
            dates = [
                EventDate(d.date, d.precision, d.expression, d.start + at, d.end + at, d.note, d.reported)
                for d in find_event_dates(text[at : sentence[1]], article.published)
                # "agreed to reopen the crossing from Friday": the day of what is planned, no one's event
                if not _planned_for(low, max(at, d.start + at - 90), d.start + at)
            ]
            places = located[bisect.bisect_left(starts, sentence[0]) : bisect.bisect_left(starts, sentence[1])]
            clause_at = {s: _clause_of(clauses, s) for _, s, _, _ in triggers}
            own = set(clause_at.values())
            # a date of a clause with two events goes to the nearest before it ("the rally followed an
            # attack earlier in the week": the week dates the attack)
            date_clauses = [_clause_of(clauses, d.start) for d in dates]
            date_owners = [
                _date_owner([t for t, c in clause_at.items() if c == dc], d) if dc in own else None
                for d, dc in zip(dates, date_clauses, strict=True)
            ]
            for kind, s, e, name in triggers:
                clause = clause_at[s]
                others = own - {clause}
                cand_places = _clause_local(places, lambda m: m.start, clause, others)
                sharers = [t for t, c in clause_at.items() if c == clause]
                if len(sharers) > 1:
                    # two events in one clause ("a demarche in Islamabad over the killing of six soldiers
                    # in Kurram"): each takes the places after it, before the next
                    owned = [m for m in cand_places if clause[0] <= m.start < clause[1]]
                    mine = [m for m in owned if _date_owner(sharers, m) == s]
                    # a place of the clause another event owns is not this one's ("summoned the envoy
                    # over the killing of four soldiers in Kurram": the summons was not in Kurram)
                    cand_places = mine if owned else cand_places
                nearest = [
                    d for d, dc, o in zip(dates, date_clauses, date_owners, strict=True) if dc != clause or o == s
                ]
                cand_dates = _clause_local(nearest, lambda d: d.start, clause, others)
                # a country is too vague to tell an event of its own ("but Pakistan has not confirmed it")
                own_details = _in_span([m for m in cand_places if m.place.kind != "country"], clause) or _in_span(
                    cand_dates, clause
                )
                if name == "KILL" and recent and not own_details:
                    continue  # "Two soldiers were killed." after an attack: that attack's toll
                if (
                    name == "KILL"
                    and "attack" in last_of_type
                    and not own_details
                    and _ATTACK_DOERS.search(low, *clause)
                ):
                    toll_of = last_of_type["attack"]  # "Three attackers were also killed." later on
                    continue
                if (
                    kind in ("clash", "operation")
                    and any(c.type == "attack" for c in recent)
                    and not own_details
                    and (
                        marker_before(words_before(low, clause[0], s), _SUBEVENT, 3) is not None
                        or (
                            _MILITANT.search(low, *clause) is not None  # a fight with the attackers
                            and not any(f.death and clause[0] <= f.start < clause[1] for f in figures)
                        )
                    )
                ):
                    continue  # the ensuing gun battle or follow-up search of an attack is part of it
                cand = _Candidate(kind, s, e, sentence, index, cand_places, cand_dates, [sentence])
                cand.clause, cand.trigger_class = clause, name
                cand.another = _ANOTHER_EVENT.match(low, sentence[0]) is not None
                if low.startswith(("the ", "this "), s) or _DEFINITE.search(low, max(0, s - 6), s):
                    # "the attack", "this operation": the event of that type told before, if any
                    cand.antecedent = last_of_type.get(kind)
                    if cand.antecedent is None and kind in ("clash", "operation"):
                        # "in the exchange of fire" after an attack or a raid: the fight of that event
                        fights = ("attack", "operation") if kind == "clash" else ("attack",)
                        told = [last_of_type[k] for k in fights if k in last_of_type]
                        cand.antecedent = max(told, key=lambda c: c.trigger_start) if told else None
                    elif (
                        cand.antecedent is None and kind == "airstrike" and _BARE_STRIKE.fullmatch(low, s, e) and recent
                    ):
                        cand.antecedent = recent[-1]  # "the strikes" after forces "targeted posts": that event's
                new.append(cand)
        if new:
            candidates += new
            last_of_type.update((c.type, c) for c in new)
        for figure in figures:
            owner = (
                toll_of
                if toll_of is not None and not new
                else _figure_owner(figure, new, candidates, index, low, sentence[0])
            )
            if owner is not None:
                owner.figures.append(figure)
        if counted and not new and not figures and _no_deaths(text, *sentence):
            # "No casualties were reported." after a clash: that clash's toll is nought
            told = next((c for c in reversed(candidates) if c.type in TOLLED and index - c.index <= 1), None)
            if told is not None:
                told.sentences.append(sentence)
    # a killing told without an event word is an event only with a toll of its own; one that refers
    # back ("the killing of the commander on Sunday night") still dates its event
    tolled = [c for c in candidates if c.trigger_class != "KILL" or any(f.death for f in c.figures)]
    if len(tolled) < len(candidates):
        kept = {id(c) for c in tolled}
        for c in candidates:
            if c.antecedent is not None and c.trigger_class == "KILL" and id(c) not in kept:
                _lend_dates(c, c.antecedent)
    candidates = tolled
    localities = _unlisted_localities(text, mentions, located)
    _settle_places_and_dates(
        text, candidates, mentions, article.published, _roundup_date(text, body, article), localities
    )
    _share_sentence_places(candidates)
    _date_closures_by_duration(text, low, candidates, article.published)
    actor_hits = actor_mentions(text, sorted({span for c in candidates for span in c.sentences}))
    merged = _merge(candidates, article.published)
    incidents = []
    for cand in merged:
        if (
            cand.place is None
            and (cand.date is None or cand.date_note == _MONTH_OF_PUBLICATION)
            and cand.type != "talks"
        ):
            continue  # a generic mention ("border clashes have resulted in deaths"): no event to place
        toll = _Casualties() if cand.type == "talks" else _casualties(text, cand.figures, cand.sentences)
        ev_start, ev_end = _evidence(text, cand.sentence, cand.trigger_start)
        when = cand.date
        note = "; ".join(filter(None, [cand.date_note, when.note if when else ""]))
        incident = Incident(
            id=incident_id(article.id, cand.type, cand.trigger_start),
            article_id=article.id,
            type=cand.type,
            evidence=text[ev_start:ev_end],
            evidence_start=ev_start,
            evidence_end=ev_end,
            date=when.date if when else None,
            date_precision=when.precision if when else DatePrecision.UNKNOWN,
            date_note=note,
            place=cand.place,
            fatalities=toll.fatalities,
            injured=toll.injured,
            attackers_killed=toll.attackers_killed,
            fatalities_high=toll.fatalities_high,
            missing=toll.missing,
            abducted=toll.abducted,
            actors=_actors(actor_hits, cand.sentences),
            role=_role(when, article.published),
        )
        incidents.append(incident)
        if cand.type in VIOLENT:
            incidents += _one_per_place(text, cand, incident)
    return incidents


def _lend_dates(mention: _Candidate, event: _Candidate) -> None:
    """A later mention of an event gives it a date of its own when the event has only the day it
    was reported ("said Monday")."""
    own = [d for d in mention.dates if d.date is not None and not d.reported]
    if own and not any(d.date is not None and not d.reported for d in event.dates):
        event.dates = [*event.dates, *own]


_SPLIT = ("fatalities_high", "attackers_killed", "missing", "abducted")
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")


def _one_per_place(text: str, cand: _Candidate, incident: Incident) -> list[Incident]:
    """'Jets struck villages in Khost and Paktia': one event per place, as ACLED codes them. The
    others copy the event; a toll given for all the places together stays with the first."""
    places = sorted((m for m in cand.places if m.place is not None), key=lambda m: m.start)
    first = next((i for i, m in enumerate(places) if m.place == cand.place), None)
    if first is None:
        return []
    extra: list[Incident] = []
    kind = cand.place.kind
    previous = places[first]
    for mention in places[first + 1 :]:
        if mention.place.kind != kind or not _COORDINATION.fullmatch(text, previous.end, mention.start):
            break
        if mention.place.id != cand.place.id and all(e.place.id != mention.place.id for e in extra):
            shared = incident.fatalities if not incident.fatalities else None
            note = "" if shared is not None else "the toll is given for all the places together: see the first"
            extra.append(
                replace(
                    incident,
                    id=incident_id(incident.article_id, f"{cand.type}@{mention.start}", cand.trigger_start),
                    place=mention.place,
                    fatalities=shared,
                    injured=None if incident.injured else incident.injured,
                    **{k: None for k in _SPLIT if getattr(incident, k)},  # as the toll: with the first
                    date_note="; ".join(filter(None, [incident.date_note, note])),
                )
            )
        previous = mention
    return extra


# "a similar attack in Wana", "another blast": an event introduced anew, not one told before
_ANOTHER_EVENT_BEFORE = re.compile(
    r"\b(?:an?|another|one)\s+(?:[\w-]+\s+){0,2}?" + vocab.words_pattern(vocab.EVENT_NOUNS), re.IGNORECASE
)

# "The TTP has killed more than 500 soldiers" after an event: the group's record, not the event's toll
_PERFECT = re.compile(r"\b(?:has|have|had)\b")  # "has killed", "has claimed 200 attacks and killed"
_GROUP = re.compile(vocab.words_pattern((*vocab.MILITANTS, *vocab.GROUP_NOUNS)))


def _figure_owner(
    figure: _Figure,
    in_sentence: list[_Candidate],
    earlier: list[_Candidate],
    index: int,
    low: str = "",
    sentence_start: int | None = None,
) -> _Candidate | None:
    """The incident a casualty figure belongs to: the nearest violent trigger of its sentence
    (one before it preferred), else the latest violent incident of the two sentences before whose
    doers are not the victims' own side ("19 Pakistani soldiers were killed" after "Pakistani
    airstrikes" and an Afghan raid: the raid's)."""
    violent = [c for c in in_sentence if c.type in TOLLED]
    if violent:

        def gap(c: _Candidate) -> float:
            if not c.clause[0] <= figure.start < c.clause[1]:
                return 10_000 + abs(figure.start - c.trigger_start)  # another clause: only if none is nearer
            if c.trigger_end <= figure.start:
                return figure.start - c.trigger_end
            if c.trigger_start >= figure.end:
                return 1.5 * (c.trigger_start - figure.end)  # a trigger after the figure: weaker
            return 0

        return min(violent, key=gap)
    if low and sentence_start is not None and _ANOTHER_EVENT_BEFORE.search(low, sentence_start, figure.start):
        return None  # "Last month, a similar attack in Wana left nine dead": another event's toll
    if (
        low
        and sentence_start is not None
        and _PERFECT.search(low, sentence_start, figure.start)
        and _GROUP.search(low, sentence_start, figure.start)
    ):
        return None  # "The group has killed over 500 people": told without a place or day of its own, a record
    victims = _side_of(low[figure.start : figure.end + 30]) if low else None
    for c in reversed(earlier):
        if index - c.index > 2:
            break
        if c.type in TOLLED and (
            victims is None or _side_of(low[max(0, c.trigger_start - 12) : c.trigger_start]) != victims
        ):
            return c
    return None


def _side_of(words: str) -> str | None:
    """The one side (AF or PK) whose people ``words`` name, if exactly one."""
    sides = [side for side, pattern in _SIDE_VICTIMS.items() if pattern.search(words)]
    return sides[0] if len(sides) == 1 else None


_DURATION_BEFORE = re.compile(  # "after a five-day closure", "following nearly a week-long shutdown"
    r"(?:after|following|ending)\s+(?:almost\s+|nearly\s+|about\s+|over\s+|more\s+than\s+)?(?:an?\s+|the\s+)?"
    rf"(?:(?P<n>\d{{1,3}}|{_NUMBER_WORD})[- ])?(?P<unit>day|week|month)s?"
    r"(?:[- ]long)?\s+(?:[\w-]+\s+)?$"
)
_DURATION_AFTER = re.compile(  # "closed for 12 days", "a closure of more than three weeks"
    r"\s+(?:for|of|lasting)\s+(?:about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?"
    rf"(?P<n>\d{{1,3}}|an?|{_NUMBER_WORD})\s+(?P<unit>day|week|month)s?\b"
)


_CAUSE_BEFORE = re.compile(r"\b(?:following|after|over|due to|because of)\s+(?:[\w'’-]+\s+){0,3}$")


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10}  # fmt: skip
_NTH_DAY = re.compile(
    r"\s+for\s+(?:a|the)\s+(?P<nth>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+"
    r"(?:consecutive\s+|straight\s+|successive\s+|running\s+)?day\b"
)


def _date_closures_by_duration(
    text: str, low: str, candidates: list[_Candidate], published: date | None = None
) -> None:
    """'Reopened on Monday after a five-day closure', 'the crossing, shut for two weeks, reopened':
    the closure began that long before the reopening, at the precision of the unit. 'Shut for a
    third day on Friday': it began two days before that day."""
    for cand in candidates:
        nth = _NTH_DAY.match(low, cand.trigger_end, cand.sentence[1]) if cand.type == "closure" else None
        if nth is None:
            continue
        word = nth.group("nth")
        n = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        if cand.date is not None and cand.date.precision == DatePrecision.DAY and not _borrowed(cand):
            began = cand.date.day - timedelta(days=n - 1)
            cand.date = replace(cand.date, date=began.isoformat())
            cand.date_note = f"{nth.group().strip()!r}: its first day"
        elif published is not None and (
            cand.date is None or cand.date.date is None or cand.date_note.startswith("no date in")
        ):
            # "remained suspended for the 26th day", no day named: the 26th day is the day of writing
            began = published - timedelta(days=n - 1)
            cand.date = EventDate(began.isoformat(), DatePrecision.DAY, nth.group().strip(), nth.start(), nth.end())
            cand.date_note = f"{nth.group().strip()!r}, counted back from publication: its first day"
    reopened: dict[tuple[int, int], _Candidate] = {}
    for c in candidates:
        if c.type == "reopening" and c.date is not None:
            reopened.setdefault(c.sentence, c)
    for cand in candidates:
        if cand.type != "closure":
            continue
        match = _DURATION_BEFORE.search(low, max(cand.sentence[0], cand.trigger_start - 60), cand.trigger_start)
        match = match or _DURATION_AFTER.match(low, cand.trigger_end, cand.sentence[1])
        if match is None:
            continue
        # the day it ended: the reopening's, else the day its own sentence gives ("agreed on Wednesday
        # to reopen it, ending a closure of three weeks"; "said on Monday it had been shut for a week")
        reopening = reopened.get(cand.sentence)
        end = reopening.date if reopening is not None else cand.date if not _borrowed(cand) else None
        if end is None or end.day is None or end.precision != DatePrecision.DAY:
            continue
        if match.group("n") is None and not re.search(r"\ban?\s|[- ]long", match.group()):
            continue  # "after days of closure": no length given
        n = number_value(match.group("n")) if match.group("n") else 1  # "a month-long closure"
        unit = match.group("unit")
        delta = relativedelta(months=n) if unit == "month" else timedelta(days=n * (7 if unit == "week" else 1))
        began = end.day - delta
        precision = {"day": DatePrecision.DAY, "week": DatePrecision.WEEK, "month": DatePrecision.MONTH}[unit]
        value = began.isoformat()[:7] if precision == DatePrecision.MONTH else began.isoformat()
        cand.date = EventDate(value, precision, match.group().strip(), match.start(), match.end())
        cand.date_note = f"{match.group().strip()!r} before " + (
            "the reopening" if reopening else "the day its sentence gives"
        )
        for cause in candidates:
            # "closed for 12 days following clashes": the clashes are when the closure began
            if (
                cause.sentence == cand.sentence
                and cause.type in VIOLENT
                and cause.trigger_start > cand.trigger_end
                and _borrowed(cause)
                and _CAUSE_BEFORE.search(low, max(cand.trigger_end, cause.trigger_start - 40), cause.trigger_start)
            ):
                cause.date = cand.date
                cause.date_note = "the events the closure followed: its first day"


def _share_sentence_places(candidates: list[_Candidate]) -> None:
    """'Closed since late Sunday, with a gun battle erupting': events of one sentence share its place."""
    placed: dict[tuple[int, int], Place] = {}
    for c in candidates:
        if c.place is not None and c.trigger_class not in VENUE_CLASSES:  # where talks met is not the fighting's
            placed.setdefault(c.sentence, c.place)
    for cand in candidates:
        if cand.place is None and cand.type in VIOLENT:
            cand.place = placed.get(cand.sentence)


# a line of a timeline or a dated bullet: "- Oct 9: ...", "• 12 March — ..."
_LINE_LABEL = re.compile(r"[ \t]*[-•*–]?[ \t]*(?P<label>[^:\n–—]{3,25}?)[ \t]*[:–—][ \t]")


def _line_label_date(text: str, offset: int, published: date | None) -> EventDate | None:
    """The date a line opens with as its label ("Oct 9: explosions are heard ..."), for every
    sentence of that line."""
    line_start = text.rfind("\n", 0, offset) + 1
    label = _LINE_LABEL.match(text, line_start)
    if label is None:
        return None
    dates = find_event_dates(label.group("label"), published)
    if len(dates) != 1 or dates[0].date is None or (dates[0].start, dates[0].end) != (0, len(label.group("label"))):
        return None  # only a label that is one whole date
    found = dates[0]
    at = label.start("label")
    return EventDate(found.date, found.precision, found.expression, found.start + at, found.end + at, found.note)


def _relative_to_earlier_event(text: str, cand: _Candidate, candidates: list[_Candidate], i: int) -> EventDate | None:
    """'Jets bombed the camp three days after a raid on a fort': the later event's date
    minus three days, at day precision (week precision for 'a week after')."""
    window = max(cand.sentence[0], cand.trigger_start - 120), cand.trigger_start
    nearby = text[window[0] : window[1]].lower()
    if "after" not in nearby and "following" not in nearby:
        return None
    match = DAYS_AFTER.search(text, *window)
    if match is None:
        return None
    # the latest dated event before it: one of its own sentence when there is one, since the events of
    # a sentence stand together just before it
    anchor = next(
        (
            candidates[j]
            for j in range(i - 1, -1, -1)
            # a date known to the month gives no day to count from ("two days after" the 1st is a guess)
            if candidates[j].date
            and candidates[j].date.day is not None
            and candidates[j].date.precision in (DatePrecision.DAY, DatePrecision.WEEK)
        ),
        None,
    )
    if anchor is None:
        return None
    weeks = match.group("unit").lower().startswith("week")
    if match.group("n") is None:  # "days after", "weeks after": how many is not said, so only the month is known
        before = _WORD_BEFORE.findall(text, max(0, match.start() - 20), match.start())
        if before and _NUMBER_ONLY.fullmatch(before[-1]):
            return None  # "closed for ten days following clashes": a duration, dated with the closure
        day = anchor.date.day - timedelta(days=14 if weeks else 3)
        note = f"{match.group('unit')} (how many not said) before the event told before it"
        return EventDate(day.isoformat()[:7], DatePrecision.MONTH, match.group(), match.start(), match.end(), note)
    n = 1 if match.group("n").lower() in ("a", "one") else number_value(match.group("n"))
    day = anchor.date.day - timedelta(days=7 * n if weeks else n)
    precision = DatePrecision.WEEK if weeks else DatePrecision.DAY
    return EventDate(
        day.isoformat(), precision, match.group(), match.start(), match.end(), f"{match.group()!r} the event before"
    )


_ROUNDUP = re.compile(vocab.words_pattern(vocab.ROUNDUP_MARKERS), re.IGNORECASE)


def _roundup_date(text: str, body: list[tuple[int, int]], article: Article) -> EventDate | None:
    """The day a round-up's lead gives its incidents ("five people were killed in separate
    incidents on Friday"), when one of the first sentences says so."""
    for start, end in body[:3]:
        if _ROUNDUP.search(text, start, end):
            days = [
                d
                for d in find_event_dates(text[start:end], article.published)
                if d.precision == DatePrecision.DAY and d.date is not None and not d.reported
            ]
            if len(days) == 1:
                return days[0]
    return None


def _settle_places_and_dates(
    text: str,
    candidates: list[_Candidate],
    mentions: list[Mention],
    published: date | None,
    roundup: EventDate | None = None,
    localities: dict[int, Place] | None = None,
) -> None:
    """Give each candidate its place and date, inheriting from the events before it where the
    sentence names none ('in the area', a date given once for several sentences)."""
    crossings = [m.place for m in mentions if m.place is not None and m.place.kind == "crossing" and m.locative]
    # the most named crossing, the first named among equals (counted once each: linear)
    counts = Counter(p.id for p in crossings)
    main_crossing = max(crossings, key=lambda p: counts[p.id]) if crossings else None
    own_dates = [_first(c.dates, c.trigger_start) for c in candidates]
    # the article's first event sentence with a date of its own, and that date
    # (an event of two months ago told first dates no headline: only a recent one is the lead)
    lead_index, first_dated = next(
        (
            (c.index, d)
            for c, d in zip(candidates, own_dates, strict=True)
            if d is not None and d.date is not None and _role(d, published) == "main"
        ),
        (-1, None),
    )
    # running look-ups instead of scans of all earlier events: linear in the article's length
    last_dated_of_type: dict[str, _Candidate] = {}
    last_dated: _Candidate | None = None
    last_day: _Candidate | None = None  # the latest event dated to the day
    labels: dict[int, EventDate | None] = {}  # per line start, for this call only: a line's sentences ask alike
    for i, cand in enumerate(candidates):
        cand.place = _best_place(text, cand.places, cand.type, cand.trigger_start, cand.trigger_class)
        if localities and cand.place is not None:
            # the unit chosen is named only to situate a locality of its own: the locality is the place
            unit = next((m for m in cand.places if m.start in localities and m.place == cand.place), None)
            if unit is not None:
                cand.place = localities[unit.start]
        cand.date = own_dates[i]
        if cand.date is not None and cand.date.date is None and cand.date.note == ANCHORED_NOTE:
            # "The next day, troops launched an operation": counted from the last event told to the day
            anchor = last_day.date if last_day is not None else None
            if anchor is not None and anchor.day is not None and anchor.day <= (published or anchor.day):
                cand.date = count_on(cand.date, text, anchor.day, anchor.expression or "the event before")
                cand.date_note = "counted from the day of the event told before it"
            else:
                cand.date = None
        if cand.date is not None and cand.date.reported and cand.date.date is not None:
            cand.date_note = _WHEN_REPORTED  # weak: any date of the event's own, here or in another report, wins
            if cand.date.note == SURFACED_NOTE and cand.date.precision == DatePrecision.DAY:
                # footage that went viral on Tuesday shows an event of that day or the days before
                cand.date = replace(cand.date, precision=DatePrecision.WEEK)
        if cand.place is None and cand.type in VIOLENT:
            chunk = text[cand.sentence[0] : cand.sentence[1]]
            previous = None
            for c in reversed(candidates[:i]):
                if cand.index - c.index > 1:
                    break
                if c.place is not None:
                    previous = c
                    break
            if previous is not None and ANAPHORIC_PLACE.search(chunk):
                cand.place = previous.place
        if cand.place is None and cand.type == "deportation":
            cand.place = main_crossing  # people sent back leave through a crossing: the article's, if it names one
        if cand.place is None and cand.type in ("closure", "reopening"):
            # "reopened after remaining closed for 12 days": the crossing of the sentence, else the article's
            mate = None
            for j in range(i - 1, -1, -1):  # the events of one sentence stand together: walk back over them
                if candidates[j].sentence != cand.sentence:
                    break
                if candidates[j].place is not None:
                    mate = candidates[j]
                    break
            cand.place = mate.place if mate is not None and mate.place.kind == "crossing" else main_crossing
        relative = _relative_to_earlier_event(text, cand, candidates, i)
        # "days after six were killed in a blast on Saturday": a day told of the event itself comes first
        if relative is not None and (cand.date is None or cand.date.start < relative.start):
            cand.date, cand.date_note = relative, "dated from the event it is said to follow"
        if cand.date is None:
            line = text.rfind("\n", 0, cand.sentence[0]) + 1  # the label date depends on the line alone
            if line not in labels:
                labels[line] = _line_label_date(text, cand.sentence[0], published)
            if (labelled := labels[line]) is not None:
                cand.date, cand.date_note = labelled, "no date in its sentence: the date its line opens with"
        if cand.date is None:
            same_type = last_dated_of_type.get(cand.type)
            nearby = last_dated if last_dated is not None and last_dated.index == cand.index else None
            inherited = same_type or nearby
            meanwhile = last_day if _SIMULTANEOUS.match(text, cand.sentence[0]) else None
            if meanwhile is not None:
                week = EventDate(meanwhile.date.day.isoformat(), DatePrecision.WEEK, "", 0, 0)
                cand.date, cand.date_note = week, "no date in its sentence: 'meanwhile', the week of the event before"
            elif inherited is not None:
                cand.date, cand.date_note = inherited.date, "no date in its sentence: that of the event before it"
            elif first_dated is not None and cand.index <= 2 and cand.index <= lead_index:
                cand.date, cand.date_note = first_dated, "no date in its sentence: that of the article's lead"
            elif roundup is not None:
                # "five killed in separate incidents on Friday", then one paragraph per incident
                cand.date, cand.date_note = roundup, "no date in its sentence: the day the lead gives its incidents"
            elif published is not None and first_dated is None:
                # nothing in the article dates any event: reported news is from the week before
                week = EventDate(published.isoformat(), DatePrecision.WEEK, "", 0, 0)
                cand.date, cand.date_note = week, "no date in the text: the week up to publication"
            elif published is not None:
                # other events are dated, this one is not: news, so the month of publication, and no finer
                month = EventDate(published.isoformat()[:7], DatePrecision.MONTH, "", 0, 0)
                cand.date, cand.date_note = month, _MONTH_OF_PUBLICATION
            else:
                cand.date_note = "no date in its sentence, and no event of its type dated before it"
        if cand.date is not None:
            last_dated_of_type[cand.type] = last_dated = cand
            if cand.date.precision == DatePrecision.DAY and cand.date.day is not None:
                last_day = cand


_ANOTHER_EVENT = re.compile(r"\W*" + vocab.words_pattern(vocab.ANOTHER_EVENT_OPENINGS))
_SIMULTANEOUS = re.compile(r"\W*(?:" + "|".join(vocab.SIMULTANEITY_MARKERS) + r")\b", re.IGNORECASE)
_MONTH_OF_PUBLICATION = "no date for this event in the text: the month of publication"
_WHEN_REPORTED = "no date for the event itself: when it was reported"


def _finer_date(new: EventDate, old: EventDate) -> bool:
    """'Earlier this week' then 'on the night of the 25th': one event keeps the more precise date."""
    if new.date is None or new.reported or old.date is None:
        return False
    return DATE_PRECISION_RANK.get(new.precision, 4) < DATE_PRECISION_RANK.get(old.precision, 4)


def _within_days(a: EventDate | None, b: EventDate | None, days: int) -> bool:
    """Both dated to the day, and at most ``days`` apart (a closure lasts)."""
    if a is None or b is None or a.precision != DatePrecision.DAY or b.precision != DatePrecision.DAY:
        return False
    return abs((a.day - b.day).days) <= days


def _tolls(cand: _Candidate) -> dict[bool, set[int]] | None:
    """The death figures of a candidate, attackers' apart from the others'; None when one is an
    update ("the toll rose to"). Kept until the candidate gains figures (an event restated many
    times in a long text is asked again and again)."""
    if cand.tolls_memo is not None and cand.tolls_memo[0] == len(cand.figures):
        return cand.tolls_memo[1]
    figures = [f for f in cand.figures if f.death and not f.additive]
    tolls: dict[bool, set[int]] | None = {}
    if any(f.update for f in figures):
        tolls = None
    else:
        for f in figures:
            tolls.setdefault(f.attackers, set()).add(f.value)
    cand.tolls_memo = (len(cand.figures), tolls)
    return tolls


def _toll_agreement(a: dict[bool, set[int]] | None, b: dict[bool, set[int]] | None) -> int:
    """1 when two candidates share a figure, -1 when they give one group different figures only."""
    if not a or not b:
        return 0
    groups = a.keys() & b.keys()
    if any(a[g] & b[g] for g in groups):
        return 1
    return -1 if groups else 0


def _merge_score(cand: _Candidate, other: _Candidate, published: date | None = None) -> int | None:
    """How well ``cand`` fits the article event ``other`` (higher is better), or None when they
    cannot be one event: another type, date, place, or a death toll that shares no figure."""
    if other.type != cand.type or (cand.another and 0 < other.index < cand.index):
        return None  # "Separately, ...": another event than those told before (a headline tells them all)
    # a closure dated only by borrowing ("it had been shut after ...") is the one the article is about
    lasting = cand.type in ("closure", "reopening") and (
        _within_days(cand.date, other.date, 7) or _borrowed(cand) or _borrowed(other)
    )
    agreement = _toll_agreement(_tolls(cand), _tolls(other))
    # a borrowed date (the lead's) is weak: a headline, or the same toll, outweighs it
    # (and so is it for a protest, talks or a deportation told again: only the violent count events by tolls)
    weak = (_borrowed(cand) or _borrowed(other)) and (
        agreement > 0 or 0 in (cand.index, other.index) or cand.type not in VIOLENT
    )
    if not (lasting or weak or _compatible_dates(cand.date, other.date)):
        return None
    if _undated(cand) != _undated(other) and "background" in (
        _role(cand.date, published),
        _role(other.date, published),
    ):
        return None  # an undated headline is today's news, not the closure of two months ago
    if cand.type not in ("closure", "reopening") and not _compatible_places(cand.place, other.place):
        return None
    same_day = cand.date is not None and other.date is not None and cand.date.date and cand.date.date == other.date.date
    if agreement < 0 and not same_day:
        return None  # five dead in one report, twelve in another, no day in common: two events (a toll
        # grows as the day goes on, so on the same day it is no sign)
    score = 2 if cand.place is not None and other.place is not None and cand.place.id == other.place.id else 0
    if same_day:
        score += 2
    return score + max(agreement, 0)


def _borrowed(cand: _Candidate) -> bool:
    return cand.date_note.startswith("no date in its sentence")


def _undated(cand: _Candidate) -> bool:
    return cand.date is None or cand.date.date is None


_MERGE_WINDOW = 12


def _merge(candidates: list[_Candidate], published: date | None = None) -> list[_Candidate]:
    """One incident per real event: each candidate joins the article event it fits best (same
    type, compatible date and place, no conflicting toll; any place for a closure or reopening:
    an article rarely reports two closures at once)."""
    merged: list[_Candidate] = []
    target: dict[int, _Candidate] = {}  # id of a candidate -> the article event it joined
    of_type: dict[str, list[int]] = {}  # positions in ``merged`` of each type's events
    told_in: dict[int, set[tuple[int, int]]] = {}  # id of an article event -> the sentences telling it
    for cand in candidates:
        antecedent = target.get(id(cand.antecedent)) if cand.antecedent is not None else None
        # a toll that rose "on Tuesday" dates the count, not the event it counts
        updated = any(f.update for f in cand.figures)
        recount = antecedent is not None and any(f.update for f in antecedent.figures)
        if antecedent is not None and (updated or recount or _compatible_dates(cand.date, antecedent.date)):
            other = antecedent  # a definite mention joins its event, wherever it names a place
            if not _compatible_places(cand.place, other.place):
                cand.place = other.place  # a place named beside the mention is not the event's
        else:
            # the latest events of the type only: an article restates its events near each other, and a
            # digest of hundreds stays linear
            recent = of_type.get(cand.type, [])[-_MERGE_WINDOW:]
            scores = ((_merge_score(cand, merged[i], published), -i) for i in recent)
            scored = [(score, i) for score, i in scores if score is not None]
            if not scored:
                of_type.setdefault(cand.type, []).append(len(merged))
                merged.append(cand)
                target[id(cand)] = cand
                continue
            other = merged[-max(scored)[1]]
        target[id(cand)] = other
        other.figures += cand.figures
        if cand.type in ("closure", "reopening") and other.place is None:
            other.place = cand.place
        else:
            place = _more_specific(other.place, cand.place)
            if place is not other.place:
                other.places = cand.places  # the places named with it ("in Urgun and Barmal"), for one per place
            other.place = place
        if other.date is None or (
            cand.date is not None
            and (
                other.date.date is None
                or other.date.reported
                or (other.date_note and not cand.date_note)
                or _finer_date(cand.date, other.date)
                # "the toll rose to 54 on Monday", then "the blast on Sunday": the count's day is not the event's
                or (any(f.update for f in other.figures) and not updated and other is antecedent)
            )
        ):
            other.date, other.date_note = cand.date, cand.date_note
        told = told_in.get(id(other))
        if told is None:  # a set, built once: an event restated many times stays linear
            told = told_in[id(other)] = set(other.sentences)
        if cand.sentence not in told:
            told.add(cand.sentence)
            other.sentences.append(cand.sentence)
    return merged


def _more_specific(a: Place | None, b: Place | None) -> Place | None:
    if a is None or b is None:
        return a or b
    return b if _SPECIFICITY.get(b.kind, 6) < _SPECIFICITY.get(a.kind, 6) and _compatible_places(a, b) else a


def acled_type(kind: str, evidence: str = "", actors: tuple[str, ...] = ()) -> tuple[str, str]:
    """ACLED event_type and sub_event_type for one of our incidents: the codebook mapping of acled.py."""
    from borderwatch.acled import coded_type

    return coded_type({"type": kind, "evidence": evidence, "actors": list(actors)})
