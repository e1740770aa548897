"""The partnership database, the page shell: the edition's own index.html emptied, so
that each database page has the theme, sidebar, search, switcher and alternates."""
from __future__ import annotations

import re

from press.site.database.words import e

_REF = re.compile(r'(\s(?:href|src)=")([^"#][^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)


class Shell:
    """The edition's index.html as Sphinx and Furo wrote it, emptied: a page of the
    same theme, with the same sidebar, search, switcher and alternates, for any path."""

    def __init__(self, index_html: str, lang: str, langs: list[str]):
        text = index_html
        text = re.sub(r'<link rel="(?:next|prev)"[^>]*>\n?', "", text)
        text = re.sub(r'<nav class="related-pages".*?</nav>', "", text, flags=re.S)
        text = re.sub(r'<aside class="toc-drawer[^"]*"([^>]*)>.*?</aside>',
                      r'<aside class="toc-drawer no-toc"\1></aside>', text, flags=re.S)
        text = text.replace(" toc-header-icon\"", " toc-header-icon no-toc\"").replace(
            " toc-content-icon\"", " toc-content-icon no-toc\"")
        start = text.index('<article role="main" id="furo-main-content">')
        start = text.index(">", start) + 1
        end = text.index("</article>", start)
        self.head, self.tail = text[:start], text[end:]
        self.lang, self.langs = lang, langs
        self._depths: dict[int, tuple[str, str]] = {}

    def page(self, path: str, title: str, body: str, head_extra: str = "") -> str:
        """The page at `path` (relative to the edition's folder)."""
        head, tail = self._at_depth(path.count("/"))
        for lang in self.langs:     # the switcher and the alternates: the same page elsewhere
            head = head.replace(f'/{lang}/index.html"', f'/{lang}/{path}"')
        head = re.sub(r"<title>.*?</title>", f"<title>{e(title)}</title>", head, count=1, flags=re.S)
        head = head.replace("</head>", head_extra + "</head>", 1)
        return head + body + tail

    def _at_depth(self, depth: int) -> tuple[str, str]:
        """Head and tail with every relative address moved `depth` folders down (one
        rewrite per depth, not per page: the shell is most of each page's bytes). Kept
        on the instance, not in an lru_cache, so a shell is freed with its build."""
        if depth not in self._depths:
            self._depths[depth] = self._moved(depth)
        return self._depths[depth]

    def _moved(self, depth: int) -> tuple[str, str]:
        up = "../" * depth

        def move(match):
            attr, ref = match.groups()
            if _ABSOLUTE.match(ref):
                return match.group(0)
            return f'{attr}{up}{ref}"'
        head = _REF.sub(move, self.head)
        tail = _REF.sub(move, self.tail)
        head = head.replace('data-content_root="./"', f'data-content_root="{up or "./"}"')
        # The master document is "current" in the sidebar of index.html; here nothing is.
        head = head.replace(' current-page"', '"').replace(' class="current reference internal" href="#"',
                                                             ' class="reference internal" href="'
                                                             + up + 'index.html"')
        return head, tail
