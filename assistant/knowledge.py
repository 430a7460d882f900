"""The project's knowledge of the field, kept as reviewed data in `corpus/` and loaded here.

- `corpus/plain/*.yaml`: the plain-language layer, one entry per provision: what it does in everyday
  words, its force (must / may / ...), and the words people use for its subject.

Staff extend it without touching Python; `validate_layer` and the tests check every entry
against the text. Pure apart from reading the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from assistant.force import FORCES, STATES, forces_in
from assistant.models import Passage

PLAIN_DIR_NAME = "plain"


class KnowledgeError(ValueError):
    """A knowledge file is malformed: named with the reason."""


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's mappings silently keep the last of two equal keys; a repeated term is a mistake. LibYAML's
    parser where PyYAML has it: the layer in 0.015 s instead of 0.19 s, the same data."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise KnowledgeError(f"line {key_node.start_mark.line + 1}: {key!r} is listed twice")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def load_mapping(path: Path) -> dict:
    """A YAML file whose top level is a mapping with unique keys."""
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KnowledgeError) as exc:
        raise KnowledgeError(f"{path}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class PlainEntry:
    """What a provision does in everyday words, its force, and the words people use for its subject."""

    key: str  # the provision's label without "Article ": "16(1)", "2(h)", "Interpretative note 1", "Preamble #2"
    plain: str
    force: str
    words: tuple[str, ...] = ()


def layer_key(label: str, doc_kind: str, occurrence: int = 1) -> str:
    """The layer's key for a passage: `Article 16(1)` -> `16(1)`; the n-th passage sharing a label
    (runs of recitals) gets ` #n`."""
    key = label[len("Article "):] if doc_kind == "treaty" and label.startswith("Article ") else label
    return key if occurrence == 1 else f"{key} #{occurrence}"


def load_plain_layer(folder: Path) -> dict[str, PlainEntry]:
    """Every `*.yaml` in the folder, merged; a key in two files is an error. A missing folder is empty."""
    entries: dict[str, PlainEntry] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for key, raw in load_mapping(path).items():
            where = f"{path.name}: {key!r}"
            if key in entries:
                raise KnowledgeError(f"{where}: the key is also in another file")
            if not isinstance(raw, dict) or not isinstance(raw.get("plain"), str) or raw.get("force") not in FORCES:
                raise KnowledgeError(f"{where}: an entry has `plain` (text), `force` (one of {', '.join(FORCES)}) "
                                     "and optionally `words` (a list)")
            words = raw.get("words") or []
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise KnowledgeError(f"{where}: `words` is a list of phrases")
            entries[str(key)] = PlainEntry(str(key), raw["plain"].strip(), raw["force"], tuple(w.strip() for w in words))
    return entries


def validate_layer(entries: dict[str, PlainEntry], texts: dict[str, str]) -> list[str]:
    """Problems with a layer against the provisions' texts (key -> verbatim text): keys that are no
    provision, provisions without an entry, and a stated force the text's modal verbs do not carry."""
    problems = [f"{key!r} is not the key of any provision" for key in entries if key not in texts]
    problems += [f"{key!r} has no plain-language entry" for key in texts if key not in entries]
    for key, entry in entries.items():
        if key in texts and entry.force != STATES and entry.force not in forces_in(texts[key]):
            problems.append(f"{key!r} says {entry.force!r}, but its text says {', '.join(forces_in(texts[key])) or 'nothing modal'}")
    return problems


def keyed(passages: Iterable[Passage]) -> Iterator[tuple[str, Passage]]:
    """Each passage with its layer key (the n-th passage of a document sharing a label is ` #n`)."""
    seen: Counter = Counter()
    for passage in passages:
        seen[passage.doc_id, passage.label] += 1
        yield layer_key(passage.label, passage.doc_kind, seen[passage.doc_id, passage.label]), passage


def with_layer(passages: list[Passage], layer: dict[str, PlainEntry]) -> list[Passage]:
    """The passages with their plain-language entries attached; secondary sources get none."""
    return [
        replace(p, plain=layer[key].plain, force=layer[key].force, words="; ".join(layer[key].words))
        if p.is_primary and key in layer else p
        for key, p in keyed(passages)
    ]


def layer_texts(passages: Iterable[Passage]) -> dict[str, str]:
    """Layer key -> verbatim text of every primary passage: what `validate_layer` checks against."""
    return {key: p.text for key, p in keyed(passages) if p.is_primary}
