"""What kind of question lies outside the Convention whatever passage happens to look similar.

Dense similarity alone cannot refuse "What is the maximum GDPR fine?" or "Write me a story about a
hacker": they share the treaty's words. These pure rules recognise such questions by their form. A
question that names the Convention ("How do I read Article 24?") is always about the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from assistant.references import THIS_CONVENTION
from assistant.text import asking_sentence

NAMES_THE_TREATY = re.compile(r"\b(treaty|convention|article|protocol|states? part(?:y|ies))\b", re.I)

# Personal instructions, a recommendation, a price or a current fact: an agreement between States gives
# none of these ("How do I reset my router?", "Which VPN is safest?", "Who is the current ...?").
ASKS_FOR_ADVICE = re.compile(
    r"^\s*(?:how (?:do|can|should) i|how to|should i|what time is it|what time does|recommend|suggest|best)\b|"
    r"\bopening hours\b|\bprices? (?:today|now|right now)\b|\b(?:bitcoin|stock|share|gold) prices?\b|"
    r"\b(?:is|are) (?:the )?(?:best|safest|cheapest)\b|\bwhat(?:'s| is) the best\b|"
    r"^\s*how much (?:does|do|is|are|would)\b.*\bcost\b|\bwho is the current\b|\bis (?:it|\w+) safe (?:to|for)\b|"
    r"\ba good (?:investment|buy)\b|^\s*how many people\b|"
    r"^\s*(?:please\s+)?(?:write|tell) me\b|\bcan you (?:write|tell me)\b",
    re.I,
)
# A piece of writing, a joke or a game: never something a passage can be cited for, even when the
# topic is the Convention ("Write a poem about the cybercrime treaty").
ASKS_FOR_WRITING = re.compile(
    r"\b(?:write|compose|make up|tell|give|create|draft)\b(?: me| us)?(?: (?:a|an|another|some|one))?"
    r"(?: \w+)? (?:story|stories|poem|poems|song|songs|joke|jokes|limerick|haiku|rap|novel|screenplay|script|riddle|"
    r"cover letter|essay|cv|resume|speech)s?\b|"
    r"\btranslat(?:e|ion of)\b.{0,60}\binto\b",
    re.I,
)
# Another field of law whose words meet the Convention's: "the Fourth Amendment" is not Article 66's
# amendments. (Ten more fields - traffic, family, employment, housing law ... - were deleted once the
# learned recogniser in assistant/unanswerable.py refused their questions as well: docs/history.md,
# "Rules that went".)
OTHER_FIELDS_OF_LAW = {
    "national constitutions": r"(?:first|second|third|fourth|fifth|sixth|eighth|fourteenth) amendment|bill of rights",
}
OTHER_FIELD = {
    field: re.compile(rf"\b(?:{pattern})\b", re.I) for field, pattern in OTHER_FIELDS_OF_LAW.items()
}
# Questions about one named thing: "What does HTTPS stand for?", "What is a keylogger?" ask what a word
# means; "the punishment for shoplifting", "Is jaywalking illegal?" and "the difference between a virus
# and a bacterium" ask about the thing. When the Convention never uses the word, it cannot say anything
# about it.
ASKS_WHAT_A_WORD_MEANS = re.compile(
    r"\bwhat does (?:an? |the )?([\w-]+) (?:stand for|mean)\b|^\s*what (?:is|are) (?:an? |the )?([\w-]+)\s*\??\s*$",
    re.I,
)
ASKS_ABOUT_ONE_THING = re.compile(
    r"\b(?:penalty|penalties|punishment|sentence|fine) for (?:an? |the )?([\w-]+)|"
    r"^\s*is (?!it\b|this\b|that\b)([\w-]+) (?:illegal|legal|a crime|an offen[cs]e|allowed|against the law)\b",
    re.I,
)
# A number the law of a named place sets: "the statute of limitations for theft in California", "the
# penalty for speeding in France". The Convention sets no penalties, periods or ages for any country.
NATIONAL_RULE = re.compile(
    r"\b(?:penalty|penalties|punishment|sentence|fine|statute of limitations|limitation period|age|speed limit)\b"
    r".*\bin ((?:the )?(?:[A-Z][a-z]+|[A-Z]{2,})(?: [A-Z][a-z]+)*)\s*\??\s*$"
)
COMPARES_TWO_THINGS = re.compile(
    r"\bdifference between (?:an? |the )?([\w-]+) and (?:an? |the )?([\w-]+)\s*\??\s*$", re.I
)


# Country names typed in lower case ("is it legal in canada?") are read as names: the rules below and the
# count of unknown names go by capitals. pycountry's names, less those that are everyday words ("turkey",
# "chad"), with the short and everyday forms it lacks.
_EVERYDAY_WORDS = {"chad", "georgia", "jordan", "guinea", "niger", "jersey", "guernsey"}
_SPELLED_INITIALS = ("UK", "USA", "EU", "UAE")  # not "US": "us" is a pronoun
_OTHER_FORMS = _SPELLED_INITIALS + ("Russia", "England", "Scotland", "Wales")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _country_names() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    """One pattern for every name, each name's spelling, and the words names start with."""
    names = {n for c in pycountry.countries for n in (c.name, getattr(c, "common_name", None))
             if n and "," not in n and "(" not in n and n.lower() not in _EVERYDAY_WORDS} | set(_OTHER_FORMS)
    spelled = {n.lower(): n for n in names}
    longest_first = sorted(spelled, key=len, reverse=True)
    first_words = frozenset(_WORD.match(name).group(0) for name in spelled)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b", re.I), spelled, first_words


