"""The conclusion first: yes / no / depends and the plain first sentence, from the cited provision's force
and plain-language entry. Pure: passages are built here, no index."""

from __future__ import annotations

import pytest

from assistant.conclusion import asks_about, conclude, contradicted, element_asked, quantities, yes_no_question
from assistant.models import Passage


def provision(label: str, force: str, plain: str, text: str = "", chapter: str = "II") -> Passage:
    article = int(label.split("(")[0])
    return Passage(id=label, doc_id="convention", doc_kind="treaty", doc_title="C", label=f"Article {label}",
                   text=text or plain, article=article, chapter=chapter, plain=plain, force=force)


SHARING = provision("16(1)", "must", "Countries must make it a crime to share an intimate image without consent.")
ATTEMPT = provision("19(2)", "may", "Countries may make it a crime to attempt an offence.")
EXPRESSION = provision("6(2)", "must not", "The Convention must never be read as permitting suppression of "
                       "freedom of expression.", chapter="I")
PRESERVE = provision("25(2)", "must", "A person ordered to preserve data must keep it for up to 90 days.",
                     text="... for a period of time as long as necessary, up to a maximum of 90 days ...", chapter="IV")
CONSIDER = provision("54(2)", "must consider", "Countries must consider giving technical assistance.", chapter="VII")
DEFINITION = provision("16(2)", "states", "An intimate image is a private sexual picture of an adult.")


@pytest.mark.parametrize("question, expected", [
    ("Is revenge porn a crime?", "Is revenge porn a crime?"),
    ("My ex posted my photos online. I am devastated. Can he be prosecuted?", "Can he be prosecuted?"),
    ("Countries share evidence, right?", "Countries share evidence, right?"),
    ("What does Article 24 say?", None),
    ("How long can data be preserved?", None),
    # a clause opening with an auxiliary after a comma or a dash, whatever comes before it
    ("A scammer fled abroad. Under the treaty, can his money still be confiscated?",
     "Under the treaty, can his money still be confiscated?"),
    ("I do pentesting for a living - could I get in trouble for having hacking tools?",
     "I do pentesting for a living - could I get in trouble for having hacking tools?"),
    ("my boyfriend logged in to my facebook without me knowing, is that illegal",
     "my boyfriend logged in to my facebook without me knowing, is that illegal"),
    # a quoted term right after the auxiliary; several words leading into a follow-up
    ("Under the Convention, does 'serious crime' mean an offence punishable by five years?",
     "Under the Convention, does 'serious crime' mean an offence punishable by five years?"),
    ("ok but do they at least have to explain why?", "ok but do they at least have to explain why?"),
    # the verb left out
    ("Someone used my Wi-Fi to look at my files. Crime?", "Crime?"),
    ("Knocking a game server offline with junk requests: crime or not?",
     "Knocking a game server offline with junk requests: crime or not?"),
    # asking which, when or what, with a clause in between
    ("Which countries, if any, may make reservations?", None),
    ("To whom, and at what point, must a State Party name its central authority?", None),
    ("In which cases may a country refuse assistance?", None),
    ("If a country refuses, what must it do?", None),
    ("When does it enter into force?", None),
    ("Under Article 24, what safeguards apply?", None),
])
def test_yes_no_questions_are_found_even_at_the_end_of_a_story(question, expected):
    assert yes_no_question(question) == expected


@pytest.mark.parametrize("question, asked", [
    ("Is sharing nudes a crime?", "criminal"),
    ("Is it legal to share nudes?", "lawful"),
    ("Must countries criminalise attempts?", "obligation"),
    ("Do countries have to help each other?", "obligation"),
    ("Does the treaty ban encryption?", "fact"),  # a ban, the treaty's coverage: the learned verdict reads them
    ("Can police read my messages?", "permission"),
    ("Does the Convention cover deepfakes?", "fact"),
    ("Is a State automatically bound by a new protocol?", "fact"),
    ("Does a State that refuses mutual legal assistance have to give reasons?", "obligation"),
    ("Is it legal to share nudes in private?", "lawful"),
    ("Is posting a private sexual video of an ex an offence?", "criminal"),
    ("Can a hacker be prosecuted for it?", "criminal"),
    ("Is logging into a colleague's email against the law?", "criminal"),
    # "crime" about something else: what is asked is whether it may be done, or a fact
    ("Can criminal profits be confiscated?", "permission"),
    ("Will a conviction abroad count on my criminal record at home?", "fact"),
    ("Can electronic evidence be shared for any serious crime?", "permission"),
])
def test_what_a_yes_no_question_asks(question, asked):
    assert asks_about(question) == asked


