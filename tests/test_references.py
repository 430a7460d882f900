"""Reference parsing: many spellings of the same provisions. Pure."""

from __future__ import annotations

import pytest

from assistant.references import (
    BEYOND, Reference, find_references, format_label, parse_references, strip_references,
)


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
        # forms typed into the chat that used to fail
        ("What does Art 24.2 say?", ["Article 24(2)"]),
        ("What does 24(2) of the Convention say?", ["Article 24(2)"]),
        ("Is 2(h) of the treaty about serious crime?", ["Article 2(h)"]),
        ("A24(2) of the cybercrime convention", ["Article 24(2)"]),
        ("What does the preamble say about gender?", ["Preamble"]),
        ("What does interpretative note 3 say?", ["Interpretative note 3"]),
        ("the note on article 17", ["Interpretative note on article 17"]),
        ("the interpretative notes on articles 23 and 35",
         ["Interpretative note on article 23", "Interpretative note on article 35"]),
        ("resolution 79/243, paragraph 2", ["Resolution 79/243, para. 2"]),
        ("GA resolution 79/243, para. 4", ["Resolution 79/243, para. 4"]),
        ("operative paragraph 12 of the resolution", ["Resolution 79/243, para. 12"]),
        ("A/RES/79/243, para. 9", ["Resolution 79/243, para. 9"]),
        ("the preamble of resolution 79/243", ["Resolution 79/243, preamble"]),
        # the forms the issue lists
        ("Art. 29(1)(b)", ["Article 29(1)(b)"]),
        ("Articles 7–11", ["Article 7", "Article 8", "Article 9", "Article 10", "Article 11"]),
        ("article 37, paragraph 11", ["Article 37(11)"]),
        ("article 41, para. 1", ["Article 41(1)"]),
        ("Article 2, subparagraph (n)", ["Article 2(n)"]),
        ("article 17, paragraph 1 (b) (ii)", ["Article 17(1)(b)(ii)"]),
        ("Article 41, para. 3(e)", ["Article 41(3)(e)"]),
        # not references, or not to this Convention
        ("the 24 articles", []),
        ("It was adopted on 24 December 2024, see page 24(2) of the report.", []),
        ("The 24/7 network meets on 24.12.2025 at 10.30.", []),
        ("Article 2024 of the treaty", []),
        ("What does Article 99999999 say?", ["Article 99999999"]),  # answered as an article it lacks
        ("What does 24(2) say?", []),  # bare numbers are read only in a text about the Convention
        # ... or when the whole message is nothing but the reference (typed alone in the chat)
        ("24(2)", ["Article 24(2)"]),
        (" 2(h)? ", ["Article 2(h)"]),
        ("A24(2)", ["Article 24(2)"]),
        ("24(2) and 25(1)", []),
        ("5(2)", ["Article 5(2)"]),
        ("Section 5(2) of the Act and the treaty", []),
        ("Is Article 32(b) of the Budapest Convention the same?", []),
        ("resolution 74/247, paragraph 2", []),
        ("Article 41 asks for a contact point 24 hours a day", ["Article 41"]),  # not "Article 41, 24"
        ("Article 25 and 90 days", ["Article 25"]),
        ("Article 16 (Non-consensual dissemination of intimate images)", ["Article 16"]),
    ],
)
def test_parse_references(text, labels):
    assert [r.label for r in parse_references(text)] == labels


@pytest.mark.parametrize("text, instrument", [
    ("Article 32(b) of the Budapest Convention allows it", "Budapest Convention"),
    ("The GDPR's Article 6 sets out lawful bases", "GDPR"),
    ("ECHR Article 8", "ECHR"),
    ("Article 5 of the United Nations Convention against Corruption", "United Nations Convention against Corruption"),
    ("Article 14 of the Convention on the Rights of the Child", "Convention on the Rights of the Child"),
    ("Article 2 of the Council of Europe Convention on Cybercrime", "Council of Europe Convention on Cybercrime"),
])
def test_another_instruments_articles_are_named_as_such(text, instrument):
    [found] = find_references(text)
    assert found.instrument == instrument


@pytest.mark.parametrize("text", [
    "Article 7 of the Convention", "Article 7 of the UN Convention against Cybercrime",
    "Article 7 of this Convention", "the Convention's Article 7", "Article 7 of the new UN cybercrime treaty",
])
def test_this_conventions_own_names_are_not_another_instrument(text):
    [found] = find_references(text)
    assert found.instrument is None and found.reference == Reference(7)


def test_spans_point_at_what_was_written():
    text = "As Art 24.2 and Articles 42 and 43 show, and see articles 7 to 9 and interpretative note 3."
    found = find_references(text)
    assert [(f.reference.label, f.text) for f in found] == [
        ("Article 24(2)", "Art 24.2"), ("Article 42", "Articles 42"), ("Article 43", "43"),
        ("Article 7", "articles 7 to 9"), ("Article 8", "articles 7 to 9"), ("Article 9", "articles 7 to 9"),
        ("Interpretative note 3", "interpretative note 3"),
    ]
    assert all(text[f.start:f.end] == f.text for f in found)


def test_bare_forms_can_be_switched_on_for_a_text_known_to_be_about_the_convention():
    assert [r.label for r in parse_references("What does 24(2) say?", about_convention=True)] == ["Article 24(2)"]
    assert parse_references("Step 2(b) of the form", about_convention=True) == []


def test_a_bare_paragraph_is_a_follow_up_but_a_resolution_paragraph_is_not():
    assert [r.bare for r in parse_references("what about paragraph 3?")] == [True]
    assert [r.bare for r in parse_references("resolution 79/243, paragraph 3")] == [False]


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
    assert strip_references("What does 24(2) of the Convention say?") == "What does say?"
    assert strip_references("Does Article 32(b) of the Budapest Convention apply?") == (
        "Does Article 32(b) of the Budapest Convention apply?")


def test_a_number_of_any_length_is_read_without_error():
    digits = "9" * 5000  # more than int() takes (4,300 digits)
    [reference] = parse_references(f"What does Article {digits} say?")
    assert reference.article == BEYOND  # "The Convention has no article of that number"
    assert [r.article for r in parse_references(f"paragraph 3 of article 0000{digits}")] == [BEYOND]


def test_a_negative_or_zero_article_is_one_the_convention_lacks():
    assert [r.article for r in parse_references("What does Article -1 say?")] == [-1]
    assert [r.article for r in parse_references("What does Article \u22122 say?")] == [-2]
    assert [r.article for r in parse_references("What does Article 0 say?")] == [0]
    assert parse_references("Article-15") == []
