"""The checker's core on a handful of real provisions, with a word-overlap ranking standing in for the
retrieval (no model): every verdict, claims without a reference, and the rules each verdict rests on."""

from __future__ import annotations

import pytest

from assistant.check import (
    MAX_CHECK_CHARS, NONEXISTENT, NOT_SUPPORTED, SUPPORTED, UNCLEAR, CheckInputError, Checker, Lookup, Signals,
    TextTooLong, decide, look_up, paragraph_text, validate, verbatim,
)
from assistant.check_text import Figures
from assistant.models import Passage
from assistant.retrieve import Hit, TreatyIndex
from assistant.text import tokenize


def treaty(label: str, article: int, title: str, text: str, paragraph: str | None = None, sub: str | None = None,
           order: int = 0) -> Passage:
    return Passage(id=label, doc_id="convention", doc_kind="treaty", doc_title="Convention", label=label, text=text,
                   chapter="II", chapter_title="Criminalization", article=article, article_title=title,
                   paragraph=paragraph, subparagraph=sub, order=order)


PASSAGES = [
    treaty("Article 7(1)", 7, "Illegal access", "1. Each State Party shall adopt such legislative and other measures as "
           "may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, "
           "the access to the whole or any part of an information and communications technology system without right.",
           "1", order=1),
    treaty("Article 7(2)", 7, "Illegal access", "2. A State Party may require that the offence be committed by "
           "infringing security measures.", "2", order=2),
    treaty("Article 15(1)", 15, "Solicitation or grooming for the purpose of committing a sexual offence against a child",
           "1. Each State Party shall adopt such legislative and other measures as may be necessary to establish as "
           "criminal offences under its domestic law the act of intentionally communicating, soliciting, grooming, or "
           "making any arrangement through an information and communications technology system for the purpose of "
           "committing a sexual offence against a child.", "1", order=3),
    treaty("Article 15(3)", 15, "Solicitation or grooming for the purpose of committing a sexual offence against a child",
           "3. A State Party may consider extending criminalization in accordance with paragraph 1 of this article in "
           "relation to a person believed to be a child.", "3", order=4),
    treaty("Article 16(1)", 16, "Non-consensual dissemination of intimate images", "1. Each State Party shall adopt "
           "such legislative and other measures as may be necessary to establish as criminal offences the selling, "
           "distributing or publishing of an intimate image of a person without the consent of the person depicted.",
           "1", order=5),
    treaty("Article 25(2)", 25, "Expedited preservation of stored electronic data", "2. The State Party shall oblige "
           "that person to preserve and maintain the integrity of those electronic data for a period of time as long "
           "as necessary, up to a maximum of 90 days. A State Party may provide for such an order to be subsequently "
           "renewed.", "2", order=6),
    Passage(id="res", doc_id="resolution", doc_kind="resolution", doc_title="General Assembly resolution 79/243",
            label="Resolution 79/243", text="Resolution adopted by the General Assembly on 24 December 2024", order=7),
    Passage(id="res2", doc_id="resolution", doc_kind="resolution", doc_title="General Assembly resolution 79/243",
            label="Resolution 79/243, para. 2", paragraph="2", order=8,
            text="2. Adopts the United Nations Convention against Cybercrime and opens it for signature in Hanoi in 2025"),
]


def overlap_ranking(sentence: str) -> list[Hit]:
    """Passages by the share of the sentence's words they use: a stand-in for the retrieval."""
    words = set(tokenize(sentence))
    scored = []
    for p in PASSAGES:
        theirs = set(tokenize(f"{p.text} {p.article_title or ''}"))
        share = len(words & theirs) / max(len(words), 1)
        scored.append(Hit(p, share, share, "search"))
    return sorted(scored, key=lambda h: -h.score)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(TreatyIndex(PASSAGES), overlap_ranking)


def only(report, text: str):
    [checked] = [c for c in report.references if c.text == text]
    return checked


def test_a_right_reference_is_supported(checker):
    report = checker.check("Article 7 requires States to criminalize intentional access to a system without right.")
    checked = only(report, "Article 7")
    assert checked.verdict == SUPPORTED and checked.exists and checked.suggestions == []
    assert checked.provision.label == "Article 7" and checked.provision.title == "Illegal access"
    assert checked.provision.quote.startswith("1. Each State Party") and "2. A State Party may" in checked.provision.quote


def test_a_wrong_article_is_not_supported_and_the_right_one_suggested(checker):
    checked = only(checker.check("Article 16 criminalizes grooming a child for a sexual offence."), "Article 16")
    assert checked.verdict == NOT_SUPPORTED
    assert checked.suggestions[0].label == "Article 15(1)" and checked.suggestions[0].quote.startswith("1. Each")
    assert "Article 15(1)" in checked.reason


def test_a_wrong_paragraph_is_not_supported(checker):
    checked = only(checker.check("Article 7(2) requires the criminalization of access to a system without right."),
                   "Article 7(2)")
    assert checked.verdict == NOT_SUPPORTED and checked.suggestions[0].label == "Article 7(1)"


