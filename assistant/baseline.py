"""The naive baseline the evaluation compares against: fixed 1000-character chunks of each corpus file,
embedded with the same model into an in-memory Chroma, dense top-4, no abstention."""

from __future__ import annotations

import re
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from ingest.loaders import discover, load

CHUNK_CHARS = 1000
TOP_K = 4
ARTICLE_HEADING = re.compile(r"^###\s+Article\s+(\d+)\.", re.M)


class NaiveBaseline:
    def __init__(self, corpus_dir: Path, embeddings):
        self.embeddings = embeddings
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.collection = client.create_collection("naive_baseline", embedding_function=None,
                                                   metadata={"hnsw:space": "cosine"})
        ids, texts, metas = [], [], []
        for path in discover(corpus_dir)[0]:
            doc = load(path, corpus_dir)
            headings = [(m.start(), int(m.group(1))) for m in ARTICLE_HEADING.finditer(doc.markdown)]
            for start in range(0, len(doc.markdown), CHUNK_CHARS):
                middle = start + CHUNK_CHARS // 2
                article = next((a for pos, a in reversed(headings) if pos <= middle), None)
                ids.append(f"{doc.doc_id}:{start}")
                texts.append(doc.markdown[start:start + CHUNK_CHARS])
                metas.append({"doc_kind": doc.kind, **({"article": article} if article and doc.kind == "treaty" else {})})
        self.collection.add(ids=ids, documents=texts, metadatas=metas, embeddings=embeddings.embed_documents(texts))

    def search(self, question: str) -> list[dict]:
        got = self.collection.query(query_embeddings=[self.embeddings.embed_query(question)], n_results=TOP_K)
        return [
            {"id": i, "text": t, "article": m.get("article"), "doc_kind": m["doc_kind"], "score": 1 - d}
            for i, t, m, d in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]
