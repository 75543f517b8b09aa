"""STAND-IN for Nebari's built-in stages: names, priorities and the folders
their OpenTofu runs in (01 and 02 add /<provider>); 10 and 11 run no OpenTofu."""
from __future__ import annotations

import contextlib
from pathlib import Path

from _nebari.provider import opentofu
from nebari.hookspecs import NebariStage, hookimpl


class BootstrapStage(NebariStage):
    name = "bootstrap"
    priority = 0


class NebariTerraformStage(NebariStage):
    per_provider = False

    @property
    def stage_prefix(self) -> Path:
        prefix = Path("stages") / self.name
        return prefix / self.config["provider"] if self.per_provider else prefix

    @property
    def directory(self) -> Path:
        path = Path(self.output_directory) / self.stage_prefix
        path.mkdir(parents=True, exist_ok=True)  # what `nebari render` would have written
        return path

    def input_vars(self, stage_outputs):
        return {"name": self.config.get("project_name", "nebari")}

    @contextlib.contextmanager
    def deploy(self, stage_outputs, disable_prompt=False):
        stage_outputs[str(self.stage_prefix)] = opentofu.deploy(
            directory=str(self.directory), input_vars=self.input_vars(stage_outputs))
        yield

    @contextlib.contextmanager
    def destroy(self, stage_outputs, status):
        stage_outputs[str(self.stage_prefix)] = opentofu.deploy(
            directory=str(self.directory), input_vars=self.input_vars(stage_outputs),
            tofu_init=True, tofu_apply=False, tofu_destroy=False)
        yield
        opentofu.deploy(directory=str(self.directory), input_vars=self.input_vars(stage_outputs),
                        tofu_init=True, tofu_apply=False, tofu_destroy=True)
        status[self.name] = True


def _stage(name, priority, per_provider=False):
    return type(name, (NebariTerraformStage,),
                {"name": name, "priority": priority, "per_provider": per_provider})


class KustomizeStage(NebariStage):
    """No OpenTofu: what 10-kubernetes-kuberhealthy and 11-… look like to a plugin."""


STAGES = [
    BootstrapStage,
    _stage("01-terraform-state", 10, per_provider=True),
    _stage("02-infrastructure", 20, per_provider=True),
    _stage("03-kubernetes-initialize", 30),
    _stage("04-kubernetes-ingress", 40),
    _stage("05-kubernetes-keycloak", 50),
    _stage("06-kubernetes-keycloak-configuration", 60),
    _stage("07-kubernetes-services", 70),
    _stage("08-nebari-tf-extensions", 80),
    type("10-kubernetes-kuberhealthy", (KustomizeStage,),
         {"name": "10-kubernetes-kuberhealthy", "priority": 100}),
    type("11-kubernetes-kuberhealthy-healthchecks", (KustomizeStage,),
         {"name": "11-kubernetes-kuberhealthy-healthchecks", "priority": 110}),
]


@hookimpl
def nebari_stage():
    return STAGES
