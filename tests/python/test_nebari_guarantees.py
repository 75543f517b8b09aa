"""The plugin never harms a deploy (stand-in Nebari; Nebari itself is not under
test): TFCLOCK_DISABLE=1 turns it off completely; with it on, Nebari's console
output is byte-identical apart from the report; a failure inside the profiler
is one warning line, and Nebari's output, exit status and exceptions stay as
they would be without the plugin."""
from __future__ import annotations

import json
import os

import pytest

from tfc_helpers import (Console, nebari_env, report_block, run_nebari, scenario_dirs,
                         write_config)


def fast_env(fake_tofu, scenario, **extra):
    # No TF_LOG: the fake tofu would stamp its lines with the current time.
    return nebari_env(fake_tofu, scenario, FAKE_TOFU_SCALE="0", **extra)


@pytest.mark.parametrize("scenario,rc", [(("deploy", "common"), 0),
                                         (("fail-07", "deploy", "common"), 1)])
def test_console_identical_apart_from_the_report(tmp_path, fake_tofu, scenario, rc):
    (tmp_path / "off").mkdir()
    (tmp_path / "on").mkdir()
    off = run_nebari("deploy", tmp_path / "off", fast_env(fake_tofu, scenario, TFCLOCK_DISABLE="1"))
    logs = tmp_path / "logs"
    on = run_nebari("deploy", tmp_path / "on", fast_env(fake_tofu, scenario, TFCLOCK_DIR=str(logs)))
    assert off.rc == on.rc == rc
    assert on.stderr == off.stderr
    assert b"[tofu]: " in off.stdout
    start, end = report_block(on.stdout)
    # everything Nebari printed, unchanged, with the report inserted where the stages end
    assert on.stdout[:start] + on.stdout[end:] == off.stdout
    report = on.stdout[start:end]
    assert b"[tofu]" not in report
    assert report.endswith(f"kept in {logs} (re-read with: tfclock report {logs})\n".encode())
    if rc == 0:
        assert on.stdout[end:] == off.stdout[start:] and off.stdout[start:].startswith(
            b"Nebari deployed successfully\n")


def test_disabled_means_no_trace_at_all(tmp_path, fake_tofu):
    logs = tmp_path / "logs"
    run = run_nebari("deploy", tmp_path, fast_env(fake_tofu, ("deploy", "common"),
                                                  TFCLOCK_DISABLE="1", TFCLOCK_DIR=str(logs)))
    assert run.rc == 0
    assert b"tfclock" not in run.stdout + run.stderr
    assert not logs.exists()
    from nebari.plugins import NebariPluginManager

    os.environ["TFCLOCK_DISABLE"] = "1"
    try:
        assert "tfclock" not in [s.name for s in NebariPluginManager().ordered_stages]
    finally:
        del os.environ["TFCLOCK_DISABLE"]


def test_unusable_log_folder_is_one_warning(tmp_path, fake_tofu):
    (tmp_path / "off").mkdir()
    (tmp_path / "on").mkdir()
    off = run_nebari("deploy", tmp_path / "off",
                     fast_env(fake_tofu, ("deploy", "common"), TFCLOCK_DISABLE="1"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should go")
    on = run_nebari("deploy", tmp_path / "on",
                    fast_env(fake_tofu, ("deploy", "common"), TFCLOCK_DIR=str(blocker)))
    assert on.rc == off.rc == 0
    assert on.stdout == off.stdout
    warnings = on.stderr[len(off.stderr):] if on.stderr.startswith(off.stderr) else on.stderr
    assert warnings.count(b"\n") == 1 and warnings.startswith(b"tfclock: warning: ")
    assert on.stderr.replace(warnings, b"") == off.stderr


def deploy_in_process(tmp_path, monkeypatch, fake_tofu, scenario, disable):
    """One stand-in deploy in this process: (stdout, stderr, exception)."""
    from _nebari.deploy import deploy_configuration
    from nebari.plugins import NebariPluginManager

    work = tmp_path / ("off" if disable else "on")
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("STANDIN_TOFU", str(fake_tofu))
    monkeypatch.setenv("FAKE_TOFU_REPLAYS", scenario_dirs(*scenario))
    monkeypatch.setenv("FAKE_TOFU_SCALE", "0")
    monkeypatch.setenv("TFCLOCK_DIR", str(work / "logs"))
    if disable:
        monkeypatch.setenv("TFCLOCK_DISABLE", "1")
    else:
        monkeypatch.delenv("TFCLOCK_DISABLE", raising=False)
    config = json.loads(write_config(work).read_text())
    error = None
    with Console() as con:
        try:
            deploy_configuration(config, NebariPluginManager().ordered_stages, disable_prompt=True)
        except BaseException as e:  # noqa: B036 - what Nebari's caller would see
            error = e
    return con.stdout, con.stderr, error


def boom(*args, **kwargs):
    raise RuntimeError("injected failure")


@pytest.mark.parametrize("target", [
    "nebari_tfclock.capture.Session.install",      # before the yield
    "nebari_tfclock.capture.Session._write_meta",  # during every OpenTofu call
    "nebari_tfclock.summary.timeline",             # in the finally, after Nebari's work
])
@pytest.mark.parametrize("scenario", [("deploy", "common"), ("fail-07", "deploy", "common")])
def test_injected_exception_changes_nothing(tmp_path, fake_tofu, monkeypatch, target, scenario):
    off_out, off_err, off_exc = deploy_in_process(tmp_path, monkeypatch, fake_tofu, scenario, True)
    monkeypatch.setattr(target, boom)
    on_out, on_err, on_exc = deploy_in_process(tmp_path, monkeypatch, fake_tofu, scenario, False)
    assert type(on_exc) is type(off_exc)
    if off_exc is not None:
        assert isinstance(off_exc, SystemExit) and on_exc.code == off_exc.code == 1
    assert on_out == off_out  # nothing recorded, so no report either
    warnings = [l for l in on_err.splitlines() if l.startswith(b"tfclock: warning: ")]
    assert len(warnings) == 1 and b"injected failure" in warnings[0]
    assert [l for l in on_err.splitlines() if not l.startswith(b"tfclock:")] == off_err.splitlines()
    from _nebari.provider import opentofu
    assert not getattr(opentofu.run_tofu_subprocess, "_tfclock_wrapped", False)
