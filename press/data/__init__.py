"""The partnership data: loading and checks (pandas), charts (matplotlib) and maps."""