def test_an_overstated_force_is_unclear(checker):
    checked = only(checker.check("Article 15(3) requires States to extend criminalization to a person believed to be a child."),
                   "Article 15(3)")
    assert checked.verdict == UNCLEAR and "must" in checked.reason and "may" in checked.reason


def test_a_figure_the_provision_states_otherwise_is_not_supported(checker):
    checked = only(checker.check("Article 25(2) lets providers preserve data for up to 60 days."), "Article 25(2)")
    assert checked.verdict == NOT_SUPPORTED and "60 days" in checked.reason and "90 days" in checked.reason
    assert checked.suggestions[0].label == "Article 25(2)"  # the provision itself, with its own figure


def test_a_provision_that_does_not_exist(checker):
    checked = only(checker.check("Article 25(4) limits preservation to 90 days."), "Article 25(4)")
    assert checked.verdict == NONEXISTENT and not checked.exists and checked.provision is None
    assert "no paragraph 4" in checked.reason and checked.suggestions[0].label == "Article 25(2)"
    assert only(checker.check("Article 99 covers access."), "Article 99").verdict == NONEXISTENT


def test_claims_without_a_reference_are_checked_against_the_primary_text(checker):
    report = checker.check("The General Assembly adopted the Convention in July 2024. "
                           "The General Assembly adopted the Convention on 24 December 2024.")
    wrong, right = report.claims
    assert wrong.verdict == NOT_SUPPORTED and "24 December 2024" in wrong.reason
    assert wrong.provision.label == "Resolution 79/243" and wrong.suggestions[0].label == "Resolution 79/243"
    assert right.verdict == SUPPORTED
    assert report.references == []


def test_another_treaty_is_reported_and_not_checked(checker):
    report = checker.check("Article 32(b) of the Budapest Convention allows access with consent.")
    assert report.references == [] and report.claims == []
    [other] = report.other_instruments
    assert other.text == "Article 32(b)" and other.instrument == "Budapest Convention"


def test_a_reference_named_in_passing_is_not_judged_on_the_sentence(checker):
    report = checker.check("Article 15(1) requires States to criminalize grooming, an offence in accordance with "
                           "Article 16.")
    assert only(report, "Article 16").verdict == SUPPORTED and "in passing" in only(report, "Article 16").reason


def test_spans_point_at_the_reference_as_written(checker):
    text = "As before, Art 7.1 requires States to criminalize access without right."
    checked = only(checker.check(text), "Art 7.1")
    assert text[checked.start:checked.end] == "Art 7.1" and checked.label == "Article 7(1)"
    assert checked.article == 7 and checked.paragraph == "1"


@pytest.mark.parametrize("signals, verdict", [
    (dict(), SUPPORTED),
    (dict(has_claim=False, rank=None, wording=0.0), SUPPORTED),  # nothing claimed: nothing to contradict
    (dict(rank=5, wording=0.2), NOT_SUPPORTED),  # neither among the best matches nor sharing the wording
    (dict(rank=5, wording=0.8), SUPPORTED),  # its own words
    (dict(figures=Figures([], [("60 days", ["90 days"])], [])), NOT_SUPPORTED),
    (dict(figures=Figures([], [], ["60 days"])), NOT_SUPPORTED),
    (dict(better=PASSAGES[0]), NOT_SUPPORTED),
    (dict(better=PASSAGES[0], figures=Figures(["90 days"], [], [])), SUPPORTED),  # its figures outweigh a rival
    (dict(force_agrees=False), UNCLEAR),
])
def test_decide(signals, verdict):
    base = dict(has_claim=True, rank=0, allowed_rank=3, wording=0.5, figures=Figures([], [], []), better=None,
                force_agrees=True)
    assert decide(Signals(**{**base, **signals})) == verdict


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(CheckInputError, match="empty"):
        validate("  \n ")
    with pytest.raises(CheckInputError, match="string"):
        validate(42)
    with pytest.raises(TextTooLong, match=f"at most {MAX_CHECK_CHARS:,}"):
        validate("x" * (MAX_CHECK_CHARS + 1))
    assert validate("Article 7.") == "Article 7."


def test_labels_and_verbatim_text():
    assert paragraph_text("1", "c") == "1(c)" and paragraph_text(None, "h") == "h"
    assert paragraph_text("1", "b", "ii") == "1(b)(ii)" and paragraph_text(None, None) is None
    chapeau = "1. Each State Party shall establish:"
    split = [treaty("a", 1, "t", f"{chapeau}\n(a) one;", order=1), treaty("b", 1, "t", f"{chapeau}\n(b) two.", order=2)]
    assert verbatim(split) == f"{chapeau}\n(a) one;\n(b) two."


def test_look_up_reads_any_spelling(checker):
    found = look_up(checker.index, "Art. 7 para 1")
    assert isinstance(found, Lookup) and found.label == "Article 7(1)" and found.title == "Illegal access"
    assert look_up(checker.index, "resolution 79/243, paragraph 2").label == "Resolution 79/243, para. 2"
    assert "no Article 99" in look_up(checker.index, "Article 99")
    assert "Budapest" in look_up(checker.index, "Article 32(b) of the Budapest Convention")
    assert "names no provision" in look_up(checker.index, "hello")
