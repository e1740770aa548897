"""The error a user can act on. Every stage raises it; the CLI prints it without a
traceback. Here, at the bottom, so that every module of core can raise it too."""


class BuildError(Exception):
    """An error the user can act on; the CLI prints it without a traceback."""
