"""Pieces of the Nebari plugin on their own: the stage a call belongs to, what
is kept of its arguments, the job-summary budget, a reused TFCLOCK_DIR. (The
stand-in Nebari is used where a deploy is needed; Nebari is not under test.)"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import tfclock
from nebari_tfclock import capture, summary
from tfc_helpers import Console, scenario_dirs, write_config


@pytest.mark.parametrize("cwd,expected", [
    ("{out}/stages/01-terraform-state/aws", "01-terraform-state"),
    ("{out}/stages/07-kubernetes-services", "07-kubernetes-services"),
    ("stages/02-infrastructure/local", "02-infrastructure"),            # relative to the cwd
    ("/elsewhere/stages/08-nebari-tf-extensions/x", "08-nebari-tf-extensions"),
    ("/srv/terraform/my-stage", "my-stage"),
    ("/srv/odd name/st*ge", "st_ge"),
    (None, "{cwdname}"),
])
def test_stage_of_a_call(tmp_path, monkeypatch, cwd, expected):
    monkeypatch.chdir(tmp_path)
    out = tmp_path
    if cwd is not None:
        cwd = cwd.format(out=out)
    assert capture.stage_of(cwd, out) == expected.format(cwdname=tmp_path.name)
    assert capture.stage_of(Path(cwd) if cwd else None, None) == expected.format(
        cwdname=tmp_path.name)


def test_arguments_kept_without_secrets():
    argv = capture.redact_argv(["apply", "-auto-approve", "-var=password=hunter2",
                                b"-var-file=/tmp/x.tfvars.json", Path("-target=module.a"),
                                "-var", "token=abc", "-lock=false"])
    assert argv == ["apply", "-auto-approve", "-var=<redacted>",
                    "-var-file=/tmp/x.tfvars.json", "-target=module.a",
                    "-var", "<redacted>", "-lock=false"]
    assert capture.safe_name("../..", "x") == "x"
    assert capture.safe_name("a/b c", "x") == "a_b_c"


@pytest.fixture
def timeline(tmp_path):
    log = tmp_path / "apply.log"
    log.write_text("".join(
        f"2024-05-01T10:00:{i % 60:02d}.0000000Z module.m{i}.aws_instance.x: Creating...\n"
        f"2024-05-01T10:01:{i % 60:02d}.0000000Z module.m{i}.aws_instance.x: "
        "Creation complete after 1m0s [id=i-1]\n" for i in range(300)))
    return tfclock.load(log)


def test_step_summary_keeps_within_one_mib(tmp_path, timeline, monkeypatch):
    path = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    summary.write_step_summary(timeline)
    alone = path.read_bytes()
    assert b"module.m" in alone and len(alone) < summary.SUMMARY_LIMIT
    # an almost full summary: what is appended fits in what is left
    room = 8000
    earlier = b"x" * (summary.SUMMARY_LIMIT - summary.SUMMARY_MARGIN - room - 1) + b"\n"
    path.write_bytes(earlier)
    assert len(alone) > room  # else the case proves nothing
    summary.write_step_summary(timeline)
    data = path.read_bytes()
    assert data.startswith(earlier)
    assert 0 < len(data) - len(earlier) <= room + 1
    assert len(data) < summary.SUMMARY_LIMIT


def test_full_step_summary_is_a_warning(tmp_path, timeline, monkeypatch):
    path = tmp_path / "summary.md"
    path.write_bytes(b"y" * (summary.SUMMARY_LIMIT - 100))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    with Console() as con:
        summary.write_step_summary(timeline)
    assert path.stat().st_size == summary.SUMMARY_LIMIT - 100
    assert con.stderr.startswith(b"tfclock: warning: GITHUB_STEP_SUMMARY already holds")
    assert con.stderr.count(b"\n") == 1


def test_reused_log_folder_numbers_calls_after_earlier_ones(tmp_path, fake_tofu, monkeypatch):
    from _nebari.deploy import deploy_configuration
    from nebari.plugins import NebariPluginManager

    monkeypatch.chdir(tmp_path)
    logs = tmp_path / "logs"
    monkeypatch.setenv("STANDIN_TOFU", str(fake_tofu))
    monkeypatch.setenv("FAKE_TOFU_REPLAYS", scenario_dirs("deploy", "common"))
    monkeypatch.setenv("FAKE_TOFU_SCALE", "0")
    monkeypatch.setenv("TFCLOCK_DIR", str(logs))
    monkeypatch.delenv("TFCLOCK_DISABLE", raising=False)
    config = json.loads(write_config(tmp_path).read_text())
    stages = [s for s in NebariPluginManager().ordered_stages
              if s.name in ("tfclock", "06-kubernetes-keycloak-configuration")]
    errs = []
    for _ in range(2):
        with Console() as con:
            deploy_configuration(config, stages, disable_prompt=True)
        errs.append(con.stderr)
    folder = logs / "06-kubernetes-keycloak-configuration"
    assert sorted(p.name for p in folder.glob("*.meta.json")) == [
        "apply.1.meta.json", "apply.2.meta.json", "init.1.meta.json", "init.2.meta.json"]
    assert json.loads((folder / "apply.2.meta.json").read_text())["call"] == 2
    assert errs[0] == b""
    assert errs[1].startswith(b"tfclock: warning: TFCLOCK_DIR") and errs[1].count(b"\n") == 1
    st = tfclock.parse(logs)["stages"][0]
    assert len(st["operations"]) == 6  # both runs, as the warning said


def test_no_runner_to_observe_is_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(capture, "RUNNERS", (("_nebari.provider.nonexistent", "run"),))
    monkeypatch.setenv("TFCLOCK_DIR", str(tmp_path / "logs"))
    from nebari_tfclock import stage as stage_mod

    with Console() as con:
        session = stage_mod.start("deploy", tmp_path)
        stage_mod.finish(session)
    assert session is None
    assert con.stdout == b""
    assert con.stderr.startswith(b"tfclock: warning: profiling this deploy is off: no Nebari")
    assert con.stderr.count(b"\n") == 1
    assert os.environ.get("TFCLOCK_DISABLE") is None
