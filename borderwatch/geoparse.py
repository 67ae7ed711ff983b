"""Find place mentions in article text and resolve them to gazetteer entries, with honest precision."""

from __future__ import annotations

import bisect
import codecs
import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import ahocorasick
from rapidfuzz import fuzz, process

from borderwatch.gazetteer import Gazetteer, importance, load_gazetteer, normalize_name
from borderwatch.model import GeoPrecision, Mention, Place

# --- word lists: each says what a class of words is, never which article it came from ---------

# Demonyms, adjectives and common words that are also gazetteer names but never places here.
NOT_PLACES = frozenset(
    """afghan afghans afghani pakistani pakistanis waziri waziristani baloch baluch pashtun pakhtun
    pathan iranian indian chinese american british turkish qatari saudi russian tajik uzbek
    police march may said army sunday monday tuesday wednesday thursday friday saturday
    january february april june july august september october november december
    islamic emirate taliban state president minister prime kabul's mullah general major
    chief sources khan malik sardar haji ghazi shah bibi mir sheikh syed sayed mian pir
    dar bar bad ban dam mosque gate road""".split()
) | frozenset(
    # religious and ethnic communities, singular and plural: people, never places
    """sunni sunnis shia shias shiite shiites ahmadi ahmadis ahmadiyya hindu hindus sikh sikhs christian
    christians muslim muslims ismaili ismailis deobandi barelvi hazaras pashtuns pakhtuns pathans tajiks
    uzbeks turkmens punjabi punjabis sindhi sindhis kashmiri kashmiris balochs baluchis afridi afridis
    mehsud mehsuds wazirs waziris shinwari shinwaris arab arabs persian persians buddhist buddhists
    jew jews pashto dari urdu""".split()
)
# endings that make a place's name a demonym or adjective: Punjab -> Punjabi, Sindh -> Sindhis
DEMONYM_ENDINGS = ("is", "i", "ians", "ian", "ese", "ites", "ite")
# Words after a name that make it an organisation or a government, not a location.
ORG_AFTER = re.compile(
    r"^(?:'s?\s+)?(?:Army|Police|Government|Govt|Foreign Office|Foreign Ministry|Ministry|Embassy|Consulate|"
    r"Taliban|Levies|Rangers|Frontier Corps|Air Force|Navy|Cricket|Television|TV|Radio|Railways|"
    r"International Airlines|Airlines|People's Party|Muslim League|Tehreek|Tehrik|Movement|Times|Today|"
    r"Observer|Tribune|Post|Express|News|Herald|Chronicle|Council|Commission|Committee|Cabinet|"
    r"Parliament|Senate|Assembly|Supreme Court|High Court|Bar|Chamber|Stock Exchange|Bank|Institute|"
    r"University|Zalmi|Kings|Qalandars|Sultans|Gladiators|United|Scouts|Militia|"
    # an official's title after the place he answers for: "Zhob Deputy Commissioner"
    r"Chief Minister|Chief Secretary|Governor|Home Minister|Inspector General|Deputy Inspector General|"
    r"Deputy Commissioner|Assistant Commissioner|Commissioner|Corps Commander|District Police Officer|"
    r"Police Chief|Home Department|Public Relations)\b"
)
# A post, station or lines of a force named after its place is a facility at that place, not the force
# ("Daraban Levies post", "Chaman Police Station", "Bannu Police Lines").
FORCE_FACILITY_AFTER = re.compile(
    r"^(?:Levies|Police)[ \t]+(?i:check[ \t]?post|checkpost|post|station|thana|lines?|chowki|picket)\b"
)
ORG_BEFORE = re.compile(
    r"(?:Tehreek|Tehrik|Tahrik|Tahreek)[-\s][ei][-\s]Taliban\s+$|Taliban\s+$|Islamic Emirate of\s+$|"
    r"Government of\s+$|Bank of\s+$|Embassy of\s+$",
    re.IGNORECASE,
)
# "Pakistan's defence minister", "Balochistan's chief minister", "Kabul's foreign ministry"
ROLE_AFTER_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:(?:[a-z-]+|[A-Z][a-z]+)\s+){0,2}?"
    r"(?:minister|ministry|government|foreign office|spokesman|spokesperson|spokeswoman|envoy|ambassador|"
    r"embassy|delegation|representative|president|premier|army|military|chief|governor|officials|"
    r"authorities|leadership|intelligence|regime|administration|cabinet|parliament|senate|stance|"
    r"position|policy|rulers|leaders|diplomats?|mission|caretaker|counterparts?|"
    r"Minister|Ministry|Government|Foreign Office|Army|Chief|Governor|President|Prime Minister)\b"
)
_SPEECH_VERBS = (
    r"accused|accuses|blamed|blames|denied|denies|said|says|agreed|agree|agrees|urged|urges|demanded|"
    r"demands|rejected|rejects|warned|warns|asked|asks|called on|claimed|claims|condemned|condemns|"
    r"insisted|insists|responded|responds|summoned|summons|protested|protests|wants|sought|seeks|"
    r"expressed|expects|maintains|alleged|alleges|announced|announces|decided|decides|refused|refuses|"
    r"vowed|vows|pledged|welcomed|welcomes|hopes|believes|reiterated|assured|assures|told|retaliated|"
    r"has accused|have accused|had accused|has said|has blamed|has denied|have agreed|has asked|has urged|"
    r"has demanded|has rejected|has warned|has called|has been|have been|should|must|will|would|"
    r"confirmed|confirms|acknowledged|acknowledges|commented|declined to"
)
# What a government does not do yet: "Kabul has not confirmed", "Islamabad did not comment", "is yet to respond"
_NEGATED_SPEECH = (
    r"(?:has|have|had|did|does|do|is|was|were)\s+(?:not\s+(?:yet\s+)?|yet\s+to\s+|so\s+far\s+not\s+)"
    r"(?:confirm|confirmed|comment|commented|respond|responded|react|reacted|acknowledge|acknowledged|"
    r"accept|accepted|say|said|deny|denied|issue|issued|reply|replied)"
)
# "Islamabad accused …", "Pakistan and Afghanistan agreed …"
SUBJECT_OF_SPEECH = re.compile(
    rf"^(?:\s+(?:and|,)\s+[A-Z][a-z]+)?\s+(?:(?:also\s+|have\s+|has\s+|had\s+)?(?:{_SPEECH_VERBS})|{_NEGATED_SPEECH})\b"
)
# "… accused Kabul of", "urged Kabul to", "between Islamabad and Kabul"
OBJECT_OF_SPEECH = re.compile(
    r"\b(?:accused|accusing|accuses|blamed|blaming|urged|urging|asked|asking|told|warned|warning|pressed|"
    r"pressing|called on|calling on|criticised|criticized|condemned|summoned|engaged|engage|"
    r"relations with|ties with|talks with|negotiations with|dialogue with|agreement with|"
    r"(?:relations|ties|talks|tensions|dialogue|negotiations|trust|mistrust) between(?: [A-Z][a-z]+ and)?)\s+$"
)
TYPE_AFTER = {
    "district": "district",
    "districts": "district",
    "province": "province",
    "provinces": "province",
    "tehsil": "tehsil",
    "sub-division": "tehsil",
    "subdivision": "tehsil",
    "agency": "district",
    "division": "district",
    "city": "city",
    "town": "town",
    "village": "village",
    "crossing": "crossing",
    "border crossing": "crossing",
    "border": "crossing",
    "valley": "other",
    "pass": "other",
    "river": "other",
}
# Type words that join the mention span, as the press writes them ("Kurram district").
SPAN_TYPE_WORDS = re.compile(r"^[ \t]+(district|province|tehsil|agency|sub-division|division)\b", re.IGNORECASE)
# A facility named after its town is a mention of its own, located at the town ("Quetta railway station",
# "Mir Ali Bazaar", "Jamrud Fort").
SPAN_FACILITY_WORDS = re.compile(
    r"^[ \t]+(railway station|airport|cantonment|cantt|bazaar|bazar|fort)\b", re.IGNORECASE
)
# Capitalised words that may come right before a place without making it part of a person's name.
QUALIFIERS = frozenset(
    """in at on from to near into across inside outside the a an of and or but as by for with
    northern southern eastern western central upper lower greater north south east west
    northwestern northeastern southwestern southeastern north-western north-eastern
    south-western south-eastern restive neighbouring neighboring border former rural
    when while after before since during meanwhile however also both between
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# First words of unit names the press often writes in lower case: "central Kurram", "upper Dir".
DIRECTION_WORDS = frozenset("upper lower central north south east west".split())
# Pashto "greater" and "lesser" before a place name ("Loi Mamund", "Kuz Kunar"): part of the mention,
# which stays at the place it qualifies, never the start of a person's name.
PASHTO_QUALIFIER = re.compile(r"(?:Loy|Loi|Loya|Lowi|Lwe|Lwee|Lwi|Kuz|Kuza|Kooz|Kuzh|Kozh)[ \t]+$")
# Words that follow a place as part of a facility or feature, not of a person's name.
FACILITY_AFTER = re.compile(
    r"^[ \t]+(?:District|Province|Tehsil|Agency|Division|Region|Valley|Pass|Border|Crossing|City|Town|"
    r"Village|Cantonment|Cantt|Railway|Station|Airport|Road|Highway|Motorway|Bridge|Bazaar|Market|"
    r"Camp|Jail|Prison|Dam|River|Fort|Check\s?[Pp]ost|Checkpost|Post|Sector|Area|Tunnel|Mountains?|"
    r"Range|Corridor|Line|Lines|Airbase|Base|Press Club|Gate|Terminal)\b"
)
# Last words LOCATIVE_BEFORE, OBJECT_OF_SPEECH and ORG_BEFORE can end with (their prefilters).
LOCATIVE_LAST = frozenset("in at near from into across inside outside towards toward around via of with the".split())
OBJECT_LAST = frozenset(
    """accused accusing accuses blamed blaming urged urging asked asking told warned warning pressed
    pressing on criticised criticized condemned summoned engaged engage with between and""".split()
)
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|into|across|inside|outside|towards|toward|around|via|village of|town of|"
    r"area of|areas of|city of|district of|site of|outskirts of|border with)\s+(?:the\s+)?$"
)
# "at Pak-Afghan border Chaman", "in the border town Chaman": a locative phrase whose noun is a place word
PLACE_NOUNS = frozenset(
    "border frontier bordering district province tribal town city village area crossing region".split()
)
LOCATIVE_BEFORE_NOUN = re.compile(
    r"\b(?:in|at|near|from|into|across|inside|outside|towards|toward|around|via)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*\s+|(?:border|frontier|tribal|bordering)\s+){0,2}"
    r"(?:border|frontier|bordering|district|province|tribal|town|city|village|area|crossing|region)\s+$"
)
UNRESOLVED_TYPE_AFTER = re.compile(
    r"[ \t]+(?:district|village|villages|area|valley|tehsil|town|city|region|province|border crossing|"
    r"crossing|check ?post|checkpost|pass|camp|bazaar|road|river|mountains?|tunnel|railway station|"
    r"sub-division|subdivision|agency|border)\b"
)
# A run of capitalised words, joined by the particles of regional names (Barg-i-Matal, Dera-e-…).
# (The word boundary is checked after the capital, so the regex engine can skip to capitals.)
CAPITALISED_RUN = re.compile(
    r"([A-Z](?<=\b[A-Z])[a-z]+)(?:[- ](?:(?:i|e|ul|al|ud|ur|wa|o|da|de|ka|ki|za)[- ])?[A-Z][a-z]+){0,3}\b"
)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
FUZZY_KINDS = frozenset({"province", "district", "city", "town", "crossing", "region", "other", "country"})
FUZZY_CUTOFF = 86.0
# a containing place named nearby ("X district of Paktika") outweighs every other preference together
CONTAINER_WEIGHT = 25.0
# Afghanistan, Pakistan and their neighbours: a place elsewhere needs the text's support
REGION = frozenset({"AF", "PK", "AF/PK", "IR", "TJ", "UZ", "TM", "CN", "IN"})
FUZZY_ANYWHERE = frozenset({"country", "province", "crossing", "border", "region"})
IMPORTED = "GeoNames dump"  # source of the places `places import-geonames` adds
POLYGON_ONLY = "gb:"  # gazetteer ids of districts and tehsils known only from their geoBoundaries polygon


@dataclass(frozen=True)
class _Matcher:
    automaton: ahocorasick.Automaton
    fuzzy_keys: dict[tuple[str, int], tuple[str, ...]]  # (first letter, length) -> names


def fold_char(c: str) -> str:
    """Fold one character to one character: no diacritics, dash or quote variants; case kept.

    Length-preserving, so offsets in the folded text are offsets in the article.
    """
    if c in "-‐‑‒–—―_\n\t\r":
        return " "
    if c in "‘’ʻʼ`´":
        return "'"
    if c.isascii():
        return c
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


@cache
def _ascii_fold(c: str) -> str:
    folded = fold_char(c)
    if folded.isascii():
        return folded
    return "x" if c.isalnum() else " "  # a letter of another script still joins a word


def _fold_unencodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_ascii_fold, error.object[error.start : error.end])), error.end


codecs.register_error("borderwatch-fold", _fold_unencodable)
_ASCII_FOLD = bytes.maketrans(b"-_\n\t\r", b"     ")


def fold_text(text: str) -> str:
    """Fold ``text`` to ASCII of the same length, for the name matcher.

    Every character goes through :func:`fold_char`; what is still not ASCII after that (another
    script) becomes ``x`` if it is a letter or digit, else a space, so word boundaries hold.
    """
    if not text.isascii():
        # the press's typographic punctuation replaced in C first: fewer calls back from the codec
        for char, folded in _TYPOGRAPHY.items():
            if char in text:
                text = text.replace(char, folded)
    # the codec does the per-character work in C and calls back only for the few non-ASCII runs
    return text.encode("ascii", "borderwatch-fold").translate(_ASCII_FOLD).decode("ascii")


# curly quotes, dashes, bullets and ellipses, each folded as the codec would fold it
_TYPOGRAPHY = {char: _ascii_fold(char) for char in "’‘“”–—•…«»"}


def pattern_forms(name: str) -> set[str]:
    """The case forms a name is matched in: as written, Title Case, and UPPER CASE (datelines)."""
    written = " ".join(fold_text(name).split())
    title = " ".join(w[:1].upper() + w[1:] for w in written.split())
    forms = {written, title, written.upper()}
    first, _, rest = title.partition(" ")
    if rest and first.lower() in DIRECTION_WORDS:
        forms.add(f"{first.lower()} {rest}")  # "central Kurram"
    return forms


@cache
def _matcher(user_places: tuple[Place, ...] = ()) -> _Matcher:
    gazetteer = load_gazetteer(user_places)
    automaton = ahocorasick.Automaton()
    for place in gazetteer.places:
        for name in (place.name, *place.aliases):
            key = normalize_name(name)
            if len(key) < 3 or key in NOT_PLACES:
                continue
            for pattern in pattern_forms(name):
                # matching is case-aware: "tank" and "march" are words, "central Kurram" a name
                # (the lower-case direction only for units of the two countries: not "south Sudan")
                if pattern[:1].isupper() or (_lowercase_direction(pattern) and place.country in ("AF", "PK")):
                    automaton.add_word(pattern, (len(pattern), key))
    automaton.make_automaton()
    keys = {
        normalize_name(n)
        for p in gazetteer.places
        # misspellings are of names the press uses often: not of the polygon-only districts and tehsils
        if p.kind in FUZZY_KINDS
        and (p.country in ("AF", "PK", "AF/PK") or (p.kind == "country" and p.country in REGION))
        and not p.id.startswith(POLYGON_ONLY)
        for n in (p.name, *p.aliases)
    }
    buckets: dict[tuple[str, int], list[str]] = {}
    for key in sorted(k for k in keys if len(k) >= 5 and k not in NOT_PLACES):
        buckets.setdefault((key[0], len(key)), []).append(key)
    return _Matcher(automaton, {k: tuple(v) for k, v in buckets.items()})


def _lowercase_direction(words: str) -> bool:
    """'central Kurram': a lower-case direction word, then a capitalised name."""
    first, _, rest = words.partition(" ")
    return first in DIRECTION_WORDS and rest[:1].isupper()


@cache
def fuzzy_match(key: str, user_places: tuple[Place, ...] = ()) -> tuple[str, float] | None:
    """Return the gazetteer name closest to ``key`` (same first letter, length ±2), if close enough."""
    buckets = _matcher(user_places).fuzzy_keys
    choices = [k for n in range(len(key) - 2, len(key) + 3) for k in buckets.get((key[0], n), ())]
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return (best[0], best[1]) if best else None


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    key: str
    candidates: tuple[Place, ...]
    how: str = "exact"
    locative: bool = True
    why_not_locative: str = ""
    notes: list[str] = field(default_factory=list)


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return not before or before[-1] in ".!?:;\n\"“‘'(•–—-" or start == 0


def _is_title_case_line(text: str, start: int) -> bool:
    """True on a headline-like line, where every word is capitalised anyway."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    line_end = text.find("\n", start, start + 200)
    if (line_start == 0 and start > 200) or (line_end < 0 and len(text) - start > 200):
        return False  # a line this long is prose
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(line) > 160 or re.search(r"[a-z]{2}\.\s+[A-Z]", line):
        return False  # prose, not a headline
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.7


_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'’.-")


# read backwards from a position, in the reversed text: a match at a fixed position, no Python loop
_REVERSED_NAME_WORD = re.compile(r"[A-Za-z'’.-]*[A-Za-z]")
_REVERSED_LAST_WORD = re.compile(r"\s+(\w*)")


def _reversed_last_word_in(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching, at ``len(text) - start`` of the reversed text, exactly when
    ``_last_word(text, rev, start) in words``."""
    alternatives = "|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s+(?:{alternatives})(?!\w)")


_REVERSED_LOCATIVE_LAST = _reversed_last_word_in(LOCATIVE_LAST)
_REVERSED_OBJECT_LAST = _reversed_last_word_in(OBJECT_LAST)
# a run of name characters whose first letter is a capital, read backwards (see _word_before)
_REVERSED_CAPITALISED_WORD = re.compile(r"[A-Za-z'’.-]*?[A-Z][’'.-]*(?![A-Za-z'’.-])")


def _word_before(text: str, rev: str, start: int) -> str:
    """The word (letters, apostrophes, dots, hyphens; from its first letter) before the blanks at ``start``.

    ``rev`` is ``text[::-1]``; the word is looked for within 40 characters of ``start``.
    """
    lo = max(0, start - 40)
    end = start
    while end > lo and text[end - 1] in " \t":
        end -= 1
    if end == start:
        return ""
    # the longest run of name characters ending at ``end``, from its first letter
    match = _REVERSED_NAME_WORD.match(rev, len(text) - end, len(text) - lo)
    return match.group()[::-1] if match else ""


def _last_word(text: str, rev: str, start: int) -> str:
    """The run of word characters before the whitespace at ``start`` ("" if no whitespace is there).

    A cheap necessary condition for the patterns anchored at the end of the text before a name,
    which are costly to search for. ``rev`` is ``text[::-1]``.
    """
    match = _REVERSED_LAST_WORD.match(rev, len(text) - start)
    return match.group(1)[::-1] if match else ""


def _in_person_name(text: str, rev: str, start: int, end: int) -> bool:
    """A capitalised word glued to the match on either side makes it part of a longer proper name.

    ``rev`` is ``text[::-1]``.
    """
    glued = False
    if (
        start >= 2
        and text[start - 1] in " \t"
        and text[start - 2].isalpha()
        # the word before starts with a capital (most are "in", "of", "the": no need to read them)
        and _REVERSED_CAPITALISED_WORD.match(rev, len(text) - start + 1, len(text) - max(0, start - 40))
    ):
        before = _word_before(text, rev, start)
        glued = bool(
            before
            and before[0].isupper()
            and not before.endswith(_POSSESSIVE_ENDINGS)  # "Iran's Sistan…": a container, not a first name
            and before.lower().rstrip(".") not in QUALIFIERS
            and before.lower() not in MONTHS_AND_DAYS  # "In March Kabul said"
            and not _is_sentence_start(text, start - len(before) - 1)
            and not before.isupper()
        )
    # "the Pak-Afghan border Chaman": a name ending in a lower-case word takes no first name after it
    if (
        not glued
        and end + 2 < len(text)
        and text[end] in " \t"
        and text[end + 1].isupper()
        and text[start:end].rsplit(None, 1)[-1][:1].isupper()  # the name's last word is capitalised
    ):
        after = _CAPITALISED_WORD_AFTER.match(text, end)
        rest = text[end : end + 80]
        glued = bool(
            after
            and after.group(1).lower() not in MONTHS_AND_DAYS  # "near Quetta Wednesday"
            and not FACILITY_AFTER.match(rest)
            and not ORG_AFTER.match(rest.lstrip())
        )
    return glued and not _is_title_case_line(text, start)


_CAPITALISED_WORD_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_POSSESSIVE_ENDINGS = ("'", "’", "'s", "’s")


def find_spans(text: str, user_places: tuple[Place, ...] = (), folded: str | None = None) -> list[_Span]:
    """Find every gazetteer name in ``text`` in one pass, longest match first, case-aware.

    ``folded`` is :func:`fold_text` of ``text``, if the caller has it.
    """
    matcher = _matcher(user_places)
    gazetteer = load_gazetteer(user_places)
    if folded is None:
        folded = fold_text(text)
    found: list[tuple[int, int, int, str]] = []
    padded = f" {folded} "  # padded[i] is folded[i - 1], a blank off either end: no bounds to test
    for end_index, (length, key) in matcher.automaton.iter(folded):
        start = end_index - length + 1
        if padded[start].isalnum() or padded[end_index + 2].isalnum():
            continue  # part of a longer word
        if text[start].isupper() or _lowercase_direction(folded[start : end_index + 1]):
            found.append((start, -length, end_index + 1, key))  # not "tank", "march": ordinary words
    found.sort()  # by start, longest first
    spans: list[_Span] = []
    last_end = -1
    for start, _, end, key in found:
        if start < last_end:
            continue  # nested in a longer match: "Dera Ismail Khan", not "Ismail"
        spans.append(_Span(start, end, key, gazetteer.index[key]))
        last_end = end
    return spans


@cache
def _border_and_crossing_keys(user_places: tuple[Place, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The keys naming a border among their places, and those naming a crossing."""
    index = load_gazetteer(user_places).index
    return (
        frozenset(key for key, places in index.items() if any(p.kind == "border" for p in places)),
        frozenset(key for key, places in index.items() if any(p.kind == "crossing" for p in places)),
    )


def _nested_countries(text: str, span: _Span, gazetteer: Gazetteer) -> list[_Span]:
    """Country names inside a border name ("Pakistan-Afghanistan border") also name territory."""
    out = []
    for match in re.finditer(r"[A-Z][a-z]+", text[span.start : span.end]):
        key = normalize_name(match.group())
        countries = [p for p in gazetteer.index.get(key, ()) if p.kind == "country"]
        if countries:
            s = span.start + match.start()
            out.append(_Span(s, s + len(match.group()), key, tuple(countries), how="inside border name"))
    return out


# a crossing named after the towns on either side: "Chaman-Spin Boldak crossing"
_TOWN_PAIR = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?) ?[-–—] ?([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})


def _nested_towns(text: str, span: _Span, gazetteer: Gazetteer) -> list[_Span]:
    """The towns a crossing is named after ("Chaman-Spin Boldak crossing") are named too."""
    match = _TOWN_PAIR.search(text, span.start, span.end)
    if match is None:
        return []
    out = []
    for group in (1, 2):
        key = normalize_name(match.group(group))
        towns = [p for p in gazetteer.index.get(key, ()) if p.kind in SETTLEMENT_KINDS and p.country in ("AF", "PK")]
        if towns:
            out.append(_Span(match.start(group), match.end(group), key, tuple(towns), how="inside crossing name"))
    return out


def _occupied(text: str, spans: list[_Span]) -> bytearray:
    mask = bytearray(len(text))
    for s in spans:
        mask[s.start : s.end] = b"\x01" * (s.end - s.start)
    return mask


# The connector of a Persian or Pashto compound name (izafat -e-/-i-/-ye-, -o-, 'and' wa/va):
# hyphenated in any case ("Dand-e-Patan", "Takht-E-Nasrati", "Qalah-ye Shahr"), or between blanks
# when it cannot be an English word ("Dasht e Archi", "Dand Wa Patan"; never a capital "I").
_CONNECTOR = r"(?:[-‐‑](?:[eEiIoO]|[yY]e|[wWvV]a)[-‐‑ ]|[ ](?:[eio]|ye|[wWvV]a)[-‐‑ ])"
_CONNECTOR_RE = re.compile(_CONNECTOR)
_COMPOUND = re.compile(rf"[A-Z](?<=\b[A-Z])[a-z]+(?:{_CONNECTOR}[A-Z][a-z]+)+\b")
COMPOUND_MIN_RATIO = 85.0


def _compound_keys(words: list[str], written: str) -> list[str]:
    """Lookup keys of a compound: the connector dropped, closed up, as each izafat, as written."""
    keys = [" ".join(words), "".join(words)] + [f" {p} ".join(words) for p in ("e", "i", "ye")] + [written]
    return list(dict.fromkeys(normalize_name(k) for k in keys))


# a connector in the folded text, lower-cased (dashes are blanks there): a compound's prefilter
_FOLDED_CONNECTORS = (" e ", " i ", " o ", " ye ", " wa ", " va ")
_REVERSED_LETTERS = re.compile(r"[A-Za-z]*")


def _compound_matches(text: str, folded: str) -> list[re.Match[str]]:
    """What ``_COMPOUND.finditer(text)`` finds, the regex tried only at the start of the word before
    each place where the folded text may hold a connector (most texts hold none, or one or two)."""
    lowered = folded.lower()
    places = []
    for connector in _FOLDED_CONNECTORS:
        at = lowered.find(connector)
        while at >= 0:
            places.append(at)
            at = lowered.find(connector, at + 1)
    if not places:
        return []
    places.sort()
    rev = text[::-1]
    out = []
    done = 0  # where the last match ended: the next one starts after it
    for at in places:
        if at < done:
            continue  # a connector of the last match
        # a compound whose first connector is here starts where the letters before it start (its first
        # word is a capital and small letters after a word boundary); no match starts between the last
        # match and there, or it would have a connector before this one
        letters = _REVERSED_LETTERS.match(rev, len(text) - at)
        match = _COMPOUND.match(text, at - (letters.end() - letters.start()))
        if match is not None:
            out.append(match)
            done = match.end()
    return out


@lru_cache(maxsize=1 << 12)  # the compounds of news text recur ("Tehreek-e-Taliban")
def _compound_reading(written: str, user_places: tuple[Place, ...]) -> tuple[str, tuple[Place, ...], str]:
    """(key, places, how) of a compound as written: how is "index" for a gazetteer name, a spelling
    variant's note, or "" when nothing matches (then key is the connector-less key)."""
    index = load_gazetteer(user_places).index
    words = _CONNECTOR_RE.split(written)
    keys = _compound_keys(words, written)
    key = next((k for k in keys if index.get(k)), None)
    if key is not None:
        return key, index[key], "index"
    variant = _compound_variant(0, 0, keys[:2], user_places)
    if variant is None:
        return keys[0], (), ""
    return variant.key, variant.candidates, variant.how


def _compounds(
    text: str, folded: str, spans: list[_Span], user_places: tuple[Place, ...] = ()
) -> tuple[list[_Span], list[_Span]]:
    """Persian and Pashto compound names ("Dand-e-Patan", "Dasht-i-Archi", "Dand Wa Patan") as a whole.

    A compound matches the gazetteer with its connector dropped ("Dand Patan"), closed up
    ("Dandpatan") or spelt as another izafat, else as the one Afghan or Pakistani place whose
    name has the same consonants and is spelt closely ("Takht-e-Bahi" -> Takht Bhai). A piece of
    a compound never resolves on its own ("Patan" in "Dand-e-Patan" is not Patan): a compound
    nothing matches blocks its pieces. Returns the spans, and the compounds left unmatched
    (to keep misspelling guesses off them). ``folded`` is :func:`fold_text` of ``text``.
    """
    matches = _compound_matches(text, folded)
    if not matches:
        return spans, []
    added: list[_Span] = []
    blocked: list[_Span] = []
    # spans by start, so each compound looks only at its neighbours (linear in a long text)
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    removed: set[int] = set()
    for match in matches:
        start, end = match.span()
        near = ordered[bisect.bisect_left(starts, start - _LONGEST_NAME) : bisect.bisect_left(starts, end)]
        if any(s.start <= start and end <= s.end and id(s) not in removed for s in near):
            continue  # the gazetteer knows the compound as written, or a longer name holding it
        key, places, how = _compound_reading(match.group(), user_places)
        if how == "index":
            span = _Span(start, end, key, places, notes=["compound: connector dropped or respelt"])
        elif how:
            span = _Span(start, end, key, places, how=how)
        else:
            span = None
        removed.update(id(s) for s in near if not (s.end <= start or s.start >= end))  # its pieces are no mentions
        (added if span is not None else blocked).append(span or _Span(start, end, key, ()))
    return sorted([s for s in spans if id(s) not in removed] + added, key=lambda s: s.start), blocked


_LONGEST_NAME = 200  # characters: no place name is longer, so a span holding a compound starts this close


def _compound_variant(start: int, end: int, keys: list[str], user_places: tuple[Place, ...]) -> _Span | None:
    """The Afghan or Pakistani places of one name spelt like the compound without its connector
    (a district and its seat town may share it)."""
    found = {
        place.id: place
        for key in keys
        for name, place in _by_consonants(user_places).get(consonants(key), ())
        if name[0] == key[0] and fuzz.ratio(key, name) >= COMPOUND_MIN_RATIO
    }
    names = {normalize_name(place.name) for place in found.values()}
    if len(names) != 1:
        return None
    (name,) = names
    places = tuple(found.values())
    return _Span(start, end, name, places, how=f"spelling variant of {places[0].name}")


_FUZZY_WORD = re.compile(r"[A-Z](?<=\b[A-Z])[a-z]{4,}\b")


def _fuzzy_word(word: str, user_places: tuple[Place, ...]) -> tuple[str, float] | None:
    """The gazetteer name a capitalised word misspells, if it is not a name or a common word itself."""
    key = word.lower()
    index = load_gazetteer(user_places).index
    if key in NOT_PLACES or key in MONTHS_AND_DAYS or key in index:
        return None
    if any(key.endswith(e) and key[: -len(e)] in index for e in DEMONYM_ENDINGS):
        return None  # a people named after a place ('Punjabis') is not a misspelt place
    best = fuzzy_match(key, user_places)
    units = _unit_parts(user_places).get(key)
    if best and units and not any(p.name in units or p.admin2 in units for p in index[best[0]]):
        return None  # 'Kohistan' of 'Upper Kohistan' is no misspelling of a place elsewhere
    return best


@cache
def _unit_parts(user_places: tuple[Place, ...]) -> dict[str, frozenset[str]]:
    """The names Afghan and Pakistani units have after a direction word ('kohistan' of 'Upper
    Kohistan'), with the units and districts they name."""
    parts: dict[str, set[str]] = {}
    for place in load_gazetteer(user_places).places:
        if place.kind in ("district", "tehsil", "province") and place.country in ("AF", "PK"):
            for name in (place.name, *place.aliases):
                first, _, rest = normalize_name(name).partition(" ")
                if rest and first in DIRECTION_WORDS:
                    parts.setdefault(rest, set()).update(n for n in (place.name, place.admin2) if n)
    return {k: frozenset(v) for k, v in parts.items()}


@cache
def _fuzzy_words(user_places: tuple[Place, ...]) -> dict[str, tuple[str, float] | None]:
    """Answers of :func:`_fuzzy_word` so far, per set of user places (a plain dict: the fastest lookup)."""
    return {}


@cache
def _fuzzy_hits(user_places: tuple[Place, ...]) -> set[str]:
    """The words of :func:`_fuzzy_words` that misspell a name (their answer is not None)."""
    return set()


_RUN_WORD = re.compile(r"[A-Z][a-z]{4,}")
_FUZZY_MEMO_LIMIT = 200_000


def _fuzzy_spans(
    text: str, rev: str, taken: list[_Span], runs: list[re.Match[str]], user_places: tuple[Place, ...] = ()
) -> list[_Span]:
    """Capitalised words nothing else explains, close to a known name: 'Nangahar', 'Peshwar'.

    ``runs`` are the matches of ``CAPITALISED_RUN`` in ``text``: the words of five letters or
    more of those runs are the words ``_FUZZY_WORD`` finds.
    """
    known = _fuzzy_words(user_places)
    hits = _fuzzy_hits(user_places)
    if len(known) > _FUZZY_MEMO_LIMIT:  # a long-running process meets ever new words: start afresh
        known.clear()
        hits.clear()
    words = set()
    for run in runs:
        written = run.group()
        if len(written) >= 5:
            if written.isalpha():
                words.add(written)
            else:
                words.update(_RUN_WORD.findall(written))
    for word in words.difference(known):
        best = known[word] = _fuzzy_word(word, user_places)
        if best is not None:
            hits.add(word)
    if hits.isdisjoint(words):
        return []  # most texts misspell no name
    occupied = _occupied(text, taken)  # one pass: a test per span and word grew with the square of the length
    index = load_gazetteer(user_places).index
    out = []
    for run in runs:  # the words of the runs, in text order, are the matches of _FUZZY_WORD
        written = run.group()
        if written in hits:
            found = [(run.start(), written)]
        elif len(written) > 5 and not written.isalpha() and not hits.isdisjoint(_RUN_WORD.findall(written)):
            found = [(run.start() + word.start(), word.group()) for word in _RUN_WORD.finditer(written)]
        else:
            continue
        for start, word in found:
            best = known[word]
            end = start + len(word)
            if best and not occupied[start] and not _in_person_name(text, rev, start, end):
                out.append(_Span(start, end, best[0], index[best[0]], how=f"fuzzy {best[1]:.0f}"))
    return out


_SPEECH_HINT = re.compile(
    r"accus|blam|urg|ask|told|warn|press|call|critic|condemn|summon|engag|with|between|said|says|agree|deni|"
    r"demand|reject|claim|insist|respon|protest|want|sought|seek|express|expect|maintain|alleg|announc|decid|"
    r"refus|vow|pledg|welcom|hope|believ|reiterat|assur|retaliat|should|must|will|would|has|have|had|"
    r"confirm|comment|react|acknowledg|declin|did|does|yet"
)


_GOVERNING_KINDS = frozenset({"country", "city", "province"})
# every ORG_BEFORE alternative ends with "Taliban" or "<Islamic Emirate, Government, Bank, Embassy> of" and
# blanks (in any case): the same ends read backwards, a prefilter at one position
_REVERSED_ORG_BEFORE_END = re.compile(r"\s+(?:nabilaT|fo (?:etarimE cimalsI|tnemnrevoG|knaB|yssabmE))", re.IGNORECASE)
# the first token of a SUBJECT_OF_SPEECH match after its leading blanks, and what it may be
_NEXT_TOKEN = re.compile(r"\s+(\w+|,)")
_SUBJECT_FIRST_TOKENS = frozenset(
    {"and", ",", "also", "have", "has", "had", "did", "does", "do", "is", "was", "were"}
) | frozenset(verb.split()[0] for verb in _SPEECH_VERBS.split("|"))


def _mark_metonymy(text: str, rev: str, span: _Span) -> None:
    start, end = span.start, span.end
    # the same tests as on text[end : end + 80] and text[start - 45 : start], without the slices where they
    # can be spared ('^' does not match at a start position: the anchored patterns get the slice)
    capital_after = end + 1 < len(text) and text[end] == " " and text[end + 1].isupper()
    if (
        capital_after
        and ORG_AFTER.match(text[end + 1 : end + 80])
        and not FACILITY_AFTER.match(text[end : end + 80])
        and not FORCE_FACILITY_AFTER.match(text[end + 1 : end + 80])
    ):
        span.locative, span.why_not_locative = False, "organisation name"
    elif (
        _REVERSED_ORG_BEFORE_END.match(rev, len(text) - start)  # the cheapest test first
        and (text.find("aliban", max(0, start - 45), start) >= 0 or text.find(" of ", max(0, start - 25), start) >= 0)
        and ORG_BEFORE.search(text[max(0, start - 45) : start])
    ):
        span.locative, span.why_not_locative = False, "organisation name"
    elif text[end : end + 1] in ("'", "’") and ROLE_AFTER_POSSESSIVE.match(text[end : end + 80]):
        span.locative, span.why_not_locative = False, "possessive of a government role"
    elif any(_can_govern(p) for p in span.candidates) and _governs(text, rev, span):
        span.locative, span.why_not_locative = False, "government as actor"


# A town is never a government: only a country, a province or a national capital speaks for one
# ("Kabul said"; "trade through Chaman has been suspended" is about a place). Not by population:
# the gazetteer gives some towns their district's.
CAPITALS = frozenset({
    "kabul", "islamabad", "tehran", "new delhi", "washington", "beijing", "moscow", "doha", "ankara", "riyadh",
    "tashkent", "dushanbe", "ashgabat", "abu dhabi", "london", "brussels",
})  # fmt: skip


def _can_govern(place: Place) -> bool:
    if place.kind != "city":
        return place.kind in _GOVERNING_KINDS
    return place.name.lower() in CAPITALS


def _governs(text: str, rev: str, span: _Span) -> bool:
    """The name is the subject or object of a verb of speech or diplomacy: a government acting."""
    first = _NEXT_TOKEN.match(text, span.end, span.end + 80)
    if not (
        first and first.group(1) in _SUBJECT_FIRST_TOKENS and SUBJECT_OF_SPEECH.match(text[span.end : span.end + 80])
    ):
        # (the subject pattern starts with a blank; the object one's last word is one of OBJECT_LAST)
        if not _REVERSED_OBJECT_LAST.match(rev, len(text) - span.start):
            return False
        if not OBJECT_OF_SPEECH.search(text[max(0, span.start - 45) : span.start]):
            return False
    after = text[span.end : span.end + 80]
    before = text[max(0, span.start - 45) : span.start]
    last = _last_word(text, rev, span.start)
    if not (_SPEECH_HINT.search(after[:40]) or _SPEECH_HINT.search(before)):
        return False
    if last in LOCATIVE_LAST and LOCATIVE_BEFORE.search(before):
        return False  # "the ministry in Kabul said"
    return not (
        last in PLACE_NOUNS and LOCATIVE_BEFORE_NOUN.search(before)
    )  # "a clerk at Pak-Afghan frontier city X said"


_TYPE_WORD = re.compile(r"[ \t]+(border crossing|sub-division|[A-Za-z-]+)")
_CONTAINER_GAP_AFTER = re.compile(r"[ \t]*(?:[a-z-]+[ \t]+){0,2}(?:of|in)[ \t]+(?:the[ \t]+)?|[ \t]*,[ \t]*")
_CONTAINER_GAP_BEFORE = re.compile(r"['’]s?[ \t]+")


def _type_word_after(text: str, end: int) -> str | None:
    match = _TYPE_WORD.match(text, end, end + 30)
    return TYPE_AFTER.get(match.group(1).lower()) if match else None


def _containers_of(
    text: str, span: _Span, resolved: list[tuple[_Span, Place]], starts: list[int]
) -> list[tuple[_Span, Place]]:
    """Places written right after or before ``span`` as containing it: "X district of Y", "Y's X", "X, Y"."""
    found = []
    lo = bisect.bisect_left(starts, span.start - 60)
    hi = bisect.bisect_right(starts, span.end + 60)
    for other, place in resolved[lo:hi]:
        if other is span:
            continue
        if 0 <= other.start - span.end <= 40 and _CONTAINER_GAP_AFTER.fullmatch(text, span.end, other.start):
            found.append((other, place))
        if 0 <= span.start - other.end <= 3 and _CONTAINER_GAP_BEFORE.fullmatch(text, other.end, span.start):
            found.append((other, place))
    return found


def _container_near(text: str, span: _Span, resolved: list[tuple[_Span, Place]], starts: list[int]) -> set[str]:
    """Names of places written as containing this one, and what contains those in turn:
    "X village of Y district, Z province" gives Y and Z."""
    direct = _containers_of(text, span, resolved, starts)
    places = [place for _, place in direct]
    for other, _ in direct:
        places += [place for o, place in _containers_of(text, other, resolved, starts) if o is not span]
    names = {place.name for place in places}
    for place in places:  # a district split since contains what its successors contain
        names.update(successors(place.country, place.name) or ())
    return names


def _score(
    place: Place, kind_hint: str | None, containers: set[str], focus: dict[str, float], countries: dict[str, float]
) -> float:
    """A candidate's score; ``focus`` and ``countries`` say what the article's focus on a province
    or a country adds (see :func:`_resolve`)."""
    score = 0.0
    if kind_hint and (place.kind == kind_hint or (kind_hint == "town" and place.kind in ("city", "village"))):
        score += 10
    if containers and containers & {
        place.admin1,
        place.admin2,
        place.admin3,
        place.country,
        _country_name(place.country),
    }:
        score += CONTAINER_WEIGHT
    score += focus.get(place.admin1, 0.0) if place.admin1 else 0
    score += countries.get(place.country, 0.0)
    if place.country in ("AF", "PK", "AF/PK"):
        score += 2
    known = _BARE_PREFERENCES.get(place.id)
    if known is None or known[0] is not place:  # a store's own place may reuse an id
        known = _BARE_PREFERENCES[place.id] = (place, bare_name_preference(place))
    return score + known[1]


# place id -> (place, its bare-name preference): a pure function of the place, asked for in every article
_BARE_PREFERENCES: dict[str, tuple[Place, float]] = {}


# What a bare name most likely means: a big city over its province (Kabul), a province over its
# seat town (Khost), a town over its district (Spin Boldak); population breaks ties within a kind.
_BARE_RANK = {"country": 0, "province": 1, "crossing": 1.5, "border": 1.5, "region": 2, "city": 3, "town": 4}
_BARE_RANK |= {"district": 4.5, "other": 5, "village": 5.5, "tehsil": 5.8}  # a tehsil is named after its seat


# A district split since ('Kohistan', 'Dir', 'Chitral') is what the press means by its old name:
# the whole area, before its seat town and before same-named districts of other provinces.
FORMER_DISTRICT_RANK = 3.2


def bare_name_preference(place: Place) -> float:
    """Score of a candidate when nothing in the text says which one is meant (higher wins)."""
    former = place.kind == "district" and successors(place.country, place.name) is not None
    return _bare_name_preference(place.kind, place.population, former)


@cache
def _bare_name_preference(kind: str, population: int, former: bool = False) -> float:
    rank = FORMER_DISTRICT_RANK if former else _BARE_RANK.get(kind, 6)
    if kind == "city" and population >= 500_000:
        rank = 0.5
    return -1.0 * rank + 0.1 * math.log10(population + 1)


@cache
def _former_districts() -> dict[tuple[str, str], tuple[str, ...]]:
    from borderwatch.paths import geo_dir

    path = geo_dir() / "former_districts.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["country"], normalize_name(row["name"])): tuple(row["successors"].split("|"))
            for row in csv.DictReader(handle)
        }


