"""axe-core's WCAG 2.2 AA rules on a page, for every browser test (one helper, not one per module).

axe_playwright_python's `Axe.run` sends the whole axe script (about 550 KB) from Python through
Playwright's driver to Chromium with `page.evaluate` on every call. Here a browser context gets it
once, at its first check, as an init script: Chromium then runs it in each document the context
opens, before the page's own scripts, and a check only injects it (as before) into a document that
was already open when the context got it."""
from __future__ import annotations

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}
_AXE = Axe()
_LOADED = "typeof window.axe === 'object' && typeof window.axe.run === 'function'"


def axe_results(page, context=None) -> AxeResults:
    """axe's results for the page's current document (or the part `context` selects)."""
    browser_context = page.context
    if not getattr(browser_context, "axe_installed", False):
        browser_context.add_init_script(script=_AXE.axe_script)
        browser_context.axe_installed = True
    if not page.evaluate(_LOADED):
        page.evaluate(_AXE.axe_script)
    args = _AXE._format_script_args(context=context, options=AXE_OPTIONS)
    return AxeResults(page.evaluate("axe.run(%s).then(results => {return results;})" % args))


def assert_accessible(page, context=None):
    # A click that submits a form may still be navigating: axe on a page being torn down
    # fails with "reading 'documentElement'" rather than judging the page.
    page.wait_for_load_state("load")
    results = axe_results(page, context)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
