"""Kinds of question and the provisions each prefers. Pure."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from assistant.preferences import (
    PREFERENCES, asks_about_a_child, asks_about_a_company_being_liable, asks_about_a_foreign_conviction,
    asks_about_an_offence, asks_about_getting_in, asks_about_safeguards, asks_about_taking_part, asks_if_criminal,
    asks_only_about_confiscating, asks_to_compel_handing_over, asks_which_crimes_powers_reach, asks_who_may_prosecute,
    preference_weight,
)


def article(number: int, title: str, chapter: str = "", doc_kind: str = "treaty") -> Passage:
    return Passage(id=f"a{number}", doc_id="c", doc_kind=doc_kind, doc_title="C", label=f"Article {number}", text="",
                   article=number, article_title=title, chapter=chapter)


OFFENCE = article(7, "Illegal access", "II")
POWER = article(28, "Search and seizure of stored electronic data", "IV")
EXTRADITION = article(37, "Extradition", "V")
JURISDICTION = article(22, "Jurisdiction", "II")
SAFEGUARDS = article(24, "Conditions and safeguards", "IV")
DISPOSAL = article(52, "Return and disposal of confiscated proceeds of crime or property", "V")
CONFISCATION = article(31, "Freezing, seizure and confiscation of the proceeds of crime", "IV")
PROCEDURAL_SCOPE = article(23, "Scope of procedural measures", "IV")
CRIMINAL_RECORD = article(32, "Establishment of criminal record", "IV")
SANCTIONS = article(21, "Prosecution, adjudication and sanctions", "II")
PRODUCTION_ORDER = article(27, "Production order", "IV")
TAKING_PART = article(19, "Participation and attempt", "II")
LEGAL_PERSONS = article(18, "Liability of legal persons", "II")
LAUNDERING = article(17, "Laundering of proceeds of crime", "II")
CHILD_MATERIAL = article(14, "Offences related to online child sexual abuse or child sexual exploitation material", "II")
ADULT_IMAGES = article(16, "Non-consensual dissemination of intimate images", "II")
DEVICES = article(11, "Misuse of devices", "II")


@pytest.mark.parametrize(
    "question, criminal",
    [
        ("Is it a crime to read my partner's messages?", True),
        ("Is logging into a colleague's email against the law?", True),
        ("Is selling malware illegal?", True),
        ("Can countries cooperate if the act is not a crime in both countries?", False),
        ("Can police read my emails?", False),
    ],
)
def test_questions_whether_conduct_is_an_offence_are_recognised(question, criminal):
    assert asks_if_criminal(question) is criminal


@pytest.mark.parametrize(
    "question, offence",
    [
        ("If someone logs into my email account without my permission, is that against the convention?", True),
        ("A former contractor deleted our backups out of revenge. Is that covered?", True),
        ("Is it a crime to read my partner's messages?", True),
        ("Can police search someone's laptop?", False),  # a power used on a person
        ("Can a court confiscate property someone bought with ransomware money?", False),
        ("Can someone who reports hackers be protected?", False),
    ],
)
def test_questions_about_an_offence_include_told_conduct(question, offence):
    assert asks_about_an_offence(question) is offence


@pytest.mark.parametrize(
    "question, safeguards",
    [
        ("Must surveillance be proportionate?", True),
        ("Is there independent oversight of the surveillance powers?", True),
        ("Do police need a warrant to read my emails?", True),
        ("Are there limits on how long interception can last?", True),
        ("Does the convention respect human rights?", False),  # Article 6, not the procedural safeguards
        ("Can police read my emails?", False),
    ],
)
def test_questions_about_safeguards_on_powers_are_recognised(question, safeguards):
    assert asks_about_safeguards(question) is safeguards


@pytest.mark.parametrize(
    "question, afterwards",
    [
        ("Does confiscated money go back to the victims?", True),
        ("What happens to confiscated money once it has been seized?", True),
        ("Can confiscated property be returned to its legitimate owners?", True),
        ("Can criminal profits be confiscated?", False),
        ("Can the government confiscate crypto made from cybercrime?", False),
    ],
)
def test_questions_about_what_happens_after_confiscation_are_recognised(question, afterwards):
    assert asks_only_about_confiscating(question) is not afterwards


@pytest.mark.parametrize(
    "question, who_may_prosecute",
    [
        ("Can a country prosecute its own citizen for hacking done abroad?", True),
        ("If a hacker attacks our systems from abroad, can we try him?", True),
        ("Must a country prosecute a national it refuses to extradite?", False),  # about handing over
        ("Can my country hand a hacker over to the United States for trial?", False),
        ("Can police read my emails?", False),
    ],
)
def test_questions_about_who_may_prosecute_are_recognised(question, who_may_prosecute):
    assert asks_who_may_prosecute(question) is who_may_prosecute





@pytest.mark.parametrize(
    "question, reach",
    [
        ("Do the special investigation powers apply to crimes committed offline?", True),
        ("Can investigators use these powers to collect evidence of ordinary crimes?", True),
        ("Can a country limit interception to serious offences only?", True),
        ("What limits apply to the powers police get?", False),  # safeguards, Article 24
        ("Does the convention apply to fraud?", False),  # no power named
    ],
)
def test_questions_about_which_crimes_the_powers_reach_are_recognised(question, reach):
    assert asks_which_crimes_powers_reach(question) is reach

@pytest.mark.parametrize(
    "question, foreign",
    [
        ("Can a previous foreign conviction be taken into account at sentencing?", True),
        ("Can past convictions in another country be used in court?", True),
        ("Will being convicted abroad count at home?", True),
        ("Can a convicted hacker be sentenced to prison?", False),
    ],
)
def test_questions_about_a_conviction_in_another_country_are_recognised(question, foreign):
    assert asks_about_a_foreign_conviction(question) is foreign

@pytest.mark.parametrize(
    "question, compels",
    [
        ("Can police make my internet provider give them my subscriber details?", True),
        ("Can investigators demand that a company hand over customer account information?", True),
        ("Can a court order a person to submit data they control?", True),
        ("Can police read my emails?", False),
        ("Can my provider give my data to the police voluntarily?", False),  # nobody is ordered
    ],
)
def test_questions_about_ordering_someone_to_hand_over_data_are_recognised(question, compels):
    assert asks_to_compel_handing_over(question) is compels

@pytest.mark.parametrize(
    "question, taking_part",
    [
        ("Is attempting online fraud a crime even if nobody lost money?", True),
        ("Can someone be punished for helping to plan a cyberattack?", True),
        ("Is someone who rents out servers to hackers knowing what they do guilty too?", True),
        ("Will countries help each other investigate hacking?", False),  # States helping States: cooperation
        ("Is hacking a crime?", False),
    ],
)
def test_questions_about_attempting_or_helping_an_offence_are_recognised(question, taking_part):
    assert asks_about_taking_part(question) is taking_part

@pytest.mark.parametrize(
    "question, company_liable",
    [
        ("Can businesses be punished for cybercrimes?", True),
        ("Can a tech firm be held responsible if its managers order a cyberattack?", True),
        ("Can police make a company hand over data?", False),
        ("Is it a crime to hack a bank?", False),
    ],
)
def test_questions_whether_a_company_answers_for_an_offence_are_recognised(question, company_liable):
    assert asks_about_a_company_being_liable(question) is company_liable

@pytest.mark.parametrize(
    "question, child",
    [
        ("Is possessing sexual images of a 15-year-old an offence?", True),
        ("What if an adult talks a child into sending pictures?", True),
        ("Can teenagers be prosecuted for sexting?", True),
        ("Is it a crime to post a sex video of my ex online?", False),
    ],
)
def test_questions_about_a_child_are_recognised(question, child):
    assert asks_about_a_child(question) is child

@pytest.mark.parametrize(
    "question, getting_in",
    [
        ("Is it illegal to get into a computer network by guessing the admin password?", True),
        ("My ex keeps reading my DMs after guessing my password.", True),
        ("Is it a crime to sell stolen login details?", False),  # dealing in credentials: Article 11
        ("Is making a password-cracking tool illegal?", False),
        ("Can police get into my phone?", False),  # no credentials named
    ],
)
def test_questions_about_getting_in_with_a_password_are_recognised(question, getting_in):
    assert asks_about_getting_in(question) is getting_in

@pytest.mark.parametrize(
    "question, raised, lowered, untouched",
    [
        ("Is it a crime to read my partner's messages?", [OFFENCE, JURISDICTION], [], [POWER, SAFEGUARDS]),
        ("Can a country prosecute its own citizen for hacking done abroad?", [], [EXTRADITION], [JURISDICTION]),
        ("Must surveillance be proportionate?", [SAFEGUARDS], [], [POWER, PROCEDURAL_SCOPE]),
        ("Do the investigation powers apply to any crime involving digital evidence?", [PROCEDURAL_SCOPE], [], [POWER]),
        ("Can a judge consider convictions from other countries?", [CRIMINAL_RECORD], [], [POWER]),
        ("Can police order a provider to hand over emails it has stored?", [PRODUCTION_ORDER], [], [POWER]),
        ("Is it a crime just to try to hack a system, even if it fails?", [TAKING_PART, OFFENCE], [], [POWER]),
        ("Can a bank be held liable if its staff help criminals launder money online?", [LEGAL_PERSONS], [], [POWER]),
        ("Can my bank freeze my account?", [], [], [LEGAL_PERSONS, LAUNDERING]),
        ("What about sexual images of a 15-year-old?", [], [ADULT_IMAGES], [CHILD_MATERIAL]),
        ("Is sharing my ex's nude photos a crime?", [ADULT_IMAGES, CHILD_MATERIAL], [], []),
        ("What about getting into cloud storage with a leaked password?", [], [DEVICES], [OFFENCE]),
        ("What about selling stolen passwords online?", [], [], [DEVICES, OFFENCE]),
        ("Can a judge consider the gravity of the offence at sentencing?", [], [], [CRIMINAL_RECORD, SANCTIONS]),
        ("Can criminal profits be confiscated?", [], [DISPOSAL], [CONFISCATION]),
        ("Does confiscated money go back to the victims?", [], [], [DISPOSAL, CONFISCATION]),
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
    commentary = article(37, "Extradition", "V", doc_kind="commentary")
    assert preference_weight(commentary, list(PREFERENCES)) == 1.0


def test_every_preference_has_a_feature_switch():
    from assistant.retrieve import Features
    assert {p.feature for p in PREFERENCES} <= set(Features.__dataclass_fields__)
