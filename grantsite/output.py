"""Stage 7, write: the only writer of site/.

Files are written into a staging folder beside the output folder as they are produced (so a large site
never sits in memory), and the staging folder replaces the output folder only when the whole build
succeeded.  After any failure the previous site is left exactly as it was.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path, PurePosixPath


# A site path as pages name them: folders and a name, no empty, '.' or '..' part, nothing that leaves the site
# (any other path goes through Staging.path, which refuses or normalises it).
_PLAIN_PATH = re.compile(r"(?!\.\.?(?:/|\Z))[^/\\\x00]+(?:/(?!\.\.?(?:/|\Z))[^/\\\x00]+)*\Z")
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)


class DuplicateOutput(Exception):
    """Two parts of the build wrote the same path: a bug in the build, never in content."""


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class Staging:
    """The folder a build writes into; paths are site-relative, POSIX style ('kk/p/2026-akmola-01/index.html').

    Used as a context manager: leaving it with an exception removes the folder; publish() swaps it in.
    """

    def __init__(self, folder: Path, out: Path | None = None):
        self.folder = folder
        self.out = out
        self.written: set[str] = set()
        self.published = False
        self._root = os.path.join(folder, "")

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if not self.published:
            shutil.rmtree(self.folder, ignore_errors=True)

    def publish(self, background: bool = False) -> None:
        """Replace the output folder by this one, atomically (the old one is removed after, in a thread if asked)."""
        _swap(self.folder, self.out, background)
        self.published = True

    def path(self, relative: str) -> Path:
        """Where a site-relative path lands, refusing anything that would escape the site."""
        rel = PurePosixPath(relative)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in relative or "\x00" in relative:
            raise UnsafePath(relative)
        return self.folder.joinpath(*rel.parts)

    def write(self, relative: str, content: str | bytes) -> None:
        """Write one file; a second write to the same path is a bug."""
        self.reserve([relative])
        self.put(relative, content)

    def reserve(self, paths) -> None:
        """Claim paths before they are written (by this process or by a worker it forks); a repeat is a bug."""
        for relative in paths:
            key = str(PurePosixPath(relative))
            if key in self.written:
                raise DuplicateOutput(key)
            self.written.add(key)

    def put(self, relative: str, content: str | bytes) -> None:
        """Write a file whose path was reserved; safe to call from a forked worker (it changes no state here)."""
        # a plain string (a build writes some 60,000 files this way; a path object cost more than the writing)
        target = self._root + relative if _PLAIN_PATH.match(relative) else str(self.path(relative))
        write_file(target, content)

    def open(self, relative: str):
        """A reserved file opened for writing in binary (a large file written piece by piece, maybe by a worker)."""
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        return open(target, "wb")

    def reuse(self, relative: str, previous: Path) -> None:
        """Take a file unchanged from the previous build: a hard link (no bytes copied), or a copy."""
        self.reserve([relative])
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(previous, target)
        except OSError:
            shutil.copyfile(previous, target)

    def copy(self, relative: str, source: Path) -> None:
        self.write(relative, Path(source).read_bytes())

    def claim(self, relative: str) -> Path:
        """Reserve a folder for a tool that writes by itself (Pagefind, MkDocs) and return its path."""
        key = str(PurePosixPath(relative))
        if key in self.written:
            raise DuplicateOutput(key)
        self.written.add(key)
        return self.path(key)


def write_file(target: str, content: str | bytes) -> None:
    """Write a file (and the folders it is in): plain system calls, cheaper than a path object and a buffered file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle = os.open(target, *_CREATE)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = os.open(target, *_CREATE)
    try:
        with memoryview(data) as rest:
            while rest:
                rest = rest[os.write(handle, rest):]
    finally:
        os.close(handle)


def replace_file(out: Path, relative: str, content: str | bytes) -> None:
    """Replace one file of a published site in place, atomically (a temporary file, then a rename): the
    preview server's quick update of the pages an editor changed; a full build follows it."""
    target = Staging(Path(out)).path(relative)  # the same refusal of paths that leave the site
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".new-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def put_in_place(out: Path, relative: str, made: Path) -> None:
    """Put a file or folder made on the same disk in place of one of a published site (the preview's refresh of
    a year's search or data): a file by one rename, a folder by two, so a reader sees the old one or the new
    one, never a mix; the old folder is removed after."""
    target = Staging(Path(out)).path(relative)  # the same refusal of paths that leave the site
    target.parent.mkdir(parents=True, exist_ok=True)
    if not made.is_dir() or not target.exists():
        os.replace(made, target)
        return
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    made.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def open_staging(out: Path) -> Staging:
    """A new staging folder beside `out` (use it in a with block, and publish() it when all is written)."""
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    return Staging(Path(tempfile.mkdtemp(prefix=f".{out.name}-new-{os.getpid()}-", dir=out.parent)), out)


@contextmanager
def staging(out: Path):
    """Yield a Staging beside `out`; on success it replaces `out` atomically, on failure it is removed."""
    with open_staging(out) as site:
        yield site
        site.publish()


def _swap(new: Path, out: Path, background: bool = False) -> None:
    """Put `new` in place of `out`: two renames, so a reader sees the old site or the new one, never a mix."""
    os.chmod(new, 0o755)
    if not out.exists():
        os.replace(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-{os.getpid()}-", dir=out.parent))
    os.replace(out, old / "site")
    os.replace(new, out)
    if background:  # a preview server shows the new site at once; tens of thousands of files go meanwhile
        threading.Thread(target=shutil.rmtree, args=(old, True), daemon=True).start()
    else:
        _remove_detached(old)


def _remove_detached(folder: Path) -> None:
    """Remove a folder in a process of its own that outlives this one: a 20,000-page site takes 10-30 s to
    delete, and nobody needs to wait for it.  Should that process die, the next build removes the folder
    as the leftover of a finished build (its name carries this build's process id)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(folder)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:  # no process to spare: remove it here
        shutil.rmtree(folder, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed; a folder of a build still running is left alone."""
    for folder in out.parent.glob(f".{out.name}-*-*-*"):
        kind, pid = folder.name[len(out.name) + 2:].split("-")[:2]
        if kind in ("new", "old") and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
