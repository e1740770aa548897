"""The one list of directives and roles that untrusted text may not use.

Records, catalogs and chapters are untrusted. A directive or role on this list reads
files, emits raw output, runs code, or defines a role of its own (`role` can make a raw
role out of any name); it is refused wherever it appears, by the record validator
(content/records.py), the catalog check (i18n/pocheck.py) and the Sphinx guard
(ext/security.py). tests/test_unsafe.py runs every directive and role that docutils,
Sphinx, MyST and our extension register through all three and expects one verdict.

Not on the list, because the guards check their arguments instead: `image` and
`figure` (a file of the book only), `csv-table` (no :file: or :url:).
"""
from __future__ import annotations

UNSAFE_DIRECTIVES = frozenset({
    "raw", "include", "literalinclude", "eval-rst", "eval-md", "code-cell", "jupyter-execute",
    "program-output", "command-output", "exec", "eval", "ipython", "plot", "graphviz",
    "digraph", "graph", "role", "default-role",
})
UNSAFE_ROLES = frozenset({"raw", "download", "eval"})

# The words every guard uses, so that a reader (and the test) sees one reason.
REASON = "reads files, emits raw output or runs code"


def _base(name: str) -> str:
    """`std:ref` -> `ref`, `{Raw}` -> `raw`: the name docutils would look up. Other
    domains' names (`rst:role` documents a role, it makes none) stay whole."""
    return name.strip().strip("{}").lower().removeprefix("std:")


def unsafe_directive(name: str) -> bool:
    return _base(name) in UNSAFE_DIRECTIVES


def unsafe_role(name: str) -> bool:
    """Also every `raw-*` role: docutils' convention for roles made from `raw`."""
    base = _base(name)
    return base in UNSAFE_ROLES or base.startswith("raw")
