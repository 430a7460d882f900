"""Tokens for BM25 and quoting. Pure."""

from __future__ import annotations

import pytest

from assistant.text import asking_sentence, question_sentences, sentences, tokenize


@pytest.mark.parametrize(
    "words",
    [
        "intercepting interception intercepted",
        "extradite extradition extradited",
        "prosecute prosecution prosecuting",
        "confiscate confiscation confiscated",
        "criminalise criminalize criminalization",  # British and American spellings meet
        "preserve preservation preserved",
    ],
)
def test_forms_of_a_word_share_one_token(words):
    assert len(set(tokenize(words))) == 1


def test_proceeds_of_crime_and_criminal_proceedings_stay_apart():
    # The stemmer would read both as "proceed"; a question about criminal money is not about a trial.
    proceeds, proceedings = tokenize("proceeds proceedings")
    assert proceeds != proceedings
    assert tokenize("proceedings") == tokenize("proceeding")
    assert tokenize("criminality") != tokenize("criminal")


def test_stopwords_and_single_letters_are_dropped_but_numbers_kept():
    assert tokenize("What does the Convention say about a 24/7 network?") == ["24/7", "network"]


def test_paragraph_numbers_stay_with_their_sentence():
    assert sentences("1. Each State Party shall act.\n(a) Quickly; and") == ["1. Each State Party shall act.", "(a) Quickly; and"]


def test_very_long_tokens_are_kept_as_they_are_and_never_cached():
    from assistant.text import stem

    long_number, long_word = "9" * 5000, "interceptions" * 10
    stem.cache_clear()
    tokens = tokenize(f"{long_number} {long_word} interceptions")
    assert tokens == [long_number, long_word, "intercept"]
    assert stem.cache_info().currsize == 1  # "interceptions" only


def test_the_asking_sentence_is_a_storys_last_question():
    story = "My ex kept the flat in Leeds. He read my mail. Is that a crime? I hope so."
    assert asking_sentence(story) == "Is that a crime?"
    assert asking_sentence("  Tell me about Article 7.  ") == "Tell me about Article 7."  # no question: all of it
    assert asking_sentence("Is it legal? And can they keep my data?") == "And can they keep my data?"


def test_a_questions_sentences_end_at_full_stops_question_and_exclamation_marks():
    assert question_sentences("A blog says it was adopted in July 2024. Is that right?!  ") == [
        "A blog says it was adopted in July 2024.", "Is that right?!"]
    assert question_sentences("   ") == []
