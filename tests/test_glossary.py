"""Everyday words mapped to the Convention's vocabulary. Pure."""

from __future__ import annotations

import pytest

from assistant.glossary import (
    APPLIES_TO_EVERY_OFFENCE, CHILD, LAY_TERMS, OFFENCE, RULE_FOR_EVERY_OFFENCE_WORDS, expand, focus, word_forms,
)
from assistant.knowledge import GLOSSARY_PATH, KnowledgeError, load_glossary


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
    assert LAY_TERMS["email company"] in expand("Can police force an email company to tell them who owns an account?")


def test_unrelated_text_expands_to_nothing():
    assert expand("What is the capital of Australia?") == []
    assert expand("") == []


def test_terms_match_across_a_word_and_in_passive_order():
    assert LAY_TERMS["altering documents"] in expand("Is altering digital documents to deceive a court an offence?")
    assert LAY_TERMS["change the treaty"] in expand("How can the treaty be changed?")
    assert LAY_TERMS["delete my data"] in expand("Can they stop data being deleted?")


def test_words_spread_apart_do_not_make_a_term():
    assert LAY_TERMS["altering documents"] not in expand("Altering a log is one thing; stealing documents is another")


def test_a_possessive_that_carries_the_meaning_is_required():
    # "my citizen" is about extraditing one's own nationals; "its citizen abroad" is not
    assert LAY_TERMS["my citizen"] not in expand("Can my country prosecute a crime against its citizen abroad?")
    assert LAY_TERMS["my citizen"] in expand("Will you extradite my citizen?")


@pytest.mark.parametrize(
    "question, wrong_sense",
    [
        ("Is deleting someone's backups on purpose punishable?", "purpose"),  # intentionally, not Article 1
        ("Is data altered for the purpose of fraud covered?", "purpose"),
        ("Can evidence of crimes committed by means of a computer be collected?", "means"),
        ("Who pays for helping developing countries?", "help commit"),  # not an accomplice
        ("Do children abused online get help to recover?", "recover money"),  # recovery as healing
        ("Can police order someone to hand over data?", "hand over a suspect"),
        ("Is X covered by the treaty?", "scope"),  # "covered" asks about X, not about Article 3
        ("What if someone scrambles my company's database?", "corporation"),  # the company is the victim
        ("Can a country prosecute its own citizen for hacking abroad?", "extradite"),
    ],
)
def test_common_words_keep_their_everyday_sense(question, wrong_sense):
    assert LAY_TERMS[wrong_sense] not in expand(question)


def test_senses_of_a_word_are_told_apart_by_the_words_around_it():
    assert LAY_TERMS["on purpose"] in expand("Is deleting someone's backups on purpose punishable?")
    assert LAY_TERMS["help to recover"] in expand("Do children abused online get help to recover?")
    assert LAY_TERMS["recover assets"] in expand("How can a country recover assets abroad?")


def test_an_offence_that_is_only_the_object_of_a_general_rule_is_not_expanded():
    # The question asks about taking part, jurisdiction or confiscation; hacking is what it is about.
    for question in ("Is instigating someone else to hack a crime?",
                     "Can a court confiscate a house bought with ransomware profits?",
                     "Do victims of online child abuse get help?",
                     "Can two countries run a joint investigation into a ransomware gang?",
                     "Is it illegal to accept money from ransomware knowing where it came from?",
                     "Can my country prosecute someone who hacked a plane registered here?",
                     "Can a company be prosecuted when its director orders staff to hack a competitor?",
                     "A hacker in another country stole my data. Can my own country still prosecute him?",
                     "Is attempting online fraud a crime even if nobody lost money?"):  # the rule in its own words
        found = expand(question)
        assert any(APPLIES_TO_EVERY_OFFENCE.search(e) for e in found) or RULE_FOR_EVERY_OFFENCE_WORDS.search(question)
        assert not any(OFFENCE.search(e) for e in found), (question, found)
    # Asked about on its own, the offence is expanded.
    assert expand("Is instigating a riot a crime?") == [LAY_TERMS["instigate"]]
    assert LAY_TERMS["ransomware"] in expand("Is spreading ransomware a crime?")
    assert LAY_TERMS["hack"] in expand("Is it a crime to hack a company?")  # the company is the victim
    assert LAY_TERMS["hack"] in expand("Can someone be prosecuted for hacking?")  # no other country: the offence


