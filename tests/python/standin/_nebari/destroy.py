"""STAND-IN for _nebari.destroy.destroy_configuration: one ExitStack; entering a
stage's destroy runs init + output, the real destroy runs as the stack unwinds."""
from __future__ import annotations

import contextlib
import pathlib


def destroy_configuration(config, stages):
    stage_outputs, status = {}, {}
    with contextlib.ExitStack() as stack:
        for stage in stages:
            try:
                stack.enter_context(
                    stage(output_directory=pathlib.Path.cwd(), config=config).destroy(
                        stage_outputs, status))
            except Exception as e:
                status[stage.name] = False
                print(f"ERROR: stage={stage.name} failed due to {e}. Due to stages depending "
                      "on each other we can only destroy stages that occur before this stage")
                break
    for name, ok in status.items():
        if not ok:
            print(f"ERROR: not all nebari stages were destroyed properly: {name}")
    return status