def test_an_obligation_to_criminalise_answers_yes_and_states_the_rule():
    found = conclude("Is revenge porn a crime under the treaty?", [SHARING])
    assert found.yes_no == "yes"
    assert found.summary == ("Yes. Countries must make it a crime to share an intimate image without consent "
                             "(Article 16(1)).")


def test_a_permission_is_not_an_obligation():
    assert conclude("Is attempted hacking a crime?", [ATTEMPT]).yes_no == "depends"  # each country chooses
    found = conclude("Must countries make attempted hacking a crime?", [ATTEMPT])
    assert found.yes_no == "no" and found.summary.startswith("No, it is not required: Countries may")
    assert conclude("Can a country punish attempts?", [ATTEMPT]).yes_no == "yes"


def test_a_safeguard_that_forbids_answers_no_and_the_text_settles_it():
    crime = conclude("Does this treaty make it a crime to criticise the government?", [EXPRESSION])
    assert crime.yes_no == "no" and crime.settled  # the learned verdict does not override what the text forbids
    lawful = conclude("Is it legal under the treaty to criticise the government?", [EXPRESSION])
    assert lawful.yes_no == "yes" and lawful.settled
    assert not conclude("Is revenge porn a crime?", [SHARING]).settled  # an obligation: the model may read more


def test_a_duty_to_consider_is_no_obligation_and_otherwise_not_necessarily():
    found = conclude("Do rich countries have to give technical assistance?", [CONSIDER])
    assert found.yes_no == "no" and found.summary.startswith("No, it is not required: Countries must consider")
    found = conclude("Will rich countries give technical assistance?", [CONSIDER])
    assert found.yes_no == "depends" and found.summary.startswith("Not necessarily:")


ACCESS = provision("7(1)", "must", "Countries must make it a crime to access a computer system without right.",
                   "1. Each State Party shall adopt such measures as may be necessary to establish as a criminal "
                   "offence the access to the whole or any part of a system without right.")
SECURITY = provision("7(2)", "may", "A country may add conditions: that security measures were broken.",
                     "2. A State Party may require that the offence be committed by infringing security measures.")


def distinctive(words: set[str]) -> set[str]:  # as the index reads them: "system" is in many passages
    return words - {"system", "crime"}


@pytest.mark.parametrize("question, named", [
    ("Is it a crime to get into a system even if I broke no security measure?", True),
    ("Does illegal access need security measures to be infringed?", True),
    ("Is it a crime to get into someone's system without permission?", False),  # names no element
])
def test_an_element_a_country_may_add_is_found_when_the_question_names_it(question, named):
    assert (element_asked(question, ACCESS, [ACCESS, SECURITY], distinctive) is SECURITY) is named


def test_an_element_is_only_read_beside_an_offence_the_rule_obliges():
    question = "Is it a crime even if no security measure was broken?"
    assert element_asked(question, SECURITY, [ACCESS, SECURITY], distinctive) is None  # the rule itself may
    elsewhere = provision("25(1)", "must", "Authorities must be able to order preservation.", chapter="IV")
    assert element_asked(question, elsewhere, [elsewhere, SECURITY], distinctive) is None


def test_an_element_the_question_names_makes_the_answer_depend_on_each_country():
    question = "Is it a crime to get into a system even if I broke no security measure?"
    c = conclude(question, [ACCESS, SECURITY], element=SECURITY)
    assert c.yes_no == "depends" and c.settled and c.source is ACCESS
    assert c.summary.startswith("It depends on each country: Countries must make it a crime")
    assert "(Article 7(1)), but a country may add conditions: that security measures were broken (Article 7(2))." in c.summary
    assert conclude(question, [ACCESS]).yes_no != "depends"  # without it, the rule alone


def test_a_claim_followed_by_true_is_checked():
    assert conclude("I read that data is kept for 180 days. True?", [PRESERVE]).yes_no == "no"
    assert conclude("I read that data is kept for up to 90 days. Correct?", [PRESERVE]).yes_no is not None


def test_an_age_is_not_a_duration():
    assert "duration" not in quantities("pictures of 16-year-olds")
    assert quantities("kept for 90 days")["duration"] == {90}


def test_is_there_asks_whether_the_treaty_provides_it():
    contact = provision("41(1)", "must", "Each country must name a 24/7 contact point.",
                        text="Each State Party shall designate a point of contact available 24 hours a day.",
                        chapter="V")
    assert conclude("is there a 24/7 contact for cyber crime between countries", [contact]).yes_no == "yes"


