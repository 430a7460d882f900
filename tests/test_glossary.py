"""Everyday words mapped to the Convention's vocabulary. Pure."""

from __future__ import annotations

from assistant.glossary import LAY_TERMS, expand, word_forms


def test_inflected_forms_match():
    assert word_forms("logs") >= {"log"}
    assert word_forms("logged") >= {"log"}
    assert word_forms("wiped") >= {"wipe"}
    assert word_forms("hacking") >= {"hack"}
    assert expand("Someone logged into my account") == [LAY_TERMS["log into"]]
    assert expand("Is hacking a crime?") == [LAY_TERMS["hack"]]


def test_longer_terms_win_over_words_inside_them():
    found = expand("Can my phone company keep my messages?")
    assert LAY_TERMS["phone company"] in found and LAY_TERMS["keep my messages"] in found
    assert LAY_TERMS["company"] not in found  # "phone company" is a service provider, not a legal person


def test_unrelated_text_expands_to_nothing():
    assert expand("What is the capital of Australia?") == []
    assert expand("") == []
