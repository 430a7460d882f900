"""The conclusion first: a plain first sentence, and yes / no / depends for a question that asks yes or no.

Derived, never invented: from the force of the cited provision (must / may / must not ...), its
plain-language entry (corpus/plain/), the kind of thing the question asks (is it a crime? must they?
may they?), and the numbers and dates the question states, compared with the text's. When none of
these settles it, there is no yes or no. Pure: no model, no index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.force import MAY, MAY_RESERVE, MUST, MUST_CONSIDER, MUST_ENDEAVOUR, MUST_NOT, STATES
from assistant.models import Passage
from assistant.text import DATE, asking_sentence, question_sentences, tokenize

YES, NO, DEPENDS = "yes", "no", "depends"
CRIMINALIZATION_CHAPTER = "II"
DEFINITIONS_ARTICLE = 2

_AUXILIARY = (r"(?:is|are|was|were|am|can|could|may|might|must|should|shall|will|would|do|does|did|has|have|"
              r"had|isn't|aren't|can't|cannot|doesn't|don't|won't|wouldn't|shouldn't|couldn't|need)")
# "Is …?", "Can …?", "and does it …?"; in a story, the question it ends with.
_YES_NO_START = re.compile(rf"^\W*(?:(?:and|but|so|also|then|ok|okay|well|now|please),?\s+)*{_AUXILIARY}\b", re.I)
_TAG_QUESTION = re.compile(r",\s*(?:right|correct|true|isn't it|is that (?:right|true|correct))\s*\?\s*$", re.I)
# "Under the treaty, can his money be confiscated?", "I do pentesting - could I get in trouble?": a clause
# opening with an auxiliary after a comma or a dash asks yes or no, whatever comes before it.
_CLAUSE_QUESTION = re.compile(rf"(?:[,;:–—]|\s-)\s+{_AUXILIARY}\s+[\"'“‘]?\w[^,;:]*\??\s*$", re.I)
# The words that ask which, who, why or how ("what if …?" and "how about …?" put a case instead).
_ASKING_WORD = r"what(?! if\b| about\b)|which|who|whom|whose|why|how(?! about\b)"
# "Which countries, if any, may …?" and "To whom, and when, must it …?" ask which; "What if …, can
# they …?" still asks yes or no.
_WH_START = re.compile(rf"^\W*(?:(?:to|from|for|by|with|in|at|on|under|within|after|before|until|upon|through)\s+)?"
                       rf"(?:{_ASKING_WORD}|(?:when|where)\s+{_AUXILIARY})\b", re.I)
_ASKS_WHICH = re.compile(rf"\b(?:{_ASKING_WORD}|when|where)\b", re.I)
# "Crime?", "Covered?", "… crime or not?", "…, is that illegal": a verdict asked for with the verb left out.
_BARE_VERDICT = re.compile(r"(?:^|[.,:;!?]\s*|\s-\s*)(?:a |an )?(?:crime|illegal|legal|covered|allowed|an? offen[cs]e|"
                           r"punishable|against the law)\s*\?\s*$|\bor not\s*\?\s*$", re.I)

# What a yes-or-no question asks about, most specific first.
# Whether some conduct is a crime: "is X a crime / an offence / illegal", "can he be prosecuted". Not
# "crime" as a word about something else ("criminal profits", "criminal records", "serious crimes").
_CRIMINAL = re.compile(
    r"\b(?:is|are|was|were|be|being|it's|count|counts|become|becomes|makes?|making|made|consider\w*|treat\w*)\b"
    r"[^?.;]{0,80}?\b(?:a crimes?|an? (?:\w+ )?(?:criminal )?offen[cs]es?|illegal|unlawful|"
    r"criminal(?:ly)?(?=\s*[?.,;]|\s*$|\s+(?:offen[cs]es?|acts?|conduct|liable|responsible|under|in|if|when|for|by|to|"
    r"or|and)\b)|"
    r"punishable|against the law)\b|"
    r"\bcriminali[sz]\w*|\b(?:be|get|getting|been|being) (?:\w+ )?(?:punished|prosecuted|charged|arrested|jailed|"
    r"convicted|sued|in trouble)\b|\bgo to (?:jail|prison)\b|\b(?:a|any) crime\b", re.I)
# "Is it legal to …?" asks the opposite of "is it a crime?" ("mutual legal assistance" asks neither).
_LAWFUL = re.compile(r"\b(?:is|are|be|being|was|were|remains?|stays?|it's|still|perfectly) (?:it |this |that )?"
                     r"(?:legal|lawful)\b|\b(?:legal|lawful)(?:ly)? (?:to|for)\b", re.I)
_IS_THAT_RIGHT = re.compile(r"^\W*(?:(?:is|was) (?:that|this|it) (?:right|true|correct|accurate|so)\b|"
                            r"(?:true|correct|right|accurate|really)\s*\?\s*$)", re.I)
_OBLIGATION = re.compile(r"\b(?:must|have to|has to|had to|required?|requires|requiring|obliged?|obliges|obligated|forces?|"
                         r"obligat(?:ion|ory)|mandatory|compulsory|needs?|needed|duty|bound to|forced to|shall|"
                         r"make sure|ensure|always)\b", re.I)
_PERMISSION = re.compile(r"\b(?:can|could|may|might|allowed|permitted|permits?|allows?|able to|entitled|free to|"
                         r"possible|let)\b", re.I)


@dataclass(frozen=True)
class Conclusion:
    summary: str  # the plain first sentence (marked as a summary where shown)
    yes_no: str | None
    source: Passage | None = None  # the cited passage it is drawn from
    # For a question that asks yes or no, what the rules read (assistant/yes_no_model.py learns from it):
    asked: str = ""  # what it asks about (asks_about), "" when it asks no yes-or-no question
    reason: str = ""  # what follows "Yes." / "No." / "It depends": the plain entry and its label
    settled: bool = False  # decided by the text itself (a wrongly named article, a figure it contradicts, what it forbids)
    asking: str = ""  # the words that ask yes or no (a story's closing question; a follow-up with the one before)


def _opening(verdict: str, force: str, not_required: bool, each_country: bool) -> str:
    """The first words of a conclusion: "No, it is not required:" for a "no" that only a duty is missing
    from, "Not necessarily:" for a duty to consider or endeavour, "It depends on each country:" for an
    option left to each."""
    if verdict == YES:
        return "Yes."
    if verdict == NO:
        return "No, it is not required:" if not_required else "No."
    if force in (MUST_CONSIDER, MUST_ENDEAVOUR):
        return "Not necessarily:"
    return "It depends on each country:" if each_country else "It depends:"


def restate(conclusion: Conclusion, verdict: str) -> Conclusion:
    """The same conclusion with another verdict (one the learned model gives), its first words to match."""
    if verdict == conclusion.yes_no or not conclusion.reason:
        return conclusion
    force = conclusion.source.force if conclusion.source is not None else ""
    opening = _opening(verdict, force,
                       not_required=conclusion.asked == "obligation" and force in (MAY, MAY_RESERVE, MUST_CONSIDER),
                       each_country=force in (MAY, MAY_RESERVE))
    return replace(conclusion, summary=f"{opening} {conclusion.reason}.", yes_no=verdict)


def yes_no_question(question: str) -> str | None:
    """The part of the text that asks yes or no (a story's closing question), or None."""
    last = asking_sentence(question)
    if _YES_NO_START.match(last) or _IS_THAT_RIGHT.match(last) or _TAG_QUESTION.search(last):
        return last
    if not _WH_START.match(last) and any(p.search(last) for p in (_CLAUSE_QUESTION, _BARE_VERDICT)):
        return last
    return None


def claimed(question: str, asked: str) -> str:
    """The words whose numbers and dates the question asks to be checked: the question it asks, and for
    "… Is that right?" the sentence before it (a story's "four years together" is not asked about)."""
    if not _IS_THAT_RIGHT.match(asked):
        return asked
    said = question_sentences(question)
    before = said[-2] if len(said) > 1 and said[-1] == asked else ""
    return f"{before} {asked}".strip()


def asks_about(question: str) -> str:
    """What a yes-or-no question asks: "criminal" (is it a crime?), "lawful" (is it legal?),
    "obligation" (must they?), "permission" (may they?) or "fact" (anything else, which the force alone
    does not answer). The learned verdict (assistant/yes_no_model.py) reads it with the force."""
    if _LAWFUL.search(question) and not _CRIMINAL.search(question):
        return "lawful"
    # "Must countries make attempts a crime?" asks about an obligation; "Is attempting a crime?" does not.
    for name, pattern in (("obligation", _OBLIGATION), ("criminal", _CRIMINAL), ("permission", _PERMISSION)):
        if pattern.search(question):
            return name
    return "fact"


# ---- numbers, durations and dates stated in a question, compared with the text's --------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "ninetieth": 90, "hundredth": 100,
}
_NUMBER = r"(\d+(?:st|nd|rd|th)?|" + "|".join(_NUMBER_WORDS) + r")"
_DAYS_IN = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_DURATION = re.compile(_NUMBER + r"[\s-]+(?:consecutive |calendar |working |full )?(hour|day|week|month|year)s?\b"
                       r"(?!\s+(?:a|per)\s+(?:day|week))(?![\s-]+old)", re.I)  # "16-year-olds" is an age
