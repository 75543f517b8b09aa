"""The end of a recorded run: the text report on the console, Markdown in the
GitHub job summary, and where the logs are kept."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: GitHub refuses a step summary over 1 MiB; leave room for what others add.
SUMMARY_LIMIT = 1024 * 1024
SUMMARY_MARGIN = 16 * 1024


def _color(stream: Any) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except Exception:
        return False


def _width(stream: Any) -> int:
    try:
        if stream.isatty():
            return max(os.get_terminal_size(stream.fileno()).columns, 40)
    except Exception:
        pass
    cols = os.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) >= 40 else 100


def timeline(session: Any) -> Any:
    """The run's folder read back, each stage told what Nebari ran in it."""
    import tfclock

    tl = tfclock.Timeline()
    tl.load(os.fspath(session.folder))
    rank = {"refresh": 1, "import": 2, "apply": 3, "destroy": 4}
    ran: dict[str, str] = {}
    for call in session.calls:  # what a stage did, e.g. init + import + apply → apply
        if rank.get(call.command, 0) > rank.get(ran.get(call.stage, ""), 0):
            ran[call.stage] = call.command
    for stage, command in ran.items():
        # tl.stage() would add a stage the folder did not give: only known ones
        if any(p.stat().st_size for p in (session.folder / stage).glob("*.log")):
            tl.set_command(tl.stage(stage), command)
    tl.finish()
    return tl


def print_report(session: Any) -> None:
    out = sys.stdout
    if not session.calls:
        if not session.failed:  # else the warning has said why
            out.write(f"tfclock: no OpenTofu call was recorded during this {session.kind}\n")
            out.flush()
        return
    tl = timeline(session)
    text = tl.render("text", color=_color(out), width=_width(out))
    out.write("\n" + text)
    if not text.endswith("\n"):
        out.write("\n")
    out.write(f"tfclock: logs of this {session.kind} kept in {session.folder} "
              f"(re-read with: tfclock report {session.folder})\n")
    out.flush()
    write_step_summary(tl)


def write_step_summary(tl: Any) -> None:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY, within 1 MiB."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    p = Path(path)
    used = p.stat().st_size if p.exists() else 0
    budget = SUMMARY_LIMIT - SUMMARY_MARGIN - used
    if budget < 4096:
        from .capture import warn
        warn(f"GITHUB_STEP_SUMMARY already holds {used} bytes; no room for the tfclock summary")
        return
    data = tl.render("markdown", max_bytes=budget).encode("utf-8")
    if len(data) > budget:  # the renderer keeps to max_bytes; never trust a limit twice
        cut = data.rfind(b"\n", 0, budget - 64)
        data = data[:max(cut, 0)] + b"\n\n*(tfclock: summary truncated to fit 1 MiB)*\n"
    with open(p, "ab") as f:
        f.write(data if data.endswith(b"\n") else data + b"\n")
