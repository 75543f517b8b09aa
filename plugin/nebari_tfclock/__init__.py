"""nebari-tfclock: the tfclock profiler as a Nebari plugin.

Installed plugins are found through the ``nebari`` entry-point group; this
module holds the two hook implementations. The stage (``tfclock``, priority 5)
records every OpenTofu call of a deploy or destroy and prints where the time
went; ``TFCLOCK_DISABLE=1`` turns it off, ``TFCLOCK_DIR`` keeps the logs in a
chosen folder. See docs/nebari-plugin.md.
"""
from __future__ import annotations

from typing import Any

try:
    from nebari.hookspecs import hookimpl
except ImportError:  # pragma: no cover - Nebari not installed: same marker, by name
    import pluggy

    hookimpl = pluggy.HookimplMarker("nebari")

__all__ = ["nebari_stage", "nebari_subcommand"]


@hookimpl
def nebari_stage() -> list:
    # A hook that raises would stop Nebari itself: report and step aside.
    try:
        from .capture import disabled

        if disabled():
            return []
        from .stage import TfclockStage

        return [TfclockStage]
    except Exception as e:
        _warn(f"the tfclock stage is not available: {e}")
        return []


@hookimpl
def nebari_subcommand(cli: Any) -> None:
    try:
        from .cli import add_commands

        add_commands(cli)
    except Exception as e:
        _warn(f"`nebari tfclock` is not available: {e}")


def _warn(message: str) -> None:
    import sys

    try:
        sys.stderr.write(f"tfclock: warning: {message} (Nebari is not affected)\n")
    except Exception:
        pass
