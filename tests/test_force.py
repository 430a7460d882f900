"""The modal-verb parser that gives each provision its force."""

from __future__ import annotations

import pytest

from assistant.force import MAY, MAY_RESERVE, MUST, MUST_CONSIDER, MUST_ENDEAVOUR, MUST_NOT, STATES, forces_in, main_force


@pytest.mark.parametrize("text, force", [
    ("Each State Party shall adopt such legislative and other measures as may be necessary to establish", MUST),
    ("States Parties may not refuse a request for extradition on the sole ground", MUST_NOT),
    ("The requested State Party shall not decline to render mutual legal assistance", MUST_NOT),
    ("Nothing in this Convention shall be interpreted as permitting suppression of human rights", MUST_NOT),
    ("Nothing in this Convention shall entitle a State Party to undertake in the territory of another State the "
     "exercise of jurisdiction", MUST_NOT),
    ("Each State Party may adopt the necessary legislative and other measures", MAY),
    ("States Parties shall not be required to transfer personal data", MAY),
    ("Nothing in this Convention shall be interpreted as imposing an obligation to extradite", MAY),
    ("Nothing in this paragraph shall prevent the requesting State Party from disclosing exculpatory evidence", MAY),
    ("However, this shall not prevent the receiving State Party from disclosing in its proceedings information", MAY),
    ("Each State Party may reserve the right to apply the measures", MAY_RESERVE),
    ("States Parties shall consider entering into bilateral agreements", MUST_CONSIDER),
    ("States Parties shall, subject to their domestic law, endeavour to expedite extradition", MUST_ENDEAVOUR),
    ("States Parties shall seek to conclude bilateral and multilateral agreements", MUST_ENDEAVOUR),
    ("“Traffic data” shall mean any electronic data relating to a communication", STATES),
    ("1. This Convention shall enter into force on the ninetieth day after", STATES),
    ("The purposes of this Convention are to: (a) Promote and strengthen measures", STATES),
    # an aside between the modal and its verb
    ("may, in respect of offences other than those established in accordance with this Convention, reserve the "
     "right to refuse", MAY_RESERVE),
    ("the requested State Party shall, if its domestic law so permits, upon application, consider the enforcement",
     MUST_CONSIDER),
    ("States Parties shall, if so requested, give priority consideration to returning", MUST_CONSIDER),
    # a sub-paragraph that only asks to consider, under a chapeau that obliges
    ("1. Each State Party ... shall, in accordance with its domestic law:\n(c) Consider taking such measures", MUST),
    ("States parties are not obliged to reproduce verbatim in their domestic law", MAY),
    ("it may consider this Convention the legal basis for extradition", MAY),
    ("shall consider this Convention the necessary and sufficient treaty basis", MUST),
    # a recommendation obliges nothing: the nearest force is a duty to consider
    ("(c) States Parties are encouraged to establish bilateral or multilateral arrangements", MUST_CONSIDER),
    ("States Parties are strongly encouraged to make concrete efforts", MUST_CONSIDER),
    ("it shall encourage the speedy and proper execution of the request", MUST),
])
def test_main_force(text, force):
    assert main_force(text) == force


def test_the_formula_as_may_be_necessary_grants_nothing():
    assert forces_in("Each State Party shall adopt such measures as may be necessary to empower") == [MUST]


def test_a_subject_naming_the_convention_mid_sentence_still_obliges():
    # "pursuant to this Convention shall do so": the State Party is the subject, not the Convention.
    assert main_force("A State Party transferring personal data pursuant to this Convention shall do so") == MUST


def test_a_sub_paragraph_that_asks_to_consider_or_to_try_carries_that_force_too():
    assert forces_in("shall, in accordance with its domestic law:\n(c) Consider taking such measures") == [
        MUST, MUST_CONSIDER]
    assert forces_in("treaty shall:\n(b) Seek, where appropriate, to conclude treaties") == [MUST, MUST_ENDEAVOUR]


def test_every_force_of_a_mixed_provision_is_found_in_order():
    text = ("Each State Party may reserve the right to apply the measures ... Each State Party shall consider "
            "restricting such a reservation.")
    assert forces_in(text) == [MAY_RESERVE, MUST_CONSIDER]
