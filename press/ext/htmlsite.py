"""HTML site: the theme's layout gains the draft banner, and a small stylesheet the
proofreading marks (`.untranslated`) and fact boxes."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _add_paths(app, config):
    # Our templates go first so that layout.html extends the theme's ("!layout.html").
    config.templates_path = [str(PACKAGE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(PACKAGE / "static")]


def _edition_title(app, config):
    """The site's title and name in the edition's language (conf.py has the English msgid)."""
    from press.i18n.labels import label

    config.html_title = config.project = label(config.language, config.press_title)


def setup(app):
    app.connect("config-inited", _add_paths)
    app.connect("config-inited", _edition_title, priority=600)
    app.add_css_file("press.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
