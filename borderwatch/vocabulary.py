"""Own the words incident extraction knows, as reviewed data: trigger classes, casualty heads, actors.

Each trigger class lists lemmas in a small notation, and every surface form is generated from it,
never typed out:

- ``air strike``: a noun. Its last word takes the plural, and a two-word compound is also matched
  hyphenated and closed up ("air strikes", "air-strike", "airstrikes").
- ``~kill``: a verb. Its first word is inflected (kill, kills, killed, killing); irregular forms
  come from ``IRREGULAR``. ``~shoot dead`` gives "shot dead", "shooting dead"…
- ``=bombed``: a literal, matched as written.
- ``{military} operation``: ``{name}`` stands for each word of ``MODIFIERS[name]``.
- ``…``: up to three words of any kind ("exchanged heavy fire", "summoned the acting envoy").

Matching is on lowered text, on whole words (``extract.trigger_hits``). ``tests/test_behaviour.py``
checks the generated families and each class on sentences written for it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Every incident type a trigger class can open (acled.py maps each to the ACLED codebook).
INCIDENT_TYPES = (
    "clash", "attack", "airstrike", "operation", "closure", "reopening", "talks", "protest", "deportation", "other",
)  # fmt: skip

# Verbs whose past forms are not base + "ed" (or that double their last consonant).
IRREGULAR: dict[str, tuple[str, ...]] = {
    "shoot": ("shot", "shooting", "shoots"),
    "shut": ("shut", "shutting", "shuts"),
    "hit": ("hit", "hitting", "hits"),
    "fight": ("fought", "fighting", "fights"),
    "strike": ("struck", "striking", "strikes"),
    "lose": ("lost", "losing", "loses"),
    "find": ("found", "finding", "finds"),
    "seize": ("seized", "seizing", "seizes"),
    "meet": ("met", "meeting", "meets"),
    "hold": ("held", "holding", "holds"),
    "blow": ("blew", "blown", "blowing", "blows"),
    "break": ("broke", "broken", "breaking", "breaks"),
    "withdraw": ("withdrew", "withdrawn", "withdrawing", "withdraws"),
    "expel": ("expelled", "expelling", "expels"),
    "die": ("died", "dying", "dies"),
    "slay": ("slain", "slew", "slaying"),
    "set": ("set", "setting", "sets"),
    "drive": ("drove", "driven", "driving"),
    "send": ("sent", "sending", "sends"),
    "take": ("took", "taken", "taking"),
    "trade": ("traded", "trading"),  # not "trades": "trades" is also the noun
    "open": ("opened", "opening", "opens"),
    "fire": ("fired", "firing"),
    "throw": ("threw", "thrown", "throwing", "throws"),
    "kidnap": ("kidnapped", "kidnapping", "kidnaps"),
    "cut": ("cut", "cutting", "cuts"),
    "overrun": ("overran", "overrunning", "overruns"),
}

MODIFIERS: dict[str, tuple[str, ...]] = {
    # words that make "operation" a military one
    "military": (
        "security", "military", "clearance", "intelligence-based", "intelligence based", "counter-terrorism",
        "counterterrorism", "counter terrorism", "counter-insurgency", "search", "sanitisation", "sanitization",
        "combing", "search and strike", "search-and-strike", "joint", "ground", "targeted", "anti-terror",
        "anti-militant", "cordon-and-search", "cordon and search", "rescue", "army", "police", "large-scale",
        "major", "full-scale", "ongoing", "anti-terrorist", "anti-terrorism", "mop-up", "follow-up",
    ),
    # words that make "attack" an event rather than a topic
    "violent": (
        "militant", "terrorist", "terror", "insurgent", "armed", "deadly", "coordinated", "twin", "suicide",
        "gun", "grenade", "rocket", "bomb", "fidayeen", "cross-border", "complex", "major", "fresh", "recent",
        "latest", "brazen", "daring", "an", "the", "this", "separate", "another", "overnight", "retaliatory",
    ),
    "envoy": (
        "ambassador", "envoy", "chargé d'affaires", "charge d'affaires", "chargé d’affaires", "diplomat",
        "head of mission", "deputy head of mission", "high commissioner", "diplomats", "envoys", "ambassadors",
    ),
    # people who march or rally: a crowd, not a force ("traders marched", not "troops marched")
    "crowd": (
        "people", "residents", "traders", "tribesmen", "protesters", "protestors", "students", "women",
        "workers", "activists", "elders", "villagers", "locals", "hundreds", "thousands", "families",
        "transporters", "labourers", "laborers", "refugees", "supporters", "members",
    ),
    "post": (
        "crossing", "post", "checkpost", "check post", "checkpoint", "outpost", "border post", "base",
        "police station", "convoy", "camp", "compound", "posts", "checkposts", "check posts", "checkpoints",
        "outposts", "border posts", "bases", "police stations", "convoys", "camps", "compounds", "hideout",
        "hideouts", "positions", "office", "offices", "school", "schools",
    ),
    "border": ("border", "cross-border", "armed", "heavy", "fierce", "intense", "deadly", "fresh", "sectarian"),
    "air": ("air", "drone", "aerial", "missile", "precision", "retaliatory", "cross-border", "airborne"),
}  # fmt: skip


@dataclass(frozen=True)
class TriggerClass:
    """One semantic class of event words and the incident type it opens.

    ``type`` None: the type follows from who acted and how (``extract.type_by_roles``).
    """

    name: str
    type: str | None
    lemmas: tuple[str, ...]


# Most specific class first: where two overlap, the first wins ("missile attack" is an air or
# remote strike, not a militant attack; "suicide bombing" an attack, not an air raid).
TRIGGER_CLASSES: tuple[TriggerClass, ...] = (
    TriggerClass("STRIKE_AIR", "airstrike", (
        "air strike", "air raid", "{air} strike", "drone attack", "aerial bombardment", "aerial bombing",
        "aerial attack", "missile attack", "warplane", "fighter jet", "bombardment", "=bombed",
        "=strike hit", "=strikes hit", "=strike on", "=strikes on", "=strikes in", "=strike in",
        "=strikes against", "=strike against", "=strikes targeting", "=strikes targeted", "=strikes killed",
        "=strike killed", "=strike targeted", "=strike targeting", "=the strike", "=the strikes",
        "~carry out … strike", "~conduct … strike",
    )),
    TriggerClass("ATTACK", "attack", (
        "suicide bombing", "suicide bomber", "suicide attack", "suicide blast", "suicide bomb",
        "bombing", "bomb", "blast", "explosion", "~explode", "~detonate", "improvised explosive device",
        "improvised explosive",
        "ied", "roadside bomb", "landmine", "ambush", "~ambush", "gunmen", "{violent} attack",
        "=came under attack", "=come under attack", "=attack on", "=attacks on", "=attack at",
        "=attacked", "=attacking", "=attack … {post}", "hijacking", "~hijack", "hostage", "targeted killing",
        "~open fire", "=fired on", "=fired at", "=fired upon", "=firing on", "=firing at", "=stormed", "~abduct",
        "~kidnap", "abduction", "kidnapping",
        "~hurl … grenade", "~throw … grenade", "~lob … grenade", "=grenade was hurled", "=grenade was thrown",
        "=grenades were hurled", "~set fire to", "~set ablaze", "~blow … up", "~torch … {post}",
    )),
    TriggerClass("STATE_FIRE", "clash", (
        "~exchange … fire", "exchange of fire", "exchange of gunfire", "exchange of heavy fire",
        "~trade fire", "gun battle", "gunfight", "firefight", "{border} clash", "=clashes", "=clashed",
        "=clash between", "=clash erupted", "=clash broke out", "=clashing", "=clash near", "=clash in",
        "=clash at", "=clash along", "=fighting broke out", "=fighting erupted", "=heavy fighting",
        "=fierce fighting", "=fighting between", "skirmish", "~skirmish",
        "cross-border firing", "cross-border fire", "cross-border shelling", "shelling", "=shelled",
        "mortar", "artillery fire", "=heavy firing", "=firing between", "=firing from", "=firing across",
        "=unprovoked firing", "=fired across", "~fire … mortar", "~fire … mortars", "~fire … rockets",
        "~fire … artillery", "~fire … shells",
    )),
    TriggerClass("OPERATION", "operation", (
        "{military} operation", "ibo", "=operation against", "=operations against", "=operation was launched",
        "=operations were launched", "=offensive against", "=an operation in", "=an operation near",
        "=the operation", "=this operation", "=separate operations", "=crackdown on",
    )),
    # Violence whose doer decides the type: a raid by troops is an operation, by militants an attack.
    TriggerClass("VIOLENCE", None, (
        "~raid", "raid", "assault", "~assault", "rocket attack", "~storm … {post}", "~target … {post}",
        "~destroy … {post}", "~overrun … {post}", "~pound", "~hit … {post}", "=struck … {post}",
    )),
    # A killing told without an attack word: the roles decide the type.
    TriggerClass("KILL", None, (
        "~kill", "~shoot dead", "~gun down", "~martyr", "=slain", "~lose … lives", "~lose … life",
        "~succumb … injuries", "~succumb … wounds", "=bodies were found", "=bodies found",
        "=body was found", "=bodies were recovered", "=body was recovered", "=body of … was recovered",
        "=body of … was found", "=bodies of … were found", "=bodies of … were recovered", "~recover … body",
        "~recover … bodies", "~find … body", "~find … bodies", "~retrieve … body", "~retrieve … bodies",
        "=found dead", "~behead", "~assassinate",
        "assassination", "~shoot … dead", "~eliminate", "~neutralise", "~neutralize", "~embrace martyrdom",
        "~embrace shahadat", "=sent to hell",
    )),
    TriggerClass("REOPEN", "reopening", (
        "~reopen", "~re-open", "reopening", "=resumed trade", "=resumption of trade", "=trade resumed",
        "=resumed traffic", "=traffic resumed", "=resumed movement", "=resumed crossings", "=resumed operations",
        "=opened for", "=opened the crossing", "=opened the border", "~resume",
    )),
    TriggerClass("CLOSE", "closure", (
        "~close", "closure", "~shut", "shutdown", "~seal", "~suspend", "suspension", "~halt", "halt",
        "~block", "blockade", "~restrict", "=remained shut", "=remained closed",
    )),
    TriggerClass("TALKS", "talks", (
        "talk", "negotiation", "~negotiate", "meeting", "~meet with", "jirga", "dialogue",
        "=delegation met", "=delegation visited", "=delegation held", "=delegation arrived",
        "=ceasefire agreement", "=ceasefire deal", "~mediate", "mediation", "~discuss", "~reach … agreement",
        "=agreement was reached", "~sign … agreement", "=ceasefire was agreed", "=truce was agreed",
        "~agree … ceasefire", "~agree … truce",
    )),
    TriggerClass("PROTEST", "protest", (
        "protest", "~protest", "protester", "protestor", "demonstration", "demonstrator", "~demonstrate",
        "sit-in", "dharna", "rally", "=protest march", "=long march", "~block … highway", "~block … road",
        "={crowd} marched", "={crowd} rallied", "={crowd} took to the streets",
        # a strike of work or trade, not of aircraft ("a shutter-down strike against the closure")
        "shutter-down strike", "shutterdown strike", "wheel-jam strike", "wheel jam strike", "hunger strike",
        "general strike", "=observed a strike", "=observed a complete strike", "=went on strike", "=go on strike",
        "=on strike", "=strike call",
    )),
    TriggerClass("EXPEL", "deportation", (
        "~deport", "deportation", "deportee", "expulsion", "~expel", "~repatriate", "repatriation",
        "forced return", "=forcibly returned", "=pushed back", "~send back", "~force back",
    )),
    TriggerClass("DIPLOMATIC", "other", (
        "demarche", "~summon … {envoy}", "~recall … {envoy}", "~downgrade", "~expel … {envoy}",
        "~lodge … protest", "~register … protest",
    )),
    # A truce ended or broken is an event of its own.
    TriggerClass("TRUCE_END", "other", (
        "~call off … ceasefire", "~end … ceasefire", "~scrap … ceasefire", "~abandon … ceasefire",
        "~break … ceasefire", "~withdraw from … ceasefire", "=ceasefire collapsed", "=ceasefire broke down",
    )),
    TriggerClass("CONTROL", "other", (
        "curfew", "=movement ban", "~impose … ban", "~capture … {post}", "~seize … {post}",
        "=took control of", "=taken control of", "=build a dam", "=build dams", "=dam on", "=dams on",
    )),
    # The border fence: pulled down, cut, or its building stopped.
    TriggerClass("FENCE", "other", (
        "~destroy … fence", "~remove … fence", "~uproot … fence", "~dismantle … fence", "~cut … fence",
        "~destroy … barbed wire", "~remove … barbed wire", "~cut … barbed wire", "~uproot … barbed wire",
        "~stop … from fencing", "~prevent … from fencing", "~stop … from erecting", "~prevent … from erecting",
        "~halt … fencing", "~block … fencing", "=fencing dispute", "=fence dispute",
    )),
)  # fmt: skip

# What a casualty figure counts: the head words after (or before) a number.
CASUALTY_HEADS: dict[str, tuple[str, ...]] = {
    "killed": (
        "killed", "dead", "died", "martyred", "slain", "lost their lives", "lost his life", "lost her life",
        "perished", "shot dead", "gunned down", "succumbed", "bodies", "embraced martyrdom", "embraced shahadat",
        "sent to hell", "neutralised", "neutralized", "eliminated",  # the military's words for militants it killed
        # killings told by their manner (KILLING_VERBS, and "to death" with the means)
        "murdered", "assassinated", "beheaded", "lynched", "slaughtered", "executed", "stabbed to death",
        "hacked to death", "beaten to death", "burnt to death", "burned to death", "tortured to death",
    ),
    "injured": (
        "injured", "wounded", "hurt", "injuries", "wounds", "sustained injuries", "suffered injuries",
        "received injuries", "sustained wounds", "suffered wounds",
    ),
    "missing": ("missing", "unaccounted for"),
    "abducted": ("abducted", "kidnapped", "taken hostage", "held hostage", "taken captive", "seized"),
}  # fmt: skip
# One victim named by a bare singular noun at the head of a headline or bullet ("Cop martyred in
# Mardan attack", "Soldier killed near Wana"): one dead.
SINGLE_VICTIMS = (
    "cop", "policeman", "police officer", "soldier", "officer", "constable", "teacher", "journalist", "child",
    "boy", "girl", "woman", "man", "elder", "tribal elder", "leader", "commander", "trader", "student", "guard",
    "official", "worker", "doctor", "shopkeeper", "driver", "farmer", "cleric", "lawyer", "judge", "sepoy",
)  # fmt: skip
# Verbs between the people and "missing": "four guards remain missing", "two went missing".
MISSING_VERBS = (
    "remain", "remained", "remains", "are still", "were still", "is still", "was still", "went",
    "have gone", "had gone", "has gone", "reported", "declared", "listed as", "feared", "believed",
    "were", "was", "are", "is", "have been", "had been", "has been", "being", "to be", "still",
)  # fmt: skip
# Titles and ranks that open a person's name as the press writes them ("shot dead Maulana Abdul
# Rauf", "Sepoy Gul Khan was martyred"): a named victim is one dead.
PERSONAL_TITLES = (
    "Maulana", "Maulvi", "Mufti", "Qari", "Hafiz", "Haji", "Malik", "Sardar", "Mullah", "Mawlawi", "Syed",
    "Sheikh", "Pir", "Nawab", "Khan", "Dr", "Dr.", "Engineer", "Professor", "Advocate", "Constable",
    "Head Constable", "Sepoy", "Naik", "Lance Naik", "Havaldar", "Subedar", "Sepahi", "Captain", "Major",
    "Lieutenant", "Colonel", "Brigadier", "Inspector", "Sub-Inspector", "ASI", "SHO", "DSP", "SP",
    "Commander", "Mr", "Mr.", "Ms", "Mrs",
)  # fmt: skip
# Capitalised words that never name a person after a killing verb ("killed Afghan Taliban fighters",
# "Security Forces", "Islamic State"): a group, a side or an institution.
NOT_NAME_WORDS = (
    "afghan", "afghans", "pakistani", "pakistanis", "taliban", "security", "forces", "force", "frontier", "corps",
    "army", "police", "levies", "rangers", "islamic", "state", "tehreek", "tehrik", "militants", "government",
    "border", "the", "a", "an", "several", "many", "his", "her", "their", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "people", "civilians", "soldiers", "troops",
)  # fmt: skip
# Nouns of a violent event: "a similar attack … left nine dead" told after an event tells another
# one, and its toll is not the earlier event's.
EVENT_NOUNS = ("attack", "attacks", "blast", "blasts", "bombing", "bombings", "explosion", "explosions", "ambush",
               "raid", "shooting", "massacre", "airstrike", "air strike", "drone strike", "suicide attack")  # fmt: skip
# Nouns for an armed group as a whole: "the group has killed over 500 people" is its record.
GROUP_NOUNS = ("group", "groups", "outfit", "organisation", "organization", "network", "faction", "movement")
# Verbs (lemmas) of finding the dead: "six bodies were recovered", "rescuers pulled out nine bodies".
BODIES_FOUND_VERBS = ("find", "recover", "retrieve", "pull", "shift", "exhume")
# Verbs (lemmas) of killing besides "kill", their object the dead: "gunmen murdered three labourers".
KILLING_VERBS = ("murder", "assassinate", "behead", "lynch", "slaughter", "execute")
# Verbs (lemmas) whose object is people taken away: "gunmen kidnapped two engineers".
ABDUCTION_VERBS = ("abduct", "kidnap", "seize")
# Verbs before "N people hostage": "the attackers took six passengers hostage".
HOSTAGE_VERBS = ("took", "take", "takes", "taking", "held", "hold", "holds", "holding")
# Heads that take things as well as people ("seized two trucks"): a figure only when a person is named.
# ("executed two raids", "slaughtered goats": no one dead)
PERSON_ONLY_HEADS = ("seized", "seize", "seizes", "seizing", "executed", "executes", "executing", "slaughtered",
                     "slaughters", "slaughtering")  # fmt: skip
# Nouns for people: after "seized", and after "missing" they make it a modifier ("missing persons").
PERSON_NOUNS = (
    "people", "persons", "person", "men", "women", "children", "civilians", "passengers", "soldiers",
    "policemen", "officers", "officials", "workers", "labourers", "laborers", "engineers", "employees",
    "traders", "drivers", "students", "teachers", "doctors", "tourists", "pilgrims", "travellers", "travelers",
    "guards", "personnel", "troops", "fishermen", "villagers", "tribesmen", "elders", "journalists", "members",
    "relatives", "boys", "girls", "others", "individuals", "nationals", "citizens", "staff", "hostages",
    "cops", "constables", "levies", "sepoys", "jawans", "shepherds", "farmers", "miners", "contractors",
    *SINGLE_VICTIMS,
)  # fmt: skip
# Numbers that name no quantity: a figure built on them is unknown, not a count.
UNQUANTIFIED = ("dozens", "scores", "hundreds", "thousands", "several", "many", "numerous", "a number of", "some")
# Words before a number that keep it as a bound: "at least 12" is 12.
QUALIFIERS = (
    "at least", "approximately", "about", "around", "some", "over", "more than", "nearly", "almost", "up to",
    "as many as", "roughly", "an estimated", "estimated", "a total of", "no fewer than", "no less than",
)  # fmt: skip
# A figure after these is a part of one already counted ("ten people, including two children").
SUBSET_MARKERS = ("including", "among them", "among whom", "of whom", "of them", "among the dead", "among those")
# A clause with these speaks of a total over time, not of one event ("killed 300 people this year").
# Phrases that tell several incidents told together ("in separate incidents", "in different parts of
# the province"): a toll beside them is theirs together (TOTAL_MARKERS), and a lead with them opens a
# round-up (ROUNDUP_MARKERS).
SEVERAL_INCIDENTS = ("separate incidents", "separate attacks", "different incidents", "different parts of",
                     "various parts of")  # fmt: skip
TOTAL_MARKERS = (
    "this year", "last year", "so far", "to date", "since january", "since the start", "since the beginning",
    "in the past", "over the past", "over the last", "in the last", "during the year", "a total of", "in total",
    "altogether", "in recent months", "in recent years", "since 20", "during 20", "per cent", "percent",
    "%", "attacks in 20", "incidents in 20", "each year", "every year", "annually", "attacks across",
    "incidents across", "across the province", "across the country",
    # a toll summed over several events told together ("in a series of attacks in different parts of")
    *SEVERAL_INCIDENTS, "series of", "spate of", "wave of", "several incidents",
    # an era, not a day ("has killed 500 soldiers since the ceasefire collapsed")
    "since the ceasefire", "since the truce", "since the takeover", "since the taliban", "since the fall of",
    "since the collapse", "since the return", "since their return", "since its return", "since the end of",
)  # fmt: skip
# Words after a figure that open a remark on the event's place in a series ("killed two soldiers,
# the latest in a series of attacks", "amid a wave of attacks"): a total there is the series', not
# the figure's.
SERIES_OPENERS = (
    "amid", "amidst", "the latest", "the first such", "the second", "the third", "the fourth", "the fifth",
    "the sixth", "the deadliest", "the worst", "the biggest", "the bloodiest", "one of the deadliest",
    "one of the worst", "part of", "as part of", "in the latest", "adding to", "bringing",
)  # fmt: skip
# Words before a trigger that deny it.
NEGATORS = ("not", "no", "never", "denied", "denies", "deny", "denying", "without", "refuted", "rejected claims of",
            "dismissed", "rejected", "ruled out", "failed to", "fails to", "fail to")  # fmt: skip
# Words before a trigger that make it planned, threatened or hoped for, not done.
HEDGES = (
    "threaten", "threatens", "threatened", "threatening", "warned of", "warns of", "warning of", "could",
    "would", "may", "might", "plan to", "plans to", "planned to", "planning to", "vowed to", "vows to", "if",
    "will", "shall", "agreed to", "decided to", "decide to", "expected to", "likely to", "set to", "aims to",
    "aim to", "want to", "wants to", "urged", "urge", "urges", "urging", "demanded", "demanding",
    "demand", "demands", "called for", "calls for", "calling for", "ready to", "proposed", "proposal to", "consider",
    "considering", "to launch", "to plan", "to carry out", "to conduct", "to stage", "to mount", "to prevent",
    "to stop", "to avoid", "against any", "in case of", "risk of", "fear of", "fears of", "feared",
    "in anticipation of", "anticipation of", "prepared for", "preparing for", "ahead of", "pending",
    # what is sought or talked over ("met to discuss reopening", "pressed for the reopening")
    "discuss", "discussed", "discussing", "to discuss", "negotiate", "negotiated", "negotiating", "sought",
    "seek", "seeks", "seeking", "press for", "pressed for", "pressing for", "push for", "pushed for",
    "pushing for", "appeal for", "appealed for", "appealing for", "asked for", "requested", "request for",
)  # fmt: skip
# The people a crackdown or an operation is on when it is a deportation drive, not a military one
# ("a crackdown on undocumented migrants").
MIGRANT_NOUNS = (
    "migrants", "immigrants", "refugees", "afghans", "afghan nationals", "afghan refugees", "foreigners",
    "aliens", "illegal immigrants", "undocumented migrants", "undocumented afghans", "por card holders",
    "acc holders",
)  # fmt: skip
# Fire words both sides do at once ("clashed", "traded fire", "gun battle"): with the state's forces
# and militants in one clause, a battle between them (an operation), whoever is named first.
RECIPROCAL_FIRE = ("exchang", "trad", "gun battle", "gunfight", "firefight", "clash", "fighting", "skirmish")
# Words of an event word that tell a discovery ("police recovered the bodies"): whoever found the
# dead did not kill them, so the finder does not type the event.
DISCOVERY_WORDS = ("body", "bodies", "found dead")
# Words before "to" + an event verb that tell it was done ("forces began to shell", "were forced to
# close"); after any other word the infinitive is planned or wanted ("agreed on Saturday to reopen").
DONE_BEFORE_TO = ("began", "begun", "started", "continued", "continue", "continues", "continuing", "went on",
                  "managed", "tried", "attempted", "forced", "compelled", "had", "obliged", "resorted")  # fmt: skip
# Words of a lead that make the article a round-up of several incidents of one day, each told in
# a paragraph of its own that names no day.
ROUNDUP_MARKERS = (*SEVERAL_INCIDENTS, "various incidents", "across the province", "across the country")
# Who speaks for each side, and the words that make victims that side's: a figure one side gives
# for the other's losses is a claim.
SIDE_SPEAKERS = {
    "AF": ("taliban", "islamic emirate", "mujahid", "zabihullah mujahid", "afghan officials", "afghan defence ministry",
           "afghan ministry of defence", "kabul", "afghan government", "afghan authorities", "iea"),
    "PK": ("ispr", "military", "army", "pakistan army", "pakistani officials", "islamabad", "security sources",
           "pakistani military", "foreign office", "inter-services public relations"),
}  # fmt: skip
SIDE_VICTIMS = {
    "AF": ("afghan", "taliban", "afghans"),
    "PK": ("pakistani", "pakistanis"),
}  # fmt: skip
# Words right after a bomb word that make it a modifier of something else ("a bomb disposal squad",
# "a bomb scare"), and words before one that tell it never went off ("defused a bomb").
NOT_A_BLAST_AFTER = ("disposal", "squad", "squads", "detection", "threat", "threats", "scare", "hoax", "proof",
                     "making", "maker", "makers", "factory", "expert", "experts")  # fmt: skip
NOT_A_BLAST_BEFORE = ("defused", "defusing", "diffused", "recovered", "seized", "unearthed", "foiled", "found",
                      "averted", "thwarted")  # fmt: skip
# Words before a trigger that make it a count of many events, not one ("a series of operations").
AGGREGATE_MARKERS = (
    "series of", "wave of", "spate of", "string of", "decades of", "years of", "months of", "history of",
    "number of", "dozens of", "hundreds of", "scores of", "surge in", "rise in", "increase in", "spike in",
    "surge of", "frequency of", "wake of a series of", "cases of", "incidents of", "timeline of", "list of",
    "tally of", "chronology of", "catalogue of", "record of", "week of", "weeks of", "days of", "nights of",
    "a month of",
)  # fmt: skip
# Words between two event words that put them in time one after the other: two events, not one
# told twice ("the attack came a day after gunmen killed two guards").
SEQUENCE_WORDS = ("after", "before", "following", "since", "preceded", "followed")
# Verbs (stems) of what officials plan for a day ("agreed to reopen the crossing from Friday", "talks
# will resume on Monday"): a date after them dates the plan, never an event told beside it.
PLANNED_VERBS = ("reopen", "re-open", "open", "resum", "restart", "clos", "shut", "hold", "held", "meet",
                 "restor", "start", "begin", "launch", "allow", "lift")  # fmt: skip
# Words before a gun battle or operation that make it part of the event just told ("in the ensuing
# exchange of fire", "after an intense exchange of fire"): it joins that event unless the text gives
# it its own time or place.
SUBEVENT_MARKERS = ("ensuing", "subsequent", "resulting", "follow-up", "retaliatory", "after", "during", "amid")
# A stretch of time after a plural event word that makes it a run of events ("attacks in recent
# months", "operations over the past year"), not one event reported in the plural.
PERIOD_MARKERS = (
    "in recent days", "in recent weeks", "in recent months", "in recent years", "over the past", "over the last",
    "in the past few", "in the last few", "during the past", "so far this year", "since the start of",
    "since the beginning of", "every year", "each year", "every month", "this year", "last year", "so far",
    "to date",
)  # fmt: skip
# Words shortly before a plural event word that make it what a place has gone through ("Pakistan
# recently witnessed major militant attacks"), not one event reported in the plural.
UNDERGONE_MARKERS = ("witnessed", "witnessing", "recently", "seen", "faced", "facing", "experienced", "endured")
# Words shortly before a plural event word that make it someone's record ("wanted for attacks on
# security forces", "involved in bombings"), not one event reported in the plural.
RECORD_MARKERS = ("wanted", "accused", "blamed", "responsible", "involved", "masterminded", "masterminding",
                  "planning", "planned", "behind", "convicted", "charged")  # fmt: skip
# Words before a plural event word that make it a run of events over time ("recent attacks",
# "repeated incursions"), not one event reported in the plural ("airstrikes hit two villages").
FREQUENCY_MARKERS = ("recent", "past", "previous", "frequent", "repeated", "increasing", "rising", "growing",
                     "regular", "continued", "continuing", "persistent", "occasional", "routine")  # fmt: skip
# Words right before a closure or reopening word that make it a topic, not an event ("talks on
# reopening the crossing", "a decision about the closure").
TOPIC_MARKERS = ("about", "on", "over", "regarding", "concerning")
# Arson words, and the crowds whose fires belong to their protest ("the crowd set fire to tents").
ARSON_WORDS = ("set fire", "sets fire", "setting fire", "set ablaze", "sets ablaze", "setting ablaze", "torch")
CROWD_NOUNS = (
    "crowd", "crowds", "protesters", "protestors", "demonstrators", "mob", "rioters", "marchers", "rally",
    "sit-in", "procession",
)  # fmt: skip
# Nouns that make a name a locality inside the unit named after it ("the Pezu area of Lakki Marwat",
# "Kot Azam village in Tank"): a place the gazetteer lacks is still placed by its container.
LOCALITY_NOUNS = ("area", "areas", "village", "locality", "town", "township", "neighbourhood", "neighborhood",
                  "mohalla", "bazaar", "market", "valley", "hamlet", "settlement", "outskirts", "suburb",
                  "checkpost", "check post", "checkpoint", "post", "camp")  # fmt: skip
# Words between a protest, talks or a diplomatic step and a place that make the place what the event
# is about, not where it was held ("a sit-in in Quetta against the closure of Torkham", "a jirga in Landi
# Kotal demands the reopening of Torkham", "summoned the envoy over the attack in Chitral").
ABOUT_WORDS = ("against", "over", "demanding", "demands", "demanded", "protesting", "condemning", "seeking",
               "seeks", "urging", "urges", "urged", "regarding", "concerning", "about")  # fmt: skip
# Words before a deportation or closure that make it what people protest, not an event told.
GRIEVANCE_MARKERS = ("against", "protesting", "protest against", "in protest at", "condemning", "condemned")
# Words before an event word that make it part of a person's role ("a member of the peace jirga",
# "head of the operations wing"): no event.
ROLE_MARKERS = ("member of", "members of", "head of", "chief of", "leader of", "spokesman for", "spokesperson for",
                "spokesman of", "in charge of", "commander of")  # fmt: skip
# Classes whose hedges are read differently: talks are often "to be held" yet reported.
# Sentence openings that put an undated event in the time of the one told before it, loosely:
# the week of that event, not its day.
SIMULTANEITY_MARKERS = ("meanwhile", "in the meantime", "at the same time", "elsewhere")
# Sentence openings that tell another event, never the one just told again ("Separately, gunmen
# killed a constable", "Hours later, a blast hit a police van").
# ("Meanwhile" and "elsewhere" are not among them: the press opens restatements with them too.)
ANOTHER_EVENT_OPENINGS = ("separately", "in a separate incident", "in another incident", "in a separate attack",
                          "in another attack", "in a separate development", "in another development",
                          "hours later", "minutes later")  # fmt: skip
# What must be named near "resumed" for it to reopen a crossing ("trade through Torkham resumed"),
# not talks or anything else resuming.
RESUMED_THINGS = (
    "trade", "traffic", "movement", "crossing", "crossings", "border", "transit", "supplies", "exports",
    "imports", "gate", "gates", "cargo", "trucks",
)  # fmt: skip
RESUMED_NOT = ("talks", "negotiations", "dialogue", "jirga", "meeting", "meetings", "process", "work", "classes")
# Words after an event word that put it in the future: "talks will be held next week".
FUTURE_AFTER = (
    "will be held", "will take place", "will resume", "will begin", "will start", "will be launched",
    "will be reopened", "will reopen", "will be closed", "will close", "would be held", "would take place",
    "is scheduled", "are scheduled", "was scheduled", "were scheduled", "expected to", "set to be",
    "slated to", "likely to", "planned for", "scheduled for", "next week", "next month", "in the coming days",
    "in the coming weeks", "later this week", "later this month",
)  # fmt: skip
# Words of a journey: a place after "from", "to" or "for" beside them is an end of the route ("a bus
# travelling from Bannu to Miranshah was ambushed near Mir Ali"), not where the event happened.
JOURNEY_WORDS = ("travelling", "traveling", "travelled", "traveled", "heading", "headed", "on its way",
                 "on their way", "en route", "bound", "going", "plying", "driving", "returning", "coming",
                 "carrying", "transporting", "moving", "journey", "journeying", "convoy", "route")  # fmt: skip
# Groups that take part in talks: a place tied to them ("elders of Kurram") is theirs, not the venue.
PARTICIPANT_NOUNS = (
    "committee", "delegation", "delegates", "team", "members", "elders", "leaders", "representatives",
    "tribe", "tribesmen", "council", "panel", "officials",
)  # fmt: skip
# Words that tell who reported an event ("officials in Kabul said"): a place among them is the
# source's, not the event's.
# (Residents, police or local sources of a place usually speak of what happened there: not listed.)
SOURCE_NOUNS = ("official", "officials", "source", "sources", "authorities", "spokesman", "spokesperson", "ministry")
REPORTING_VERBS = ("said", "say", "says", "told", "reported", "report", "confirmed", "added", "claimed")
# Attack words that name the attacker: followed by one of AGENT_UNDONE ("a suicide bomber was
# killed", "gunmen arrested") they tell what happened to the attacker, not an attack.
# The doers of an attack told before, named as such ("three attackers were also killed"): their
# deaths are that attack's toll, however many sentences later.
ATTACK_DOERS = ("attacker", "attackers", "assailant", "assailants", "bomber", "bombers",
                "hostage-takers", "hostage takers")  # fmt: skip
AGENT_TRIGGERS = frozenset({"suicide bomber", "suicide bombers", "gunmen", "gunman", "bomber", "bombers"})
AGENT_UNDONE = ("killed", "shot dead", "gunned down", "arrested", "apprehended", "captured", "neutralised",
                "neutralized", "eliminated", "detained", "held")  # fmt: skip
HEDGE_EXEMPT = frozenset({"TALKS", "DIPLOMATIC"})
# Words right before talks that still make them a plan ("agreed to hold talks", "will hold a jirga"),
# though talks are exempt from the other hedges.
TALKS_PLANNED = ("agreed to hold", "agree to hold", "plan to hold", "plans to hold", "planning to hold",
                 "will hold", "would hold", "decided to hold", "offered to hold", "proposed", "expected to hold",
                 "to hold fresh", "are to hold", "is to hold", "set to hold", "called for", "will", "would",
                 "shall")  # fmt: skip
# Words right after a trigger that make it part of an organisation's name ("Military Operations
# Directorate"), not an event.
NAME_TAILS = ("department", "directorate", "division", "wing", "cell", "command", "committee", "organisation",
              "organization", "authority", "unit", "ministry", "branch", "commission", "corps")  # fmt: skip

# Actor heads by role group (lower case, whole words): who acts decides an untyped killing's type.
STATE_PK = (
    "security forces", "security personnel", "troops", "soldiers", "soldier", "army", "military", "fc",
    "frontier corps", "police", "policemen", "policeman", "levies", "ctd", "counter terrorism department",
    "pakistani forces", "pakistani troops", "law enforcement agencies", "law enforcers", "paramilitary",
    "personnel", "sepoy", "jawans", "officers", "cops", "constable", "constables", "rangers", "pakistani military",
    "pakistan army", "pak army",
    # the posts of a side stand for its forces ("fire on Pakistani posts")
    "pakistani posts", "pakistani border posts", "pakistani checkposts", "pakistani check posts",
    "pakistani positions",
)  # fmt: skip
STATE_AF = (
    "afghan forces", "taliban forces", "afghan border forces", "afghan border guards", "border guards",
    "taliban fighters", "afghan troops", "afghan security forces", "taliban border guards", "afghan soldiers",
    "islamic emirate forces", "forces of the islamic emirate", "iea forces", "emirate forces", "afghan border police",
    "taliban troops", "taliban soldiers", "afghan taliban forces",
    "afghan posts", "afghan border posts", "afghan checkposts", "afghan check posts", "afghan positions",
)  # fmt: skip
MILITANTS = (
    "militants", "militant", "terrorists", "terrorist", "insurgents", "insurgent", "khawarij", "khwarij",
    "kharijis", "kharijites", "fighters", "gunmen", "attackers", "assailants", "miscreants", "bombers",
    "bomber", "rebels", "separatists", "outlaws", "ttp", "bla", "daesh", "is-k", "iskp", "isis",
)  # fmt: skip
# Who counts as an attacker among the dead (``Incident.attackers_killed``): the militant words and
# their singulars, not "fighters" ("Taliban fighters" are often the Afghan side's forces in a clash).
ATTACKERS = (*(w for w in MILITANTS if w != "fighters"), "attacker", "assailant", "gunman", "rebel", "separatist",
             "hostage-taker", "hostage-takers", "kharji")  # fmt: skip
AIRCRAFT = ("jet", "jets", "warplane", "warplanes", "aircraft", "drone", "drones", "helicopter", "helicopters",
            "gunship", "gunships", "missile", "missiles", "air force", "airstrike", "air strike")  # fmt: skip


def verb_forms(base: str) -> tuple[str, ...]:
    """Base, -s, -ed and -ing forms of a regular verb ('kill' → kill, kills, killed, killing).

    Hand-written rather than lemminflect's: that library takes 1.5 s to load its tables, in every
    process that extracts, for the few dozen verbs listed here."""
    if base in IRREGULAR:
        return (base, *IRREGULAR[base])
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", base):  # one syllable, short vowel: "lob" → lobbed
        return base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base, base + "es", base + "ed", base + "ing"
    return base, base + "s", base + "ed", base + "ing"


def noun_forms(noun: str) -> tuple[str, ...]:
    """Singular and plural, with a two-word compound also hyphenated and closed up."""
    *head, last = noun.split(" ")
    plural = last + ("es" if last.endswith(("s", "sh", "ch", "x")) else "s")
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        plural = last[:-1] + "ies"
    forms = []
    for tail in (last, plural):
        words = [*head, tail]
        forms.append(" ".join(words))
        if len(words) == 2 and "-" not in noun and len(head[0]) <= 5:  # "air strike", not "improvised explosive"
            forms += ["-".join(words), "".join(words)]
    return tuple(dict.fromkeys(forms))


_GAP = "…"


def expand(lemma: str) -> tuple[str, ...]:
    """Every surface form of one lemma in the notation of this module (``…`` kept as a gap)."""
    slots = [MODIFIERS[name] for name in re.findall(r"\{(\w+)\}", lemma)]
    bases = []
    for choice in itertools.product(*slots):
        filled = lemma
        for word in choice:
            filled = re.sub(r"\{\w+\}", word, filled, count=1)
        bases.append(filled)
    forms: list[str] = []
    for base in bases:
        if base.startswith("="):
            forms.append(base[1:])
        elif base.startswith("~"):
            first, _, rest = base[1:].partition(" ")
            forms += [f"{form} {rest}".strip() for form in verb_forms(first)]
        else:
            forms += noun_forms(base)
    return tuple(dict.fromkeys(forms))


def base_verbs() -> frozenset[str]:
    """The base form of every event verb of the classes ("reopen", "shell", "attack"): the words
    that after "to" make an infinitive."""
    return frozenset(lemma[1:].split()[0] for c in TRIGGER_CLASSES for lemma in c.lemmas if lemma.startswith("~")) | {
        "attack"
    }


def class_forms(trigger_class: TriggerClass) -> tuple[str, ...]:
    """Every surface form of a class, longest first."""
    forms = {form for lemma in trigger_class.lemmas for form in expand(lemma)}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def form_pattern(form: str) -> str:
    """The regex of one surface form: spaces match any blank run, ``…`` up to three words."""
    parts = []
    for word in form.split(" "):
        parts.append(r"(?:[\w'’-]+\s+){0,3}?" if word == _GAP else re.escape(word).replace("'", "['’]") + r"\s+")
    return "".join(parts)[: -len(r"\s+")] if not parts[-1].startswith("(?:") else "".join(parts)


def words_pattern(words: tuple[str, ...]) -> str:
    """A whole-word alternation of ``words``, longest first, for use inside a larger regex."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])"
