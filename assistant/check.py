"""The reference checker: every reference to a provision in a text, whether the provision exists, and
whether the sentence it stands in says what the provision says; and sentences that make a claim about
the Convention without a reference, checked against the primary text.

Verdicts, from simple signals that can each be shown to the reader:
- `nonexistent`: the Convention (or its notes, or the resolution) has no such provision; suggestions say
  what the writer probably meant (the passages that match the sentence, those of the article or
  document named first);
- `not_supported`: the provision exists but the sentence is not what it says: the provision is not among
  the passages that best match the sentence and shares little of its wording, or a passage of another
  provision (or paragraph) matches clearly better, or a duration, count or date differs from the text's;
- `unclear`: the right provision, but the sentence's force ("must", "may", "prohibits") is not the
  provision's (assistant/force.py reads the provision's);
- `supported`: none of that.

The core is pure given a ranking of passages for a sentence (`Rank`, the assistant's retrieval) and the
passages themselves; `Checker.check` does the work, `check_text` builds one for an Assistant. A
sentence is read clause by clause, so each reference is judged on what its clause says.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable

from assistant.check_text import (
    FIGURE_WORDS, Figures, Sentence, claim_force, clauses, compare_figures, dates, force_agrees, in_passing, quantities,
    split_sentences,
)
from assistant.force import forces_in, main_force
from assistant.models import Passage
from assistant.references import CONVENTION, PREAMBLE, Found, Reference, find_references, strip_references
from assistant.retrieve import Hit, TreatyIndex
from assistant.text import sentences, tokenize
from ingest.chunk import referenced_articles

SUPPORTED, NOT_SUPPORTED, UNCLEAR, NONEXISTENT = "supported", "not_supported", "unclear", "nonexistent"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, UNCLEAR, NONEXISTENT)
MAX_CHECK_CHARS = 20_000  # about six pages; a one-page memo is about 3,500
TOP_PROVISIONS = 3  # a cited provision this far down the sentence's best matches still fits it
WORDING_SHARE = 0.6  # ... or when this (weighted) share of the sentence's words is in the provision's text
CLAIM_WORDING_SHARE = 0.5  # a claim without a reference is borne out by a passage sharing this much
BETTER_MARGIN = 0.1  # how much more of the sentence's wording a better-matching passage must share
CANDIDATES = 60  # passages of the retrieval's ranking that are compared with a sentence
SUGGESTIONS = 3
EVIDENCE = 8  # passages first looked at (in each ordering) for the figures of a claim without a reference
FORCE_MARGIN = 0.1  # passages of a provision this close to its best match count as matching as well
MATCHING_SHARE = 0.75  # sentences sharing this much of the best sentence's wording also give the force
# What a draft says about the Convention without citing it: it names the Convention or its actors.
ABOUT_THE_CONVENTION = (
    "convention", "treaty", "state party", "states parties", "states party", "general assembly", "secretary-general",
    "resolution 79/243", "interpretative note", "conference of the states parties",
)
# The sentence's own wording says nothing about what the rule is: these words are left out of the
# comparison of wording.
_FRAMING = set(tokenize(
    "provides provision requires required obliges obliged allows allowed lets permits says states stated "
    "sets deals governs covers addresses under according makes clear explains defines definition "
    "also merely whether wish can choose calls asks"
))

Rank = Callable[[str], list[Hit]]
# How close each of some passages is to a sentence (cosine), for passages the ranking did not bring up.
Relevance = Callable[[str, list[Passage]], dict[str, float]]


class CheckInputError(ValueError):
    """The text cannot be checked as given (not text, empty, or too long); the message says why."""


class TextTooLong(CheckInputError):
    pass


def validate(text: object) -> str:
    if not isinstance(text, str):
        raise CheckInputError("the text must be a string")
    if not text.strip():
        raise CheckInputError("the text is empty")
    if len(text) > MAX_CHECK_CHARS:
        raise TextTooLong(
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
    better: Passage | None  # a passage of another provision (or paragraph) that matches clearly better
    force_agrees: bool


def decide(s: Signals) -> str:
    """The verdict on an existing provision cited for a sentence."""
    if not s.has_claim:
        return SUPPORTED
    if s.figures.disagree or s.figures.unstated:
        return NOT_SUPPORTED
    # A duration, count or date the provision states too is strong evidence the right one is cited.
    fits = (s.rank is not None and s.rank < s.allowed_rank) or s.wording >= WORDING_SHARE or bool(s.figures.agree)
    if not fits or (s.better is not None and not s.figures.agree):
        return NOT_SUPPORTED
    return SUPPORTED if s.force_agrees else UNCLEAR


@dataclass(frozen=True)
class Match:
    """How well a passage matches a sentence: by meaning (the cosine similarity the retrieval reports) and
    by the weighted share of the sentence's words it uses."""

    passage: Passage
    relevance: float
    wording: float
    position: int  # place in the retrieval's own ranking

    @property
    def strength(self) -> float:
        return self.relevance + self.wording


