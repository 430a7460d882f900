"""Pure retrieval rules: what a question asks for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.models import Passage
from assistant.retrieve import (
    ASKS_FOR_COMMENTARY, Hit, TreatyIndex, answer_first_within_label, asks_what_commentators_say, commentary_first,
    dated_first, refers_to, wanted_answer, words_beside_answer,
)
from assistant.references import parse_references
from assistant.text import tokenize


def treaty(article: int, text: str = "") -> Passage:
    return Passage(id=f"a{article}", doc_id="c", doc_kind="treaty", doc_title="C", label=f"Article {article}",
                   text=text, article=article)


@pytest.mark.parametrize(
    "question, text, boosted",
    [
        ("How many ratifications are needed?", "1. It enters into force after the fortieth instrument of ratification.", True),
        ("How many ratifications are needed?", "3. This Convention is subject to ratification.", False),  # "3." numbers a paragraph
        ("How long must data be preserved?", "Data shall be preserved for up to ninety days.", True),
        ("When was the Convention adopted?", "Adopted by the General Assembly on 24 December 2024.", True),
        ("When was the Convention adopted?", "The Convention was adopted after long talks.", False),
        ("What is illegal access?", "Within ninety days of the fortieth ratification.", False),  # asks for no number
        ("Is there a time limit for prosecutions?", "A contact point open 24 hours a day, 7 days a week, for prosecutions.", False),  # a rate, not a limit
    ],
)
def test_questions_for_a_date_duration_or_count_prefer_passages_that_give_one(question, text, boosted):
    answer = wanted_answer(question)
    assert (answer is not None and words_beside_answer(answer, set(tokenize(question)), treaty(1, text)) > 0) is boosted


def test_a_date_to_check_prefers_the_date_beside_the_claims_own_words():
    claim = "A blog says the General Assembly adopted the Convention in July 2024. Is that right?"
    assert wanted_answer(claim) is not None  # a stated date is checked against a date
    words = set(tokenize(wanted_answer(claim).sub(" ", claim)))  # as the search reads it: without the date
    masthead = treaty(1, "United Nations General Assembly Distr.: General 31 December 2024")
    adoption = treaty(2, "Resolution adopted by the General Assembly on 24 December 2024")
    # "2024" is part of every date, so it ties nothing; "adopted" does.
    assert words_beside_answer(wanted_answer(claim), words, adoption) > words_beside_answer(
        wanted_answer(claim), words, masthead) > 0
    # Only the clause of the date counts: this sentence adopts, but its date is for signature.
    signature = treaty(3, "Adopts the Convention, and opens it for signature until 31 December 2026")
    assert words_beside_answer(wanted_answer(claim), words, signature) == 0


def test_the_passage_dated_as_asked_leads_the_passages_of_its_label_and_nothing_else_moves():
    masthead, other, adoption = (
        replace(treaty(1, "Distr.: General 31 December 2024"), label="Resolution 79/243"),
        treaty(2, "Adopted by the General Assembly on 24 December 2024."),  # another label: not moved
        replace(treaty(3, "Adopted by the General Assembly on 24 December 2024."), label="Resolution 79/243"),
    )
    hits = [Hit(p, 1.0 - i / 10, 0.5, "search") for i, p in enumerate((masthead, other, adoption))]
    claim = "When was the resolution adopted?"
    ordered = answer_first_within_label(
        hits, lambda p: words_beside_answer(wanted_answer(claim), set(tokenize("adopted")), p))
    assert [h.passage for h in ordered] == [adoption, other, masthead]


def test_a_when_question_puts_first_the_passage_that_dates_what_it_asks_about():
    signature = treaty(64, "1. This Convention shall be open for signature until 31 December 2026.")
    entry = treaty(65, "1. This Convention shall enter into force on the ninetieth day.")
    adoption = replace(treaty(0, "Resolution adopted by the General Assembly on 24 December 2024"),
                       label="Resolution 79/243")
    hits = [Hit(p, 1.0 - i / 10, 0.5, "search") for i, p in enumerate((signature, entry, adoption))]
    question = "When was the Convention adopted?"
    beside = lambda p: words_beside_answer(wanted_answer(question), set(tokenize("adopted")), p)  # noqa: E731
    assert [h.passage for h in dated_first(hits, beside)] == [adoption, signature, entry]
    assert dated_first(hits, beside, lookahead=2) == hits  # only the next few are looked at
    dated = [hits[2], hits[0], hits[1]]
    assert dated_first(dated, beside) == dated  # the best already dates it: nothing moves
    signed = lambda p: words_beside_answer(wanted_answer(question), set(tokenize("signature")), p)  # noqa: E731
    assert dated_first(hits, signed) == hits


@pytest.mark.parametrize(
    "question, asks",
    [
        ("What do experts say about the treaty?", True),
        ("What have critics said about the Convention?", True),
        ("What does the news commentary report?", True),
        ("Can experts who give evidence in trials get protection?", False),  # experts as witnesses
        ("Is hacking a crime?", False),
        # the same words in another sense
        ("Does this treaty make it a crime to criticise the government online?", False),
        ("Is a social media company a service provider?", False),
        ("Can a country refuse if the person is targeted for his political opinions?", False),
        ("Can an informant who reported hackers get a new identity?", False),
        ("What criticism has the treaty received?", True),
    ],
)
def test_questions_asking_what_commentators_say_are_recognised(question, asks):
    assert bool(ASKS_FOR_COMMENTARY.search(question)) is asks


@pytest.mark.parametrize("question, asks", [
    ("What do critics say about the surveillance powers?", True),
    ("I read a blog about the treaty. What do experts say about its safeguards?", True),
    # only the sentence that asks counts, not a story's mention of the press
    ("A press freedom group warned me about this treaty. Does it protect freedom of expression?", False),
    ("A blog says the Convention was adopted in July 2024. Is that right?", False),  # the text settles it
])
def test_what_a_question_asks_of_the_commentary_is_read_from_its_asking_sentence(question, asks):
    assert asks_what_commentators_say(question) is asks


def test_only_distinctive_words_tie_a_date_or_duration_to_the_question():
    passages = [treaty(n, f"{n}. Crime text number {n}.") for n in range(1, 31)]
    passages.append(treaty(31, "1. A long statute of limitations period applies to crime."))
    index = TreatyIndex(passages)
    words = set(tokenize("crime limitation statute"))
    assert index.distinctive(words) == set(tokenize("limitation statute"))


class WordCountEmbeddings:
    """A fake model (no real one is needed to test how a follow-up's vector is made): one dimension per
    word it knows, normalised."""

    WORDS = ["police", "data", "abroad", "keep"]

    def embed_query(self, text: str) -> list[float]:
        import numpy as np

        counts = np.array([text.lower().split().count(w) for w in self.WORDS], dtype=float) + 1e-9
        return list(counts / np.linalg.norm(counts))


def test_a_follow_up_searches_with_its_own_words_as_much_as_the_conversations():
    import numpy as np

    from assistant.dense import DenseIndex
    from assistant.retrieve import Features, Retriever

    index = TreatyIndex([treaty(1, "1. Police may keep data.")])
    retriever = Retriever(index, DenseIndex.build([], []), WordCountEmbeddings(), Features())
    alone = np.array(retriever.query_vector("abroad"))
    conversation = np.array(WordCountEmbeddings().embed_query("abroad police keep data"))
    followup = np.array(retriever.query_vector("abroad", context_text="police keep data"))
    expected = (alone + conversation) / np.linalg.norm(alone + conversation)
    assert np.allclose(followup, expected)
    assert followup[2] > conversation[2]  # "abroad", the follow-up's own word, weighs more than in the joined text
    assert np.allclose(retriever.query_vector("abroad"), alone)  # without a conversation: the question alone


def test_a_question_for_what_commentators_say_puts_the_best_commentary_passage_first():
    comment = Passage(id="n5", doc_id="news", doc_kind="commentary", doc_title="News", label="Commentary ¶5",
                      text="Critics argue the safeguards may not go far enough.")
    hits = [Hit(treaty(67), 0.9, 0.5, "search"), Hit(treaty(6), 0.8, 0.4, "search"), Hit(comment, 0.7, 0.3, "search")]
    assert [h.passage.label for h in commentary_first(hits)] == ["Commentary ¶5", "Article 67", "Article 6"]
    assert commentary_first(hits, lookahead=2) == hits  # only the first few are looked at
    assert commentary_first(hits[:2]) == hits[:2]  # no commentary: nothing moves


@pytest.mark.parametrize("named, article, text, refers", [
    ("article 40, paragraph 21", 40, "28. Before refusing a request pursuant to paragraph 21 of this article ...", True),
    ("article 40, paragraph 21", 42, "6. ... only on the basis of the grounds contained in article 40, paragraph 21 (b)", True),
    ("article 40", 50, "3. The provisions of article 40 of this Convention are applicable, mutatis mutandis", True),
    ("article 40, paragraph 21", 40, "23. Reasons shall be given for any refusal of mutual legal assistance.", False),
    ("article 40, paragraph 21", 40, "27. ... on the ground that it interferes with an ongoing investigation (paragraph 22)", False),
    ("article 40, paragraph 21", 37, "17. Before refusing extradition, the requested State Party shall consult", False),
])
def test_a_passage_refers_to_a_named_provision_only_when_its_text_names_it(named, article, text, refers):
    assert refers_to(treaty(article, text), parse_references(named)) is refers