# "Does it take effect the same day?": no waiting at all, against a text that states a period.
_AT_ONCE = re.compile(r"\b(?:immediately|at once|right away|straight away|the same day|on the same day|instantly)\b", re.I)
# "sixty States Parties", "the fortieth instrument", "Is 40 the number of States Parties required …?"
_COUNT = re.compile(_NUMBER + r"\s+(?:(?:is|was) )?(?:the (?:\w+ )?number of )?(?:\w+\s+){0,2}?(?:instruments?|"
                    r"ratifications?|states|countries|parties|members|signatures|votes)\b", re.I)
_FRACTION = re.compile(r"\b(two[- ]thirds|three[- ]quarters|half|majority)\b", re.I)


def _value(token: str) -> int:
    token = token.lower()
    return int(re.sub(r"\D", "", token)) if token[0].isdigit() else _NUMBER_WORDS[token]


def quantities(text: str) -> dict[str, set]:
    """Durations (in days), counts, fractions and dates (month, year) stated in a text."""
    found: dict[str, set] = {}
    for m in _DURATION.finditer(text):
        found.setdefault("duration", set()).add(round(_value(m.group(1)) * _DAYS_IN[m.group(2).lower()], 2))
    for m in _COUNT.finditer(text):
        found.setdefault("count", set()).add(_value(m.group(1)))
    for m in _FRACTION.finditer(text):
        found.setdefault("fraction", set()).add(m.group(1).lower().replace(" ", "-"))
    for m in DATE.finditer(text):
        found.setdefault("date", set()).add((m.group(2), m.group(3)))
    return found