def with_country_names_capitalised(question: str) -> str:
    """The question with each country's name spelled as a name ("in canada" -> "in Canada")."""
    pattern, spelled, first_words = _country_names()
    # The pattern's four hundred names cost about 0.3 ms a question; most questions name no country.
    if first_words.isdisjoint(_WORD.findall(question.lower())):
        return question
    return pattern.sub(lambda m: spelled[m.group(0).lower()], question)


# What no document here can hold, whatever passage looks similar: the law of a named country, which
# States have signed or ratified so far, what other treaties say, whether a named body supports it, a
# judgement, what will happen. The Convention and its documents were fixed when it was adopted; they set
# rules for every State and record none of these. Each is (pattern, what the documents do not say).
# (Named people, votes, what a named body said and who did what in the talks are left to the learned
# recogniser, which refuses them as well: docs/history.md, "Rules that went".)
_PLACE = r"(?!(?:The|This|That|Articles?|Chapters?|Paragraphs?|Resolution|Convention|Treaty|Protocol|United Nations|UN|General Assembly|Conference|State|States|Party|Parties|Hanoi|Annex|If|Is|Can|Does)\b)[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*"
_INITIALS = rf"(?:US|{'|'.join(_SPELLED_INITIALS)})"
_LEGAL_WORDS = (r"(?:laws?|legal|illegal|lawful|unlawful|penalt(?:y|ies)|sentences?|punish\w*|fines?|jail|prison|"
                r"statute of limitations|crimes?|offen[cs]es?|allowed|banned|criminal)")
# A request between countries; "share" only when shared with someone ("illegal in Russia to share a cartoon").
_COOPERATION = re.compile(r"\b(?:ask|request|extradit\w*|cooperat\w*|assist\w*|share\b[^?.!]{0,40}?\bwith|send|"
                          r"hand over|transfer|another country|other countr\w*|both countries)\b", re.I)
VIEWS = "what {who} thinks of it: the documents record no one's views of the Convention"
STATUS = ("which States have signed or ratified it, or anything that has happened since it was adopted on 24 "
          "December 2024 (its status today is recorded by the UN Secretary-General as depositary)")
