"""The Jinja environment pages are rendered with: autoescape on, undefined names as errors, and what makes
rendering 20,000 pages cheap (plain calls, plain globals, UI strings compiled in, compiled templates kept).
"""
from __future__ import annotations

from pathlib import Path
from types import FunctionType, MethodType

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.runtime import Context
from markupsafe import Markup

from ..check import TABLES, table_schema
from ..jsontext import dumps
from ..model import change_id, windows, word_diff
from . import markdown
from .calls import offset_label
from .changelog import change_field
from .charts import bars as chart_bars, chart as funding_chart, page_charts
from .downloads import downloads
from .pages import flagged, total
from .svgchart import bar_chart
from .views import view_path


def environment(templates: Path, reload: bool = True) -> Environment:
    """Jinja2 with autoescape on and undefined names as errors.

    reload: look at each template's file again before each use (a long-lived environment, as the preview
    server keeps, sees an edit); a build's own environment lives for one build and need not.
    """
    env = _Environment(loader=FileSystemLoader(str(templates)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=reload)
    env.filters["md"] = markdown.block
    env.filters["mdi"] = markdown.inline
    env.filters["jsonld"] = json_script
    env.globals.update(total=total, flagged=flagged, downloads=downloads, table_names=TABLES, table_schema=table_schema,
                       call_windows=windows, call_offset=offset_label, word_diff=word_diff, change_id=change_id,
                       change_field=change_field, bar_chart=bar_chart, chart_bars=chart_bars, funding_chart=funding_chart,
                       page_charts=page_charts, view_of=view_path)
    return env


class PlainCalls(Context):
    """Jinja's template context, calling a plain function as it is.

    Before each call in a template Jinja looks whether the function asks for the context (pass_context and
    its kin); a page makes some 150 calls, and the looking cost more than most of them.  Here the answer is
    kept per function (per class for callable objects), so each is looked at once.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        kind = type(__obj)
        if kind is MethodType:
            key = __obj.__func__
        else:
            key = __obj if kind is FunctionType or isinstance(__obj, type) else kind
        plain = _PLAIN.get(key)
        if plain is None:
            plain = _PLAIN[key] = not (hasattr(__obj, "jinja_pass_arg") or hasattr(getattr(__obj, "__call__", None),
                                                                                    "jinja_pass_arg"))
        if not plain:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


_PLAIN: dict = {}  # function, or class of a callable object → True when it takes no context


class _Environment(Environment):
    """Jinja's environment, with PlainCalls for its context and its globals as a plain dictionary.

    Jinja copies a template's globals into the context of each page, and a ChainMap (Jinja's choice, so
    that globals added later are still seen) copies slowly; here every global is set before the first
    template is loaded, and templates have none of their own.
    """

    context_class = PlainCalls

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def json_script(value) -> Markup:
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' escaped so no text can close it."""
    text = dumps(value, indent=1, sort_keys=True)  # json.dumps(…, indent=1), faster
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


class FixedStrings(Extension):
    """t("key") and t_other("key") with a literal key are the language's string itself, put in place when a
    language's template is compiled: pages then hold it as text (escaped once) instead of looking it up on
    every page, some sixty times on a priority's.  A key the language lacks is left to fail as the page is
    rendered; `t` and `t_other` must never be the names of a template's own variables.
    """

    def filter_stream(self, stream):
        tokens, out = list(stream), []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "name" and token.value in ("t", "t_other") and _a_call_of_one_string(tokens, i, out):
                text = self.environment.globals[token.value].table.get(tokens[i + 2].value)
                if isinstance(text, str):
                    out.append(Token(token.lineno, "string", text))
                    i += 4
                    continue
            out.append(token)
            i += 1
        return out


def _a_call_of_one_string(tokens: list, i: int, before: list) -> bool:
    """tokens[i] is called with a single literal string, and is a name of its own (not x.t, |t or is t)."""
    if before and (before[-1].type in ("dot", "pipe") or before[-1].test("name:is")):
        return False
    return [tok.type for tok in tokens[i + 1:i + 4]] == ["lparen", "string", "rparen"]


class CompiledTemplates(BytecodeCache):
    """Compiled templates, in memory, each with the checksum of the source it was compiled from."""

    def __init__(self):
        self.kept: dict = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.kept.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = (bucket.checksum, bucket.code)
