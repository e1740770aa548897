"""The toolchain that turns records, data, chapters and catalogs into the editions.

Modules follow the data flow (see ARCHITECTURE.md):
records/data -> generated pages -> Sphinx read -> translation -> typography -> HTML/print -> PDF
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
