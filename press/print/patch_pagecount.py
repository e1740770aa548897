"""Count WeasyPrint's page layouts (calls of `layout.page.make_page`).

Quarantined patch of a private internal, written for WeasyPrint 70.0: `remake_page`
calls the module-global `make_page` once per page it lays out, so a wrapper there
counts every layout, the first and every re-layout that a forward `target-counter`
forces. The count is what the page map (pagemap.py) is meant to bring down to one
layout per page, and the build reports it. The wrapper changes nothing else.
"""
from __future__ import annotations

WRITTEN_FOR = "70."


class PatchError(RuntimeError):
    pass


_count = [0]


def install() -> None:
    import weasyprint
    from weasyprint.layout import page

    if not weasyprint.__version__.startswith(WRITTEN_FOR):
        raise PatchError(
            f"press/print/patch_pagecount.py was written for WeasyPrint {WRITTEN_FOR}x and "
            f"this is {weasyprint.__version__}: check that layout/page.py still calls the "
            "module-global make_page once per page layout, then update WRITTEN_FOR")
    original = getattr(page, "make_page", None)
    if original is None or not callable(original):
        raise PatchError("WeasyPrint's layout.page.make_page is gone: update "
                         "press/print/patch_pagecount.py")
    if getattr(original, "press_counted", False):
        return

    def make_page(*args, **kwargs):
        _count[0] += 1
        return original(*args, **kwargs)

    make_page.press_counted = True
    page.make_page = make_page


def layouts() -> int:
    """Page layouts made in this process since it started."""
    return _count[0]
