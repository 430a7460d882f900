"""Whole articles rebuilt from their passages, for "show full article", the browser and the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assistant.models import Passage
from assistant.retrieve import TreatyIndex


@dataclass(frozen=True)
class ArticleParagraph:
    label: str
    paragraph: str | None
    subparagraph: str | None
    text: str
    passage_id: str


@dataclass(frozen=True)
class ArticleView:
    article: int
    title: str
    chapter: str
    chapter_title: str
    paragraphs: list[ArticleParagraph]
    interpretative_notes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _without_repeated_chapeau(passage: Passage, previous: Passage | None) -> str:
    """Split sub-paragraph passages repeat their chapeau; a full article prints it once."""
    lines = passage.text.split("\n")
    repeated = (
        previous is not None and passage.subparagraph and previous.subparagraph
        and previous.paragraph == passage.paragraph
    )
    if repeated:
        start = next((i for i, line in enumerate(lines) if line.startswith(f"({passage.subparagraph})")), 0)
        lines = lines[start:]
    return "\n".join(lines)


def article_view(index: TreatyIndex, number: int) -> ArticleView | None:
    passages = index.articles.get(number)
    if not passages:
        return None
    paragraphs = []
    previous = None
    for passage in sorted(passages, key=lambda p: p.order):
        paragraphs.append(
            ArticleParagraph(passage.label, passage.paragraph, passage.subparagraph,
                             _without_repeated_chapeau(passage, previous), passage.id)
        )
        previous = passage
    notes = [{"label": p.label, "text": p.text} for p in index.notes_on(number)]
    first = passages[0]
    return ArticleView(number, first.article_title or "", first.chapter or "", first.chapter_title or "",
                       paragraphs, notes)


def chapters(index: TreatyIndex) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(roman numeral, chapter title, [(article, title), ...]) in treaty order."""
    result: list[tuple[str, str, list[tuple[int, str]]]] = []
    for number in sorted(index.articles):
        first = index.articles[number][0]
        if not result or result[-1][0] != first.chapter:
            result.append((first.chapter or "", first.chapter_title or "", []))
        result[-1][2].append((number, first.article_title or ""))
    return result
