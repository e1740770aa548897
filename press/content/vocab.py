"""Case records, the vocabularies: `cases/vocab/themes.yaml` and `programmes.yaml`, a
label per key and edition language, read with the records' YAML reader."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re

from press.content.recordbase import Problem, _editions, _relative
from press.content.recordyaml import YamlProblem, _dotted, decode, read_yaml
from press.core.project import Project
from press.i18n.names import Names

KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass
class Vocab:
    themes: dict[str, dict[str, str]] = field(default_factory=dict)       # key -> lang -> label
    programmes: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    names: Names = field(default_factory=Names)     # cases/vocab/names.yaml, with CLDR
    locales: Path | None = None     # the project's catalogs, for press.i18n.labels.label

    def theme(self, key: str, lang: str) -> str:
        return _label(self.themes, key, lang)

    def programme(self, key: str, lang: str) -> str:
        return _label(self.programmes, key, lang)


def _label(table: dict, key: str, lang: str) -> str:
    labels = table.get(key, {})
    return labels.get(lang) or labels.get("en") or key


def load_vocab(project: Project) -> Vocab:
    """Theme and programme labels per language; problems in the files are collected."""
    vocab = Vocab(names=Names.of(project), locales=project.locales)
    languages = _editions(project)
    for name in ("themes", "programmes"):
        table, problems = _read_vocab(project, project.vocab / f"{name}.yaml", languages)
        setattr(vocab, name, table)
        vocab.problems += problems
    return vocab


def _read_vocab(project: Project, path: Path, languages) -> tuple[dict, list[Problem]]:
    file = _relative(project, path)
    try:
        tree = read_yaml(decode(path.read_bytes()))
    except OSError as e:
        return {}, [Problem(file, 1, "file", f"cannot read: {e.strerror}")]
    except YamlProblem as p:
        return {}, [Problem(file, p.line, p.field, p.message)]
    if not isinstance(tree.data, dict):
        return {}, [Problem(file, 1, "vocabulary", "expected a mapping of key: {sk: …, cs: …, en: …}")]
    problems = [Problem(file, line, _dotted(key_path) or "vocabulary", message)
                for key_path, line, message in tree.problems]
    table = {}
    for key, labels in tree.data.items():
        line = tree.lines[(key,)]
        if not KEY_RE.match(key):
            problems.append(Problem(file, line, key, "keys are lowercase letters, digits and hyphens"))
        elif not isinstance(labels, dict) or not all(isinstance(v, str) and v.strip() for v in labels.values()):
            problems.append(Problem(file, line, key, "expected labels per language, e.g. {sk: …, cs: …, en: …}"))
        else:
            problems += [Problem(file, line, f"{key}.{lang}", "label missing for this edition")
                         for lang in languages if lang not in labels]
            table[key] = {str(lang): label.strip() for lang, label in labels.items()}
    return table, problems
