"""Reference parsing: many spellings of the same provisions. Pure."""

from __future__ import annotations

import pytest

from assistant.references import Reference, format_label, parse_references, strip_references


@pytest.mark.parametrize(
    "text, labels",
    [
        ("What does Article 24 say?", ["Article 24"]),
        ("art. 2(h)", ["Article 2(h)"]),
        ("Art 2 (h)", ["Article 2(h)"]),
        ("ARTICLE 2(H)", ["Article 2(h)"]),
        ("article 41, paragraph 1", ["Article 41(1)"]),
        ("Article 24 paragraph 2", ["Article 24(2)"]),
        ("Art. 41 para 3", ["Article 41(3)"]),
        ("paragraph 3 of article 40", ["Article 40(3)"]),
        ("subparagraph (k) of paragraph 3 of article 40", ["Article 40(3)(k)"]),
        ("(h) of article 2", ["Article 2(h)"]),
        ("Article 29(1)(b)(ii)", ["Article 29(1)(b)(ii)"]),
        ("Articles 42 and 43", ["Article 42", "Article 43"]),
        ("Articles 23, 25 and 27", ["Article 23", "Article 25", "Article 27"]),
        ("Articles 7 to 10", ["Article 7", "Article 8", "Article 9", "Article 10"]),
        ("articles 7-9", ["Article 7", "Article 8", "Article 9"]),
        ("Compare art. 25 with art. 42(1)", ["Article 25", "Article 42(1)"]),
        ("Article 2(i)", ["Article 2(i)"]),  # a letter: no sub-paragraph came before it
        ("Article 99", ["Article 99"]),
        ("What does Article -1 say?", ["Article -1"]),
        ("paragraph 2 of article \u22124", ["Article -4(2)"]),
        ("Article-15 of the treaty", []),  # a hyphen, not a minus: not read as either
        ("what about paragraph 3?", ["paragraph 3"]),
        ("the 24/7 network", []),
        ("How do I report hacking?", []),
        ("resolution 79/243", []),
    ],
)
def test_parse_references(text, labels):
    assert [r.label for r in parse_references(text)] == labels


def test_wide_ranges_are_not_expanded():
    assert [r.label for r in parse_references("articles 1 to 68")] == ["Article 1", "Article 68"]


def test_duplicates_are_dropped_in_order():
    assert parse_references("Article 7 and again article 7, then Article 8") == [Reference(7), Reference(8)]


def test_format_label_is_the_single_citation_format():
    assert format_label(24, "2") == "Article 24(2)"
    assert format_label(2, None, "h") == "Article 2(h)"
    assert format_label(29, "1", "b", "ii") == "Article 29(1)(b)(ii)"
    assert Reference(None, "3").with_article(24).label == "Article 24(3)"


def test_strip_references_leaves_the_question():
    assert strip_references("Does Article 16 cover grooming?") == "Does cover grooming?"


def test_a_number_of_any_length_is_read_without_error():
    digits = "9" * 5000  # more than int() takes (4,300 digits)
    [reference] = parse_references(f"What does Article {digits} say?")
    assert reference.label == f"Article {digits[:100]}"
    assert parse_references(f"paragraph 3 of article 0000{digits}") == [Reference(int(digits[:100]), "3")]
