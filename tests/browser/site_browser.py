"""What the browser tests share: the sub-path server, Debian chromium's settings, a tab that records
console errors and blocks (and records) every request to another host, and a tab kept on a search page."""
from __future__ import annotations

import http.server
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/prefix/"  # the site is served below a sub-path: every link must be relative to work there
ARTIFACTS = ROOT / "test-artifacts"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at PREFIX only, and the site's own 404.html for anything missing."""

    def translate_path(self, path):
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "\x00missing")
        return super().translate_path("/" + clean[len(PREFIX):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@dataclass
class Tab:
    """A page of the browser with what it saw: console errors, page errors and requests to other hosts."""

    page: object
    base: str
    errors: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def open(self, path: str = "", wait: str = "load"):
        """Go to a site path (relative to the prefix) with a clean record; return the response."""
        self.errors.clear()
        self.outside.clear()
        self.requests.clear()
        return self.page.goto(self.base + path, wait_until=wait)

    def axe(self) -> list[dict]:
        """The axe-core violations of the WCAG 2.1 A and AA rules on the page as it is."""
        # evaluated by the browser's debugger, not added as an inline <script> the site's CSP would refuse
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
            " resultTypes: ['violations']})")
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def make_tab(browser, server, viewport: dict, **options) -> Tab:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    tab = Tab(page, server)

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    page.on("request", lambda req: tab.requests.append(req))
    return tab


# ---- the search page ---------------------------------------------------------------------------

def pid(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def settled(page, q: str) -> None:
    """Wait until the page shows the results of q and its filters' lists are filled (they come second)."""
    page.wait_for_function(
        "q => { const box = document.getElementById('search-results');"
        " return box.dataset.query === q && !box.hasAttribute('aria-busy')"
        " && document.getElementById('search-filters').hasAttribute('data-listed'); }", arg=q)


class SearchPage:
    """A tab kept on one language's search page; each search is typed into the box and submitted."""

    def __init__(self, tab, lang: str):
        self.tab, self.lang = tab, lang
        tab.open(f"{lang}/search/")
        settled(tab.page, "")

    @property
    def page(self):
        return self.tab.page

    def wait(self, q: str):
        self.page.wait_for_function(
            "q => { const box = document.getElementById('search-results');"
            " return box.dataset.query === q && !box.hasAttribute('aria-busy'); }", arg=q)

    def search(self, q: str) -> list[str]:
        """Type a search, press Enter, and return the priority ids of the results in rank order."""
        self.page.fill("#search-q", q)
        self.page.press("#search-q", "Enter")
        self.wait(q)
        return self.ids()

    def ids(self) -> list[str]:
        return [pid(h) for h in self.page.eval_on_selector_all(
            "#search-results li h2 a", "links => links.map(a => a.getAttribute('href'))")]
