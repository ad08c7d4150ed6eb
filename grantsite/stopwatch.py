"""Wall time and peak memory per pipeline stage, for the benchmark; costs nothing when nobody reads it."""
from __future__ import annotations

import resource
import time
from contextlib import contextmanager


class Stopwatch:
    """Wall time and peak memory (so far) of each stage."""

    def __init__(self):
        self.stages: dict[str, dict] = {}

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        yield
        self.add(stage, time.perf_counter() - start)

    def add(self, stage: str, seconds: float) -> None:
        """Count seconds to a stage, with the peak memory of this process and of its finished children."""
        entry = self.stages.setdefault(stage, {"seconds": 0.0, "peak_mb": 0.0, "children_peak_mb": 0.0})
        entry["seconds"] += seconds
        entry["peak_mb"] = max(entry["peak_mb"], _peak_mb(resource.RUSAGE_SELF))
        # the largest finished child so far: our forked workers, and the tools run as programs (Pagefind)
        entry["children_peak_mb"] = max(entry["children_peak_mb"], _peak_mb(resource.RUSAGE_CHILDREN))


def _peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024
