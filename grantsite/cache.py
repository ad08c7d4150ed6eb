"""The incremental build cache (.cache/): what a build may take unchanged from an earlier one.

A result is only ever found again under a key made of everything it was made from: the bytes of the
content files, of the templates, of schema/ and the vocabularies, and the code version (our own source and
the versions of the libraries that shape the output).  So the cache can make a build faster, never
different.  It holds, in memory (for `serve`, which rebuilds in the same process) and on disk:
  check/…     per list folder: its problems, its published rows and its model (see check/groups.py)
  data/…      per year: the files of that year's data package (see data/packages.py)
  manifest/…  per output folder: the data files its last build published (for serve's quick update)
  outputs/…   per output folder: for every file the last build published, the key it was made under and
              the file's size, time and inode, so that an unchanged file is hard-linked into the next build
              instead of being made again, and a file changed by hand is never taken for a cached one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FORMAT = 1  # bump when what is stored changes shape
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "frictionless", "openpyxl", "mkdocs", "pagefind")


def digest(*parts) -> str:
    """A sha256 over parts (bytes, or anything with a stable repr), each one length-prefixed."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Our own source and the versions of the libraries whose output we publish."""
    sources = [(p.relative_to(PACKAGE).as_posix(), p.read_bytes()) for p in sorted(PACKAGE.rglob("*.py"))]
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(FORMAT, sources, versions)


