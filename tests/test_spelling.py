"""Typo correction towards the words of the documents and their plain-language layer. Pure (pyspellchecker's
word list)."""

from __future__ import annotations

import pytest

from assistant.spelling import Correction, Speller, american, same_sense, vocabulary, word_forms

DOMAIN = vocabulary([
    "laundering of proceeds of crime", "extradite", "phishing", "revenge porn", "article", "botnet",
    "liable", "preserve", "illegal", "legal", "unlawful", "lawful", "interception",
])


def test_inflected_forms_meet_their_base_word():
    assert word_forms("logs") >= {"log"}
    assert word_forms("logged") >= {"log"}
    assert word_forms("wiped") >= {"wipe"}
    assert word_forms("hacking") >= {"hack"}
    assert word_forms("botnets") >= {"botnet"}
    assert "hack" not in word_forms("hacker")


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(DOMAIN)


@pytest.mark.parametrize("typed, read_as", [
    ("What about money laundring?", "What about money laundering?"),
    ("Can my country extradte me?", "Can my country extradite me?"),
    ("Is phising covered?", "Is phishing covered?"),  # not "phasing": the documents' word wins
    ("Is revenge pron a crime?", "Is revenge porn a crime?"),
    ("What does artcle 24 say?", "What does article 24 say?"),
    ("Artcle 24", "Article 24"),
])
def test_typos_are_read_as_the_documents_words(speller, typed, read_as):
    assert speller.correct(typed)[0] == read_as


def test_what_was_corrected_is_reported(speller):
    assert speller.correct("Is phising or laundring covered?")[1] == [
        Correction("phising", "phishing"), Correction("laundring", "laundering")]


@pytest.mark.parametrize("text", [
    "My boss read my Instagram messages",  # English words and names stay
    "Someone broke into the admin panel over fibre",  # unknown, but no document word is one edit away
    "Are botnets covered?",  # a form of a word the layer uses
    "Is the organisation liable?",  # a British spelling, not a typo
    "Is a bnet a crime?",  # too short to correct safely
])
def test_words_that_are_not_typos_are_left_alone(speller, text):
    assert speller.correct(text) == (text, [])


def test_british_spellings_have_american_forms():
    assert american("organisation") == "organization"
    assert american("criminalised") == "criminalized"
    assert american("behaviour") == "behavior"


@pytest.mark.parametrize("typed, read_as", [
    ("is revenge pron ilegal", "is revenge porn illegal"),  # never "legal": the negation stays
    ("is it unlawfl", "is it unlawful"),
    ("is it nlawful", "is it nlawful"),  # "lawful" or "unlawful"? opposites: left as typed
    ("is it lawfl", "is it lawful"),
])
def test_a_correction_never_drops_a_negation_or_turns_a_word_into_its_opposite(speller, typed, read_as):
    assert speller.correct(typed)[0] == read_as


@pytest.mark.parametrize("typed, candidates, kept", [
    ("ilegal", ["illegal", "legal"], ["illegal"]),
    ("nlawful", ["lawful", "unlawful"], []),
    ("lawfull", ["lawful"], ["lawful"]),
    ("intercepton", ["interception"], ["interception"]),
])
def test_same_sense_keeps_only_candidates_of_the_typed_words_polarity(typed, candidates, kept):
    assert same_sense(typed, candidates) == kept
