"""Case records, the pages generated from them, and the assembled Sphinx source tree."""
