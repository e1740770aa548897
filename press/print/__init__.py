"""The print path after Sphinx: WeasyPrint in a confined fetcher, and the glyph check."""
