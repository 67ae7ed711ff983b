"""Pure functions from an Article and its place mentions to Incidents, each figure tied to a quote."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from borderwatch.dates import EventDate, find_event_dates
from borderwatch.model import Article, DatePrecision, Incident, Mention, Place

MAX_EVIDENCE_WORDS = 25

# Trigger phrases per incident type, most specific type first: where two overlap, the first wins
# ("missile attack" is an airstrike, not an attack).
TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "airstrike",
            r"\bair ?strikes?\b|\bair raids?\b|\baerial (?:strikes?|bombardment|bombing|attacks?)\b|"
            r"\bdrone (?:strikes?|attacks?)\b|\bwarplanes?\b|\bfighter jets?\b|\bbombed\b|\bbombardment\b|"
            r"\bmissile (?:and drone )?(?:strikes?|attacks?)\b|"
            r"\b(?:further|pakistani|iranian|cross-border|precision|retaliatory|airborne) strikes?\b|"
            r"\bstrikes? (?:hit|on|in|against|targeting|targeted|killed)\b",
        ),
        (
            "operation",
            r"\b(?:security|military|clearance|intelligence-based|counter-?terrorism|search|sanitisation|"
            r"sanitization|combing|search and strike|rescue|joint) operations?\b|\bIBOs?\b|"
            r"\boperations? (?:against|was launched|were launched)\b|\boffensive against\b|"
            r"\bsecurity forces (?:killed|gunned down|neutrali[sz]ed)\b",
        ),
        (
            "clash",
            r"\bexchang\w* (?:of )?(?:heavy |intense )?(?:fire|gunfire|fires)\b|\bgun ?battles?\b|\bgunfights?\b|"
            r"\b(?:border|cross-border|armed) clash\w*\b|\bclash\w* (?:between|along|on|erupted|broke out|near|at)\b|"
            r"\bskirmish\w*\b|\bcross-border (?:firing|fire|shelling)\b|\bshelling\b|\bmortars?\b|"
            r"\btraded fire\b|\bheavy firing\b|\bfiring (?:between|from|across)\b|\bretaliat\w*\b",
        ),
        (
            "attack",
            r"\bsuicide (?:bomb\w*|attack\w*|blast\w*)\b|\bbomb(?:ing|ings)?\b|\bblasts?\b|\bexplosions?\b|"
            r"\bimprovised explosive\b|\bIEDs?\b|\bambush\w*\b|\bgunmen\b|\bcame under attack\b|"
            r"\b(?:militant|terrorist|insurgent|armed|deadly|coordinated|twin) attacks?\b|\battacked\b|"
            r"\bhijack\w*\b|\bhostages?\b|\btargeted killing\b|\bopened fire\b|\bstormed\b",
        ),
        (
            "reopening",
            r"\bre-?open\w*\b|\bresum\w* (?:trade|traffic|movement|operations|crossings?)\b|\btrade resumed\b",
        ),
        (
            "closure",
            r"\b(?:closed|closure|closing|shut|shutting|shutdown|sealed|suspended|halted)\b",
        ),
        (
            "talks",
            r"\btalks\b|\bnegotiations?\b|\bmet with\b|\bmeetings?\b|\bjirgas?\b|\bdialogue\b|"
            r"\bdelegation (?:met|visited|held|arrived)\b|\bceasefire (?:agreement|deal)\b|\bmediat\w*\b|"
            r"\bdiscuss(?:ed|ing)?\b",
        ),
        ("protest", r"\bprotest(?:s|ed|ers|ing)?\b|\bdemonstrat(?:ion|ions|ors|ed)\b|\bsit-ins?\b|\bdharna\b"),
        ("deportation", r"\bdeport\w*\b|\bexpulsions?\b|\brepatriat\w*\b|\bforced returns?\b"),
        (
            "other",
            r"\bcurfew\b|\bmovement ban\b|\bimposed a (?:complete )?ban\b|\bsummoned\b|\bdemarche\b|"
            r"\bdowngrad\w*\b|\brecalled (?:its|their) ambassador\b|\bbuild (?:a )?dams?\b|\bdams? on\b|"
            r"\bcaptured (?:the )?(?:\w+ )?(?:crossing|posts?|checkposts?)\b",
        ),
    )
)
# Where a closure or reopening trigger needs a border context in its sentence.
BORDER_CONTEXT = re.compile(r"\b(?:crossings?|border|trade|transit|route|gate|terminal|traffic)\b", re.IGNORECASE)
NEGATED = re.compile(
    r"\b(?:not|no|never|denied|denies|deny|denying|without|refuted|rejected claims of|dismissed)\b"
    r"(?:\s+[\w-]+){0,3}\s*$",
    re.IGNORECASE,
)
HYPOTHETICAL = re.compile(
    r"\b(?:threaten\w*|warn\w* of|could|would|may|might|plans? to|planning to|vowed to|if)\b(?:\s+[\w-]+){0,3}\s*$",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’']?|\n|$)")

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
    "two dozen": 24, "a couple of": 2,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,4}|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_QUALIFIER = r"(?:at least|approximately|about|around|some|over|more than|nearly|almost|up to|as many as)\s+"
_VICTIM_NOUN = r"(?:[\w-]+\s+){0,3}?"
_VERB = r"(?:(?:were|was|have been|had been|are|got)\s+)?"
KILLED = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:{_QUALIFIER})?{_NUM}\s+{_VICTIM_NOUN}{_VERB}"
        r"(?:killed|dead|died|martyred|slain|lost their lives|perished)\b",
        rf"\b(?:killing|killed|kills|martyring|martyred|claimed the lives of|left)\s+(?:{_QUALIFIER})?{_NUM}\b",
        rf"\bdeath toll\s+(?:\w+\s+){{0,2}}(?:to|at|reached)\s+(?:{_QUALIFIER})?{_NUM}\b",
    )
)
INJURED = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:{_QUALIFIER})?{_NUM}\s+{_VICTIM_NOUN}(?:others?\s+)?{_VERB}(?:injured|wounded|hurt)\b",
        rf"\b(?:injuring|wounding|injured|wounded)\s+(?:{_QUALIFIER})?{_NUM}\b",
    )
)
NO_DEATHS = re.compile(
    r"\bno (?:one|body) (?:was|were|had been) (?:killed|hurt|injured)\b|\bno casualties\b|"
    r"\bno loss of (?:life|lives)\b|"
    r"\bwithout (?:any )?casualties\b|\bno deaths\b|\bno fatalities\b|\bnot yet been any casualties\b|"
    r"\bno (?:reports? of )?casualties\b",
    re.IGNORECASE,
)
ATTACKER_NOUNS = re.compile(
    r"\b(?:militants?|terrorists?|attackers?|bombers?|insurgents?|fighters?|assailants?|gunmen|hostage-takers)\b",
    re.IGNORECASE,
)
# Curated actor list (see README "Actors"): pattern -> normalised name.
ACTORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"\bTehr[ei]e?k-[ei]-Taliban Pakistan\b|\bTTP\b|\bPakistani Taliban\b|\bPakistan Taliban\b", "TTP"),
        (r"\bBaloch(?:istan)? Liberation Army\b|\bBLA\b", "BLA"),
        (r"\bIslamic State(?:[- ]Khorasan)?\b|\bIS-?K\b|\bISKP\b|\bISIS-?K\b|\bDaesh\b", "ISKP"),
        (r"\bJaish al-Adl\b", "Jaish al-Adl"),
        (r"\bHafiz Gul Bahadur\b", "Hafiz Gul Bahadur group"),
        (
            r"\b(?:Pakistani|Pakistan's|Pakistan) (?:security forces|forces|troops|military|army|soldiers|"
            r"border forces|air force|jets)\b|\bPakistan Army\b|\bFrontier Corps\b|\bFC\b|\bsecurity forces\b",
            "Pakistani security forces",
        ),
        (r"\bpolice\b|\bpolicemen\b|\bLevies\b|\bCTD\b|\bCounter Terrorism Department\b", "Pakistani police"),
        (
            r"\bAfghan (?:Taliban )?(?:security )?(?:forces|troops|border forces|border guards)\b|"
            r"\bTaliban (?:forces|fighters|troops|border guards)\b|\bAfghan Taliban\b",
            "Afghan Taliban forces",
        ),
        (r"\bIranian (?:forces|military|Revolutionary Guards?)\b|\bIRGC\b", "Iranian forces"),
        (
            r"\b(?:Pakistani|Pakistan's) (?:government|authorities|officials|delegation)\b|\bIslamabad\b",
            "Government of Pakistan",
        ),
        (
            r"\bTaliban(?:-led)? (?:government|authorities|administration|officials|delegation)\b|\bKabul\b",
            "Taliban government",
        ),
        (r"\btraders?\b|\btransporters?\b", "traders"),
        (r"\bcivilians?\b", "civilians"),
    )
)
ACLED_TYPES = {
    "clash": ("Battles", "Armed clash"),
    "attack": ("Violence against civilians", "Attack"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "operation": ("Battles", "Armed clash"),
    "closure": ("Strategic developments", "Other"),
    "reopening": ("Strategic developments", "Other"),
    "talks": ("Strategic developments", "Agreement"),
    "protest": ("Protests", "Peaceful protest"),
    "deportation": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}
# Most specific first: the place of an incident is the most specific location named for it.
_SPECIFICITY = {"crossing": 0, "village": 1, "town": 1, "other": 2, "city": 2, "district": 3, "region": 4}
_SPECIFICITY |= {"province": 5, "border": 6, "country": 7}
BACKGROUND_DAYS = 7


@dataclass
class _Candidate:
    type: str
    trigger_start: int
    trigger_end: int
    sentence: tuple[int, int]
    places: list[Mention] = field(default_factory=list)
    dates: list[EventDate] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: split at . ! ? and line breaks, surrounding blanks trimmed."""
    spans = []
    for match in SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > 3:
            spans.append((start, end))
    return spans


