"""Citation labels: the one place where their format lives. Pure functions."""

from __future__ import annotations


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
