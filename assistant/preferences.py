"""What kind of question it is, and which provisions that kind prefers.

Similarity alone ranks a passage that shares a question's words above the one that answers it: "Can a
country prosecute its own citizen for hacking abroad?" matches the extradition article's "submit the case
for prosecution" as closely as the jurisdiction article. Each `Preference` recognises one kind of
question by its form and reweights the passages of the provisions that kind of question is (or is not)
about. All pure; each is switched by a `Features` flag of the same name, so evaluation shows its worth.

Only rules that still win questions written after them stay: once the plain-language layer described
every provision, sixteen earlier rules were measured on fresh questions (batches d1, u1 and u2) and
removed because switching each off lost none of them (several then won more), and three more (who may
prosecute, confiscating against disposal, a company's liability) once batch d3 confirmed it; the README
lists them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.models import Passage

# A child, in any of the words people use (an age under 18 included).
CHILD_WORDS = re.compile(
    r"\b(?:child|children|kids?|minors?|teen\w*|(?:1[0-7]|[1-9])[- ](?:years?|yrs?)[- ]old|aged (?:1[0-7]|[1-9])|"
    r"under(?:age| 18)|boy|girl|schoolchildren|pupils?)\b",
    re.I,
)


# "Is chatting with a 14-year-old online to arrange a meeting for sex covered?": contacting a child to
# meet is solicitation or grooming (Article 15), not the abuse-material offence that shares "child".
MEETING = re.compile(r"\b(?:meet\w*|arrang\w*|set(?:ting)? up|date|dates|in person|lur\w*)\b", re.I)


def asks_about_meeting_a_child(question: str) -> bool:
    return bool(CHILD_WORDS.search(question) and MEETING.search(question))


# Watching communications as they happen is Article 29 when only who, when and where is collected
# (traffic data) and Article 30 when what is said is (content): the two share every other word.
LIVE = re.compile(
    r"\b(?:real[- ]time|as (?:it|they) happens?|live|while (?:\w+ ){0,4}(?:sent|talking|speaking|typing|happening|on)|"
    r"being (?:sent|made|transmitted)|at the moment|as (?:\w+ ){0,2}(?:sent|made|transmitted))\b",
    re.I,
)
TRAFFIC_ONLY = re.compile(
    r"\b(?:without (?:reading|listening|hearing|seeing)|not (?:the )?(?:content|what)|metadata|traffic data|"
    r"who (?:\w+ ){0,3}(?:messag|call|contact|email|talk|connect)\w*|which (?:addresses|websites|sites|numbers|servers)|"
    r"(?:ip )?addresses|numbers? (?:dialled|dialed|called)|locations?)\b",
    re.I,
)
CONTENT = re.compile(
    r"\b(?:what (?:\w+ ){0,2}(?:says?|said|writes?|wrote|types?|typed|talks? about)|listen\w*|read\w*|contents?|"
    r"conversations?|wiretap\w*|eavesdrop\w*|record\w* (?:\w+ ){0,2}(?:calls?|conversations?))\b",
    re.I,
)


def watches_content_live(question: str) -> bool:
    return bool(LIVE.search(question) and CONTENT.search(question)) and not TRAFFIC_ONLY.search(question)


def watches_traffic_live(question: str) -> bool:
    return bool(LIVE.search(question) and TRAFFIC_ONLY.search(question))


def titled(prefix: str) -> Callable[[Passage], bool]:
    """Passages of the treaty article whose title starts with `prefix`."""
    return lambda passage: passage.doc_kind == "treaty" and (passage.article_title or "").startswith(prefix)


@dataclass(frozen=True)
class Preference:
    feature: str  # the `Features` switch that turns it on or off
    applies: Callable[[str], bool]  # to which questions
    reweights: Callable[[Passage], bool]  # which passages
    weight: float  # above 1 to prefer them, below 1 to rank them lower


PREFERENCES = (
    Preference("grooming", asks_about_meeting_a_child, titled("Solicitation or grooming"), 1.2),
    Preference("real_time", watches_content_live, titled("Interception of content data"), 1.2),
    Preference("real_time", watches_traffic_live, titled("Real-time collection of traffic data"), 1.2),
)


def preference_weight(passage: Passage, preferences: list[Preference]) -> float:
    """The product of the weights of the preferences (already known to apply) that reweight `passage`."""
    return math.prod(p.weight for p in preferences if p.reweights(passage))
