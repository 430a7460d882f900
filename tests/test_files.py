"""Writing beside and renaming (assistant/files.py): model exports, the publish record, evaluation results."""

from __future__ import annotations

import pytest

from assistant.files import write_beside_then_rename, write_jsonl


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


def test_jsonl_is_one_object_per_line_with_non_ascii_kept(tmp_path):
    target = tmp_path / "results" / "r.jsonl"
    write_jsonl(target, ({"id": n, "quote": "“consent”"} for n in range(2)))
    assert target.read_text("utf-8") == '{"id": 0, "quote": "“consent”"}\n{"id": 1, "quote": "“consent”"}\n'
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.jsonl"]