@cache
def successors(country: str, name: str) -> tuple[str, ...] | None:
    """The districts a district split since was divided into ('Kohistan' -> Upper and Lower
    Kohistan, as the polygons name them), from geo/former_districts.csv; None for any other name."""
    return _former_districts().get((country, normalize_name(name)))


@cache
def _country_name(iso: str) -> str:
    return next((p.name for p in load_gazetteer().places if p.kind == "country" and p.country == iso), iso)


def _best_first(scored: tuple[float, Place]) -> tuple[float, tuple[int, int]]:
    return (-scored[0], importance(scored[1]))


def _needs_context(candidates: tuple[Place, ...]) -> bool:
    """Same-named imported villages (GeoNames has hundreds of some names): only context picks one."""
    return len(candidates) > 1 and all(p.source.startswith(IMPORTED) for p in candidates)


def _resolve(text: str, spans: list[_Span], *, explain: bool = False) -> list[tuple[_Span, Place | None]]:
    """Pick one candidate per span: type word, then container, then article focus, then importance.

    Same-named imported villages are never guessed: one is picked only when a containing place is
    named nearby, else the span is ambiguous (``None``).
    """
    focus: dict[str, int] = {}
    countries: dict[str, int] = {}
    for span in spans:
        candidates = span.candidates
        if len(candidates) == 1 or len({(p.country, p.admin1) for p in candidates}) == 1:
            place = candidates[0]
            name = place.admin1 or place.name
            focus[name] = focus.get(name, 0) + 1
            countries[place.country] = countries.get(place.country, 0) + 1
    if all(len(s.candidates) == 1 for s in spans):
        return [(s, s.candidates[0]) for s in spans]
    # what the article's focus adds to a candidate in a province or country (as _score added it)
    focus_bonus = {name: 3 * min(count, 2) / 2 for name, count in focus.items()}
    country_bonus = {iso: 1 * min(count, 3) / 3 for iso, count in countries.items()}
    firsts = [(s, s.candidates[0]) for s in spans]
    starts = [s.start for s in spans]
    resolved: list[tuple[_Span, Place | None]] = []
    for span in spans:
        if len(span.candidates) == 1:
            resolved.append((span, span.candidates[0]))
            continue
        kind_hint = _type_word_after(text, span.end)
        containers = _container_near(text, span, firsts, starts)
        scored = [(_score(p, kind_hint, containers, focus_bonus, country_bonus), p) for p in span.candidates]
        best: Place | None = None
        least = None  # as min(scored, key=_best_first): the first of the best
        for score, place in scored:
            key = (-score, importance(place))
            if least is None or key < least:
                least, best = key, place
        if _needs_context(span.candidates):
            within = [p for p in span.candidates if containers & {p.admin1, p.admin2, p.admin3}]
            best = within[0] if len(within) == 1 else None
            if best is None:
                span.how = f"ambiguous: {len(span.candidates)} places of this name, no containing place named"
        if explain and len(scored) > 1:
            scored.sort(key=_best_first)
            span.notes.append(
                "candidates: "
                + "; ".join(f"{p.name} ({p.kind}, {p.admin1 or p.country}) {s:.1f}" for s, p in scored[:4])
                + (f"; type word → {kind_hint}" if kind_hint else "")
                + (f"; within {', '.join(sorted(containers))}" if containers else "")
            )
        resolved.append((span, best))
    return resolved


