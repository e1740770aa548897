"""Benchmark corpus: a generated, deterministic book laid out like the real project.

The corpus is Slovak-looking pseudo text (real Slovak words in random order), so that
hyphenation, typography and fonts do the same work as on the book, while nothing in
it claims anything about a real place: every case is `illustrative: true` and every
municipality and partner name is made up from syllables.

`make_corpus()` writes the project (book/, cases/, fonts, the real conf.py and
vocabularies); `fill_catalogs()` extracts the messages with the real command line and
fills every msgstr mechanically, so all three editions are complete translations;
`edit_case()` changes one sentence of one case and its translations, as an editor and
a translator would.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import polib
import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = 2013

# Common Slovak words of the book's subject; sentences draw from them at random.
WORDS = """
obec mesto partner partnerstvo spolupráca občania stretnutie projekt rozpočet
samospráva starosta primátor zastupiteľstvo komisia škola mládež kultúra šport
festival výmena návšteva program podpora dotácia žiadosť zmluva dohoda výbor
región krajina susedia priatelia rodiny spolky hasiči seniori žiaci učitelia
tradícia história pamäť jazyk hudba divadlo tanec remeslo trh jarmok výstava
turistika cesta most rieka dolina hory les námestie kostol radnica knižnica
múzeum klub ihrisko park záhrada voda energia odpad doprava autobus vlak
a aj i v vo na do z zo s so k ku o u pre pri po za pred medzi cez bez od
každý spoločný miestny európsky nový starý malý veľký dobrý otvorený aktívny
dlhodobý pravidelný verejný dobrovoľný kultúrny športový školský obecný
pripraviť zorganizovať podporiť navštíviť spoznať vymeniť rozvíjať udržať
plánovať financovať zapojiť pozvať prijať predstaviť ponúknuť spolupracovať
je sú bol bola boli bude budú má majú môže môžu chce chcú treba
rok leto jeseň zima jar týždeň deň večer mesiac storočie obdobie
skúsenosť výsledok cieľ úloha otázka riešenie príklad pravidlo krok
ľudia deti dospelí hostia domáci organizátori dobrovoľníci partneri
""".split()
CONNECTIVES = "a aj i v vo na do z s k o u pre pri po za cez od".split()
HEADING_WORDS = [w for w in WORDS if len(w) > 4]

SYLLABLES = ("bra bre bri bro bu ča če či do du hra hro ja je ko kra kru la le li lo lu ma me mi mo na ne no "
             "pa pe po ra re ro sa se sla so ta te to tr va ve vo za ze zla").split()
SK_SUFFIXES = ["lovce", "rany", "novo", "tín", "vice", "ková", "šany", "ník"]
SK_PREFIXES = ["", "", "", "Horné ", "Dolné ", "Nové ", "Malé ", "Veľké "]
PARTNER_SUFFIXES = {
    "DE": ["feld", "nheim", "bach", "berg", "hausen"],
    "AT": ["dorf", "nkirchen", "stein"],
    "PL": ["kowo", "wice", "rów", "lka"],
    "HU": ["háza", "falva", "szeg"],
    "CZ": ["tovice", "rany", "lín", "nov"],
    "SI": ["nje", "vica", "rovo"],
    "IT": ["nello", "sano", "lina"],
    "FR": ["ville", "court", "mont"],
}
REGIONS = ["Fiktívny kraj", "Vymyslený kraj", "Modelový kraj"]


# ---------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------

def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    end = rng.choices([".", ".", ".", "?", "!"])[0]
    return " ".join(words) + end


def paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng))
    return " ".join(out)


def heading(rng: random.Random, low: int = 2, high: int = 5) -> str:
    words = [rng.choice(HEADING_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def place_name(rng: random.Random, country: str) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))).capitalize()
    if country == "SK":
        return rng.choice(SK_PREFIXES) + stem + rng.choice(SK_SUFFIXES)
    return stem + rng.choice(PARTNER_SUFFIXES[country])


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ---------------------------------------------------------------------------------------
# Chapters
# ---------------------------------------------------------------------------------------

def chapter_labels(chapters: int, sections: int) -> list[str]:
    return [f"ch{c:02d}-s{s}" for c in range(1, chapters + 1) for s in range(1, sections + 1)]


def chapter(rng: random.Random, number: int, words: int, targets: list[str]) -> str:
    """One chapter: `##` sections of ~300 words, a list now and then, a few {ref}s."""
    sections = max(1, words // 300)
    blocks = [f"(ch{number:02d})=\n# {heading(rng, 2, 4)}", paragraph(rng, 60)]
    written = 60
    for s in range(1, sections + 1):
        blocks.append(f"(ch{number:02d}-s{s})=\n## {heading(rng)}")
        share = (words - written) // (sections - s + 1)
        while share > 0:
            size = min(share, rng.randint(60, 120))
            text = paragraph(rng, size)
            if targets and rng.random() < 0.08:
                text += f" Pozri aj {{ref}}`{rng.choice(targets)}`."
            blocks.append(text)
            share -= word_count(text)
            written += word_count(text)
            if rng.random() < 0.12:
                items = [sentence(rng, 4, 9) for _ in range(rng.randint(3, 5))]
                blocks.append("\n".join(f"- {item}" for item in items))
                written += sum(word_count(i) for i in items)
    return "\n\n".join(blocks) + "\n"


def index_page(chapters: int) -> str:
    entries = "\n".join(f"chapters/ch{c:02d}" for c in range(1, chapters + 1))
    return (f"# Testovacia kniha o partnerstve obcí\n\n"
            f"```{{toctree}}\n:maxdepth: 2\n\n{entries}\ncases/index\n```\n")


# ---------------------------------------------------------------------------------------
# Case records
# ---------------------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def case_record(rng: random.Random, number: int, words: int, themes: list[str],
                targets: list[str]) -> tuple[str, str]:
    """(id, YAML text) of one illustrative case of about `words` words."""
    home = place_name(rng, "SK")
    case_id = f"{slug(home)}-{number:03d}"
    partners = []
    for _ in range(rng.randint(1, 3)):
        country = rng.choice(sorted(PARTNER_SUFFIXES))
        partners.append((place_name(rng, country), country))
    since = rng.randint(1990, 2010)
    story_words = max(80, words - 160)
    story = []
    for i in range(max(2, story_words // 110)):
        text = paragraph(rng, 110)
        if i == 1 and targets and rng.random() < 0.3:
            text += f" Viac v kapitole {{ref}}`{rng.choice(targets)}`."
        story.append(text)
    lines = [
        "language: sk",
        f"title: {_q(heading(rng, 3, 6))}",
        f"municipality: {{name: {_q(home)}, country: SK, region: {_q(rng.choice(REGIONS))}}}",
        "partners:",
        *[f"  - {{name: {_q(name)}, country: {country}}}" for name, country in partners],
        f"since: {since}",
        f"themes: [{', '.join(rng.sample(themes, rng.randint(1, 2)))}]",
    ]
    if rng.random() < 0.5:
        lines += ["funding:", "  programme: europe-for-citizens", '  measure: "1.1"',
                  f"  year: {rng.randint(max(since, 2007), 2013)}",
                  f"  amount_eur: {rng.randrange(5000, 25000, 500)}"]
    lines += [
        f"summary: {_q(paragraph(rng, 40))}",
        "story: |",
        *"\n\n".join(f"  {p}" for p in story).split("\n"),
        "results:",
        *[f"  - {_q(sentence(rng))}" for _ in range(3)],
        "lessons:",
        *[f"  - {_q(sentence(rng))}" for _ in range(2)],
        f"contact: {{organisation: {_q('Obecný úrad ' + home)}, email: obec@{slug(home)}.example}}",
        "illustrative: true",
    ]
    return case_id, "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# The project
# ---------------------------------------------------------------------------------------

def copy_toolchain_files(dest: Path) -> None:
    """What tests/conftest.py's make_project copies: conf.py, vocabularies, fonts,
    the toolchain's own catalogs; plus the partnership data the figures read."""
    (dest / "book").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "book" / "conf.py", dest / "book" / "conf.py")
    shutil.copytree(REPO / "cases" / "vocab", dest / "cases" / "vocab", dirs_exist_ok=True)
    shutil.copytree(REPO / "fonts", dest / "fonts", dirs_exist_ok=True)
    if (REPO / "cases" / "data").is_dir():
        shutil.copytree(REPO / "cases" / "data", dest / "cases" / "data", dirs_exist_ok=True)
    for po in REPO.glob("locales/*/LC_MESSAGES/*.po"):
        if po.stem in ("press", "sphinx"):
            target = dest / po.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(po, target)


