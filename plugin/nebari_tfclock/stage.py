"""The observer stage: entered first and left last in deploy and destroy, so it
sees every OpenTofu call and reports even when a stage fails half-way."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, Optional

from . import capture, summary

try:  # Nebari's public stage base class; absent when Nebari is not installed
    from nebari.hookspecs import NebariStage as _Base
except ImportError:  # pragma: no cover - exercised only without Nebari
    _Base = object  # type: ignore[assignment,misc]


def _folder(kind: str) -> Path:
    configured = os.environ.get("TFCLOCK_DIR")
    if configured:
        folder = Path(configured).expanduser()
        if folder.is_dir() and any(p.is_dir() for p in folder.iterdir()):
            capture.warn(f"TFCLOCK_DIR {folder} already holds stage folders; "
                         "their logs will be in this report too")
        return folder.absolute()
    return Path(tempfile.mkdtemp(prefix=f"tfclock-{kind}-"))


def start(kind: str, output_directory: Any) -> Optional[capture.Session]:
    """Begin recording; None when disabled or when anything went wrong."""
    if capture.disabled():
        return None
    session = None
    try:
        out = Path(output_directory) if output_directory is not None else None
        session = capture.Session(kind, _folder(kind), out)
        session.install()
        return session
    except Exception as e:
        capture.warn(f"profiling this {kind} is off: {e}")
        if session is not None:
            try:
                session.uninstall()
            except Exception:
                pass
        return None


def finish(session: Optional[capture.Session]) -> None:
    """Restore everything and print the report; never raises."""
    if session is None:
        return
    try:
        session.uninstall()
    except Exception as e:
        capture.warn(f"restoring after profiling: {e}")
    try:
        summary.print_report(session)
    except Exception as e:
        capture.warn(f"the tfclock report failed: {e}; logs are in {session.folder}")


class TfclockStage(_Base):  # type: ignore[misc,valid-type]
    """Records the OpenTofu calls of all other stages; changes nothing."""

    name = "tfclock"
    priority = 5  # after bootstrap (0), before 01-terraform-state (10)
    input_schema = None
    output_schema = None

    def __init__(self, output_directory: Any, config: Any) -> None:
        # The config holds secrets (the Keycloak root password): keep no
        # reference to it beyond what the base class does, never print it.
        if _Base is not object:
            super().__init__(output_directory, config)
        self.output_directory = output_directory

    def render(self) -> dict:
        return {}

    def check(self, stage_outputs: Any, disable_prompt: bool = False) -> bool:
        return True

    @contextlib.contextmanager
    def deploy(self, stage_outputs: Any, disable_prompt: bool = False) -> Iterator[None]:
        session = start("deploy", self.output_directory)
        try:
            yield
        finally:
            finish(session)

    @contextlib.contextmanager
    def destroy(self, stage_outputs: Any, status: Any) -> Iterator[None]:
        session = start("destroy", self.output_directory)
        try:
            yield  # the real destroys run while Nebari's ExitStack unwinds, before we resume
        finally:
            finish(session)