def key(passage: Passage) -> tuple:
    """One provision: an article, or what shares a label (the preamble, a note, a resolution paragraph)."""
    return passage.doc_id, passage.article if passage.doc_kind == "treaty" and passage.article else passage.label


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


def provision_rank(matches: list[Match], passages: list[Passage]) -> int | None:
    """Where the provision made of `passages` stands among the provisions the matches belong to."""
    keys: list[tuple] = []
    wanted = {key(p) for p in passages}
    for m in matches:
        k = key(m.passage)
        if k in wanted:
            return len(keys)
        if k not in keys:
            keys.append(k)
    return None


def agrees_in_figures(claim: str) -> Callable[[Passage], bool]:
    """Passages that state one of the claim's durations, counts or dates."""
    return lambda p: bool(compare_figures(claim, sentences(p.text)).agree)


class Checker:
    def __init__(self, index: TreatyIndex, rank: Rank, relevance: Relevance = lambda sentence, passages: {}):
        self.index = index
        self.rank = rank
        self.relevance = relevance
        # A passage's words, and apart from them the words of its article's title and of the titles of the
        # articles it refers to ("the content described in articles 14 and 16" is about child sexual abuse
        # material and intimate images): those are shared by every paragraph, so they count half.
        self.words = {p.id: set(tokenize(p.text)) for p in index.passages}
        self.titles = {
            p.id: set(tokenize(" ".join([p.article_title or "", *map(index.title, referenced_articles(p.text))])))
            - self.words[p.id]
            for p in index.passages
        }
        self.frequency = Counter(w for p in index.passages for w in self.words[p.id] | self.titles[p.id])
        self._local = threading.local()  # each check (the API runs several at once) keeps its own matches

    # -- wording ----------------------------------------------------------------------------------
    def _weight(self, word: str) -> float:
        return math.log(1 + len(self.words) / (1 + self.frequency.get(word, 0)))

    @staticmethod
    def content(sentence: str) -> set[str]:
        """The sentence's words that say what it claims: not its figures ("90 days", "July 2024"), which
        are compared as figures, and not its framing ("provides", "requires")."""
        return {w for w in tokenize(sentence) if not w.isdigit() and w not in _FRAMING and w not in FIGURE_WORDS}

    def wording(self, words: set[str], text_words: set[str], title_words: set[str] = frozenset()) -> float:
        """The weighted share of the claim's words in a text (words of its titles count half)."""
        total = sum(self._weight(w) for w in words)
        shared = sum(self._weight(w) for w in words & text_words) + 0.5 * sum(self._weight(w) for w in words & title_words)
        return shared / total if total else 0.0

    def passage_wording(self, words: set[str], passage: Passage) -> float:
        return self.wording(words, self.words[passage.id], self.titles[passage.id])

    def matching_sentences(self, words: set[str], passage: Passage) -> list[str]:
        """The sentences of the passage that share the most of the claim's words."""
        scored = [(self.wording(words, set(tokenize(s))), s) for s in sentences(passage.text)]
        best = max((score for score, _ in scored), default=0.0)
        return [s for score, s in scored if best > 0 and score >= MATCHING_SHARE * best]

    def forces(self, words: set[str], passages: list[Passage]) -> tuple[set[str], str]:
        """The forces of the passages' sentences that match the claim best, and the passages' text. A
        sub-paragraph has the force of the chapeau that introduces it ("States Parties may take steps to
        exclude the criminalization of: (a) ...")."""
        forces: set[str] = set()
        matching: list[str] = []
        for passage in passages:
            found = self.matching_sentences(words, passage)
            own = {f for s in found for f in forces_in(s)}
            forces |= own or {main_force(passage.text)}
            matching += found
        return forces, " ".join(passage.text for passage in passages)

    # -- ranking ----------------------------------------------------------------------------------
    def matches(self, sentence: str) -> list[Match]:
        """Primary passages for the sentence, strongest first. The retrieval's own order is tuned to
        answer questions; it picks the candidates, which are then ordered by meaning and wording."""
        cache = self._local.__dict__.setdefault("matches", {})
        if sentence not in cache:
            words = self.content(sentence)
            hits = [h for h in self.rank(sentence) if h.passage.is_primary][:CANDIDATES] if words else []
            found = [Match(h.passage, h.relevance, self.passage_wording(words, h.passage), i)
                     for i, h in enumerate(hits)]
            cache[sentence] = sorted(found, key=lambda m: -m.strength)
        return cache[sentence]

    def suggestions(self, matches: list[Match], exclude: list[Passage], prefer: Callable[[Passage], bool],
                    first: list[Match] = ()) -> list[Suggestion]:
        """The best passage of each of the provisions that match best; `first`, then those `prefer` picks
        out (within the top eight), ahead of the rest."""
        candidates = [m for m in matches if m.passage not in exclude]
        preferred = [*first, *[m for m in candidates[:8] if prefer(m.passage)]]
        chosen: list[Match] = []
        for m in preferred:  # each once: several paragraphs of one article may be what was meant
            if all(m.passage.label != c.passage.label for c in chosen):
                chosen.append(m)
        for m in candidates:  # then each other provision, by its best passage
            if all(key(m.passage) != key(c.passage) for c in chosen):
                chosen.append(self.main_paragraph(m, candidates))
        chosen = chosen[:SUGGESTIONS]
        return [
            Suggestion(m.passage.label, m.passage.article if m.passage.doc_kind == "treaty" else None,
                       paragraph_text(m.passage.paragraph, m.passage.subparagraph), m.passage.text,
                       round(m.relevance, 3))
            for m in chosen
        ]

    @staticmethod
    def main_paragraph(best: Match, candidates: list[Match]) -> Match:
        """Of the provision's paragraphs that match about as well as its best, the first: it states the
        rule the others qualify. (The items of one list, "(a)" to "(m)", are each their own.)"""
        close = [m for m in candidates if key(m.passage) == key(best.passage) and m.strength >= best.strength - FORCE_MARGIN
                 and (m.passage.paragraph != best.passage.paragraph or not best.passage.subparagraph)]
        return min(close + [best], key=lambda m: m.passage.order)

    # -- the whole text ---------------------------------------------------------------------------
    def check(self, text: str) -> CheckReport:
        started = time.perf_counter()
        validate(text)
        self._local.matches = {}
        found = find_references(text, about_convention=True)
        report = CheckReport([], [], [])
        for sentence in split_sentences(text):
            inside = [f for f in found if sentence.start <= f.start < sentence.end]
            report.other_instruments += [OtherInstrument(f.text, f.instrument, sentence.text, f.start, f.end)
                                         for f in inside if f.instrument is not None]
            ours = [f for f in inside if f.instrument is None and not f.reference.bare]
            first = ours[0] if ours else None
            # The provisions the sentence names are never each other's rivals.
            named = [p for f in ours for p in self.index.resolve(f.reference) or []]
            for clause in clauses(sentence, [(f.start, f.end) for f in inside]):
                here = [f for f in inside if clause.start <= f.start < clause.end]
                mine = [f for f in ours if f in here]
                if not here:
                    if self.is_claim(clause.text, sentence.text):
                        report.claims.append(self.check_claim(clause, sentence))
                    continue
                # What the clause says about its references; a clause that says nothing more ("(see Article 5)")
                # is read with its whole sentence.
                claim = self.claim_text(clause, here)
                if not self.content(claim):
                    claim = self.claim_text(sentence, inside)
                cited = [f for f in mine if f is first or not in_passing(text[sentence.start:f.start])]
                count = len({f.reference for f in cited})
                for f in mine:
                    report.references.append(self.check_reference(f, sentence, claim, named, count, f not in cited))
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

    def is_claim(self, clause: str, sentence: str) -> bool:
        """Does the clause state something about the Convention (a statement, not a heading or a question)?"""
        lowered = clause.lower()
        said = len(self.content(clause)) + len(quantities(clause)) + len(dates(clause))  # "was adopted in July 2024"
        return (sentence.rstrip("”\"') ").endswith((".", "!")) and any(name in lowered for name in ABOUT_THE_CONVENTION)
                and said >= 2)

    # -- one reference ----------------------------------------------------------------------------
    def check_reference(self, found: Found, sentence: Sentence, claim: str, named: list[Passage], count: int,
                        passing: bool = False) -> Checked:
        ref = found.reference
        passages = self.index.resolve(ref)
        base = dict(text=found.text, label=ref.label, sentence=sentence.text, start=found.start, end=found.end,
                    article=ref.article if ref.document == CONVENTION else None,
                    paragraph=paragraph_text(ref.paragraph, ref.subparagraph, ref.item))
        if passing and passages is not None:
            return Checked(**base, exists=True, verdict=SUPPORTED, score=0.0,
                           provision=self.provision(ref, passages, passages[0]),
                           reason=f"{ref.label} exists; it is named in passing, not cited for what the sentence says.")
        words = self.content(claim)
        matches = self.matches(claim)
        if passages is None:
            meant = self.probably_meant(ref)
            figures = agrees_in_figures(claim)
            return Checked(**base, exists=False, verdict=NONEXISTENT, score=0.0, provision=None,
                           suggestions=self.suggestions(matches, [], lambda p: figures(p) or meant(p)),
                           reason=self.index.explain_missing(ref))
        cited = [m for m in matches if m.passage in passages]
        if not cited:  # a provision the sentence names but the search did not bring up: how close it is anyway
            close = self.relevance(claim, passages)
            cited = sorted((Match(p, close.get(p.id, 0.0), self.passage_wording(words, p), len(matches))
                            for p in passages), key=lambda m: -m.wording)
        best = cited[0]
        better = self.better_match(matches, best, named)
        if better is not None:  # shown as its provision's main paragraph, when another matches about as well
            better = self.main_paragraph(better, matches)
        close = [m.passage for m in cited if m.strength >= best.strength - FORCE_MARGIN]
        forces, matching = self.forces(words, close)
        said = claim_force(claim)
        signals = Signals(
            has_claim=bool(words),
            rank=provision_rank(matches, passages),
            allowed_rank=TOP_PROVISIONS + count - 1,
            wording=best.wording,
            figures=compare_figures(claim, [s for p in passages for s in sentences(p.text)]),
            better=better.passage if better else None,
            force_agrees=force_agrees(said, forces, matching, claim),
        )
        verdict = decide(signals)
        provision = self.provision(ref, passages, best.passage)
        suggestions = []
        if verdict == NOT_SUPPORTED:
            # A figure the cited provision states otherwise: the provision itself, with its figure, comes first.
            first = [best] if signals.figures.disagree else [better] if better else []
            suggestions = self.suggestions(matches, [] if signals.figures.disagree else passages,
                                           agrees_in_figures(claim), first)
        return Checked(**base, exists=True, verdict=verdict, score=round(best.relevance, 3), provision=provision,
                       suggestions=suggestions, reason=self.reason(verdict, provision.label, signals, said, forces))

    def better_match(self, matches: list[Match], cited: Match, named: list[Passage]) -> Match | None:
        """A passage that matches the sentence better than the cited one and shares clearly more of its
        words: not one of the provisions the sentence names, nor one that refers to them (a passage
        citing "articles 7 to 10" borrows their words)."""
        articles = {p.article for p in named if p.doc_kind == "treaty"}
        ahead = matches[: matches.index(cited)] if cited in matches else matches
        return next((m for m in ahead if m.passage not in named and m.wording >= cited.wording + BETTER_MARGIN
                     and not articles & set(referenced_articles(m.passage.text))), None)

    @staticmethod
    def provision(ref: Reference, passages: list[Passage], best: Passage) -> Provision:
        """The cited provision verbatim; of a note or a resolution paragraph, the passage that matched."""
        if ref.document in (CONVENTION, PREAMBLE):
            return Provision(ref.label, title_of(best), verbatim(passages))
        return Provision(best.label, title_of(best), best.text)

    def probably_meant(self, ref: Reference) -> Callable[[Passage], bool]:
        """For a provision that does not exist: the writer probably meant the article named (when it
        exists), or another passage of the same kind of document (a note, a resolution paragraph)."""
        if ref.document == CONVENTION and ref.article in self.index.articles:
            return lambda p: p.doc_kind == "treaty" and p.article == ref.article
        kind = {"note": "interpretative_note", "resolution": "resolution"}.get(ref.document)
        return lambda p: kind is not None and p.doc_kind == kind

    @staticmethod
    def reason(verdict: str, label: str, s: Signals, said: str | None, forces: set[str]) -> str:
        if verdict == SUPPORTED:
            return f"{label} says this." if s.has_claim else f"{label} exists; the sentence makes no claim about it to check."
        if s.figures.disagree:
            claim, text = s.figures.disagree[0]
            return f"The sentence says “{claim}”; {label} says “{'”, “'.join(text)}”."
        if s.figures.unstated:
            return f"{label} does not state “{s.figures.unstated[0]}”."
        if s.better is not None:
            return f"{s.better.label} matches the sentence clearly better than {label}."
        if verdict == UNCLEAR:
            return (f"The sentence says “{said}”; {label} says “{' / '.join(sorted(forces))}”: "
                    "it overstates or understates the provision's force.")
        return f"{label} does not say this: other provisions match the sentence better."

    # -- a claim without a reference --------------------------------------------------------------
    def check_claim(self, clause: Sentence, sentence: Sentence) -> Checked:
        claim = clause.text
        words = self.content(claim)
        matches = self.matches(claim)
        if not matches:
            return Checked(claim, "", sentence.text, clause.start, clause.end, None, None, False, NOT_SUPPORTED, 0.0,
                           None, [], "No passage of the Convention, its notes or the resolution matches this sentence.")
        # A figure is judged by the best-matching provision that states one of its kind beside the claim's
        # own words ("adopted by the General Assembly on 24 December 2024"), looking at the best matches by
        # meaning and wording and at the retrieval's own best (which maps everyday words to the treaty's).
        evidence = list(dict.fromkeys(matches[:EVIDENCE] + sorted(matches, key=lambda m: m.position)[:EVIDENCE] + matches))
        beside = {m: compare_figures(claim, [s for s in sentences(m.passage.text) if words & set(tokenize(s))])
                  for m in evidence}
        stating = [m for m in evidence if beside[m].agree or beside[m].disagree]
        deciding, figures = None, Figures([], [], [])
        if stating:  # the first provision stating one decides: any of its passages may agree
            same = [m for m in stating if key(m.passage) == key(stating[0].passage)]
            deciding = next((m for m in same if beside[m].agree), same[0])
            figures = beside[deciding]
        best = deciding or matches[0]
        label = best.passage.label
        # Without a citation, any paragraph of the provision that matches at least half as well may be meant.
        forces, matching = self.forces(words, [m.passage for m in matches if key(m.passage) == key(best.passage)
                                               and m.wording >= best.wording / 2])
        said_force = claim_force(claim)
        unstated = [f.text for f in [*quantities(claim), *dates(claim)]] if deciding is None else []
        if figures.disagree and not figures.agree:
            verdict = NOT_SUPPORTED
            stated, text = figures.disagree[0]
            reason = f"The sentence says “{stated}”; {label} says “{'”, “'.join(text)}”."
        elif unstated:  # what the claim turns on is a figure no passage gives
            verdict = NOT_SUPPORTED
            reason = f"No provision states “{unstated[0]}”."
        elif figures.agree or best.wording >= CLAIM_WORDING_SHARE:
            agrees = force_agrees(said_force, forces, matching, claim)
            verdict = SUPPORTED if agrees else UNCLEAR
            reason = f"{label} says this." if agrees else (
                f"The sentence says “{said_force}”; {label} says “{' / '.join(sorted(forces))}”.")
        else:
            verdict = NOT_SUPPORTED
            reason = "No provision says this: the closest passages are suggested."
        suggestions = [] if verdict == SUPPORTED else self.suggestions(
            matches, [], agrees_in_figures(claim), [deciding] if deciding else [])
        p = best.passage
        return Checked(claim, label, sentence.text, clause.start, clause.end, p.article if p.doc_kind == "treaty" else None,
                       paragraph_text(p.paragraph, p.subparagraph), True, verdict, round(best.relevance, 3),
                       Provision(label, title_of(p), p.text), suggestions, reason)


