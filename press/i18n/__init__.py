"""Languages: catalogs and the translators' tools, the toolchain's labels, names, typography."""
