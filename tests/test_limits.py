"""Limits that keep one request from stalling the service: the history read, and the settings behind them."""

from __future__ import annotations

import pytest

from assistant.chain import clean_history
from assistant.config import Settings, load_settings


def test_history_reads_only_the_last_turns():
    pairs = clean_history([[f"q{i}", f"a{i}"] for i in range(100_000)], max_turns=3)
    assert pairs == [("q99997", "a99997"), ("q99998", "a99998"), ("q99999", "a99999")]


def test_history_reads_only_the_start_of_each_turn():
    question = "What does Article 24 say? " + "x" * 5_000_000
    pairs = clean_history([[question, "y" * 20_000_000]], max_chars=4000)
    assert pairs == [(question[:4000], "y" * 4000)]
    messages = [{"role": "user", "content": [{"type": "text", "text": question}]},
                {"role": "assistant", "content": "y" * 20_000_000}]
    assert clean_history(messages, max_chars=4000) == [(question[:4000], "y" * 4000)]


@pytest.mark.parametrize(
    "history",
    [
        5, "text", None, {"role": "user"}, [5], [None, [1]], [["a", "b", "c"]],
        [{"role": "user", "content": [{"type": "text", "text": 5}]}, {"role": "assistant", "content": 7}],
        [{"role": "user", "content": [5, {"text": None}, {"text": ["x"]}]}, {"role": "assistant", "content": None}],
        [{"role": 5, "content": {}}, {}],
    ],
)
def test_history_of_any_shape_reads_as_text_pairs(history):
    pairs = clean_history(history)
    assert all(isinstance(q, str) and isinstance(a, str) for q, a in pairs)


def test_defaults_bound_the_history():
    defaults = load_settings({})
    assert defaults.max_history_turns == 10 and defaults.max_turn_chars == 4000
    assert len(clean_history([["q" * 10**6, "a" * 10**6]] * 50)) == 10
    assert {len(q) for q, _ in clean_history([["q" * 10**6, "a"]])} == {Settings.max_turn_chars}


@pytest.mark.parametrize("name", ["TREATYQA_MAX_BODY_BYTES", "TREATYQA_MAX_HISTORY_TURNS", "TREATYQA_CHROMA_TIMEOUT"])
@pytest.mark.parametrize("value", ["abc", "0", "-5"])
def test_a_bad_limit_is_refused_by_name(name, value):
    with pytest.raises(ValueError, match=name):
        load_settings({name: value})


def test_a_follow_up_after_a_huge_turn_is_answered(assistant):
    history = [["What does Article 24 say? " + "pad " * 1_250_000, "Article 24 (Conditions and safeguards) " * 10**5]]
    answer = assistant.ask("what about paragraph 3?", history)
    assert [c.label for c in answer.citations] == ["Article 24(3)"]
