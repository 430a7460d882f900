"""Pure rules for questions that lie outside the Convention whatever passage looks similar."""

from __future__ import annotations

import pytest

from assistant.scope import (
    unknown_names,
    asked_about, asks_for_advice, asks_for_writing, asks_what_to_do, not_recorded, other_field_of_law,
    word_asked_about,
)


@pytest.mark.parametrize(
    "question, advice",
    [
        ("How do I reset my router?", True),
        ("Which VPN is the safest to use?", True),
        ("How much does a cybersecurity degree cost?", True),
        ("Who is the current UN Secretary-General?", True),
        ("Should I buy shares in a cybersecurity company?", True),
        ("Tell me a joke about lawyers", True),
        ("Is TikTok safe for kids?", True),
        ("What time does the post office open?", True),
        ("how to hack wifi", True),
        ("best VPN 2026", True),
        ("bitcoin price today", True),
        ("How do I make a request under the treaty?", False),  # about the Convention itself
        ("How to request legal assistance under the convention?", False),
        ("Can police make me unlock my phone?", False),
        ("How much data can police keep?", False),
    ],
)
def test_requests_for_personal_advice_are_recognised(question, advice):
    assert asks_for_advice(question) is advice


@pytest.mark.parametrize(
    "question, what_to_do",
    [
        ("My company's files were encrypted by ransomware. Should we pay the ransom?", True),
        ("should i report my ex to the police", True),
        ("I was scammed online! Should I tell my bank first?", True),
        ("Should States Parties share data spontaneously?", False),  # asks about States, not the asker
        ("Under the treaty, should I expect my data to be kept?", False),  # asks about the Convention
        ("Is it a crime if someone should have known the image was private?", False),  # not a question opener
        ("What should I do if someone hacked my bank account?", True),
        ("My ex leaked my photos. Do I need a lawyer?", True),
        ("Our server was hacked. Which logs should I pull first, and how do I check the server?", True),
        ("What phone number do I call to report online fraud to the police?", True),
    ],
)
def test_questions_asking_what_to_do_are_recognised_after_a_story(question, what_to_do):
    assert asks_what_to_do(question) is what_to_do


@pytest.mark.parametrize(
    "question, subjects",
    [
        ("What does HTTPS stand for?", ("HTTPS",)),
        ("What is the punishment for shoplifting in Canada?", ("shoplifting",)),
        ("What is a keylogger?", ("keylogger",)),
        ("What does the treaty mean by traffic data?", ("treaty",)),
        ("What is the difference between a virus and a bacterium?", ("virus", "bacterium")),
        ("Is hacking a crime?", ("hacking",)),  # a word the plain-language layer uses, so answered
        ("Is jaywalking illegal in New York?", ("jaywalking",)),
        ("Is it a crime to hack a phone?", ()),
        ("What is the purpose of the convention?", ()),
    ],
)
def test_the_things_a_question_asks_about(question, subjects):
    assert asked_about(question) == subjects


@pytest.mark.parametrize(
    "question, writing",
    [
        ("Write me a story about a hacker", True),
        ("Compose a poem about the cybercrime convention", True),  # a poem cites nothing, whatever its topic
        ("Tell us a joke about firewalls", True),
        ("Translate 'cybercrime' into Japanese.", True),
        ("I need to write a cover letter for a cybersecurity job, can you help?", True),
        ("Who wrote the Convention's first draft?", False),
        ("Can you tell me what Article 16 says?", False),
    ],
)
def test_requests_for_writing_are_recognised(question, writing):
    assert asks_for_writing(question) is writing


@pytest.mark.parametrize(
    "question, field",
    [
        ("What does the Fourth Amendment protect?", "national constitutions"),
        ("What is the statute of limitations for theft in California?", "the law of California"),
        ("What is the penalty for tax evasion in the United Kingdom?", "the law of the United Kingdom"),
        # The Convention's own subjects, in words that look like other law:
        ("Can police collect traffic data in real time?", None),
        ("What is the statute of limitations for cybercrime?", None),
        ("How long is the limitation period under the convention in Germany?", None),  # names the treaty
        ("Can a visa fraud ring be prosecuted for forging documents online?", None),
        ("Can victims get refunds of money stolen by online fraud?", None),  # restitution, Article 34
        ("Is there a way of speeding up requests between countries?", None),
        ("Can an employee be punished for hacking the employer's network?", None),
        ("What penalty must a country set for hacking?", None),
        ("Can a child be punished for sharing images of themselves?", None),
    ],
)
def test_other_fields_of_law_are_recognised(question, field):
    assert other_field_of_law(question) == field


@pytest.mark.parametrize(
    "question, word",
    [
        ("What does ISP mean?", "ISP"),
        ("What is ICT?", "ICT"),
        ("What is the penalty for crypto theft?", None),  # asks about a penalty, not a meaning
        ("Is crypto illegal?", None),
    ],
)
def test_only_questions_about_a_meaning_name_a_word_to_define(question, word):
    assert word_asked_about(question) == word


