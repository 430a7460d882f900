"""Optional chat models, configured by environment (see README): any OpenAI-compatible endpoint
(OpenAI, vLLM, llama.cpp server, LM Studio, Ollama's /v1) or Ollama's native API."""

from __future__ import annotations

from assistant.config import Settings


class LLMConfigError(ValueError):
    pass


def make_chat_model(settings: Settings):
    """A LangChain chat model, or None for the offline mode."""
    provider = settings.llm_provider
    if provider in ("", "none", "offline"):
        return None
    if not settings.llm_model:
        raise LLMConfigError("TREATYQA_LLM_MODEL is required when TREATYQA_LLM_PROVIDER is set")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or "not-needed",  # local servers accept any key
            temperature=0,
            timeout=120,
            max_retries=1,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url, temperature=0)
    raise LLMConfigError(f"unknown TREATYQA_LLM_PROVIDER {provider!r}: use none, openai or ollama")


def describe(chat_model) -> str:
    if chat_model is None:
        return "offline"
    name = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None) or type(chat_model).__name__
    return f"llm:{name}"
