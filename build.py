#!/usr/bin/env python3
"""Command line of the NGO state-grant priorities site: build | check | serve | import."""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from grantsite import pipeline
from grantsite.problems import ContentError, errors_in

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _report(problems) -> None:
    for problem in problems:
        print(problem)
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args) -> int:
    checked = pipeline.check(Path(args.content))
    _report(checked.problems)
    return EXIT_OK if checked.ok else EXIT_CONTENT


def cmd_build(args) -> int:
    config = pipeline.Config(content=Path(args.content), out=Path(args.out))
    try:
        checked = pipeline.build(config)
    except ContentError as err:
        _report(err.problems)
        print(f"nothing was written; {config.out} is as it was", file=sys.stderr)
        return EXIT_CONTENT
    _report(checked.problems)
    return EXIT_OK


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
