"""The bundled sentence-transformers model run by ONNX Runtime instead of torch.

Same model, same vectors (within 2e-7 of torch's; README, "Benchmarks"), about three times faster for a
one-question batch on one thread, and the app never imports torch: start-up and memory shrink too.
The ONNX file is exported from the model folder once, with torch, into `data/models/`
(TREATYQA_MODEL_CACHE), and reused by every later start and ingest.

Tokenizing (HF `tokenizers`, from the model's tokenizer.json), mean pooling and normalising follow the
model's sentence-transformers configuration (modules.json: Transformer, mean Pooling, Normalize).
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_path_for(model_path: str, models_dir: Path) -> Path:
    """Where the exported model lives: named after the model folder and its weights' size and time, so
    another model (or new weights) gets its own file."""
    folder = Path(model_path).resolve()
    weights = next((folder / n for n in ("model.safetensors", "pytorch_model.bin") if (folder / n).exists()), folder)
    facts = f"{folder}\n{weights.stat().st_size}\n{weights.stat().st_mtime_ns}"
    return models_dir / f"{folder.name}-{hashlib.sha256(facts.encode()).hexdigest()[:12]}.onnx"


def export_onnx(model_path: str, target: Path) -> None:
    """Export the transformer (without pooling) to ONNX; written beside and renamed, so a reader never
    sees half a file and two processes exporting at once do no harm."""
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    model = AutoModel.from_pretrained(model_path, local_files_only=True).eval()
    sample = torch.ones((1, 8), dtype=torch.int64)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on Python branches, all fixed for this model
        torch.onnx.export(
            LastHiddenState(model), (sample, sample, torch.zeros_like(sample)), str(partial),
            input_names=list(INPUTS), output_names=["last_hidden_state"],
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in INPUTS}, opset_version=17, dynamo=False,
        )
    os.replace(partial, target)


class OnnxEmbeddings(Embeddings):
    """A LangChain Embeddings, like embeddings.LocalEmbeddings, over an ONNX Runtime session."""

    def __init__(self, model_path: str, models_dir: Path, batch_size: int = 32, threads: int = 1,
                 batch_workers: int = 1):
        """`threads`: the threads ONNX Runtime may use for one batch; `batch_workers`: batches embedded side
        by side (the session runs them at once), for a batch job such as a cold ingest."""
        import onnxruntime
        from tokenizers import Tokenizer

        folder = Path(model_path)
        self.model_path = model_path
        self.batch_size = batch_size
        self.onnx_path = onnx_path_for(model_path, models_dir)
        if not self.onnx_path.exists():
            export_onnx(model_path, self.onnx_path)
        config = json.loads((folder / "sentence_bert_config.json").read_text("utf-8"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json pads every text to 128 tokens and cuts there; sentence-transformers pads to the
        # longest text of a batch and cuts at the model's max_seq_length (256).
        self.tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(self.onnx_path), options,
                                                    providers=["CPUExecutionProvider"])
        self.batch_workers = max(1, batch_workers)
        self._pool = None

    def _embed(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        hidden = self.session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(hidden.dtype)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = list(texts)
        if not texts:
            return []
        # Similar lengths together, as sentence-transformers does, so a batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        size = min(self.batch_size, -(-len(texts) // self.batch_workers))  # every worker gets a batch
        batches = [[texts[i] for i in order[s:s + size]] for s in range(0, len(texts), size)]
        if self.batch_workers > 1 and len(batches) > 1:
            # One thread per batch, batches side by side: on 2 cores the corpus took 19.7 CPU-s
            # against 22.2 with one batch at a time on two threads (README, Benchmarks). Same vectors:
            # each text's vector does not depend on the batch it is in.
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.batch_workers, thread_name_prefix="embed")
            parts = list(self._pool.map(self._embed, batches))
        else:
            parts = [self._embed(batch) for batch in batches]
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0].tolist()
