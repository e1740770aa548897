"""Our speed fixes inside pydyf and MyST (bench/README.md) must not change the output."""
from __future__ import annotations

from unittest import mock

import pydyf
import pytest

from press import patches
from press.print import pdf


@pytest.fixture
def original_pydyf(monkeypatch):
    """pydyf as shipped, restored after the test whatever the test did."""
    original = pydyf.PDF.__dict__["page_references"]
    if getattr(original.fget, patches.MARK, None):  # already patched: unwrap
        original = property(original.fget.__wrapped__, doc=original.__doc__)
    monkeypatch.setattr(pydyf.PDF, "page_references", original)
    return original


def test_cached_page_references_follow_added_pages(original_pydyf):
    patches.pydyf_page_references()
    document = pydyf.PDF()
    for count in range(1, 5):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        fast = document.page_references
        assert fast == original_pydyf.fget(document)
        assert len(fast) == count
    assert document.page_references is document.page_references  # cached, not rebuilt


@pytest.mark.build
def test_tagged_pdf_is_byte_identical_with_and_without_the_fix(tmp_path, monkeypatch,
                                                                original_pydyf):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    html = tmp_path / "index.html"
    sections = "".join(f"<h2 id='s{i}'>Kapitola {i}</h2><p>{'Text v odseku. ' * 200}</p>"
                       f"<p><a href='#s{(i + 3) % 6}'>odkaz</a></p>" for i in range(6))
    html.write_text(f"<!DOCTYPE html><html lang='sk'><head><title>T</title></head>"
                    f"<body>{sections}</body></html>", encoding="utf-8")

    with mock.patch.object(patches, "pydyf_page_references", lambda: None):
        plain = pdf.render(html, tmp_path / "plain.pdf", [tmp_path], document="t")
    assert pydyf.PDF.__dict__["page_references"] is original_pydyf

    fast = pdf.render(html, tmp_path / "fast.pdf", [tmp_path], document="t")
    assert patches.applied(patches.PYDYF_PAGES, pydyf.PDF, "page_references")
    assert plain["pages"] == fast["pages"] > 3
    assert (tmp_path / "plain.pdf").read_bytes() == (tmp_path / "fast.pdf").read_bytes()


def test_markdown_parser_is_reused_except_inside_its_own_render():
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers import sphinx_

    patches.myst_parser_reuse()
    config = MdParserConfig()
    first = sphinx_.create_md_parser(config, SphinxRenderer)
    assert sphinx_.create_md_parser(config, SphinxRenderer) is first
    assert sphinx_.create_md_parser(MdParserConfig(), SphinxRenderer) is not first

    nested = []   # a parse inside a parse must not get the parser that is rendering
    first.renderer.render = lambda tokens, options, env: nested.append(
        sphinx_.create_md_parser(config, SphinxRenderer))
    first.render("text")
    assert nested and nested[0] is not first
    assert not first.press_busy
    assert sphinx_.create_md_parser(config, SphinxRenderer) is nested[0]


# ------------------------------------------------------------------ the patches module

def test_a_patch_refuses_another_version_of_its_package(monkeypatch, original_pydyf):
    monkeypatch.setattr(patches, "installed_version", lambda package: "0.0.1")
    with pytest.raises(patches.PatchError) as refused:
        patches.pydyf_page_references()
    message = str(refused.value)
    assert "'pydyf-page-references'" in message and "pydyf.PDF.page_references" in message
    assert "pydyf 0.13.0" in message and "pydyf 0.0.1 is installed" in message
    assert pydyf.PDF.__dict__["page_references"] is original_pydyf   # nothing replaced


def test_every_patch_names_the_installed_version():
    """The pins and the patches agree today: an upgrade must fail in the line above."""
    from importlib import metadata

    for patch in patches.PATCHES:
        assert metadata.version(patch.package) == patch.written_for, patch.name


def test_a_patch_is_applied_once(original_pydyf):
    patches.pydyf_page_references()
    first = pydyf.PDF.__dict__["page_references"]
    patches.pydyf_page_references()
    assert pydyf.PDF.__dict__["page_references"] is first
    assert first.fget.__wrapped__ is original_pydyf.fget
