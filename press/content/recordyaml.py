"""Case records, the YAML: composed with libyaml's C loader, bounded, with the line of every key."""
from __future__ import annotations

from dataclasses import dataclass, field
import json
import re
from typing import Any

import yaml

from press.content.recordbase import LOADER, MAX_DEPTH


# ---------------------------------------------------------------------------------------
# Reading YAML safely, with the line of every key
# ---------------------------------------------------------------------------------------

STD_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(STD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge", "map", "seq"))
# Every anchor follows a line start, a space or a flow indicator; only then is the exact
# (and slower) event scan needed. Aliases need an anchor, so they are caught with it.
MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s,\[\]{}]", re.M)
_CONSTRUCT = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str):
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


@dataclass
class Tree:
    """Plain data from a YAML document, with the line of every key and list item."""
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[tuple[tuple, int, str]] = field(default_factory=list)   # (path, line, message)
    seen: set[int] = field(default_factory=set)        # collection nodes already converted


def decode(raw: bytes) -> str:
    """UTF-8 text of a file; a BOM is dropped, CRLF is left to the YAML reader."""
    if b"\x00" in raw:
        raise YamlProblem(_line_at(raw, raw.index(b"\x00")), "encoding", "the file contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise YamlProblem(_line_at(raw, e.start), "encoding",
                          f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def read_yaml(text: str) -> Tree:
    """Compose with libyaml and convert the node tree ourselves: no object construction."""
    if "&" in text and MAYBE_ANCHOR.search(text):
        _reject_anchors(text)
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise YamlProblem(mark.line + 1 if mark else 1, "yaml",
                          f"syntax error: {e.problem or e.context or 'not valid YAML'}{where}") from None
    except yaml.reader.ReaderError as e:
        line = text.encode("utf-8")[:e.position].count(b"\n") + 1
        raise YamlProblem(line, "yaml", f"character U+{e.character:04X} is not allowed in YAML") from None
    except yaml.YAMLError as e:
        raise YamlProblem(1, "yaml", f"cannot read: {str(e).splitlines()[0]}") from None
    except RecursionError:                # only the pure-Python fallback loader recurses
        raise YamlProblem(1, "yaml", "nesting is too deep") from None
    if node is None:
        raise YamlProblem(1, "yaml", "the file is empty")
    tree = Tree(data=None, lines={(): _line_of(node)})
    tree.data = _convert(node, (), tree, 0)
    return tree


def _reject_anchors(text: str) -> None:
    # Aliases can make a small file expand into billions of nodes (an "alias bomb").
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(event.start_mark.line + 1, "yaml",
                                  "anchors and aliases (&name, *name) are not allowed")
    except yaml.YAMLError:
        pass                              # compose reports the syntax error with its position


def _convert(node, path: tuple, tree: Tree, depth: int):
    if depth > MAX_DEPTH:
        raise YamlProblem(_line_of(node), _dotted(path) or "yaml",
                          f"nesting deeper than {MAX_DEPTH} levels")
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace(STD_TAG, "!!")
        tree.problems.append((path, _line_of(node), f"YAML tag '{tag}' is not allowed; write plain values"))
        return None
    if isinstance(node, yaml.CollectionNode):
        # An alias is the same node object a second time; expanding it is how an
        # alias bomb explodes. The anchor scan catches these first; this is the backstop.
        if id(node) in tree.seen:
            raise YamlProblem(_line_of(node), "yaml", "anchors and aliases (&name, *name) are not allowed")
        tree.seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, tree, depth)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            tree.lines[path + (i,)] = _line_of(item)
            items.append(_convert(item, path + (i,), tree, depth + 1))
        return items
    return _scalar(node, path, tree)


def _convert_mapping(node, path: tuple, tree: Tree, depth: int) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = _line_of(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            tree.problems.append((path, line, "a key must be a plain name"))
            continue
        key = key_node.value
        if key in result:
            first = tree.lines[path + (key,)]
            tree.problems.append((path + (key,), line, f"duplicate key (first at line {first})"))
            continue
        tree.lines[path + (key,)] = line
        result[key] = _convert(value_node, path + (key,), tree, depth + 1)
    return result


def _scalar(node, path: tuple, tree: Tree):
    tag = node.tag[len(STD_TAG):]
    try:
        if tag == "int":
            return _CONSTRUCT.construct_yaml_int(node)
        if tag == "float":
            return _CONSTRUCT.construct_yaml_float(node)
        if tag == "bool":
            return _CONSTRUCT.construct_yaml_bool(node)
    except (ValueError, KeyError, OverflowError):
        tree.problems.append((path, _line_of(node), f"'{node.value}' is not a valid {tag}"))
        return None
    if tag == "null":
        return None
    return node.value                     # str, and dates stay text: no datetime objects


def _line_of(node) -> int:
    return node.start_mark.line + 1


def _dotted(path: tuple) -> str:
    return ".".join(_segment(part) for part in path)


def _segment(part) -> str:
    text = str(part)
    if re.fullmatch(r"[\w-]{1,40}", text):
        return text
    return json.dumps(text[:40], ensure_ascii=False)     # an odd key, shown quoted
