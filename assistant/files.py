"""Writing a file so that a reader never sees half of it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


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
