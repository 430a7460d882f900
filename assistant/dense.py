"""Dense (cosine) search over the passage vectors held in memory.

The app loads every passage with its vector from Chroma once, at start-up and when a new index is
published. Ranking them by cosine is then one matrix-vector product (0.08 ms for 467 passages, 0.6 ms
for ten times as many) instead of a Chroma query per question (14 ms of HNSW search, result conversion
and LangChain documents on 2 busy cores) and a second Chroma read for the vectors of named provisions.
It is also exact, where HNSW is approximate: Chroma's top 120 left out 1 or 2 of the true top 120 for
about a third of the development questions (README, "Benchmarks").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class DenseIndex:
    ids: tuple[str, ...]
    vectors: np.ndarray  # (passages, dimensions), float32, rows normalised at embedding time

    @classmethod
    def build(cls, ids: Sequence[str], vectors: Sequence[Sequence[float]]) -> "DenseIndex":
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1) if len(ids) else np.zeros((0, 0), np.float32)
        return cls(tuple(ids), matrix)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", {pid: i for i, pid in enumerate(self.ids)})

    def ranking(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """The k passages most similar to the vector, best first, with their cosine similarity."""
        return self.top(self.scores(vector), k)

    def scores(self, vectors) -> np.ndarray:
        """Every passage's cosine to a vector (passages,), or to each of several (passages, vectors)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if not self.ids:  # an empty index has no dimensions to multiply by
            return np.zeros((0, *vectors.shape[:-1]), dtype=np.float32)
        return self.vectors @ vectors.T

    def top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The k passages with the highest scores, best first. A stable sort keeps equal scores in index
        order, so the ranking is the same on every run."""
        if not self.ids:
            return []
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in order]

    def vector(self, pid: str) -> np.ndarray | None:
        """The stored vector of one passage (None when it is not in the index)."""
        row = self._row.get(pid)
        return None if row is None else self.vectors[row]

    def similarity(self, vector: Sequence[float], ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of the given passages (those in the index) to the vector."""
        rows = [self._row[pid] for pid in ids if pid in self._row]
        if not rows:
            return {}
        scores = self.vectors[rows] @ np.asarray(vector, dtype=np.float32)
        return {self.ids[row]: float(score) for row, score in zip(rows, scores)}
