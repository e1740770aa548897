"""Quarantined library patch: /Scope on every table header cell in the PDF's structure tree.

PDF/UA-1 (ISO 14289-1, 7.5; checkers' UA-15-003) asks each TH structure element for a
/Scope (Column, Row or Both) or for its data cells to list it in /Headers, so that a
screen reader can tell which header a data cell belongs to. WeasyPrint 70.0 gives TH
elements an /ID and TD elements /Headers, but writes no /Scope, and independent
checkers still warn on every TH. It reads the HTML `scope` attribute (to sort row from
column headers), so the information is there: this patch copies it into the TH's
/Table attribute dictionary as /Scope, /Row for scope="row"/"rowgroup", /Column
otherwise (what WeasyPrint itself assumes for a TH without scope).

It wraps `weasyprint.pdf.tags._build_box_tree`, a private function whose signature and
yield contract (a box yields its own structure element) are those of 70.0; so it names
that version and refuses to run with another: a WeasyPrint upgrade must look at this
patch again (perhaps remove it) rather than silently lose or corrupt the tags.

To be moved into press/patches.py with the other quarantined patches.
"""
from __future__ import annotations

from importlib.metadata import version

from press.core.state import BuildError

PACKAGE = "weasyprint"
WRITTEN_FOR = "70.0"
ROW_SCOPES = {"row", "rowgroup"}


def check_version() -> None:
    installed = version(PACKAGE)
    if installed != WRITTEN_FOR:
        raise BuildError(
            f"press/print/patch_table_scope.py: this patch of {PACKAGE} (/Scope on table "
            f"header cells) was written for {PACKAGE} {WRITTEN_FOR}, but {installed} is "
            f"installed. Check whether {PACKAGE} {installed} writes /Scope itself (then "
            f"delete the patch) or still has `pdf.tags._build_box_tree` as in "
            f"{WRITTEN_FOR} (then update WRITTEN_FOR), or pin {PACKAGE}=={WRITTEN_FOR}.")


def scope_name(scope_attribute: str | None) -> str:
    """The PDF /Scope for an HTML th's scope attribute."""
    return "/Row" if (scope_attribute or "").strip().lower() in ROW_SCOPES else "/Column"


def apply() -> None:
    """Install the patch (once per process); fails the build on a WeasyPrint mismatch."""
    check_version()
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "press_table_scope", False):
        return

    def build_box_tree(box, parent, pdf, *args):
        is_th = box.element is not None and box.element_tag == "th"
        for element in original(box, parent, pdf, *args):
            # A th's box yields its own TH element; anonymous boxes inside it are
            # NonStruct and keep no scope.
            if is_th and element.get("S") == "/TH":
                attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                attributes["Scope"] = scope_name(box.element.get("scope"))
            yield element

    build_box_tree.press_table_scope = True
    tags._build_box_tree = build_box_tree
