"""``python -m tfclock report``: the ``tfclock`` command itself. The command
lives in C (report/cli/cli.c) and the extension runs it, so the options,
messages, output bytes and exit status (0 when the logs were read — failed
deployments included —, 1 when an input cannot be read at all, 2 on usage
errors) are the executable's by construction."""
from __future__ import annotations

import sys
from typing import Optional, Sequence

from ._tfclock import run_cli


def _run(args: Sequence[str]) -> int:
    # The C command writes to the process's file descriptors: whatever
    # Python buffered must go out first, in order.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass
    return run_cli(["tfclock", *args])


def report(argv: Sequence[str]) -> int:
    """`tfclock report ARGV…`; returns the exit status."""
    return _run(["report", *argv])


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`tfclock ARGV…` (ARGV defaults to sys.argv[1:]); returns the exit status."""
    return _run(list(sys.argv[1:] if argv is None else argv))
