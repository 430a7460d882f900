"""Questions no document here can answer, recognised by a model learned from labelled questions.

The rules in assistant/scope.py recognise the forms they were written for ("the penalty for X in
France", "who chaired ..."); new people ask in new words ("Which Japanese ministry is Japan's central
authority?", "What is Meta's policy on foreign data requests?"). A logistic regression over the
question's search vector (the same vector the dense ranking uses, so it costs one dot product) learns
what such questions have in common from the development and tuning sets, where every question is
labelled in scope or out of scope. It never sees the held-out sets (eval/test.jsonl, the u* batches).

    python -m assistant.unanswerable            # retrain from TRAINING_SETS and write MODEL_FILE
    python -m assistant.unanswerable --validate # leave one training set out at a time, print the scores
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.config import PROJECT_ROOT
from assistant.training import TRAINING_SETS, TrainedOnVectors, command_line, left_out, load_training_sets, space_of

MODEL_FILE = Path(__file__).with_name("unanswerable.json")
# Chosen by leaving each training set out in turn (--validate): a high bar, because a wrong refusal costs
# a user an answer. With dev and d1-d5 (317 out of scope, 1,482 in scope), 0.9 refused 172 and 9, 0.8
# refused 208 and 36, and 0.8 also refused questions the documents answer ("What is the penalty for
# hacking?"; tests/test_assistant.py).
THRESHOLD = 0.9
REGULARISATION = 30.0  # sklearn's C; 10 to 100 scored alike in --validate


@dataclass(frozen=True)
class UnanswerableModel(TrainedOnVectors):
    weights: tuple[float, ...]
    bias: float
    threshold: float
    embedding_model: str  # the vector space it was trained in (training.vector_space)
    trained_on: tuple[str, ...]
    examples: int

    def probability(self, vector: Sequence[float]) -> float:
        """How likely the question is one that no document here answers (0 to 1)."""
        if len(vector) != len(self.weights):
            return 0.0  # vectors of another size: the model says nothing
        z = float(np.dot(self.weights, np.asarray(vector, dtype=np.float64))) + self.bias
        return float(1.0 / (1.0 + np.exp(-z)))

    def refuses(self, vector: Sequence[float]) -> bool:
        return self.probability(vector) >= self.threshold

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "UnanswerableModel | None":
        """The saved model, or None when there is none (the rules in scope.py still apply)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]), data["embedding_model"],
                   tuple(data["trained_on"]), int(data["examples"]))


def fit(vectors: np.ndarray, labels: np.ndarray, regularisation: float = REGULARISATION):
    """A logistic regression, classes weighted so the few out-of-scope questions count as much."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularisation, class_weight="balanced", max_iter=5000).fit(vectors, labels)


def main(argv: list[str] | None = None) -> int:
    validate, assistant = command_line(
        "unanswerable", __doc__, "leave each training set out in turn and print how the model does on it", argv)
    data = {name: (vectors, np.array([q.out_of_scope for q in questions]))
            for name, (questions, vectors) in load_training_sets(assistant).items()}
    if validate:
        for held, rest in left_out(data):
            model = fit(np.concatenate([v for v, _ in rest]), np.concatenate([out for _, out in rest]))
            vectors, out = data[held]
            refused = model.predict_proba(vectors)[:, 1] >= THRESHOLD
            print(f"{held}: out of scope refused {refused[out].mean():.3f} ({out.sum()}), "
                  f"in scope refused {refused[~out].mean():.3f} ({(~out).sum()})")
        return 0
    labels = np.concatenate([out for _, out in data.values()])
    model = fit(np.concatenate([v for v, _ in data.values()]), labels)
    saved = UnanswerableModel(tuple(round(float(w), 6) for w in model.coef_[0]), round(float(model.intercept_[0]), 6),
                              THRESHOLD, space_of(assistant.embeddings), TRAINING_SETS, len(labels))
    saved.save()
    print(f"wrote {MODEL_FILE.relative_to(PROJECT_ROOT)} from {saved.examples} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