def test_a_wrong_number_in_the_question_is_contradicted_by_the_text():
    found = conclude("Can providers be ordered to keep data for 180 days?", [PRESERVE])
    assert found.yes_no == "no" and "“90 days”" in found.summary
    assert conclude("Can providers be ordered to keep data for 90 days?", [PRESERVE]).yes_no == "yes"


def test_a_wrong_date_is_contradicted():
    adoption = Passage(id="r", doc_id="resolution", doc_kind="resolution", doc_title="R",
                       label="Resolution 79/243", text="55th (resumed) plenary meeting 24 December 2024",
                       plain="The General Assembly adopted the Convention on 24 December 2024.", force="states")
    found = conclude("A blog says the General Assembly adopted the Convention in July 2024. Is that right?", [adoption])
    assert found.yes_no == "no" and "24 December 2024" in found.summary


def test_a_wrong_article_answers_no_and_names_the_right_one():
    found = conclude("Does Article 16 cover grooming?", [SHARING], mismatch=("Article 16", "Article 15"))
    assert found.yes_no == "no" and found.summary.startswith("No. Article 16 does not deal with this; Article 15 does")


def test_the_rule_is_preferred_to_a_definition_for_the_conclusion():
    found = conclude("Is sharing intimate images a crime?", [DEFINITION, SHARING])
    assert found.yes_no == "yes" and found.source is SHARING


PROPERTY = provision("2(i)", "", "In the Convention, 'property' means assets of every kind, including virtual assets.",
                     text="(i) “Property” shall mean assets of every kind, ... including virtual assets ...;", chapter="I")
SERIOUS = provision("2(h)", "", "In the Convention, a 'serious crime' is an offence punishable by at least four years.",
                    text="(h) “Serious crime” shall mean conduct constituting an offence punishable by a maximum "
                         "deprivation of liberty of at least four years ...;", chapter="I")


def test_a_definition_never_settles_whether_something_is_a_crime():
    found = conclude("Is crypto illegal?", [PROPERTY])
    assert found.yes_no is None and found.settled  # settled: no learned verdict may add a "Yes"
    assert found.summary.startswith("In the Convention, 'property' means")


def test_a_question_using_the_defined_term_asks_what_it_means():
    found = conclude("Is a 'serious crime' one punishable by at least four years?", [SERIOUS])
    assert found.asked == "fact" and not found.settled  # left to the verdict a fact question gets
    assert conclude("Is a serious crime one punishable by two years?", [SERIOUS]).yes_no == "no"


def test_an_open_question_gets_a_plain_first_sentence_and_no_verdict():
    found = conclude("What does the treaty say about intimate images?", [SHARING])
    assert found.yes_no is None and found.summary.endswith("(Article 16(1)).")


def test_a_recital_is_summed_up_by_its_own_entry():
    recitals = Passage(id="p4", doc_id="convention", doc_kind="treaty", doc_title="C", label="Preamble",
                       text="Recognizing the importance of mainstreaming a gender perspective …", force="states",
                       plain="In the recitals, the countries recognize a gender perspective.")
    found = conclude("What does the preamble say about gender?", [recitals])
    assert found.summary == "In the recitals, the countries recognize a gender perspective (Preamble)."
    assert found.source is recitals


def test_no_plain_entry_no_conclusion():
    bare = Passage(id="c", doc_id="news", doc_kind="commentary", doc_title="N", label="Commentary ¶1", text="x")
    assert conclude("Is hacking a crime?", [bare]).summary == ""


def test_quantities_read_numbers_words_and_ordinals():
    assert quantities("after the fortieth instrument of ratification")["count"] == {40}
    assert quantities("Is 40 the number of States Parties required?")["count"] == {40}
    assert quantities("within 90 days")["duration"] == {90}
    assert quantities("for two years")["duration"] == {730}
    assert quantities("24 hours a day, 7 days a week") == {}  # a rate, not a period
    assert contradicted("Does it enter into force after 30 ratifications?",
                        "on the ninetieth day after the date of deposit of the fortieth instrument of ratification")


def test_numbers_in_a_story_that_are_not_asked_about_are_not_checked():
    story = ("We were together for four years. Now she threatens to post our private videos. Is that a crime "
             "under the treaty?")
    adult = provision("16(1)", "must", "Countries must make it a crime to share an intimate image without consent.",
                      text="... an intimate image ... of a person over the age of 18 years ...")
    assert conclude(story, [adult]).yes_no == "yes"


