"""``python -m tfclock report``: the ``tfclock`` command (report/cli/main.c) with
the same options, messages and exit status — 0 when the logs were read (failed
deployments included), 1 when an input cannot be read at all, 2 on usage
errors."""
from __future__ import annotations

import argparse
import os
import sys
from typing import IO, NoReturn, Optional, Sequence

from . import VERSION, ParseError, Parser, Timeline, parse_duration
from ._tfclock import otlp_post

USAGE = """\
Usage: tfclock report [OPTIONS] PATH...

Where did a terraform / tofu apply or destroy spend its time? Reads plain,
-json and TF_LOG logs from files, stage folders, archives (.zip, .tar.*)
or '-' (standard input) and reports stages, operations and durations.

Options:
  -f, --format FORMAT    text (default), json, markdown, csv, html, chrome, otlp
  -o, --output FILE      write the report to FILE instead of standard output
  -n, --top N            slowest operations listed per stage (default 10)
      --depth N          module depth for roll-ups, 0 = full path (default 1)
      --min-duration D   hide completed operations shorter than D (e.g. 5, 1m30s)
      --stage NAME       only this stage
      --filter GLOB      only addresses matching GLOB (e.g. 'module.eks.*')
      --sort KEY         duration (default), start or address
      --no-color         never colour (NO_COLOR is honoured too)
      --color            colour even when not writing to a terminal
      --tee              copy standard input to standard output unchanged while
                         parsing; the report goes to stderr or --output
      --github           append the markdown report to $GITHUB_STEP_SUMMARY and
                         print ::error / ::warning annotations
      --warn-over D      with --github: warn about operations longer than D
      --otlp-endpoint URL  also POST the OTLP trace to URL (/v1/traces)
  -h, --help             show this help
  -V, --version          show the version

Exit status: 0 when the logs were read (failed deployments included),
1 when an input cannot be read at all, 2 on usage errors.
"""

FORMATS = ("text", "json", "markdown", "csv", "html", "chrome", "otlp")


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse with the C command's usage messages instead of its own."""

    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _usage_error(message: str) -> int:
    sys.stderr.write(f"tfclock: {message}\nTry 'tfclock report --help'.\n")
    return 2


def _whole(text: str, option: str) -> int:
    if not text.isdigit():
        raise _Usage(f"{option} wants a whole number{' ≥ 0' if option == '--depth' else ''}, "
                     f"not '{text}'")
    return int(text)


def _seconds(text: str, option: str, example: str) -> float:
    try:
        return parse_duration(text)
    except ValueError:
        raise _Usage(f"{option} wants seconds or a duration like {example}, not '{text}'") from None


def _arguments() -> _Parser:
    p = _Parser(prog="tfclock report", add_help=False, allow_abbrev=False)
    p.add_argument("-f", "--format")
    p.add_argument("-o", "--output")
    p.add_argument("-n", "--top")
    p.add_argument("--depth")
    p.add_argument("--min-duration")
    p.add_argument("--stage")
    p.add_argument("--filter")
    p.add_argument("--sort")
    p.add_argument("--no-color", dest="color", action="store_const", const=0, default=-1)
    p.add_argument("--color", dest="color", action="store_const", const=1)
    p.add_argument("--tee", action="store_true")
    p.add_argument("--github", action="store_true")
    p.add_argument("--warn-over")
    p.add_argument("--otlp-endpoint")
    p.add_argument("-h", "--help", action="store_true")
    p.add_argument("-V", "--version", action="store_true")
    p.add_argument("paths", nargs="*")
    return p


def _want_color(stream: IO[bytes], forced: int) -> bool:
    if forced >= 0:
        return bool(forced)
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _term_width(stream: IO[bytes]) -> int:
    try:
        if os.isatty(stream.fileno()):
            cols = os.get_terminal_size(stream.fileno()).columns
            if cols > 0:
                return cols
    except (AttributeError, OSError, ValueError):
        pass
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    return 100


def _read_stdin_tee(tl: Timeline) -> None:
    """'-' with --tee: read here in chunks, echoed before they are parsed."""
    parser = Parser(tl, "stdin", "-")
    src, out = sys.stdin.buffer, sys.stdout.buffer
    read = getattr(src, "read1", src.read)
    while True:
        chunk = read(1 << 16)
        if not chunk:
            break
        out.write(chunk)
        out.flush()
        parser.feed(chunk)
    parser.finish()


