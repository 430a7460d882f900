"""The reference checker: every reference to a provision in a text, whether the provision exists, and
whether the sentence it stands in says what the provision says; and sentences that make a claim about
the Convention without a reference, checked against the primary text.

Verdicts, from simple signals that can each be shown to the reader:
- `nonexistent`: the Convention (or its notes, or the resolution) has no such provision; suggestions say
  what the writer probably meant (the passages that match the sentence, those of the article or
  document named first);
- `not_supported`: the provision exists but the sentence is not what it says: the provision is not among
  the passages that best match the sentence and shares little of its wording, or another paragraph of
  the same article matches clearly better, or a duration, count or date differs from the text's;
- `unclear`: the right provision, but the sentence's force ("must", "may", "prohibits") is not the
  provision's (assistant/force.py reads the provision's);
- `supported`: none of that.

The core is pure given a ranking of passages for a sentence (`Rank`, the assistant's retrieval) and the
passages themselves; `Checker.check` does the work, `check_text` builds one for an Assistant.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable

from assistant.check_text import Figures, Sentence, claim_force, compare_figures, force_agrees, split_sentences
from assistant.force import forces_in
from assistant.models import Passage
from assistant.references import CONVENTION, PREAMBLE, Found, Reference, find_references, strip_references
from assistant.retrieve import Hit, TreatyIndex
from assistant.text import sentences, tokenize

SUPPORTED, NOT_SUPPORTED, UNCLEAR, NONEXISTENT = "supported", "not_supported", "unclear", "nonexistent"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, UNCLEAR, NONEXISTENT)
MAX_CHECK_CHARS = 20_000  # about six pages; a one-page memo is about 3,500
TOP_PROVISIONS = 3  # a cited provision this far down the sentence's best matches still fits it
WORDING_SHARE = 0.6  # ... or when this (weighted) share of the sentence's words is in the provision's text
CLAIM_WORDING_SHARE = 0.5  # a claim without a reference is borne out by a passage sharing this much
BETTER_PARAGRAPH_MARGIN = 0.1  # how much more of the sentence another paragraph must share to be "the one"
SUGGESTIONS = 3
EVIDENCE = 5  # passages a claim without a reference is compared with
# What a draft says about the Convention without citing it: it names the Convention or its actors.
ABOUT_THE_CONVENTION = (
    "convention", "treaty", "state party", "states parties", "states party", "general assembly", "secretary-general",
    "resolution 79/243", "interpretative note", "conference of the states parties",
)
# The sentence's own wording says nothing about what the rule is: these words are left out of the
# comparison of wording.
_FRAMING = set(tokenize(
    "provides provision requires required obliges obliged allows allowed lets permits says states stated "
    "sets establishes deals governs covers addresses under according makes clear explains defines definition "
    "also merely whether wish can choose calls asks"
))

Rank = Callable[[str], list[Hit]]


class CheckInputError(ValueError):
    """The text cannot be checked as given (not text, empty, or too long); the message says why."""


def validate(text: object) -> str:
    if not isinstance(text, str):
        raise CheckInputError("the text must be a string")
    if not text.strip():
        raise CheckInputError("the text is empty")
    if len(text) > MAX_CHECK_CHARS:
        raise CheckInputError(
            f"the text is {len(text):,} characters long; the checker takes at most {MAX_CHECK_CHARS:,} "
            "(about six pages): check it in parts"
        )
    return text


@dataclass(frozen=True)
class Provision:
    label: str
    title: str
    quote: str


@dataclass(frozen=True)
class Suggestion:
    label: str
    article: int | None
    paragraph: str | None
    quote: str
    score: float


@dataclass
class Checked:
    """One reference (or, in `claims`, one sentence without a reference) and its verdict."""

    text: str  # the reference as written (for a claim: the sentence)
    label: str  # what it names, spelt canonically ("Art 24.2" -> "Article 24(2)"); for a claim, the provision judged by
    sentence: str
    start: int  # character span of `text` in the checked text
    end: int
    article: int | None
    paragraph: str | None  # "1", "1(c)", "h"; a note's or resolution paragraph's number
    exists: bool
    verdict: str
    score: float  # how closely the provision matches the sentence (cosine similarity, 0 to 1)
    provision: Provision | None
    suggestions: list[Suggestion] = field(default_factory=list)
    reason: str = ""  # the verdict in a sentence


@dataclass(frozen=True)
class OtherInstrument:
    """A reference to another treaty or law: reported, not checked against this Convention."""

    text: str
    instrument: str
    sentence: str
    start: int
    end: int


@dataclass
class CheckReport:
    references: list[Checked]
    claims: list[Checked]
    other_instruments: list[OtherInstrument]
    milliseconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Signals:
    """What a verdict on a sentence and the provision it cites rests on."""

    has_claim: bool  # the sentence says something beyond naming the provision
    rank: int | None  # place of the cited provision among the sentence's best-matching provisions (0 = first)
    allowed_rank: int  # how far down it may stand: TOP_PROVISIONS, plus one per other provision the sentence names
    wording: float  # weighted share of the sentence's words found in the cited provision's best passage
    figures: Figures  # the sentence's durations, counts and dates against the cited text
    better_paragraph: bool  # another paragraph of the cited article matches the sentence clearly better
    force_agrees: bool


def decide(s: Signals) -> str:
    """The verdict on an existing provision cited for a sentence."""
    if not s.has_claim:
        return SUPPORTED
    if s.figures.disagree:
        return NOT_SUPPORTED
    fits = (s.rank is not None and s.rank < s.allowed_rank) or s.wording >= WORDING_SHARE
    if not fits or s.figures.unstated or s.better_paragraph:
        return NOT_SUPPORTED
    return SUPPORTED if s.force_agrees else UNCLEAR


def key(passage: Passage) -> tuple:
    """One provision: an article of a document, or a passage of its own (a note, a resolution paragraph)."""
    return passage.doc_id, passage.article if passage.doc_kind == "treaty" and passage.article else passage.id


def paragraph_text(paragraph: str | None, subparagraph: str | None, item: str | None = None) -> str | None:
    """ "1", "1(c)", "h", "1(b)(ii)"."""
    parts = [paragraph] if paragraph else []
    parts += [f"({p})" if parts else p for p in (subparagraph, item) if p]
    return "".join(parts) or None


def verbatim(passages: list[Passage]) -> str:
    """The passages' text in document order, each line once (split sub-paragraphs repeat their chapeau)."""
    seen: list[str] = []
    for passage in sorted(passages, key=lambda p: p.order):
        seen += [line for line in passage.text.split("\n") if line not in seen]
    return "\n".join(seen)


