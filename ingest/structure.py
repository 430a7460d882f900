"""Pure parsing of treaty markdown into preamble, chapters, articles and printed paragraphs.

The same parser reads the verified markdown and the markdown that `ingest.pdf` rebuilds from the
official PDF, which is how the two are proved equivalent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
CHAPTER = re.compile(r"^Chapter\s+([IVXLC]+)\.?\s+(.+)$")
ARTICLE = re.compile(r"^Article\s+(\d+)\.?\s*(.*)$")
FOOTNOTE_DEF = re.compile(r"^\[\^(\w+)\]:\s*(.*)$", re.S)
FOOTNOTE_REF = re.compile(r"\[\^\w+\]")
COMMENT = re.compile(r"<!--.*?-->", re.S)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


class StructureError(ValueError):
    """The text does not have the structure its declared kind requires."""


@dataclass
class Article:
    number: int
    title: str
    chapter: str  # roman numeral
    chapter_title: str
    paragraphs: list[str] = field(default_factory=list)  # as printed, one entry per printed paragraph


@dataclass
class Convention:
    title: str
    preamble: list[str]
    articles: list[Article]
    footnotes: dict[str, str]

    def article(self, number: int) -> Article:
        return next(a for a in self.articles if a.number == number)


@dataclass
class Block:
    """A markdown block: either a heading (level > 0) or a paragraph (level 0)."""

    level: int
    text: str


def blocks(markdown: str) -> list[Block]:
    """Split markdown into headings and paragraphs, dropping front matter and HTML comments."""
    text = COMMENT.sub("", FRONT_MATTER.sub("", markdown.replace("\r\n", "\n")))
    result: list[Block] = []
    for raw in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in raw.strip().split("\n") if line.strip()]
        if not lines:
            continue
        # A heading can sit directly above a paragraph without a blank line.
        while lines and (m := HEADING.match(lines[0])):
            result.append(Block(len(m.group(1)), m.group(2)))
            lines = lines[1:]
        if lines:
            result.append(Block(0, "\n".join(lines)))  # line breaks kept: clean() folds them
    return result


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", FOOTNOTE_REF.sub("", text)).strip()


def parse_convention(markdown: str) -> Convention:
    """Parse the Convention: preamble, chapters, 68 articles, footnotes.

    The preamble is the run of paragraphs under the last heading before Chapter I; the Convention ends
    at the first heading after its last article that is neither a chapter nor an article (an annex).
    """
    title = ""
    section: list[str] = []
    preamble: list[str] | None = None
    articles: list[Article] = []
    footnotes: dict[str, str] = {}
    chapter = chapter_title = ""
    ended = False
    for block in blocks(markdown):
        if block.level == 0:
            if m := FOOTNOTE_DEF.match(block.text):
                footnotes[m.group(1)] = clean(m.group(2))
            elif ended or block.text.strip("-_* ") == "":
                continue
            elif articles:
                articles[-1].paragraphs.append(clean(block.text))
            else:
                section.append(clean(block.text))
            continue
        heading = clean(block.text)
        if m := CHAPTER.match(heading):
            if preamble is None:
                preamble = section
            chapter, chapter_title = m.group(1), m.group(2).strip()
        elif (m := ARTICLE.match(heading)) and chapter and not ended:
            articles.append(Article(int(m.group(1)), m.group(2).strip(), chapter, chapter_title))
        elif articles:
            ended = True
        else:
            if not title and block.level == 1:
                title = heading
            section = []
    if not articles:
        raise StructureError("no '## Chapter' / '### Article N. Title' headings found")
    numbers = [a.number for a in articles]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StructureError(f"articles are not numbered 1..{len(numbers)} in order: {numbers[:10]}...")
    empty = [a.number for a in articles if not a.paragraphs]
    if empty:
        raise StructureError(f"articles without text: {empty}")
    return Convention(title=title, preamble=preamble or [], articles=articles, footnotes=footnotes)
