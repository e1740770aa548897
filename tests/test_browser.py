"""The website in a real browser: Debian's Chromium driven by Playwright (never a browser
Playwright downloads), the site served from 127.0.0.1 by the test itself. Also axe-core
(WCAG 2.1 AA) on one page of each kind per edition and the Nu HTML Checker on every page.
Screenshots are saved under _build/screenshots/ to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import KOSICE, REPO

from press.site import checks

LANGS = ("sk", "cs", "en")
SHOTS = REPO / "_build" / "screenshots"
# One page of each kind; a later issue that adds a kind of page adds it here.
KINDS = {"chapter": "chapters/alpha.html", "case": f"cases/{KOSICE}.html",
         "search": "search.html?q=partner", "404": "no-such-page.html",
         "board": "board/index.html", "board-form": "board/add.html"}


@pytest.fixture(scope="module")
def site(site_project) -> Path:
    missing = checks.missing_tools()
    assert not missing, f"missing {missing}: make test installs them (tools/bootstrap.sh)"
    return site_project / "_build" / "site"


@pytest.fixture()
def page(browser, base):
    """A page whose every request is recorded; none may leave the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sk-SK")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    outside = [u for u in page.requests
               if not u.startswith(base.rsplit("/", 2)[0]) and not u.startswith("data:")]
    context.close()
    assert outside == [], "requests that left the site"


FINISHED = ("() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.innerText.length > 0; }")


def url(base: str, lang: str | None, path: str) -> str:
    return base + (f"{lang}/" if lang else "") + path


def test_landing_page_offers_the_editions_and_preselects_the_readers_language(browser, base):
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    page.goto(base)
    first = page.locator("ul.editions > li").first
    assert first.get_attribute("lang") == "cs"
    assert "suggested" in first.get_attribute("class")
    page.get_by_role("link", name="Slovenčina: Čítať toto vydanie").click()
    page.wait_for_url("**/sk/index.html")
    assert page.locator("html").get_attribute("lang") == "sk"
    context.close()


def test_switching_language_on_a_chapter_lands_on_the_same_chapter(page, base):
    page.goto(url(base, "sk", "chapters/alpha.html"))
    page.locator('nav.press-languages a[lang="cs"]').click()
    page.wait_for_url("**/cs/chapters/alpha.html")
    assert page.locator("html").get_attribute("lang") == "cs"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/chapters/alpha.html")


def test_keyboard_skip_link_visible_focus_switcher_and_search(page, base):
    page.goto(url(base, "sk", "chapters/alpha.html"))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), "
                            "getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "Preskočiť na obsah"
    assert focused[1] != "none", "the focused skip link shows its focus"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#furo-main-content"
    # The switcher without a mouse: tab to Čeština, Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('lang')") == "cs":
            break
    else:
        pytest.fail("the language switcher cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/cs/chapters/alpha.html")
    # Search without a mouse: the search box is reachable with Tab; Enter searches.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("partner")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cs/search.html?q=partner*")
    page.wait_for_function(FINISHED, timeout=10_000)
    assert page.locator("#search-results ul li").count() > 0
    summary = page.locator("#search-results .search-summary").inner_text()
    assert "Search finished" not in summary and "Vyhledávání" in page.content()


@pytest.mark.parametrize("lang", ["sk", "cs"])
def test_searching_kosice_finds_the_kosice_case(page, base, lang):
    page.goto(url(base, lang, "search.html?q=Kosice"))
    page.wait_for_function(FINISHED, timeout=10_000)
    hrefs = page.locator("#search-results ul li a").evaluate_all("as => as.map(a => a.href)")
    assert any(f"cases/{KOSICE}.html" in h for h in hrefs), hrefs


def test_no_request_leaves_the_site_on_any_kind_of_page(page, base):
    page.goto(base)
    for lang in LANGS:
        for path in KINDS.values():
            page.goto(url(base, lang, path))
            page.wait_for_load_state("networkidle")
    assert len(page.requests) > 20
    assert any(u.endswith(".woff2") for u in page.requests), "the text face is loaded"
    # (the fixture asserts that every request went to the local server)


def test_a_phone_375_px_wide_never_scrolls_sideways(browser, base):
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        targets = {"landing": base} | {f"sk-{k}": url(base, "sk", p) for k, p in KINDS.items()}
        for lang in ("cs", "en"):
            targets |= {f"{lang}-{k}": url(base, lang, p) for k, p in KINDS.items()}
        for name, address in targets.items():
            page.goto(address)
            page.wait_for_load_state("networkidle")
            if width == 375:
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    wide[name] = overflow
            if name.startswith(("landing", "sk-")):
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        context.close()
    assert wide == {}


def test_axe_finds_no_wcag_21_aa_violation_on_each_kind_of_page(page, base):
    found = {}
    targets = [base] + [url(base, lang, p) for lang in LANGS for p in KINDS.values()]
    for address in targets:
        page.goto(address)
        page.wait_for_load_state("networkidle")
        violations = checks.axe(page)
        if violations:
            found[address.removeprefix(base)] = violations
    assert found == {}


def test_axe_can_fail(page, base):
    page.goto(base)
    page.evaluate("document.documentElement.removeAttribute('lang');"
                  "document.body.append(document.createElement('img'))")
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in checks.axe(page)}


def test_the_nu_html_checker_finds_no_error_on_any_page(site, tmp_path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    assert checks.vnu(pages) == []
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=sk><title>x</title><p><div></p>")
    assert checks.vnu([broken]), "the checker reports a broken page"


def test_a_missing_page_answers_404_in_the_readers_edition_first(page, base):
    response = page.goto(url(base, "cs", "chapters/no-such-chapter.html"))
    assert response.status == 404
    assert page.locator("main > section").first.get_attribute("lang") == "cs"
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator("main > h1").count() == 1
    page.get_by_role("link", name="Partnerství měst").click()
    page.wait_for_url("**/cs/index.html")
