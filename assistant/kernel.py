"""A support-vector classifier with a Gaussian (RBF) kernel, as libsvm (scikit-learn's SVC) stores it,
evaluated in numpy: the two learned classifiers (assistant/yes_no_model.py, assistant/unanswerable.py)
are fitted by scikit-learn when trained and answer with numpy alone.

Measured on the tuning sets, left one out at a time, a kernel does better than a linear model over the
same inputs for both: it can read one provision's "may" as "yes" to "can they?" and "depends" to "is it
a crime?", and questions no document answers as several kinds rather than one direction (README).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

ARRAYS = ("support_vectors", "dual_coef", "intercept")


@dataclass(frozen=True, eq=False)
class RbfClassifier:
    """One-against-one classifiers over every pair of classes, with the kernel exp(-gamma |x - v|^2)."""
    classes: tuple[str, ...]
    support_vectors: np.ndarray = field(repr=False)  # (vectors, inputs), grouped by class in `classes` order
    counts: tuple[int, ...]  # support vectors of each class
    dual_coef: np.ndarray = field(repr=False)  # (classes - 1, vectors)
    intercept: np.ndarray = field(repr=False)  # one per pair of classes (0, 1), (0, 2), ..., (1, 2), ...
    gamma: float

    def __post_init__(self) -> None:
        # |v|^2 of each support vector, once: per question only its reading is new.
        object.__setattr__(self, "_sv_squared", (self.support_vectors ** 2).sum(axis=1))

    @property
    def inputs(self) -> int:
        return self.support_vectors.shape[1]

    def pairs(self) -> list[tuple[int, int]]:
        """The pairs of classes, in libsvm's order: (0, 1), (0, 2), ..., (1, 2), ..."""
        return [(i, j) for i in range(len(self.classes)) for j in range(i + 1, len(self.classes))]

    def decisions(self, x: np.ndarray) -> np.ndarray:
        """libsvm's decision value of each pair's classifier, (rows, pairs): above 0 favours the pair's
        first class."""
        squared = (x * x).sum(axis=1)[:, None] + self._sv_squared[None, :] - 2.0 * x @ self.support_vectors.T
        kernel = np.exp(-self.gamma * np.maximum(squared, 0.0))
        starts = np.concatenate([[0], np.cumsum(self.counts)])
        columns = []
        for i, j in self.pairs():
            of_i, of_j = slice(starts[i], starts[i + 1]), slice(starts[j], starts[j + 1])
            columns.append(kernel[:, of_i] @ self.dual_coef[j - 1, of_i] + kernel[:, of_j] @ self.dual_coef[i, of_j])
        return np.stack(columns, axis=1) + self.intercept[None, :]

    def votes(self, x: np.ndarray) -> np.ndarray:
        """Each class's votes from the classifiers of every pair, for rows of readings."""
        decisions = self.decisions(x)
        votes = np.zeros((len(x), len(self.classes)))
        for pair, (i, j) in enumerate(self.pairs()):
            votes[:, i] += decisions[:, pair] > 0
            votes[:, j] += decisions[:, pair] <= 0
        return votes

    def classes_of(self, x: np.ndarray) -> np.ndarray:
        """The class with most votes for each row of readings (a tie: the one listed first, as libsvm)."""
        return np.asarray(self.classes)[np.argmax(self.votes(x), axis=1)]

    def save(self, path: Path) -> None:
        """Write the arrays, and the other fields (a subclass's too: the vector space, the sets it learned
        from) as JSON beside them."""
        meta = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ARRAYS}
        with path.open("wb") as f:
            np.savez_compressed(f, support_vectors=self.support_vectors.astype(np.float32), dual_coef=self.dual_coef,
                                intercept=self.intercept, meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: Path):
        """The classifier saved at `path` (a tuple read back for each list), or None when there is no file."""
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {name: data[name].astype(np.float64) for name in ARRAYS}
        return cls(**arrays, **{name: tuple(value) if isinstance(value, list) else value for name, value in meta.items()})


def fitted_fields(fitted) -> dict[str, Any]:
    """An RbfClassifier's fields from scikit-learn's fitted SVC. The support vectors as saved (float32), so
    that the classifier in memory answers as the loaded one does."""
    # With two classes scikit-learn turns libsvm's signs over (its decision is above 0 for the second
    # class); they are turned back, so that every pair reads as libsvm's does.
    sign = -1.0 if len(fitted.classes_) == 2 else 1.0
    return {"classes": tuple(str(c) for c in fitted.classes_),
            "support_vectors": np.asarray(fitted.support_vectors_, dtype=np.float32).astype(np.float64),
            "counts": tuple(int(n) for n in fitted.n_support_), "dual_coef": sign * np.asarray(fitted.dual_coef_),
            "intercept": sign * np.asarray(fitted.intercept_), "gamma": float(fitted.gamma)}


def fit(readings: np.ndarray, labels, regularisation: float, balanced: bool = False):
    """scikit-learn's SVC with an RBF kernel of width 1 / (inputs x their variance) (its "scale", kept as
    a number); `balanced` weighs each class by how rare it is."""
    from sklearn.svm import SVC

    gamma = 1.0 / (readings.shape[1] * readings.var())
    return SVC(C=regularisation, kernel="rbf", gamma=gamma, class_weight="balanced" if balanced else None).fit(
        readings, labels)
