"""STAND-IN for _nebari.deploy.deploy_configuration: one ExitStack; each stage's
deploy entered in priority order, then its check; contexts exit in reverse.
Afterwards, like Nebari, it prints the result — Keycloak root password included."""
from __future__ import annotations

import contextlib
import pathlib


def deploy_configuration(config, stages, disable_prompt=False, disable_checks=False):
    stage_outputs = {}
    with contextlib.ExitStack() as stack:
        for stage in stages:
            s = stage(output_directory=pathlib.Path.cwd(), config=config)
            stack.enter_context(s.deploy(stage_outputs, disable_prompt))
            if not disable_checks:
                s.check(stage_outputs, disable_prompt)
    print("Nebari deployed successfully")
    password = config.get("security", {}).get("keycloak", {}).get("initial_root_password", "")
    if password:
        print(f"Kubecloak master realm username=root password={password}")
    return stage_outputs
