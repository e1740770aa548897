"""The one PO reader and writer (press/i18n/po.py): what it writes is what GNU
`msgcat --width=79` writes, every catalog survives a round trip byte for byte, and the
line-aware scanner of check-po still finds what the reader forgives."""
from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import REPO
from press.i18n import gnu, po
from press.i18n.pocheck import check_catalog_bytes

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None or shutil.which("msgmerge") is None,
                                   reason="GNU gettext is installed by tools/bootstrap.sh")
CATALOGS = sorted([*REPO.glob("locales/**/*.po"), *REPO.glob("locales/templates/**/*.pot"),
                   *REPO.glob("board/locales/**/*.po")])


def msgcat(path: Path) -> bytes:
    """GNU msgcat, run here on its own: the reference the writer must equal."""
    result = subprocess.run(["msgcat", "--width=79", "--output-file=-", str(path)],
                            capture_output=True, env=gnu.ENV)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_every_catalog_and_template_is_collected():
    names = {p.relative_to(REPO).as_posix() for p in CATALOGS}
    assert "locales/templates/press.pot" in names and "locales/sk/LC_MESSAGES/press.po" in names
    assert "board/locales/cs/LC_MESSAGES/board.po" in names
    assert len([n for n in names if n.endswith(".pot")]) >= 3


@needs_gettext
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_catalog_round_trips_through_the_reader_and_the_writer(path):
    data = path.read_bytes()
    assert po.dumps(po.read(path)) == data == msgcat(path)


# A catalog in no tool's layout: long lines, a header value with a trailing space (as
# Sphinx's template writes it), a context, a plural, an escaped quote and tab, a fuzzy
# entry with its previous msgid, translator and extracted comments, an obsolete entry.
HAND_MADE = r'''# A translator's note.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: Town twinning \n"
"Language: cs\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;\n"

#. Extracted comment of the source.
#: ../src/chapters/alpha.md:2 ../src/chapters/alpha.md:30 ../src/chapters/alpha.md:300 ../src/chapters/alpha.md:3000
msgid "Väčšinu partnerských aktivít platia obce zo svojich rozpočtov; na väčšie stretnutia občanov dáva granty EÚ."
msgstr "Většinu partnerských aktivit platí obce ze svých rozpočtů; na větší setkání občanů dává granty EU."

msgctxt "board-entry"
msgid "Say \"hello\"\tand a long line that goes on and on until it has to be broken somewhere by the writer"
msgstr "Řekněte \"ahoj\"\ta dlouhý řádek, který pokračuje dál a dál, až ho musí zapisovač někde zalomit"

# a translator's comment
#, fuzzy
#| msgid "One town"
msgid "One town with a partner"
msgid_plural "%d towns with partners, counted from the data of the associations of towns and municipalities"
msgstr[0] "Jedna obec"
msgstr[1] "%d obce"
msgstr[2] "%d obcí s partnery, počítáno z údajů svazů měst a obcí, které se v datech nacházejí"

msgid "Line one\nLine two, which is long enough that the writer must also break it within the line\n"
msgstr "Řádek jedna\nŘádek dva, který je dost dlouhý, aby ho zapisovač musel zalomit i uvnitř řádku\n"

#~ msgid "An old message, no longer in the source, kept by the translator's tool as obsolete"
#~ msgstr "Stará zpráva, která už ve zdroji není, ponechaná nástrojem překladatele jako zastaralá"
'''


@needs_gettext
def test_the_writer_writes_what_msgcat_writes_where_polib_alone_does_not(tmp_path):
    path = tmp_path / "hand.po"
    path.write_text(HAND_MADE, encoding="utf-8")
    reference = msgcat(path)
    assert po.dumps(po.read(path)) == reference
    # The test can fail: polib's own wrapping at the same width is another layout.
    assert str(polib.pofile(str(path), wrapwidth=79)).encode() != reference
    # what the tools keep, kept: the header as written, comments, flags, previous msgid
    text = reference.decode()
    assert '"Project-Id-Version: Town twinning \\n"' in text
    assert "#| msgid \"One town\"" in text and "#~ msgid" in text and "#. Extracted" in text
    assert max(len(line) for line in text.splitlines() if not line.startswith("#:")) <= 79


@needs_gettext
def test_a_changed_header_is_written_from_the_metadata(tmp_path):
    path = tmp_path / "hand.po"
    path.write_text(HAND_MADE, encoding="utf-8")
    catalog = po.read(path)
    catalog.metadata["Language"] = "sk"
    text = po.dumps(catalog).decode()
    assert '"Language: sk\\n"' in text and '"Project-Id-Version: Town twinning\\n"' in text
    assert po.write(catalog, path) and not po.write(catalog, path)  # unchanged: not rewritten


