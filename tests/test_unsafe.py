"""One verdict on every directive and role: the record validator, the catalog check and
the Sphinx guard refuse exactly the names on core/unsafe.py's list.

The names are not copied from that list: they are every directive and role that
docutils, Sphinx, MyST and our extension register in a real Sphinx application (the
book's extensions), plus MyST's `eval-rst` fence, which no registry holds. Each is
used once in a record text, once added by a translation and once in a chapter built by
Sphinx; the verdict of each is whether it gave the unsafe reason."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from press.core.edition import Edition
from press.core.project import Project
from press.core.unsafe import REASON, unsafe_directive, unsafe_role

pytestmark = pytest.mark.build

BOOK_CONF = Path(__file__).resolve().parent.parent / "book" / "conf.py"


def _conf(root: Path) -> str:
    return ("extensions = ['myst_parser', 'press.ext']\n"
            "myst_enable_extensions = ['colon_fence', 'deflist']\n"
            "press_editions = {'sk': {}, 'cs': {}, 'en': {}}\nlanguage = 'sk'\n")


def _docname(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", name.lower())


@pytest.fixture(scope="module")
def sphinx_run(tmp_path_factory):
    """Sphinx, read only, on one document per registered directive and role.
    Returns (directive names, role names, docname -> warnings)."""
    from docutils.parsers.rst import directives, roles
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    root = tmp_path_factory.mktemp("unsafe")
    from conftest import make_project
    make_project(root)
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(_conf(root))
    warnings = io.StringIO()
    with patch_docutils(str(src)), docutils_namespace():
        app = Sphinx(str(src), str(src), str(root / "out"), str(root / "doctrees"), "dummy",
                     confoverrides={"press_edition": Edition("sk", Project(root))},
                     status=None, warning=warnings, keep_going=True, freshenv=True)
        # docutils' tables (with what Sphinx and MyST added) and every domain's own
        domains = app.env.domains
        names = sorted(set(directives._directives) | set(directives._directive_registry)
                       | {"eval-rst"} | {f"{d.name}:{n}" for d in domains.sorted()
                                         for n in d.directives})
        role_names = sorted(set(roles._roles) | set(roles._role_registry)
                            | {f"{d.name}:{n}" for d in domains.sorted() for n in d.roles})
        toc = []
        for name in names:
            doc = _docname("d", name)
            toc.append(doc)
            (src / f"{doc}.md").write_text(f"# {name}\n\n```{{{name}}} a:arg.txt\nbody\n```\n")
        for name in role_names:
            doc = _docname("r", name)
            toc.append(doc)
            (src / f"{doc}.md").write_text(f"# {name}\n\nText {{{name}}}`arg.txt` here.\n")
        (src / "index.md").write_text("# Index\n\n```{toctree}\n" + "\n".join(toc) + "\n```\n")
        app.build(force_all=True)
    by_doc: dict[str, list[str]] = {}
    for line in warnings.getvalue().splitlines():
        m = re.search(r"/([dr]-[a-z0-9-]+)\.md", line)
        if m:
            by_doc.setdefault(m.group(1), []).append(line)
    return names, role_names, by_doc


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    from conftest import records_project
    from press.content.recordbase import Checks
    from press.content.vocab import load_vocab

    project = records_project(tmp_path_factory.mktemp("records"))
    return Checks.for_project(project, load_vocab(project))


def record_verdict(text: str, checks) -> bool:
    from press.content.recordrules import safe_directives, safe_roles

    found = [safe_directives(text, checks), safe_roles(text, checks)]
    return any(REASON in problem for problem in found if problem)


def catalog_verdict(text: str) -> bool:
    from press.i18n.pocheck import Message, check_unsafe

    return any(REASON in p for p in check_unsafe(Message("Plain text.", text), "cs"))


def guard_verdict(by_doc: dict, doc: str) -> bool:
    return any(REASON in line for line in by_doc.get(doc, []))


def disagreements(names, kind: str, listed, text_of, by_doc, checks) -> list:
    """(name, (the list, records, catalogs, Sphinx guard)) wherever the four differ."""
    found = []
    for name in names:
        text = text_of(name)
        verdicts = (listed(name), record_verdict(text, checks), catalog_verdict(text),
                    guard_verdict(by_doc, _docname(kind, name)))
        if len(set(verdicts)) != 1:
            found.append((name, verdicts))
    return found


def test_every_directive_gets_one_verdict(sphinx_run, checks):
    names, _, by_doc = sphinx_run
    assert {"raw", "include", "literalinclude", "eval-rst", "note", "toctree", "py:function"} <= set(names)
    assert disagreements(names, "d", unsafe_directive,
                         lambda name: f"```{{{name}}} a:arg.txt\nbody\n```", by_doc, checks) == []


def test_every_role_gets_one_verdict(sphinx_run, checks):
    _, role_names, by_doc = sphinx_run
    assert {"raw", "download", "std:ref", "emphasis"} <= set(role_names)
    assert disagreements(role_names, "r", unsafe_role,
                         lambda name: f"Text {{{name}}}`arg.txt` here.", by_doc, checks) == []


def test_some_names_are_refused_and_some_are_not(sphinx_run):
    """The verdicts above cannot all agree by being all False."""
    names, role_names, by_doc = sphinx_run
    assert guard_verdict(by_doc, _docname("d", "raw"))
    assert guard_verdict(by_doc, _docname("r", "download"))
    assert not guard_verdict(by_doc, _docname("d", "note"))
