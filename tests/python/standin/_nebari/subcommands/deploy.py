"""STAND-IN for `nebari deploy` (a nebari_subcommand hook, as in Nebari)."""
from __future__ import annotations

import json
import pathlib

import typer

from nebari.hookspecs import hookimpl


@hookimpl
def nebari_subcommand(cli: typer.Typer):
    @cli.command()
    def deploy(config_filename: pathlib.Path = typer.Option(..., "--config", "-c"),
               disable_prompt: bool = typer.Option(False, "--disable-prompt"),
               disable_checks: bool = typer.Option(False, "--disable-checks")):
        """Deploy the Nebari cluster from your config file."""
        from _nebari.deploy import deploy_configuration
        from nebari.plugins import NebariPluginManager

        config = json.loads(config_filename.read_text())
        deploy_configuration(config, NebariPluginManager().ordered_stages,
                             disable_prompt=disable_prompt, disable_checks=disable_checks)
