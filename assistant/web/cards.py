"""HTML for the chat's sources and the article browser: source cards grouped by the answer they belong
to, full articles with labelled paragraphs, related provisions. Pure functions of the data they show."""

from __future__ import annotations

import html
import re

from assistant.articles import ArticleView
from assistant.text import tokenize

KIND_LABELS = {
    "treaty": "Treaty",
    "interpretative_note": "Interpretative note",
    "resolution": "Resolution",
    "commentary": "Commentary · secondary source",
}


def highlight(text: str, query: str, common: frozenset[str] = frozenset()) -> str:
    """HTML-escaped text with the words that matched the question (by stem) marked; words found almost
    everywhere are left plain."""
    wanted = set(tokenize(query)) - common
    out = []
    for piece in re.split(r"([A-Za-z0-9]+)", text):
        escaped = html.escape(piece)
        marked = piece.isalnum() and not piece.isdigit() and tokenize(piece) and tokenize(piece)[0] in wanted
        out.append(f"<mark>{escaped}</mark>" if marked else escaped)
    return "".join(out)


def copy_button(text: str, name: str = "Copy citation") -> str:
    """A button the page's script copies `text` from (with "Copied" feedback and a fallback)."""
    return (f'<button type="button" class="copy-citation" data-copy="{html.escape(text, quote=True)}">'
            f"{html.escape(name)}</button>")


def citation_text(label: str, title: str | None, quote: str) -> str:
    return f"{label} — {title}: “{quote}”" if title else f"{label}: “{quote}”"


def card_html(card: dict, turn: int, query: str, common: frozenset[str] = frozenset(), article: str = "") -> str:
    """One source card: answer `turn`'s source [n] (id `source-{turn}-{n}`, what its marker opens), with
    the full article it belongs to folded inside, opened in place."""
    kind = card["doc_kind"]
    where = card["title"] or ""
    if card.get("chapter"):
        where += f" · Chapter {card['chapter']}. {card['chapter_title']}"
    full = (f'<details class="full-article"><summary class="show-article">Show full article ({html.escape(card["label"])})'
            f"</summary>{article}</details>") if article else ""
    return (
        f'<article class="source-card kind-{kind}" id="source-{turn}-{card["number"]}" tabindex="-1">'
        f'<h4 class="card-head"><span class="marker">[{card["number"]}]</span> '
        f'<span class="label">{html.escape(card["label"])}</span> '
        f'<span class="kind">{KIND_LABELS.get(kind, kind)}</span></h4>'
        f'<div class="where">{html.escape(where)}</div>'
        f"<blockquote>{highlight(card['quote'], query, common)}</blockquote>"
        f'<div class="card-actions">{full}{copy_button(citation_text(card["label"], card["title"], card["quote"]))}</div>'
        "</article>"
    )


def related_html(related: list[dict]) -> str:
    """Definitions and cross-referenced provisions the cited passages rely on (not citations)."""
    items = "".join(
        f'<details class="related-item"><summary><strong>{html.escape(r["label"])}</strong> · '
        f'{html.escape(r["title"] or "")} <em>({html.escape(r["relation"])})</em></summary>'
        f"<blockquote>{html.escape(r['quote'])}</blockquote></details>"
        for r in related
    )
    return f'<div class="related"><h4>Related provisions</h4>{items}</div>' if related else ""


def group_html(turn: int, question: str, cards: str, latest: bool) -> str:
    """An answer's sources under a heading naming the answer; earlier answers' sources fold away but stay
    (their markers still open them)."""
    title = f"Sources for answer {turn + 1}: “{html.escape(question)}”"
    if latest:
        return (f'<section class="answer-sources latest" id="sources-{turn}" aria-labelledby="sources-{turn}-title">'
                f'<h3 id="sources-{turn}-title">{title}</h3>{cards}</section>')
    return (f'<details class="answer-sources" id="sources-{turn}"><summary><h3>{title}</h3></summary>'
            f"{cards}</details>")


def sources_html(groups: list[dict]) -> str:
    """All answers' sources, the newest first and open."""
    if not groups:
        return '<p class="no-sources">Sources for the answer appear here.</p>'
    ordered = sorted(groups, key=lambda g: -g["turn"])
    return "".join(group_html(g["turn"], g["question"], g["html"], i == 0) for i, g in enumerate(ordered))


def article_html(view: ArticleView | None, cited: set[str] | frozenset = frozenset(), message: str = "") -> str:
    """A whole article; each paragraph with its label and a copy button, the cited ones highlighted."""
    if view is None:
        return f'<div class="article-view"><p>{html.escape(message or "No such article.")}</p></div>'
    parts = [
        f'<div class="article-view"><h3>Article {view.article}. {html.escape(view.title)}</h3>',
        f"<p><em>Chapter {view.chapter}. {html.escape(view.chapter_title)}</em></p>",
    ]
    for paragraph in view.paragraphs:
        css = "para cited" if paragraph.passage_id in cited else "para"
        label = html.escape(paragraph.label)
        parts.append(
            f'<div class="{css}" data-label="{label}"><div class="para-head"><span class="para-label">{label}</span>'
            f"{copy_button(citation_text(paragraph.label, view.title, paragraph.text), 'Copy')}</div>"
            f'<div class="para-text">{html.escape(paragraph.text)}</div></div>'
        )
    for note in view.interpretative_notes:
        parts.append(f'<div class="note"><strong>{html.escape(note["label"])}</strong>: {html.escape(note["text"])}</div>')
    parts.append("</div>")
    return "".join(parts)
