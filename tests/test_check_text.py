"""Reading a draft for the reference checker: sentences and clauses with spans, a claim's force, its
durations, counts and dates. Pure."""

from __future__ import annotations

import pytest

from assistant.check_text import (
    Sentence, claim_force, clauses, compare_figures, dates, force_agrees, in_passing, quantities, split_sentences,
)
from assistant.force import MAY, MAY_RESERVE, MUST, MUST_CONSIDER, MUST_ENDEAVOUR, MUST_NOT, STATES


def test_sentences_keep_their_spans_and_do_not_end_at_abbreviations():
    text = "See art. 2(h), e.g. the definition. Art. 29(1)(b) lets the police act!\n\nA new paragraph.\n- a bullet"
    found = split_sentences(text)
    assert [s.text for s in found] == [
        "See art. 2(h), e.g. the definition.", "Art. 29(1)(b) lets the police act!", "A new paragraph.", "- a bullet"]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_a_hard_wrapped_line_does_not_end_a_sentence():
    assert [s.text for s in split_sentences("Article 7 requires States\nto criminalize access.")] == [
        "Article 7 requires States\nto criminalize access."]


def _clauses(text: str, references: list[str]) -> list[str]:
    spans = [(text.index(r), text.index(r) + len(r)) for r in references]
    return [c.text for c in clauses(Sentence(text, 0, len(text)), spans)]


def test_a_list_of_bracketed_references_is_one_clause_per_item():
    text = "States must criminalize illegal access (Article 7), illegal interception (Article 8) and misuse (Articles 9 and 10)."
    assert _clauses(text, ["Article 7", "Article 8", "Articles 9 and 10"]) == [
        "States must criminalize illegal access (Article 7)", "illegal interception (Article 8)",
        "and misuse (Articles 9 and 10)."]


def test_clauses_end_at_semicolons_and_before_a_new_clause_but_not_at_a_colon():
    assert _clauses("Article 16 covers images, and Article 15 covers grooming; see also Article 14.",
                    ["Article 16", "Article 15", "Article 14"]) == [
        "Article 16 covers images", "and Article 15 covers grooming", "see also Article 14."]
    assert len(_clauses("Article 13 deals with fraud: causing a loss of property.", ["Article 13"])) == 1
    # a reference is never split, even "Articles 7, 8, and 9"
    assert _clauses("Articles 7, 8, and 9 create offences.", ["Articles 7, 8, and 9"]) == [
        "Articles 7, 8, and 9 create offences."]


def test_references_named_in_passing():
    assert in_passing("an offence established in accordance with ")
    assert in_passing("the account referred to in ")
    assert not in_passing("Under ")


@pytest.mark.parametrize("sentence, force", [
    ("Article 15(3) requires States to extend the offence", MUST),
    ("States must criminalize attempts", MUST),
    ("Article 11(3) prohibits reservations", MUST_NOT),
    ("States may not refuse extradition", MUST_NOT),
    ("Under Article 34(2), States can choose whether to give compensation", MAY),
    ("Article 7(1) merely allows States to criminalize access", MAY),
    ("allows a State Party to reserve the right to apply", MAY),
    ("Each State Party may reserve the right not to apply paragraph 1", MAY_RESERVE),
    ("requires each State Party to endeavour to develop policies", MUST_ENDEAVOUR),
    ("calls on States Parties to consider entering into agreements", MUST_ENDEAVOUR),
    ("States must consider transferring proceedings", MUST_CONSIDER),
    ("encourages voluntary contributions to a UN account", MUST_ENDEAVOUR),
    ("States parties are not obliged to reproduce the terms", MAY),
    ("relieves States parties of any obligation to copy the terms", MAY),
    ("a preservation order can last up to 90 days", None),  # no one is permitted anything
    ("Article 2(h) defines serious crime", None),
])
def test_claim_force(sentence, force):
    assert claim_force(sentence) == force


@pytest.mark.parametrize("claim, provision, agrees", [
    (MUST, {MAY}, False),  # overstated
    (MUST, {MUST_CONSIDER}, False),  # "must" where the text says "shall consider"
    (MUST_NOT, {MAY_RESERVE}, False),  # "prohibits" where it says "may reserve the right"
    (MAY, {MUST}, False),  # understated
    (MUST_NOT, {MUST}, True),  # criminalizing conduct is prohibiting it
    (MAY, {MAY_RESERVE}, True),
    (MUST_ENDEAVOUR, {MUST_CONSIDER}, True),
    (MUST, {MAY, MUST}, True),  # one of the matching sentences obliges
    (None, {MUST}, True),
    (MUST, {STATES}, True),  # a definition has no force to disagree with
])
def test_force_agrees(claim, provision, agrees):
    assert force_agrees(claim, provision) is agrees


def test_a_power_given_to_authorities_permits_them_but_not_the_state():
    empowering = "Each State Party shall adopt such measures as may be necessary to empower its competent authorities to order"
    assert force_agrees(MAY, {MUST}, empowering, "Article 27 lets the authorities order a provider to hand over data")
    assert not force_agrees(MAY, {MUST}, empowering, "Article 27 merely permits States to create such an order")


def test_durations_are_compared_in_days_and_counts_of_states_with_counts_of_instruments():
    assert [(q.kind, q.value) for q in quantities("keep data for two years, up to 90 days")] == [
        ("duration", 730.0), ("duration", 90.0)]
    assert [(q.kind, q.value) for q in quantities("the ninetieth day after the fortieth instrument")] == [
        ("duration", 90.0), ("parties", 40.0)]
    assert [q.value for q in quantities("at least 60 States Parties")] == [60.0]
    assert quantities("24 hours a day, 7 days a week") == []  # a rate, not a duration


def test_dates_with_and_without_year_or_day():
    assert [(d.day, d.month, d.year) for d in dates("on 24 December 2024, in July 2024, 24 December, in 2025")] == [
        (24, "december", 2024), (None, "july", 2024), (24, "december", None), (None, None, 2025)]
    assert dates("States may act in March") == []  # a month name alone is no date


@pytest.mark.parametrize("claim, evidence, agree, disagree", [
    ("adopted in July 2024", "adopted by the General Assembly on 24 December 2024", [], ["July 2024"]),
    ("adopted in 2024", "adopted by the General Assembly on 24 December 2024", ["2024"], []),
    ("adopted in December 2024", "adopted by the General Assembly on 24 December 2024", ["December 2024"], []),
    ("keep data for two years", "up to a maximum of 90 days", [], ["two years"]),
    ("for at least 60 days", "for a period of not less than 60 days", ["60 days"], []),
    ("designates 31 December", "24 December should be designated", [], ["31 December"]),
    ("once 50 States have ratified it", "after the deposit of the fortieth instrument of ratification", [], ["50 States"]),
])
def test_compare_figures(claim, evidence, agree, disagree):
    figures = compare_figures(claim, [evidence])
    assert figures.agree == agree and [c for c, _ in figures.disagree] == disagree


def test_a_less_precise_date_neither_confirms_nor_contradicts():
    figures = compare_figures("open for signature until 31 December 2025", ["open for signature in Hanoi in 2025"])
    assert figures.agree == [] and figures.disagree == [] and figures.unstated == ["31 December 2025"]