def number_value(word: str) -> int:
    """Integer of '12' or 'twelve' / 'a dozen'."""
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _dateline_end(text: str) -> int:
    """End offset of a leading dateline ("PESHAWAR:", "KABUL, AFGHANISTAN –"), or 0."""
    match = re.match(r"\s*(?:date \S+\s+)?[A-Z][A-Z .,/'-]{2,60}(?:\s*[:–—-]\s|,\s*\w+ \d)", text)
    return match.end() if match else 0


def _triggers(text: str, sentence: tuple[int, int]) -> list[tuple[str, int, int]]:
    start, end = sentence
    chunk = text[start:end]
    found: list[tuple[str, int, int]] = []
    for kind, pattern in TRIGGERS:
        for match in pattern.finditer(chunk):
            s, e = start + match.start(), start + match.end()
            if any(a < e and s < b for _, a, b in found):
                continue
            before = text[max(start, s - 60) : s]
            if NEGATED.search(before) or (kind not in ("other", "talks") and HYPOTHETICAL.search(before)):
                continue
            if kind in ("closure", "reopening") and not BORDER_CONTEXT.search(chunk):
                continue
            found.append((kind, s, e))
            break  # one trigger per type per sentence
    return found


def _sentence_places(mentions: list[Mention], sentence: tuple[int, int], dateline_end: int) -> list[Mention]:
    return [
        m
        for m in mentions
        if m.place is not None and m.locative and sentence[0] <= m.start < sentence[1] and m.start >= dateline_end
    ]


