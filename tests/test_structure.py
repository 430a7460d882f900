"""The parser against the verified per-article oracle, for both the markdown and the official PDF."""

from __future__ import annotations

import re

import pytest

from assistant.config import PROJECT_ROOT
from ingest.pdf import pdf_to_markdown
from ingest.structure import StructureError, clean, parse_convention

MARKDOWN = PROJECT_ROOT / "corpus" / "convention_against_cybercrime.md"
PDF = PROJECT_ROOT / "corpus" / "source" / "A_RES_79_243-EN.pdf"
CHAPTERS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]


@pytest.fixture(scope="module")
def from_markdown():
    return parse_convention(MARKDOWN.read_text())


@pytest.fixture(scope="module")
def from_pdf():
    return parse_convention(pdf_to_markdown(PDF))


def expected_articles(oracle):
    return {r["article"]: r for r in oracle if r["type"] == "article"}


@pytest.mark.parametrize("source", ["from_markdown", "from_pdf"])
def test_every_article_title_chapter_and_paragraph_matches_oracle(source, request, oracle):
    convention = request.getfixturevalue(source)
    expected = expected_articles(oracle)
    assert [a.number for a in convention.articles] == list(range(1, 69))
    assert sorted({a.chapter for a in convention.articles}, key=CHAPTERS.index) == CHAPTERS
    for article in convention.articles:
        record = expected[article.number]
        assert article.title == record["title"], article.number
        assert (article.chapter, article.chapter_title) == (record["chapter"], record["chapter_title"])
        assert article.paragraphs == [clean(p) for p in record["paragraphs"]], article.number


@pytest.mark.parametrize("source", ["from_markdown", "from_pdf"])
def test_preamble_matches_oracle(source, request, oracle):
    preamble = next(r for r in oracle if r["type"] == "preamble")
    assert request.getfixturevalue(source).preamble == [clean(p) for p in preamble["paragraphs"]]


def test_pdf_and_markdown_yield_identical_structure(from_markdown, from_pdf):
    assert from_pdf.articles == from_markdown.articles


def test_pdf_drops_running_heads_footers_and_page_numbers():
    text = pdf_to_markdown(PDF)
    assert "24-24621" not in text
    assert not re.search(r"\b\d{1,2}/46\b", text)  # page numbers "4/46"
    assert "A/RES/79/243\n" not in text  # running head
    assert "Article 13. Information and communications technology system-related theft or fraud" in text


def test_markdown_footnote_is_kept_apart_from_article_text(from_markdown):
    assert "interpretative notes on articles 2, 17, 23 and 35" in from_markdown.footnotes["1"]
    assert from_markdown.article(68).paragraphs[-1].endswith("have signed this Convention.")


def test_text_without_articles_is_rejected():
    with pytest.raises(StructureError, match="no '## Chapter'"):
        parse_convention("# Title\n\nJust a paragraph.\n")


def test_articles_out_of_order_are_rejected():
    text = "## Chapter I. X\n\n### Article 1. A\n\nText.\n\n### Article 3. C\n\nText.\n"
    with pytest.raises(StructureError, match="not numbered"):
        parse_convention(text)
