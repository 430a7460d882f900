"""Writing a file so that a reader never sees half of it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable


def write_beside_then_rename(target: Path, write: Callable[[Path], None]) -> None:
    """`write` fills a file beside `target`, which then replaces `target` in one step: a reader sees the
    old file, none, or the new one, and two processes writing at once do no harm (each its own partial
    file). On any failure the partial file is removed and the error raised."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_jsonl(target: Path, rows: Iterable[dict]) -> None:
    """One JSON object per line (UTF-8, non-ASCII kept as is), written beside and renamed into place."""
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    write_beside_then_rename(target, lambda partial: partial.write_text(text, "utf-8"))
