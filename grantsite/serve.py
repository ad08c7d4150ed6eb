"""Preview server: build, then serve site/ on this machine (rebuilding on change comes with incremental builds)."""
from __future__ import annotations

import functools
import http.server
import sys

from . import pipeline
from .problems import ContentError


def serve(config: pipeline.Config, host: str = "127.0.0.1", port: int = 8000, watch: bool = True) -> int:
    """Build once and serve the output folder until interrupted."""
    try:
        pipeline.build(config)
    except ContentError as err:
        for problem in err.problems:
            print(problem)
        if not config.out.exists():
            return 1
        print("content has errors: serving the previous site", file=sys.stderr)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(config.out))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving {config.out} at http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