def contradicted(question: str, passage_text: str) -> str | None:
    """What the text says instead, when the question states a duration, count, fraction or date of a kind
    the text also states, and none of the text's matches it ("180 days" against "up to 90 days")."""
    asked, stated = quantities(question), quantities(passage_text)
    for kind, values in asked.items():
        if kind in stated and not values & stated[kind]:
            return _describe(kind, stated[kind], passage_text)
    if _AT_ONCE.search(question) and "duration" in stated and "duration" not in asked:
        return _describe("duration", stated["duration"], passage_text)
    return None


def _describe(kind: str, values: set, text: str) -> str:
    pattern = {"duration": _DURATION, "count": _COUNT, "fraction": _FRACTION, "date": DATE}[kind]
    phrases = list(dict.fromkeys(m.group(0) for m in pattern.finditer(text)))
    return ", ".join(f"“{p}”" for p in phrases[:3])


# ---- an act the text allows only on a condition the question leaves out --------------------------------

_WITHOUT = re.compile(r"\bwithout\b", re.I)
_ONLY_ON = re.compile(r"\bonly (?:with|if|where|when|after|upon|on condition)\b[^.;]*", re.I)


def allowed_only_on(asked: str, passage_text: str) -> str | None:
    """What the text allows the act "only with" (or only if, when, after ...), when a question asks whether
    it may be done without something: "Can they pass my data on without asking?" against "shall transfer
    such personal data only with the authorization of ..." is answered no."""
    if asks_about(asked) != "permission" or not _WITHOUT.search(asked):
        return None
    found = _ONLY_ON.search(passage_text)
    return found.group(0).strip() if found else None


