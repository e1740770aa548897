"""Splicing (press/print/splice/): after a one-case edit, a working build renders only
that case and splices its pages into the published PDF. The proof: the spliced PDF and
a full render of the same sources, read back by readers that are not the splice's own
code (pypdf for text and links, pdfplumber for marked content, pikepdf for the tree),
have the same text on every page, the same links and targets, outline and page labels,
and the same structure tree, element by element."""
from __future__ import annotations

import shutil

import pdfplumber
import pikepdf
import pypdf

from press.build.edition import Options, splicing
from press.print import splice

from conftest import make_project, run_build


def _round(value) -> float:
    return round(float(value), 1)


def _page_index(pdf: pikepdf.Pdf, page) -> int:
    return pdf.pages.index(pikepdf.Page(page))


def _dest(pdf: pikepdf.Pdf, dest) -> tuple:
    if isinstance(dest, pikepdf.String):
        return ("name", str(dest))
    return (_page_index(pdf, dest[0]), str(dest[1]), *[_round(v) for v in dest[2:4]])


def _target(pdf: pikepdf.Pdf, annot) -> tuple:
    """Where a link annotation leads: a named or explicit destination, or a URI."""
    if "/Dest" in annot:
        return _dest(pdf, annot.Dest)
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary):
        return (str(action.get("/S", "")), str(action.get("/URI", action.get("/D", ""))))
    return ("none",)


def structure(path) -> list[tuple]:
    """The structure tree in reading order: (depth, type, lang, alt, scope, text) per
    element, where text is what its own marked content shows (pdfplumber's characters,
    by page and MCID) and links name their annotation's destination. Table header ids
    are compared as the position of the header they name, not as strings."""
    chars: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as plumber:
        for n, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars[(n, char["mcid"])] = chars.get((n, char["mcid"]), "") + char["text"]
    pdf = pikepdf.open(path)
    rows: list[tuple] = []
    ids: dict[str, int] = {}
    headers: list[tuple[int, list[str]]] = []

    def walk(element, depth, page):
        if "/Pg" in element:
            page = _page_index(pdf, element.Pg)
        text, links = [], []
        for kid in element.get("/K", []):
            if isinstance(kid, int):
                text.append(chars.get((page, int(kid)), ""))
            elif kid.get("/Type") == "/OBJR":
                links.append(_target(pdf, kid.Obj))
        attrs = element.get("/A")
        scope = str(attrs.get("/Scope")) if isinstance(attrs, pikepdf.Dictionary) and "/Scope" in attrs else ""
        if "/ID" in element:
            ids[str(element.ID)] = len(rows)
        if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
            headers.append((len(rows), [str(h) for h in attrs.Headers]))
        rows.append((depth, str(element.S), str(element.get("/Lang", "")),
                     str(element.get("/Alt", "")), scope, page, "".join(text), tuple(links)))
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid, depth + 1, page)

    root = pdf.Root.StructTreeRoot
    for top in root.K:
        walk(top, 0, None)
    rows += [("headers", at, tuple(ids.get(h, -1) for h in hs)) for at, hs in headers]
    return rows