def _best_place(places: list[Mention], kind: str) -> Place | None:
    if not places:
        return None

    def rank(m: Mention) -> tuple[int, int]:
        specificity = _SPECIFICITY.get(m.place.kind, 5)
        if kind in ("closure", "reopening") and m.place.kind == "crossing":
            specificity = -1
        return (specificity, m.start)

    return min(places, key=rank).place


def _compatible_places(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.id == b.id:
        return True
    if "country" in (a.kind, b.kind) or "border" in (a.kind, b.kind):
        return True  # a country or the border is too vague to tell two events apart
    names_a = {a.name, a.admin1, a.admin2}
    names_b = {b.name, b.admin1, b.admin2}
    return a.name in names_b or b.name in names_a


def _compatible_dates(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _first(dates: list[EventDate]) -> EventDate | None:
    order = {DatePrecision.DAY: 0, DatePrecision.WEEK: 1, DatePrecision.MONTH: 2, DatePrecision.YEAR: 3}
    dated = [d for d in dates if d.date is not None]
    if dated:
        return min(dated, key=lambda d: order.get(d.precision, 4))
    return dates[0] if dates else None


def _evidence(text: str, sentence: tuple[int, int], trigger_start: int) -> tuple[int, int]:
    """A quote of at most 25 words from the sentence, around the trigger."""
    words = [m.span() for m in re.finditer(r"\S+", text[sentence[0] : sentence[1]])]
    words = [(sentence[0] + a, sentence[0] + b) for a, b in words]
    if len(words) <= MAX_EVIDENCE_WORDS:
        return words[0][0], words[-1][1]
    at = next((i for i, (a, b) in enumerate(words) if b > trigger_start), 0)
    first = max(0, min(at - 8, len(words) - MAX_EVIDENCE_WORDS))
    return words[first][0], words[first + MAX_EVIDENCE_WORDS - 1][1]


def _figures(text: str, spans: list[tuple[int, int]], patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, bool]]:
    out = []
    for (start, end), pattern in ((span, p) for span in spans for p in patterns):
        for match in pattern.finditer(text, start, end):
            phrase = match.group()
            if re.search(r"\bkilled (?:in|at|on|during|when)\b", phrase, re.IGNORECASE):
                continue
            out.append((number_value(match.group("n")), bool(ATTACKER_NOUNS.search(phrase))))
    return out


def _fatalities(text: str, spans: list[tuple[int, int]]) -> tuple[int | None, int | None]:
    """Deaths (attackers included, lowest figure per group) and injured, from the incident's own spans."""
    deaths = _figures(text, spans, KILLED)
    injured = _figures(text, spans, INJURED)
    injured_total = max((n for n, _ in injured), default=None)
    if deaths:
        by_group: dict[bool, int] = {}
        for n, attacker in deaths:
            by_group[attacker] = max(by_group.get(attacker, 0), n)
        return sum(by_group.values()), injured_total
    if any(NO_DEATHS.search(text, s, e) for s, e in spans) or injured:
        return 0, injured_total  # the text reports no deaths, or only injuries
    return None, injured_total


def _actors(text: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for start, end in spans:
        chunk = text[start:end]
        for pattern, name in ACTORS:
            match = pattern.search(chunk)
            if match and name not in found:
                found[name] = start + match.start()
    return tuple(sorted(found, key=found.__getitem__))


def _role(event_date: EventDate | None, published: date | None) -> str:
    if event_date is None or event_date.date is None or published is None:
        return "main"
    day = event_date.day
    if event_date.precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        same_period = event_date.date == published.isoformat()[: len(event_date.date)]
        return "main" if same_period else "background"
    return "background" if day is not None and published - day > timedelta(days=BACKGROUND_DAYS) else "main"


def incident_id(article_id: str, kind: str, evidence_start: int) -> str:
    """Stable id of one article's incident: the same article always gives the same ids."""
    digest = hashlib.sha1(f"{article_id}|{kind}|{evidence_start}".encode()).hexdigest()[:12]
    return f"inc-{digest}"


def extract_incidents(article: Article, mentions: list[Mention]) -> list[Incident]:
    """Every incident the article reports, one per real event: type, date, place, figures, quote."""
    text = article.text
    dateline_end = _dateline_end(text)
    candidates: list[_Candidate] = []
    lead_date: EventDate | None = None
    for sentence in sentences_of(text):
        triggers = _triggers(text, sentence)
        if not triggers:
            continue
        dates = find_event_dates(text[sentence[0] : sentence[1]], article.published)
        if lead_date is None:
            lead_date = _first(dates)
        places = _sentence_places(mentions, sentence, dateline_end)
        for kind, s, e in triggers:
            candidates.append(_Candidate(kind, s, e, sentence, places, dates, [sentence]))
    merged: list[_Candidate] = []
    for cand in candidates:
        place = _best_place(cand.places, cand.type)
        when = _first(cand.dates)
        for other in merged:
            if other.type != cand.type:
                continue
            if _compatible_places(place, _best_place(other.places, other.type)) and _compatible_dates(
                when, _first(other.dates)
            ):
                other.places += [p for p in cand.places if p not in other.places]
                other.dates += cand.dates
                if cand.sentence not in other.sentences:
                    other.sentences.append(cand.sentence)
                break
        else:
            merged.append(cand)
    incidents = []
    for cand in merged:
        place = _best_place(cand.places, cand.type)
        when = _first(cand.dates)
        note = ""
        if when is None and lead_date is not None and cand.sentence == cand.sentences[0]:
            when, note = lead_date, "no date in its sentences: the date of the article's first event sentence"
        if place is None and when is None and cand.type not in ("talks",):
            continue  # a generic mention ("border clashes have resulted in deaths"): no event to place
        fatalities, injured = _fatalities(text, cand.sentences) if cand.type not in ("talks",) else (None, None)
        ev_start, ev_end = _evidence(text, cand.sentence, cand.trigger_start)
        if when is not None and when.note:
            note = "; ".join(filter(None, [note, when.note]))
        incidents.append(
            Incident(
                id=incident_id(article.id, cand.type, ev_start),
                article_id=article.id,
                type=cand.type,
                evidence=text[ev_start:ev_end],
                evidence_start=ev_start,
                evidence_end=ev_end,
                date=when.date if when else None,
                date_precision=when.precision if when else DatePrecision.UNKNOWN,
                date_note=note,
                place=place,
                fatalities=fatalities,
                injured=injured,
                actors=_actors(text, cand.sentences),
                role=_role(when, article.published),
            )
        )
    return incidents


def acled_type(kind: str, evidence: str = "") -> tuple[str, str]:
    """ACLED event_type and sub_event_type for one of our incident types."""
    event_type, sub_type = ACLED_TYPES[kind]
    if kind == "attack" and re.search(r"suicide", evidence, re.IGNORECASE):
        return "Explosions/Remote violence", "Suicide bomb"
    if kind == "attack" and re.search(r"\b(?:IED|blast|explosion|bomb)", evidence, re.IGNORECASE):
        return "Explosions/Remote violence", "Remote explosive/landmine/IED"
    if kind == "clash" and re.search(r"shell|mortar|artillery", evidence, re.IGNORECASE):
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    return event_type, sub_type
