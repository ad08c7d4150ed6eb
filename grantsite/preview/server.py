"""Preview server: build, serve the site on this machine, and rebuild when content/ or templates/ change.

Changes are found by polling the files' sizes and modification times (no extra dependency, works on every
file system).  A rebuild takes what it can from the cache, kept in memory between rebuilds: first a quick
build that brings the pages up to date (the edited page is visible within a second or two), then a full
incremental build that refreshes the data package and the search index.  Content with errors is never
published: the problems are printed and the previous site is still served.
"""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path

from jinja2 import TemplateError

from .. import cache as caching, pipeline
from ..content import ContentError
from .quick import prepare, refresh_data, refresh_search, update_pages

POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.2  # an editor saving several files at once: wait until they are all written


class Watcher:
    """The files below some folders, by size and modification time."""

    def __init__(self, folders):
        self.folders = [Path(f) for f in folders]
        self.seen = self.snapshot()

    def snapshot(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for folder in self.folders:
            _scan(folder, found)
        return found

    def changed(self) -> list[str]:
        """The files added, changed or removed since the last call."""
        now = self.snapshot()
        paths = sorted(p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p))
        self.seen = now
        return paths


def _scan(folder: Path, found: dict) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # editors' swap files and our own temporary files
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(Path(entry.path), found)
            else:
                st = entry.stat()
                found[entry.path] = (st.st_size, st.st_mtime_ns)
        except OSError:
            continue  # removed while we looked


class Preview:
    """The builds of one preview session; the cache stays in memory between them."""

    def __init__(self, config: pipeline.Config, out=sys.stdout, err=sys.stderr):
        self.config = config
        self.cache = caching.Cache(config.cache)
        self.out, self.err = out, err
        self.built = False

    def rebuild(self) -> bool:
        """Bring the site up to date; on content or template errors say why and keep the previous site."""
        start = time.perf_counter()
        try:
            if self.built:  # pages first, so the edit shows at once; the year's search, then the rest follow
                changed = update_pages(self.config, self.cache)
                self._say(f"pages rebuilt in {time.perf_counter() - start:.1f} s; refreshing search")
                if refresh_search(self.config, self.cache, changed):
                    self._say(f"search of the edited years refreshed in {time.perf_counter() - start:.1f} s; "
                              "refreshing their data")
                if refresh_data(self.config, self.cache, changed):
                    self._say(f"data of the edited years refreshed in {time.perf_counter() - start:.1f} s; "
                              "refreshing the all-years data and summary pages")
            checked = pipeline.build(self.config, cache=self.cache, background=self.built)
            if not self.built:
                prepare(self.config)  # so that the first edit's quick update finds its templates compiled
        except ContentError as error:
            for problem in error.problems:
                print(problem, file=self.out)
            self._say("content has errors: serving the previous site")
            return False
        except TemplateError as error:
            self._say(f"template error: {error.message or type(error).__name__}: serving the previous site")
            return False
        except OSError as error:  # disk full, no permission: the machine's, said in one line
            self._say(f"could not write the site: {error.strerror or error}: serving the previous site")
            return False
        finally:
            self.cache.forget_unused()
        for problem in checked.problems:  # warnings: published, and worth seeing while editing
            print(problem, file=self.out)
        self.built = True
        self._say(f"site rebuilt in {time.perf_counter() - start:.1f} s")
        return True

    def _say(self, text: str) -> None:
        print(text, file=self.err, flush=True)


def watch_loop(preview: Preview, stop: threading.Event, poll: float = POLL_SECONDS) -> None:
    """Rebuild after every change in content/ or templates/ until stop is set."""
    watcher = Watcher([preview.config.content, preview.config.templates])
    while not stop.wait(poll):
        changed = watcher.changed()
        if not changed:
            continue
        time.sleep(SETTLE_SECONDS)
        watcher.changed()
        preview._say(f"changed: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}")
        preview.rebuild()


def serve(config: pipeline.Config, host: str = "127.0.0.1", port: int = 8000, watch: bool = True) -> int:
    """Build once, then serve the output folder (rebuilding on change) until interrupted."""
    preview = Preview(config)
    if not preview.rebuild() and not config.out.exists():
        return 1
    handler = functools.partial(_QuietHandler, directory=str(config.out))
    stop = threading.Event()
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving {config.out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)",
              file=sys.stderr, flush=True)
        try:
            if watch:
                watch_loop(preview, stop)
            else:
                stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The standard handler, without a log line per request (the terminal is for build messages)."""

    def log_message(self, format, *args):
        pass