# How large a unit is, for "X tehsil of Y": only a larger unit named as a container says where X is.
_UNIT_SIZE = {"country": 0, "province": 1, "district": 2, "tehsil": 3}
_SETTLEMENT_SIZE = 4  # towns, villages, valleys…: smaller than any unit
# "Khost, Paktika and Kunar": a name in a list, not the container of the name before it
_LIST_GOES_ON = re.compile(r"[ \t]*(?:,|and\b|or\b|&)[ \t]*[A-Z]")
# what may stand between a place and the unit that holds it: "X tehsil of Y", "X area in Y", "X, Y"
# (not any "X … in Y": "Jalalabad residents rallied in Peshawar" puts nothing in Peshawar)
_HELD_IN = re.compile(
    r"[ \t]*(?:(?:district|tehsil|sub-division|subdivision|agency|village|town|city|area|areas|locality|valley|"
    r"tribal[ \t]+district)[ \t]+)?(?:of|in)[ \t]+(?:the[ \t]+)?|[ \t]*,[ \t]*"
)


def _against_containers(text: str, resolved: list[tuple[_Span, Place | None]]) -> list[tuple[_Span, Place | None]]:
    """Unresolve a place that lies in another country or province than the unit the text puts it in.

    "Bagh Maidan tehsil of Bajaur" cannot be a village of Parwan: when the only places of that name
    are elsewhere, the gazetteer lacks the one meant, and the mention is listed as unresolved rather
    than put in the wrong country.
    """
    known = [(span, place) for span, place in resolved if place is not None]
    starts = [span.start for span, _ in known]
    out: list[tuple[_Span, Place | None]] = []
    for span, place in resolved:
        size = _UNIT_SIZE.get(place.kind, _SETTLEMENT_SIZE) if place is not None else None
        if place is None or size is None or place.country not in ("AF", "PK") or place.kind in ("region", "other"):
            out.append((span, place))
            continue
        for other, unit in _containers_of(text, span, known, starts):
            if unit.kind not in _UNIT_SIZE or _UNIT_SIZE[unit.kind] >= size or unit.country not in ("AF", "PK"):
                continue
            if (
                any(p.kind not in _UNIT_SIZE for p in other.candidates)
                and _type_word_after(text, other.end) not in _UNIT_SIZE
            ):
                continue  # a bare "Kurram" may be the river: a unit only when its type word says so
            if other.start > span.end and not _HELD_IN.fullmatch(text, span.end, other.start):
                continue
            comma = other.start > span.end and "," in text[span.end : other.start]
            if comma and _LIST_GOES_ON.match(text, other.end, other.end + 12):
                continue
            province = unit.name if unit.kind == "province" else unit.admin1
            if unit.country != place.country or (unit.kind != "country" and province and province != place.admin1):
                span.how = f"named in {unit.name} ({unit.kind}), but no place of this name there is known"
                place = None
                break
        out.append((span, place))
    return out


