"""The bundled sentence-transformers model run by ONNX Runtime instead of torch, as it is or quantized.

As it is (TREATYQA_EMBED_BACKEND=onnx): the same vectors as torch's (within 2e-7; README, "Benchmarks"),
about three times faster for a one-question batch on one thread, and the app never imports torch.
Quantized (onnx-int8, the default): the same model with its weights in int8 (ONNX Runtime's dynamic
quantization, per channel), 2.6 times faster again for a question (2.1 against 5.3 ms) and a third of
the CPU for a cold ingest (each text embedded alone, see `batch_size`). Its vectors differ slightly
(cosine 0.986 to the originals at worst, 0.994 on average, over the corpus and 300 questions), so it is
a vector space of its own (`vector_space`): an index and the learned parts are tied to the space they
were made in.

The ONNX file is exported from the model folder once, with torch, into `data/models/`
(TREATYQA_MODEL_CACHE), quantized from there once, and reused by every later start and ingest.
Tokenizing (HF `tokenizers`, from the model's tokenizer.json), mean pooling and normalising follow the
model's sentence-transformers configuration (modules.json: Transformer, mean Pooling, Normalize).
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.files import write_beside_then_rename
from assistant.training import vector_space

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_path_for(model_path: str, models_dir: Path) -> Path:
    """Where the exported model lives: named after the model folder and its weights' size and time, so
    another model (or new weights) gets its own file."""
    folder = Path(model_path).resolve()
    weights = next((folder / n for n in ("model.safetensors", "pytorch_model.bin") if (folder / n).exists()), folder)
    facts = f"{folder}\n{weights.stat().st_size}\n{weights.stat().st_mtime_ns}"
    return models_dir / f"{folder.name}-{hashlib.sha256(facts.encode()).hexdigest()[:12]}.onnx"


def quantized_path_for(onnx_path: Path) -> Path:
    return onnx_path.with_name(f"{onnx_path.stem}-int8.onnx")


def export_onnx(model_path: str, target: Path) -> None:
    """Export the transformer (without pooling) to ONNX."""
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

    def write(path: Path) -> None:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on Python branches, all fixed for this model
            torch.onnx.export(
                LastHiddenState(model), (sample, sample, torch.zeros_like(sample)), str(path),
                input_names=list(INPUTS), output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in INPUTS}, opset_version=17, dynamo=False,
            )

    write_beside_then_rename(target, write)


def quantize_onnx(source: Path, target: Path) -> None:
    """The int8 copy: weights quantized per output channel (a scale per channel kept the vectors at cosine
    0.994 on average to the originals; one scale per matrix, 0.95). Deterministic: the same file every time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    def write(path: Path) -> None:
        logging.disable(logging.WARNING)  # its advice to pre-process first, for models with shapes to infer
        try:
            quantize_dynamic(str(source), str(path), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)

    write_beside_then_rename(target, write)


class OnnxEmbeddings(Embeddings):
    """A LangChain Embeddings, like embeddings.LocalEmbeddings, over an ONNX Runtime session."""

    def __init__(self, model_path: str, models_dir: Path, batch_size: int = 32, threads: int = 1,
                 batch_workers: int = 1, quantized: bool = False):
        """`threads`: the threads ONNX Runtime may use for one batch; `batch_workers`: batches embedded side
        by side (the session runs them at once), for a batch job such as a cold ingest; `quantized`: the
        int8 copy of the model."""
        import onnxruntime
        from tokenizers import Tokenizer

        folder = Path(model_path)
        self.model_path = model_path
        # The int8 model quantizes its activations with one scale per call, taken from every text in it:
        # in a batch a text's vector moved with its neighbours (cosine down to 0.988 between batchings),
        # so each text is embedded alone, as a question is. Without padding that was also faster (467
        # passages: 7.5 CPU-s alone, 10.8 in batches of 16).
        self.batch_size = 1 if quantized else batch_size
        exported = onnx_path_for(model_path, models_dir)
        if not exported.exists():
            export_onnx(model_path, exported)
        self.onnx_path = quantized_path_for(exported) if quantized else exported
        if quantized and not self.onnx_path.exists():
            quantize_onnx(exported, self.onnx_path)
        self.vector_space = vector_space(model_path, quantized)
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
