"""Treaty Q&A web app (placeholder until the chat front end lands): answers with retrieved passages."""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.config import load_settings  # noqa: E402
from assistant.store import LocalEmbeddings, PassageStore, make_client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Treaty Q&A chat on 127.0.0.1.")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")))
    args = parser.parse_args()
    settings = load_settings()
    store = PassageStore(make_client(settings), settings.collection)
    embeddings = LocalEmbeddings(settings.model_path)

    def respond(message: str, history: list) -> str:
        hits = store.active().query(query_embeddings=[embeddings.embed_query(message)], n_results=4)
        return "\n\n".join(
            f"**{meta['label']}** — {text}" for text, meta in zip(hits["documents"][0], hits["metadatas"][0])
        )

    gr.ChatInterface(respond, title="Treaty Q&A").queue().launch(
        server_name=args.host, server_port=args.port, share=False
    )


if __name__ == "__main__":
    main()
