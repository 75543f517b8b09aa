"""STAND-IN for _nebari.utils.run_subprocess_cmd: stderr merged into stdout,
every line written to sys.stdout.buffer with a "[prefix]: " in front, flushed
per line, then a bare colour reset; returns the exit code."""
from __future__ import annotations

import subprocess
import sys


def run_subprocess_cmd(processargs, prefix=b"", capture_output=False, **kwargs):
    line_prefix = f"[{prefix}]: ".encode("utf-8") if prefix else b""
    kwargs.pop("timeout", None)
    kwargs.pop("strip_errors", None)
    process = subprocess.Popen(processargs, **kwargs, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE if capture_output else subprocess.STDOUT)
    output = []
    for line in iter(process.stdout.readline, b""):
        full_line = line_prefix + line
        if capture_output:
            output.append(full_line)
        else:
            sys.stdout.buffer.write(full_line)
            sys.stdout.flush()
    process.stdout.close()
    exit_code = process.wait()
    if not capture_output:
        sys.stdout.buffer.write(b"\x1b[0m")
        sys.stdout.flush()
    return exit_code
