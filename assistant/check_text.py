"""Reading a draft for the reference checker: its sentences with their character spans, the force a
sentence gives a rule ("must", "requires", "prohibits", "may", "can choose": the same names that
assistant/force.py gives provisions), and the durations, counts and dates it states, for comparison
with the text. Pure: no model, no data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.force import MAY, MAY_RESERVE, MUST, MUST_CONSIDER, MUST_ENDEAVOUR, MUST_NOT, STATES
from assistant.text import MONTHS, tokenize


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


# A full stop after these does not end a sentence: "art. 2(h)", "para. 1", "e.g. the", "U.N. body".
ABBREVIATIONS = frozenset(
    "art arts para paras par no nos e.g i.e cf p pp vol etc mr ms mrs dr st inc sec subpara v vs u.n u.s op al "
    "fig ch approx ibid res doc".split()
)
_END = re.compile(r"[.!?]+[”\"')\]]*\s+(?=[A-Z“\"(‘'])")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)]|\([a-z0-9]+\)|#)\s)")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their spans in `text`: split at a full stop (not after an abbreviation), a blank
    line, or a line that starts a list item or heading; a hard-wrapped line does not end a sentence."""
    cuts = {0, len(text)}
    for m in _BREAK.finditer(text):
        cuts.add(m.end())
    for m in _END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]*[”\"')\]]*$", text[max(0, m.start() - 12):m.start() + 1])
        before = word.group(1).lower().rstrip(".") if word else ""
        if text[m.start()] == "." and (before in ABBREVIATIONS or re.fullmatch(r"[a-z]", before)):
            continue
        cuts.add(m.end())
    # A line that ends a sentence and is followed by a line break also ends it ("Title\nText").
    for m in re.finditer(r"[.!?:;][”\"')]*[ \t]*\n", text):
        cuts.add(m.end())
    result = []
    bounds = sorted(cuts)
    for start, end in zip(bounds, bounds[1:]):
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            result.append(Sentence(stripped, start + lead, start + lead + len(stripped)))
    return result


# A clause ends at ";", before ", and", ", but", ", although" ..., and after a reference in brackets that
# closes an item of a list: "illegal access (Article 7), illegal interception (Article 8) and ...". (A colon
# introduces what the clause says: "Article 13 deals with fraud: causing a loss of property ...".)
_CLAUSE_END = re.compile(r";\s+|,\s+(?=(?:and|but|although|though|while|whereas|so|yet)\s)|#\)(?=\s*(?:,|and\b|or\b))")
# "in accordance with articles 7 to 16", "referred to in article 56": named in passing, after the reference
# a sentence is about.
_IN_PASSING = re.compile(
    r"(?:in accordance with|referred to in|described in|set out in|established (?:under|in accordance with|by)|"
    r"pursuant to|as defined in|within the meaning of|provided for in)\s+(?:the\s+)?$",
    re.I,
)


def clauses(sentence: Sentence, references: list[tuple[int, int]]) -> list[Sentence]:
    """The sentence's clauses with their spans (references, given as spans in the whole text, are never
    split)."""
    masked = list(sentence.text)
    for start, end in references:
        for i in range(max(start - sentence.start, 0), min(end - sentence.start, len(masked))):
            masked[i] = "#"
    cuts = [0] + [m.end() for m in _CLAUSE_END.finditer("".join(masked))] + [len(masked)]
    result = []
    for start, end in zip(cuts, cuts[1:]):
        piece = sentence.text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;:"))
        text = piece.strip(" ,;:")
        if text:
            result.append(Sentence(text, sentence.start + start + lead, sentence.start + start + lead + len(text)))
    return result


def in_passing(text_before: str) -> bool:
    """Is a reference preceded by these words only named in passing ("established in accordance with")?"""
    return bool(_IN_PASSING.search(text_before))


# ---- the force a claim gives ----------------------------------------------------------------------

