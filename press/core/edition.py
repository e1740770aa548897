"""One edition of the book as a single value: what every stage of its build reads.

The command line makes one `Edition` per edition and run (`press.build.edition.
make_edition`) and hands it to Sphinx as the one config value `press_edition`; Sphinx's
own `language` is set from it. Frozen, picklable and compared by value: Sphinx keeps
the config of the last build with its doctrees and reads every document again exactly
when a config value whose rebuild is "env" compares unequal. So an edition made anew
from the same inputs reads nothing again, and a change of any field reads everything
again (tests/test_pipeline.py shows both).

Only what decides the edition's content is here. How a run goes (formats, strict
gate, PDF variant, crop marks, the clock) stays in `press.build.edition.Options`: a
strict or PDF/A run must not make the next ordinary build read every document again.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from press.core.project import Project


@dataclass(frozen=True)
class Edition:
    lang: str                  # the edition's language (Sphinx's `language`)
    project: Project           # where everything lives; compared by its root and build
    # (docname, source language) for every document, sorted; press.content.sources
    # decides it (doc_languages), so it is computed in one place only.
    doc_languages: tuple[tuple[str, str], ...] = ()
    default_language: str = "sk"   # a document the map does not know (conf.py's)
    draft: bool = False        # --draft: the draft marks even when all is translated
    # Hash of the toolchain's code, the vocabularies and the labels' catalog: the
    # directives render them while a document is read (press.build.edition.fingerprint).
    fingerprint: str = ""

    @classmethod
    def make(cls, project: Project, lang: str, doc_languages: Mapping[str, str] = {},
             draft: bool = False, fingerprint: str = "") -> Edition:
        return cls(lang, project, tuple(sorted(doc_languages.items())),
                   project.source_language, draft, fingerprint)

    def source_language(self, docname: str) -> str:
        """The language a document is written in (its untranslated passages' language)."""
        return self._languages.get(docname, self.default_language)

    @cached_property
    def _languages(self) -> dict[str, str]:
        # A lookup table made from the fields; dataclass equality and repr ignore it.
        return dict(self.doc_languages)
