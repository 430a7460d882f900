"""Writing beside and renaming (assistant/files.py): the ONNX exports and the publish record use it."""

from __future__ import annotations

import pytest

from assistant.files import write_beside_then_rename


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path):
    target = tmp_path / "models" / "model.onnx"
    write_beside_then_rename(target, lambda path: path.write_text("first"))
    assert target.read_text() == "first"

    def half_then_fail(path):
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_beside_then_rename(target, half_then_fail)
    assert target.read_text() == "first" and sorted(p.name for p in target.parent.iterdir()) == ["model.onnx"]
    write_beside_then_rename(target, lambda path: path.write_text("second"))
    assert target.read_text() == "second"
