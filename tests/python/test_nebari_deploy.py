"""The plugin during an eight-stage deploy (stand-in Nebari; Nebari itself is not
under test): every OpenTofu call recorded per stage and command with stamped
lines, the report printed after the last stage, measured times matching the
replay's delays, the job summary written, the logs re-readable offline."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import tfclock
from tfc_helpers import (DEPLOY_STAGES, REPLAYS, SECRET, STAMP, nebari_env, op, replay_times,
                         report_block, report_start, run_nebari, stage)

EARLIER_SUMMARY = b"## An earlier step\n\nkept as it was\n"


@pytest.fixture(scope="module")
def deploy(tmp_path_factory, fake_tofu):
    work = tmp_path_factory.mktemp("deploy")
    logs = work / "tfclock-logs"
    summary = work / "step-summary.md"
    summary.write_bytes(EARLIER_SUMMARY)
    env = nebari_env(fake_tofu, ("deploy", "common"), TF_LOG="debug", TFCLOCK_DIR=str(logs),
                     GITHUB_STEP_SUMMARY=str(summary))
    run = run_nebari("deploy", work, env, logs)
    run.summary = summary  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def model(deploy):
    return tfclock.parse(deploy.logs)


def test_deploy_succeeds_and_reports_after_the_last_stage(deploy):
    assert deploy.rc == 0, deploy.stderr.decode()
    start = report_start(deploy.stdout)
    assert start > 0, deploy.stdout[-2000:].decode()
    last_tofu = deploy.stdout.rfind(b"[tofu]: ")
    assert last_tofu < start, "the report must come after every OpenTofu line"
    assert b"Apply complete! Resources: 2 added" in deploy.stdout[:start]  # stage 08's summary
    start, end = report_block(deploy.stdout)
    report = deploy.stdout[start:end].decode()
    for name in DEPLOY_STAGES:
        assert name in report
    assert f"kept in {deploy.logs}" in report
    # Nebari's own closing lines follow, as Nebari prints them after its stages
    assert deploy.stdout[end:].startswith(b"Nebari deployed successfully\n")
    assert b"tfclock" not in deploy.stderr  # no warning of any kind


def test_one_log_per_stage_and_command_with_stamped_lines(deploy):
    assert sorted(p.name for p in deploy.logs.iterdir()) == DEPLOY_STAGES
    for name in DEPLOY_STAGES:
        folder = deploy.logs / name
        assert sorted(p.name for p in folder.iterdir()) == [
            "apply.1.meta.json", "apply.log", "init.1.meta.json", "init.log"]
        for log in ("init.log", "apply.log"):
            lines = (folder / log).read_bytes().splitlines()
            assert lines, f"{name}/{log} is empty"
            for line in lines:
                assert STAMP.match(line), line
                rest = line[28:]
                # as Nebari printed it: the prefix, or the colour reset it writes after a call
                assert rest.startswith(b"[tofu]: ") or rest == b"\x1b[0m", line


def test_log_lines_are_the_console_bytes(deploy):
    """Every console line of a call is in its log, byte for byte, in order."""
    log = (deploy.logs / "07-kubernetes-services" / "apply.log").read_bytes().splitlines()
    captured = [line[28:] for line in log if line[28:].startswith(b"[tofu]: ")]
    assert len(captured) > 50
    # (the console's first line of a call starts with the previous call's colour reset)
    assert b"\n".join(captured[1:]) + b"\n" in deploy.stdout
    # ANSI colour and the interleaved TF_LOG lines came through unchanged
    assert any(b"\x1b[1m" in line for line in captured)
    assert any(b"[DEBUG] [resourceReleaseCreate: jupyterhub] Started" in line for line in captured)


def test_stamps_are_arrival_times_in_order(deploy):
    from datetime import datetime

    for name in DEPLOY_STAGES:
        meta = json.loads((deploy.logs / name / "apply.1.meta.json").read_text())
        lines = (deploy.logs / name / "apply.log").read_bytes().splitlines()
        times = [datetime.strptime(l[:26].decode(), "%Y-%m-%dT%H:%M:%S.%f").timestamp()
                 for l in lines]
        assert times == sorted(times)
        start = datetime.strptime(meta["start"][:26], "%Y-%m-%dT%H:%M:%S.%f").timestamp()
        end = datetime.strptime(meta["end"][:26], "%Y-%m-%dT%H:%M:%S.%f").timestamp()
        assert start <= times[0] and times[-1] <= end


def test_metadata_per_call_without_secrets(deploy):
    for name in DEPLOY_STAGES:
        for command in ("init", "apply"):
            meta = json.loads((deploy.logs / name / f"{command}.1.meta.json").read_text())
            assert meta["stage"] == name
            assert meta["command"] == command
            assert meta["call"] == 1
            assert meta["exit_code"] == 0
            assert meta["exception"] is None
            assert meta["argv"][0] == command
            assert meta["duration_s"] > 0
            assert meta["cwd"].endswith(name if not name.startswith(("01", "02")) else name + "/aws")
            if command == "apply":
                var_files = [a for a in meta["argv"] if a.startswith("-var-file=")]
                assert len(var_files) == 1 and var_files[0].endswith(".tfvars.json")
    for path in deploy.logs.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    # Nebari itself prints the Keycloak root password once, after its stages; the
    # plugin records only OpenTofu calls, so it reaches neither the logs nor the report.
    start, end = report_block(deploy.stdout)
    assert deploy.stdout.count(SECRET.encode()) == 1
    assert SECRET.encode() not in deploy.stdout[start:end] + deploy.stderr
    assert SECRET.encode() not in deploy.summary.read_bytes()


def test_every_stage_and_helm_release_present(model):
    assert [s["name"] for s in model["stages"]] == DEPLOY_STAGES
    releases = 0
    for name in DEPLOY_STAGES:
        st = stage(model, name)
        assert st["command"] == "apply"
        expected = replay_times(REPLAYS / "deploy" / name / "apply.replay")
        assert sorted(o["address"] for o in st["operations"]) == sorted(expected)
        for o in st["operations"]:
            assert o["status"] == "complete", o
            assert o["action"] == "create"
            assert "prefix" in o["times_from"]
        releases += sum(1 for a in expected if ".helm_release." in a)
        assert st["summary"]["added"] == len(expected)
    assert releases == 13  # 03: 1, 05: 2, 07: 9, 08: 1


def test_measured_times_agree_with_the_replay(model):
    worst = 0.0
    for name in DEPLOY_STAGES:
        st = stage(model, name)
        for address, t in replay_times(REPLAYS / "deploy" / name / "apply.replay").items():
            measured = op(st, address, "create")["duration_s"]
            expected = t["end"] - t["start"]
            worst = max(worst, abs(measured - expected))
            assert measured == pytest.approx(expected, abs=0.2), (name, address)
    print(f"largest difference between measured and replayed durations: {worst * 1000:.1f} ms")


def test_tf_log_trail_reaches_the_parser(model):
    keycloak = op(stage(model, "05-kubernetes-keycloak"),
                  "module.kubernetes-keycloak-helm.helm_release.keycloak")
    assert keycloak["helm"] is not None and keycloak["helm"]["release"] == "keycloak"
    assert keycloak["provider_s"] == pytest.approx(0.395, abs=0.001)  # tf_req_duration_ms


def test_step_summary_appended_under_one_mib(deploy):
    data = deploy.summary.read_bytes()
    assert data.startswith(EARLIER_SUMMARY)
    added = data[len(EARLIER_SUMMARY):].decode()
    assert len(data) < 1024 * 1024
    assert "07-kubernetes-services" in added and "jupyterhub" in added
    assert "|" in added  # a Markdown table


def test_logs_reread_offline_with_the_same_stages(deploy, model):
    p = subprocess.run([sys.executable, "-m", "tfclock", "report", "--format", "json",
                        str(deploy.logs)], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    offline = json.loads(p.stdout)
    assert [s["name"] for s in offline["stages"]] == DEPLOY_STAGES
    for a, b in zip(offline["stages"], model["stages"]):
        assert [o["address"] for o in a["operations"]] == [o["address"] for o in b["operations"]]


def test_nebari_tfclock_report_subcommand(deploy, fake_tofu):
    env = nebari_env(fake_tofu, ())
    p = subprocess.run([sys.executable, "-m", "nebari", "tfclock", "report", "--top", "3",
                        "--stage", "07-kubernetes-services", str(deploy.logs)],
                       capture_output=True, env=env, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    text = p.stdout.decode()
    assert "07-kubernetes-services" in text and "02-infrastructure" not in text
    assert "jupyterhub" in text
    p = subprocess.run([sys.executable, "-m", "nebari", "tfclock", "report", "--help"],
                       capture_output=True, env=env, timeout=60)
    assert p.returncode == 0 and b"--format FORMAT" in p.stdout
