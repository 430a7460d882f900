"""What kind of question it is, and which provisions that kind prefers.

Similarity alone ranks a passage that shares a question's words above the one that answers it: "Can a
country prosecute its own citizen for hacking abroad?" matches the extradition article's "submit the case
for prosecution" as closely as the jurisdiction article. Each `Preference` recognises one kind of
question by its form and reweights the passages of the provisions that kind of question is (or is not)
about. All pure; each is switched by a `Features` flag of the same name, so evaluation shows its worth.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.models import Passage

# "Is it a crime to ...?", "Is X illegal?": whether conduct is an offence is answered by the
# criminalization chapter (Articles 7 to 21), not by the police power or cooperation article that
# shares its words ("accessing stored electronic data").
ASKS_IF_CRIMINAL = re.compile(
    r"\bis (?:it|this|that) (?:a crime|illegal|an offen[cs]e|against the law|punishable|a criminal offen[cs]e)\b|"
    r"\b(?:is|are) .{3,80}? (?:a crime|illegal|an offen[cs]e|against the law|punishable|criminali[sz]ed)\b|"
    r"\b(?:crime|illegal|offen[cs]e) to\b",
    re.I,
)
CRIMINALIZATION_CHAPTER = "II"

# "If someone logs into my email account without my permission ...": a private person's conduct with no
# police, court or country in the question describes a possible offence, not an investigative power.
PRIVATE_ACTOR = re.compile(
    r"\b(?:someone|somebody|anyone|a person|my ex|an? (?:\w+ )?(?:hacker|scammer|criminal|gang|man|woman|colleague|"
    r"employee|contractor|stranger|adult|teenager))\b",
    re.I,
)
AUTHORITY_OR_AFTERMATH = re.compile(
    r"\b(?:police|investigators?|authorit\w*|government|courts?|judges?|prosecut\w*|countr\w*|states?|officers?|"
    r"law enforcement|agenc\w*|convict\w*|victims?|punish\w*|sentenc\w*|liable|responsible|criminal record|"
    r"confiscat\w*|seiz\w*|property|witness\w*|informant|protect\w*|support)\b",
    re.I,
)


def asks_if_criminal(question: str) -> bool:
    """Does the question ask whether some conduct is an offence? ("not a crime in both countries" asks
    about dual criminality instead.)"""
    return bool(ASKS_IF_CRIMINAL.search(question)) and not re.search(r"\bnot (?:a crime|illegal)\b", question, re.I)


def asks_about_an_offence(question: str) -> bool:
    """Whether some conduct is an offence: asked outright, or told as what a private person did."""
    private_conduct = PRIVATE_ACTOR.search(question) and not AUTHORITY_OR_AFTERMATH.search(question)
    return asks_if_criminal(question) or bool(private_conduct)


# "Can a country prosecute its own citizen for hacking done abroad?" asks who may prosecute
# (jurisdiction), not about handing a person over.
ASKS_WHO_MAY_PROSECUTE = re.compile(r"\b(?:prosecut\w*|try|tried|trial|punish\w*|jurisdiction)\b", re.I)
HANDING_OVER = re.compile(
    r"\b(?:extradit\w*|hand(?:s|ed|ing)? (?:\w+ ){0,2}over|surrender\w*|send(?:s|ing)? \w+ back|sent back|deport\w*)",
    re.I,
)


def asks_who_may_prosecute(question: str) -> bool:
    return bool(ASKS_WHO_MAY_PROSECUTE.search(question)) and not HANDING_OVER.search(question)


# "Must surveillance be proportionate?", "Is there independent oversight of these powers?": the answer
# is the conditions and safeguards that bind every power, not the power the question names.
ASKS_ABOUT_SAFEGUARDS = re.compile(
    r"\b(?:proportional\w*|proportionate|oversight|supervis\w*|safeguards?|justif\w*|limits? (?:on|apply)|"
    r"how long\b.{0,40}\b(?:last|continue|run)|duration|warrants?|"
    r"judges?\b.{0,20}\b(?:review|approv|authori[sz]|permission)\w*|"
    r"(?:review|approv|authori[sz]|permission)\w*\b.{0,20}\bjudges?|"
    r"judicial (?:review|approval)|independent review|abus\w* (?:of )?(?:their |these |the )?powers?)\b",
    re.I,
)


def asks_about_safeguards(question: str) -> bool:
    return bool(ASKS_ABOUT_SAFEGUARDS.search(question))


# "Do the investigation powers apply to any crime involving digital evidence?", "Can a country limit
# interception to serious offences?": which crimes the powers reach is Article 23's scope, not the power.
ASKS_WHICH_CRIMES_POWERS_REACH = re.compile(
    r"\b(?:apply|applies|applied|use (?:these|the|its|such|those) powers|(?:limit|restrict)\w* (?:[\w-]+ ){1,3}to)\b", re.I
)
POWERS = re.compile(
    r"\b(?:powers?|interception|intercept|real-time|surveillance|search\w*|investigat\w*|measures)\b", re.I
)


def asks_which_crimes_powers_reach(question: str) -> bool:
    reach = ASKS_WHICH_CRIMES_POWERS_REACH.search(question) and POWERS.search(question)
    return bool(reach) and not asks_about_safeguards(question)  # "what limits apply to the powers?"


# "Can a judge consider convictions from other countries?": a conviction in another State is what
# Article 32 (criminal record) is about; sentencing in general is Article 21.
FOREIGN_CONVICTION = re.compile(
    r"\bconvictions?\b.{0,60}\b(?:foreign|abroad|another (?:country|state)|other (?:countries|states))\b|"
    r"\b(?:foreign|abroad|another (?:country|state)|other (?:countries|states))\b.{0,60}\bconvictions?\b|"
    r"\bconvicted (?:abroad|in another (?:country|state))\b",
    re.I,
)


def asks_about_a_foreign_conviction(question: str) -> bool:
    return bool(FOREIGN_CONVICTION.search(question))


# "Can police make my internet provider give them my subscriber details?": ordering someone to hand over
# data they hold is a production order (Article 27), whatever power shares the question's words.
COMPELS_HANDING_OVER = re.compile(
    r"\b(?:make|makes|force|forces|order|orders|compel|compels|require|requires|demand|demands|oblige|obliges)\b"
    r".{0,60}\b(?:give|hand(?:s|ing)? over|provide|submit|disclose|produce|turn over|reveal|tell)\b",
    re.I,
)


def asks_to_compel_handing_over(question: str) -> bool:
    return bool(COMPELS_HANDING_OVER.search(question))


# "Is it a crime just to try to hack a system, even if it fails?", "Can someone be punished for helping
# to plan a cyberattack?": attempting or taking part in an offence is Article 19, not the offence itself.
TAKING_PART = re.compile(
    r"\b(?:attempt\w*|try(?:ing)? to|tried to|even if (?:it|they|he|she|nobody|no one|the \w+) \w+|fail(?:s|ed)? to|"
    r"help(?:s|ed|ing)? (?:to|someone|somebody|a hacker|hackers|him|her|them|criminals|"
    r"(?:a|my|his|her|their) (?:friend|colleague|partner)s?)|aid(?:s|ed|ing)?|abet\w*|"
    r"accomplices?|instigat\w*|prepar\w*|plann?\w*|guilty too)\b",
    re.I,
)
CRIME_WORDS = re.compile(
    r"\b(?:crimes?|criminal|offen[cs]es?|punish\w*|guilty|illegal|hack\w*|fraud|cyberattacks?)\b", re.I
)
STATE_ACTORS = re.compile(r"\b(?:countr\w*|states?|governments?|police|authorities|nations)\b", re.I)


def asks_about_taking_part(question: str) -> bool:
    return bool(TAKING_PART.search(question) and CRIME_WORDS.search(question)) and not STATE_ACTORS.search(question)


# "Does confiscated money go back to the victims?" asks what happens after confiscation; "Can criminal
# profits be confiscated?" asks about confiscating.
ASKS_WHAT_HAPPENS_AFTER_CONFISCATION = re.compile(
    r"\b(?:return\w*|give \w+ back|go(?:es)? (?:back|to)|sent back|happens? to|dispos\w*|compensat\w*|"
    r"recover\w*|used (?:to|for)|legitimate owners?|shar\w*|fund)\b",
    re.I,
)


def asks_only_about_confiscating(question: str) -> bool:
    return not ASKS_WHAT_HAPPENS_AFTER_CONFISCATION.search(question)


# "Can a bank be held liable if its staff help launder money?": whether a company answers for an
# offence is Article 18, not the offence.
COMPANY = re.compile(
    r"\b(?:compan(?:y|ies)|firms?|business(?:es)?|banks?|corporations?|employers?|organi[sz]ations?|platforms?)\b", re.I
)
ANSWERS_FOR = re.compile(r"\b(?:liab\w*|responsible|punish\w*|fined|prosecut\w*|sanction\w*|guilty)\b", re.I)


def asks_about_a_company_being_liable(question: str) -> bool:
    return bool(COMPANY.search(question) and ANSWERS_FOR.search(question))


# "Is possessing sexual images of a 15-year-old an offence?": images of a child are child sexual abuse
# material (Article 14); Article 16 is about intimate images of adults.
CHILD_WORDS = re.compile(
    r"\b(?:child|children|kids?|minors?|teen\w*|(?:1[0-7]|[1-9])[- ](?:years?|yrs?)[- ]old|aged (?:1[0-7]|[1-9])|"
    r"under(?:age| 18)|boy|girl|schoolchildren|pupils?)\b",
    re.I,
)


def asks_about_a_child(question: str) -> bool:
    return bool(CHILD_WORDS.search(question))


# "Is chatting with a 14-year-old online to arrange a meeting for sex covered?": contacting a child to
# meet is solicitation or grooming (Article 15), not the abuse-material offence that shares "child".
MEETING = re.compile(r"\b(?:meet\w*|arrang\w*|set(?:ting)? up|date|dates|in person|lur\w*)\b", re.I)


def asks_about_meeting_a_child(question: str) -> bool:
    return bool(CHILD_WORDS.search(question) and MEETING.search(question))


# "Is getting into someone's cloud storage with a leaked password covered?": using a password to get in is
# illegal access (Article 7); Article 11 covers making, selling or possessing passwords and tools.
GETTING_IN = re.compile(
    r"\b(?:get(?:s|ting)? into|got into|log(?:s|ged|ging)? (?:in|into|on)|break(?:s|ing)? into|broke into|"
    r"access(?:es|ed|ing)?|read(?:s|ing)?|guess(?:es|ed|ing)?|using|used|uses)\b",
    re.I,
)
DEALING = re.compile(
    r"\b(?:sell\w*|sold|sale|buy\w*|bought|mak(?:e|es|ing)|made|creat\w*|build\w*|built|distribut\w*|possess\w*|"
    r"shar\w*|trad\w*|offer\w*|rent\w*|develop\w*|writ\w*|wrote|program\w*)\b",
    re.I,
)
TOOLS = re.compile(r"\b(?:tools?|software|malware|spyware|devices?|virus\w*|trojans?|exploits?|kits?)\b", re.I)
CREDENTIALS = re.compile(r"\b(?:passwords?|pins?|passcodes?|credentials?|login details|log-?in)\b", re.I)


def asks_about_getting_in(question: str) -> bool:
    getting_in = GETTING_IN.search(question) and CREDENTIALS.search(question)
    return bool(getting_in) and not (DEALING.search(question) or TOOLS.search(question))


# "If a message passed through several companies, can police find out which ones?": tracing a
# communication's path is partial disclosure of traffic data (Article 26).
TRACING = re.compile(
    r"\b(?:which|what) (?:providers|companies|networks|servers)\b|\bpass(?:ed|es)? through\b|"
    r"\b(?:the )?path\b|\broute\b|\btrac(?:e|ed|es|ing)\b.{0,40}\b(?:message|communication|email|connection|call)s?\b|"
    r"\b(?:message|communication|email|connection|call)s?\b.{0,40}\bcame from\b",
    re.I,
)


def asks_to_trace_a_communication(question: str) -> bool:
    return bool(TRACING.search(question))


# "Can the assets of a convicted hacker be seized?" is about confiscation (Article 31): the laundering
# offence shares "property" and "proceeds of crime" but is about hiding or handling them, and another
# country's request to confiscate is Articles 49 and 50.
SEIZING = re.compile(
    r"\b(?:seiz\w*|confiscat\w*|freez\w*|frozen|forfeit\w*|take (?:away )?(?:their|his|her|the) )\b", re.I
)
PROCEEDS = re.compile(r"\b(?:proceeds|money|profits?|assets|funds|property|gains|loot)\b", re.I)
LAUNDERING = re.compile(
    r"\b(?:launder\w*|hid(?:e|es|ing|den)|conceal\w*|disguis\w*|clean\w*|convert\w*|receiv\w*|accept\w*|bought|buy\w*|"
    r"knowing|knew)\b",
    re.I,
)
ANOTHER_COUNTRY_OR_REQUEST = re.compile(
    r"\b(?:another|other|foreign|abroad|request\w*|refus\w*|on behalf|countries|country's)\b", re.I
)


def asks_about_seizing_not_laundering(question: str) -> bool:
    return bool(SEIZING.search(question)) and not LAUNDERING.search(question)


def asks_about_seizing_proceeds(question: str) -> bool:
    """Seizing or confiscating proceeds at home: not what happens afterwards, not for another country."""
    seizing = asks_about_seizing_not_laundering(question) and PROCEEDS.search(question)
    return bool(seizing) and asks_only_about_confiscating(question) and not ANOTHER_COUNTRY_OR_REQUEST.search(question)


# "Can a country tell another about criminal proceeds it found without being asked?": forwarding
# information on proceeds without a prior request is Article 51 (special cooperation).
UNASKED = re.compile(
    r"\bwithout (?:being asked|(?:a |any |prior |an? (?:official |formal )?)?requests?)\b|\bunprompted\b|"
    r"\bon (?:its|their) own (?:initiative|accord)\b|\bspontaneous\w*\b",
    re.I,
)


def tells_of_proceeds_unasked(question: str) -> bool:
    return bool(UNASKED.search(question) and PROCEEDS.search(question))


# "Is it a crime to sell stolen login details on a dark web forum?": making, selling or possessing
# passwords and hacking tools is Article 11 (misuse of devices), not the offence they serve.
def asks_about_dealing_in_tools(question: str) -> bool:
    """The counterpart of `asks_about_getting_in`: dealing in credentials or tools, not using them."""
    return bool(DEALING.search(question) and (CREDENTIALS.search(question) or TOOLS.search(question)))


# "Should children who commit cybercrimes be treated differently?": a child accused of an offence is
# Article 21(7); the child-abuse offences (14, 15) share every child word but protect children as victims.
CHILD_OFFENDER = re.compile(
    r"\b(?:child|children|kids?|minors?|teen\w*|juveniles?|young (?:people|persons?))\b "
    r"(?:who (?:commit|hack|offend|break)\w*|(?:are |is )?(?:accused|suspected|charged|offenders?))|"
    r"\b(?:child|juvenile|young|teen\w*) (?:offenders?|hackers?|suspects?)\b",
    re.I,
)


def asks_about_a_child_offender(question: str) -> bool:
    return bool(CHILD_OFFENDER.search(question))


# "Do victims of online sexual exploitation get special help?": what victims receive is Article 34,
# not the offence they suffered, which shares the question's words.
HELP_FOR_VICTIMS = re.compile(
    r"\bvictims?\b.{0,60}\b(?:get|gets|receive|given|entitled|offered)\b.{0,30}\b(?:help|support|assistance|protection|"
    r"compensation|counsel\w*|removed|recover\w*)|"
    r"\b(?:help|support|assistance|compensation) (?:for|to) (?:the )?(?:\w+ )?victims?\b",
    re.I,
)


def asks_about_help_for_victims(question: str) -> bool:
    return bool(HELP_FOR_VICTIMS.search(question))


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


def in_criminalization_chapter(passage: Passage) -> bool:
    return passage.doc_kind == "treaty" and passage.chapter == CRIMINALIZATION_CHAPTER


@dataclass(frozen=True)
class Preference:
    feature: str  # the `Features` switch that turns it on or off
    applies: Callable[[str], bool]  # to which questions
    reweights: Callable[[Passage], bool]  # which passages
    weight: float  # above 1 to prefer them, below 1 to rank them lower


PREFERENCES = (
    Preference("criminalization", asks_about_an_offence, in_criminalization_chapter, 1.3),
    # The extradition article's "submit the case for prosecution" matches a question about who may prosecute.
    Preference("jurisdiction", asks_who_may_prosecute, titled("Extradition"), 0.85),
    Preference("safeguards", asks_about_safeguards, titled("Conditions and safeguards"), 1.2),
    Preference("procedural_scope", asks_which_crimes_powers_reach, titled("Scope of procedural measures"), 1.2),
    Preference("criminal_record", asks_about_a_foreign_conviction, titled("Establishment of criminal record"), 1.2),
    Preference("production_order", asks_to_compel_handing_over, titled("Production order"), 1.2),
    Preference("taking_part", asks_about_taking_part, titled("Participation and attempt"), 1.2),
    # Returning and disposing of confiscated proceeds shares every word of a question about confiscating.
    Preference("disposal", asks_only_about_confiscating, titled("Return and disposal"), 0.85),
    Preference("legal_persons", asks_about_a_company_being_liable, titled("Liability of legal persons"), 1.2),
    Preference("about_a_child", asks_about_a_child, titled("Non-consensual dissemination of intimate images"), 0.85),
    Preference("grooming", asks_about_meeting_a_child, titled("Solicitation or grooming"), 1.2),
    Preference("using_access", asks_about_getting_in, titled("Misuse of devices"), 0.85),
    Preference("tracing", asks_to_trace_a_communication, titled("Expedited preservation and partial disclosure of traffic data"), 1.2),
    Preference("confiscation", asks_about_seizing_not_laundering, titled("Laundering of proceeds of crime"), 0.85),
    Preference("confiscation", asks_about_seizing_proceeds, titled("Freezing, seizure and confiscation"), 1.2),
    Preference("unasked_proceeds", tells_of_proceeds_unasked, titled("Special cooperation"), 1.3),
    Preference("dealing_in_tools", asks_about_dealing_in_tools, titled("Misuse of devices"), 1.2),
    Preference("child_offender", asks_about_a_child_offender, titled("Prosecution, adjudication and sanctions"), 1.2),
    Preference("victims_help", asks_about_help_for_victims, titled("Assistance to and protection of victims"), 1.2),
    Preference("real_time", watches_content_live, titled("Interception of content data"), 1.2),
    Preference("real_time", watches_traffic_live, titled("Real-time collection of traffic data"), 1.2),
)


def preference_weight(passage: Passage, preferences: list[Preference]) -> float:
    """The product of the weights of the preferences (already known to apply) that reweight `passage`."""
    return math.prod(p.weight for p in preferences if p.reweights(passage))
