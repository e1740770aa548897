"""Stage "generated pages": the MyST pages of the good-practice part, made from the records.

`generate()` returns page texts keyed by their path in the build's copy of the sources
(`_build/src/`); build.py writes them there, never into book/. A page is the same for
every edition: whatever depends on the edition's language (fact box, section headings,
the case table and listings, the illustrative note) is a directive that each edition
renders in its own language. What is left as text (title, summary, story, results,
lessons, captions, alt texts) goes through the catalogs like any chapter, so the page
holds nothing else a translator could break.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from press.core.files import inside
from press.core.project import Project
from press.content.recordbase import IMAGE_SUFFIXES
from press.content.recordschema import Case

CASES_DIR = "cases"
IMAGES_URL = "images"      # relative to cases/<id>.md; the security stage refuses absolute paths

# The part's own text is Slovak (the source language) and is translated through the
# catalogs of cases/index, cases/by-theme and cases/by-country.
INDEX_TITLE = "Príklady dobrej praxe"
INDEX_INTRO = (
    "Táto časť predstavuje príklady partnerskej spolupráce miest a obcí. Tabuľka uvádza "
    "pri každom príklade obec, jej partnerov, rok začiatku partnerstva a témy. Príklady "
    "označené ako ilustračné sú vymyslené a na svojej stránke to uvádzajú."
)
BY_THEME_TITLE = "Príklady podľa tém"
BY_COUNTRY_TITLE = "Príklady podľa krajín partnerov"
PAGES_LANGUAGE = "sk"


def generate(project: Project, records: list[Case]) -> dict[str, str]:
    """Relative path under the Sphinx source copy -> MyST text, for every generated page."""
    records = sorted(records, key=lambda c: c.id)
    pages = {f"{CASES_DIR}/{case.id}.md": case_page(case) for case in records}
    digest = records_digest(records)
    pages[f"{CASES_DIR}/index.md"] = index_page(records, digest)
    pages[f"{CASES_DIR}/by-theme.md"] = listing_page("cases-by-theme", BY_THEME_TITLE, "cases-by-theme", digest)
    pages[f"{CASES_DIR}/by-country.md"] = listing_page("cases-by-country", BY_COUNTRY_TITLE, "cases-by-country", digest)
    return pages


def assets(project: Project) -> dict[str, Path]:
    """Images to copy next to the pages: relative path in the source copy -> file.

    Only image files whose real location is inside cases/images/ are listed, so a
    symlink cannot carry another file into the build.
    """
    images = project.images
    if not images.is_dir():
        return {}
    found = {}
    for path in sorted(images.rglob("*")):
        real = path.resolve()
        if path.suffix.lower() in IMAGE_SUFFIXES and real.is_file() and inside(real, images):
            found[f"{CASES_DIR}/images/{path.relative_to(images).as_posix()}"] = real
    return found


def records_digest(records: list[Case]) -> str:
    """One hash over all records: the listing pages change whenever any record does."""
    joined = "\n".join(f"{c.id} {c.sha256}" for c in sorted(records, key=lambda c: c.id))
    return hashlib.sha256(joined.encode()).hexdigest()


# ---------------------------------------------------------------------------------------
# A case page
# ---------------------------------------------------------------------------------------

def case_page(case: Case) -> str:
    blocks = [
        _front_matter(case.language),
        f"% record: {case.sha256}",
        f"(case-{case.id})=\n# {case.title}",
    ]
    if case.illustrative:
        blocks.append(directive("illustrative"))
    blocks.append(directive("factbox", case.id))
    if not case.illustrative:
        blocks.append(locator_map(case))
    blocks += [
        case.summary,
        directive("case-heading", "story"), case.story,
        directive("case-heading", "results"), bullet_list(case.results),
        directive("case-heading", "lessons"), bullet_list(case.lessons),
    ]
    if case.sources:
        # The citations are rendered per edition and never translated (ext/cases.py).
        blocks += [directive("case-heading", "sources"), directive("case-sources", case.id)]
    if case.contact:
        blocks.append(directive("case-heading", "contact"))
        if case.contact.organisation:
            blocks.append(case.contact.organisation)
        if case.contact.email or case.contact.web:
            blocks.append(directive("case-contact", case.id))
    blocks += [figure(image) for image in case.images]
    return "\n\n".join(blocks) + "\n"


def _front_matter(language: str) -> str:
    # `language` is the only key: the security stage allows nothing else in front matter.
    return f"---\nlanguage: {language}\n---"


def directive(name: str, argument: str = "", options: dict[str, str] | None = None, body: str = "") -> str:
    head = f"{{{name}}} {argument}".rstrip()
    lines = [f":{key}: {value}".rstrip() for key, value in (options or {}).items()]
    inner = "\n".join(lines + ([""] if lines and body else []) + ([body] if body else []))
    fence = _fence(inner)
    return f"{fence}{head}\n{inner}\n{fence}" if inner else f"{fence}{head}\n{fence}"


def _fence(content: str) -> str:
    """Backticks longer than any run inside, so a caption cannot close the block."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    return "`" * max(3, longest + 1)


def locator_map(case: Case) -> str:
    """The option format the locator-map directive (data figures stage) reads."""
    place = f"{case.municipality.name}|{case.municipality.country}"
    partners = "; ".join(f"{p.name}|{p.country}" for p in case.partners)
    return directive("locator-map", options={"place": place, "partners": partners})


def quoted(text: str) -> str:
    """A directive option value, double-quoted: MyST reads options like YAML, where an
    unquoted '#' would start a comment and a leading quote would open a string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bullet_list(items: list[str]) -> str:
    return "\n".join("- " + item.replace("\n", "\n  ") for item in items)


def figure(image) -> str:
    # Caption first (the figure's caption), credit second (its legend); with only a
    # credit, the credit is the caption.
    paragraphs = [text for text in (image.caption, image.credit) if text]
    return directive(
        "figure", f"{IMAGES_URL}/{image.file}",
        options={"alt": quoted(image.alt), "figclass": "case-image"},
        body="\n\n".join(paragraphs),
    )


# ---------------------------------------------------------------------------------------
# The part's opening page and the listings
# ---------------------------------------------------------------------------------------

def index_page(records: list[Case], digest: str) -> str:
    entries = [case.id for case in records] + ["by-theme", "by-country"]
    toctree = directive("toctree", options={"maxdepth": "1", "hidden": ""}, body="\n".join(entries))
    return "\n\n".join([
        _front_matter(PAGES_LANGUAGE),
        f"% records: {digest}",
        f"(cases-index)=\n# {INDEX_TITLE}",
        INDEX_INTRO,
        directive("case-table"),
        toctree,
    ]) + "\n"


def listing_page(label: str, title: str, name: str, digest: str) -> str:
    return "\n\n".join([
        _front_matter(PAGES_LANGUAGE),
        f"% records: {digest}",
        f"({label})=\n# {title}",
        directive(name),
    ]) + "\n"