def _in_region(spans: list[_Span]) -> list[_Span]:
    """Keep a candidate outside the region only when the article names its country, or it is a
    national capital; a name left without candidates is no mention ('Perth' is not a place here)."""
    if all(p.country in REGION for s in spans for p in s.candidates):
        return spans
    named = {p.country for s in spans for p in s.candidates if p.kind == "country"}
    kept = []
    for span in spans:
        candidates = tuple(
            p
            for p in span.candidates
            if p.country in REGION or p.kind == "country" or p.country in named or "national capital" in p.source
        )
        if candidates:
            span.candidates = candidates
            kept.append(span)
    return kept


HOME = frozenset({"AF", "PK", "AF/PK"})
# how near (in characters, either side) a neighbour must be named to support one of its places
NEIGHBOUR_SUPPORT_CHARS = 300
# adjectives that name a neighbour without naming a place ('Indian police'); not Tajik, Uzbek,
# Turkmen or Baloch: peoples of Afghanistan and Pakistan too
NEIGHBOUR_ADJECTIVES = {"IR": re.compile(r"\bIranian"), "IN": re.compile(r"\bIndian"), "CN": re.compile(r"\bChinese")}


def _home_first(text: str, spans: list[_Span]) -> None:
    """A name of both an Afghan or Pakistani place and a neighbour's ('Patan' in Khyber
    Pakhtunkhwa and in Gujarat) is the home place, unless the neighbour or a place in it is named
    nearby ('Patan, Gujarat', 'Indian police in Patan'; the country as a location, not as a
    government acting). Population never outweighs the region."""
    mixed = [
        s
        for s in spans
        if len(s.candidates) > 1  # one candidate is never both
        and any(p.country in HOME for p in s.candidates)
        and any(p.country not in HOME for p in s.candidates)
    ]
    if not mixed:
        return
    starts = [s.start for s in spans]  # spans come sorted by start: the window is a slice
    for span in mixed:
        lo, hi = span.start - NEIGHBOUR_SUPPORT_CHARS, span.end + NEIGHBOUR_SUPPORT_CHARS
        window_spans = spans[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]
        supported = set()
        for other in window_spans:
            if other is span or other.start < lo or other.end > hi:
                continue
            one_country = len({q.country for q in other.candidates}) == 1
            for p in other.candidates:
                # the country as a location (not as a government acting: 'Pakistan accused India'), or a
                # place in it (all the name's candidates in that country)
                if other.locative if p.kind == "country" else one_country:
                    supported.add(p.country)
        window = text[max(0, lo) : hi]
        supported |= {
            iso
            for iso, adjective in NEIGHBOUR_ADJECTIVES.items()
            if adjective.pattern[2:] in window and adjective.search(window)  # the word itself first: cheaper
        }
        span.candidates = tuple(p for p in span.candidates if p.country in HOME or p.country in supported)


