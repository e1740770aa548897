"""The fragment: one document of the print HTML, inside the elements that enclose it in
the book, as the book prints it from its first page (what a splice renders, and what
`make preview` renders)."""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from press.print.splice.record import _HREF, _ID, END, Refused, extract

_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:.-]*)([^>]*)>", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_MEDIA = re.compile(r"<(img|svg|object|video|iframe)\b", re.I)


def _empty(html: str) -> bool:
    """No text and no picture: only tags (such as the empty spans Sphinx puts before a
    heading for its other ids)."""
    return not _MEDIA.search(html) and not _TAG.sub("", html).strip()


def ancestry(text: str, anchor: str, here: AbstractSet[str] = frozenset()
             ) -> tuple[list[tuple[str, str, str]], int, int]:
    """The elements inside <main> that enclose the document's <div>: (name, open tag,
    what stands between it and the next element of the path, when that prints nothing
    and the element starts on the document's first page, that is, when an id in it is
    in `here`; else ""), and the document's start and end in the text.

    WeasyPrint tags each page from the page box down, so a page of the document holds
    structure elements for these enclosing elements too; the render of the document
    alone must have them to give the same tree."""
    m = re.search(rf'<div class="doc level-\d+" id="{re.escape(anchor)}">', text)
    main = re.search(r"<main\b[^>]*>", text)
    if m is None or main is None or main.end() > m.start():
        raise Refused(f"no document {anchor} inside <main> in the print HTML")
    stack: list[list] = []          # name, open tag, where its content starts, tag start
    for tag in _TAG.finditer(text, main.end(), m.start()):
        closing, name, rest = tag.group(1), tag.group(2), tag.group(3)
        if name is None:
            continue                                    # a comment
        name = name.lower()
        if closing:
            while stack and stack[-1][0] != name:
                stack.pop()
            if stack:
                stack.pop()
        elif name not in _VOID and not rest.rstrip().endswith("/"):
            stack.append([name, tag.group(0), tag.end(), tag.start()])
    path = []
    for i, (name, open_tag, content, _) in enumerate(stack):
        upto = stack[i + 1][3] if i + 1 < len(stack) else m.start()
        between = text[content:upto]
        starts_here = bool(set(_ID.findall(open_tag + between)) & here)
        path.append((name, open_tag, between if starts_here and _empty(between) else ""))
    part = extract(text, anchor)
    assert part is not None
    return path, m.start(), m.start() + len(part)


def trailing_content(text: str, end: int) -> bool:
    """Whether anything is printed after the document before the next document or the
    end of <main>: it would share the document's last page."""
    nxt = re.compile(r'<div class="doc level-\d+"|</main>').search(text, end)
    return not _empty(text[end:nxt.start() if nxt else len(text)])


def fragment_html(text: str, anchor: str, first: int, head: str, literals_css: str,
                  stubs: list[str] | None = None, here: AbstractSet[str] = frozenset()) -> str:
    """One document of the print HTML as the book prints it from page `first`, inside
    the elements that enclose it in the book (ancestry()).

    `stubs`: anchors outside the document that it links to. WeasyPrint drops a link
    whose anchor is not in the document it renders; they are put, empty, after the
    document on a page of their own that is cut off, so the links keep their names."""
    path, start, end = ancestry(text, anchor, here)
    part = text[start:end]
    head_end = text.index("</head>")
    body = re.search(r"<body\b[^>]*>", text)
    main = re.search(r"<main\b[^>]*>", text)
    assert body is not None and main is not None
    # The chapter title is content: inside a CSS string in <style>, a quote, backslash,
    # "<" or line break is written as an escape, and nothing else is touched (the
    # running head must be the title's very characters: a no-break space too).
    head = re.sub(r'["\\<\n\r\f]', lambda m: f"\\{ord(m.group(0)):x} ", head)
    # An even first page is a left page: one page of filler before it, cut off after
    # the render, puts the document on the side the book gives it.
    filler = '<div class="press-preview-filler">&#160;</div>' if first % 2 == 0 else ""
    style = (
        "<style>\n"
        f"@page :first {{ counter-reset: page {first - 1 if filler else first}; }}\n"
        f'main {{ string-set: chapter "{head}"; }}\n'
        ".press-preview-filler { break-after: page; }\n"
        ".doc { break-before: auto !important; }\n"
        f"#{END} {{ break-before: page; }}\n"
        f"{literals_css}</style>\n")
    tail = ""
    if stubs is not None:
        spans = "".join(f'<span id="{s}"></span>' for s in stubs)
        tail = f'<div id="{END}">&#160;{spans}</div>'
    opened = "".join(open_tag + between for _, open_tag, between in path)
    closed = "".join(f"</{name}>" for name, _, _ in reversed(path))
    return (text[:head_end] + style + text[head_end:body.start()] + body.group(0)
            + f"\n{main.group(0)}{filler}\n{opened}{part}{closed}\n{tail}</main>\n"
            "</body>\n</html>\n")


def outside_targets(part: str) -> list[str]:
    own = set(_ID.findall(part))
    return sorted({t for t in _HREF.findall(part) if t not in own})
