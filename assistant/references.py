"""Provision references: the citation label format (in one place) and parsing of references in
questions ("art. 2(h)", "article 41, paragraph 1", "paragraph 3 of article 40", "Articles 42 and 43",
"Articles 7 to 16"). Pure functions: no model, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
MAX_RANGE = 20  # "articles 7 to 16" expands; "articles 1 to 68" is not a reference to route
MAX_NUMBER_DIGITS = 100  # far more than any provision has, far fewer than int() refuses (4,300)

_ART = r"(?:articles?|arts?\.?)"
# An article number; "Article -1" (a minus after a space) names a provision that does not exist,
# while "Article-15" is not read as a reference at all.
_NUMBER = r"((?:(?<=\s)[-\u2212])?\d+)"
_PARENS = r"(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*"
_PARA = r"(?:,?\s*(?:paragraph|para\.?|par\.?|§)\s*(\d+)(" + _PARENS + r"))?"
_ONE = _NUMBER + r"(" + _PARENS + r")" + _PARA
ARTICLE_REF = re.compile(
    rf"\b{_ART}\s*{_ONE}((?:\s*(?:,|and|or|&|to|through|-|–)\s*(?:{_ART}\s*)?\d+{_PARENS})*)",
    re.I,
)
PARAGRAPH_OF = re.compile(
    r"\b(?:(?:sub-?paragraph|subpara\.?)\s*\(?([a-z]{1,4})\)?\s*(?:of|in)\s*)?"
    r"(?:paragraph|para\.?)\s*(\d+)(" + _PARENS + r")\s*(?:of|in)\s*(?:the\s+)?" + _ART + r"\s*" + _NUMBER,
    re.I,
)
SUBPARAGRAPH_OF = re.compile(
    r"(?:\b(?:sub-?paragraph|subpara\.?)\s*)?\(([a-z]{1,4})\)\s*(?:of|in)\s*" + _ART + r"\s*" + _NUMBER, re.I
)
BARE_PARAGRAPH = re.compile(r"\b(?:paragraph|para\.?)\s*(\d+)(" + _PARENS + r")", re.I)
BARE_SUBPARAGRAPH = re.compile(r"\b(?:sub-?paragraph|subpara\.?|point|item)\s*\(?([a-z]{1,4})\)?(?![a-z])", re.I)


def format_label(
    article: int,
    paragraph: str | None = None,
    subparagraph: str | None = None,
    item: str | None = None,
) -> str:
    """`Article 24(2)`, `Article 2(h)`, `Article 29(1)(b)(ii)`."""
    parts = [f"Article {article}"]
    parts.extend(f"({p})" for p in (paragraph, subparagraph, item) if p)
    return "".join(parts)


@dataclass(frozen=True)
class Reference:
    """A provision named in a question. `article` is None for "paragraph 3" on its own (a follow-up)."""

    article: int | None
    paragraph: str | None = None
    subparagraph: str | None = None
    item: str | None = None

    @property
    def label(self) -> str:
        if self.article is None:
            return "paragraph " + "".join(
                [self.paragraph or ""] + [f"({p})" for p in (self.subparagraph, self.item) if p]
            )
        return format_label(self.article, self.paragraph, self.subparagraph, self.item)

    def with_article(self, article: int) -> "Reference":
        return Reference(article, self.paragraph, self.subparagraph, self.item)


def _number(text: str) -> int:
    """A number as written ("7", "-1", "\u22121"); one longer than MAX_NUMBER_DIGITS digits is read as
    its first MAX_NUMBER_DIGITS, which name no provision either."""
    digits = text.lstrip("-\u2212").lstrip("0") or "0"
    return (-1 if text[0] in "-\u2212" else 1) * int(digits[:MAX_NUMBER_DIGITS])


def _parens(text: str) -> list[str]:
    return [p.lower() for p in re.findall(r"\(\s*([0-9a-z]{1,4})\s*\)", text or "", re.I)]


def _build(article: int | None, groups: list[str], paragraph: str | None = None) -> Reference:
    sub = item = None
    for g in groups:
        if g.isdigit() and paragraph is None and sub is None:
            paragraph = g
        elif g.isalpha() and sub is None:
            sub = g
        elif g in ROMAN and sub is not None and item is None:
            item = g
    return Reference(article, paragraph, sub, item)


def parse_references(text: str) -> list[Reference]:
    """Every provision the text names, in order, without duplicates."""
    found: list[tuple[int, Reference]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, ref: Reference) -> None:
        found.append((start, ref))
        taken.append((start, end))

    for m in PARAGRAPH_OF.finditer(text):
        groups = _parens(m.group(3))
        if m.group(1):
            groups = [m.group(1).lower()] + groups
        add(m.start(), m.end(), _build(_number(m.group(4)), groups, paragraph=m.group(2)))
    for m in SUBPARAGRAPH_OF.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            add(m.start(), m.end(), Reference(_number(m.group(2)), None, m.group(1).lower()))
    for m in ARTICLE_REF.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        first = _build(_number(m.group(1)), _parens(m.group(2)))
        if m.group(3):
            first = _build(first.article, _parens(m.group(2)) + _parens(m.group(4)), paragraph=m.group(3))
        refs = [first]
        tail = m.group(5) or ""
        previous = first.article
        for sep, number, parens in re.findall(rf"(,|and|or|&|to|through|-|–)\s*(?:{_ART}\s*)?(\d+)({_PARENS})", tail, re.I):
            number = _number(number)
            if sep.lower() in ("to", "through", "-", "–") and previous is not None and 0 < number - previous <= MAX_RANGE:
                refs.extend(Reference(n) for n in range(previous + 1, number + 1))
            else:
                refs.append(_build(number, _parens(parens)))
            previous = number
        for ref in refs:
            found.append((m.start(), ref))
        taken.append((m.start(), m.end()))
    if not found:
        for m in BARE_PARAGRAPH.finditer(text):
            found.append((m.start(), _build(None, _parens(m.group(2)), paragraph=m.group(1))))
        for m in BARE_SUBPARAGRAPH.finditer(text):
            if not any(ref.subparagraph for _, ref in found):
                found.append((m.start(), Reference(None, None, m.group(1).lower())))
    ordered = [ref for _, ref in sorted(found, key=lambda pair: pair[0])]
    return list(dict.fromkeys(ordered))


def strip_references(text: str) -> str:
    """The question without its provision references: what it asks about the provisions."""
    for pattern in (PARAGRAPH_OF, SUBPARAGRAPH_OF, ARTICLE_REF):
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()
