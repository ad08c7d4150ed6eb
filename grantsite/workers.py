"""Work spread over the machine's cores: forked worker processes that inherit everything the parent holds,
and Python's cycle collector kept out of the way of the large, long-lived data the build holds.

Fork (not spawn) because a worker needs the parent's whole state (the model, the templates, the cache)
and pickling that for every task would cost more than the work.  Tasks and results must be picklable;
results come back in the order of the tasks, so the output never depends on which worker was faster.
With one task, or one core, the work is done in this process: small builds (and tests) pay no fork.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from contextlib import contextmanager
from typing import Callable, Iterable

_TASK: Callable | None = None  # what a forked worker runs; set in the parent just before the fork


def cores() -> int:
    """How many processes the build may use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def fork_map(task: Callable, items: Iterable, processes: int | None = None) -> list:
    """[task(item) for item in items], spread over forked workers; the results in the items' order."""
    global _TASK
    items = list(items)
    processes = min(processes or cores(), len(items))
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    _TASK = task
    # The parent's objects are frozen out of the garbage collector's reach: a worker's collections then
    # neither walk them (time) nor write to their headers (which would copy every page of them, memory).
    # A caller that froze them already (collector_frozen, for the whole build) also thaws them.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_run, items, chunksize=1)
    finally:
        _TASK = None
        if thaw:
            gc.unfreeze()


def _run(item):
    return _TASK(item)


class Forked:
    """A function run in a forked process while this one goes on: wait() for it (what it raised is raised here),
    or stop() it.  A process, not a thread: the build forks its workers meanwhile, which a running thread forbids."""

    def __init__(self, task: Callable[[], None]):
        self._results, sender = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.get_context("fork").Process(target=_report, args=(task, sender), daemon=True)
        self._process.start()
        sender.close()

    def wait(self) -> None:
        try:
            error = self._results.recv()
        except EOFError:  # it died before it could say (killed, out of memory)
            self._process.join()  # the pipe closes before the exit code is known
            error = RuntimeError(f"a forked process ended with exit code {self._process.exitcode}")
        self._process.join()
        self._results.close()
        if error is not None:
            raise error

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()


def _report(task: Callable[[], None], sender) -> None:
    try:
        task()
    except BaseException as error:  # noqa: BLE001 (it goes to the parent, which raises it)
        try:
            sender.send(error)
        except Exception:  # an exception that cannot be pickled: its text
            sender.send(RuntimeError(f"{type(error).__name__}: {error}"))
        return
    sender.send(None)


@contextmanager
def collector_paused():
    """Python's cycle collector off while the content is read: reading leaves no cycles behind, and at
    10,000 priorities the collector's passes over the millions of objects read so far cost a fifth of the
    check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collector_frozen():
    """Everything alive now moved out of the collector's sight until the block ends: the model lives as long
    as the build, and the collector's passes while the site is written would otherwise walk it again and again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