def make_corpus(dest: Path, chapters: int = 12, words: int = 2500, cases: int = 60,
                case_words: int = 600, seed: int = SEED) -> dict:
    """Write a fresh corpus project at dest; returns what was written (for the report)."""
    if dest.exists():
        shutil.rmtree(dest)
    copy_toolchain_files(dest)
    rng = random.Random(seed)
    themes = sorted(yaml.safe_load((dest / "cases/vocab/themes.yaml").read_text()))
    sections = max(1, words // 300)
    targets = chapter_labels(chapters, sections)
    (dest / "book" / "index.md").write_text(index_page(chapters), encoding="utf-8")
    total_words = 0
    for c in range(1, chapters + 1):
        others = [t for t in targets if not t.startswith(f"ch{c:02d}-")]
        text = chapter(rng, c, words, others)
        total_words += word_count(text)
        path = dest / "book" / "chapters" / f"ch{c:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    case_ids = []
    for n in range(1, cases + 1):
        case_id, text = case_record(rng, n, case_words, themes, targets)
        total_words += word_count(text)
        (dest / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        case_ids.append(case_id)
    return {"chapters": chapters, "cases": cases, "words": total_words, "case_ids": case_ids}


def make_records(dest: Path, count: int, case_words: int = 600, seed: int = SEED) -> None:
    """Only case records (plus conf.py and vocabularies): the loader's scale test."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "book").mkdir(parents=True)
    shutil.copy(REPO / "book" / "conf.py", dest / "book" / "conf.py")
    shutil.copytree(REPO / "cases" / "vocab", dest / "cases" / "vocab")
    rng = random.Random(seed)
    themes = sorted(yaml.safe_load((dest / "cases/vocab/themes.yaml").read_text()))
    for n in range(1, count + 1):
        case_id, text = case_record(rng, n, case_words, themes, [])
        (dest / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Catalogs
# ---------------------------------------------------------------------------------------

# Markup a translation must carry over whole: roles, literals, emphasis, links, and
# Python format placeholders in the toolchain's own labels.
ATOMIC = re.compile(r"\{[^{}\s`]+\}`[^`]*`|`[^`]*`|\*\*[^*]+\*\*|\[[^\]]*\]\([^)]*\)"
                    r"|%\([^)]*\)[sd]|\S+")


def pseudo_translate(msgid: str) -> str:
    """The msgid's words in reverse order, markup spans kept intact and in one piece."""
    tokens = ATOMIC.findall(msgid)
    return " ".join(reversed(tokens)) if len(tokens) > 1 else msgid


def build_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, cwd=root)


def fill_catalogs(root: Path) -> int:
    """gettext + update-po through the real CLI, then translate every message."""
    for command in ("gettext", "update-po"):
        result = build_cli(root, command)
        if result.returncode != 0:
            raise RuntimeError(f"build.py {command} failed:\n{result.stdout}{result.stderr}")
    filled = 0
    for path in sorted((root / "locales").rglob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {i: pseudo_translate(entry.msgid_plural if i else entry.msgid)
                                       for i in range(max(2, len(entry.msgstr_plural)))}
            else:
                entry.msgstr = pseudo_translate(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        catalog.metadata_is_fuzzy = []   # a complete catalog, not a draft
        catalog.save(str(path))
    return filled


def edit_case(root: Path, case_id: str, mark: str) -> str:
    """Change the first sentence of a case's story, and its msgstrs in every catalog.

    Returns the new sentence. The catalogs are edited the way a translator would after
    update-po: the entry's msgid follows the source and the msgstr is retranslated.
    """
    path = root / "cases" / f"{case_id}.yaml"
    text = path.read_text(encoding="utf-8")
    story = yaml.safe_load(text)["story"]
    first = re.match(r"[^.?!]*[.?!]", story).group(0)
    changed = f"{first[:-1]} {mark}{first[-1]}"
    path.write_text(text.replace(first, changed, 1), encoding="utf-8")
    for po in sorted(root.glob(f"locales/*/LC_MESSAGES/cases/{case_id}.po")):
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if first in entry.msgid:
                entry.msgid = entry.msgid.replace(first, changed, 1)
                entry.msgstr = pseudo_translate(entry.msgid)
        catalog.save(str(po))
    return changed