def test_other_yes_no_questions_follow_the_force_of_the_provision_found():
    witnesses = provision("33(1)", "must", "Countries must take measures to protect witnesses from retaliation.",
                          chapter="IV")
    assert conclude("Are witnesses who testify about cybercrime protected?", [witnesses]).yes_no == "yes"
    statistics = provision("55(2)", "must consider", "Countries must consider sharing statistics.", chapter="VII")
    assert conclude("Do countries share statistics about cybercrime trends?", [statistics]).yes_no == "depends"
    assert conclude("Are witnesses protected?", [DEFINITION]).yes_no is None  # a definition settles nothing


def test_a_prohibition_answers_no_to_whether_the_prohibited_is_required():
    use = provision("40(19)", "must not", "The requesting country must not use evidence for other proceedings "
                    "without the requested country's consent.",
                    text="19. The requesting State Party shall not transmit or use information or evidence furnished "
                         "by the requested State Party for investigations other than those stated in the request "
                         "without the prior consent of the requested State Party.", chapter="V")
    assert conclude("Must the requesting State use the evidence for other investigations?", [use]).yes_no == "no"


def test_a_question_after_a_conditional_clause_is_a_yes_no_question():
    question = ("If two States Parties cannot agree on an arbitration three months after the request, can either "
                "of them refer the dispute to the International Court of Justice?")
    assert yes_no_question(question) == question
    dispute = provision("63(2)", "must", "A dispute goes to arbitration; after six months either may go to the ICJ.",
                        text="... if, six months after the date of the request for arbitration, those States "
                             "Parties are unable to agree ...", chapter="IX")
    assert conclude(question, [dispute]).yes_no == "no"


def test_is_that_right_reads_what_the_claim_asks():
    """'My flatmate insists the treaty forces countries to … Is that right?' asks about an obligation."""
    attempt = provision("19(2)", "may", "A country may make it a crime to attempt an offence.",
                        text="Each State Party may adopt such measures as may be necessary to establish as a criminal "
                             "offence any attempt to commit an offence.")
    found = conclude("My flatmate insists the treaty forces every country to make attempted hacking a crime. Is that "
                     "right?", [attempt])
    assert found.yes_no == "no" and found.summary.startswith("No, it is not required")


def test_a_period_in_the_text_contradicts_at_once_and_a_wrong_count_of_consecutive_days():
    withdrawal = "Such denunciation shall take effect one year after the date of receipt of the notification"
    assert contradicted("Does a withdrawal take effect the same day it is notified?", withdrawal) == "“one year”"
    assert contradicted("Does a withdrawal take effect after one year?", withdrawal) is None
    safe_conduct = "Such safe conduct shall cease when the witness has, for a period of fifteen consecutive days ..."
    assert contradicted("Does his safe conduct end after 10 days?", safe_conduct) == "“fifteen consecutive days”"
    assert contradicted("Does his safe conduct end after fifteen days?", safe_conduct) is None


def test_a_follow_up_that_names_only_a_new_case_asks_the_earlier_yes_or_no():
    earlier = "Is it a crime to share someone's intimate images without consent?"
    assert conclude("What about a deepfake of them?", [SHARING], earlier=earlier).yes_no == "yes"
    assert conclude("What about a deepfake of them?", [SHARING]).yes_no is None  # no earlier question
    assert conclude("For how long?", [PRESERVE], earlier="Can police make my provider keep my data?").yes_no is None


ONWARD = provision("36(3)", "must", "A country must ask the sending country's permission before passing personal "
                   "data on to a third country.", chapter="V",
                   text="3. In order to transfer personal data ... a State Party shall notify the original transferring "
                        "State Party of its intention and request its authorization. The State Party shall transfer "
                        "such personal data only with the authorization of the original transferring State Party.")


def test_doing_without_what_the_text_makes_a_condition_is_answered_no():
    found = conclude("Can they just forward my personal data to another country without asking?", [ONWARD])
    assert found.yes_no == "no" and found.settled
    assert "“only with the authorization of the original transferring State Party”" in found.summary
    # With the condition met, or asked about as a crime, the condition settles nothing.
    assert not conclude("Can they forward my data to another country if the sender agrees?", [ONWARD]).settled
    assert not conclude("Is passing on data without asking a crime?", [ONWARD]).settled
    # Without a condition in the text, "without" settles nothing either.
    assert not conclude("Can a country give technical assistance without being asked?", [CONSIDER]).settled
