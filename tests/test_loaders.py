"""Bad input gets a clear error naming the file and the reason."""

from __future__ import annotations

import pymupdf
import pytest

from assistant.config import PROJECT_ROOT, load_settings
from ingest.loaders import CorpusFileError, discover, load

OFFICIAL_PDF = (PROJECT_ROOT / "corpus" / "source" / "A_RES_79_243-EN.pdf").read_bytes()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.md", b"", "empty file"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("corrupt.pdf", b"%PDF-1.7\nthis is not really a pdf", "PDF"),
        ("truncated.pdf", OFFICIAL_PDF[: len(OFFICIAL_PDF) // 200], "cannot read page"),  # opens, pages fail
        ("frontmatter.md", "---\ntitle: [unclosed\n---\n\nText.\n", "front matter is not valid YAML"),
        ("kind.md", "---\nkind: novel\n---\n\nText.\n", "unknown kind 'novel'"),
        ("only-front-matter.md", "---\ntitle: x\n---\n", "no text after the front matter"),
    ],
)
def test_bad_files_are_rejected_with_file_and_reason(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(CorpusFileError) as caught:
        load(path, tmp_path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path):
    limit = load_settings({}).max_file_bytes
    assert limit <= 10_000_000  # a few MB, minutes of embedding, not the hour a 50 MB file would take
    big = write(tmp_path, "big.txt", b"word " * (limit // 5 + 1))
    with pytest.raises(CorpusFileError) as caught:
        load(big, tmp_path)
    assert str(big) in str(caught.value) and "TREATYQA_MAX_FILE_BYTES" in str(caught.value)
    assert load(big, tmp_path, max_bytes=limit + 5).markdown.startswith("word word")
    with pytest.raises(CorpusFileError, match="the limit is 100 bytes"):
        load(write(tmp_path, "small.md", "x" * 101), tmp_path, max_bytes=100)


def test_markdown_front_matter_gives_metadata(tmp_path):
    path = write(tmp_path, "notes/a.md", "---\ntitle: A note\nkind: commentary\ndate: 2025-01-02\n---\n\nBody.\n")
    doc = load(path, tmp_path)
    assert (doc.doc_id, doc.title, doc.kind, doc.date) == ("notes/a", "A note", "commentary", "2025-01-02")


def test_odd_unicode_is_normalised(tmp_path):
    doc = load(write(tmp_path, "u.txt", "\ufeffZero\u200bwidth and\u00a0nbsp — “quotes” 中文\n"), tmp_path)
    assert doc.markdown.startswith("Zerowidth and nbsp — “quotes” 中文")


def test_pdf_with_sidecar_metadata(tmp_path):
    path = tmp_path / "brief.pdf"
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 120), "States must protect victims of cybercrime.", fontsize=11)
    document.save(path)
    write(tmp_path, "brief.pdf.meta.yaml", "title: A policy brief\nkind: commentary\n")
    doc = load(path, tmp_path)
    assert doc.title == "A policy brief"
    assert "protect victims of cybercrime" in doc.markdown


def test_discover_skips_provenance_hidden_and_unknown_files(tmp_path):
    for name in ["a.md", "b.txt", "c.pdf", "README.md", "source/official.pdf", ".hidden.md", "d.docx",
                 "c.pdf.meta.yaml", "sub/e.md", ".git/f.md"]:
        write(tmp_path, name, "x")
    paths, problems = discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a.md", "b.txt", "c.pdf", "sub/e.md"]
    assert problems == []


def test_discover_reports_symlinks_that_lead_nowhere_or_to_a_folder(tmp_path):
    write(tmp_path, "real.md", "x")
    write(tmp_path, "folder/inside.md", "x")
    (tmp_path / "loop-a.md").symlink_to("loop-b.md")
    (tmp_path / "loop-b.md").symlink_to("loop-a.md")
    (tmp_path / "self.md").symlink_to("self.md")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    (tmp_path / "linked-folder").symlink_to("folder")
    (tmp_path / "folder" / "up").symlink_to("..")
    (tmp_path / "alias.md").symlink_to("real.md")  # a link to a file is read like the file
    paths, problems = discover(tmp_path)
    assert [p.name for p in paths] == ["alias.md", "inside.md", "real.md"]
    assert {str(p.path.relative_to(tmp_path)): p.reason for p in problems} == {
        "loop-a.md": "symlink loop",
        "loop-b.md": "symlink loop",
        "self.md": "symlink loop",
        "gone.md": "broken symlink: nowhere.md does not exist",
        "linked-folder": "symlink to a folder; folders are not followed",
        "folder/up": "symlink to a folder; folders are not followed",
    }


def test_command_line_help_reads_well():
    import subprocess
    import sys

    from assistant.config import PROJECT_ROOT

    for module in ("ingest", "assistant", "assistant.eval", "assistant.bench"):
        done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("usage: python -m ")
