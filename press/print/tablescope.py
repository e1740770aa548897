"""Header cells say what they head: `<th scope="col">` or `<th scope="row">`.

A screen reader ties a data cell to its headers through the scope (HTML) or the
structure tree's /Scope (PDF/UA, from press.patches.weasyprint_tags). docutils'
HTML writer writes `<th>` for a header row's cells and for stub columns but no scope;
this translator mixin adds it, from the same rule the writer used to choose `<th>`.
"""
from __future__ import annotations

from docutils import nodes


def header_scope(entry: nodes.entry) -> str | None:
    """"col" for a cell of the table's head, "row" for a stub cell, None for data."""
    if isinstance(entry.parent.parent, nodes.thead):
        return "col"
    # Called before the writer's visit_entry: `column` is this cell's column, and
    # `stubs` the tgroup's list the writer filled from the colspecs.
    column = getattr(entry.parent, "column", 0)
    stubs = getattr(entry.parent.parent.parent, "stubs", [])
    if 0 <= column < len(stubs) and stubs[column]:
        return "row"
    return None


class ScopedHeaders:
    """Mix into an HTML5Translator: every `<th>` it writes gets a scope."""

    def visit_entry(self, node):
        scope = header_scope(node)
        super().visit_entry(node)
        start = self.body[-1]
        if scope and start.startswith("<th") and " scope=" not in start:
            self.body[-1] = f'<th scope="{scope}"' + start[len("<th"):]
