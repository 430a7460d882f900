"""Provision references: the citation label format (in one place), and finding the provisions a text
names, with their character spans.

Read: "Article 24", "art. 2(h)", "Art. 29(1)(b)", "Art 24.2" (Article 24(2)), "article 41, para. 1",
"Article 2, subparagraph (n)", "paragraph 3 of article 40", "(h) of article 2", "Articles 42 and 43",
"articles 7 to 16" (one reference per article), bare "24(2)", "2(h)" and "A24(2)" in a text about the
Convention or typed alone, "the preamble", "interpretative note 3", "the note on article 17", "resolution 79/243,
paragraph 2" and "paragraph 2 of the resolution". Another instrument's articles ("Article 32(b) of the
Budapest Convention", "GDPR Art. 6") are found too, marked with the instrument's name, so that they are
never read as this Convention's. Not references: "the 24 articles", dates, page numbers, "24/7".
Pure functions: no model, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
BEYOND = 10**9  # any article number of more digits reads as this: no such article either way


def _number(text: str) -> int:
    """An article number as written ("7", "-1", "\u22121"); "Article 99999999" or a 5,000-digit one is a
    number too large, not an error."""
    digits = text.lstrip("-\u2212")
    return (-1 if text[0] in "-\u2212" else 1) * int(digits) if len(digits) < 10 else BEYOND


MAX_RANGE = 20  # "articles 7 to 16" expands; "articles 1 to 68" is not a reference to route

# The documents a reference can point into.
CONVENTION = "convention"  # an article of the Convention (or "paragraph 3" alone, a follow-up)
PREAMBLE = "preamble"  # the Convention's preamble
NOTE = "note"  # an interpretative note, by its number or by the article it interprets
RESOLUTION = "resolution"  # General Assembly resolution 79/243: an operative paragraph, or its preamble
RESOLUTION_NUMBER = "79/243"

_ART = r"(?:articles?|arts?\.?)"
_MARK = r"(?:\d{1,2}|[a-z]{1,2}|[ivx]{3,4})"  # what stands in brackets: (2), (h), (ii), (iii)
_PARENS = rf"(?:\s*\(\s*{_MARK}\s*\))*"
_PARA_WORD = r"(?:paragraph|para\.?|par\.?|§)"
_SUB_WORD = r"(?:sub-?paragraph|sub-?para\.?|letter|point|lit\.)"
# A number after "Article 41, " or "Article 25 and " that counts something is not another article.
_COUNTED = r"(?!\s*(?:days?|hours?|weeks?|months?|years?|minutes?|per\b|percent|%|states?\b|countries|parties|" \
           r"instruments?|members?|votes?|times|other|more|of\s+(?:its|their|them)))"
_NUMBER = r"(?P<art>(?:(?<=\s)[-\u2212])?\d+)(?![\d/])"  # "paragraph 2 of article -4" names one it lacks

ARTICLE_REF = re.compile(
    # any number of digits ("Article 99999999" is one the Convention lacks), but not a year ("Article 2024");
    # "Article -1" (a minus after a space) is one it lacks too, while "Article-15" is no reference
    rf"\b{_ART}\s*(?P<num>(?:(?<=\s)[-\u2212])?(?!(?:19|20)\d\d(?!\d))\d+)(?![\d/])(?:\.(?P<dot>\d{{1,2}})(?![\d.]))?(?P<parens>{_PARENS})"
    rf"(?:,?\s*{_PARA_WORD}\s*(?P<para>\d{{1,2}})(?P<pparens>{_PARENS}))?"
    rf"(?:,?\s*{_SUB_WORD}\s*\(?(?P<sub>{_MARK})\)?(?![a-z0-9]))?"
    rf"(?P<tail>(?:\s*(?:,\s*(?:and|or)?|and|or|&|to|through|-|–|—)\s*\d{{1,3}}(?![\d/]){_PARENS}{_COUNTED})*)",
    re.I,
)
_TAIL_ITEM = re.compile(
    rf"\s*(?P<sep>,\s*(?:and|or)?|and|or|&|to|through|-|–|—)\s*(?P<num>\d{{1,3}})(?![\d/])(?P<parens>{_PARENS})",
    re.I,
)
PARAGRAPH_OF = re.compile(
    rf"\b(?:{_SUB_WORD}\s*\(?(?P<sub>{_MARK})\)?\s*(?:of|in)\s*)?"
    rf"(?:paragraph|para\.?)\s*(?P<para>\d{{1,2}})(?P<parens>{_PARENS})\s*(?:of|in)\s*(?:the\s+)?{_ART}\s*{_NUMBER}",
    re.I,
)
SUBPARAGRAPH_OF = re.compile(
    rf"(?:\b{_SUB_WORD}\s*)?\((?P<sub>[a-z]{{1,2}}|[ivx]{{3,4}})\)\s*(?:of|in)\s*(?:the\s+)?{_ART}\s*{_NUMBER}", re.I
)
# Bare "24(2)", "2(h)", "A24(2)": only in a text about the Convention, and not after "section", "page" ...
BARE_ARTICLE = re.compile(r"(?<![\w./§-])A?(\d{1,2})((?:\((?:\d{1,2}|[a-z]{1,2}|[ivx]{3,4})\))+)(?![\w(])")
ONLY_A_REFERENCE = re.compile(rf"\s*{BARE_ARTICLE.pattern}\s*[?.!]?\s*")
_NOT_AN_ARTICLE_BEFORE = re.compile(
    r"\b(?:sections?|sec|ss?|rules?|regulations?|reg|clauses?|cl|pages?|pp?|footnotes?|fn|notes?|chapters?|"
    r"annex(?:es)?|tables?|figures?|fig|resolutions?|directives?|recitals?|points?|items?|no|nos|numbers?|steps?|"
    r"schedules?|parts?|titles?|options?|paragraphs?|paras?|subparagraphs?|appendix|exhibits?|forms?|lines?|"
    r"rooms?|flats?|units?|questions?|q|version|v|level|grade|box|row|slide)\.?\s*$",
    re.I,
)
ABOUT_CONVENTION = re.compile(
    r"\b(?:convention|treaty|cybercrime|articles?|arts?\.|provisions?|states? part(?:y|ies)|79/243)\b", re.I
)

_NOTE_WORD = r"interpret(?:at)?ive\s+notes?"
NOTE_NUMBER = re.compile(rf"\b{_NOTE_WORD}\s*(?:no\.?\s*|number\s+|#\s*)?(?P<num>\d{{1,2}})(?![\d/])", re.I)
NOTE_ON = re.compile(
    rf"(?:\b(?:the|an?|its)\s+(?:{_NOTE_WORD}|notes?)|\b{_NOTE_WORD})\s+(?:on|to|for|concerning|regarding|about)\s+"
    rf"(?:the\s+)?{_ART}\s*(?P<num>\d{{1,3}})(?P<tail>(?:\s*(?:,\s*(?:and)?|and|&)\s*\d{{1,3}}(?![\d/]))*)",
    re.I,
)
_RESOLUTION = (r"(?:(?:(?:UN\s*)?GA|General\s+Assembly|UNGA)\s+)?(?:resolution|res\.)(?:\s+(?P<res>\d{1,3}/\d{1,3}))?"
               r"|A/RES/(?P<ares>\d{1,3}/\d{1,3})")
_OPERATIVE = r"(?:operative\s+)?(?:paragraph|para\.?|¶|OP)"
RESOLUTION_PARAGRAPH = re.compile(rf"\b(?:{_RESOLUTION})\s*,?\s*{_OPERATIVE}\s*(?P<num>\d{{1,2}})(?![\d/])", re.I)
PARAGRAPH_OF_RESOLUTION = re.compile(
    rf"\b{_OPERATIVE}\s*(?P<num>\d{{1,2}})(?![\d/])\s+(?:of|in)\s+(?:the\s+)?(?:{_RESOLUTION})", re.I
)
RESOLUTION_PREAMBLE = re.compile(rf"\b(?:the\s+)?preamble\s+(?:of|to)\s+(?:the\s+)?(?:{_RESOLUTION})", re.I)
RESOLUTIONS_PREAMBLE = re.compile(rf"\b(?:the\s+)?(?:{_RESOLUTION})(?:'s|’s)\s+preamble", re.I)
PREAMBLE_REF = re.compile(
    r"\b(?:the\s+)?(?:(?:convention|treaty)(?:'s|’s)\s+)?(?:preamble|(?:\w+\s+)?preambular\s+paragraphs?)\b", re.I
)

BARE_PARAGRAPH = re.compile(r"\b(?:paragraph|para\.?)\s*(\d+)(" + _PARENS + r")", re.I)
BARE_SUBPARAGRAPH = re.compile(r"\b(?:sub-?paragraph|subpara\.?|point|item)\s*\(?([a-z]{1,4})\)?(?![a-z])", re.I)

# Another instrument named right after a reference ("of the Budapest Convention") or right before it
# ("the GDPR's Article 6", "ECHR Article 8").
_TREATY_NOUN = (r"(?:[Cc]onventions?|[Tt]reaty|[Tt]reaties|Covenant|Charter|Protocol|Act|Code|Directive|Regulation|"
                r"Constitution|Statute|Agreement)")
_TREATY_NAME = r"(?:GDPR|ICCPR|ICESCR|ECHR|UNTOC|UNCAC|CRC|TFEU|CFAA|Budapest|Malabo)"
_INSTRUMENT = rf"(?:{_TREATY_NOUN}|{_TREATY_NAME})"
_AFTER = re.compile(r"^\s*,?\s*(?:of|in|under|from)\s+(?:the\s+)?(?P<name>(?:[\w’'./-]+\s*){1,8})")
_BEFORE = re.compile(rf"(?P<name>(?:[\w’'./-]+\s+){{0,4}}?{_INSTRUMENT}\b)(?:'s|’s)?\)?\s*$")
# The names this Convention goes by ("the UN cybercrime treaty", "Convention against Cybercrime").
THIS_CONVENTION = re.compile(
    r"against\s+cybercrime|79/243|\bhanoi\b|"
    r"^(?:(?:the|this|that|our|present|new|draft|UN|U\.N\.|United|Nations|cyber-?crime|global)\s+)*"
    r"(?:convention|treaty)(?:'s|’s)?$",
    re.I,
)


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
    """A provision named in a text. In the Convention (`document` "convention"), `article` is None for
    "paragraph 3" on its own (a follow-up). A note has its number as `paragraph`, or the article it
    interprets as `article`; a resolution paragraph has its number as `paragraph` (None: the preamble)."""

    article: int | None
    paragraph: str | None = None
    subparagraph: str | None = None
    item: str | None = None
    document: str = CONVENTION

    @property
    def bare(self) -> bool:
        """A paragraph named without its article ("what about paragraph 3?")."""
        return self.document == CONVENTION and self.article is None

    @property
    def label(self) -> str:
        if self.document == PREAMBLE:
            return "Preamble"
        if self.document == NOTE:
            return f"Interpretative note {self.paragraph}" if self.paragraph else f"Interpretative note on article {self.article}"
        if self.document == RESOLUTION:
            return f"Resolution {RESOLUTION_NUMBER}, " + (f"para. {self.paragraph}" if self.paragraph else "preamble")
        if self.article is None:
            return "paragraph " + "".join(
                [self.paragraph or ""] + [f"({p})" for p in (self.subparagraph, self.item) if p]
            )
        return format_label(self.article, self.paragraph, self.subparagraph, self.item)

    def with_article(self, article: int) -> "Reference":
        return Reference(article, self.paragraph, self.subparagraph, self.item)


@dataclass(frozen=True)
class Found:
    """A reference where it stands in the text: `text[start:end]` is what was written. `instrument`
    names another treaty or law when the reference is to that one, not to this Convention."""

    reference: Reference
    start: int
    end: int
    text: str
    instrument: str | None = None


def _parens(text: str) -> list[str]:
    return [p.lower() for p in re.findall(rf"\(\s*({_MARK})\s*\)", text or "", re.I)]


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


def _instrument_name(words: str) -> str | None:
    """The instrument a phrase names ("Budapest Convention is similar" -> "Budapest Convention"), or
    None when it names none within its first words, or names this Convention."""
    head = re.search(rf"\b{_TREATY_NOUN}\b", words) or re.search(rf"\b{_TREATY_NAME}\b", words)
    if head is None or len(words[: head.start()].split()) > 5:
        return None
    name = words[: head.end()]
    if rest := re.match(r"(?:\s+(?:on|against|for|of)\s+(?:the\s+)?[\w’'-]+(?:\s+(?:of|the|and|[A-Z][\w’'-]*))*)",
                        words[head.end():]):
        name += re.sub(r"(?:\s+(?:of|the|and))+$", "", rest.group(0))
    name = name.strip()
    return None if THIS_CONVENTION.search(name) else name


def another_instrument(text: str, start: int, end: int) -> str | None:
    """The treaty or law a reference at text[start:end] belongs to, if it is not this Convention."""
    if after := _AFTER.match(text[end:end + 120]):
        return _instrument_name(after.group("name"))
    if before := _BEFORE.search(text[max(0, start - 80):start]):
        name = before.group("name")
        # Keep the words after the last determiner or preposition: "... under the Budapest Convention".
        name = re.split(r"\b(?:the|this|that|a|an|of|in|under|by|and|to|with|see|cf)\s+", name, flags=re.I)[-1]
        return None if THIS_CONVENTION.search(name) else name
    return None


def find_references(text: str, about_convention: bool | None = None) -> list[Found]:
    """Every provision the text names, with its span, in order of appearance (repeats kept). Bare forms
    ("24(2)", "A24(2)") are read only in a text about the Convention; by default that is decided from the
    text itself (it names the Convention, a treaty, an article, ...)."""
    if about_convention is None:
        # A message that is nothing but "24(2)" can only mean the provision; inside other prose it stays
        # ambiguous (a section, a page) unless the text is about the Convention.
        about_convention = bool(ABOUT_CONVENTION.search(text) or ONLY_A_REFERENCE.fullmatch(text))
    found: list[tuple[int, int, Found]] = []  # (start of the whole match, order within it, found)
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    def add(match_start: int, match_end: int, items: list[tuple[Reference, int, int]], article_like: bool = True) -> None:
        taken.append((match_start, match_end))
        instrument = another_instrument(text, match_start, match_end) if article_like else None
        for order, (ref, start, end) in enumerate(items):
            found.append((match_start, order, Found(ref, start, end, text[start:end], instrument)))

    for m in NOTE_NUMBER.finditer(text):
        add(m.start(), m.end(), [(Reference(None, m.group("num"), document=NOTE), m.start(), m.end())], article_like=False)
    for m in NOTE_ON.finditer(text):
        if free(m.start(), m.end()):
            numbers = [m.group("num")] + re.findall(r"\d+", m.group("tail") or "")
            add(m.start(), m.end(), [(Reference(int(n), document=NOTE), m.start(), m.end()) for n in numbers], article_like=False)
    for pattern in (RESOLUTION_PARAGRAPH, PARAGRAPH_OF_RESOLUTION, RESOLUTION_PREAMBLE, RESOLUTIONS_PREAMBLE):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            number = m.group("res") or m.group("ares")
            paragraph = m.groupdict().get("num")
            ref = Reference(None, paragraph, document=RESOLUTION)
            taken.append((m.start(), m.end()))
            other = f"resolution {number}" if number and number != RESOLUTION_NUMBER else None
            found.append((m.start(), 0, Found(ref, m.start(), m.end(), m.group(0), other)))
    for m in PREAMBLE_REF.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), [(Reference(None, document=PREAMBLE), m.start(), m.end())])
    for m in PARAGRAPH_OF.finditer(text):
        if free(m.start(), m.end()):
            groups = ([m.group("sub").lower()] if m.group("sub") else []) + _parens(m.group("parens"))
            add(m.start(), m.end(), [(_build(_number(m.group("art")), groups, paragraph=m.group("para")), m.start(), m.end())])
    for m in SUBPARAGRAPH_OF.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), [(Reference(_number(m.group("art")), None, m.group("sub").lower()), m.start(), m.end())])
    for m in ARTICLE_REF.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), _article_list(m))
    if about_convention:
        for m in BARE_ARTICLE.finditer(text):
            if free(m.start(), m.end()) and not _NOT_AN_ARTICLE_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
                add(m.start(), m.end(), [(_build(int(m.group(1)), _parens(m.group(2))), m.start(), m.end())])
    return [f for _, _, f in sorted(found, key=lambda x: (x[0], x[1]))]


def _article_list(m: re.Match) -> list[tuple[Reference, int, int]]:
    """"Article 24(2)", "Articles 42 and 43", "articles 7 to 16": each article with its own span (the
    articles a range spans share the range's)."""
    groups = _parens(m.group("parens"))
    paragraph = m.group("dot") or m.group("para")
    groups += _parens(m.group("pparens")) + ([m.group("sub").lower()] if m.group("sub") else [])
    first = _build(_number(m.group("num")), groups, paragraph=paragraph)
    tail_start = m.start("tail")
    items = [(first, m.start(), tail_start)]
    previous, previous_start = first.article, m.start()
    for t in _TAIL_ITEM.finditer(m.group("tail") or ""):
        number = int(t.group("num"))
        start, end = tail_start + t.start("num"), tail_start + t.end()
        if t.group("sep").lower() in ("to", "through", "-", "–", "—") and previous is not None and 0 < number - previous <= MAX_RANGE:
            items = [item for item in items if item[0].article != previous or item[1] != previous_start]
            span = (previous_start, end)
            items += [(Reference(n), *span) for n in range(previous, number + 1)]
        else:
            items.append((_build(number, _parens(t.group("parens"))), start, end))
        previous, previous_start = number, start
    return items


def parse_references(text: str, about_convention: bool | None = None) -> list[Reference]:
    """Every provision of the Convention, its notes or resolution the text names, in order, without
    duplicates; another instrument's articles are left out. With none, a bare "paragraph 3" or "(b)"
    (a follow-up) is returned without its article."""
    found = find_references(text, about_convention)
    refs = [f.reference for f in found if f.instrument is None]
    if not found:  # a follow-up names a paragraph or sub-paragraph of the article talked about
        bare = [(m.start(), _build(None, _parens(m.group(2)), paragraph=m.group(1))) for m in BARE_PARAGRAPH.finditer(text)]
        if not any(ref.subparagraph for _, ref in bare):
            bare += [(m.start(), Reference(None, None, m.group(1).lower())) for m in BARE_SUBPARAGRAPH.finditer(text)][:1]
        refs = [ref for _, ref in sorted(bare, key=lambda pair: pair[0])]
    return list(dict.fromkeys(refs))


# "of the Convention", "in the UN cybercrime treaty" after a reference: part of naming the provision.
_OF_THIS_CONVENTION = re.compile(
    r"^\s*,?\s*(?:of|in|under)\s+(?:the|this)\s+(?:(?:UN|United Nations|new|cyber-?crime)\s+)*(?:convention|treaty)"
    r"(?:\s+against\s+cybercrime)?\b",
    re.I,
)


def strip_references(text: str) -> str:
    """The text without the references to this Convention's provisions (and the words naming the
    Convention after them): what it says about them."""
    for f in reversed([f for f in find_references(text) if f.instrument is None]):
        named = _OF_THIS_CONVENTION.match(text[f.end:])
        text = text[: f.start] + " " + text[f.end + (named.end() if named else 0):]
    return re.sub(r"\s+", " ", text).strip()
