"""tfclock — where did a Terraform / OpenTofu deployment spend its time?

A thin layer over the C library: logs (files, stage folders, archives, "-")
in, the ``tfclock/1`` model or a report out.

    >>> import tfclock
    >>> model = tfclock.parse("logs/")                # dict, as the JSON report
    >>> print(tfclock.render("logs/", format="markdown", top=5))

``python -m tfclock report [OPTIONS] PATH...`` is the ``tfclock`` command.
"""
from __future__ import annotations

import os
from typing import Any, Optional, Union

from ._tfclock import SCHEMA, VERSION, ParseError, Parser, Tee, Timeline, formats

__all__ = ["parse", "render", "load", "formats", "parse_duration", "ParseError", "Timeline",
           "Parser", "Tee", "SCHEMA", "VERSION", "__version__"]
__version__ = VERSION

PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def load(*paths: PathArg, commands: Optional[dict[str, str]] = None, **limits: int) -> Timeline:
    """Read every path into one finished Timeline.

    ``commands`` maps stage names to what they ran ("apply", "destroy", …) when
    the caller knows better than the content; ``limits`` are Timeline's
    keyword arguments (max_line_bytes, max_warnings, …). Raises ParseError
    (with .path and .line) when a path cannot be read at all.
    """
    if not paths:
        raise TypeError("tfclock: give at least one path (\"-\" for standard input)")
    tl = Timeline(**limits)
    for path in paths:
        tl.load(path)
    for stage, command in (commands or {}).items():
        tl.set_command(tl.stage(stage), command)
    tl.finish()
    return tl


def parse(*paths: PathArg, **limits: int) -> dict[str, Any]:
    """The ``tfclock/1`` model of the logs as Python objects: the keys and
    values of ``tfclock report --format json`` (docs/json-schema.md), with
    numbers at full precision."""
    return load(*paths, **limits).to_dict()


def render(*paths: PathArg, format: str = "text", **options: Any) -> str:
    """The report of the logs in one of formats(): text, json, markdown, csv,
    html, chrome, otlp. Options are the CLI's: top, color, width, depth,
    min_duration (seconds or "1m30s"), stage, filter, sort, warn_over,
    max_bytes, traceparent."""
    return load(*paths).render(format, **_durations(options))


def parse_duration(value: Union[str, float, int]) -> float:
    """Seconds from a number ("90", 1.5) or a Go duration ("1m30s", "2h")."""
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        from ._tfclock import parse_duration as parse_text
        seconds = parse_text(value.strip())
    if not seconds >= 0:
        raise ValueError(f"not a duration: {value!r}")
    return seconds


def _durations(options: dict[str, Any]) -> dict[str, Any]:
    for key in ("min_duration", "warn_over"):
        if options.get(key) is not None:
            options[key] = parse_duration(options[key])
    return options
