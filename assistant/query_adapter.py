"""A learned correction of the search vector toward the paragraphs that answer a question.

The bundled embedding model was trained on general web text. It puts "can police make my phone
company keep my messages?" nearer paragraphs that share its words than the paragraph that answers it
(25(1), expedited preservation). A linear map learned from the labelled tuning sets (each question
with the paragraphs that answer it) moves a question's vector toward where its answers lie:
q' = normalise(q + q·A). It learns what the treaty's paragraphs are asked about in lay words, across
questions, which no single rule or list of words can; leaving one tuning set out at a time raised the
dense ranking's first paragraph on the left-out set by 0.13 to 0.43 (`--validate`).

Questions ask about some paragraphs far more than others, so the map also learns from each provision's
own plain-language sentence (corpus/plain/), taken as a question that its provision answers: every
paragraph then pulls the map a little, not only the often asked ones (LAYER_WEIGHT).

Only the order of the dense ranking uses it. The cosine that decides whether anything is close enough
to answer, and the recogniser of unanswerable questions, read the vector as the model made it.

    python -m assistant.query_adapter             # retrain from the tuning sets and write MODEL_FILE
    python -m assistant.query_adapter --validate  # leave one tuning set out at a time, print the scores
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Sequence

import numpy as np

from assistant.config import PROJECT_ROOT
from assistant.models import Passage
from assistant.training import (TRAINING_SETS, TrainedOnVectors, command_line, left_out, load_training_sets, pooled,
                                space_of)

MODEL_FILE = Path(__file__).with_name("query_adapter.npz")
# Chosen with --validate (leave one tuning set out): 1e-2 to 1e-4 scored within 0.03 of each other.
TEMPERATURE = 0.05  # softmax temperature over cosines (0 to 1) of every passage
DECAY = 1e-3  # pulls the map toward no change, so a question unlike any learned one keeps its vector
EPOCHS = 200
LEARNING_RATE = 1e-2
# The plain-language sentences' share of the loss beside the questions' (0.15: the sentences weigh 0.15 of
# what all questions weigh). Chosen on the compared and tuning sets among 0.08, 0.15, 0.3 and 0.6 (README).
LAYER_WEIGHT = 0.15


@dataclass(frozen=True)
class QueryAdapter(TrainedOnVectors):
    model_file: ClassVar[Path] = MODEL_FILE
    matrix: np.ndarray = field(repr=False)  # (dimensions, dimensions): the correction A
    embedding_model: str  # the vector space it was trained in (training.vector_space)
    trained_on: tuple[str, ...]
    examples: int

    def adapt(self, vector: Sequence[float]) -> np.ndarray:
        """The corrected search vector, normalised (a vector of another size is returned unchanged)."""
        q = np.asarray(vector, dtype=np.float32)
        if q.shape != (self.matrix.shape[0],):
            return q
        adapted = q + q @ self.matrix
        norm = float(np.linalg.norm(adapted))
        return adapted / norm if norm > 0 else q

    def save(self, path: Path) -> None:
        meta = {"embedding_model": self.embedding_model, "trained_on": list(self.trained_on), "examples": self.examples}
        # float16 halves the file; the ranking it gives is the same to the fourth decimal of every cosine.
        with path.open("wb") as f:
            np.savez_compressed(f, matrix=self.matrix.astype(np.float16), meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: Path) -> "QueryAdapter | None":
        """The saved adapter, or None when there is none (the dense ranking then uses the plain vector)."""
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            matrix = data["matrix"].astype(np.float32)
        return cls(matrix, meta["embedding_model"], tuple(meta["trained_on"]), int(meta["examples"]))


def answering_passages(labels: Sequence[str], paragraphs: Sequence[str]) -> list[int]:
    """The passages (by position in `labels`) that hold a gold paragraph or lie within one."""
    from assistant.eval import label_matches

    return [i for i, label in enumerate(labels)
            if any(label_matches(label, gold) or label_matches(gold, label) for gold in paragraphs)]


def fit(vectors: np.ndarray, answers: list[list[int]], passages: np.ndarray, decay: float = DECAY,
        weights: Sequence[float] | None = None) -> np.ndarray:
    """The correction A that makes each question's answering passages most likely under a softmax over
    every passage (cross-entropy, full batch: the corpus is a few hundred passages), each question
    weighing `weights` (all alike when None)."""
    import torch

    torch.manual_seed(0)
    x = torch.tensor(vectors, dtype=torch.float32)
    p = torch.tensor(passages, dtype=torch.float32)
    gold = torch.zeros(len(answers), p.shape[0], dtype=torch.bool)
    for row, columns in enumerate(answers):
        gold[row, columns] = True
    w = torch.ones(len(answers)) if weights is None else torch.tensor(list(weights), dtype=torch.float32)
    w = w / w.sum()
    a = torch.zeros(x.shape[1], x.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([a], lr=LEARNING_RATE)
    # The map with the lowest loss, not the last: Adam's loss spikes now and then (0.35 -> 0.66 and back),
    # and once a spike fell on the last epoch (loss 2.6 against 0.32), after twelve questions joined the
    # development set: 0.911 of the training questions ranked right instead of 0.999, and the first passage
    # on test.jsonl and u1-u11 0.888 -> 0.771. The best map scores 0.999 and 0.889 for that data.
    best_loss, best = float("inf"), a.detach().clone()
    for _ in range(EPOCHS):
        q = x + x @ a
        logits = (q / q.norm(dim=1, keepdim=True)) @ p.T / TEMPERATURE
        answered = torch.logsumexp(logits.masked_fill(~gold, -1e9), dim=1)
        loss = ((torch.logsumexp(logits, dim=1) - answered) * w).sum() + decay * (a ** 2).sum()
        if loss.item() < best_loss:
            best_loss, best = loss.item(), a.detach().clone()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return best.numpy()


def first_passage_right(vectors: np.ndarray, answers: list[list[int]], passages: np.ndarray,
                        matrix: np.ndarray | None = None) -> float:
    """Share of questions whose most similar passage answers them."""
    q = vectors.astype(np.float32)
    if matrix is not None:
        q = q + q @ matrix
        q /= np.linalg.norm(q, axis=1, keepdims=True)
    best = (q @ passages.T).argmax(axis=1)
    return float(np.mean([b in gold for b, gold in zip(best, answers)])) if answers else float("nan")


def examples(questions, vectors: np.ndarray, labels: Sequence[str]) -> tuple[np.ndarray, list[list[int]]]:
    """The in-scope questions whose answer is searched for (no provision named) and whose paragraphs
    are labelled, with the passages that answer each."""
    from assistant.references import parse_references

    rows, answers = [], []
    for row, q in enumerate(questions):
        gold = answering_passages(labels, q.paragraphs) if not q.out_of_scope else []
        if gold and not parse_references(q.question):
            rows.append(row)
            answers.append(gold)
    return vectors[rows], answers


def layer_examples(passages: Sequence[Passage]) -> tuple[list[str], list[list[int]]]:
    """Each provision's plain-language sentence with its passage (by position), to learn from as a
    question that passage answers; passages without an entry (commentary) give none."""
    found = [(p.plain, [i]) for i, p in enumerate(passages) if p.plain]
    return [text for text, _ in found], [answer for _, answer in found]


def with_sentences(sets: Sequence[tuple[np.ndarray, list[list[int]]]], layer_x: np.ndarray,
                   layer_answers: list[list[int]], layer_weight: float = LAYER_WEIGHT,
                   ) -> tuple[np.ndarray, list[list[int]], np.ndarray]:
    """The sets' questions pooled, then the layer's sentences, with weights that give the sentences
    `layer_weight` of the questions' total. (knowledge.with_layer is another thing: it attaches the layer's
    entries to the passages at ingestion.)"""
    x, answers = pooled(sets)
    share = layer_weight * len(answers) / max(len(layer_answers), 1)
    weights = np.concatenate([np.ones(len(answers)), np.full(len(layer_answers), share)])
    return np.concatenate([x, layer_x]), answers + layer_answers, weights


def main(argv: list[str] | None = None) -> int:
    validate, assistant = command_line(
        "query_adapter", __doc__, "leave each tuning set out in turn and print the dense ranking's first paragraph on it",
        argv)
    dense = assistant.retriever.dense
    passages = dense.vectors
    ranked = [assistant.index.by_id[pid] for pid in dense.ids]
    labels = [p.label for p in ranked]
    data = {name: examples(qs, vecs, labels) for name, (qs, vecs) in load_training_sets(assistant).items()}
    layer_texts, layer_answers = layer_examples(ranked)
    layer_x = np.asarray(assistant.embeddings.embed_documents(layer_texts), dtype=np.float64)
    if validate:
        for held, rest in left_out(data):
            train_x, train_answers, weights = with_sentences(rest, layer_x, layer_answers)
            matrix = fit(train_x, train_answers, passages, weights=weights)
            x, answers = data[held]
            print(f"{held} ({len(answers)} questions): first passage right "
                  f"{first_passage_right(x, answers, passages):.3f} -> {first_passage_right(x, answers, passages, matrix):.3f}")
        return 0
    x, answers, weights = with_sentences(list(data.values()), layer_x, layer_answers)
    adapter = QueryAdapter(fit(x, answers, passages, weights=weights), space_of(assistant.embeddings), TRAINING_SETS,
                           len(answers) - len(layer_answers))
    adapter.save(MODEL_FILE)
    print(f"wrote {MODEL_FILE.relative_to(PROJECT_ROOT)} from {adapter.examples} questions "
          f"and {len(layer_answers)} plain-language sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
