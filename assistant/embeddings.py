"""The embedding model, as a LangChain Embeddings: sentence-transformers (torch) or ONNX Runtime.

Kept apart from assistant/store.py so that a no-op ingest, which only reads the index, imports neither
LangChain nor a model runtime.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.store import StoreError
from assistant.training import vector_space


class LocalEmbeddings(Embeddings):
    """sentence-transformers from a local folder, as a LangChain Embeddings."""

    def __init__(self, model_path: str, batch_size: int = 32, threads: int = 1):
        if not Path(model_path).is_dir():
            raise StoreError(f"embedding model folder not found: {model_path} (TREATYQA_EMBEDDING_MODEL)")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start

        torch.set_num_threads(threads)  # for the whole process: TREATYQA_EMBED_THREADS (config.py says why)
        self.model_path = model_path
        self.vector_space = vector_space(model_path)
        self.batch_size = batch_size
        self.model = SentenceTransformer(model_path, device="cpu", local_files_only=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make_embeddings(settings: Settings, batch_workers: int = 1) -> Embeddings:
    """The embedding model in the configured backend (TREATYQA_EMBED_BACKEND). torch and onnx give the
    same vectors to within 2e-7, so an index built with one is searched with the other; onnx-int8's are a
    space of their own. `batch_workers` (ONNX only): batches embedded side by side, each on
    `settings.embed_threads` threads."""
    from threadpoolctl import threadpool_limits

    # numpy's BLAS too (the dense ranking's matrix product): with two threads on 2 busy cores it took
    # 17 ms for 4,670 passages, with one 0.6 ms.
    threadpool_limits(settings.embed_threads, user_api="blas")
    if settings.onnx_runtime:
        from assistant.onnx_embeddings import OnnxEmbeddings

        if not Path(settings.model_path).is_dir():
            raise StoreError(f"embedding model folder not found: {settings.model_path} (TREATYQA_EMBEDDING_MODEL)")
        return OnnxEmbeddings(settings.model_path, settings.model_cache_dir, threads=settings.embed_threads,
                              batch_workers=batch_workers, quantized=settings.quantized)
    return LocalEmbeddings(settings.model_path, threads=settings.embed_threads)


