"""Catalogs that the standard tools accept: GNU gettext's msgfmt and msgcat, the
platforms' Plural-Forms, Weblate's file mask."""
from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from conftest import REPO
from press.i18n.pocheck import check_catalog_bytes

GOOD = REPO / "tests" / "fixtures" / "po" / "good.po"
CLDR_CS = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
# As Transifex writes cs and sk, and as Sphinx's own cs/sk catalogs carry it.
TRANSIFEX = ("nplurals=4; plural=(n % 1 == 0 && n == 1 ? 0 : n % 1 == 0 && n >= 2 && n <= 4 "
             "? 1 : n % 1 != 0 ? 2: 3);")
SPHINX = ("nplurals=4; plural=(n == 1 && n % 1 == 0) ? 0 : (n >= 2 && n <= 4 && n % 1 == 0) "
          "? 1: (n % 1 != 0 ) ? 2 : 3;")


def four_forms(plural: str, lang: str = "cs") -> str:
    text = GOOD.read_text(encoding="utf-8").replace(CLDR_CS, plural).replace("Language: cs", f"Language: {lang}")
    # A four-form header: each plural entry gets its fourth msgstr.
    return re.sub(r'(msgstr\[2\] "([^"\n]*)"\n)', r'\1msgstr[3] "\2"\n', text)


@pytest.mark.parametrize("plural", [TRANSIFEX, SPHINX])
@pytest.mark.parametrize("lang", ["cs", "sk"])
def test_a_four_form_header_for_czech_and_slovak_is_a_warning(plural, lang):
    text = four_forms(plural, lang)
    assert "msgstr[3]" in text
    findings = check_catalog_bytes(text.encode(), lang, f"{lang}.po", None, "en" if lang == "sk" else "sk")
    assert [(f.check, f.severity) for f in findings] == [("plural-forms", "warning")]
    assert "nplurals=4" in findings[0].message and "nplurals=3" in findings[0].message
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith('"Plural-Forms:'))) + 1
    assert findings[0].line == line
    # Czech and Slovak: 1 one, 2–4 few, every other whole number many; form 2 is fractions.
    ours = gettext.c2py(plural.split("plural=")[1].rstrip(";"))
    assert [ours(n) for n in (0, 1, 2, 4, 5, 22, 100)] == [3, 0, 1, 1, 3, 3, 3]


def test_a_four_form_header_still_needs_four_forms_in_each_plural_entry():
    text = four_forms(TRANSIFEX).replace('msgstr[3] "%(count)s partnerství"\n', "")
    findings = check_catalog_bytes(text.encode(), "cs", "cs.po", None, "sk")
    assert ("plural-forms", "error") in [(f.check, f.severity) for f in findings]


@pytest.mark.parametrize("plural", [
    "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n<5) ? 2 : 3;",   # splits 2 from 3 and 4
    "nplurals=4; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : (n==0) ? 2 : 3;",  # splits 0 from 5
])
def test_other_four_form_headers_stay_errors(plural):
    findings = check_catalog_bytes(four_forms(plural).encode(), "cs", "cs.po", None, "sk")
    errors = [f for f in findings if f.check == "plural-forms" and f.severity == "error"]
    assert errors, findings


def test_english_with_a_spare_form_is_not_taken_for_the_fractions_form():
    findings = check_catalog_bytes(four_forms("nplurals=3; plural=(n != 1);", "en").encode(),
                                   "en", "en.po", None, "sk")
    assert any(f.severity == "error" and f.check == "plural-forms" for f in findings)


# ------------------------------------------------------------------ GNU gettext's tools

import difflib  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

import yaml  # noqa: E402

from conftest import make_project, run_build  # noqa: E402
from press.i18n import gnu  # noqa: E402

CATALOGS = sorted(REPO.glob("locales/*/LC_MESSAGES/**/*.po"))
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None,
                                   reason="GNU gettext is installed by tools/bootstrap.sh")


def _gnu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, env=gnu.ENV)


@needs_gettext
@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.relative_to(REPO / "locales").as_posix())
def test_every_catalog_passes_msgfmt_and_is_laid_out_as_msgcat_writes_it(po):
    check = _gnu("msgfmt", "--check-format", "--check-header", "--output-file=/dev/null", str(po))
    assert check.returncode == 0, check.stderr.decode()
    assert b"error" not in check.stderr
    cat = _gnu("msgcat", "--output-file=-", str(po))  # GNU's default width, not ours
    assert cat.returncode == 0 and cat.stdout == po.read_bytes()


@needs_gettext
@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.relative_to(REPO / "locales").as_posix())
def test_weblates_msgmerge_add_on_changes_no_catalog(po):
    """What Weblate runs when a template changes: msgmerge --previous, default width."""
    doc = po.relative_to(po.parents[len(po.relative_to(REPO / "locales").parts) - 3])
    template = REPO / "locales" / "templates" / doc.with_suffix(".pot")
    merged = _gnu("msgmerge", "--quiet", "--previous", "--output-file=-", str(po), str(template))
    assert merged.returncode == 0, merged.stderr.decode()
    assert merged.stdout == po.read_bytes()


