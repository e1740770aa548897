"""WeasyPrint may read only the build's folders: no local files, no network."""
from __future__ import annotations

import pytest

from press.print.pdf import render
from press.core.state import BuildError


def page(tmp_path, body: str):
    folder = tmp_path / "print"
    folder.mkdir()
    (folder / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    html = folder / "index.html"
    html.write_text(f"<!DOCTYPE html><html lang='sk'><body><p>Text</p>{body}</body></html>")
    return folder, html


def test_files_inside_the_roots_are_read(tmp_path):
    folder, html = page(tmp_path, '<img src="ok.svg" alt="ok">')
    result = render(html, tmp_path / "out.pdf", [folder], document="test", variant=None)
    assert result["pages"] == 1 and (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("markup", [
    '<img src="file:///etc/passwd" alt="x">',
    '<img src="../secret.svg" alt="x">',
    '<img src="http://127.0.0.1:9/x.png" alt="x">',
    '<link rel="stylesheet" href="https://example.org/x.css">',
    '<link rel="attachment" href="file:///etc/passwd">',
])
def test_everything_else_is_refused_and_nothing_is_written(tmp_path, markup):
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    folder, html = page(tmp_path, markup)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(BuildError) as error:
        render(html, out, [folder], document="sk edition", variant=None)
    assert "sk edition" in str(error.value)
    assert out.read_bytes() == b"previous"


def test_a_symlink_out_of_the_roots_is_refused(tmp_path):
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    folder, html = page(tmp_path, '<img src="link.svg" alt="x">')
    (folder / "link.svg").symlink_to(tmp_path / "secret.svg")
    with pytest.raises(BuildError, match="link.svg|secret.svg"):
        render(html, tmp_path / "out.pdf", [folder], document="test", variant=None)