# Checked in this order; the earliest match in the sentence is its force (as in force.py).
_CLAIM_FORCES: list[tuple[str, re.Pattern]] = [
    (MAY, re.compile(r"\b(?:(?:is|are|was|were) not|not|never|no longer|does not|do not|doesn't|don't|need not|"
                     r"needn't)\s+(?:\w+\s+)?(?:required|obliged|obligated|bound|mandatory|compulsory|have to|has to|"
                     r"need to|require|oblige|compel|force)\b|\bneed not\b|\boptional(?:ly)?\b|"
                     r"\b(?:no|without|relie(?:ves?|d)\b[^.;]{0,40}?\bof(?: any)?|free(?:s|d)?\b[^.;]{0,40}?\b(?:of|from)"
                     r"(?: any)?)\s+(?:obligation|duty|requirement)\b", re.I)),
    (MUST_NOT, re.compile(r"\b(?:must not|mustn't|shall not|may not|cannot|can ?not|can't|(?:is|are) not "
                          r"(?:allowed|permitted)|prohibit\w*|forbid\w*|bans?|banned|bars?|barred|precludes?)\b", re.I)),
    (MAY_RESERVE, re.compile(r"\b(?:(?:may|can|could)\s+(?:\w+\s+)?)?reserve the right|\breservations?\b|"
                             r"\bopt(?:s|ing)? out\b", re.I)),
    # a soft obligation: "encourages States to", "urges", "calls on"
    (MUST_ENDEAVOUR, re.compile(r"\b(?:encourag\w*|urg(?:es|ed|ing)|invites?|calls? (?:on|upon))\b", re.I)),
    (MUST, re.compile(r"\b(?:must|shall|should|requires?|required|requiring|oblige[sd]?|obligat\w*|has to|have to|"
                      r"mandator\w*|mandates?|compels?|needs? to|bound to|duty|undertakes? to|calls? for|"
                      r"asks?|commits?|guarantees?|ensures?|criminali[sz]e[sd]?|establishes|makes? it a)\b", re.I)),
    (MAY, re.compile(r"\b(?:may|can|could|might|allows?|allowed|allowing|permits?|permitted|lets?|enables?|free to|"
                     r"option|discretion|choose|chooses|choice|merely|entitled|authori[sz]es?|if (?:they|it) wish(?:es)?)\b",
                     re.I)),
]
# A modal verb gives a rule's force only when someone is its subject ("States may", "the authorities can");
# "an order can last 90 days" and "requests may be made orally" describe, they do not permit.
_MODAL = re.compile(r"^(?:must|shall|should|may|can|could|might|must not|mustn't|shall not|may not|cannot|can ?not|can't)$",
                    re.I)
_AGENT = re.compile(
    r"\b(?:states?|part(?:y|ies)|countr(?:y|ies)|governments?|authorit(?:y|ies)|police|courts?|judges?|prosecutors?|"
    r"investigators?|officials?|agenc(?:y|ies)|providers?|persons?|secretary-general|conference|committee|members?|"
    r"it|they|we|each|every|one|signatories|ratifying)\W*(?:\w+\W+){0,3}$",
    re.I,
)
# An obligation only to consider or to try: "must consider", "requires States to endeavour".
_CONSIDER = re.compile(r"\b(?:consider\w*|give (?:due |priority )?consideration)\b", re.I)
_ENDEAVOUR = re.compile(r"\b(?:endeavou?r\w*|strive\w*|try|tries|seeks? to|make (?:every )?efforts?|best efforts)\b", re.I)


def claim_force(sentence: str) -> str | None:
    """The force the sentence gives the rule it describes, or None when it states no force ("Article 2(h)
    defines ...")."""
    found = [(m.start(), order, force) for order, (force, pattern) in enumerate(_CLAIM_FORCES)
             for m in pattern.finditer(sentence)
             if not _MODAL.match(m.group(0)) or _AGENT.search(sentence[max(0, m.start() - 60):m.start()])]
    if not found:
        return None
    position, _, force = min(found)
    if force in (MUST, MAY):  # "requires States to endeavour", "calls on States to consider", "may consider"
        rest = sentence[position:position + 80]
        if _ENDEAVOUR.search(rest):
            return MUST_ENDEAVOUR if force == MUST else MAY
        if _CONSIDER.search(rest):
            return MUST_CONSIDER if force == MUST else MAY
    return force


# Forces that say the same thing: criminalizing conduct is prohibiting it; a permission covers a
# reservation; an obligation to consider or to try binds to no result, no more than a permission does.
_AGREE = {
    MUST: {MUST, MUST_NOT},
    MUST_NOT: {MUST_NOT, MUST},
    MAY: {MAY, MAY_RESERVE, MUST_CONSIDER, MUST_ENDEAVOUR},
    MAY_RESERVE: {MAY_RESERVE, MAY},
    MUST_CONSIDER: {MUST_CONSIDER, MUST_ENDEAVOUR, MAY},
    MUST_ENDEAVOUR: {MUST_ENDEAVOUR, MUST_CONSIDER, MAY},
}
# "empower its competent authorities to ...": the State must, and the authorities may.
_CONFERS_A_POWER = re.compile(r"\b(?:empower\w*|enable\w* (?:its|their) competent authorities|have the authority)\b", re.I)


# "permits States to", "States may": the permission is the State's, not its authorities'.
_STATES_PERMITTED = re.compile(
    r"\b(?:allow|permit|let|enable|entitle|authori[sz]e)s?\s+(?:each\s+|every\s+|a\s+|the\s+)?(?:states?|part(?:y|ies)|"
    r"countr(?:y|ies)|governments?)\b|\b(?:states?|part(?:y|ies)|countries|governments?)\s+(?:\w+\s+)?"
    r"(?:may|can|could|are free|is free|have the option|has the option|choose)\b",
    re.I,
)