# ---- an element each country may add to an offence -------------------------------------------------

# "A State Party may require that the offence be committed by infringing security measures" (7(2); also
# 8(2), 9(2), 12(2), 15(2), 16(5)): an element each country may add to the offence its article creates.
_ELEMENT_A_COUNTRY_MAY_ADD = re.compile(r"\bmay require\b(.+)", re.I | re.S)


def element_asked(question: str, rule: Passage, article: list[Passage], distinctive) -> Passage | None:
    """The paragraph of an offence's article that lets each country add an element to it, when the
    question names that element ("… a crime even if I didn't get past any security measure?" against
    7(2)): whether it is a crime then depends on the country. `distinctive` keeps the words few passages
    use ("security", "harm"), so that words shared by many ("another", "system") name nothing."""
    if rule.force != MUST or rule.chapter != CRIMINALIZATION_CHAPTER:
        return None
    own = set(tokenize(" ".join([rule.text, rule.plain, rule.words])))
    asked = distinctive(set(tokenize(question)) - own)
    for passage in article:
        added = _ELEMENT_A_COUNTRY_MAY_ADD.search(passage.text)
        if passage is not rule and added and asked & set(tokenize(added.group(1))):
            return passage
    return None


# ---- the conclusion ----------------------------------------------------------------------------------

def _operative(cited: list[Passage]) -> Passage | None:
    """The first cited passage that states a rule (not a definition or a statement) and has a plain entry,
    else the first with a plain entry."""
    with_plain = [p for p in cited if p.plain]
    return next((p for p in with_plain if p.force not in ("", STATES)), with_plain[0] if with_plain else None)


_DEFINED = re.compile(r"“([^”]+)”")


def names_a_defined_term(question: str, definition: str) -> bool:
    """Does the question use a term the definition defines (“Serious crime” shall mean …)?"""
    words = f" {' '.join(tokenize(question))} "
    return any(f" {' '.join(tokenize(term))} " in words for term in _DEFINED.findall(definition))


def turned_over(verdict: str | None) -> str | None:
    """Yes for no and no for yes: the answer to "is it legal?" where "is it a crime?" has this one."""
    return {YES: NO, NO: YES}.get(verdict, verdict)


def _decide(asked: str, chapter: str | None, force: str) -> str | None:
    offence = chapter == CRIMINALIZATION_CHAPTER
    if asked in ("criminal", "lawful"):
        verdict = None
        if force == MUST_NOT:
            verdict = NO
        elif offence and force == MUST:
            verdict = YES
        elif offence and force in (MAY, MAY_RESERVE, MUST_CONSIDER):
            verdict = DEPENDS
        return turned_over(verdict) if asked == "lawful" else verdict
    if asked == "obligation":
        # A duty only to consider something does not require it.
        return {MUST: YES, MUST_NOT: NO, MAY: NO, MAY_RESERVE: NO, MUST_CONSIDER: NO,
                MUST_ENDEAVOUR: DEPENDS}.get(force)
    if asked == "permission":
        return {MAY: YES, MAY_RESERVE: YES, MUST: YES, MUST_CONSIDER: YES, MUST_ENDEAVOUR: YES,
                MUST_NOT: NO}.get(force)
    # Any other question ("Are witnesses protected?", "Is there a 24/7 contact point?"): what the
    # provision found obliges is so; what it leaves to each country depends.
    return {MUST: YES, MUST_NOT: NO, MAY: DEPENDS, MAY_RESERVE: DEPENDS, MUST_CONSIDER: DEPENDS,
            MUST_ENDEAVOUR: DEPENDS}.get(force)


