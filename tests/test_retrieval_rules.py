"""Pure retrieval rules: what a question asks for, and which of two mirrored articles it wants."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from assistant.retrieve import ASKS_ABOUT_SAFEGUARDS, ASKS_FOR_COMMENTARY, ASKS_WHAT_HAPPENS_AFTER_CONFISCATION, CROSS_BORDER, asks_about_an_offence, asks_if_criminal, asks_who_may_prosecute, criminalization_weight, disposal_weight, extradition_weight, safeguards_weight, Hit, TreatyIndex, answer_type_boost, prefer_mirror, reverse, wanted_answer
from assistant.text import tokenize


def treaty(article: int, text: str = "") -> Passage:
    return Passage(id=f"a{article}", doc_id="c", doc_kind="treaty", doc_title="C", label=f"Article {article}",
                   text=text, article=article)


def hit(article: int, score: float) -> Hit:
    return Hit(treaty(article), score, 0.5, "search")


@pytest.mark.parametrize(
    "question, cross_border",
    [
        ("Can a foreign government get my emails?", True),
        ("Can one state ask another to preserve data?", True),
        ("Can evidence be shared across borders?", True),
        ("What must the requested State Party do?", True),
        ("Can my country intercept messages for a foreign investigation?", True),
        ("Can countries help each other monitor traffic data live?", True),
        ("Is a foreign national protected as a witness?", False),
        ("Can the police read my emails?", False),
        ("Is there another way to report a crime?", False),
    ],
)
def test_cross_border_questions_are_recognised(question, cross_border):
    assert bool(CROSS_BORDER.search(question)) is cross_border


def test_the_mirrored_cooperation_article_moves_above_the_domestic_power():
    hits = [hit(25, 1.0), hit(26, 0.9), hit(42, 0.8), hit(7, 0.7)]
    assert [h.passage.article for h in prefer_mirror(hits, {25: [42, 44]})] == [42, 25, 26, 7]


def test_a_mirror_far_down_the_list_or_no_mirror_changes_nothing():
    hits = [hit(25, 1.0), hit(1, 0.9), hit(2, 0.8), hit(3, 0.7), hit(4, 0.6), hit(42, 0.5)]
    assert prefer_mirror(hits, {25: [42]}) == hits
    assert prefer_mirror(hits, {}) == hits


@pytest.mark.parametrize(
    "question, text, boosted",
    [
        ("How many ratifications are needed?", "1. It enters into force after the fortieth instrument of ratification.", True),
        ("How many ratifications are needed?", "3. This Convention is subject to ratification.", False),  # "3." numbers a paragraph
        ("How long must data be preserved?", "Data shall be preserved for up to ninety days.", True),
        ("When was the Convention adopted?", "Adopted by the General Assembly on 24 December 2024.", True),
        ("When was the Convention adopted?", "The Convention was adopted after long talks.", False),
        ("What is illegal access?", "Within ninety days of the fortieth ratification.", False),  # asks for no number
        ("Is there a time limit for prosecutions?", "A contact point open 24 hours a day, 7 days a week, for prosecutions.", False),  # a rate, not a limit
    ],
)
def test_questions_for_a_date_duration_or_count_prefer_passages_that_give_one(question, text, boosted):
    boost = answer_type_boost(wanted_answer(question), set(tokenize(question)), treaty(1, text))
    assert (boost > 1.0) is boosted


@pytest.mark.parametrize(
    "question, asks",
    [
        ("What do experts say about the treaty?", True),
        ("What have critics said about the Convention?", True),
        ("What does the news commentary report?", True),
        ("Can experts who give evidence in trials get protection?", False),  # experts as witnesses
        ("Is hacking a crime?", False),
    ],
)
def test_questions_asking_what_commentators_say_are_recognised(question, asks):
    assert bool(ASKS_FOR_COMMENTARY.search(question)) is asks


def test_only_distinctive_words_tie_a_date_or_duration_to_the_question():
    passages = [treaty(n, f"{n}. Crime text number {n}.") for n in range(1, 31)]
    passages.append(treaty(31, "1. A long statute of limitations period applies to crime."))
    index = TreatyIndex(passages)
    words = set(tokenize("crime limitation statute"))
    assert index.distinctive(words) == set(tokenize("limitation statute"))


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
    assert bool(ASKS_ABOUT_SAFEGUARDS.search(question)) is safeguards


def test_only_the_conditions_and_safeguards_article_is_preferred():
    conditions = Passage(id="a24", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 24(3)", text="",
                         article=24, article_title="Conditions and safeguards")
    power = Passage(id="a30", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 30", text="",
                    article=30, article_title="Interception of content data")
    assert safeguards_weight(conditions, True) > safeguards_weight(power, True) == 1.0
    assert safeguards_weight(conditions, False) == 1.0


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
    assert bool(ASKS_WHAT_HAPPENS_AFTER_CONFISCATION.search(question)) is afterwards


def test_the_return_of_confiscated_proceeds_ranks_lower_unless_asked_about():
    disposal = Passage(id="a52", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 52(3)", text="",
                       article=52, article_title="Return and disposal of confiscated proceeds of crime or property")
    confiscation = Passage(id="a31", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 31", text="",
                           article=31, article_title="Freezing, seizure and confiscation of the proceeds of crime")
    assert disposal_weight(disposal, False) < disposal_weight(confiscation, False) == 1.0
    assert disposal_weight(disposal, True) == 1.0


def test_only_the_criminalization_chapter_is_preferred():
    offence = Passage(id="a7", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 7", text="", article=7, chapter="II")
    power = Passage(id="a28", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 28", text="", article=28, chapter="IV")
    assert criminalization_weight(offence, True) > criminalization_weight(power, True) == 1.0
    assert criminalization_weight(offence, False) == 1.0


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


def test_only_the_extradition_article_ranks_lower_for_who_may_prosecute():
    extradition = Passage(id="a37", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 37(11)", text="",
                          article=37, article_title="Extradition")
    jurisdiction = Passage(id="a22", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 22", text="",
                           article=22, article_title="Jurisdiction")
    assert extradition_weight(extradition, True) < extradition_weight(jurisdiction, True) == 1.0
    assert extradition_weight(extradition, False) == 1.0


def test_without_another_country_the_domestic_power_moves_above_its_cooperation_article():
    hits = [hit(43, 1.0), hit(7, 0.9), hit(26, 0.8)]
    assert reverse({26: [43], 25: [42, 44], 28: [44]}) == {43: [26], 42: [25], 44: [25, 28]}
    assert [h.passage.article for h in prefer_mirror(hits, reverse({26: [43]}))] == [26, 43, 7]
