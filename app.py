"""Treaty Q&A: the Gradio chat at / and the JSON API at /api, on 127.0.0.1 by default.

    python app.py [--host H] [--port P]      (also GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# After every event Gradio's queue rebuilds, with pandas, a summary of up to 10,000 past events for its
# monitoring dashboard, which this app does not enable: 1.3 ms of CPU per answer in a fresh app, 6.4 ms
# once 10,000 events are recorded (README, Benchmarks). Here it is rebuilt once in 10^9 events.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(10**9))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the Treaty Q&A chat and JSON API.")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
                        help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT") or 7860))
    args = parser.parse_args(argv)
    # One JSON line per question on stderr (assistant/chain.py), as the message alone.
    requests = logging.StreamHandler()
    requests.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("assistant.requests").addHandler(requests)
    logging.getLogger("assistant.requests").setLevel(logging.INFO)

    import gradio as gr
    import uvicorn

    from assistant.chain import Assistant
    from assistant.llm import LLMConfigError
    from assistant.store import StoreError
    from assistant.web.api import create_app
    from assistant.web.ui import CSS, SCRIPT, build_ui

    try:
        assistant = Assistant()
    except (StoreError, LLMConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    app = create_app(assistant, host=args.host)
    demo = build_ui(assistant).queue(default_concurrency_limit=4)
    app = gr.mount_gradio_app(app, demo, path="/", css=CSS, head=SCRIPT, footer_links=["api"])
    print(f"Treaty Q&A ({assistant.mode}) on http://{args.host}:{args.port}/  (API: /api/ask, docs: /docs)",
          flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