def _trusted(resolved: list[tuple[_Span, Place | None]]) -> list[tuple[_Span, Place | None]]:
    """Drop misspelling guesses of small places outside the provinces the article names exactly.

    A misspelt province, country, crossing or city is safe to guess anywhere; a misspelt
    district or town only where the article is ('Sharki' in Paktika is not 'Shiki' in Badakhshan).
    A word of five letters is too short to be a far city misspelt: many villages are spelt that
    close to one ('Bagan' in Kurram is not Baghlan).
    """
    if not any(span.how.startswith("fuzzy") for span, _ in resolved):
        return resolved
    exact = [place for span, place in resolved if place is not None and not span.how.startswith("fuzzy")]
    areas = {p.admin1 for p in exact if p.admin1} | {p.name for p in exact if p.kind == "province"}
    return [
        (span, place)
        for span, place in resolved
        if place is None
        or not span.how.startswith("fuzzy")
        or place.kind in FUZZY_ANYWHERE
        or (place.kind == "city" and place.population >= 100_000 and span.end - span.start > 5)
        or place.admin1 in areas
    ]


def _with_pashto_qualifier(text: str, spans: list[_Span]) -> None:
    """Join "Loi"/"Kuz" (greater, lesser) to the place they qualify: "Lwee Mamund" is a mention
    of Mamund, not a person called Lwee."""
    for span in spans:
        lo = max(0, span.start - 8)
        if text.find("L", lo, span.start) < 0 and text.find("K", lo, span.start) < 0:
            continue  # every qualifier starts with one of these
        before = text[lo : span.start]
        match = PASHTO_QUALIFIER.search(before)
        if match is None:
            continue
        start = span.start - (len(before) - match.start())
        if (start == 0 or not text[start - 1].isalpha()) and any(p.country in ("AF", "PK") for p in span.candidates):
            span.start = start


