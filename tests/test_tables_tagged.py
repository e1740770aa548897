"""PDF/UA: every table header cell says what it heads (/Scope), read back with pikepdf."""
from __future__ import annotations

from html.parser import HTMLParser

import pikepdf
import pytest

from press.core.state import BuildError
from press import patches

LANGS = ("sk", "cs", "en")
SCOPES = {"/Column", "/Row", "/Both"}


def structure_elements(path, kind: str) -> list:
    """Every structure element of the given type (/TH, /TD...) in the PDF."""
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root, "the PDF is not tagged"
        found = []
        for obj in pdf.objects:
            if (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"
                    and obj.get("/S") == kind):
                attributes = obj.get("/A")
                found.append({"scope": str(attributes.get("/Scope")) if attributes is not None
                              and "/Scope" in attributes else None,
                              "headers": attributes is not None and "/Headers" in attributes})
        return found


class HeaderCells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scopes = []

    def handle_starttag(self, tag, attrs):
        if tag == "th":
            self.scopes.append(dict(attrs).get("scope"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_header_cell_has_a_scope_in_the_structure_tree(built_project, lang):
    headers = structure_elements(built_project / f"_build/pdf/twinning-{lang}.pdf", "/TH")
    assert headers, "the fixture's case table should give the PDF header cells"
    unscoped = [h for h in headers if h["scope"] not in SCOPES]
    assert not unscoped, f"{len(unscoped)} of {len(headers)} TH without /Scope"
    # The data cells still point at their headers (WeasyPrint's own /Headers).
    cells = structure_elements(built_project / f"_build/pdf/twinning-{lang}.pdf", "/TD")
    assert cells and all(c["headers"] for c in cells)


@pytest.mark.parametrize("lang", LANGS)
def test_print_html_header_cells_have_scope(built_project, lang):
    parser = HeaderCells()
    parser.feed((built_project / f"_build/.work/{lang}/print/index.html").read_text("utf-8"))
    assert parser.scopes and set(parser.scopes) <= {"col", "row"}


def test_scope_names():
    assert patches.scope_name("row") == "/Row"
    assert patches.scope_name("rowgroup") == "/Row"
    assert patches.scope_name("col") == "/Column"
    assert patches.scope_name(None) == "/Column"


def test_the_patch_refuses_another_weasyprint(monkeypatch):
    from weasyprint.pdf import tags

    monkeypatch.setattr(patches, "installed_version", lambda name: "71.0")
    monkeypatch.setattr(tags, "_build_box_tree", tags._build_box_tree.__dict__.get(
        "__wrapped__", tags._build_box_tree))
    with pytest.raises(BuildError, match=r"read against weasyprint 70\.0, but weasyprint 71\.0"):
        patches.weasyprint_tags()
