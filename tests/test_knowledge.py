"""The plain-language layer (corpus/plain/) checked against the text it describes."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.force import STATES, forces_in
from assistant.knowledge import (
    KnowledgeError, PlainEntry, layer_key, layer_texts, load_mapping, load_plain_layer, validate_layer, with_layer,
)
from ingest.loaders import discover, load
from ingest.pipeline import passages_for

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def passages():
    paths, _ = discover(CORPUS)
    return [p for path in paths for p in passages_for(load(path, CORPUS), 1000)]


@pytest.fixture(scope="module")
def layer():
    return load_plain_layer(CORPUS / "plain")


def test_every_provision_has_an_entry_and_every_key_is_a_provision(passages, layer):
    texts = layer_texts(passages)
    assert len(texts) > 400
    assert [p for p in validate_layer(layer, texts) if "force" not in p] == []


def test_the_stated_force_agrees_with_the_modal_verbs_of_the_text(passages, layer):
    assert [p for p in validate_layer(layer, layer_texts(passages)) if "force" in p] == []


def test_entries_are_plain_sentences_with_everyday_words(layer):
    for entry in layer.values():
        assert 20 <= len(entry.plain) <= 450, entry.key
        assert "State Party" not in entry.plain, entry.key  # everyday words: "country"
    rules = [e for e in layer.values() if e.force != STATES]
    assert sum(bool(e.words) for e in rules) >= 0.95 * len(rules)


def test_the_known_rules_say_what_the_text_says(layer):
    assert layer["16(1)"].force == "must" and "intimate image" in layer["16(1)"].plain
    assert layer["19(2)"].force == "may"
    assert layer["6(2)"].force == "must not"
    assert "revenge porn" in layer["16(1)"].words


def test_validation_names_unknown_keys_missing_entries_and_a_wrong_force():
    texts = {"7(1)": "Each State Party shall adopt ...", "19(2)": "Each State Party may adopt ..."}
    layer = {"7(1)": PlainEntry("7(1)", "Countries must ...", "may"), "70(1)": PlainEntry("70(1)", "x", "must")}
    problems = validate_layer(layer, texts)
    assert "'70(1)' is not the key of any provision" in problems
    assert "'19(2)' has no plain-language entry" in problems
    assert "'7(1)' says 'may', but its text says must" in problems
    assert forces_in(texts["7(1)"]) == ["must"]


@pytest.mark.parametrize("content, reason", [
    ('"7(1)":\n  plain: "x"\n  force: sometimes\n', "force"),
    ('"7(1)":\n  plain: "x"\n  force: must\n  words: "hacking"\n', "words"),
    ('"7(1)":\n  plain: "x"\n  force: must\n"7(1)":\n  plain: "y"\n  force: must\n', "listed twice"),
    ("- just\n- a list\n", "mapping"),
    ('"7(1)": [unclosed\n', "7(1)|flow|expected"),
])
def test_a_malformed_layer_file_is_refused_by_name(tmp_path, content, reason):
    (tmp_path / "chapter.yaml").write_text(content)
    with pytest.raises(KnowledgeError, match=reason) as error:
        load_plain_layer(tmp_path)
    assert "chapter.yaml" in str(error.value)


def test_layer_keys_and_attachment(passages, layer):
    assert layer_key("Article 16(1)", "treaty") == "16(1)"
    assert layer_key("Preamble", "treaty", 3) == "Preamble #3"
    attached = {p.label: p for p in with_layer(passages, layer)}
    sharing = attached["Article 16(1)"]
    assert sharing.force == "must" and "revenge porn" in sharing.words and sharing.plain in sharing.embedding_text
    assert sharing.text.startswith("1. Each State Party shall adopt")  # the quote stays verbatim
    assert not any(p.plain for p in attached.values() if p.doc_kind == "commentary")


def test_the_fast_yaml_parser_reads_the_layer_as_pyyamls_own_does():
    import yaml

    for path in sorted((CORPUS / "plain").glob("*.yaml")):
        assert load_mapping(path) == yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader), path
