"""A deploy whose stage 07 fails (stand-in Nebari; Nebari itself is not under
test): Nebari still exits with SystemExit(1), the report is still printed, the
earlier stages are complete and the failed Helm release is shown."""
from __future__ import annotations

import json
import sys

import pytest

import tfclock
from tfc_helpers import (DEPLOY_STAGES, Console, SECRET, nebari_env, op, report_start, run_nebari,
                         scenario_dirs, stage, write_config)

JUPYTERHUB = "module.jupyterhub.helm_release.jupyterhub"


@pytest.fixture(scope="module")
def failed(tmp_path_factory, fake_tofu):
    work = tmp_path_factory.mktemp("fail")
    logs = work / "logs"
    env = nebari_env(fake_tofu, ("fail-07", "deploy", "common"), TF_LOG="debug",
                     TFCLOCK_DIR=str(logs))
    return run_nebari("deploy", work, env, logs)


def test_exit_status_and_nebari_error_unchanged(failed):
    assert failed.rc == 1
    assert b"Error: OpenTofu command failed" in failed.stderr
    assert b"Traceback" not in failed.stderr
    assert b"tfclock: warning" not in failed.stderr
    assert b"Nebari deployed successfully" not in failed.stdout


def test_report_printed_after_the_failure(failed):
    start = report_start(failed.stdout)
    assert start > failed.stdout.rfind(b"[tofu]: ") > 0
    text = failed.stdout[start:].decode()
    assert "07-kubernetes-services" in text
    assert "jupyterhub" in text
    assert "08-nebari-tf-extensions" not in text  # never ran


def test_earlier_stages_complete_and_the_release_failed(failed):
    model = tfclock.parse(failed.logs)
    assert [s["name"] for s in model["stages"]] == DEPLOY_STAGES[:7]
    for name in DEPLOY_STAGES[:6]:
        assert all(o["status"] == "complete" for o in stage(model, name)["operations"]), name
    st = stage(model, "07-kubernetes-services")
    hub = op(st, JUPYTERHUB, "create")
    assert hub["status"] == "failed"
    assert "context deadline exceeded" in hub["error"]
    assert hub["elapsed_min_s"] == pytest.approx(0.8, abs=0.2)
    others = [o for o in st["operations"] if o["address"] != JUPYTERHUB]
    assert len(others) == 8 and all(o["status"] == "complete" for o in others)
    meta = json.loads((failed.logs / "07-kubernetes-services" / "apply.1.meta.json").read_text())
    assert meta["exit_code"] == 1


def test_in_process_systemexit_passes_through_unchanged(tmp_path, fake_tofu, monkeypatch):
    """The very SystemExit(1) raised by Nebari's runner reaches Nebari's caller,
    and everything the stage replaced is back afterwards."""
    from _nebari.deploy import deploy_configuration
    from _nebari.provider import opentofu
    from nebari.plugins import NebariPluginManager

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STANDIN_TOFU", str(fake_tofu))
    monkeypatch.setenv("FAKE_TOFU_REPLAYS", scenario_dirs("fail-07", "deploy", "common"))
    monkeypatch.setenv("FAKE_TOFU_SCALE", "0")
    monkeypatch.setenv("TFCLOCK_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("TFCLOCK_DISABLE", raising=False)
    runner = opentofu.run_tofu_subprocess
    stages = NebariPluginManager().ordered_stages
    assert [s.name for s in stages][:3] == ["bootstrap", "tfclock", "01-terraform-state"]
    config = json.loads(write_config(tmp_path).read_text())
    with Console() as con:
        with pytest.raises(SystemExit) as exc:
            deploy_configuration(config, stages, disable_prompt=True)
        assert sys.stdout is con.out  # the stage's stand-in for stdout is gone
    assert exc.value.code == 1
    assert opentofu.run_tofu_subprocess is runner
    data = con.stdout
    assert report_start(data) > data.rfind(b"[tofu]: ") > 0
    assert SECRET.encode() not in data + con.stderr
    assert b"tfclock: warning" not in con.stderr
