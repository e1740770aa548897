"""The edition as one value (press/core/edition.py): what Sphinx's config check needs."""
from __future__ import annotations

import io
import pickle
from dataclasses import replace

import pytest

from conftest import make_project
from press.core.edition import Edition
from press.core.project import Project


def test_an_edition_made_anew_is_equal_and_pickles_to_an_equal_value(tmp_path):
    project = Project(make_project(tmp_path / "p"))
    assert project.conf["press_editions"]   # cached now; it must not travel in a pickle
    docs = {"index": "sk", "chapters/b": "cs", "chapters/a": "sk"}
    one = Edition.make(project, "cs", docs, fingerprint="f")
    two = Edition.make(Project(project.root), "cs", dict(reversed(list(docs.items()))),
                       fingerprint="f")
    assert one == two and hash(one) == hash(two) and repr(one) == repr(two)
    back = pickle.loads(pickle.dumps(one))
    assert back == one and "conf" not in back.project.__dict__
    assert one.doc_languages == tuple(sorted(docs.items()))
    assert one.source_language("chapters/b") == "cs"
    assert one.source_language("not-in-the-map") == project.source_language
    for changed in (replace(one, draft=True), replace(one, fingerprint="g"),
                    replace(one, lang="sk"), Edition.make(project, "cs", {**docs, "index": "cs"})):
        assert changed != one


def test_sphinx_refuses_a_language_that_is_not_the_editions(tmp_path):
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError
    from sphinx.util.docutils import docutils_namespace

    from press.build.edition import make_edition
    from press.content.sources import assemble

    project = Project(make_project(tmp_path / "p"))
    edition = make_edition(project, "cs", assemble(project))
    with docutils_namespace(), pytest.raises(ConfigError, match="not the edition's"):
        Sphinx(str(project.src), str(project.src), str(tmp_path / "out"), str(tmp_path / "dt"),
               "html", confoverrides={"language": "sk", "press_edition": edition},
               status=io.StringIO(), warning=io.StringIO())