def describe(path) -> dict[str, list]:
    reader = pypdf.PdfReader(path)
    pdf = pikepdf.open(path)
    text = [page.extract_text() for page in reader.pages]
    links = []
    for n, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            links.append((n, str(annot.Subtype), tuple(_round(v) for v in annot.Rect),
                          _target(pdf, annot)))
    dests = []
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            dests.append((name, _dest(pdf, dest)))
    outline = []
    with pdf.open_outline() as tree:
        def walk(items, depth):
            for item in items:
                outline.append((depth, item.title, _dest(pdf, item.destination)))
                walk(item.children, depth + 1)
        walk(tree.root, 0)
    labels = [reader.page_labels[i] for i in range(len(reader.pages))]
    return {"text": text, "links": links, "dests": sorted(dests), "outline": outline,
            "labels": labels, "lang": [str(pdf.Root.get("/Lang", ""))],
            "structure": structure(path)}


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _full_render(root, tmp_path, name: str):
    """The same sources, rendered in full in a fresh copy of the project."""
    copy = tmp_path / name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("_build"))
    result = run_build(copy, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "spliced" not in result.stdout
    return copy / "_build/pdf/twinning-sk.pdf"


def _summary_state(stdout: str) -> str:
    row = next(line for line in stdout.splitlines() if line.startswith("_build/pdf/twinning-sk.pdf"))
    return row.split()[-1]


def test_edits_are_spliced_and_read_as_full_renders(tmp_path):
    root = make_project(tmp_path / "p")
    pdf = root / "_build/pdf/twinning-sk.pdf"
    assert run_build(root, "pdf", "--lang", "sk").returncode == 0
    before = describe(pdf)

    # 1. One case's text (a Slovak case: the edition's translation state is unchanged).
    _replace(root / "cases/alfa-town.yaml", "Divadlo spája ľudí", "Divadlo a hudba spájajú ľudí")
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "spliced doc-cases-alfa-town" in result.stdout
    assert _summary_state(result.stdout) == "spliced"
    spliced = describe(pdf)
    assert spliced["text"] != before["text"]          # the edit is in it
    assert sum(a != b for a, b in zip(spliced["text"], before["text"])) == 1
    full_pdf = _full_render(root, tmp_path, "full1")
    full = describe(full_pdf)
    for key in full:
        assert spliced[key] == full[key], key
    problems = splice.check(pikepdf.open(pdf))
    assert problems == []
    assert pikepdf.open(pdf).check_pdf_syntax() == []      # QPDF: xref, streams, objects

    # The splice's own check sees a ParentTree that names another owner.
    broken = pikepdf.open(pdf)
    nums = broken.Root.StructTreeRoot.ParentTree.Nums
    page = next(i for i in range(0, len(nums), 2) if len(nums[i + 1]) > 1)
    mcids = nums[page + 1]
    mcids[0], mcids[1] = mcids[1], mcids[0]
    assert any("MCID 0" in p for p in splice.check(broken))
    # A page whose enclosing elements hold more than the fragment's (the cases' index
    # page with its table, offered for a case's page) is refused before anything moves.
    try:
        splice.splice(pikepdf.open(pdf), pikepdf.open(pdf), [(12, 10)], "doc-cases-beta-town",
                      set(), set(), 6)
    except splice.Refused as why:
        assert "page 13 holds more than doc-cases-beta-town" in str(why)
    else:
        raise AssertionError("a page with other content was spliced")

    # A release is a full render, never a splice: the strict build renders the
    # spliced edition again and gives the bytes of a full render of the same sources.
    strict = run_build(root, "pdf", "--lang", "sk", "--strict")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert "spliced" not in strict.stdout and _summary_state(strict.stdout) == "built"
    assert pdf.read_bytes() == full_pdf.read_bytes()

    # 2. On top of the splice: a chapter gets a table with column headers (TH /Scope,
    #    TD /Headers) and the same case changes again: two documents in one build.
    _replace(root / "book/chapters/alpha.md", "Tento odsek zatiaľ nikto nepreložil.",
             "Tento odsek zatiaľ nikto nepreložil.\n\n| Rok | Výprava |\n|---|---|\n"
             "| 2011 | Pěnkavín |\n| 2012 | Zlotowiec |\n")
    _replace(root / "cases/alfa-town.yaml", "Divadlo a hudba", "Divadlo, hudba a tanec")
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "spliced doc-chapters-alpha, doc-cases-alfa-town" in result.stdout
    assert _summary_state(result.stdout) == "spliced", result.stdout
    spliced = describe(pdf)
    assert any(row[1] == "/TH" for row in spliced["structure"])
    full = describe(_full_render(root, tmp_path, "full2"))
    for key in full:
        assert spliced[key] == full[key], key


def test_edits_that_change_more_than_their_pages_are_rendered_in_full(tmp_path):
    root = make_project(tmp_path / "p")
    assert run_build(root, "pdf", "--lang", "sk").returncode == 0
    # A Czech case's text in the Slovak edition: its translation no longer matches, the
    # edition becomes a draft and every page's footer says so.
    _replace(root / "cases/beta-town.yaml", "Sport je dobrý začátek spolupráce.",
             "Sport je dobrý začátek.")
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pdf: full render (the book outside its documents changed" in result.stdout
    assert _summary_state(result.stdout) == "built"
    # A case that grows by a page.
    pages = len(pypdf.PdfReader(root / "_build/pdf/twinning-sk.pdf").pages)
    long = " ".join(["Divadlo spája ľudí aj bez spoločného jazyka."] * 60)
    _replace(root / "cases/alfa-town.yaml", "Divadlo spája ľudí aj bez spoločného jazyka.", long)
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pdf: full render (doc-cases-alfa-town now takes" in result.stdout
    assert _summary_state(result.stdout) == "built"
    assert len(pypdf.PdfReader(root / "_build/pdf/twinning-sk.pdf").pages) > pages


def test_only_working_builds_splice(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert splicing(Options())
    assert not splicing(Options(strict=True))
    assert not splicing(Options(variant="pdf/a-3b"))
    assert not splicing(Options(print_marks=True))
    monkeypatch.setenv("CI", "true")
    assert not splicing(Options())


def test_the_running_head_keeps_the_titles_characters():
    """The fragment's running head is a CSS string: a no-break space stays (the real
    book's "Partnerstvá v\xa0číslach" lost it once, and the margin check refused the
    splice); a quote, backslash, "<" or line break is escaped, not dropped."""
    import tinycss2

    html = ('<html><head><style>p {}</style></head><body><main><section id="s">'
            '<div class="doc level-1" id="doc-a"><p>x</p></div></section></main></body></html>')
    title = 'Partnerstvá v\xa0číslach "A" \\ </style>\nB'
    out = splice.fragment_html(html, "doc-a", 5, title, "")
    style = out[out.index("<style>\n@page"):out.index("</style>", out.index("<style>\n@page"))]
    rule = next(r for r in tinycss2.parse_stylesheet(style.removeprefix("<style>"))
                if r.type == "qualified-rule" and tinycss2.serialize(r.prelude).strip() == "main")
    strings = [t.value for t in tinycss2.parse_declaration_list(rule.content)
               if t.type == "declaration" for t in t.value if t.type == "string"]
    assert strings == [title]
    assert out.count("</style>") == html.count("</style>") + 1
    assert '<section id="s"><div class="doc level-1" id="doc-a">' in out


def test_a_full_render_comes_after_so_many_splices(tmp_path):
    """Each splice adds font subsets; after MAX_SPLICES in a row the book is rendered
    in full again (the record counts them, a full render resets the count)."""
    work, out = tmp_path / "work", tmp_path / "book.pdf"
    work.mkdir()
    out.write_bytes(b"%PDF-1.7 stand-in")
    html = '<main><div class="doc level-1" id="doc-a"><p>a</p></div></main>'
    splice.remember(work, out, html, "env", "full render")
    for _ in range(splice.MAX_SPLICES - 1):
        splice.remember(work, out, html, "env", "spliced")
    edited = html.replace("<p>a</p>", "<p>b</p>")
    assert splice.changed(work, out, edited, "env") == ["doc-a"]
    splice.remember(work, out, html, "env", "spliced")
    try:
        splice.changed(work, out, edited, "env")
    except splice.Refused as why:
        assert f"{splice.MAX_SPLICES} splices" in str(why)
    else:
        raise AssertionError("spliced once too often")
    splice.remember(work, out, html, "env", "full render")
    assert splice.changed(work, out, edited, "env") == ["doc-a"]