def force_agrees(claim: str | None, provision_forces: set[str], provision_text: str = "", claim_text: str = "") -> bool:
    """Does the claim's force fit one of the forces of the provision's matching sentences? A claim or a
    provision without force (a definition) has nothing to disagree with. A provision that makes States
    empower their authorities lets the authorities act: "allows the preservation of data" fits it,
    "permits States to ..." does not."""
    forces = set(provision_forces) - {STATES}
    if claim is None or not forces:
        return True
    if _CONFERS_A_POWER.search(provision_text) and not _STATES_PERMITTED.search(claim_text):
        forces.add(MAY)
    return bool(_AGREE[claim] & forces)


# ---- durations, counts and dates ------------------------------------------------------------------

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "ninetieth": 90,
}
_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
# A count of States and a count of their instruments both count how many have joined.
_COUNTED = {"state": "parties", "party": "parties", "parties": "parties", "instrument": "parties",
            "ratification": "parties", "vote": "votes", "session": "sessions"}
QUANTITY = re.compile(
    r"\b(\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")[-\s]+"
    r"(hours?|days?|weeks?|months?|years?|states?(?:\s+part(?:y|ies))?|parties|instruments?|ratifications?|votes?|"
    r"sessions?)\b(?!\s+(?:a|per)\s+(?:day|week))",
    re.I,
)
# Words that belong to a figure: compared as figures, not as wording.
FIGURE_WORDS = frozenset(tokenize(" ".join([*_WORDS, *_DAYS, "hours days weeks months years", MONTHS.replace("|", " "),
                                             "least most maximum minimum less more within until later than"])))
_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({MONTHS})(?:\s+(\d{{4}}))?\b|\b((?:19|20)\d{{2}})\b")


@dataclass(frozen=True)
class Quantity:
    """A duration in days ("90 days", "two years"), or a count of States, instruments, votes."""

    kind: str  # "duration", or what is counted: "parties" (States or their instruments), "votes", "sessions"
    value: float
    text: str


def quantities(text: str) -> list[Quantity]:
    found = []
    for m in QUANTITY.finditer(text):
        number, unit = m.group(1).lower(), m.group(2).lower().split()[0]
        value = float(number) if number[0].isdigit() else float(_WORDS[number])
        singular = unit.rstrip("s") if unit not in ("parties",) else unit
        if singular in _DAYS:
            found.append(Quantity("duration", value * _DAYS[singular], m.group(0)))
        elif singular in _COUNTED or unit in _COUNTED:
            found.append(Quantity(_COUNTED.get(singular) or _COUNTED[unit], value, m.group(0)))
    return found


@dataclass(frozen=True)
class Date:
    day: int | None
    month: str | None
    year: int | None
    text: str

    def fits(self, other: "Date") -> bool:
        """Could both name the same day: "July 2024" fits "24 July 2024", not "24 December 2024";
        "24 December" fits "24 December 2024"."""
        return all(a is None or b is None or a == b
                   for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day)))

    def as_precise_as(self, other: "Date") -> bool:
        """Does this date give every part the other gives? Only such a date confirms or contradicts it:
        "2025" says nothing of "31 December 2025", nor "24 December" of "24 December 2025"."""
        return all(b is not None for a, b in ((other.year, self.year), (other.month, self.month), (other.day, self.day))
                   if a is not None)


def dates(text: str) -> list[Date]:
    found = []
    for m in _DATE.finditer(text):
        if m.group(4):
            found.append(Date(None, None, int(m.group(4)), m.group(0)))
        elif m.group(1) or m.group(3):  # "24 December", "July 2024"; not a month name alone ("may", "march")
            found.append(Date(int(m.group(1)) if m.group(1) else None, m.group(2).lower(),
                              int(m.group(3)) if m.group(3) else None, m.group(0)))
    return found


@dataclass(frozen=True)
class Figures:
    """How a claim's quantities and dates compare with a text: `agree` lists those the text states too,
    `disagree` those where the text states another value of the same kind (with the text's values)."""

    agree: list[str]
    disagree: list[tuple[str, list[str]]]
    unstated: list[str]  # stated by the claim, but nothing of their kind in the text


def compare_figures(claim: str, evidence: list[str]) -> Figures:
    """Compare the claim's durations, counts and dates with the evidence sentences."""
    agree: list[str] = []
    disagree: list[tuple[str, list[str]]] = []
    unstated: list[str] = []
    stated_quantities = [q for sentence in evidence for q in quantities(sentence)]
    stated_dates = [d for sentence in evidence for d in dates(sentence)]
    for q in quantities(claim):
        same_kind = [s for s in stated_quantities if s.kind == q.kind]
        if any(abs(s.value - q.value) < 1e-6 for s in same_kind):
            agree.append(q.text)
        elif same_kind:
            disagree.append((q.text, list(dict.fromkeys(s.text for s in same_kind))))
        else:
            unstated.append(q.text)
    for d in dates(claim):
        precise = [s for s in stated_dates if s.as_precise_as(d)]
        if any(d.fits(s) for s in precise):
            agree.append(d.text)
        elif precise:
            disagree.append((d.text, list(dict.fromkeys(s.text for s in precise))))
        else:
            unstated.append(d.text)
    return Figures(agree, disagree, unstated)
