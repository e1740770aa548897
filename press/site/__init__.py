"""The website's own stages, over the per-edition HTML outputs."""
