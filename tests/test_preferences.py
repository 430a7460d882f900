"""Kinds of question and the provisions each prefers. Pure."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from assistant.preferences import (
    PREFERENCES, asks_about_a_child, asks_about_a_child_offender, asks_about_a_company_being_liable,
    asks_about_a_foreign_conviction, asks_about_an_offence, asks_about_dealing_in_tools, asks_about_getting_in,
    asks_about_help_for_victims, asks_about_meeting_a_child, asks_about_safeguards,
    asks_about_seizing_not_laundering, asks_about_seizing_proceeds, asks_about_taking_part, asks_if_criminal,
    asks_only_about_confiscating, asks_to_compel_handing_over, asks_to_trace_a_communication,
    asks_which_crimes_powers_reach, asks_who_may_prosecute, preference_weight, tells_of_proceeds_unasked,
    watches_content_live, watches_traffic_live,
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
GROOMING = article(15, "Solicitation or grooming for the purpose of committing a sexual offence against a child", "II")
ADULT_IMAGES = article(16, "Non-consensual dissemination of intimate images", "II")
DEVICES = article(11, "Misuse of devices", "II")
LIVE_TRAFFIC = article(29, "Real-time collection of traffic data", "IV")
LIVE_CONTENT = article(30, "Interception of content data", "IV")
TRACING = article(26, "Expedited preservation and partial disclosure of traffic data", "IV")
SPECIAL_COOPERATION = article(51, "Special cooperation", "V")
VICTIMS = article(34, "Assistance to and protection of victims", "IV")


@pytest.mark.parametrize(
    "recognises, question, expected",
    [
        (asks_if_criminal, "Is it a crime to read my partner's messages?", True),
        (asks_if_criminal, "Is logging into a colleague's email against the law?", True),
        (asks_if_criminal, "Is selling malware illegal?", True),
        (asks_if_criminal, "Can countries cooperate if the act is not a crime in both countries?", False),
        (asks_if_criminal, "Can police read my emails?", False),
        (asks_about_an_offence, "If someone logs into my email account without my permission, is that against the convention?", True),
        (asks_about_an_offence, "A former contractor deleted our backups out of revenge. Is that covered?", True),
        (asks_about_an_offence, "Is it a crime to read my partner's messages?", True),
        (asks_about_an_offence, "Can police search someone's laptop?", False),  # a power used on a person
        (asks_about_an_offence, "Can a court confiscate property someone bought with ransomware money?", False),
        (asks_about_an_offence, "Can someone who reports hackers be protected?", False),
        (asks_about_safeguards, "Must surveillance be proportionate?", True),
        (asks_about_safeguards, "Is there independent oversight of the surveillance powers?", True),
        (asks_about_safeguards, "Do police need a warrant to read my emails?", True),
        (asks_about_safeguards, "Are there limits on how long interception can last?", True),
        (asks_about_safeguards, "Do the police powers in the treaty need approval from a judge?", True),
        (asks_about_safeguards, "Must investigative powers be reviewed by a judge?", True),
        (asks_about_safeguards, "Can a judge take into account that the hacker targeted a hospital?", False),  # sentencing
        (asks_about_safeguards, "Does the convention respect human rights?", False),  # Article 6, not the procedural safeguards
        (asks_about_safeguards, "Can police read my emails?", False),
        (asks_only_about_confiscating, "Does confiscated money go back to the victims?", False),
        (asks_only_about_confiscating, "What happens to confiscated money once it has been seized?", False),
        (asks_only_about_confiscating, "Can confiscated property be returned to its legitimate owners?", False),
        (asks_only_about_confiscating, "Can criminal profits be confiscated?", True),
        (asks_only_about_confiscating, "Can the government confiscate crypto made from cybercrime?", True),
        (asks_about_seizing_not_laundering, "Can the assets of a convicted hacker be seized?", True),
        (asks_about_seizing_not_laundering, "Is hiding frozen crypto from the police laundering?", False),
        (asks_about_seizing_proceeds, "Can profits from cybercrime be seized before trial?", True),
        (asks_about_seizing_proceeds, "Can my bank freeze my account?", False),  # no proceeds in it
        (asks_about_seizing_proceeds, "Can one country confiscate assets on behalf of another?", False),  # Article 50
        (asks_about_seizing_proceeds, "Can a country refuse to confiscate if the property is of little value?", False),
        (asks_about_seizing_proceeds, "Does confiscated money go back to the victims?", False),  # Article 52
        (tells_of_proceeds_unasked, "Can a country tell another about criminal proceeds it found without being asked?", True),
        (tells_of_proceeds_unasked, "Can a country pass on information about criminal money without a request?", True),
        (tells_of_proceeds_unasked, "Can a country share evidence without being asked?", False),  # no proceeds
        (tells_of_proceeds_unasked, "Can a country ask for criminal money to be returned?", False),
        (asks_who_may_prosecute, "Can a country prosecute its own citizen for hacking done abroad?", True),
        (asks_who_may_prosecute, "If a hacker attacks our systems from abroad, can we try him?", True),
        (asks_who_may_prosecute, "Must a country prosecute a national it refuses to extradite?", False),  # about handing over
        (asks_who_may_prosecute, "Can my country hand a hacker over to the United States for trial?", False),
        (asks_who_may_prosecute, "Can police read my emails?", False),
        (asks_which_crimes_powers_reach, "Do the special investigation powers apply to crimes committed offline?", True),
        (asks_which_crimes_powers_reach, "Can investigators use these powers to collect evidence of ordinary crimes?", True),
        (asks_which_crimes_powers_reach, "Can a country limit interception to serious offences only?", True),
        (asks_which_crimes_powers_reach, "Can a country limit real-time collection to certain offences?", True),  # hyphenated
        (asks_which_crimes_powers_reach, "What limits apply to the powers police get?", False),  # safeguards, Article 24
        (asks_which_crimes_powers_reach, "Does the convention apply to fraud?", False),  # no power named
        (asks_about_a_foreign_conviction, "Can a previous foreign conviction be taken into account at sentencing?", True),
        (asks_about_a_foreign_conviction, "Can past convictions in another country be used in court?", True),
        (asks_about_a_foreign_conviction, "Will being convicted abroad count at home?", True),
        (asks_about_a_foreign_conviction, "Can a convicted hacker be sentenced to prison?", False),
        (asks_to_compel_handing_over, "Can police make my internet provider give them my subscriber details?", True),
        (asks_to_compel_handing_over, "Can investigators demand that a company hand over customer account information?", True),
        (asks_to_compel_handing_over, "Can a court order a person to submit data they control?", True),
        (asks_to_compel_handing_over, "Can the police force an email company to tell them who owns an account?", True),
        (asks_to_compel_handing_over, "Can police read my emails?", False),
        (asks_to_compel_handing_over, "Can my provider give my data to the police voluntarily?", False),  # nobody is ordered
        (asks_about_taking_part, "Is attempting online fraud a crime even if nobody lost money?", True),
        (asks_about_taking_part, "Can someone be punished for helping to plan a cyberattack?", True),
        (asks_about_taking_part, "Is someone who rents out servers to hackers knowing what they do guilty too?", True),
        (asks_about_taking_part, "Will countries help each other investigate hacking?", False),  # States helping States: cooperation
        (asks_about_taking_part, "Is hacking a crime?", False),
        (asks_about_a_company_being_liable, "Can businesses be punished for cybercrimes?", True),
        (asks_about_a_company_being_liable, "Can a tech firm be held responsible if its managers order a cyberattack?", True),
        (asks_about_a_company_being_liable, "Can police make a company hand over data?", False),
        (asks_about_a_company_being_liable, "Is it a crime to hack a bank?", False),
        (asks_about_a_child, "Is possessing sexual images of a 15-year-old an offence?", True),
        (asks_about_a_child, "What if an adult talks a child into sending pictures?", True),
        (asks_about_a_child, "Can teenagers be prosecuted for sexting?", True),
        (asks_about_a_child, "Is it a crime to post a sex video of my ex online?", False),
        (asks_about_meeting_a_child, "Is chatting with a 14-year-old online to arrange a meeting for sex covered?", True),
        (asks_about_meeting_a_child, "What if an adult pretends to be a teenager online to lure a child?", True),
        (asks_about_meeting_a_child, "Is possessing sexual images of a 15-year-old an offence?", False),  # Article 14
        (asks_about_meeting_a_child, "Can countries meet to review the convention?", False),  # no child
        (asks_about_a_child_offender, "Should children who commit cybercrimes be treated differently?", True),
        (asks_about_a_child_offender, "Are children accused of hacking given special protection?", True),
        (asks_about_a_child_offender, "Can a judge give a lighter sentence to a child offender?", True),
        (asks_about_a_child_offender, "Can teenagers be prosecuted for sexting?", False),  # Article 14(4)
        (asks_about_a_child_offender, "Do children who were abused online get special help?", False),  # victims
        (asks_about_help_for_victims, "Do victims of online sexual exploitation get special help?", True),
        (asks_about_help_for_victims, "Can victims of intimate image abuse get images removed?", True),
        (asks_about_help_for_victims, "Is there support for cybercrime victims?", True),
        (asks_about_help_for_victims, "Is it a crime to share intimate images of a victim?", False),  # the offence
        (asks_about_help_for_victims, "Can a victim's country prosecute the hacker?", False),  # jurisdiction
        (watches_content_live, "Can police listen to calls on an encrypted app in real time?", True),
        (watches_content_live, "Can investigators read my emails while they are being sent?", True),
        (watches_content_live, "Can police watch who a suspect is messaging in real time without reading the messages?", False),
        (watches_content_live, "Can police read my old emails stored on my laptop?", False),  # stored, not live
        (watches_traffic_live, "Can police watch who a suspect is messaging in real time without reading the messages?", True),
        (watches_traffic_live, "Can the authorities collect my phone metadata in real time?", True),
        (watches_traffic_live, "Can police listen to calls on an encrypted app in real time?", False),
        (watches_traffic_live, "Who keeps the metadata of my calls?", False),  # not live
        (asks_to_trace_a_communication, "If a message passed through several companies, can police find out which ones?", True),
        (asks_to_trace_a_communication, "Can police find out which providers carried a suspicious connection?", True),
        (asks_to_trace_a_communication, "Can police read my messages?", False),
        (asks_about_getting_in, "Is it illegal to get into a computer network by guessing the admin password?", True),
        (asks_about_getting_in, "My ex keeps reading my DMs after guessing my password.", True),
        (asks_about_getting_in, "Is it a crime to sell stolen login details?", False),  # dealing in credentials: Article 11
        (asks_about_getting_in, "Is making a password-cracking tool illegal?", False),
        (asks_about_getting_in, "Can police get into my phone?", False),  # no credentials named
        (asks_about_dealing_in_tools, "Is it a crime to sell stolen login details on a dark web forum?", True),
        (asks_about_dealing_in_tools, "Is making malware to sell to others an offence?", True),
        (asks_about_dealing_in_tools, "Is it illegal to get into a network by guessing the admin password?", False),
        (asks_about_dealing_in_tools, "Can a court confiscate a house bought with ransomware profits?", False),
    ],
)
def test_each_kind_of_question_is_recognised_by_its_form(recognises, question, expected):
    assert recognises(question) is expected

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
        ("Can my bank freeze my account?", [], [LAUNDERING], [LEGAL_PERSONS, CONFISCATION]),
        ("What about sexual images of a 15-year-old?", [], [ADULT_IMAGES], [CHILD_MATERIAL, GROOMING]),
        ("What about messaging a 13-year-old to arrange a meeting?", [GROOMING], [ADULT_IMAGES], [CHILD_MATERIAL]),
        ("Is sharing my ex's nude photos a crime?", [ADULT_IMAGES, CHILD_MATERIAL], [], [VICTIMS]),
        ("Can victims of intimate image abuse get images removed?", [VICTIMS], [], [ADULT_IMAGES]),
        ("Should children who commit cybercrimes be treated differently?", [SANCTIONS], [ADULT_IMAGES], [CHILD_MATERIAL]),
        ("What about getting into cloud storage with a leaked password?", [], [DEVICES], [OFFENCE]),
        ("What about selling stolen passwords online?", [DEVICES], [], [OFFENCE]),
        ("Can police find out which providers carried a connection?", [TRACING], [], [POWER]),
        ("Can the police record what I say on a messaging app in real time?", [LIVE_CONTENT], [], [LIVE_TRAFFIC, POWER]),
        ("Can police see in real time who I am messaging?", [LIVE_TRAFFIC], [], [LIVE_CONTENT, POWER]),
        ("Can a judge consider the gravity of the offence at sentencing?", [], [], [CRIMINAL_RECORD, SANCTIONS]),
        ("Can criminal profits be confiscated?", [CONFISCATION], [DISPOSAL, LAUNDERING], []),
        ("Can a court confiscate a house bought with laundered money?", [], [DISPOSAL], [LAUNDERING, CONFISCATION]),
        ("Can a country share information on criminal profits without a request?", [SPECIAL_COOPERATION], [], [CONFISCATION]),
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