def folder_digest(folder: Path) -> str:
    """Every file below a folder: relative names and bytes."""
    folder = Path(folder)
    if not folder.is_dir():
        return digest("missing", str(folder))
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return digest(*[(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])


class Cache:
    """Results by key, in memory and (when a folder is given) on disk; outputs of the last build by path."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else None
        self.memory: dict[str, dict] = {}
        self.used: dict[str, set] = {}
        self.indexes: dict[str, dict] = {}  # output folder → its index (memory copy of outputs/…)
        self.files: dict[str, tuple] = {}  # content file → (signature, sha256), see file_digest

    # ---- content files ---------------------------------------------------------------------------

    def file_digest(self, path: Path, st: os.stat_result | None = None) -> str:
        """The sha256 of a file's bytes.  Remembered (in memory only) with the file's size, time and inode,
        as git's index does, so that a preview session does not read 10,000 unchanged files after each edit
        (st: the file's stat, when the caller has it)."""
        st = os.stat(path) if st is None else st
        signature = (st.st_size, st.st_mtime_ns, st.st_ino)
        known = self.files.get(str(path))
        if known is not None and known[0] == signature:
            return known[1]
        found = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        self.files[str(path)] = (signature, found)
        return found

    # ---- results -------------------------------------------------------------------------------

    def get(self, kind: str, key: str):
        """The stored result, or None."""
        self.used.setdefault(kind, set()).add(key)
        found = self.memory.get(kind, {}).get(key)
        if found is not None or self.folder is None:
            return found
        path = self._file(kind, key)
        try:
            found = pickle.loads(path.read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            return None  # absent or unreadable (a build killed while writing it): made again
        self.memory.setdefault(kind, {})[key] = found
        return found

    def put(self, kind: str, key: str, value) -> None:
        """Store a result under its key."""
        self.remember(kind, key, value)
        self.store(kind, key, value)

    def remember(self, kind: str, key: str, value) -> None:
        """Keep a result in memory only (a worker process has stored it on disk)."""
        self.used.setdefault(kind, set()).add(key)
        self.memory.setdefault(kind, {})[key] = value

    def store(self, kind: str, key: str, value) -> None:
        """Write a result to disk only: what a forked worker does with what it made."""
        if self.folder is not None:
            _write_atomic(self._file(kind, key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def forget_unused(self) -> None:
        """Drop from memory what the last build did not use (a long `serve` keeps only the current content)."""
        for kind, entries in self.memory.items():
            keep = self.used.get(kind, set())
            for key in [k for k in entries if k not in keep]:
                del entries[key]
        self.used = {}

    def prune(self, kinds=("check", "data")) -> int:
        """Delete from disk the results of these kinds that the last build did not use (an editor's every
        save leaves one behind); returns how many went.  Only after a whole build: it used all it needs."""
        if self.folder is None:
            return 0
        removed = 0
        for kind in kinds:
            keep = self.used.get(kind, set())
            for path in (self.folder / kind).glob("*/*.pickle"):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    def _file(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    # ---- outputs of the last build ---------------------------------------------------------------

    def previous(self, out: Path, relative: str, key: str) -> Path | None:
        """The file `relative` of the published output folder, if it was made under this key and is untouched."""
        entry = self._index(out).get(relative)
        if entry is None or entry[0] != key:
            return None
        path = Path(out) / relative
        try:
            st = path.stat()
        except OSError:
            return None
        return path if (st.st_size, st.st_mtime_ns, st.st_ino) == entry[1] else None

    def made_under(self, out: Path, keys: dict[str, str]) -> set[str]:
        """The files of `keys` (file → key) the last build published under the same key; unlike previous(),
        their files on disk are not looked at (20,000 stats at 10,000 priorities: most of a quick update)."""
        index = self._index(out)
        return {file for file, key in keys.items() if (entry := index.get(file)) is not None and entry[0] == key}

    def published_keys(self, out: Path) -> dict[str, str]:
        """Every file the last build (or quick update) of an output folder published, with its key."""
        return {file: entry[0] for file, entry in self._index(out).items()}

    def save_outputs(self, out: Path, keys: dict[str, str], keep: bool = False, replaced: tuple[str, ...] = (),
                     persist: bool = True) -> None:
        """After a publish: remember the key and the on-disk signature of each keyed output (keep: and of
        every output the index already knows, unchanged, but those below a folder of `replaced`; persist:
        on disk too, not only in memory)."""
        index = {name: entry for name, entry in self._index(out).items()
                 if not name.startswith(replaced)} if keep else {}
        base = os.path.join(out, "")  # a string, not a path object for each of some 100,000 files
        for relative, key in keys.items():
            try:
                st = os.stat(base + relative)
            except OSError:
                continue
            index[relative] = (key, (st.st_size, st.st_mtime_ns, st.st_ino))
        self.indexes[str(Path(out).absolute())] = index
        if self.folder is not None and persist:
            _write_atomic(self._outputs_file(out), pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))

    def _index(self, out: Path) -> dict:
        name = str(Path(out).absolute())
        if name not in self.indexes:
            index = {}
            if self.folder is not None:
                try:
                    index = pickle.loads(self._outputs_file(out).read_bytes())
                except (OSError, pickle.PickleError, EOFError, ValueError):
                    index = {}
            self.indexes[name] = index
        return self.indexes[name]

    def _outputs_file(self, out: Path) -> Path:
        return self.folder / "outputs" / f"{digest(str(Path(out).absolute()))}.pickle"


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Outputs:
    """The keyed outputs of one build into one folder: taken from the last build when their key is unchanged."""

    def __init__(self, cache: Cache, out: Path):
        self.cache = cache
        self.out = Path(out)
        self.keys: dict[str, str] = {}

    def take(self, site, relative: str, key: str) -> bool:
        """Hard-link the previous build's file into the staging folder if it was made under this key."""
        previous = self.cache.previous(self.out, relative, key)
        if previous is None:
            return False
        site.reuse(relative, previous)
        self.keys[relative] = key
        return True

    def take_all(self, site, prefix: str, key: str) -> bool:
        """Every previous file under a folder (e.g. handbook/), if all of them were made under this key."""
        index = self.cache._index(self.out)
        names = [name for name in index if name.startswith(prefix)]
        found = [(name, self.cache.previous(self.out, name, key)) for name in names]
        if not found or any(path is None for _, path in found):
            return False
        for name, path in found:
            site.reuse(name, path)
            self.keys[name] = key
        return True

    def made(self, relative: str, key: str) -> None:
        """A file this build wrote under a key."""
        self.keys[relative] = key

    def made_under(self, site, folder: str, key: str) -> None:
        """Every file a tool wrote into a folder it was given (MkDocs: handbook/), under one key."""
        top = str(site.path(folder))
        for here, folders, names in os.walk(top):  # strings, not path objects: a search bundle holds thousands of files
            folders.sort()
            inside = folder + here[len(top):].replace(os.sep, "/")
            for name in sorted(names):
                self.keys[f"{inside}/{name}"] = key

    def manifest(self):
        """The data files the last build of this folder published, or None."""
        return self.cache.get("manifest", digest(str(self.out.absolute())))

    def published(self, manifest=None) -> None:
        """After a whole build's publish: the index the next build will take files from (and the data files'
        list); the results this build did not use are deleted (it used all it needs)."""
        self.cache.save_outputs(self.out, self.keys)
        if manifest is not None:
            self.cache.put("manifest", digest(str(self.out.absolute())), manifest)
        self.cache.prune()

    def update(self, changed: dict[str, str]) -> None:
        """After files were replaced in the published folder itself: the index with their new keys, in memory.

        Not written to disk (pickling 60,000 entries was a sixth of a quick update): the full build that
        follows writes it.  Should that build never come, the disk index still names the replaced files
        with their old size, time and inode, so no later build takes them for what they were."""
        self.cache.save_outputs(self.out, changed, keep=True, persist=False)
