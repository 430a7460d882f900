"""BM25 scores for a whole corpus at once, from rank_bm25's index (LangChain's BM25Retriever.vectorizer).

rank_bm25's `get_scores` walks every passage in Python for every query word; here each word's
contribution to every passage that uses it is worked out once, at start-up, so a query is one numpy
addition per word. The numbers are the same as rank_bm25's to the last bit: the same operations in
the same order, over only the passages where the word's weight is not zero.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


class Bm25Scores:
    def __init__(self, okapi):
        """`okapi`: a fitted rank_bm25.BM25Okapi."""
        self.size = okapi.corpus_size
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for row, counts in enumerate(okapi.doc_freqs):
            for word, count in counts.items():
                rows, freqs = postings.setdefault(word, ([], []))
                rows.append(row)
                freqs.append(count)
        doc_len = np.array(okapi.doc_len)
        k1, b = okapi.k1, okapi.b
        self.weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for word, (rows, freqs) in postings.items():
            index, freq = np.array(rows), np.array(freqs)
            # rank_bm25: idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl)))
            weight = (okapi.idf.get(word) or 0) * (freq * (k1 + 1) / (freq + k1 * (1 - b + b * doc_len[index] / okapi.avgdl)))
            self.weights[word] = (index, weight)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """One score per passage, as rank_bm25's get_scores(query) gives."""
        total = np.zeros(self.size)
        for word in query:  # a repeated word counts again, as in rank_bm25
            if word in self.weights:
                index, weight = self.weights[word]
                total[index] += weight
        return total