@pytest.mark.parametrize("question, what", [
    ("What's the maximum prison sentence for hacking in France?", "the law of France"),
    ("Is using a VPN illegal in China?", "the law of China"),
    ("Is it legal in Japan to download pirated software?", "the law of Japan"),
    ("What does US law say about hacking?", "the law of the US"),
    # typed in lower case: a country's name is still a name
    ("is it legal in canada to download films for free?", "the law of Canada"),
    ("is selling cloned bank cards illegal in the uk?", "the law of the UK"),
    ("is the usa a party to it?", "which States have signed or ratified"),
    # "share" is a request between countries only when shared with someone
    ("Is it illegal in Russia to share a cartoon of the president?", "the law of Russia"),
    ("How many countries have ratified the convention so far?", "which States have signed or ratified"),
    ("Has the United Kingdom signed the cybercrime treaty yet?", "which States have signed or ratified"),
    ("Is the convention already in force today?", "which States have signed or ratified"),
    ("Has the cybercrime convention entered into force yet?", "which States have signed or ratified"),
    ("Has the convention already entered into force?", "which States have signed or ratified"),
    ("On what date did the Convention enter into force?", "which States have signed or ratified"),
    ("Which States have declared under Article 63(3) that they are not bound?", "which States have signed or ratified"),
    ("What does the Second Additional Protocol to the Budapest Convention say about providers?",
     "what the Second Additional Protocol to the Budapest Convention says"),
    ("What does the Lanzarote Convention require on grooming?", "what the Lanzarote Convention says"),
    ("Is the UK a party to the convention?", "which States have signed or ratified"),
    ("Is Brazil bound by the treaty?", "which States have signed or ratified"),
    ("Does Interpol support this treaty?", "what Interpol thinks of it"),  # named in Article 41, views not
    ("Is this treaty good for human rights?", "whether it is good or bad"),
    ("What do you think of the convention?", "whether it is good or bad"),
    ("Under the US CLOUD Act, can prosecutors force a company to hand over emails?", "what the US CLOUD Act says"),
    ("Does Kenya's Computer Misuse and Cybercrimes Act make false news a crime?",
     "what Kenya's Computer Misuse and Cybercrimes Act says"),
    ("Will the European Union ratify the convention, and when is that expected?", "how things will turn out"),
    ("How is the Supreme Court of Canada likely to rule on this?", "how things will turn out"),
    ("Which States have made a reservation under Article 63 so far?", "which States have signed or ratified"),
    ("Did Canada sign the convention in Hanoi?", "which States have signed or ratified"),
])
def test_what_no_document_records_is_recognised(question, what):
    assert what in (not_recorded(question) or "")


@pytest.mark.parametrize("question", [
    "Can France ask Japan for data if hacking is illegal in Japan?",  # a request between countries
    "Can France share evidence with Japan if hacking is illegal in Japan?",
    "How many ratifications are needed before the convention enters into force?",  # the rule, Article 65
    "how many countries have to ratify before the treaty actually kicks in?",  # the rule, not a count so far
    "Can a country sign the treaty now and ratify it later?",
    "How many votes are needed to adopt an amendment?",  # Article 66's voting rule
    "Who can request mutual legal assistance?",
    "For a State that ratifies once forty instruments have already been deposited, when does it enter into force?",
    "Is hacking a crime under the Convention?",
    "Does the Convention support victims of online abuse?",  # what it does, not anyone's view of it
    "Are States Parties bound by a protocol they have not ratified?",
    "When does the treaty enter into force?",
    "If we ratify after the Convention has already entered into force, when does it enter into force for us?",
    "What does the United Nations Convention against Cybercrime say about grooming?",  # its own name
    "What does the UN Cybercrime Convention say about grooming?",
    "Which States may make a reservation under Article 63?",  # the rule, not who did
    "Can the procedural powers in Chapter IV only be used for the offences in Articles 7 to 16?",  # not a place
    "I do IT support for a small hosting company. Must we keep the data the police asked for?",  # no view asked
])
def test_questions_the_documents_answer_are_not_refused(question):
    assert not_recorded(question) is None


@pytest.mark.parametrize("question, names", [
    ("Is Nigeria a party under Article 37?", 1),  # "Article" is the documents' word
    ("I live in Ireland. Does Google keep my data?", 1),  # only the sentence that asks: "Google"
    ("My ex kept the flat in Leeds and read my WhatsApp. Is that a crime?", 0),  # a story's names are detail
    ("Does Google in Ireland keep my data, as I was told?", 2),  # "I" opens nothing
    ("Can France ask Japan for evidence?", 0),  # a request between countries: the Convention's business
    ("What did the General Assembly adopt in Hanoi?", 0),  # names the documents use
    ("Nigeria signed it?", 0),  # a sentence's first word is capitalised anyway
    ("is sharing nudes on instagram a crime?", 0),  # lower case: no name to read
    ("What is Meta's policy?", 1),  # the possessive is not part of the name
])
def test_names_no_document_mentions_are_counted(question, names):
    documents = "article 37 the general assembly adopted the convention in hanoi, viet nam"
    assert unknown_names(question, lambda name: name.lower() in documents) == names


@pytest.mark.parametrize("question, spelled", [
    ("is it legal in canada?", "is it legal in Canada?"),
    ("can south korea ask the uk for data?", "can South Korea ask the UK for data?"),
    ("can us police ask for data?", "can us police ask for data?"),  # "us" is a pronoun
    ("my friend jordan ate turkey in chad", "my friend jordan ate turkey in chad"),  # everyday words first
    ("someone stole my football jersey", "someone stole my football jersey"),
    ("Viet Nam hosted the signing", "Viet Nam hosted the signing"),
])
def test_country_names_typed_in_lower_case_are_spelled_as_names(question, spelled):
    from assistant.scope import with_country_names_capitalised

    assert with_country_names_capitalised(question) == spelled


def test_a_country_named_in_lower_case_counts_as_a_name_no_document_mentions():
    assert unknown_names("what's the maximum sentence for computer fraud in kenya?", lambda name: False) == 1
    assert unknown_names("what's the maximum sentence for computer fraud?", lambda name: False) == 0