NOT_RECORDED: list[tuple[re.Pattern, str]] = [
    # "Is using a VPN illegal in China?", "the maximum sentence for hacking in France", "under German law"
    (re.compile(rf"\b{_LEGAL_WORDS}\b[^.?!]*\b(?:in|under) (?:the )?(?P<place>{_PLACE}|{_INITIALS})\b|"
                rf"\b(?:in|under) (?:the )?(?P<place2>{_PLACE}|{_INITIALS})(?:'s)?\b[^.?!]*\b{_LEGAL_WORDS}\b|"
                rf"\b(?P<place3>(?:{_PLACE}|{_INITIALS})) (?:law|laws|criminal code|penal code|courts?)\b"),
     "what the law of {place} provides: it leaves offences' penalties and the rest of national law to each country"),
    # "How many countries have ratified it so far?", "Has the United Kingdom signed it yet?"
    (re.compile(r"\bhow many (?:countries|states|nations|parties|governments|members)\b[^?]*\b(?:have|has)\b(?! to\b)|"
                r"\b(?:which|what) (?:countries|states|nations|governments)\b[^?]*\b(?:signed|ratified|joined|acceded|"
                r"declared|designated|deposited|made (?:a |any )?(?:reservations?|declarations?|notifications?))\b|"
                r"\b(?:has|have|did) (?:the )?(?-i:(?!States\b|Parties\b)[A-Z][\w.]*(?: [A-Z][\w.]*)*) "
                r"(?:already |yet |now )?"
                r"(?:signed|ratified|joined|acceded|sign|ratify|join|accede)\b|"
                r"\b(?:ratified|signed|signatories|in(?:to)? force|joined|how much)\b[^?]*\b(?:so far|to date|yet|today|"
                r"currently|at the moment|at present|right now|by now|as of now|still|latest)\b|"
                r"\b(?:so far|to date|currently|at present|right now|by now)\b[^?]*\b(?:ratif\w*|signed|in(?:to)? force|joined)\b|"
                # "Has the Convention (already) entered into force?", "On what date did it enter into force?": its
                # status since adoption (the rule for when it does is Article 65's, and is answered)
                r"\b(?:has|have|did) (?:the|this|it)\b[^?.]*\b(?:entered|enter|come|gone) into force\b|"
                r"\bhow much (?:money )?(?:has|have|did) [A-Z]", re.I),
     STATUS),
    # "Is the UK a party to the convention?", "Is Brazil bound by it?": its status in a named State
    (re.compile(rf"\b(?i:is|are) (?:the )?(?P<place>{_PLACE}|{_INITIALS}) (?:already |now |yet )?(?:an? )?(?:state )?"
                r"(?:part(?:y|ies)|members?|signator(?:y|ies)|bound)\b"),
     STATUS),
    # "Does Interpol support this treaty?": a view of it, which no document records, even of a body it names;
    # at the start of a sentence only ("I do IT support for a hosting company" names no view)
    (re.compile(r"(?:^|[.!?]\s+)(?i:does|did|do|has|have|would|will) (?P<who>(?!(?:the )?(?:Convention|Treaty|Article|States?|"
                r"Part(?:y|ies)|UN|United Nations|Conference|It|This|That|Countries)\b)(?:the )?[A-Z][\w&.]*"
                r"(?: [A-Z][\w&.]*)*) "
                r"(?i:(?:officially |publicly )?(?:support|supports|supported|oppose|opposes|opposed|endorse|endorses|"
                r"endorsed|back|backs|backed|welcome|welcomes|welcomed|like|criticis\w*|criticiz\w*|object to|"
                r"agree with|approve of))\b"),
     VIEWS),
    # "Is this treaty good for human rights?", "What do you think of it?": a judgement, not a rule
    (re.compile(r"\b(?:is|was|will) (?:this|the|that|it)(?: (?:un |new |cybercrime |un cybercrime )?(?:treaty|convention))?"
                r" (?:be )?(?:a )?(?:good|bad|fair|unfair|dangerous|harmful|useful|worthwhile|a good thing|a bad thing|"
                r"a threat|a step forward|a mistake)\b|\bdo you (?:think|believe|like)\b|\byour (?:opinion|view)\b|"
                r"\bpros and cons\b", re.I),
     "whether it is good or bad: they state its rules, not judgements of them"),
    # Another named instrument: "the Second Additional Protocol to the Budapest Convention", "the US CLOUD
    # Act", "Kenya's Computer Misuse and Cybercrimes Act", "the ECHR", "the GDPR"
    (re.compile(r"(?P<treaty>(?:(?:[A-Z][\w'-]*|of|and|on|the|to)\s+){0,8}?(?:[A-Z][\w'-]*\s+)"
                r"(?:Act|Convention|Protocol|Treaty|Charter|Directive|Regulation|Covenant)\b"
                r"(?:\s+(?:on|against|for|of|to)\s+(?:the\s+)?(?:[A-Z][\w'-]*)(?:\s+(?:of|the|and|on|[A-Z][\w'-]*))*)?"
                r"|\b(?:GDPR|ECHR|ICCPR|CFAA|CLOUD Act|DSA)\b)"),
     "what {treaty} says: they are about the UN Convention against Cybercrime only"),
    # What will happen: "Will the EU ratify it, and when is that expected?", "How is the court likely to rule?"
    (re.compile(r"\bwhen is (?:that|it|this) expected\b|\bexpected to (?:happen|ratify|sign|join|enter)\b|"
                r"\bwill (?:the )?(?-i:[A-Z][\w.]*(?: [A-Z][\w.]*)*) (?:ratify|sign|join|accede)\b|"
                r"\blikely to (?:rule|decide|hold|find)\b|\bwhat (?:are|would be) (?:our|my|his|her|their) chances\b|"
                r"\bwhich city will\b|\bin practice\b|\b(?:usually|typically) (?:take|takes|respond|handle)\b|"
                r"\bhow (?:fast|quickly|long) do(?:es)? (?:they|it) usually\b", re.I),
     "how things will turn out or are done in practice: they set rules, not predictions or practice"),
]


# Words a question opens with before it names an instrument ("Under the US CLOUD Act, ...").
_LEADING_WORDS = re.compile(r"^(?:(?:Under|Does|Do|Did|Is|Are|Was|What|How|Can|Could|In|By|Per|According to|And|"
                            r"Has|Have|Will|Would|Why|When|Where)\s+)+")


