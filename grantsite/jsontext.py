"""Indented JSON, the bytes of json.dumps(value, ensure_ascii=False, indent=N[, sort_keys]) in a fraction of its time.

The standard library encodes indented JSON in pure Python (its C encoder only writes JSON on one line), and
the build writes hundreds of megabytes of it at 10,000 priorities.  Here each innermost object or array
(one whose values are all scalars) is encoded by the C encoder with "line break + indent" as its item
separator, and only the nesting above it is walked in Python.
"""
from __future__ import annotations

import json
from functools import lru_cache
from json import encoder as stdlib

import orjson

STEP = "  "  # the indentation of the published JSON files
# orjson writes the JSON of json.dumps(…, ensure_ascii=False, indent=2) seven times faster: the same bytes,
# but for a float Python writes with an exponent (1e-07, 6.9e-05), which it writes in another form that reads
# back to the same number (funding in thousand tenge never has one).  Dates are left to `default`.
ORJSON = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(value, indent: int = 2, default=None, sort_keys: bool = False) -> str:
    """json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent, default=default, sort_keys=sort_keys)."""
    out: list[str] = []
    _Writer(" " * indent, default, sort_keys).write(value, "", out)
    return "".join(out)


# the values json writes without a choice to make: texts, whole numbers (not yes/no) and null
SIMPLE = {str: stdlib.encode_basestring, int: int.__repr__, type(None): lambda _: "null"}


@lru_cache(maxsize=64)
def _encoder(default, sort_keys: bool, item_separator: str):
    """The standard library's one-line encoder, made once rather than at each call as json.dumps makes it."""
    plain = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=default, sort_keys=sort_keys,
                             separators=(item_separator, ": "))
    if stdlib.c_make_encoder is None:  # a Python without the C accelerator
        return plain.encode
    encode = stdlib.c_make_encoder(None, plain.default, stdlib.encode_basestring, None, ": ", item_separator,
                                   sort_keys, False, False)
    return lambda value: "".join(encode(value, 0))


class _Writer:
    def __init__(self, step: str, default, sort_keys: bool):
        self.step, self.default, self.sort_keys = step, default, sort_keys
        self.scalar = _encoder(default, sort_keys, ", ")

    def write(self, value, indent: str, out: list[str]) -> None:
        simple = SIMPLE.get(type(value))
        if simple is not None:
            out.append(simple(value))
            return
        is_dict = isinstance(value, dict)
        if not (is_dict or isinstance(value, (list, tuple))):
            out.append(self.scalar(value))
            return
        if not value:
            out.append("{}" if is_dict else "[]")
            return
        inner = indent + self.step
        for item in value.values() if is_dict else value:
            if isinstance(item, (dict, list, tuple)):
                break
        else:  # only scalars inside: one call of the C encoder, with a line break and indent between items
            text = _encoder(self.default, self.sort_keys, ",\n" + inner)(value)
            out += [text[0], "\n", inner, text[1:-1], "\n", indent, text[-1]]
            return
        if is_dict and not all(isinstance(k, str) for k in value):  # json turns other keys into text: let it
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=len(self.step),
                              default=self.default, sort_keys=self.sort_keys)
            out.append(text.replace("\n", "\n" + indent))
            return
        out.append("{\n" if is_dict else "[\n")
        pairs = (sorted(value.items()) if self.sort_keys else value.items()) if is_dict else value
        for i, item in enumerate(pairs):
            out.append(inner if i == 0 else ",\n" + inner)
            if is_dict:
                out += [stdlib.encode_basestring(item[0]), ": "]
                item = item[1]
            self.write(item, inner, out)
        out += ["\n", indent, "}" if is_dict else "]"]


def indented(value, default=None) -> bytes:
    """UTF-8 JSON indented by two spaces, without a final newline: orjson's, or dumps() for what only the
    standard encoder writes (a key that is not a text, a huge number) or refuses, as it does."""
    try:
        return orjson.dumps(value, default=default, option=ORJSON)
    except orjson.JSONEncodeError:
        return dumps(value, indent=len(STEP), default=default).encode("utf-8")


def in_array(item: bytes) -> bytes:
    """An indented JSON text as an item of an indented array: every line one level further in (a JSON text has
    no line break inside a string, so every line break is one of the layout)."""
    return item.replace(b"\n", b"\n" + STEP.encode())


def item_texts(items, indent: int = 2, default=None):
    """The text of each item of an array as array_chunks writes it (one level in, without the separator)."""
    writer, step = _Writer(" " * indent, default, False), " " * indent
    for item in items:
        out: list[str] = []
        writer.write(item, step, out)
        yield "".join(out)


def array_chunks(items, indent: int = 2, default=None):
    """The text of dumps(list(items), indent=indent) in pieces, one item at a time (for writing a large
    array to a file without holding all of it in memory)."""
    step, first = " " * indent, True
    for text in item_texts(items, indent, default):
        yield ("[\n" + step if first else ",\n" + step) + text
        first = False
    yield "[]" if first else "\n]"
