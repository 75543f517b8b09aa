"""STAND-IN for nebari.hookspecs: markers, the two hook specs, NebariStage."""
from __future__ import annotations

import contextlib
import pathlib
from typing import Any, Dict, List

import pluggy

hookspec = pluggy.HookspecMarker("nebari")
hookimpl = pluggy.HookimplMarker("nebari")


class NebariStage:
    name: str = None  # type: ignore[assignment]
    priority: int = None  # type: ignore[assignment]
    input_schema = None
    output_schema = None

    def __init__(self, output_directory: pathlib.Path, config: Any):
        self.output_directory = output_directory
        self.config = config

    def render(self) -> Dict[pathlib.Path, str]:
        return {}

    @contextlib.contextmanager
    def deploy(self, stage_outputs: Dict[str, Dict[str, Any]], disable_prompt: bool = False):
        yield

    def check(self, stage_outputs: Dict[str, Dict[str, Any]], disable_prompt: bool = False) -> bool:
        return True

    @contextlib.contextmanager
    def destroy(self, stage_outputs: Dict[str, Dict[str, Any]], status: Dict[str, bool]):
        yield


@hookspec
def nebari_stage() -> List[NebariStage]:
    """Registers stages (classes) in nebari"""


@hookspec
def nebari_subcommand(cli) -> None:
    """Register Typer subcommand in nebari"""