@dataclass(frozen=True)
class Lookup:
    """A provision found from any spelling of its reference: its canonical label, title and verbatim text."""

    label: str
    title: str
    text: str
    document: str  # treaty, interpretative_note, resolution
    passages: list[dict]  # [{"label", "text"}] in document order


def look_up(index: TreatyIndex, spelling: str) -> Lookup | str:
    """The provision a spelling names ("Art. 24 para 2", "24(2)", "interpretative note 3"), or why there
    is none."""
    spelling = spelling.strip()
    if re.fullmatch(r"\d{1,3}", spelling):
        spelling = f"Article {spelling}"
    found = find_references(spelling, about_convention=True)
    if not found:
        return f"“{spelling}” names no provision of the Convention, its interpretative notes or resolution 79/243."
    if found[0].instrument:
        return f"“{spelling}” is a provision of {found[0].instrument}, not of this Convention."
    if len({f.reference for f in found}) > 1:
        return f"“{spelling}” names {len({f.reference for f in found})} provisions; ask for one."
    ref = found[0].reference
    passages = index.resolve(ref)
    if passages is None:
        return index.explain_missing(ref)
    ordered = sorted(passages, key=lambda p: p.order)
    label = ordered[0].label if ref.document not in (CONVENTION, PREAMBLE) and len(ordered) == 1 else ref.label
    return Lookup(label, title_of(ordered[0]), verbatim(ordered), ordered[0].doc_kind,
                  [{"label": p.label, "text": p.text} for p in ordered])


_CHECKERS: dict[int, Checker] = {}


def check_text(assistant, text: str) -> CheckReport:
    """Check a text with the assistant's index and retrieval (a checker is kept per index)."""
    assistant.refresh()
    index = assistant.index
    checker = _CHECKERS.get(id(index))
    if checker is None or checker.index is not index:
        _CHECKERS.clear()
        checker = _CHECKERS[id(index)] = Checker(
            index, lambda sentence: assistant.retrieve(sentence).hits,
            lambda sentence, passages: assistant.retriever.relevance_of(
                assistant.retriever.embeddings.embed_query(sentence), passages))
    return checker.check(text)
