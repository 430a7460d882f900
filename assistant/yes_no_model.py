"""Yes, no or depends, learned from labelled questions on top of what the rules read.

The rules in assistant/conclusion.py read what a question asks (is it a crime? must they? may they?)
and the force of the sentence it is about (must / may / must consider ...), and map the pair to a
verdict. People ask in more ways than the rules know: "Could written stories count as abuse material?"
is answered by a provision that lets each country limit the offence, so it depends; "Does holding the
company liable shield the individuals?" is answered no by a "shall" that keeps their liability. A
multinomial logistic regression over the rules' reading (what is asked, the force, the rules' verdict,
whether the provision creates an offence, and the pairs of the first two), the question's search
vector, the vector of the words that ask (a story's closing question, without the narrative) and the
stored vector of the cited passage (which provisions people misread: its text and plain entry) learns
from the tuning sets' labelled yes/no questions when each reading means yes, no or depends. It decides only what the text does not settle by itself (a wrongly named article, a figure
the text contradicts or does not set stay "no"), and overrides a verdict of the rules only when it
is at least MIN_CONFIDENCE sure.

    python -m assistant.yes_no_model             # retrain from the tuning sets and write MODEL_FILE
    python -m assistant.yes_no_model --validate  # leave one tuning set out at a time, print the scores
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from assistant.conclusion import DEPENDS, NO, YES, Conclusion
from assistant.config import PROJECT_ROOT
from assistant.force import MAY, MAY_RESERVE, MUST, MUST_CONSIDER, MUST_ENDEAVOUR, MUST_NOT, STATES
from assistant.training import TRAINING_SETS, TrainedOnVectors, command_line, left_out, space_of, tuning_questions

MODEL_FILE = Path(__file__).with_name("yes_no_model.json")
ASKED = ("criminal", "lawful", "obligation", "prohibition", "permission", "coverage", "fact")
FORCES = (MUST, MUST_NOT, MAY, MAY_RESERVE, MUST_CONSIDER, MUST_ENDEAVOUR, STATES, "")
RULE_VERDICTS = (YES, NO, DEPENDS, None)
OFFENCES_CHAPTER = "II"
# Chosen with --validate (leave one tuning set out): 0.5 to 0.7 scored alike; C 1 to 10 alike.
MIN_CONFIDENCE = 0.5
REGULARISATION = 1.0


def reading(conclusion: Conclusion, vector: Sequence[float], asking_vector: Sequence[float],
            passage_vector: Sequence[float]) -> np.ndarray:
    """What the model reads: the rules' reading, one-hot, then the search vector, the vector of the
    words that ask (for a story, its closing question without the narrative) and the index's vector of
    the passage the conclusion is drawn from."""
    chapter = conclusion.source.chapter if conclusion.source is not None else None
    signs = ([conclusion.asked == a for a in ASKED] + [conclusion.force == f for f in FORCES]
             + [conclusion.yes_no == v for v in RULE_VERDICTS] + [chapter == OFFENCES_CHAPTER]
             + [conclusion.asked == a and conclusion.force == f for a in ASKED for f in FORCES])
    return np.concatenate([np.asarray(signs, dtype=np.float64), np.asarray(vector, dtype=np.float64),
                           np.asarray(asking_vector, dtype=np.float64), np.asarray(passage_vector, dtype=np.float64)])


@dataclass(frozen=True)
class YesNoModel(TrainedOnVectors):
    classes: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class
    bias: tuple[float, ...]
    min_confidence: float
    embedding_model: str
    trained_on: tuple[str, ...]
    examples: int

    def judge(self, conclusion: Conclusion, vector: Sequence[float], asking_vector: Sequence[float],
              passage_vector: Sequence[float]) -> tuple[str | None, float]:
        """The likeliest verdict and its probability (None for vectors of another size)."""
        x = reading(conclusion, vector, asking_vector, passage_vector)
        if len(x) != len(self.weights[0]):
            return None, 0.0
        z = np.asarray(self.weights) @ x + np.asarray(self.bias)
        p = np.exp(z - z.max())
        p /= p.sum()
        return self.classes[int(p.argmax())], float(p.max())

    def decide(self, conclusion: Conclusion, vector: Sequence[float], embed: Callable[[str], Sequence[float]],
               passage_vector: Sequence[float]) -> str | None:
        """The verdict to give: the model's, unless the text settled it, the question asks no yes or no,
        or the rules gave one and the model is less sure than MIN_CONFIDENCE. `embed` makes the vector of
        the words that ask (only when the model is asked)."""
        if not conclusion.asked or conclusion.settled:
            return conclusion.yes_no
        verdict, probability = self.judge(conclusion, vector, embed(conclusion.asking), passage_vector)
        if verdict is None or (conclusion.yes_no is not None and probability < self.min_confidence):
            return conclusion.yes_no
        return verdict

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "YesNoModel | None":
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(tuple(data["classes"]), tuple(tuple(row) for row in data["weights"]), tuple(data["bias"]),
                   float(data["min_confidence"]), data["embedding_model"], tuple(data["trained_on"]),
                   int(data["examples"]))


def fit(readings: np.ndarray, verdicts: list[str], regularisation: float = REGULARISATION):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularisation, max_iter=5000).fit(readings, verdicts)


def as_model(fitted, examples: int, embedding_model: str) -> YesNoModel:
    return YesNoModel(tuple(fitted.classes_), tuple(tuple(round(float(w), 6) for w in row) for row in fitted.coef_),
                      tuple(round(float(b), 6) for b in fitted.intercept_), MIN_CONFIDENCE, embedding_model,
                      TRAINING_SETS, examples)


# ---- training ---------------------------------------------------------------------------------------

def rule_readings(assistant, questions) -> list[tuple[Conclusion, list[float], list[float], list[float], str]]:
    """For each in-scope yes/no question the assistant answers, the rules' conclusion, the search vector,
    the vector of the words that ask, the vector of the passage it is drawn from and the gold verdict."""
    found = []
    for q in questions:
        if not q.yes_no or q.out_of_scope:
            continue
        retrieval = assistant.retrieval(q.question, [list(turn) for turn in q.history])
        conclusion = assistant.composer.rule_conclusion(retrieval)
        if conclusion is not None and conclusion.asked and not conclusion.settled and retrieval.vector:
            found.append((conclusion, retrieval.vector, assistant.composer.asking_vector(retrieval, conclusion.asking),
                          assistant.composer.passage_vector(conclusion), q.yes_no))
    return found


def main(argv: list[str] | None = None) -> int:
    validate, assistant = command_line(
        "yes_no_model", __doc__, "leave each tuning set out in turn and print yes/no accuracy, rules against model",
        argv)
    data = {name: rule_readings(assistant, questions) for name, questions in tuning_questions().items()}
    arrays = {name: (np.array([reading(c, v, w, p) for c, v, w, p, _ in rows]), [g for *_, g in rows])
              for name, rows in data.items()}
    embedding_model = space_of(assistant.embeddings)
    if validate:
        for held, rest in left_out(arrays):
            rows = data[held]
            fitted = fit(np.concatenate([x for x, _ in rest]), [g for _, gold in rest for g in gold])
            model = as_model(fitted, 0, embedding_model)
            rules = np.mean([c.yes_no == g for c, *_, g in rows])
            learned = np.mean([model.decide(c, v, lambda _, w=w: w, p) == g for c, v, w, p, g in rows])
            print(f"{held} ({len(rows)} questions the text does not settle): rules {rules:.3f} -> model {learned:.3f}")
        return 0
    x = np.concatenate([x for x, _ in arrays.values()])
    verdicts = [g for _, gold in arrays.values() for g in gold]
    model = as_model(fit(x, verdicts), len(verdicts), embedding_model)
    model.save()
    print(f"wrote {MODEL_FILE.relative_to(PROJECT_ROOT)} from {model.examples} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
