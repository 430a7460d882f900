"""Everyday words mapped to the Convention's vocabulary: the matcher, on a small glossary of its own,
and the shipped glossary (corpus/glossary.yaml). Pure."""

from __future__ import annotations

import pytest

from assistant.glossary import (
    APPLIES_TO_EVERY_OFFENCE, CHILD, LAY_TERMS, OFFENCE, RULE_FOR_EVERY_OFFENCE_WORDS, Glossary, expand, focus,
    word_forms,
)
from assistant.knowledge import GLOSSARY_PATH, KnowledgeError, load_glossary

TERMS = Glossary({
    "log into": "access to an information and communications technology system",
    "hack": "illegal access",
    "company": "legal persons",
    "phone company": "service provider",
    "altering documents": "forgery, alteration of electronic data",
    "change the treaty": "amendment",
    "my citizen": "nationals, extradition",
    "ransomware": "interference with electronic data",
    "instigate": "instigator, participation",
    "confiscate": "confiscation, freezing",
})


def test_inflected_forms_match():
    assert word_forms("logs") >= {"log"}
    assert word_forms("logged") >= {"log"}
    assert word_forms("wiped") >= {"wipe"}
    assert word_forms("hacking") >= {"hack"}
    assert TERMS.expand("Someone logged into my account") == [TERMS.terms["log into"]]
    assert TERMS.expand("Is hacking a crime?") == [TERMS.terms["hack"]]


def test_longer_terms_win_over_words_inside_them():
    found = TERMS.expand("Can my phone company read my messages?")
    assert found == [TERMS.terms["phone company"]]  # a service provider, not a company as a legal person


def test_unrelated_text_expands_to_nothing():
    assert TERMS.expand("What is the capital of Australia?") == []
    assert TERMS.expand("") == []
    assert expand("What is the capital of Australia?") == []  # the shipped glossary too


def test_terms_match_across_a_word_and_in_passive_order():
    assert TERMS.terms["altering documents"] in TERMS.expand("Is altering digital documents to deceive a court an offence?")
    assert TERMS.terms["change the treaty"] in TERMS.expand("How can the treaty be changed?")


def test_words_spread_apart_do_not_make_a_term():
    assert TERMS.expand("Altering a log is one thing; stealing documents is another") == []


def test_a_possessive_that_carries_the_meaning_is_required():
    # "my citizen" is about extraditing one's own nationals; "its citizen abroad" is not
    assert TERMS.terms["my citizen"] not in TERMS.expand("Can my country prosecute a crime against its citizen abroad?")
    assert TERMS.terms["my citizen"] in TERMS.expand("Will you extradite my citizen?")


def test_an_offence_that_is_only_the_object_of_a_general_rule_is_not_expanded():
    # The question asks about taking part or confiscation; the ransomware is what it is about.
    for question in ("Is instigating someone to spread ransomware a crime?",
                     "Can a court confiscate a house bought with ransomware profits?",
                     "Is attempting to spread ransomware a crime even if it fails?"):  # the rule in its own words
        found = TERMS.expand(question)
        assert any(APPLIES_TO_EVERY_OFFENCE.search(e) for e in found) or RULE_FOR_EVERY_OFFENCE_WORDS.search(question)
        assert not any(OFFENCE.search(e) for e in found), (question, found)
    # Asked about on its own, the offence is expanded.
    assert TERMS.expand("Is spreading ransomware a crime?") == [TERMS.terms["ransomware"]]
    assert set(TERMS.expand("Is it a crime to hack a company?")) == {TERMS.terms["hack"], TERMS.terms["company"]}


def test_focus_keeps_expansions_that_name_both_an_offence_and_a_general_rule():
    both = "laundering of proceeds of crime, confiscation"
    assert focus([both, "illegal access"]) == [both]
    assert focus(["illegal access", "competent authorities"]) == ["illegal access", "competent authorities"]


def test_an_age_under_eighteen_makes_a_child():
    assert CHILD in TERMS.expand("Someone keeps messaging my 13-year-old")
    assert CHILD in TERMS.expand("a girl aged 12 was sent pictures")
    assert CHILD not in TERMS.expand("a 45-year-old man was hacked")
    assert CHILD not in TERMS.expand("the law is 18 years old")


def test_a_term_listed_twice_is_refused(tmp_path):
    # YAML would silently keep the second of two equal keys.
    path = tmp_path / "glossary.yaml"
    path.write_text('"hack": "illegal access"\n"hack": "interference"\n')
    with pytest.raises(KnowledgeError, match="listed twice"):
        load_glossary(path)
    assert load_glossary(GLOSSARY_PATH) == LAY_TERMS  # the shipped glossary loads


@pytest.mark.parametrize("content", ['"hack": ""\n', '"hack": [1, 2]\n', "- a list\n"])
def test_a_malformed_glossary_is_refused(tmp_path, content):
    path = tmp_path / "glossary.yaml"
    path.write_text(content)
    with pytest.raises(KnowledgeError):
        load_glossary(path)


def test_matching_is_linear_in_the_question_length():
    # 1,000 one-letter words once cost 13 s (a window list rebuilt for every start position, for every
    # term). Counted in steps, not seconds: the matcher's work for 1,000 words stays within 20x of 50.
    import cProfile
    import pstats

    def calls(question: str) -> int:
        profile = cProfile.Profile()
        profile.runcall(expand, question)
        return pstats.Stats(profile).total_calls

    short, long = calls("x " * 50), calls("x " * 1000)
    assert long < 20 * short
    repeated = "phone company keep my messages " * 60
    assert calls(repeated) < 20 * calls("phone company keep my messages " * 3)


def test_the_shipped_glossary_keeps_words_no_provision_entry_uses():
    # Measured entries that still win questions, and jargon the plain-language layer does not carry.
    for term in ("revenge porn", "spoofing", "deepfake", "police"):
        assert term in LAY_TERMS, term
    assert "company" not in LAY_TERMS  # removed: it won no question once provisions had their own words