def test_focus_keeps_expansions_that_name_both_an_offence_and_a_general_rule():
    both = "laundering of proceeds of crime, confiscation"
    assert focus([both, LAY_TERMS["hack"]]) == [both]
    assert focus([LAY_TERMS["hack"], LAY_TERMS["police"]]) == [LAY_TERMS["hack"], LAY_TERMS["police"]]


def test_an_age_under_eighteen_makes_a_child():
    assert CHILD in expand("Someone keeps messaging my 13-year-old")
    assert CHILD in expand("a girl aged 12 was sent pictures")
    assert CHILD not in expand("a 45-year-old man was hacked")
    assert CHILD not in expand("the law is 18 years old")


def test_trying_someone_is_a_trial_not_an_attempt():
    assert LAY_TERMS["try someone"] in expand("Can a country try someone for a crime its national committed?")
    assert LAY_TERMS["try"] not in expand("Can a country try someone for a crime its national committed?")
    assert LAY_TERMS["try"] in expand("Is it a crime to try to hack a bank?")


def test_a_term_listed_twice_is_refused(tmp_path):
    # YAML would silently keep the second of two equal keys.
    path = tmp_path / "glossary.yaml"
    path.write_text('"hack": "illegal access"\n"hack": "interference"\n')
    with pytest.raises(KnowledgeError, match="listed twice"):
        load_glossary(path)
    assert load_glossary(GLOSSARY_PATH) == LAY_TERMS  # the shipped glossary loads


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


def test_a_child_is_a_child_not_the_definition_of_abuse_material():
    # "person under 18 years of age" is how Article 14(2) defines abuse material; adding it for every
    # mention of a teenager pulled that paragraph above grooming (Article 15) and the Article 16 rules.
    assert all("under 18" not in expansion for expansion in expand("an adult lured a teenager, a kid and a minor"))
    found = expand("A man asked a 14-year-old to see him in person")
    assert CHILD in found and any("sexual offence against a child" in e for e in found)


def test_a_judge_alone_is_not_the_review_of_a_police_power():
    # "Can a judge take into account ..." is about sentencing; only approval by a judge is a safeguard.
    assert not any("independent review" in e for e in expand("Can a judge take into account that a hospital was hit?"))
    assert LAY_TERMS["judge approval"] in expand("Do police need judge approval to search a phone?")


def test_criminal_money_is_the_proceeds_of_crime():
    assert LAY_TERMS["criminal money"] in expand("Can a country pass on information about criminal money?")


def test_using_a_network_is_access_and_capturing_its_traffic_is_interception():
    assert LAY_TERMS["use wi-fi"] in expand("If my neighbour uses my Wi-Fi without asking, is that a crime?")
    assert LAY_TERMS["wi-fi"] in expand("Is capturing data sent over someone's wi-fi a crime?")


def test_an_attack_on_an_embassy_is_an_offence_against_the_state():
    found = expand("Can a country prosecute a hacker who attacked its embassy abroad?")
    assert LAY_TERMS["embassy"] in found and LAY_TERMS["hacker"] not in found  # jurisdiction is asked, not the hack


def test_a_system_that_went_down_was_hindered_and_being_sent_for_trial_is_not_a_transmission():
    assert LAY_TERMS["went down"] in expand("My website got so many requests that it went down.")
    assert LAY_TERMS["slow down"] in expand("a virus that slows down hospital computers")
    found = expand("If a hacker is caught here, can he be sent to face trial there?")
    assert LAY_TERMS["sent to face trial"] in found and LAY_TERMS["being sent"] not in found


def test_asking_for_money_is_not_funding_the_convention():
    assert not any("contributions" in e for e in expand("Someone used his email to ask his contacts for money."))


def test_threats_against_someone_who_reported_a_crime_are_retaliation():
    assert LAY_TERMS["threatening me"] in expand("I reported a gang and now they are threatening me online.")
