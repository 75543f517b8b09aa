"""The plugin during a destroy (stand-in Nebari; Nebari itself is not under test):
entering each stage runs init (and output), the real destroys run while
Nebari's ExitStack unwinds — highest priority first — and the observer stage,
entered first, reports after the last of them."""
from __future__ import annotations

import json

import pytest

import tfclock
from tfc_helpers import (DEPLOY_STAGES, REPLAYS, nebari_env, op, replay_times, report_start,
                         run_nebari, stage)


@pytest.fixture(scope="module")
def destroyed(tmp_path_factory, fake_tofu):
    work = tmp_path_factory.mktemp("destroy")
    logs = work / "logs"
    env = nebari_env(fake_tofu, ("destroy", "common"), TFCLOCK_DIR=str(logs))
    return run_nebari("destroy", work, env, logs)


def calls(logs):
    metas = [json.loads(p.read_text()) for p in logs.glob("*/*.meta.json")]
    return sorted(metas, key=lambda m: m["start"])


def test_calls_recorded_in_nebaris_order(destroyed):
    assert destroyed.rc == 0, destroyed.stderr.decode()
    order = [(m["stage"], m["command"]) for m in calls(destroyed.logs)]
    entering = [(s, "init") for s in DEPLOY_STAGES]  # init (+ output, not a runner call)
    unwinding = [(s, c) for s in reversed(DEPLOY_STAGES) for c in ("init", "destroy")]
    assert order == entering + unwinding
    assert all(m["exit_code"] == 0 for m in calls(destroyed.logs))


def test_report_after_the_last_destroy(destroyed):
    start = report_start(destroyed.stdout)
    assert start > destroyed.stdout.rfind(b"Destroy complete!") > 0
    assert destroyed.stdout[start:].count(b"destroy") >= len(DEPLOY_STAGES)


def test_every_resource_destroyed_with_replay_times(destroyed):
    model = tfclock.parse(destroyed.logs)
    assert [s["name"] for s in model["stages"]] == DEPLOY_STAGES
    for name in DEPLOY_STAGES:
        st = stage(model, name)
        assert st["command"] == "destroy"
        truth = replay_times(REPLAYS / "destroy" / name / "destroy.replay")
        assert len(st["operations"]) == len(truth)
        for address, t in truth.items():
            o = op(st, address, "delete")
            assert o["status"] == "complete"
            assert o["duration_s"] == pytest.approx(t["end"] - t["start"], abs=0.2)
    # stages finished in Nebari's destroy order: 08 first, 01 last
    ends = [stage(model, n)["ended_at"] for n in DEPLOY_STAGES]
    assert ends == sorted(ends, reverse=True)