def title_of(passage: Passage) -> str:
    return passage.article_title or ("Preamble" if passage.label == "Preamble" else passage.doc_title)


class Checker:
    def __init__(self, index: TreatyIndex, rank: Rank):
        self.index = index
        self.rank = rank
        self.size = len(index.passages)
        self.frequency = Counter(w for p in index.passages for w in set(self._words(p)))
        self._ranked: dict[str, list[Hit]] = {}

    # -- wording ----------------------------------------------------------------------------------
    @staticmethod
    def _words(passage: Passage) -> list[str]:
        return tokenize(f"{passage.text} {passage.article_title or ''}")

    def _weight(self, word: str) -> float:
        return math.log(1 + self.size / (1 + self.frequency.get(word, 0)))

    def content(self, sentence: str) -> set[str]:
        """The sentence's words that say what it claims: not numbers, not its framing ("provides")."""
        return {w for w in tokenize(sentence) if not w.isdigit() and w not in _FRAMING}

    def wording(self, words: set[str], text_words: set[str]) -> float:
        total = sum(self._weight(w) for w in words)
        return sum(self._weight(w) for w in words & text_words) / total if total else 0.0

    def matching_sentences(self, words: set[str], passages: list[Passage]) -> list[str]:
        """The sentences of the passages that share the most of the claim's words (at least half as many
        as the best)."""
        scored = [(self.wording(words, set(tokenize(s))), s) for p in passages for s in sentences(p.text)]
        best = max((score for score, _ in scored), default=0.0)
        return [s for score, s in scored if best > 0 and score >= best / 2]

    # -- ranking ----------------------------------------------------------------------------------
    def ranked(self, sentence: str) -> list[Hit]:
        """Primary passages for the sentence, best first (commentary is never evidence)."""
        if sentence not in self._ranked:
            self._ranked[sentence] = [h for h in self.rank(sentence) if h.passage.is_primary]
        return self._ranked[sentence]

    @staticmethod
    def provision_rank(hits: list[Hit], passages: list[Passage]) -> int | None:
        keys: list[tuple] = []
        wanted = {key(p) for p in passages}
        for hit in hits:
            k = key(hit.passage)
            if k not in keys:
                if k in wanted:
                    return len(keys)
                keys.append(k)
        return None

    def suggestions(self, hits: list[Hit], exclude: list[Passage], first: Callable[[Passage], bool] = lambda p: False,
                    limit: int = SUGGESTIONS) -> list[Suggestion]:
        """The best passage of each of the provisions that match best, those `first` prefers (within the
        top eight) ahead of the rest."""
        candidates = [h for h in hits if h.passage not in exclude]
        preferred = [h for h in candidates[:8] if first(h.passage)]
        chosen: list[Hit] = []
        for hit in preferred + candidates:
            if all(key(hit.passage) != key(c.passage) for c in chosen):
                chosen.append(hit)
            if len(chosen) == limit:
                break
        return [
            Suggestion(h.passage.label, h.passage.article if h.passage.doc_kind == "treaty" else None,
                       paragraph_text(h.passage.paragraph, h.passage.subparagraph), h.passage.text,
                       round(h.relevance, 3))
            for h in chosen
        ]

    # -- the whole text ---------------------------------------------------------------------------
    def check(self, text: str) -> CheckReport:
        started = time.perf_counter()
        validate(text)
        self._ranked = {}
        found = find_references(text, about_convention=True)
        report = CheckReport([], [], [])
        for sentence in split_sentences(text):
            inside = [f for f in found if sentence.start <= f.start < sentence.end]
            ours = [f for f in inside if f.instrument is None and not f.reference.bare]
            for f in inside:
                if f.instrument is not None:
                    report.other_instruments.append(
                        OtherInstrument(f.text, f.instrument, sentence.text, f.start, f.end))
            if ours:
                claim = self.claim_text(sentence, inside)
                named = len({f.reference for f in ours})
                report.references += [self.check_reference(f, sentence, claim, named) for f in ours]
            elif not inside and self.is_claim(sentence.text):
                report.claims.append(self.check_claim(sentence))
        report.milliseconds = round((time.perf_counter() - started) * 1000, 1)
        return report

    @staticmethod
    def claim_text(sentence: Sentence, inside: list[Found]) -> str:
        """The sentence without the references in it: what it says about them."""
        text = sentence.text
        for f in sorted(inside, key=lambda f: -f.start):
            start, end = f.start - sentence.start, f.end - sentence.start
            text = text[:start] + " ⁂ " + text[end:]
        return strip_references(text).replace("⁂", " ").strip()

    def is_claim(self, sentence: str) -> bool:
        lowered = sentence.lower()
        return (not sentence.rstrip().endswith("?") and any(name in lowered for name in ABOUT_THE_CONVENTION)
                and len(self.content(sentence)) >= 2)

    # -- one reference ----------------------------------------------------------------------------
    def check_reference(self, found: Found, sentence: Sentence, claim: str, named: int) -> Checked:
        ref = found.reference
        passages = self.index.resolve(ref)
        words = self.content(claim)
        hits = self.ranked(claim) if words else []
        base = dict(text=found.text, label=ref.label, sentence=sentence.text, start=found.start, end=found.end,
                    article=ref.article if ref.document == CONVENTION else None,
                    paragraph=paragraph_text(ref.paragraph, ref.subparagraph, ref.item))
        if passages is None:
            meant = self.probably_meant(ref)
            return Checked(**base, exists=False, verdict=NONEXISTENT, score=0.0, provision=None,
                           suggestions=self.suggestions(hits, [], meant), reason=self.index.explain_missing(ref))
        relevance = {h.passage.id: h.relevance for h in hits}
        best = max(passages, key=lambda p: (self.wording(words, set(self._words(p))), relevance.get(p.id, 0.0)))
        cited_words = set(self._words(best))
        evidence = [s for p in passages for s in sentences(p.text)]
        sibling = self.better_paragraph(ref, passages, hits, words)
        matching = self.matching_sentences(words, [best])
        forces = {f for s in matching for f in forces_in(s)}
        said = claim_force(claim)
        signals = Signals(
            has_claim=bool(words),
            rank=self.provision_rank(hits, passages),
            allowed_rank=TOP_PROVISIONS + named - 1,
            wording=self.wording(words, cited_words),
            figures=compare_figures(claim, evidence),
            better_paragraph=sibling is not None,
            force_agrees=force_agrees(said, forces, " ".join(matching)),
        )
        verdict = decide(signals)
        provision = (Provision(ref.label, title_of(best), verbatim(passages)) if ref.document in (CONVENTION, PREAMBLE)
                     else Provision(best.label, title_of(best), best.text))  # a note, a resolution paragraph
        suggestions = self.suggestions(hits, passages, lambda p: p is sibling) if verdict == NOT_SUPPORTED else []
        return Checked(**base, exists=True, verdict=verdict, score=round(max(relevance.get(p.id, 0.0) for p in passages), 3),
                       provision=provision, suggestions=suggestions,
                       reason=self.reason(verdict, provision.label, signals, said, forces))

    def probably_meant(self, ref: Reference) -> Callable[[Passage], bool]:
        """For a provision that does not exist: the writer probably meant the article named (when it
        exists), or another passage of the same kind of document (a note, a resolution paragraph)."""
        if ref.document == CONVENTION and ref.article in self.index.articles:
            return lambda p: p.doc_kind == "treaty" and p.article == ref.article
        kind = {"note": "interpretative_note", "resolution": "resolution"}.get(ref.document)
        return lambda p: kind is not None and p.doc_kind == kind

    def better_paragraph(self, ref: Reference, cited: list[Passage], hits: list[Hit], words: set[str]) -> Passage | None:
        """Another paragraph of the cited article that ranks above the cited one and shares clearly more
        of the sentence's words."""
        if ref.document != CONVENTION or not (ref.paragraph or ref.subparagraph):
            return None
        for hit in hits:
            if hit.passage in cited:
                return None
            if hit.passage.doc_kind == "treaty" and hit.passage.article == ref.article:
                theirs = self.wording(words, set(self._words(hit.passage)))
                ours = max(self.wording(words, set(self._words(p))) for p in cited)
                return hit.passage if theirs >= ours + BETTER_PARAGRAPH_MARGIN else None
        return None

    @staticmethod
    def reason(verdict: str, label: str, s: Signals, said: str | None, forces: set[str]) -> str:
        if verdict == SUPPORTED:
            return f"{label} says this." if s.has_claim else f"{label} exists; the sentence makes no claim about it to check."
        if s.figures.disagree:
            claim, text = s.figures.disagree[0]
            return f"The sentence says “{claim}”; {label} says “{'”, “'.join(text)}”."
        if s.figures.unstated:
            return f"{label} does not state “{s.figures.unstated[0]}”."
        if s.better_paragraph:
            return f"Another paragraph of the same article matches the sentence better than {label}."
        if verdict == UNCLEAR:
            return (f"The sentence says “{said}”; {label} says “{' / '.join(sorted(forces))}”: "
                    "it overstates or understates what the provision requires.")
        return f"{label} does not say this: other provisions match the sentence better."

    # -- a claim without a reference --------------------------------------------------------------
    def check_claim(self, sentence: Sentence) -> Checked:
        claim = sentence.text
        words = self.content(claim)
        hits = self.ranked(claim)
        evidence: list[Hit] = []
        for hit in hits:
            if all(key(hit.passage) != key(e.passage) for e in evidence):
                evidence.append(hit)
            if len(evidence) == EVIDENCE:
                break
        # Figures count where they stand beside the claim's own words ("adopted ... on 24 December 2024").
        relevant = {e.passage.id: [s for s in sentences(e.passage.text) if words & set(tokenize(s))] for e in evidence}
        figures = compare_figures(claim, [s for e in evidence for s in relevant[e.passage.id]])
        each = {e.passage.id: compare_figures(claim, relevant[e.passage.id]) for e in evidence}
        agreeing = [e for e in evidence if each[e.passage.id].agree]
        differing = [e for e in evidence if each[e.passage.id].disagree]
        holding = agreeing if figures.agree else differing if figures.disagree else []
        best = (holding or evidence or [None])[0]
        if best is None:
            return Checked(claim, "", claim, sentence.start, sentence.end, None, None, False, NOT_SUPPORTED, 0.0, None, [],
                           "No passage of the Convention, its notes or the resolution matches this sentence.")
        wording = self.wording(words, set(self._words(best.passage)))
        said = claim_force(claim)
        matching = self.matching_sentences(words, [best.passage])
        forces = {f for s in matching for f in forces_in(s)}
        label = best.passage.label
        if figures.disagree:
            verdict = NOT_SUPPORTED
            stated, text = figures.disagree[0]
            reason = f"The sentence says “{stated}”; the text says “{'”, “'.join(text)}”."
        elif figures.agree or wording >= CLAIM_WORDING_SHARE:
            agrees = force_agrees(said, forces, " ".join(matching))
            verdict = SUPPORTED if agrees else UNCLEAR
            reason = f"{label} says this." if agrees else (
                f"The sentence says “{said}”; {label} says “{' / '.join(sorted(forces))}”.")
        else:
            verdict = NOT_SUPPORTED
            reason = "No provision says this: the closest passages are suggested."
        suggestions = [] if verdict == SUPPORTED else self.suggestions(hits, [], lambda p: any(p is h.passage for h in holding))
        p = best.passage
        return Checked(claim, p.label, claim, sentence.start, sentence.end, p.article if p.doc_kind == "treaty" else None,
                       paragraph_text(p.paragraph, p.subparagraph), True, verdict, round(best.relevance, 3),
                       Provision(p.label, title_of(p), p.text), suggestions, reason)


_CHECKERS: dict[int, Checker] = {}


def check_text(assistant, text: str) -> CheckReport:
    """Check a text with the assistant's index and retrieval (a checker is kept per index)."""
    assistant.refresh()
    index = assistant.index
    checker = _CHECKERS.get(id(index))
    if checker is None or checker.index is not index:
        _CHECKERS.clear()
        checker = _CHECKERS[id(index)] = Checker(index, lambda sentence: assistant.retrieve(sentence).hits)
    return checker.check(text)
