"""Pure chunking: parsed documents -> Passages with citation labels, verbatim text and context.

A chunk never crosses an article boundary. A numbered paragraph (or an unnumbered article body) is one
chunk; one with lettered sub-paragraphs is split into one chunk per sub-paragraph, each carrying the
chapeau that introduces it, so `Article 2(h)` and `Article 13(c)` are passages of their own. Flush-left continuation lines
("with the intent that ...") stay with the sub-paragraph they complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from assistant.models import Passage
from assistant.references import format_label
from ingest.structure import Convention, blocks, clean

# Bump when chunking changes what passages a file yields: the index is then re-chunked (embeddings of
# unchanged text are reused).
CHUNKER_VERSION = 6

NUMBERED = re.compile(r"^(\d+)\.\s")
LETTERED = re.compile(r"^\(([a-z]{1,4})\)\s")
ROMAN_NUMERALS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
ARTICLE_LIST = re.compile(r"\barticles?\s+(\d+)((?:\s*(?:,|and)\s*\d+)*)", re.I)


@dataclass(frozen=True)
class DocumentInfo:
    """What a passage needs to know about the document it comes from."""

    doc_id: str
    kind: str
    title: str
    source: str = ""
    date: str = ""


@dataclass(frozen=True)
class Line:
    """A printed paragraph of an article with its place in the numbering."""

    text: str
    paragraph: str | None
    letter: str | None
    item: str | None


def annotate(paragraphs: list[str]) -> list[Line]:
    """Give each printed paragraph its paragraph number, sub-paragraph letter and roman item.

    "(i)" is ambiguous: it is the roman item under a chapeau ending in ":" (Article 2(e)(i)) and the
    ninth letter after "(h)" otherwise (Article 2(i)). Lines with no marker that start in lower case
    continue the sub-paragraph before them; other unmarked lines start a new unnumbered unit.
    """
    lines: list[Line] = []
    paragraph = letter = item = None
    previous_text = ""
    for text in paragraphs:
        if m := NUMBERED.match(text):
            paragraph, letter, item = m.group(1), None, None
            if inner := LETTERED.match(text[m.end():]):  # "3. (a) Each State Party ..." opens both levels
                letter = inner.group(1)
        elif m := LETTERED.match(text):
            marker = m.group(1)
            next_item = ROMAN_NUMERALS[ROMAN_NUMERALS.index(item) + 1] if item in ROMAN_NUMERALS[:-1] else None
            if (marker == "i" and previous_text.endswith(":") and letter) or (item and marker == next_item):
                item = marker
            else:
                letter, item = marker, None
                inner = LETTERED.match(text[m.end():])
                if inner and inner.group(1) == "i":  # "(a) (i) The conversion ..." opens both levels
                    item = "i"
        elif text[:1].islower():
            item = None  # a tail closes the roman list and belongs to the sub-paragraph it completes
        else:
            paragraph = letter = item = None if lines else paragraph
        lines.append(Line(text, paragraph, letter, item))
        previous_text = text
    return lines


def referenced_articles(text: str) -> list[int]:
    """Articles a passage refers to: "article 25", "articles 7 to 10", "articles 23 and 35"."""
    found: list[int] = []
    for m in re.finditer(r"\barticles?\s+(\d+)\s+to\s+(\d+)", text, re.I):
        found.extend(range(int(m.group(1)), int(m.group(2)) + 1))
    for m in ARTICLE_LIST.finditer(text):
        found.append(int(m.group(1)))
        found.extend(int(n) for n in re.findall(r"\d+", m.group(2)))
    return sorted(set(found))


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def stable_ids(passages: list[Passage]) -> list[Passage]:
    """Ids made of the document and the label (`convention_against_cybercrime#article-24-2`), so editing
    one part of a document does not shift the ids of the others; a label used more than once in a
    document (the preamble's runs of recitals) is numbered within that label only."""
    seen: dict[str, int] = {}
    result = []
    for p in passages:
        base = f"{p.doc_id}#{_slug(p.label)}"
        seen[base] = seen.get(base, 0) + 1
        result.append(replace(p, id=base if seen[base] == 1 else f"{base}-{seen[base]}"))
    return result


def _passage(doc: DocumentInfo, label: str, text: str, order: int, **fields) -> Passage:
    return Passage(
        id=f"{doc.doc_id}#{order}",  # replaced by stable_ids once the document is chunked
        doc_id=doc.doc_id,
        doc_kind=doc.kind,
        doc_title=doc.title,
        source=doc.source,
        date=doc.date,
        label=label,
        text=text,
        order=order,
        **fields,
    )


def _units(lines: list[Line]) -> list[list[Line]]:
    """Group lines into numbered paragraphs (or unnumbered runs)."""
    units: list[list[Line]] = []
    for line in lines:
        if units and line.paragraph == units[-1][0].paragraph and not (
            line.paragraph is None and line.letter is None and not line.text[:1].islower()
            and units[-1][-1].letter is not None
        ):
            units[-1].append(line)
        else:
            units.append([line])
    return units


def _split(unit: list[Line], max_chars: int) -> list[tuple[str | None, list[Line]]]:
    """One piece per lettered sub-paragraph, its chapeau repeated, so a citation names the lettered
    provision that states the rule (`Article 13(c)`, not `Article 13`); a unit without letters is one
    piece. (`max_chars` no longer splits: every lettered unit is split.)"""
    if not any(l.letter for l in unit):
        return [(None, unit)]
    first = next(i for i, line in enumerate(unit) if line.letter)
    head = [line for line in unit[:first] if line.letter is None]
    body = unit[first:]
    # A flush-left tail after the last sub-paragraph completes the chapeau, so every sub-paragraph
    # (Article 29(1): "... authorities to: (a) Collect ...; (b) Compel ...; traffic data, in real time,
    # ..."); with no chapeau it completes the last sub-paragraph alone (Article 23(3)(b)).
    tail: list[Line] = []
    while head and len(body) > 1 and body[-1].text[:1].islower() and body[-1].letter == body[-2].letter:
        tail.insert(0, body.pop())
    letters = list(dict.fromkeys(line.letter for line in body if line.letter))
    return [(letter, head + [line for line in body if line.letter == letter] + tail) for letter in letters]


def convention_passages(convention: Convention, doc: DocumentInfo, max_chars: int) -> list[Passage]:
    passages: list[Passage] = []
    order = 0

    def add(label: str, text: str, **fields) -> None:
        nonlocal order
        order += 1
        passages.append(_passage(doc, label, text, order, **fields))

    for group in _group(convention.preamble, max_chars):
        add("Preamble", "\n".join(group), context=f"{convention.title or doc.title} — Preamble")
    for article in convention.articles:
        context = (
            f"Article {article.number}. {article.title} — "
            f"Chapter {article.chapter}. {article.chapter_title}"
        )
        for unit in _units(annotate(article.paragraphs)):
            for letter, lines in _split(unit, max_chars):
                paragraph = lines[0].paragraph
                add(
                    format_label(article.number, paragraph, letter),
                    "\n".join(line.text for line in lines),
                    context=context,
                    chapter=article.chapter,
                    chapter_title=article.chapter_title,
                    article=article.number,
                    article_title=article.title,
                    paragraph=paragraph,
                    subparagraph=letter,
                )
    for key, text in convention.footnotes.items():
        add(f"Convention, footnote {key}", text, context=f"{doc.title} — footnote {key}")
    return without_formulas(passages)


FORMULA_WORDS = 8  # a run of this many words ...
FORMULA_MIN_PASSAGES = 6  # ... found in this many passages of a document is a stock formula


def without_formulas(passages: list[Passage]) -> list[Passage]:
    """Set each passage's search text to its text minus the document's stock formulas.

    "Each State Party shall adopt such legislative and other measures as may be necessary to" opens
    dozens of articles; left in, it makes their vectors alike and drowns what each one is about.
    The formulas are found, not listed: word runs shared by many passages of the same document.
    """
    counts: dict[tuple[str, ...], int] = {}
    for p in passages:
        words = p.text.split()
        for gram in {tuple(words[i:i + FORMULA_WORDS]) for i in range(len(words) - FORMULA_WORDS + 1)}:
            counts[gram] = counts.get(gram, 0) + 1
    formulas = {gram for gram, n in counts.items() if n >= FORMULA_MIN_PASSAGES}
    result = []
    for p in passages:
        words = p.text.split()
        drop = set()
        for i in range(len(words) - FORMULA_WORDS + 1):
            if tuple(words[i:i + FORMULA_WORDS]) in formulas:
                drop.update(range(i, i + FORMULA_WORDS))
        kept = " ".join(w for i, w in enumerate(words) if i not in drop)
        result.append(replace(p, search_text=kept) if drop and len(kept) >= 40 else p)
    return result


def _group(paragraphs: Iterable[str], max_chars: int) -> list[list[str]]:
    """Greedy runs of whole paragraphs up to max_chars (a longer paragraph stands alone)."""
    groups: list[list[str]] = []
    size = 0
    for text in paragraphs:
        if groups and size + len(text) + 1 <= max_chars:
            groups[-1].append(text)
            size += len(text) + 1
        else:
            groups.append([text])
            size = len(text)
    return groups


def note_passages(markdown: str, doc: DocumentInfo) -> list[Passage]:
    """Interpretative notes: one passage per numbered note, recording which articles it interprets."""
    passages: list[Passage] = []
    interprets: list[int] = []
    heading = ""
    for block in blocks(markdown):
        if block.level:
            heading = clean(block.text)
            interprets = referenced_articles(heading) if heading.lower().startswith("article") else []
            continue
        text = clean(block.text)
        if text.strip("-_* ") == "":
            continue
        m = NUMBERED.match(text)
        label = f"Interpretative note {m.group(1)}" if m else "Interpretative notes"
        about = ", ".join(str(n) for n in interprets)
        passages.append(
            _passage(
                doc,
                label,
                text,
                len(passages) + 1,
                context=f"Interpretative note on {heading}" if interprets else doc.title,
                article=interprets[0] if interprets else None,
                paragraph=m.group(1) if m else None,
                interprets=tuple(interprets),
                article_title=f"Note on article{'s' if len(interprets) > 1 else ''} {about}" if about else None,
            )
        )
    return passages


def resolution_passages(markdown: str, doc: DocumentInfo, max_chars: int) -> list[Passage]:
    """A resolution: masthead, preambular paragraphs, operative paragraphs `para. N`."""
    m = re.search(r"resolution\s+(\d+/\d+)", doc.title, re.I)
    name = f"Resolution {m.group(1)}" if m else doc.title
    passages: list[Passage] = []
    pending: list[str] = []
    part = "heading"

    def flush() -> None:
        # Small groups: a masthead line such as "adopted by the General Assembly on 24 December 2024"
        # should not drown among agenda items and titles.
        for group in _group(pending, max_chars // 4):
            label = f"{name}, preamble" if part == "preamble" else name
            passages.append(_passage(doc, label, "\n".join(group), len(passages) + 1, context=doc.title))
        pending.clear()

    for block in blocks(markdown):
        text = clean(block.text)
        if text.strip("-_* ") == "":
            continue
        if op := NUMBERED.match(text):
            flush()
            part = "operative"
            passages.append(
                _passage(doc, f"{name}, para. {op.group(1)}", text, len(passages) + 1,
                         context=f"{doc.title} — operative paragraph {op.group(1)}", paragraph=op.group(1))
            )
            continue
        if part == "heading" and text.rstrip(",").endswith("General Assembly") and not block.level:
            flush()
            part = "preamble"
        pending.append(text)
    flush()
    return passages


def paragraph_lines(text: str) -> list[str]:
    """A block's paragraphs: one per line when its lines are whole sentences (web text pasted one
    paragraph per line), else the block is one hard-wrapped paragraph."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    finished = sum(1 for line in lines if line.endswith((".", "!", "?", ":", "”", '"', ";")))
    if len(lines) > 1 and finished >= 0.8 * len(lines):
        return [clean(line) for line in lines]
    return [clean(text)] if clean(text) else []


def generic_passages(markdown: str, doc: DocumentInfo, max_chars: int) -> list[Passage]:
    """Commentary and other documents: runs of paragraphs under their heading."""
    passages: list[Passage] = []
    heading = ""
    section: list[str] = []
    counter = 0

    def flush() -> None:
        nonlocal counter
        for group in _group(section, max_chars // 2):
            counter += 1
            label = f"{'Commentary' if doc.kind == 'commentary' else doc.title} ¶{counter}"
            context = f"{doc.title} — {heading}" if heading else doc.title
            passages.append(_passage(doc, label, "\n".join(group), len(passages) + 1, context=context))
        section.clear()

    for block in blocks(markdown):
        if block.level:
            flush()
            heading = clean(block.text)
        else:
            section.extend(paragraph_lines(block.text))
    flush()
    return passages
