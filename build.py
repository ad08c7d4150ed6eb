#!/usr/bin/env python3
"""Command line of the NGO state-grant priorities site: build | check | serve | import."""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from jinja2 import TemplateError

from grantsite import pipeline
from grantsite.check import check_content, write_editions_schema, write_editor_schemas
from grantsite.content import ContentError, errors_in, load_vocabularies, shown
from grantsite.importer import run_import
from grantsite.preview import serve

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _report(problems) -> None:
    for problem in problems:
        print(problem)
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args) -> int:
    checked = check_content(Path(args.content))
    _report(checked.problems)
    return EXIT_OK if checked.ok else EXIT_CONTENT


def cmd_build(args) -> int:
    config = pipeline.Config(content=Path(args.content), out=Path(args.out), cache=_cache_beside(args.out))
    try:
        checked = pipeline.build(config)
    except ContentError as err:
        _report(err.problems)
        print(f"nothing was written; {config.out} is as it was", file=sys.stderr)
        return EXIT_CONTENT
    except TemplateError as err:  # a template being edited, not the content: say where, keep the site
        print(f"build.py: {_template_place(err)}template error: {err.message or type(err).__name__};"
              f" {config.out} is as it was", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as err:  # disk full, no permission: the machine's problem, not the content's
        print(f"build.py: could not write the site: {err.strerror or err} ({err.filename or config.out});"
              f" {config.out} is as it was", file=sys.stderr)
        return EXIT_CONTENT
    _report(checked.problems)
    return EXIT_OK


def _template_place(err: TemplateError) -> str:
    """'templates/NAME.html:LINE: ' of a template error (jinja2 puts template lines in the traceback)."""
    if getattr(err, "filename", None) and getattr(err, "lineno", None):
        return f"{shown(Path(err.filename))}:{err.lineno}: "
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith((".html", ".xml"))]
    return f"{shown(Path(frames[-1].filename))}:{frames[-1].lineno}: " if frames else ""


def _cache_beside(out: str) -> Path:
    """The incremental build cache: .cache/ beside the output folder (the repository's own for site/)."""
    return Path(out).absolute().parent / ".cache"


def cmd_schema(args) -> int:
    for path in write_editor_schemas(load_vocabularies()) + [write_editions_schema()]:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return EXIT_OK


def cmd_serve(args) -> int:
    config = pipeline.Config(content=Path(args.content), out=Path(args.out), cache=_cache_beside(args.out))
    return serve(config, host=args.host, port=args.port, watch=not args.no_watch)


def cmd_import(args) -> int:
    return run_import(Path(args.file), Path(args.out) if args.out else None, force=args.force,
                               year=args.year, issuer=args.issuer)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description=__doc__)
    top.add_argument("--debug", action="store_true", help="show a traceback when the program itself fails")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="check the content and write the site")
    build.add_argument("--content", default="content", help="folder of YEAR/ISSUER/*.yaml (default: content)")
    build.add_argument("--out", default="site", help="folder to write the site to (default: site)")
    build.set_defaults(run=cmd_build)

    check = commands.add_parser("check", help="check the content; print one line per problem")
    check.add_argument("--content", default="content", help="folder of YEAR/ISSUER/*.yaml (default: content)")
    check.set_defaults(run=cmd_check)

    schema = commands.add_parser("schema", help="rewrite the generated schemas: schema/content/*.schema.json for "
                                 "editors' YAML plugins, schema/editions.json from schema/priorities.json")
    schema.set_defaults(run=cmd_schema)

    serve_ = commands.add_parser("serve", help="build, then serve the site on this machine and rebuild on change")
    serve_.add_argument("--content", default="content", help="folder of YEAR/ISSUER/*.yaml (default: content)")
    serve_.add_argument("--out", default="site", help="folder to write the site to (default: site)")
    serve_.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve_.add_argument("--no-watch", action="store_true", help="do not rebuild when content or templates change")
    serve_.set_defaults(run=cmd_serve)

    import_ = commands.add_parser("import", help="turn an official list (.docx, a text PDF or a text export)"
                                  " into content YAML")
    import_.add_argument("file", help="the official document: .docx, a .pdf with a text layer, or a .txt text export")
    import_.add_argument("--out", help="folder to write YEAR/ISSUER files into (default: content/YEAR/ISSUER)")
    import_.add_argument("--year", type=int, help="year of the list, when the document does not say")
    import_.add_argument("--issuer", help="issuer code (folder name), when it cannot be told from the document")
    import_.add_argument("--force", action="store_true", help="overwrite files an editor has changed")
    import_.set_defaults(run=cmd_import)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # our own fault, not the editor's: say so in one line
        if args.debug:
            traceback.print_exc()
        print(f"build.py: internal error: {type(err).__name__}: {err} (run again with --debug and report it)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
