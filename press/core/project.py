"""Where things live. Every stage takes a Project, so tests can build a fixture
project exactly as `make` builds the real one."""
from __future__ import annotations

import runpy
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from press import ROOT


def catalog_folder(locales: Path, lang: str) -> Path:
    """<locales>/<lang>/LC_MESSAGES: the layout Sphinx and sphinx-intl read."""
    return Path(locales) / lang / "LC_MESSAGES"


def catalog_file(locales: Path, lang: str, domain: str) -> Path:
    """The catalog of one document, or of the toolchain's own words (domain "press")."""
    return catalog_folder(locales, lang) / f"{domain}.po"


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    build: Path = field(default=None)  # type: ignore[assignment]

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())
        if self.build is None:
            object.__setattr__(self, "build", self.root / "_build")

    # inputs
    @property
    def book(self) -> Path: return self.root / "book"
    @property
    def cases(self) -> Path: return self.root / "cases"
    @property
    def vocab(self) -> Path: return self.cases / "vocab"
    @property
    def images(self) -> Path: return self.cases / "images"
    @property
    def data(self) -> Path: return self.cases / "data"
    @property
    def locales(self) -> Path: return self.root / "locales"
    @property
    def fonts(self) -> Path: return self.root / "fonts"
    @property
    def names_file(self) -> Path: return self.vocab / "names.yaml"   # press.i18n.names

    # outputs, all under _build/
    @property
    def src(self) -> Path: return self.build / "src"        # the copy Sphinx reads
    @property
    def gettext(self) -> Path: return self.build / "gettext"
    @property
    def html(self) -> Path: return self.build / "html"
    @property
    def pdf(self) -> Path: return self.build / "pdf"
    @property
    def work(self) -> Path: return self.build / ".work"     # doctrees, print html, state

    def __getstate__(self) -> dict:
        # A Project travels to worker processes and into Sphinx's pickled config (inside
        # the Edition): only its two fields, never the cached conf.py namespace.
        return {"root": self.root, "build": self.build}

    @cached_property
    def conf(self) -> dict:
        """book/conf.py's settings, read without starting Sphinx."""
        return {k: v for k, v in runpy.run_path(str(self.book / "conf.py")).items()
                if not k.startswith("__")}

    @property
    def editions(self) -> list[str]:
        return list(self.conf["press_editions"])

    @property
    def source_language(self) -> str:
        return self.conf.get("press_source_language", "sk")

    @property
    def publication(self) -> str:
        return self.conf.get("press_publication", "book")

    def show(self, path: Path) -> str:
        """A path as messages print it: relative to the project when inside it."""
        path = Path(path)
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def catalog_dir(self, lang: str) -> Path:
        """The folder of an edition's catalogs (docname = path below it)."""
        return catalog_folder(self.locales, lang)

    def catalog(self, lang: str, doc: str) -> Path:
        return catalog_file(self.locales, lang, doc)

    def pdf_path(self, lang: str, variant: str = "") -> Path:
        suffix = f"-{variant}" if variant else ""
        return self.pdf / f"{self.publication}-{lang}{suffix}.pdf"
