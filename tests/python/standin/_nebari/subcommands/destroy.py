"""STAND-IN for `nebari destroy` (a nebari_subcommand hook, as in Nebari)."""
from __future__ import annotations

import json
import pathlib

import typer

from nebari.hookspecs import hookimpl


@hookimpl
def nebari_subcommand(cli: typer.Typer):
    @cli.command()
    def destroy(config_filename: pathlib.Path = typer.Option(..., "--config", "-c"),
                disable_prompt: bool = typer.Option(False, "--disable-prompt")):
        """Destroy the Nebari cluster."""
        from _nebari.destroy import destroy_configuration
        from nebari.plugins import NebariPluginManager

        config = json.loads(config_filename.read_text())
        destroy_configuration(config, NebariPluginManager().ordered_stages)