def _print_warnings(model: dict) -> None:
    for st in model["stages"]:
        for w in st["warnings"][:3]:
            sys.stderr.write(f"tfclock: warning: {w['source']}:{w['line']}: {w['message']}\n")
        if st["warnings_total"] > 3:
            sys.stderr.write(f"tfclock: warning: {st['name']}: {st['warnings_total'] - 3} "
                             "more warnings in the report\n")


def _write(path: Optional[str], fallback: IO[bytes], data: bytes) -> int:
    try:
        if path:
            with open(path, "wb") as f:
                f.write(data)
        else:
            fallback.write(data)
            fallback.flush()
    except OSError as e:
        sys.stderr.write(f"tfclock: cannot write {path or 'the report'}: {e.strerror or e}\n")
        return 1
    return 0


def report(argv: Sequence[str]) -> int:
    try:
        a = _arguments().parse_args(list(argv))
        if a.help:
            sys.stdout.write(USAGE)
            return 0
        if a.version:
            sys.stdout.write(f"tfclock {VERSION}\n")
            return 0
        opts: dict = {}
        if a.format is not None:
            if a.format not in FORMATS:
                raise _Usage(f"unknown format '{a.format}' (text, json, markdown, csv, html, "
                             "chrome, otlp)")
            opts["format"] = a.format
        if a.top is not None:
            opts["top"] = _whole(a.top, "--top")
        if a.depth is not None:
            opts["depth"] = _whole(a.depth, "--depth")
        if a.min_duration is not None:
            opts["min_duration"] = _seconds(a.min_duration, "--min-duration", "1m30s")
        if a.sort is not None:
            if a.sort not in ("duration", "start", "address"):
                raise _Usage(f"--sort wants duration, start or address, not '{a.sort}'")
            opts["sort"] = a.sort
        if a.warn_over is not None:
            opts["warn_over"] = _seconds(a.warn_over, "--warn-over", "10m")
        if not a.paths:
            raise _Usage("no PATH given (use - for standard input)")
    except _Usage as e:
        return _usage_error(str(e))
    opts["stage"] = a.stage
    opts["filter"] = a.filter

    report_to = sys.stderr.buffer if a.tee and not a.output else sys.stdout.buffer
    opts["color"] = False if (a.output and a.color != 1) else _want_color(report_to, a.color)
    opts["width"] = _term_width(report_to)
    opts["traceparent"] = os.environ.get("TRACEPARENT")

    status = 0
    tl = Timeline()
    for path in a.paths:
        try:
            if path == "-" and a.tee:
                _read_stdin_tee(tl)
            else:
                tl.load(path)
        except ParseError as e:
            sys.stderr.write(f"tfclock: {e}\n")
            status = 1
        except MemoryError:
            sys.stderr.write(f"tfclock: out of memory reading {path}\n")
            return 1
    tl.finish()
    _print_warnings(tl.to_dict())

    sys.stdout.flush()
    try:
        text = tl.render(**opts)
    except (ParseError, MemoryError):
        sys.stderr.write("tfclock: cannot render the report (out of memory)\n")
        status = 1
    else:
        if _write(a.output, report_to, text.encode("utf-8")) != 0:
            status = 1
    if a.github:
        sys.stdout.flush()
        gh = dict(opts, format="markdown")
        if tl.github(**gh) != 0:
            status = 1
    if a.otlp_endpoint:
        try:
            body = tl.render(**dict(opts, format="otlp")).encode("utf-8")
            otlp_post(a.otlp_endpoint, body)
        except OSError as e:
            sys.stderr.write(f"tfclock: --otlp-endpoint {a.otlp_endpoint}: {e}\n")
            status = 1
        except (ParseError, MemoryError):
            sys.stderr.write("tfclock: cannot render the OTLP trace\n")
            status = 1
    return status


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.stderr.write(USAGE)
        return 2
    if args[0] in ("--help", "-h", "help"):
        sys.stdout.write(USAGE)
        return 0
    if args[0] in ("--version", "-V"):
        sys.stdout.write(f"tfclock {VERSION}\n")
        return 0
    if args[0] == "report":
        return report(args[1:])
    return _usage_error(f"unknown command '{args[0]}' (did you mean 'tfclock report {args[0]}'?)")