@needs_gettext
def test_merge_keeps_translations_marks_a_changed_message_fuzzy_and_drops_the_rest(tmp_path):
    template = po.new("", {"Project-Id-Version": "t", "Content-Type": "text/plain; charset=UTF-8"})
    for msgid in ("Obec a mesto", "Partnerstvo miest a obcí na Slovensku a v Česku, od roku 1950"):
        template.append(po.POEntry(msgid=msgid, msgstr=""))
    pot = tmp_path / "t.pot"
    po.write(template, pot)
    catalog = tmp_path / "cs.po"
    assert po.update(catalog, pot, "cs") == "create"
    created = po.read(catalog)
    assert created.metadata["Language"] == "cs" and created.metadata["Plural-Forms"].startswith("nplurals=3;")
    for entry in created:
        entry.msgstr = "přeloženo: " + entry.msgid
    created.append(po.POEntry(msgid="Gone from the source", msgstr="Pryč"))
    po.write(created, catalog)
    template[1].msgid = "Partnerstvo miest a obcí na Slovensku a v Česku, od roku 1951"
    po.write(template, pot)
    assert po.update(catalog, pot, "cs") == "update"
    merged = {e.msgid: e for e in po.read(catalog)}
    assert merged["Obec a mesto"].msgstr == "přeloženo: Obec a mesto"
    changed = merged[template[1].msgid]
    assert "fuzzy" in changed.flags and changed.previous_msgid.endswith("1950")
    assert "Gone from the source" not in merged and not any(e.obsolete for e in po.read(catalog))
    assert po.update(catalog, pot, "cs") == "notchanged"


# ------------------------------------------------------------------ what only check-po finds

DUPLICATE = (REPO / "tests" / "fixtures" / "po" / "duplicate.po").read_text(encoding="utf-8")


def test_the_reader_takes_a_duplicate_msgid_silently_and_check_po_reports_it():
    entries = [e.msgid for e in po.parse(DUPLICATE)]
    assert entries.count("Obec") == 2 and po.syntax_error(DUPLICATE) is None
    findings = check_catalog_bytes(DUPLICATE.encode(), "cs", "dup.po", None, "sk")
    assert [f.check for f in findings] == ["duplicate"]


@pytest.mark.parametrize("charset,data_charset,finding", [
    ("no-such-charset", "utf-8", ("charset", "error")),       # read as UTF-8 by the reader
    ("ISO-8859-2", "iso-8859-2", ("charset", "warning")),     # read, but not the project's UTF-8
])
def test_the_reader_takes_a_wrong_charset_silently_and_check_po_reports_it(tmp_path, charset,
                                                                           data_charset, finding):
    text = DUPLICATE.replace('msgid "Obec"\nmsgstr "Vesnice"\n', "").replace("charset=UTF-8",
                                                                          f"charset={charset}")
    path = tmp_path / "wrong.po"
    path.write_bytes(text.encode(data_charset))
    assert {e.msgid: e.msgstr for e in po.read(path)}["Mesto"] == "Město"
    findings = check_catalog_bytes(path.read_bytes(), "cs", "wrong.po", None, "sk")
    assert [(f.check, f.severity) for f in findings] == [finding]


def test_a_catalog_the_reader_refuses_is_one_line_with_its_line_number(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nnonsense here\n', encoding="utf-8")
    with pytest.raises(po.POError) as err:
        po.read(bad)
    assert str(err.value).startswith(f"{bad}:3: syntax: ") and "\n" not in str(err.value)


def test_parse_never_reads_a_file_named_by_the_text(tmp_path):
    """polib reads a file when given an existing path; a catalog's text is untrusted."""
    secret = tmp_path / "secret.po"
    secret.write_text('msgid "secret"\nmsgstr "tajné"\n', encoding="utf-8")
    try:
        entries = [e.msgid for e in po.parse(str(secret))]
    except po.POError:
        entries = []
    assert "secret" not in entries


def test_no_other_module_reads_or_writes_po_files():
    """polib, Babel's pofile and sphinx-intl appear in press/ only in press/i18n/po.py."""
    offenders = []
    for path in sorted((REPO / "press").rglob("*.py")):
        if path == REPO / "press" / "i18n" / "po.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name == "polib" or name.startswith(("sphinx_intl", "babel.messages.pofile")):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    assert offenders == []


def test_without_gettext_the_writer_and_update_po_say_what_to_install(monkeypatch, tmp_path):
    from press.build import commands
    from press.core.project import Project
    from press.core.state import BuildError

    monkeypatch.setattr(gnu.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="tools/bootstrap.sh"):
        po.dumps(po.parse(DUPLICATE))
    with pytest.raises(BuildError, match="GNU gettext .* is not installed"):
        commands.update_po(Project(REPO), ["cs"])      # before Sphinx or any file is touched


@needs_gettext
def test_the_writer_refuses_a_duplicate_with_the_file_and_line(tmp_path):
    target = tmp_path / "dup.po"
    with pytest.raises(po.POError, match=rf"^{target}: not written, .*: duplicate message definition"):
        po.write(po.parse(DUPLICATE), target)
    assert not target.exists()


@needs_gettext
def test_merge_keeps_a_catalog_in_another_charset_readable(tmp_path):
    text = DUPLICATE.replace('msgid "Obec"\nmsgstr "Vesnice"\n', "").replace("charset=UTF-8",
                                                                          "charset=ISO-8859-2")
    catalog, pot = tmp_path / "l2.po", tmp_path / "l2.pot"
    catalog.write_bytes(text.encode("iso-8859-2"))
    pot.write_text(DUPLICATE.replace('msgstr "Město"', 'msgstr ""').replace(
        'msgstr "Obec"', 'msgstr ""').replace('msgid "Obec"\nmsgstr "Vesnice"\n', ""), encoding="utf-8")
    assert po.update(catalog, pot, "cs") in ("update", "notchanged")
    assert {e.msgid: e.msgstr for e in po.read(catalog)}["Mesto"] == "Město"
