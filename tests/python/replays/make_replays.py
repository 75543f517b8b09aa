#!/usr/bin/env python3
"""Writes the fake tofu's replays: a Nebari-shaped deploy (eight OpenTofu stages,
the Helm releases Nebari installs), its destroy, and a deploy whose stage 07
fails on the JupyterHub release. Times are real seconds, shortened so a whole
deploy replays in about five seconds; the texts say the same shortened times.

    python3 tests/python/replays/make_replays.py     # rewrites the *.replay files

Output bytes follow OpenTofu 1.8 with colour (no -no-color, as Nebari runs it);
TF_LOG lines (provider debug for the Helm releases) are printed by the fake
tofu only when TF_LOG is set. The tests read the expected durations back from
the replays themselves (replay_truth in conftest.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
E = "\x1b"
BASE_TS = "2026-01-15T09:00:00.000Z"  # replaced by the current time at replay

# (address, start offset, duration, id) per stage of the deploy, in seconds.
STAGES: dict[str, list[tuple[str, float, float, str]]] = {
    "01-terraform-state": [
        ("module.terraform-state.aws_s3_bucket.terraform-state", 0.05, 0.25, "nebari-tf-state"),
        ("module.terraform-state.aws_dynamodb_table.terraform-state-lock", 0.05, 0.15,
         "nebari-tf-state-lock"),
    ],
    "02-infrastructure": [
        ("module.network.aws_vpc.main", 0.05, 0.10, "vpc-0a1b2c3d"),
        ('module.network.aws_subnet.main[0]', 0.18, 0.08, "subnet-01"),
        ('module.network.aws_subnet.main[1]', 0.18, 0.09, "subnet-02"),
        ("module.kubernetes.aws_eks_cluster.main", 0.30, 0.35, "nebari-dev"),
        ('module.kubernetes.aws_eks_node_group.main["general"]', 0.70, 0.30, "nebari-dev:general"),
        ('module.kubernetes.aws_eks_node_group.main["user"]', 0.70, 0.22, "nebari-dev:user"),
        ('module.kubernetes.aws_eks_node_group.main["worker"]', 0.70, 0.26, "nebari-dev:worker"),
    ],
    "03-kubernetes-initialize": [
        ("module.kubernetes-initialization.kubernetes_namespace.main", 0.05, 0.05, "dev"),
        ("module.kubernetes-autoscaling[0].helm_release.autoscaler", 0.12, 0.30, "cluster-autoscaler"),
    ],
    "04-kubernetes-ingress": [
        ("module.kubernetes-ingress.kubernetes_service_account.main", 0.05, 0.04, "dev/nebari-traefik-ingress"),
        ("module.kubernetes-ingress.kubernetes_deployment.main", 0.12, 0.25, "dev/nebari-traefik-ingress"),
        ("module.kubernetes-ingress.kubernetes_service.main", 0.12, 0.08, "dev/nebari-traefik-ingress"),
    ],
    "05-kubernetes-keycloak": [
        ("module.kubernetes-keycloak-helm.random_password.keycloak-nebari-bot-password", 0.05, 0.02, "none"),
        ("module.kubernetes-keycloak-helm.helm_release.keycloak_postgresql", 0.10, 0.30, "keycloak-postgresql"),
        ("module.kubernetes-keycloak-helm.helm_release.keycloak", 0.45, 0.40, "keycloak"),
    ],
    "06-kubernetes-keycloak-configuration": [
        ("keycloak_realm.main", 0.05, 0.06, "nebari"),
        ('keycloak_group.groups["admin"]', 0.14, 0.04, "5b1c9d2e"),
        ('keycloak_group.groups["developer"]', 0.14, 0.05, "6c2d0e3f"),
    ],
    "07-kubernetes-services": [
        ("module.kubernetes-conda-store-server.module.minio.helm_release.minio", 0.05, 0.35, "nebari-conda-store-minio"),
        ("module.kubernetes-conda-store-server.module.postgresql.helm_release.postgresql", 0.05, 0.30, "nebari-conda-store-postgresql"),
        ("module.kubernetes-conda-store-server.module.redis.helm_release.redis", 0.05, 0.25, "nebari-conda-store-redis"),
        ("module.argo-workflows[0].helm_release.argo-workflows", 0.10, 0.40, "argo-workflows"),
        ("module.monitoring[0].helm_release.prometheus-grafana", 0.10, 0.55, "nebari-kube-prometheus-sta"),
        ("module.grafana-loki[0].helm_release.loki-minio", 0.45, 0.20, "nebari-loki-minio"),
        ("module.grafana-loki[0].helm_release.grafana-loki", 0.70, 0.25, "nebari-loki"),
        ("module.grafana-loki[0].helm_release.grafana-promtail", 0.70, 0.15, "nebari-promtail"),
        ("module.jupyterhub.helm_release.jupyterhub", 0.45, 0.80, "jupyterhub"),
    ],
    "08-nebari-tf-extensions": [
        ('module.helm-extension["mlflow"].helm_release.custom-helm-deployment', 0.05, 0.30, "mlflow"),
        ("module.forwardauth.kubernetes_deployment.forwardauth-deployment", 0.05, 0.12, "dev/forwardauth-deployment"),
    ],
}

# Releases whose provider debug lines the replay carries (TF_LOG trail).
TF_LOG_RELEASES = {"jupyterhub", "keycloak", "argo-workflows"}
FAILING = "module.jupyterhub.helm_release.jupyterhub"  # in the fail-07 scenario


def bold(text: str) -> str:
    return f"{E}[0m{E}[1m{text}{E}[0m"


@dataclass
class Replay:
    lines: list[tuple[float, int, str]] = field(default_factory=list)
    exit_code: int = 0

    def at(self, t: float, text: str) -> None:
        self.lines.append((round(t, 3), len(self.lines), text))

    def write(self, path: str, comment: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# {comment} — generated by make_replays.py\n")
            for t, _, text in sorted(self.lines):
                f.write(f"{t:.3f} {text}\n")
            if self.exit_code:
                f.write(f"#exit {self.exit_code}\n")


def go_duration(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 60:
        return f"{s // 60}m{s % 60}s"
    return f"{s}s"


def tf_log(level: str, message: str) -> str:
    return f"{BASE_TS} [{level}]{' ' if len(level) == 4 else ''} {message}"


def helm_line(message: str) -> str:
    return tf_log("INFO", f"provider.terraform-provider-helm_v2.12.1_x5: 2026/01/15 09:00:00 "
                          f"[DEBUG] {message}: timestamp={BASE_TS}")


def helm_trail(r: Replay, address: str, rid: str, start: float, dur: float, ok: bool) -> None:
    name = rid  # Nebari's release names are the ids the provider reports
    if name not in TF_LOG_RELEASES:
        return
    r.at(start, tf_log("INFO", f"Starting apply for {address}"))
    r.at(start, tf_log("DEBUG", f"{address}: applying the planned Create change"))
    r.at(start + 0.01, helm_line(f"[resourceReleaseCreate: {name}] Started"))
    r.at(start + 0.02, helm_line(f"[resourceReleaseCreate: {name}] Getting helm configuration"))
    r.at(start + 0.03, helm_line(f"[resourceReleaseCreate: {name}] Getting chart"))
    r.at(start + 0.04, helm_line(f"[resourceReleaseCreate: {name}] Preparing for installation"))
    r.at(start + 0.1 * dur, helm_line(f"[resourceReleaseCreate: {name}] Installing chart"))
    r.at(start + 0.15 * dur, helm_line("creating 12 resource(s)"))
    r.at(start + 0.3 * dur, helm_line("beginning wait for 12 resources with timeout of 5m0s"))
    r.at(start + 0.5 * dur, helm_line(f"Deployment is not ready: dev/{name}. 0 out of 1 expected pods are ready"))
    if ok:
        ms = int(dur * 1000) - 5
        r.at(start + dur - 0.004, tf_log(
            "TRACE", "provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
            "@module=sdk.proto diagnostic_error_count=0 diagnostic_warning_count=0 "
            f"tf_proto_version=5.4 tf_provider_addr=registry.terraform.io/hashicorp/helm "
            f"tf_req_duration_ms={ms} tf_req_id=0b9c1c7e-{name} tf_resource_type=helm_release "
            f"tf_rpc=ApplyResourceChange timestamp={BASE_TS}"))
    else:
        r.at(start + dur - 0.004, helm_line(
            f"[resourceReleaseCreate: {name}] Release was created but returned an error"))


def plan_header(r: Replay, resources, verb: str, action_word: str) -> None:
    r.at(0.0, "")
    r.at(0.0, "OpenTofu used the selected providers to generate the following execution")
    r.at(0.0, "plan. Resource actions are indicated with the following symbols:")
    sym = f"  {E}[32m+{E}[0m create" if verb == "create" else f"  {E}[31m-{E}[0m destroy"
    r.at(0.0, sym)
    r.at(0.0, "")
    r.at(0.0, "OpenTofu will perform the following actions:")
    for address, *_ in resources:
        r.at(0.0, "")
        r.at(0.0, f"{E}[1m  # {address}{E}[0m will be {action_word}")
    r.at(0.0, "")
    n = len(resources)
    r.at(0.01, f"{E}[1mPlan:{E}[0m " + (f"{n} to add, 0 to change, 0 to destroy." if verb == "create"
                                      else f"0 to add, 0 to change, {n} to destroy."))
    r.at(0.01, "")


def heartbeats(r: Replay, address: str, start: float, end: float, verb: str, rid: str = "") -> None:
    t = start + 1.0
    while t < end - 0.05:
        idpart = f"id={rid}, " if rid else ""
        r.at(t, bold(f"{address}: Still {verb}... [{idpart}{int(round(t - start))}s elapsed]"))
        t += 1.0


def apply_replay(stage: str, fail: bool = False) -> Replay:
    r = Replay()
    resources = STAGES[stage]
    plan_header(r, resources, "create", "created")
    end_all = 0.0
    failed_end = None
    for address, start, dur, rid in resources:
        end = start + dur
        r.at(start, bold(f"{address}: Creating..."))
        ok = not (fail and address == FAILING)
        if "helm_release" in address:
            helm_trail(r, address, rid, start, dur, ok)
        heartbeats(r, address, start, end, "creating")
        if ok:
            r.at(end, bold(f"{address}: Creation complete after {go_duration(dur)} [id={rid}]"))
        else:
            failed_end = end
        end_all = max(end_all, end)
    t = end_all + 0.02
    if fail:
        red = f"{E}[31m"
        bar = f"{red}│{E}[0m "
        diag = [
            f"{red}╷{E}[0m{E}[0m",
            f"{bar}{E}[0m{E}[1m{red}Error: {E}[0m{E}[0m{E}[1mcontext deadline exceeded{E}[0m",
            f"{bar}{E}[0m",
            f"{bar}{E}[0m{E}[0m  with {FAILING},",
            f"{bar}{E}[0m  on modules/kubernetes/services/jupyterhub/main.tf line 98, in resource "
            f"\"helm_release\" \"jupyterhub\":",
            f"{bar}{E}[0m  98: resource \"helm_release\" \"jupyterhub\" {E}[4m{{{E}[0m",
            f"{bar}{E}[0m",
            f"{red}╵{E}[0m{E}[0m",
        ]
        assert failed_end is not None
        for text in diag:
            r.at(max(t, failed_end + 0.01), text)
        r.exit_code = 1
    else:
        n = len(resources)
        r.at(t, f"{E}[0m{E}[1m{E}[32m")
        r.at(t, f"Apply complete! Resources: {n} added, 0 changed, 0 destroyed.{E}[0m")
    return r


def destroy_replay(stage: str) -> Replay:
    r = Replay()
    resources = list(reversed(STAGES[stage]))
    plan_header(r, resources, "destroy", "destroyed")
    t = 0.05
    for address, _, dur, rid in resources:
        d = round(max(0.03, dur / 3), 3)
        r.at(t, bold(f"{address}: Destroying... [id={rid}]"))
        r.at(t + d, bold(f"{address}: Destruction complete after {go_duration(d)}"))
        t += d + 0.01
    r.at(t + 0.01, f"{E}[0m{E}[1m{E}[32m")
    r.at(t + 0.01, f"Destroy complete! Resources: {len(resources)} destroyed.{E}[0m")
    return r


def init_replay() -> Replay:
    r = Replay()
    r.at(0.0, "")
    r.at(0.0, f"{E}[0m{E}[1mInitializing the backend...{E}[0m")
    r.at(0.01, "")
    r.at(0.01, f"{E}[0m{E}[1mInitializing provider plugins...{E}[0m")
    r.at(0.02, "- Finding hashicorp/helm versions matching \"2.12.1\"...")
    r.at(0.03, "- Using previously-installed hashicorp/helm v2.12.1")
    r.at(0.04, "")
    r.at(0.04, f"{E}[0m{E}[1m{E}[32mOpenTofu has been successfully initialized!{E}[0m{E}[32m{E}[0m")
    return r


def main() -> None:
    init_replay().write(os.path.join(HERE, "common", "_default", "init.replay"), "tofu init -upgrade")
    for stage in STAGES:
        apply_replay(stage).write(os.path.join(HERE, "deploy", stage, "apply.replay"),
                                  f"{stage}: tofu apply")
        destroy_replay(stage).write(os.path.join(HERE, "destroy", stage, "destroy.replay"),
                                    f"{stage}: tofu destroy")
    apply_replay("07-kubernetes-services", fail=True).write(
        os.path.join(HERE, "fail-07", "07-kubernetes-services", "apply.replay"),
        "07-kubernetes-services: tofu apply, the JupyterHub release times out")


if __name__ == "__main__":
    main()