VARIANT_KINDS = frozenset({"district", "tehsil", "city", "town", "village"})
VARIANT_MIN_RATIO = 70.0


def consonants(name: str) -> str:
    """The consonants transliterations of a name agree on: 'Gushta', 'Goshtah' -> 'gst';
    'Takht-i-Bahi', 'Takht Bhai' -> 'tktb' (vowels, h, w and y vary between spellings)."""
    return re.sub(r"[^a-z]|[aeiouhwy]", "", name.lower())


@cache
def _by_consonants(user_places: tuple[Place, ...]) -> dict[str, tuple[tuple[str, Place], ...]]:
    """(normalised name, place) of every Afghan and Pakistani district, tehsil and settlement, by consonants."""
    out: dict[str, list[tuple[str, Place]]] = {}
    for place in load_gazetteer(user_places).places:
        if place.kind in VARIANT_KINDS and place.country in ("AF", "PK") and not place.source.startswith(IMPORTED):
            for key in {normalize_name(n) for n in (place.name, *place.aliases)}:
                if len(key.replace(" ", "")) >= 5:
                    out.setdefault(consonants(key), []).append((key, place))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1 << 14)  # keys of the capitalised names of news text: they recur
def _variants_of(key: str, user_places: tuple[Place, ...]) -> tuple[tuple[str, Place], ...]:
    """(name, place) of the Afghan and Pakistani places whose name ``key`` may be another spelling
    of: the same consonants, the same first letter, the spellings close."""
    if len(key.replace(" ", "")) < 5:
        return ()
    return tuple(
        (name, place)
        for name, place in _by_consonants(user_places).get(consonants(key), ())
        if name[0] == key[0] and fuzz.ratio(key, name) >= VARIANT_MIN_RATIO
    )


