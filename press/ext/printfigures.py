"""Figures for one format: the statistical maps, inline in print and as files elsewhere.

```{print-maps}``` puts the two maps of press.data.figures.statmaps (where the
Slovak and Czech municipalities with partners are; where their partners are) into the
page as numbered figures with captions that state their point. Each figure holds the
map twice: inline markup for the print book (`print-only`) and an <img> of the same SVG
file with its alt text for the website and the EPUB (`screen-only`). Inline, the two
maps (about 320 kB of markup) would push the page past the website's 250 kB budget of
HTML+CSS+JS; as files they are loaded like any picture. A `screen-only` container
likewise keeps anything only the website shows out of the print book.
Which is which is decided per builder, after reading, so one doctree serves both.
"""
from __future__ import annotations


from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

PRINT_BUILDERS = ("print",)


class svg_figure(nodes.General, nodes.Element):
    """An SVG drawing inlined by the HTML writer; `svg` holds the markup."""


def visit_svg_html(self, node: svg_figure) -> None:
    self.body.append(node["svg"])
    raise nodes.SkipNode


def skip_node(self, node) -> None:
    raise nodes.SkipNode


class PrintMaps(SphinxDirective):
    """```{print-maps}```: the two statistical maps of the print book."""

    def run(self) -> list[nodes.Node]:
        from press.data.figures import statmaps
        from press.ext import edition
        from press.ext.datafigures import _dataset, _identify, _image, _publish, _untranslatable

        ds = _dataset(self.env)
        if ds is None:
            return []
        project = edition(self).project
        lang = self.config.language
        result = []
        alts = {"home-map": statmaps.home_map_alt(statmaps.home_points(ds), lang, ds.locales),
                "partner-map": statmaps.partner_map_alt(statmaps.partner_country_counts(ds), lang,
                                                        ds.names, ds.locales)}
        for kind, draw in (("home-map", statmaps.home_map_file),
                           ("partner-map", statmaps.partner_map_file)):
            path, caption = draw(project, ds, lang)
            self.env.note_dependency(str(path))
            figure = nodes.figure(classes=["stat-map", kind])
            figure += svg_figure(svg=path.read_text(encoding="utf-8"), classes=["print-only"])
            figure += _image(_publish(self.env, path, lang), alts[kind],
                             ["screen-only", "stat-map"])
            figure += nodes.caption(text=caption)
            _identify(self, figure, f"figure-{kind}")
            result.append(_untranslatable(figure))
        return result


class KeepFormat(SphinxPostTransform):
    """Drop `screen-only` nodes from the print book and `print-only` ones elsewhere."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        printing = self.app.builder.name in PRINT_BUILDERS
        drop = "screen-only" if printing else "print-only"
        for node in list(self.document.findall(nodes.Element)):
            if drop in node.get("classes", ()) and node.parent is not None:
                node.parent.remove(node)


def setup(app):
    app.add_node(svg_figure, html=(visit_svg_html, None), latex=(skip_node, None),
                 text=(skip_node, None), man=(skip_node, None), texinfo=(skip_node, None))
    app.add_directive("print-maps", PrintMaps)
    app.add_post_transform(KeepFormat)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
