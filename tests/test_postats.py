"""Tests of the translation statistics (press/i18n/postats.py). Expected counts are
computed here from the fixture text with regular expressions, independently of
polib and of the code under test."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from press.i18n.postats import (CatalogError, Row, Stats, catalog_stats, edition_stats,
                           format_table, records, write_reports)
from press.core.project import Project

STATS = Path(__file__).parent / "fixtures" / "po" / "stats"
FUNDING_PO = STATS / "locales" / "cs" / "LC_MESSAGES" / "chapters" / "funding.po"
FUNDING_POT = STATS / "build" / "gettext" / "chapters" / "funding.pot"
DOCS = {"chapters/funding": "sk", "cases/zahrada": "cs", "press": "en"}


def words(msgid: str) -> int:
    """The documented word rule, applied with simple substitutions that fit the
    fixtures: explicit role targets, bare reference roles, link targets, e-mail
    addresses and placeholders are not words."""
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*<[^>]*>`", r"\1", msgid)   # label <target> -> label
    text = re.sub(r"\{(?:ref|doc|numref)\}`[^`]*`", " ", text)      # bare references
    text = re.sub(r"\]\([^)]*\)", "]", text)                       # link targets
    text = re.sub(r"\S+@\S+|%\w", " ", text)                        # addresses, %d
    return len(re.findall(r"[^\W\d_]+", text))


def blocks(path: Path) -> list[dict]:
    """The live entries of a fixture catalog, read with regular expressions."""
    out = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if "#~" in block or not msgid or msgid.group(1) == "":
            continue
        out.append({"msgid": msgid.group(1), "fuzzy": "#, fuzzy" in block,
                    "msgstrs": re.findall(r'^msgstr(?:\[\d+\])? "(.*)"$', block, re.M)})
    return out


def expected(entries: list[dict], extra: list[dict] = ()) -> Stats:
    translated = [e for e in entries if not e["fuzzy"] and all(e["msgstrs"])]
    fuzzy = [e for e in entries if e["fuzzy"]]
    untranslated = [e for e in entries if e not in translated and e not in fuzzy] + list(extra)
    every = list(entries) + list(extra)
    return Stats(len(translated), len(fuzzy), len(untranslated),
                 sum(words(e["msgid"]) for e in every), sum(words(e["msgid"]) for e in translated))


def missing_from(po: Path, pot: Path) -> list[dict]:
    have = {e["msgid"] for e in blocks(po)}
    return [e for e in blocks(pot) if e["msgid"] not in have]


def test_catalog_counts():
    stats = catalog_stats(FUNDING_PO)
    assert stats == expected(blocks(FUNDING_PO))
    # and by hand, so that the helper above can't drift with the code
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (4, 2, 3)


def test_template_messages_missing_from_the_catalog_are_untranslated():
    extra = missing_from(FUNDING_PO, FUNDING_POT)
    assert [e["msgid"] for e in extra] == ["Nová veta, ktorú katalóg ešte nemá."]
    assert catalog_stats(FUNDING_PO, FUNDING_POT) == expected(blocks(FUNDING_PO), extra)


def test_markup_is_not_counted_as_words():
    assert words("Pozri {ref}`sec-grant` a [výzvu](https://example.org/vyzva).") == 3
    po_words = {e["msgid"]: words(e["msgid"]) for e in blocks(FUNDING_PO)}
    assert catalog_stats(FUNDING_PO).words_total == sum(po_words.values())


def test_edition_rows():
    project = Project(STATS, STATS / "build")  # templates as a build leaves them
    cs = {r.doc: r for r in edition_stats(project, "cs", DOCS)}
    sk = {r.doc: r for r in edition_stats(project, "sk", DOCS)}
    zahrada = blocks(STATS / "build" / "gettext" / "cases" / "zahrada.pot")
    funding = blocks(FUNDING_POT)
    press = blocks(STATS / "build" / "gettext" / "press.pot")

    # the cs edition: a Slovak chapter through its catalog, a Czech case as written
    assert (cs["chapters/funding"].status, cs["chapters/funding"].stats) == \
        ("catalog", expected(blocks(FUNDING_PO), missing_from(FUNDING_PO, FUNDING_POT)))
    zahrada_words = sum(words(e["msgid"]) for e in zahrada)
    assert (cs["cases/zahrada"].status, cs["cases/zahrada"].stats) == \
        ("source", Stats(len(zahrada), 0, 0, zahrada_words, zahrada_words))
    assert cs["press"].stats == expected(blocks(FUNDING_PO.parents[1] / "press.po"))

    # the sk edition: its own chapter needs nothing (the stale sk catalog is ignored),
    # the Czech case and the labels have no catalog, so all their messages are left
    funding_words = sum(words(e["msgid"]) for e in funding)
    assert (sk["chapters/funding"].status, sk["chapters/funding"].stats) == \
        ("source", Stats(len(funding), 0, 0, funding_words, funding_words))
    assert (sk["cases/zahrada"].status, sk["cases/zahrada"].stats) == \
        ("missing", Stats(0, 0, len(zahrada), zahrada_words, 0))
    assert sk["press"].stats == Stats(0, 0, len(press), sum(words(e["msgid"]) for e in press), 0)
    assert list(sk) == sorted(DOCS)


def test_missing_catalog_without_template_counts_nothing(tmp_path):
    rows = edition_stats(Project(tmp_path), "cs", {"chapters/new": "sk"})
    assert [(r.status, r.stats) for r in rows] == [("missing", Stats())]
    assert rows[0].share == 1.0


def rows() -> list[Row]:
    project = Project(STATS, STATS / "build")  # templates as a build leaves them
    return edition_stats(project, "cs", DOCS) + edition_stats(project, "sk", DOCS)


def test_table_has_every_document_and_a_total_per_edition():
    all_rows = rows()
    table = format_table(all_rows)
    for lang in ("cs", "sk"):
        mine = [r for r in all_rows if r.lang == lang]
        block = table.split(f"Edition {lang}\n", 1)[1].split("\n\n", 1)[0]
        for r in mine:
            assert re.search(rf"^  {re.escape(r.doc)}\s+{r.source}\s+{r.status}\s+{r.stats.translated}\s+"
                             rf"{r.stats.fuzzy}\s+{r.stats.untranslated}\s", block, re.M)
        total_words = sum(r.stats.words_total for r in mine)
        done_words = sum(r.stats.words_translated for r in mine)
        share = f"{100 * done_words / total_words:.1f}%"
        total_line = [line for line in block.splitlines() if line.strip().startswith("total")][0]
        assert total_line.split()[1:] == [str(sum(r.stats.translated for r in mine)),
                                          str(sum(r.stats.fuzzy for r in mine)),
                                          str(sum(r.stats.untranslated for r in mine)),
                                          str(total_words), share]


def test_reports_hold_the_same_data_and_are_deterministic(tmp_path):
    all_rows = rows()
    json_path, csv_path = tmp_path / "out" / "stats.json", tmp_path / "out" / "stats.csv"
    write_reports(all_rows, json_path, csv_path)
    first = (json_path.read_bytes(), csv_path.read_bytes())
    write_reports(all_rows, json_path, csv_path)
    assert (json_path.read_bytes(), csv_path.read_bytes()) == first

    data = json.loads(json_path.read_text(encoding="utf-8"))
    table = list(csv.DictReader(csv_path.open(encoding="utf-8", newline="")))
    assert [{k: str(v) for k, v in d.items()} for d in data] == table
    assert data == records(all_rows)
    totals = [d for d in data if d["kind"] == "total"]
    assert [t["edition"] for t in totals] == ["cs", "sk"]
    cs_docs = [d for d in data if d["kind"] == "document" and d["edition"] == "cs"]
    assert totals[0]["untranslated"] == sum(d["untranslated"] for d in cs_docs)
    assert totals[0]["share_translated_words"] == round(
        sum(d["words_translated"] for d in cs_docs) / sum(d["words_total"] for d in cs_docs), 4)
    # no temporary files left behind
    assert sorted(p.name for p in json_path.parent.iterdir()) == ["stats.csv", "stats.json"]


def test_unreadable_catalog_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nnonsense here\n', encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        catalog_stats(bad)
    assert str(err.value).startswith(f"{bad}:3: syntax: ")
    assert "\n" not in str(err.value)