def _variant_spellings(
    text: str,
    rev: str,
    resolved: list[tuple[_Span, Place | None]],
    runs: list[tuple[int, int, str]],
    user_places: tuple[Place, ...] = (),
) -> list[tuple[_Span, Place | None]]:
    """Names nothing else explains that are another spelling of a place where the article is.

    'Gushta district' in an article naming Nangarhar is Goshta, a district of Nangarhar;
    'Takht-i-Bahi' next to Mardan district is Takht Bhai, a tehsil of Mardan. Accepted only when
    the name stands in a place-like context ("X district", "in X"), the consonants are the same,
    the first letter is the same, the spellings are close, and the place lies in a province (for a
    district) or a district (for a tehsil or a town) the article names exactly; then it must be
    the only such place. ``runs`` are the text's capitalised names in a place-like context that
    no span of ``resolved`` covers (:func:`_place_like_runs`).
    """
    exact = [p for span, p in resolved if p is not None and span.how == "exact"]
    named = {p.name for p in exact if p.kind in ("province", "district")} | {
        p.admin2 for p in exact if p.kind in ("district", "tehsil") and p.admin2
    }
    if not named or not runs:
        return []
    out: list[tuple[_Span, Place | None]] = []
    for start, end, written in runs:
        candidates = _variants_of(normalize_name(written), user_places)
        if not candidates:
            continue
        found = {
            place.id: (name, place)
            for name, place in candidates
            if (place.admin1 if place.kind == "district" else place.admin2) in named
        }
        if len(found) != 1 or _in_person_name(text, rev, start, end):
            continue
        ((name, place),) = found.values()
        span = _Span(start, end, name, (place,), how=f"spelling variant of {place.name}")
        _mark_metonymy(text, rev, span)
        out.append((span, place))
    return out


