"""Chunking along the treaty's structure: labels, chapeaux, continuation lines, no crossing articles."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from dataclasses import replace

from ingest.chunk import DocumentInfo, annotate, convention_passages, referenced_articles, stable_ids
from ingest.structure import clean, parse_convention

DOC = DocumentInfo("convention", "treaty", "United Nations Convention against Cybercrime")


@pytest.fixture(scope="module")
def convention():
    return parse_convention((PROJECT_ROOT / "corpus" / "convention_against_cybercrime.md").read_text())


@pytest.fixture(scope="module")
def passages(convention):
    return stable_ids(convention_passages(convention, DOC, max_chars=1000))


def by_label(passages, label):
    found = [p for p in passages if p.label == label]
    assert found, f"no passage labelled {label}"
    return found[0]


def test_definitions_are_cited_by_letter(passages):
    serious = by_label(passages, "Article 2(h)")
    assert "“Serious crime” shall mean" in serious.text
    assert serious.text.startswith("For the purposes of this Convention:")  # chapeau kept
    assert by_label(passages, "Article 2(i)").text.endswith("such assets;")  # (i) after (h) is a letter
    service = by_label(passages, "Article 2(e)").text
    assert "(i) Provides to users" in service and "(ii) Processes or stores" in service


def test_numbered_paragraph_labels_and_metadata(passages):
    p = by_label(passages, "Article 24(2)")
    assert (p.article, p.paragraph, p.subparagraph) == (24, "2", None)
    assert p.article_title == "Conditions and safeguards"
    assert (p.chapter, p.chapter_title) == ("IV", "Procedural measures and law enforcement")
    assert "Article 24. Conditions and safeguards" in p.context
    assert p.embedding_text.startswith(p.context) and not p.text.startswith("Article 24")


def test_flush_left_continuation_stays_with_its_subparagraphs(passages):
    # A tail after the last sub-paragraph completes the chapeau, so it belongs to every sub-paragraph.
    for letter in "ab":
        assert "traffic data, in real time" in by_label(passages, f"Article 29(1)({letter})").text
        assert "content data, in real time" in by_label(passages, f"Article 30(1)({letter})").text
        assert by_label(passages, f"Article 28(1)({letter})").text.endswith("in the territory of that State Party.")
    for letter in "abc":
        assert by_label(passages, f"Article 13({letter})").text.endswith("a gain in money or other property.")
    assert "(a) Any input" not in by_label(passages, "Article 13(c)").text
    article_11 = by_label(passages, "Article 11(1)(a)").text
    assert "(ii) A password" in article_11 and "with the intent that the device" in article_11
    # Without a chapeau, a tail after a roman list completes its own sub-paragraph only.
    assert "may reserve the right not to apply" in by_label(passages, "Article 23(3)(b)").text
    assert "may reserve the right not to apply" not in by_label(passages, "Article 23(3)(a)").text
    # "3. (a) ..." opens the paragraph and its first sub-paragraph on one line.
    assert by_label(passages, "Article 36(1)(a)").text.startswith("1. (a) A State Party transferring")


def test_every_printed_paragraph_is_in_a_chunk_of_its_own_article(passages, oracle):
    for record in (r for r in oracle if r["type"] == "article"):
        own = [p for p in passages if p.article == record["article"]]
        lines = {line for p in own for line in p.text.split("\n")}
        for paragraph in record["paragraphs"]:
            assert clean(paragraph) in lines, (record["article"], paragraph[:60])


def test_chunks_never_cross_articles_or_split_sentences(passages, convention):
    printed = {a.number: set(a.paragraphs) for a in convention.articles}
    for p in passages:
        if p.article is not None:
            assert set(p.text.split("\n")) <= printed[p.article], p.label


def test_a_line_opening_a_letter_and_its_first_item_starts_both(passages):
    assert [l.item for l in annotate(["1. Chapeau:", "(a) (i) First;", "(ii) Second;", "(b) Next."])] == [
        None, "i", "ii", None
    ]
    labels = [p.label for p in passages if p.article == 17 and p.paragraph == "1"]
    assert labels == ["Article 17(1)(a)", "Article 17(1)(b)"]


def test_lettered_paragraphs_split_on_subparagraph_boundaries(passages):
    letters = [p.subparagraph for p in passages if p.label.startswith("Article 40(3)(")]
    assert letters == list("abcdefghijklm")


def test_ids_are_unique_and_stable(convention, passages):
    again = stable_ids(convention_passages(convention, DOC, max_chars=1000))
    assert [p.id for p in passages] == [p.id for p in again]
    assert len({p.id for p in passages}) == len(passages)
    assert by_label(passages, "Article 24(2)").id == "convention#article-24-2"


def test_ids_do_not_shift_when_an_earlier_part_changes(convention):
    """Ids come from the document and the label, not from a position counter."""
    article_1 = convention.articles[0]
    longer = replace(convention, articles=[replace(article_1, paragraphs=article_1.paragraphs + ["(d) Added."]),
                                           *convention.articles[1:]])
    before = {p.label: p.id for p in stable_ids(convention_passages(convention, DOC, max_chars=1000))}
    after = {p.label: p.id for p in stable_ids(convention_passages(longer, DOC, max_chars=1000))}
    assert "Article 1(d)" in after and all(after[label] == pid for label, pid in before.items())


def test_annotate_tells_roman_items_from_letters():
    lines = annotate([
        "For the purposes:",
        "(h) “Serious crime” shall mean ...;",
        "(i) “Property” shall mean ...:",
        "(i) Sub item;",
        "(ii) Another;",
        "continuation of (i);",
        "(j) Next letter.",
    ])
    assert [(l.letter, l.item) for l in lines] == [
        (None, None), ("h", None), ("i", None), ("i", "i"), ("i", "ii"), ("i", None), ("j", None),
    ]


def test_stock_formulas_are_left_out_of_the_search_text_only(passages):
    article_7 = by_label(passages, "Article 7(1)")
    assert article_7.text.startswith("1. Each State Party shall adopt such legislative and other measures")
    assert "legislative and other measures" not in article_7.search_text
    assert "access to the whole or any part of an information and communications technology system" in article_7.search_text
    assert article_7.embedding_text.startswith(article_7.context)


def test_referenced_articles():
    assert referenced_articles("in accordance with articles 7 to 10 of this Convention") == [7, 8, 9, 10]
    assert referenced_articles("pursuant to article 25 and articles 23 and 35") == [23, 25, 35]
    assert referenced_articles("no references here") == []
