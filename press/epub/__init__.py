"""The EPUB 3 edition: cover, deterministic packaging, publishing and EPUBCheck.

The Sphinx side (the builder, its templates) is press/ext/epubbuilder.py; this package
holds what does not need Sphinx, so the command line and the tests can use it alone.
"""
from __future__ import annotations

from pathlib import Path


def epub_dir(project) -> Path:
    return project.build / "epub"


def epub_path(project, lang: str) -> Path:
    """_build/epub/<publication>-<lang>.epub: the website links it from here."""
    return epub_dir(project) / f"{project.publication}-{lang}.epub"
