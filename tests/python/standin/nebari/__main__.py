"""STAND-IN for the `nebari` command: python -m nebari deploy|destroy|…"""
import sys

import typer

from nebari.plugins import NebariPluginManager


def create_cli() -> typer.Typer:
    app = typer.Typer(name="nebari", add_completion=False, no_args_is_help=True)
    NebariPluginManager().plugin_manager.hook.nebari_subcommand(cli=app)
    return app


if __name__ == "__main__":
    sys.exit(create_cli()())
