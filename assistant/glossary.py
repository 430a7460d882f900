"""Everyday words for cybercrime and criminal procedure, mapped to the Convention's own vocabulary.

People ask about "hacking" or "revenge porn"; the treaty says "illegal access" and "non-consensual
dissemination of intimate images". Matching terms add the treaty's phrasing to the query for both the
lexical and the dense retriever. This is a general glossary of the field, not a list of test questions:
keep entries to what the words mean, never to which article a particular question should hit.

Matching is linear in the question's length: the question's word forms are indexed once, and a term is
looked for only where its words occur (a 2,000-character question of one repeated word costs no more
than an ordinary one).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from assistant.knowledge import load_glossary

def word_forms(word: str) -> frozenset[str]:
    """A word and its likely base forms, so "logs", "logged" and "logging" all meet "log"."""
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    if word.endswith("ed"):
        forms.update({word[:-2], word[:-1]})
    if word.endswith("ing"):
        forms.update({word[:-3], word[:-3] + "e"})
    forms.update({f[:-1] for f in list(forms) if len(f) > 3 and f[-1] == f[-2]})
    return frozenset(f for f in forms if f)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", text.lower().replace("’", "'"))


# Words a term may carry that need not appear in the question: "change the treaty" is met by "the
# treaty be changed" and "delete my data" by "data being deleted". A term keeps them when fewer than
# two words would be left: "my citizen" is not any "citizen".
_OPTIONAL = frozenset({"the", "a", "an", "my", "your", "their", "his", "her", "its", "our", "of", "to", "for"})


def _term_words(term: str) -> list[frozenset[str]]:
    words = _words(term)
    essential = [w for w in words if w not in _OPTIONAL]
    return [word_forms(w) for w in (essential if len(essential) >= 2 else words)]


def _find(positions: dict[str, list[int]], term: list[frozenset[str]], used: set[int]) -> list[int] | None:
    """Positions of the question's words that meet the term's words: one word alone, or several in a
    window one word wider than the term (in any order, so passive phrasings count). `positions` maps
    each word form of the question to where it occurs."""
    where = [sorted({i for form in forms for i in positions.get(form, ()) if i not in used}) for forms in term]
    if not all(where):
        return None
    if len(term) == 1:
        return [where[0][0]]
    matches = [set(found) for found in where]
    candidates = sorted(set().union(*matches))
    for first, start in enumerate(candidates):  # a window opens at a word of the term
        window = candidates[first:bisect_right(candidates, start + len(term))]
        picked: list[int] = []
        for found in matches:
            match = next((i for i in window if i not in picked and i in found), None)
            if match is None:
                break
            picked.append(match)
        else:
            if start in picked:
                return picked
    return None


# The offences of Articles 7 to 17, by the treaty's names for them.
OFFENCE = re.compile(
    r"illegal access|illegal interception|interference with|misuse of devices|forgery|theft or fraud|\bfraud\b|"
    r"child sexual abuse|grooming|solicitation|dissemination of intimate|laundering",
    re.I,
)
# Provisions that apply to every offence the Convention establishes: taking part and attempting,
# liability, time limits, sanctions, jurisdiction, extradition, confiscation, victims, witnesses,
# records, prevention, joint investigations, and the proceeds of any of them.
APPLIES_TO_EVERY_OFFENCE = re.compile(
    r"accomplice|instigator|attempt|jurisdiction|statute of limitations|liability|victims|witness|"
    r"preparation|public awareness|prevent|confiscation|freezing|extradition|sanctions|criminal record|"
    r"reintegration|joint investigation|proceeds of crime",
    re.I,
)


# "my 13-year-old", "a girl aged 12": an age under 18 makes the person a child in the treaty's terms.
CHILD_AGE = re.compile(r"\b(?:1[0-7]|[1-9])[- ](?:years?|yrs?)[- ]old\b|\baged (?:1[0-7]|[1-9])\b", re.I)
CHILD = "child"  # the treaty's word


# The same rules in the question's own words ("attempting", "extradited", "proceeds").
RULE_FOR_EVERY_OFFENCE_WORDS = re.compile(
    r"\b(?:accomplices?|instigat\w*|attempt\w*|plann?(?:ing|ed|s)?|prepar\w*|jurisdiction|victims?|witness\w*|"
    r"extradit\w*|confiscat\w*|freez\w*|frozen|proceeds|"
    r"(?:compan(?:y|ies)|firms?|business(?:es)?|corporations?)\b.{0,20}\b(?:prosecut|punish|liab|responsib|fined|sanction)\w*|"
    # who may try a case that crosses borders: jurisdiction or extradition, whatever the offence
    r"(?:prosecut\w*|tried|trial)\b.{0,60}\b(?:another country|other countr\w*|abroad|elsewhere|overseas)|"
    r"(?:another country|other countr\w*|abroad|elsewhere|overseas)\b.{0,60}\b(?:prosecut\w*|tried|trial))\b",
    re.I,
)


def focus(expansions: list[str], question: str = "") -> list[str]:
    """In "is instigating someone to hack a crime?" or "can a house bought with ransomware profits be
    confiscated?" the offence is what the question is about, not what it asks: the rule asked for
    applies to every offence. Expanding the offence too would pull its own article ahead of the rule."""
    if RULE_FOR_EVERY_OFFENCE_WORDS.search(question) or any(APPLIES_TO_EVERY_OFFENCE.search(e) for e in expansions):
        return [e for e in expansions if not OFFENCE.search(e) or APPLIES_TO_EVERY_OFFENCE.search(e)]
    return expansions


class Glossary:
    """Everyday terms and the treaty's phrasing for each, matched across inflections, one extra word and
    passive order. Longer terms win: the words of "phone company" are not matched again as "company"."""

    def __init__(self, terms: dict[str, str]):
        self.terms = terms
        self._compiled = [(_term_words(term), expansion)
                          for term, expansion in sorted(terms.items(), key=lambda kv: -len(kv[0]))]

    def expand(self, question: str) -> list[str]:
        """The treaty phrasings for the everyday terms found in `question`, minus an offence that is
        only the object of a rule for every offence (see `focus`)."""
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(_words(question)):
            for form in word_forms(word):
                positions.setdefault(form, []).append(i)
        used: set[int] = set()
        found: list[str] = []
        for term, expansion in self._compiled:
            span = _find(positions, term, used) if term else None
            if span is not None:
                used.update(span)
                if expansion not in found:
                    found.append(expansion)
        if CHILD_AGE.search(question) and CHILD not in found:
            found.append(CHILD)
        return focus(found, question)


# The glossary itself is data, reviewed and extended without touching Python: corpus/glossary.yaml.
GLOSSARY = Glossary(load_glossary())
LAY_TERMS = GLOSSARY.terms
expand = GLOSSARY.expand