def not_recorded(question: str) -> str | None:
    """What the question asks that no document here records ("what the law of France provides"), else
    None. A request between countries ("Can France ask Japan for data?") is the Convention's business."""
    question = with_country_names_capitalised(question)
    for pattern, what in NOT_RECORDED:
        match = pattern.search(question)
        if not match:
            continue
        found = {k.rstrip("23"): v.strip() for k, v in match.groupdict().items() if v}
        if "treaty" in found:
            found["treaty"] = _LEADING_WORDS.sub("", found["treaty"])
        if any(key in found and (not found[key] or THIS_CONVENTION.search(found[key]))
               for key in ("treaty", "who")):
            continue  # this Convention, by one of its names
        if "place" in found and _COOPERATION.search(question):
            continue
        place = found.get("place", "that place")
        place = f"the {place}" if re.fullmatch(_INITIALS, place) else place  # "the law of the UK"
        return what.format(place=place, treaty=found.get("treaty", "another treaty"), who=found.get("who", ""))
    return None


# "Should I (we) ...?" asks what to do, at the start of the message or after a story ("My files were
# encrypted. Should we pay?"): a recommendation however closely the story matches a provision.
ASKS_WHAT_TO_DO = re.compile(r"(?:^|[.!?]\s+)should (?:i|we)\b|\bwhat should (?:i|we) do\b|"
                             r"(?:^|[.!?,]\s+)(?:and )?how (?:do|can|should) (?:i|we)\b|\bwhich \w+ should (?:i|we)\b|"
                             r"\b(?:what (?:phone )?number|who) (?:do|should|can) (?:i|we) (?:call|contact|ring)\b|"
                             r"\bwhere (?:do|should|can) (?:i|we) report\b|"
                             r"\b(?:need|hire|get|find|call|contact) (?:a |an )?(?:lawyer|attorney|solicitor)\b", re.I)


def asks_what_to_do(question: str) -> bool:
    """Does the question ask what the asker should do (never a matter the text decides)?"""
    return bool(ASKS_WHAT_TO_DO.search(question)) and not NAMES_THE_TREATY.search(question)


def asks_for_advice(question: str) -> bool:
    """Does the question ask for advice the Convention cannot give? Not when it asks about the
    Convention itself ("How do I make a request under the treaty?")."""
    return bool(ASKS_FOR_ADVICE.search(question)) and not NAMES_THE_TREATY.search(question)


def asks_for_writing(question: str) -> bool:
    """A story, a poem, a joke or a translation: nothing a passage can be cited for. (Facts about the
    world, "Who invented the internet?", are refused by the learned recogniser: docs/history.md, "Rules that went".)"""
    return bool(ASKS_FOR_WRITING.search(question))


def other_field_of_law(question: str) -> str | None:
    """The other field of law a question is about ("speed limit" is traffic law), if it does not ask
    about the Convention itself."""
    if NAMES_THE_TREATY.search(question):
        return None
    place = NATIONAL_RULE.search(question)
    if place:
        return f"the law of {place.group(1)}"
    return next((field for field, pattern in OTHER_FIELD.items() if pattern.search(question)), None)


def word_asked_about(question: str) -> str | None:
    """The word a "what does X mean?" or "what is X?" question asks the meaning of."""
    match = ASKS_WHAT_A_WORD_MEANS.search(question)
    return next((g for g in match.groups() if g), None) if match else None


def asked_about(question: str) -> tuple[str, ...]:
    """The things a "what does X stand for", "what is X?", "penalty for X", "is X illegal?" or
    "difference between X and Y" question asks about; empty for other questions."""
    word = word_asked_about(question)
    if word:
        return (word,)
    match = ASKS_ABOUT_ONE_THING.search(question) or COMPARES_TWO_THINGS.search(question)
    return tuple(g for g in match.groups() if g) if match else ()


# A capitalised word after a sentence's first: a name ("Nigeria", "Meta", "Interpol") or a treaty term.
_CAPITALISED = re.compile(r"(?<![.?!:]\s)(?<!^)\b[A-Z][\w'’-]*[A-Za-z]")


def unknown_names(question: str, mentioned) -> int:
    """How many names the question uses (capitalised words not opening a sentence) that no document
    mentions: "What is Meta's policy on data requests?" has one. A question about a named country,
    company or body the documents never name asks what they cannot hold; one naming only what they do
    name ("Article", "General Assembly", "Viet Nam") does not, and nor does a request between countries
    ("Can France ask Japan for evidence?" is the Convention's business, whichever States they are).
    Only the sentence that asks counts: a story's "the flat in Leeds" or "the WhatsApp group" is detail."""
    question = with_country_names_capitalised(asking_sentence(question))
    if _COOPERATION.search(question):
        return 0
    words = {m.group(0).removesuffix("'s").removesuffix("’s") for m in _CAPITALISED.finditer(question.strip())}
    return sum(1 for word in words if word != "I" and not word.startswith("I'") and not mentioned(word))