# first words that make a capitalised run no place name ("Monday", "In", "Afghan")
_NOT_A_NAME_START = NOT_PLACES | QUALIFIERS | MONTHS_AND_DAYS


def _place_like_runs(text: str, rev: str, runs: list[re.Match[str]], occupied: bytearray) -> list[tuple[int, int, str]]:
    """(start, end, text) of the capitalised runs (``runs``: the matches of ``CAPITALISED_RUN``)
    outside ``occupied`` (see :func:`_occupied`), in a place-like context, whose first word may
    start a place name: what :func:`_variant_spellings` and :func:`_unresolved` look at."""
    out = []
    size = len(text)
    for match in runs:
        start, end = match.span()
        if occupied.find(1, start, end) >= 0 or match.group(1).lower() in _NOT_A_NAME_START:
            continue
        # a place-like context: a type word after the name ("X village") or a locative phrase
        # before it ("in X", "district of X"; its last word is one of LOCATIVE_LAST)
        if UNRESOLVED_TYPE_AFTER.match(text, end) or (
            _REVERSED_LOCATIVE_LAST.match(rev, size - start)
            and LOCATIVE_BEFORE.search(text[max(0, start - 30) : start])
        ):
            out.append((start, end, match.group()))
    return out


_INNER_WORD = re.compile(r"(?<=[ \t-])[A-Z]")
# words that make a run of capitalised words an outlet, a train or an office, not a place
# ("Mehr News", "Jaffer Express", "Inter-Services Public Relations"); not "Post": checkposts are places
_ORG_INSIDE = re.compile(
    r"(?:News|Express|Times|Tribune|Herald|Chronicle|Observer|Today|Television|TV|Radio|"
    r"Public Relations|Airlines|Railways|Party|League|Movement|Council|Committee|Commission|University|Institute)\b"
)


def _unresolved(text: str, rev: str, runs: list[tuple[int, int, str]], gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Capitalised names in a place-like context no span covers (``runs``, see :func:`_place_like_runs`)
    that the gazetteer does not know."""
    out = []
    for start, end, written in runs:
        if normalize_name(written) in gazetteer.index:
            continue
        after = text[end : end + 80].lstrip()
        if (ORG_AFTER.match(after) and not FORCE_FACILITY_AFTER.match(after)) or _in_person_name(text, rev, start, end):
            continue
        if any(_ORG_INSIDE.match(text, w.start(), end) for w in _INNER_WORD.finditer(text, start, end)):
            continue  # "Mehr News", "Jaffer Express": an organisation or a train, not a place
        out.append((start, end))
    return out


def geoparse(
    article_id: str, text: str, *, explain: bool = False, user_places: tuple[Place, ...] = ()
) -> list[Mention]:
    """Return every place mention of ``text``, resolved or not, in text order.

    A resolved mention carries its gazetteer place (with kind, id and precision) and whether it
    names a location (``locative``) or a government, actor or organisation. An unresolved one
    has ``place=None``: a capitalised name in a place-like context the gazetteer does not know.
    """
    gazetteer = load_gazetteer(user_places)
    rev = text[::-1]  # for reading words backwards from a position (see _last_word)
    folded = fold_text(text)
    spans = find_spans(text, user_places, folded)
    _with_pashto_qualifier(text, spans)
    spans = [
        s
        for s in spans
        # "Tehreek-e-Taliban Pakistan" is an organisation's name: kept, then marked not locative
        if not _in_person_name(text, rev, s.start, s.end) or ORG_BEFORE.search(text, max(0, s.start - 45), s.start)
    ]
    borders, crossings = _border_and_crossing_keys(user_places)
    for span in list(spans):  # (a span of find_spans has all the places of its key)
        if span.key in borders:
            spans += _nested_countries(text, span, gazetteer)
        elif span.key in crossings:
            spans += _nested_towns(text, span, gazetteer)
    spans, compounds = _compounds(text, folded, spans, user_places)
    runs = list(CAPITALISED_RUN.finditer(text))
    spans += _fuzzy_spans(text, rev, spans + compounds, runs, user_places)
    spans = _in_region(spans)
    spans.sort(key=lambda s: s.start)
    for span in spans:
        _mark_metonymy(text, rev, span)
    _home_first(text, spans)
    resolved = _against_containers(text, _trusted(_resolve(text, spans, explain=explain)))
    runs = _place_like_runs(text, rev, runs, _occupied(text, [span for span, _ in resolved]))
    variants = _variant_spellings(text, rev, resolved, runs, user_places)
    if variants:  # a variant is one of the runs: not listed again as unresolved
        resolved += variants
        taken = {(span.start, span.end) for span, _ in variants}
        runs = [run for run in runs if (run[0], run[1]) not in taken]
    resolved.sort(key=lambda sp: sp[0].start)
    mentions = []
    for span, place in resolved:
        if place is None:  # ambiguous: listed with the unresolved, never guessed
            text_of = text[span.start : span.end]
            mentions.append(Mention(article_id, text_of, span.start, span.end, None, explanation=span.how))
            continue
        end = span.end
        extra = facility = None
        if text[end : end + 1] in (" ", "\t"):  # both patterns start with a blank
            extra = SPAN_TYPE_WORDS.match(text[end : end + 40])
            facility = SPAN_FACILITY_WORDS.match(text[end : end + 40])
        if extra and (
            place.kind in ("district", "tehsil", "province")
            if extra.group(1).lower() != "division"
            else place.kind == "district" and place.country == "PK"  # divisions are named after a district
        ):
            end += extra.end()  # "Kurram district" is the mention, as the press writes it
        elif facility and place.kind in ("city", "town", "village"):
            end += facility.end()
            place = replace(place, precision=GeoPrecision.NEAR)  # somewhere in the town, not its centre
        explanation = ""
        if explain:
            why = [span.how, *span.notes] + ([f"not locative: {span.why_not_locative}"] if not span.locative else [])
            explanation = "; ".join(why)
        mentions.append(Mention(article_id, text[span.start : end], span.start, end, place, span.locative, explanation))
    for start, end in _unresolved(text, rev, runs, gazetteer):
        mentions.append(Mention(article_id, text[start:end], start, end, place=None, explanation=""))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions
