"""The reference checker over the real corpus, index and embedding model; its command line and its
evaluation script."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.check import NONEXISTENT, NOT_SUPPORTED, SUPPORTED, UNCLEAR, Lookup, check_text, look_up
from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.slow


def checked(assistant, text: str, reference: str):
    return next(c for c in check_text(assistant, text).references if c.text == reference)


@pytest.mark.parametrize("text, reference, verdict, first_suggestion", [
    ("Article 7 requires States to criminalize intentional access to an ICT system without right.", "Article 7",
     SUPPORTED, None),
    ("Under Art 24.2, the safeguards include judicial or other independent review.", "Art 24.2", SUPPORTED, None),
    ("Interpretative note 1 says that persons who merely use a web hosting company are not service providers.",
     "Interpretative note 1", SUPPORTED, None),
    ("Article 16 criminalizes grooming a child online for sexual purposes.", "Article 16", NOT_SUPPORTED, "Article 15(1)"),
    ("Article 25(3) limits preservation orders to a maximum of 90 days.", "Article 25(3)", NOT_SUPPORTED, "Article 25(2)"),
    ("Paragraph 4 of resolution 79/243 asks the Secretary-General to designate UNODC as the secretariat.",
     "Paragraph 4 of resolution 79/243", NOT_SUPPORTED, "Resolution 79/243, para. 9"),
    ("Article 15(3) requires States to extend the grooming offence to persons believed to be children.",
     "Article 15(3)", UNCLEAR, None),
    ("Article 11(3) prohibits States from making reservations to the misuse-of-devices offence.", "Article 11(3)",
     UNCLEAR, None),
    ("Article 69 designates the Secretary-General as depositary of the Convention.", "Article 69", NONEXISTENT,
     "Article 68(1)"),
    ("Interpretative note 6 explains that hosting and caching services are service providers.",
     "Interpretative note 6", NONEXISTENT, "Interpretative note 1"),
    ("Paragraph 14 of resolution 79/243 designates 24 December as International Anti-Cybercrime Day.",
     "Paragraph 14 of resolution 79/243", NONEXISTENT, "Resolution 79/243, para. 12"),
])
def test_every_verdict_on_real_provisions(assistant, text, reference, verdict, first_suggestion):
    c = checked(assistant, text, reference)
    assert c.verdict == verdict, c.reason
    assert [s.label for s in c.suggestions][:1] == ([first_suggestion] if first_suggestion else [])
    assert c.exists == (verdict != NONEXISTENT)
    corpus = "".join(p.text for p in assistant.index.passages)
    assert all(s.quote in corpus for s in c.suggestions)  # verbatim


def test_the_verbatim_provision_and_its_title_come_with_the_verdict(assistant):
    c = checked(assistant, "Article 16 criminalizes grooming a child online.", "Article 16")
    assert c.provision.title == "Non-consensual dissemination of intimate images"
    assert c.provision.quote.startswith("1. Each State Party") and "6. States Parties may take" in c.provision.quote
    assert c.article == 16 and c.paragraph is None and 0 < c.score <= 1


@pytest.mark.parametrize("claim, verdict, said, provision", [
    ("The General Assembly adopted the Convention in July 2024.", NOT_SUPPORTED, "24 December 2024", "Resolution 79/243"),
    ("The treaty obliges service providers to keep data for two years.", NOT_SUPPORTED, "90 days", "Article 25(2)"),
    ("The Convention is open for signature until 31 December 2025.", NOT_SUPPORTED, "31 December 2026", "Article 64(1)"),
    ("The Convention was adopted by the General Assembly on 24 December 2024.", SUPPORTED, "", "Resolution 79/243"),
    ("The treaty requires States Parties to criminalize the non-consensual dissemination of intimate images.",
     SUPPORTED, "", "Article 16("),
])
def test_claims_without_a_reference_are_checked_against_the_primary_text(assistant, claim, verdict, said, provision):
    report = check_text(assistant, claim)
    [c] = report.claims
    assert report.references == [] and c.verdict == verdict, c.reason
    assert said in c.reason and c.provision.label.startswith(provision)
    assert (c.start, c.end) == (0, len(claim))


def test_a_memo_is_checked_reference_by_reference(assistant):
    memo = (PROJECT_ROOT / "eval" / "check_memo.md").read_text()
    report = check_text(assistant, memo)
    verdicts = {(c.text, c.label): c.verdict for c in report.references}
    assert verdicts[("Art 24.2", "Article 24(2)")] == SUPPORTED
    assert verdicts[("Article 69", "Article 69")] == NONEXISTENT
    assert verdicts[("Article 19(2)", "Article 19(2)")] == UNCLEAR
    assert verdicts[("Article 29", "Article 29")] == NOT_SUPPORTED
    sixteen = [c.verdict for c in report.references if c.label == "Article 16" and c.text == "Article 16"]
    assert sixteen == [NOT_SUPPORTED, SUPPORTED]  # grooming is Article 15; intimate images are Article 16
    assert [o.instrument for o in report.other_instruments] == ["Budapest Convention"]
    assert all(memo[c.start:c.end] == c.text for c in report.references + report.claims)
    assert {c.verdict for c in report.claims} == {SUPPORTED, NOT_SUPPORTED}


def test_the_report_has_the_fields_the_api_promises(assistant):
    data = check_text(assistant, "Article 16 criminalizes grooming. The treaty obliges providers to keep data for "
                                 "two years.").to_dict()
    assert set(data) == {"references", "claims", "other_instruments", "milliseconds"}
    reference = data["references"][0]
    assert {"text", "sentence", "start", "end", "article", "paragraph", "exists", "verdict", "score", "provision",
            "suggestions"} <= set(reference)
    assert set(reference["provision"]) == {"label", "title", "quote"}
    assert set(reference["suggestions"][0]) == {"label", "article", "paragraph", "quote", "score"}
    assert data["claims"][0]["verdict"] == NOT_SUPPORTED
    json.dumps(data)


def test_any_spelling_resolves_to_the_canonical_provision(assistant):
    for spelling, label in [("Art. 24 para 2", "Article 24(2)"), ("24(2)", "Article 24(2)"), ("art. 2(h)", "Article 2(h)"),
                            ("interpretative note 3", "Interpretative note 3"), ("41", "Article 41"),
                            ("resolution 79/243, paragraph 2", "Resolution 79/243, para. 2"), ("the preamble", "Preamble")]:
        found = look_up(assistant.index, spelling)
        assert isinstance(found, Lookup) and found.label == label, spelling
    assert look_up(assistant.index, "Article 2(h)").text.startswith("For the purposes of this Convention:\n(h)")
    assert "has no paragraph 9" in look_up(assistant.index, "Article 7(9)")


# ---- command line and evaluation ----------------------------------------------------------------

def run(full_index, *args, stdin: str | None = None):
    settings, _ = full_index
    env = {**os.environ, "TREATYQA_DATA_DIR": str(settings.data_dir), "TREATYQA_LLM_PROVIDER": "none"}
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=300)


def test_check_command_reports_and_sets_its_exit_status(full_index, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 16 criminalizes grooming a child online. Article 99 is the depositary clause.")
    done = run(full_index, "-m", "assistant", "check", str(draft))
    assert done.returncode == 1, done.stderr  # something to look at
    assert "✗ NOT SUPPORTED  “Article 16”" in done.stdout and "suggestion 1: Article 15(1)" in done.stdout
    assert "✗ NONEXISTENT  “Article 99”" in done.stdout and "68 articles" in done.stdout
    data = json.loads(run(full_index, "-m", "assistant", "check", "-", "--json", stdin=draft.read_text()).stdout)
    assert [r["verdict"] for r in data["references"]] == [NOT_SUPPORTED, NONEXISTENT]
    fine = run(full_index, "-m", "assistant", "check", "-", stdin="Article 7 requires States to criminalize "
                                                                     "intentional access to a system without right.")
    assert fine.returncode == 0 and "✓ SUPPORTED" in fine.stdout
    empty = run(full_index, "-m", "assistant", "check", "-", "--json", stdin="  ")
    assert empty.returncode == 2 and json.loads(empty.stdout) == {"error": "the text is empty"}
    missing = run(full_index, "-m", "assistant", "check", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt" in missing.stderr


def test_check_eval_prints_the_measures(full_index, tmp_path):
    rows = [
        {"id": "a", "kind": "right", "text": "Article 7 requires States to criminalize access without right.",
         "ref": "Article 7", "cited": "Article 7", "verdict": "supported", "provision": ["Article 7(1)"]},
        {"id": "b", "kind": "wrong_article", "text": "Article 16 criminalizes grooming a child online.",
         "ref": "Article 16", "cited": "Article 16", "verdict": "not_supported", "provision": ["Article 15(1)"]},
        {"id": "c", "kind": "other_treaty", "text": "Article 8 of the ECHR protects private life.", "ref": "Article 8",
         "cited": None, "verdict": None, "provision": []},
    ]
    dataset = tmp_path / "check.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = run(full_index, "-m", "assistant.check_eval", str(dataset), "--output", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    for measure in ("| references found | 1.000", "| verdict accuracy | 1.000", "| wrong ones flagged | 1.000",
                    "| false alarms on right ones | 0.000", "| right provision in top 3 suggestions | 1.000",
                    "| other treaties' articles recognised | 1.000"):
        assert measure in done.stdout
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["verdict"] for o in out] == ["supported", "not_supported", None]
    dataset.write_text('{"id": "x", "text": "no ref here", "ref": "Article 9"}\n')
    bad = run(full_index, "-m", "assistant.check_eval", str(dataset))
    assert bad.returncode == 2 and "check.jsonl:1" in bad.stderr