def conclude(question: str, cited: list[Passage], mismatch: tuple[str, str] | None = None,
             earlier: str = "", element: Passage | None = None) -> Conclusion:
    """The first sentence of an answer citing `cited` (in order), and its yes / no / depends.

    `mismatch`: (the provision the question named, the one that answers) when the question names the
    wrong article. `earlier`: the conversation's questions, when the question is read as a follow-up.
    `element`: the cited paragraph that lets each country add an element the question names
    (`element_asked`).
    """
    passage = _operative(cited)
    if passage is None:
        return Conclusion("", None)
    return replace(_conclude(question, cited, mismatch, passage, earlier, element), source=passage)


def _conclude(question: str, cited: list[Passage], mismatch: tuple[str, str] | None, passage: Passage,
              earlier: str = "", element: Passage | None = None) -> Conclusion:
    plain = passage.plain.rstrip(".")
    summary = f"{plain} ({passage.label})."
    asked_text = yes_no_question(question)
    if asked_text is None and earlier and not _ASKS_WHICH.search(question) and (
            earlier_asked := yes_no_question(earlier)):
        # "What about listening in?" or "Even abroad?" after "Is hacking a crime?" asks the same yes or no
        # ("for how long?" does not).
        asked_text = f"{earlier_asked} {question}"
    if asked_text is None:
        return Conclusion(summary, None)
    if mismatch is not None:
        named, actual = mismatch
        return Conclusion(f"No. {named} does not deal with this; {actual} does: {plain}.", NO, settled=True)
    claim = claimed(question, asked_text)
    for candidate in cited:
        if candidate.is_primary and (instead := contradicted(claim, candidate.text)):
            return Conclusion(f"No. {candidate.label} says {instead}: {plain}.", NO, settled=True)
    if only_on := allowed_only_on(asked_text, passage.text):
        return Conclusion(f"No. {passage.label} allows it “{only_on}”: {plain}.", NO, settled=True)
    if element is not None:
        # The rule obliges every country; whether this case is a crime turns on an element each may add.
        added = element.plain.rstrip(".")
        return Conclusion(f"It depends on each country: {plain} ({passage.label}), but {added[0].lower()}{added[1:]} "
                          f"({element.label}).", DEPENDS, settled=True)
    force = passage.force
    asked = asks_about(claim)  # for "Is that right?", what the claim before it asks
    verdict = _decide(asked, passage.chapter, force)
    reason = f"{plain} ({passage.label})"
    read = Conclusion(summary, None, asked=asked, reason=reason, asking=asked_text)
    if asked in ("criminal", "lawful") and passage.article == DEFINITIONS_ARTICLE:
        if names_a_defined_term(question, passage.text):
            # "Is a 'serious crime' one punishable by four years?" asks what the defined term means.
            read = replace(read, asked="fact")
        else:
            # A definition says what a word means, not what is a crime ("Is crypto illegal?" against
            # 2(i), "property" includes virtual assets): neither yes nor no, whatever a learned verdict reads.
            return replace(read, settled=True)
    if verdict is None:
        return read
    opening = _opening(verdict, force, not_required=force in (MAY, MAY_RESERVE, MUST_CONSIDER), each_country=True)
    # What the text forbids ("Nothing in this Convention shall be interpreted as permitting the suppression
    # of … expression", 6(2)) is not a crime it creates, nor lawful to do under it: settled by the text.
    forbidden = force == MUST_NOT and asked in ("criminal", "lawful")
    return replace(read, summary=f"{opening} {reason}.", yes_no=verdict, settled=forbidden)
