"""Kinds of question and the provisions each prefers. Pure."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from assistant.preferences import (
    PREFERENCES, asks_about_meeting_a_child, preference_weight, watches_content_live, watches_traffic_live,
)


def article(number: int, title: str, chapter: str = "", doc_kind: str = "treaty") -> Passage:
    return Passage(id=f"a{number}", doc_id="c", doc_kind=doc_kind, doc_title="C", label=f"Article {number}", text="",
                   article=number, article_title=title, chapter=chapter)


OFFENCE = article(7, "Illegal access", "II")
POWER = article(28, "Search and seizure of stored electronic data", "IV")
SAFEGUARDS = article(24, "Conditions and safeguards", "IV")
CHILD_MATERIAL = article(14, "Offences related to online child sexual abuse or child sexual exploitation material", "II")
GROOMING = article(15, "Solicitation or grooming for the purpose of committing a sexual offence against a child", "II")
LIVE_TRAFFIC = article(29, "Real-time collection of traffic data", "IV")
LIVE_CONTENT = article(30, "Interception of content data", "IV")


@pytest.mark.parametrize(
    "recognises, question, expected",
    [
        (asks_about_meeting_a_child, "Is chatting with a 14-year-old online to arrange a meeting for sex covered?", True),
        (asks_about_meeting_a_child, "What if an adult pretends to be a teenager online to lure a child?", True),
        (asks_about_meeting_a_child, "Is possessing sexual images of a 15-year-old an offence?", False),  # Article 14
        (asks_about_meeting_a_child, "Can countries meet to review the convention?", False),  # no child
        (watches_content_live, "Can police listen to calls on an encrypted app in real time?", True),
        (watches_content_live, "Can investigators read my emails while they are being sent?", True),
        (watches_content_live, "Can police watch who a suspect is messaging in real time without reading the messages?", False),
        (watches_content_live, "Can police read my old emails stored on my laptop?", False),  # stored, not live
        (watches_traffic_live, "Can police watch who a suspect is messaging in real time without reading the messages?", True),
        (watches_traffic_live, "Can the authorities collect my phone metadata in real time?", True),
        (watches_traffic_live, "Can police listen to calls on an encrypted app in real time?", False),
        (watches_traffic_live, "Who keeps the metadata of my calls?", False),  # not live
    ],
)
def test_each_kind_of_question_is_recognised_by_its_form(recognises, question, expected):
    assert recognises(question) is expected

@pytest.mark.parametrize(
    "question, raised, lowered, untouched",
    [
        ("What about messaging a 13-year-old to arrange a meeting?", [GROOMING], [], [CHILD_MATERIAL]),
        ("Can the police record what I say on a messaging app in real time?", [LIVE_CONTENT], [], [LIVE_TRAFFIC, POWER]),
        ("Can police see in real time who I am messaging?", [LIVE_TRAFFIC], [], [LIVE_CONTENT, POWER]),
        ("Can police read my emails?", [], [], [POWER, OFFENCE, SAFEGUARDS]),
    ],
)
def test_each_kind_of_question_reweights_only_its_provisions(question, raised, lowered, untouched):
    applying = [p for p in PREFERENCES if p.applies(question)]
    for passage in raised:
        assert preference_weight(passage, applying) > 1.0, passage.label
    for passage in lowered:
        assert preference_weight(passage, applying) < 1.0, passage.label
    for passage in untouched:
        assert preference_weight(passage, applying) == 1.0, passage.label


def test_commentary_is_never_reweighted_as_if_it_were_the_article():
    commentary = article(15, GROOMING.article_title, "II", doc_kind="commentary")
    assert preference_weight(commentary, list(PREFERENCES)) == 1.0


def test_every_preference_has_a_feature_switch():
    from assistant.retrieve import Features
    assert {p.feature for p in PREFERENCES} <= set(Features.__dataclass_fields__)
