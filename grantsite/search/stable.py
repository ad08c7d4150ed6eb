"""Pagefind's bundle made byte-identical from build to build.

Pagefind (1.5) writes its filter indexes from hash maps, so the order of filter values — and with it the
filter files' names, the language's metadata file and pagefind-entry.json — changes from run to run
(a known limitation upstream: Pagefind/pagefind#638).  This module rewrites those files in a fixed order:
filter values sorted, filters sorted by name, names derived from the content.  It reads and writes only
the small subset of CBOR those files use, and refuses (SearchIndexError) anything it does not recognise
instead of guessing, so a future Pagefind with another format fails the build loudly.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
FILTERS_AT = 3  # the metadata file is [version, pages, index chunks, filters, sorts, meta keys]


class FormatChanged(ValueError):
    """A Pagefind file that is not in the format this module knows."""


def stabilise(bundle: Path) -> None:
    """Rewrite the filter and metadata files of every language of a Pagefind bundle in a fixed order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, language in entry["languages"].items():
        language["hash"] = _stable_language(bundle, lang, language["hash"])
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          encoding="utf-8")


def _stable_language(bundle: Path, lang: str, meta_hash: str) -> str:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read(meta_path)
    if not isinstance(meta, list) or len(meta) <= FILTERS_AT or not isinstance(meta[FILTERS_AT], list):
        raise FormatChanged(f"{meta_path.name}: not a Pagefind metadata index")
    filters = []
    for item in meta[FILTERS_AT]:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise FormatChanged(f"{meta_path.name}: unexpected filter entry {item!r}")
        filters.append([item[0], _stable_filter(bundle, lang, item[1])])
    meta[FILTERS_AT] = sorted(filters)
    data = _encode(meta)
    new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
    meta_path.unlink()
    _write(bundle / f"pagefind.{new_hash}.pf_meta", data)
    return new_hash


def _stable_filter(bundle: Path, lang: str, old_hash: str) -> str:
    path = bundle / "filter" / f"{old_hash}.pf_filter"
    index = read(path)
    if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
        raise FormatChanged(f"{path.name}: not a Pagefind filter index")
    index[1] = sorted(index[1], key=lambda value: str(value[0]))
    data = _encode(index)
    new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
    path.unlink()
    _write(bundle / "filter" / f"{new_hash}.pf_filter", data)
    return new_hash


def read(path: Path):
    """The value a gzipped Pagefind index file holds (lists, strings, integers)."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatChanged(f"{path.name}: no Pagefind signature")
    body = raw[len(SIGNATURE):]
    value, end = _decode(body, 0)
    if end != len(body) or _encode(value) != body:  # only a format we can write back exactly
        raise FormatChanged(f"{path.name}: CBOR this module does not reproduce")
    return value


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + data, mtime=0))


# ---- the CBOR subset Pagefind's indexes use: integers, strings, arrays, maps (definite lengths) --------

def _decode(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 31
    n, at = _argument(data, at + 1, info)
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        chunk = data[at:at + n]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(n):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise FormatChanged(f"CBOR major type {major}")


def _argument(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise FormatChanged(f"CBOR additional information {info}")
    return int.from_bytes(data[at:at + size], "big"), at + size


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise FormatChanged(f"CBOR simple value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise FormatChanged(f"CBOR value {value!r}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise FormatChanged(f"CBOR integer {n}")
