"""Typos in questions ("money laundring", "extradte"), corrected before searching.

A word is corrected only when it is neither English (pyspellchecker's bundled word list) nor a word of
the documents or of their plain-language layer, and such a word is one edit away: "phising" is read as
"phishing", not "phasing". Other unknown words ("admin", "fibre", "Instagram") are left alone: the
search only gains from words the documents or the layer use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spellchecker import SpellChecker

WORD = re.compile(r"[A-Za-z][a-z]+")
MIN_LENGTH = 4  # shorter words have too many neighbours one edit away ("boss", "loss")


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


@dataclass(frozen=True)
class Correction:
    typed: str
    read_as: str


class Speller:
    def __init__(self, domain_words: Iterable[str]):
        self.domain = frozenset(w.lower() for w in domain_words)
        self.checker = SpellChecker(distance=1)  # one edit: fast, and two edits "correct" too much

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        """The text with its typos corrected, and what was corrected."""
        corrections: list[Correction] = []

        def fix(match: re.Match) -> str:
            word = match.group(0)
            better = self._better(word, sentence_start=match.start() == 0)
            if better is None:
                return word
            corrections.append(Correction(word, better))
            return better

        return WORD.sub(fix, text), corrections

    def _better(self, word: str, sentence_start: bool) -> str | None:
        lower = word.lower()
        if len(word) < MIN_LENGTH or lower in self.domain or not self.checker.unknown([lower]):
            return None
        if word[0].isupper() and not sentence_start:  # a name ("Instagram", "Kilimanjaro")
            return None
        if word_forms(lower) & self.domain:  # "botnets" is the layer's "botnet"
            return None
        ours = same_sense(lower, sorted(c for c in self.checker.candidates(lower) or () if c in self.domain))
        if not ours:
            return None
        best = max(ours, key=self.checker.word_usage_frequency)
        if american(lower) == best:  # "organisation": a spelling, not a typo (the stemmer joins them)
            return None
        return best.capitalize() if word[0].isupper() else best


# Prefixes that negate a word ("illegal", "unlawful", "non-consensual", "disproportionate").
NEGATIONS = ("non", "dis", "un", "in", "il", "im", "ir")


def negated(word: str) -> bool:
    return word.startswith(NEGATIONS)


def same_sense(typed: str, candidates: list[str]) -> list[str]:
    """The candidates that keep the typed word's sense: a typo with a negating prefix ("ilegal") is read
    only as a negated word ("illegal", never "legal"), one without ("nlawful") never as a negated word;
    and when the candidates hold a word and its opposite ("lawful", "unlawful") the typo is left alone."""
    if negated(typed):
        return [c for c in candidates if negated(c)]
    opposites = {c[len(p):] for c in candidates for p in NEGATIONS if c.startswith(p)}
    plain = [c for c in candidates if not negated(c)]
    return [] if opposites & set(plain) else plain


def american(word: str) -> str:
    """The American spelling of a British one: "organisation", "criminalised", "behaviour"."""
    word = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", word)
    return re.sub(r"our$", "or", word)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The lower-case words of some texts."""
    return {w.lower() for text in texts for w in WORD.findall(text)}
