"""Rebuild markdown from a PDF's layout (PyMuPDF): running heads, footers, page numbers and footnotes
dropped, headings recognised by font, paragraphs by vertical gaps.

Tuned on UN document layout (A/RES/79/243) but safe on any PDF: at worst it yields plain paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import pymupdf

BODY_TOP = 62.0  # running heads sit above this line (points from the top of a US-letter page)
BODY_BOTTOM_MARGIN = 55.0  # footers (job number, page x/46) sit below page height minus this
BODY_FONT_MIN = 9.5  # footnotes (8.5 pt), running heads and spacer lines are smaller
PARAGRAPH_GAP = 3.0  # lines of one paragraph touch; paragraphs are 6 pt or more apart
MARKER = re.compile(r"^(\d+\.|\([a-z]{1,4}\))\s")
CHAPTER = re.compile(r"^Chapter\s+[IVXLC]+\.?$")
ARTICLE = re.compile(r"^Articles?\s+\d+")


class PdfError(ValueError):
    """The file is not a readable PDF, or holds no text."""


@dataclass
class Row:
    """One printed line: the spans that share a baseline, in reading order."""

    page: int
    x: float
    top: float
    bottom: float
    text: str
    style: str  # "bold", "italic" or "regular" when every span agrees, else "mixed"


def _style(font: str) -> str:
    lower = font.lower()
    if "bold" in lower:
        return "bold"
    if "italic" in lower or "oblique" in lower:
        return "italic"
    return "regular"


def _span_text(spans: list[dict]) -> str:
    # Spans that touch ("5" + ".") are one word; spans apart ("(a)" ... "Promote") are separate words.
    text = ""
    for previous, span in zip([None, *spans], spans):
        touching = previous is not None and (
            span["bbox"][0] - previous["bbox"][2] < 0.5 or span["text"][:1] in ",.;:)"
        )
        text += span["text"] if touching or not text else " " + span["text"]
    return re.sub(r"\s+", " ", text).strip()


def _pages(document: pymupdf.Document) -> Iterator[tuple[int, float, list[dict]]]:
    """(page number, page height, text blocks) for each page; a damaged file raises PdfError."""
    page_number = 1
    try:
        for page_number, page in enumerate(document, start=1):
            yield page_number, page.rect.height, page.get_text("dict")["blocks"]
    except Exception as exc:  # a truncated file opens, then fails on its page tree ("Invalid number of pages")
        raise PdfError(f"cannot read page {page_number}: {exc}") from exc


def _open(path: Path) -> "pymupdf.Document":
    # Imported here: PyMuPDF (and the ONNX Runtime it loads) takes about half a second to import, which
    # an ingest with no PDF to read, or nothing changed, should not pay.
    import pymupdf

    return pymupdf.open(path)


def read_rows(path: Path) -> list[Row]:
    try:
        document = _open(path)
    except Exception as exc:  # pymupdf raises several types for damaged files
        raise PdfError(f"cannot open PDF: {exc}") from exc
    rows: list[Row] = []
    with document:
        if document.needs_pass:
            raise PdfError("PDF is password-protected")
        for page_number, height, blocks in _pages(document):
            bottom_limit = height - BODY_BOTTOM_MARGIN
            by_line: dict[int, list[tuple[float, dict]]] = {}
            for block in blocks:
                for line in block.get("lines", []):
                    top = line["bbox"][1]
                    if top < BODY_TOP or top > bottom_limit:
                        continue
                    for span in line["spans"]:
                        if span["size"] >= BODY_FONT_MIN and span["text"].strip():
                            key = round(line["bbox"][3])
                            by_line.setdefault(key, []).append((span["bbox"][0], span))
            for key in sorted(by_line):
                spans = [s for _, s in sorted(by_line[key], key=lambda item: item[0])]
                styles = {_style(s["font"]) for s in spans}
                rows.append(
                    Row(
                        page=page_number,
                        x=min(s["bbox"][0] for s in spans),
                        top=min(s["bbox"][1] for s in spans),
                        bottom=key,
                        text=_span_text(spans),
                        style=styles.pop() if len(styles) == 1 else "mixed",
                    )
                )
    if not rows:
        raise PdfError("no text found (a scanned PDF needs OCR first)")
    return rows


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        # A line ending in "-" is a compound split at the line end ("Secretary-" / "General").
        text += line if (not text or text.endswith("-")) else " " + line
    return text


def _continues(previous: list[Row], row: Row) -> bool:
    """Does `row`, the first on a new page, continue the paragraph that ended the last page?"""
    last = previous[-1]
    if MARKER.match(row.text) or row.style in ("bold", "italic") and last.style != row.style:
        return False
    if row.x < last.x - 20 and _join([r.text for r in previous]).rstrip().endswith((";", ":", ".")):
        return False  # a flush-left tail ("with the intent that ...") after a finished sub-paragraph
    first_x = previous[0].x
    return row.x < first_x + 20 and row.x <= 130 or abs(row.x - last.x) < 2 and row.x > 140


def paragraphs(rows: list[Row]) -> list[list[Row]]:
    groups: list[list[Row]] = []
    for row in rows:
        if groups:
            last = groups[-1][-1]
            same_page = row.page == last.page
            if same_page and row.top - last.bottom <= PARAGRAPH_GAP:
                groups[-1].append(row)
                continue
            if not same_page and _continues(groups[-1], row):
                groups[-1].append(row)
                continue
        groups.append([row])
    return groups


def _heading(group: list[Row]) -> str | None:
    """Markdown heading for a group printed all in bold or all in italic at the body margin."""
    styles = {r.style for r in group}
    if len(styles) != 1 or styles.pop() not in ("bold", "italic") or group[0].x > 135:
        return None
    first, rest = group[0].text.rstrip("."), _join([r.text for r in group[1:]])
    if group[0].style == "italic" and ARTICLE.match(first):
        return f"### {first}. {rest}" if rest else f"### {first}"
    if group[0].style == "bold" and CHAPTER.match(first) and rest:
        return f"## {first}. {rest}"
    if group[0].style == "bold":
        return f"## {_join([r.text for r in group])}"
    return None


def pdf_to_markdown(path: Path) -> str:
    out: list[str] = []
    for group in paragraphs(read_rows(path)):
        out.append(_heading(group) or _join([r.text for r in group]))
    return "\n\n".join(out) + "\n"


def pdf_title(path: Path) -> str:
    try:
        with _open(path) as document:
            return (document.metadata or {}).get("title", "") or ""
    except Exception:
        return ""
