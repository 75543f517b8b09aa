"""STAND-IN for _nebari.provider.opentofu: module-global run_tofu_subprocess,
looked up by every helper at call time (so replacing it intercepts all)."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _nebari.utils import run_subprocess_cmd

logger = logging.getLogger(__name__)
OPENTOFU_VERSION = "1.8.3"


def download_opentofu_binary(version=OPENTOFU_VERSION):
    # Nebari downloads to <tempdir>/opentofu/<version>/tofu; the stand-in never
    # downloads: the tests point STANDIN_TOFU at their fake tofu.
    path = os.environ.get("STANDIN_TOFU")
    return Path(path) if path else Path(tempfile.gettempdir()) / "opentofu" / version / "tofu"


def run_tofu_subprocess(processargs, exit_on_error=True, **kwargs):
    tofu_path = download_opentofu_binary()
    exit_code = run_subprocess_cmd([str(tofu_path)] + processargs, **kwargs)
    if exit_on_error and exit_code != 0:
        logger.error("Error: OpenTofu command failed")
        sys.exit(1)
    return exit_code


def deploy(directory, tofu_init=True, tofu_import=False, tofu_apply=True, tofu_destroy=False,
           input_vars=None, state_imports=()):
    with tempfile.NamedTemporaryFile(mode="w", encoding="utf-8", suffix=".tfvars.json") as f:
        json.dump(input_vars or {}, f.file)
        f.file.flush()
        if tofu_init:
            init(directory)
        if tofu_import:
            for addr, id_ in state_imports:
                tfimport(addr, id_, directory=directory, var_files=[f.name])
        if tofu_apply:
            apply(directory, var_files=[f.name])
        if tofu_destroy:
            destroy(directory, var_files=[f.name])
        return output(directory)


def init(directory=None, upgrade=True):
    command = ["init"] + (["-upgrade"] if upgrade else [])
    run_tofu_subprocess(command, cwd=directory, prefix="tofu")


def apply(directory=None, targets=None, var_files=None):
    command = (["apply", "-auto-approve"] + ["-target=" + t for t in targets or []]
               + ["-var-file=" + v for v in var_files or []])
    run_tofu_subprocess(command, cwd=directory, prefix="tofu")


def destroy(directory=None, targets=None, var_files=None):
    command = (["destroy", "-auto-approve"] + ["-target=" + t for t in targets or []]
               + ["-var-file=" + v for v in var_files or []])
    run_tofu_subprocess(command, cwd=directory, prefix="tofu")


def tfimport(addr, id_, directory=None, var_files=None):
    command = ["import"] + ["-var-file=" + v for v in var_files or []] + [addr, id_]
    run_tofu_subprocess(command, cwd=directory, prefix="tofu", exit_on_error=False)


def output(directory=None):
    # As in Nebari, `output -json` bypasses the runner.
    tofu_path = download_opentofu_binary()
    text = subprocess.check_output([str(tofu_path), "output", "-json"], cwd=directory)
    return json.loads(text.decode("utf-8") or "{}")
