"""`nebari tfclock report DIR [OPTIONS]`: the tfclock command inside Nebari's CLI,
to re-read a folder the stage kept (every option of `tfclock report`)."""
# No `from __future__ import annotations`: typer reads the annotations at runtime.
from typing import Any

import typer


def add_commands(cli: Any) -> None:
    app = typer.Typer(name="tfclock", no_args_is_help=True,
                      help="Where did the OpenTofu stages spend their time?")

    @app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                                   "help_option_names": []})
    def report(ctx: typer.Context) -> None:
        """Report a folder of logs kept by the tfclock stage (see --help)."""
        from tfclock._cli import report as run

        raise typer.Exit(run(list(ctx.args)))

    cli.add_typer(app, name="tfclock", help="Profile the OpenTofu stages (tfclock)")