def test_msgfmt_check_can_fail(tmp_path):
    """The format check is real: a python-format message whose translation lost its %d."""
    bad = tmp_path / "bad.po"
    bad.write_text(GOOD.read_text(encoding="utf-8") + '\n#, python-format\nmsgid "%d towns"\n'
                   'msgstr "mnoho obcí"\n', encoding="utf-8")
    ok, said = gnu.msgfmt_check(bad)
    assert not ok and "bad.po" in said


def _weblate() -> dict:
    return yaml.safe_load((REPO / "weblate.yaml").read_text(encoding="utf-8"))


def test_weblate_mask_matches_every_catalog_and_nothing_else():
    conf = _weblate()["discovery"]
    match = re.compile(conf["match"])
    files = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*")
             if p.is_file() and not {".git", ".venv", "_build", "__pycache__"} & set(p.relative_to(REPO).parts)]
    found = {f: match.match(f) for f in files if match.match(f)}
    catalogs = {p.relative_to(REPO).as_posix() for p in CATALOGS}
    assert set(found) == catalogs
    assert not any(f.startswith("locales/templates/") for f in found)
    components: dict[str, set[str]] = {}
    for m in found.values():
        components.setdefault(m.group("component"), set()).add(m.group("language"))
        assert re.match(conf["language_regex"], m.group("language"))
    for component, languages in components.items():
        mask = conf["file_mask"].replace("{{ component }}", component)
        # Weblate's mask: one `*` for the language code.
        assert {p.relative_to(REPO).as_posix() for p in REPO.glob(mask)} == \
            {mask.replace("*", lang) for lang in languages}
        template = REPO / conf["new_base_template"].replace("{{ component }}", component)
        assert template.is_file(), template
    editions = runpy_editions()
    assert all(re.match(conf["language_regex"], lang) for lang in editions)
    assert {"press", "sphinx", "chapters/funding"} <= set(components)


def runpy_editions() -> list[str]:
    import runpy
    return list(runpy.run_path(str(REPO / "book" / "conf.py"))["press_editions"])


def test_weblate_add_ons_use_our_width_and_msgmerge_options():
    addons = _weblate()["addons"]
    # Weblate counts the text between the quotes; GNU counts the whole line.
    assert addons["weblate.gettext.customize"]["width"] + 2 == gnu.LINE_WIDTH == 79
    assert addons["weblate.gettext.msgmerge"]["previous"] is True and "--previous" in gnu.MSGMERGE
    assert addons["weblate.gettext.msgmerge"]["no_location"] is False


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("locales/**/*.po*"))}


@needs_gettext
def test_update_po_rewrites_only_the_changed_message(tmp_path):
    root = make_project(tmp_path / "project")
    first = run_build(root, "update-po")
    assert first.returncode == 0, first.stdout + first.stderr
    # The fixture's catalogs were written by Babel: the first update-po lays them out as
    # GNU gettext does.
    for po in root.glob("locales/*/LC_MESSAGES/**/*.po"):
        assert _gnu("msgcat", "--output-file=-", str(po)).stdout == po.read_bytes(), po
    before = _catalogs(root)
    again = run_build(root, "update-po")
    assert again.returncode == 0 and "0 create, 0 update" in again.stdout
    assert _catalogs(root) == before  # nothing changed, nothing rewritten

    chapter = root / "book" / "chapters" / "alpha.md"
    old = "Toto je úvodný odsek prvej kapitoly o spolupráci miest v Európe."
    new = ("Toto je úvodný odsek prvej kapitoly o spolupráci miest a obcí v Európe, ktorý je "
           "teraz taký dlhý, že sa v katalógu zalomí na viac riadkov.")
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    third = run_build(root, "update-po")
    assert third.returncode == 0, third.stdout + third.stderr
    after = _catalogs(root)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"locales/cs/LC_MESSAGES/chapters/alpha.po", "locales/en/LC_MESSAGES/chapters/alpha.po",
                       "locales/templates/chapters/alpha.pot"}
    for name in changed - {"locales/templates/chapters/alpha.pot"}:
        a, b = before[name].decode().splitlines(), after[name].decode().splitlines()
        old_entry, new_entry = _entry_lines(a, old), _entry_lines(b, new)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "equal":  # every changed line is in the changed message's entry
                assert set(range(i1, i2)) <= old_entry and set(range(j1, j2)) <= new_entry, (a[i1:i2], b[j1:j2])
        po = root / name
        template = root / "locales" / "templates" / "chapters" / "alpha.pot"
        assert _gnu("msgmerge", "--quiet", "--previous", "--output-file=-", str(po),
                    str(template)).stdout == po.read_bytes()
        assert _gnu("msgcat", "--output-file=-", str(po)).stdout == po.read_bytes()


def _entry_lines(lines: list[str], msgid: str) -> set[int]:
    """Line indexes of the entry whose msgid is msgid (from blank line to blank line)."""
    start = 0
    for i, line in enumerate(lines + [""]):
        if not line.strip():
            block = lines[start:i]
            text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(
                x for x in block if x.startswith(("msgid", '"')) and not x.startswith('"Project'))))
            if msgid in text:
                return set(range(start, i))
            start = i + 1
    raise AssertionError(f"no entry for {msgid!r}")
